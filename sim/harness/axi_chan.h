/* SPDX-License-Identifier: MIT */
/*
 * The write-address and write-data records an AXI4 slave of the device's memory port queues,
 * and the burst rules it checks, shared by the harness memory (axi_mem.c) and ra-serve (the
 * QEMU RTL backend): taking AW and W beats off struct ra_pins, and telling whether a burst is
 * one the memory port may issue (docs/rtl.md, "`ra_top` ports and parameters", AXI use).
 */
#ifndef RA_AXI_CHAN_H
#define RA_AXI_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include "ra_pins.h"

/* an accepted write address (AW) */
struct axi_aw {
	uint32_t id;
	uint64_t addr;
	unsigned len, size;	/* AWLEN (beats - 1), bytes per beat */
	uint8_t atop;		/* AWATOP, 0 for a plain write */
};

/* an accepted write-data beat (W) */
struct axi_w {
	uint64_t data[2];
	uint16_t strb;		/* masked to the data width */
	bool last;
};

/*
 * NULL if a burst of @beats beats of 2^@size_log2 bytes at @addr with burst type @burst is
 * one the memory port may issue on a bus of @data_bytes: INCR, at most the bus width per
 * beat, aligned to it, within one 4 KiB page. Otherwise what is wrong, for the error line.
 */
static inline const char *axi_burst_error(uint64_t addr, unsigned beats, unsigned size_log2,
					  unsigned burst, unsigned data_bytes)
{
	uint64_t size = 1ull << size_log2;

	if (size > data_bytes)
		return "beats wider than the bus";
	if (addr & (size - 1))
		return "address not aligned to the beat size";
	if (burst != 1)
		return "burst type not INCR";
	if ((addr & 0xfff) + beats * size > 0x1000)
		return "burst crosses a 4 KiB boundary";
	return NULL;
}

static inline void axi_aw_take(struct axi_aw *aw, const struct ra_pins *p)
{
	aw->id = p->m_awid;
	aw->addr = p->m_awaddr;
	aw->len = p->m_awlen;
	aw->size = 1u << p->m_awsize;
	aw->atop = p->m_awatop;
}

static inline void axi_w_take(struct axi_w *w, const struct ra_pins *p, unsigned data_bytes)
{
	w->data[0] = p->m_wdata[0];
	w->data[1] = p->m_wdata[1];
	w->strb = p->m_wstrb & (uint16_t)((1u << data_bytes) - 1);
	w->last = p->m_wlast;
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The host side of the device's two rings (docs/device.md, "Programming model"), for every C
 * client of the device: the co-simulation host library (sim/harness/ra_host.c), the firmware
 * (firmware/core/accel.c) and the board client (host/board/rb_dev.c). Freestanding: the
 * client supplies register and memory access as callbacks; waiting for a completion (running
 * a simulator, an interrupt, polling a serial link) stays with the client.
 *
 * Descriptors and completions are struct ra_command and struct ra_cpl with their pack and
 * unpack functions, generated from rtl/regs/ra_regs.json into ra_regs.h (as the C model uses
 * them too), so no field position is written here.
 */
#ifndef RA_RING_H
#define RA_RING_H

#include "ra_regs.h"

/*
 * Register and memory access. Each returns 0, or a non-zero error the ring functions pass
 * on. Memory is accessed in little-endian 64-bit words at 8-byte aligned addresses.
 */
struct ra_ring_io {
	void *ctx;
	int (*wr32)(void *ctx, uint32_t off, uint32_t v);
	int (*rd32)(void *ctx, uint32_t off, uint32_t *v);
	int (*mem_wr)(void *ctx, uint64_t pa, const uint64_t *w, unsigned n);
	int (*mem_rd)(void *ctx, uint64_t pa, uint64_t *w, unsigned n);
};

/* A submission ring of 2^sq_log2 descriptors and a completion ring of 2^cq_log2 entries. */
struct ra_ring {
	const struct ra_ring_io *io;
	uint64_t sq, cq;
	unsigned sq_log2, cq_log2;
	uint32_t sq_tail, cq_head;
};

/* DMA window @i covers [base, limit) (empty when limit <= base). */
static inline int ra_ring_set_window(const struct ra_ring_io *io, unsigned i, uint64_t base,
				     uint64_t limit)
{
	int rc;

	if ((rc = io->wr32(io->ctx, RA_REG_WIN_BASE_LO(i), (uint32_t)base)) ||
	    (rc = io->wr32(io->ctx, RA_REG_WIN_BASE_HI(i), (uint32_t)(base >> 32))) ||
	    (rc = io->wr32(io->ctx, RA_REG_WIN_LIMIT_LO(i), (uint32_t)limit)))
		return rc;
	return io->wr32(io->ctx, RA_REG_WIN_LIMIT_HI(i), (uint32_t)(limit >> 32));
}

/*
 * Program both rings (the device's indexes are 0 after reset, so are ours) and set
 * CTRL.ENABLE. @r's io, sq, cq and sizes are set by the caller.
 */
static inline int ra_ring_start(struct ra_ring *r)
{
	const struct ra_ring_io *io = r->io;
	int rc;

	r->sq_tail = r->cq_head = 0;
	if ((rc = io->wr32(io->ctx, RA_REG_SQ_BASE_LO, (uint32_t)r->sq)) ||
	    (rc = io->wr32(io->ctx, RA_REG_SQ_BASE_HI, (uint32_t)(r->sq >> 32))) ||
	    (rc = io->wr32(io->ctx, RA_REG_SQ_SIZE, r->sq_log2)) ||
	    (rc = io->wr32(io->ctx, RA_REG_CQ_BASE_LO, (uint32_t)r->cq)) ||
	    (rc = io->wr32(io->ctx, RA_REG_CQ_BASE_HI, (uint32_t)(r->cq >> 32))) ||
	    (rc = io->wr32(io->ctx, RA_REG_CQ_SIZE, r->cq_log2)))
		return rc;
	return io->wr32(io->ctx, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
}

/* The ring slot the next command goes to. */
static inline uint64_t ra_ring_sq_slot(const struct ra_ring *r)
{
	return r->sq + (uint64_t)RA_DESC_BYTES * r->sq_tail;
}

/* Write the descriptor words @w at the tail and ring the doorbell (SQ_TAIL). */
static inline int ra_ring_submit_words(struct ra_ring *r, const uint64_t w[RA_DESC_WORDS])
{
	const struct ra_ring_io *io = r->io;
	int rc = io->mem_wr(io->ctx, ra_ring_sq_slot(r), w, RA_DESC_WORDS);

	if (rc)
		return rc;
	r->sq_tail = (r->sq_tail + 1) & ((1u << r->sq_log2) - 1);
	return io->wr32(io->ctx, RA_REG_SQ_TAIL, r->sq_tail);
}

static inline int ra_ring_submit(struct ra_ring *r, const struct ra_command *c)
{
	uint64_t w[RA_DESC_WORDS];

	ra_command_pack(c, w);
	return ra_ring_submit_words(r, w);
}

/* *@n = completions written by the device and not yet taken. */
static inline int ra_ring_pending(const struct ra_ring *r, uint32_t *n)
{
	uint32_t tail;
	int rc = r->io->rd32(r->io->ctx, RA_REG_CQ_TAIL, &tail);

	if (!rc)
		*n = (tail - r->cq_head) & ((1u << r->cq_log2) - 1);
	return rc;
}

/* Read the completion at the head into @c and give its slot back (CQ_HEAD). */
static inline int ra_ring_take(struct ra_ring *r, struct ra_cpl *c)
{
	const struct ra_ring_io *io = r->io;
	uint64_t w[RA_CPL_WORDS];
	int rc = io->mem_rd(io->ctx, r->cq + (uint64_t)RA_CPL_BYTES * r->cq_head, w, RA_CPL_WORDS);

	if (rc)
		return rc;
	ra_cpl_unpack(w, c);
	r->cq_head = (r->cq_head + 1) & ((1u << r->cq_log2) - 1);
	return io->wr32(io->ctx, RA_REG_CQ_HEAD, r->cq_head);
}

#endif /* RA_RING_H */

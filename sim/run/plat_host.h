/* SPDX-License-Identifier: MIT */
/*
 * The firmware's platform layer on the host (co-simulation): simulated physical memory
 * (ra_mem), the device (RTL or C model through ra_dev, or none), host temporary files as the
 * swap and disk devices with deterministic fault injection, a cycle clock and a heap.
 */
#ifndef PLAT_HOST_H
#define PLAT_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "ra_dev.h"
#include "ra_mem.h"

#define PLAT_DMA_BASE 0x100000000ull	/* the device's rings and bitmaps, above managed memory */
#define PLAT_DMA_SIZE (256ull << 10)

struct plat_inject {
	double swap_read, swap_write, disk_read, disk_write;	/* failure probability per I/O */
	uint64_t seed;
};

struct plat_host_cfg {
	uint64_t mem_bytes;	/* managed memory at PA 0 */
	uint64_t swap_bytes;	/* 0: no swap device */
	uint64_t disk_bytes;	/* the disk holding the workload's files */
	struct ra_dev *dev;	/* NULL: no device */
	struct plat_inject inject;
	int verbose;		/* firmware log lines to stderr: 0 important only, 1 all */
};

/* Set up the platform (memory regions in @mem, which the device shares). 0 or -1. */
int plat_host_init(struct ra_mem *mem, const struct plat_host_cfg *cfg);
/* Release files and the firmware heap. */
void plat_host_fini(void);
/* Host access to the disk, to write files' initial content (no injection, not counted). */
int plat_host_disk_write(uint64_t blk, const void *buf);
/* Fault injection on or off (off while the oracle peeks). */
void plat_host_inject_enable(bool on);

struct plat_host_stats {
	uint64_t dev_cycles;		/* device clock cycles waited for */
	uint64_t irq_waits;
	uint64_t blk_reads[2], blk_writes[2];
	uint64_t injected[4];		/* swap read, swap write, disk read, disk write */
	uint64_t log_lines;
};
extern struct plat_host_stats plat_host_stats;

#endif

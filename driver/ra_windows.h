/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ra_windows.h - the DMA windows of a reclaim-accel device, computed from the System RAM ranges.
 *
 * A pure computation with no kernel dependency (fixed-width integers only): the driver calls it
 * at probe, and tests/unit/test_dma_windows.c checks it on the host against a brute-force
 * oracle.
 */
#ifndef RA_WINDOWS_H
#define RA_WINDOWS_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

/* Windows are 4 KiB granular (docs/device.md). */
#define RA_WIN_GRANULE		4096u

/**
 * struct ra_range - an address range [@base, @limit); empty when @limit <= @base.
 * @base: first byte.
 * @limit: first byte after the range.
 */
struct ra_range {
	uint64_t base;
	uint64_t limit;
};

/**
 * struct ra_win_report - what the windows leave out, and why.
 * @runs: separate RAM runs (after merging, clipping and rounding) that could get a window.
 * @dropped: runs left without a window because there were more runs than windows.
 * @dropped_bytes: their size.
 * @above_limit_bytes: RAM at or above the device's physical address limit.
 * @partial_bytes: RAM in granules that are only partly RAM (the ends of unaligned ranges).
 *
 * Every byte of the union of the RAM ranges is counted exactly once: in a window, or in
 * @dropped_bytes, @above_limit_bytes or @partial_bytes.
 */
struct ra_win_report {
	uint32_t runs;
	uint32_t dropped;
	uint64_t dropped_bytes;
	uint64_t above_limit_bytes;
	uint64_t partial_bytes;
};

uint32_t ra_windows_compute(struct ra_range *ram, uint32_t nram, uint64_t pa_limit,
			    struct ra_range *win, uint32_t max_win, struct ra_win_report *rep);

#endif /* RA_WINDOWS_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * ra_windows.c - DMA windows from System RAM ranges (pure: no kernel or library calls).
 *
 * The device refuses every access outside its windows, so the windows must cover RAM only:
 * a window never bridges a hole between two RAM ranges (MMIO, firmware carve-outs). Ranges that
 * overlap or touch are one run and share a window; each run is cut to whole granules (a granule
 * only partly RAM is left out) and to the device's physical address limit. With more runs than
 * windows, the largest runs get the windows (the lower address first among equal sizes) and the
 * others are left out, counted in the report.
 */

#include "ra_windows.h"

#define RA_WIN_MASK	((uint64_t)RA_WIN_GRANULE - 1)

/* Sort @r[0..@n) by base (insertion sort: there are a few tens of ranges). */
static void ra_sort_by_base(struct ra_range *r, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++) {
		struct ra_range x = r[i];

		for (j = i; j > 0 && r[j - 1].base > x.base; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

/* Drop empty ranges, sort, merge overlapping and touching ones: returns the number of runs. */
static uint32_t ra_merge_ranges(struct ra_range *r, uint32_t n)
{
	uint32_t i, m = 0;

	for (i = 0; i < n; i++)
		if (r[i].limit > r[i].base)
			r[m++] = r[i];
	ra_sort_by_base(r, m);
	n = m;
	for (i = 0, m = 0; i < n; i++) {
		if (m && r[i].base <= r[m - 1].limit) {
			if (r[i].limit > r[m - 1].limit)
				r[m - 1].limit = r[i].limit;
		} else {
			r[m++] = r[i];
		}
	}
	return m;
}

/*
 * Cut run @r to [0, @limit) and to whole granules, counting what is cut off in @rep.
 * Returns 0 when nothing of it is left.
 */
static int ra_trim_run(struct ra_range *r, uint64_t limit, struct ra_win_report *rep)
{
	uint64_t base, end;

	if (r->limit > limit) {
		uint64_t from = r->base > limit ? r->base : limit;

		rep->above_limit_bytes += r->limit - from;
		r->limit = from;
	}
	if (r->limit <= r->base)
		return 0;
	base = (r->base + RA_WIN_MASK) & ~RA_WIN_MASK;
	end = r->limit & ~RA_WIN_MASK;
	if (end <= base) {
		rep->partial_bytes += r->limit - r->base;
		return 0;
	}
	rep->partial_bytes += (base - r->base) + (r->limit - end);
	r->base = base;
	r->limit = end;
	return 1;
}

/* Run @a deserves a window before run @b: larger, or as large and lower. */
static int ra_run_before(const struct ra_range *a, const struct ra_range *b)
{
	uint64_t sa = a->limit - a->base, sb = b->limit - b->base;

	return sa > sb || (sa == sb && a->base < b->base);
}

static void ra_drop_run(const struct ra_range *r, struct ra_win_report *rep)
{
	rep->dropped++;
	rep->dropped_bytes += r->limit - r->base;
}

/*
 * Offer run @r to the windows @win[0..*@n), kept in the order of ra_run_before(); with all
 * @max windows taken, the run that comes last is dropped and counted in @rep.
 */
static void ra_offer_run(struct ra_range *win, uint32_t *n, uint32_t max,
			 const struct ra_range *r, struct ra_win_report *rep)
{
	uint32_t i;

	if (*n == max) {
		if (!max || !ra_run_before(r, &win[max - 1])) {
			ra_drop_run(r, rep);
			return;
		}
		ra_drop_run(&win[--*n], rep);
	}
	for (i = *n; i > 0 && ra_run_before(r, &win[i - 1]); i--)
		win[i] = win[i - 1];
	win[i] = *r;
	++*n;
}

/**
 * ra_windows_compute() - the DMA windows that cover the RAM ranges @ram without any hole.
 * @ram: the System RAM ranges, in any order, possibly overlapping, touching or empty; sorted
 *	and merged in place (its contents are undefined afterwards).
 * @nram: how many.
 * @pa_limit: the first address the device cannot reach (rounded down to the granule).
 * @win: out: the windows, in ascending address order, granule aligned, disjoint and never
 *	touching (touching runs are merged), each inside one run of RAM.
 * @max_win: how many windows the device has.
 * @rep: out: what the windows leave out.
 *
 * Return: the number of windows filled in @win (0 when no RAM is usable: the caller fails).
 */
uint32_t ra_windows_compute(struct ra_range *ram, uint32_t nram, uint64_t pa_limit,
			    struct ra_range *win, uint32_t max_win, struct ra_win_report *rep)
{
	uint32_t i, nruns, n = 0;

	rep->runs = 0;
	rep->dropped = 0;
	rep->dropped_bytes = 0;
	rep->above_limit_bytes = 0;
	rep->partial_bytes = 0;
	pa_limit &= ~RA_WIN_MASK;
	nruns = ra_merge_ranges(ram, nram);
	for (i = 0; i < nruns; i++) {
		if (!ra_trim_run(&ram[i], pa_limit, rep))
			continue;
		rep->runs++;
		ra_offer_run(win, &n, max_win, &ram[i], rep);
	}
	ra_sort_by_base(win, n);
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_dma_windows - the driver's DMA window computation (driver/ra_windows.c) against oracles.
 *
 * The driver programs the device's four DMA windows from the System RAM ranges; a window must
 * never bridge a hole between ranges (the device would reach MMIO or firmware carve-outs).
 * Checked here:
 *
 *  - exact results against a brute-force oracle on a small address space: every byte is marked
 *    RAM or not, a granule is usable when all its bytes are RAM and it lies below the PA limit,
 *    the windows must be exactly the largest maximal runs of usable granules (the lower address
 *    first among equal sizes), and the report's counts must match byte counts of the bitmap.
 *    Beside the exact match, the properties are checked on their own: every byte of every
 *    window is RAM below the limit, windows are aligned, ascending and never touch, every RAM
 *    granule not in a window belongs to a dropped run no larger than any window, and every RAM
 *    byte is counted once (window, dropped, above the limit, partial granule). Random sets of
 *    0 to 12 ranges and of many (up to 600) ranges, aligned and unaligned, overlapping,
 *    touching, zero-length and inverted, in random order, with 0 to 6 windows and random PA
 *    limits;
 *  - directed cases at real addresses: 1, 4, 5, 8 and 4096 separate ranges, touching and
 *    overlapping ranges, unsorted input (every case is also run shuffled), empty input,
 *    ranges across and above the 48-bit PA limit, unaligned ranges, the top of the 64-bit
 *    space, no windows at all.
 *
 *   test_dma_windows [--seed S] [--iters N]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_windows.h"

#define G		((uint64_t)RA_WIN_GRANULE)
#define PA48		(1ULL << 48)
#define MIB		(1ULL << 20)
#define GIB		(1ULL << 30)
#define MAX_RANGES	5000
#define MAX_WIN		8

#define TEST_NAME "test_dma_windows"
#include "../test_args.h"
#include "../test_util.h"

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static void shuffle(struct ra_range *r, uint32_t n)
{
	uint32_t i;

	for (i = n; i > 1; i--) {
		uint32_t j = (uint32_t)below(i);
		struct ra_range t = r[i - 1];

		r[i - 1] = r[j];
		r[j] = t;
	}
}

/* ra_windows_compute() on a copy of @in (it sorts and merges its input in place). */
static uint32_t compute(const struct ra_range *in, uint32_t n, uint64_t lim, struct ra_range *win,
			uint32_t max, struct ra_win_report *rep)
{
	static struct ra_range copy[MAX_RANGES];
	uint32_t i, nw;

	memcpy(copy, in, n * sizeof(*in));
	for (i = 0; i < MAX_WIN; i++)
		win[i] = (struct ra_range){ 0xdeadbeef, 0xdeadbeef };
	nw = ra_windows_compute(copy, n, lim, win, max, rep);
	CHECK(nw <= max, "%u windows, at most %u allowed", nw, max);
	for (i = nw; i < MAX_WIN; i++)
		CHECK(win[i].base == 0xdeadbeef && win[i].limit == 0xdeadbeef,
		      "window %u written beyond the %u returned", i, nw);
	return nw;
}

/* --- brute-force oracle on a small address space ------------------------------------------- */

#define SPACE_G		40			/* granules */
#define SPACE		(SPACE_G * G)		/* bytes */

static uint8_t ram[SPACE];
static uint32_t cnt[SPACE + 1];		/* cnt[a]: RAM bytes below a */

static uint64_t ram_bytes(uint64_t a, uint64_t b)
{
	if (a > SPACE)
		a = SPACE;
	if (b > SPACE)
		b = SPACE;
	return b > a ? cnt[b] - cnt[a] : 0;
}

struct oracle {
	uint32_t nruns;
	struct ra_range runs[SPACE_G];
	int usable[SPACE_G];		/* granule all RAM, below the limit */
	int kept[SPACE_G];		/* run index i has a window */
	uint64_t above, partial, dropped_bytes;
	uint32_t dropped;
};

static void oracle_build(const struct ra_range *in, uint32_t n, uint64_t lim, uint32_t max,
			 struct oracle *o)
{
	uint64_t lim_eff = lim & ~(G - 1), usable_bytes = 0, a;
	uint32_t i, k, g;

	memset(ram, 0, sizeof(ram));
	memset(o, 0, sizeof(*o));
	for (i = 0; i < n; i++)
		if (in[i].limit > in[i].base)
			memset(ram + in[i].base, 1, in[i].limit - in[i].base);
	for (a = 0; a < SPACE; a++)
		cnt[a + 1] = cnt[a] + ram[a];
	for (g = 0; g < SPACE_G; g++) {
		o->usable[g] = ram_bytes(g * G, (g + 1) * G) == G && (g + 1) * G <= lim_eff;
		usable_bytes += o->usable[g] ? G : 0;
	}
	for (g = 0; g < SPACE_G; g++) {
		if (!o->usable[g])
			continue;
		if (g && o->usable[g - 1])
			o->runs[o->nruns - 1].limit += G;
		else
			o->runs[o->nruns++] = (struct ra_range){ g * G, (g + 1) * G };
	}
	/* Select the windows: repeatedly the largest run not yet kept, lower first. */
	for (k = 0; k < max && k < o->nruns; k++) {
		int best = -1;

		for (i = 0; i < o->nruns; i++) {
			uint64_t s = o->runs[i].limit - o->runs[i].base;

			if (!o->kept[i] && (best < 0 ||
					    s > o->runs[best].limit - o->runs[best].base))
				best = (int)i;
		}
		o->kept[best] = 1;
	}
	for (i = 0; i < o->nruns; i++) {
		if (!o->kept[i]) {
			o->dropped++;
			o->dropped_bytes += o->runs[i].limit - o->runs[i].base;
		}
	}
	o->above = ram_bytes(lim_eff, SPACE);
	o->partial = ram_bytes(0, lim_eff) - usable_bytes;
}

/* The windows' properties, each on its own. */
static void check_properties(const struct oracle *o, const struct ra_range *win, uint32_t nw,
			     uint64_t lim, const struct ra_win_report *rep)
{
	uint64_t inwin = 0, g;
	uint32_t i;

	for (i = 0; i < nw; i++) {
		const struct ra_range *w = &win[i];

		CHECK(w->base < w->limit && !(w->base % G) && !(w->limit % G),
		      "window %u [%#" PRIx64 ", %#" PRIx64 ") empty or not aligned", i, w->base,
		      w->limit);
		CHECK(w->limit <= (lim & ~(G - 1)), "window %u ends above the PA limit", i);
		CHECK(ram_bytes(w->base, w->limit) == w->limit - w->base && w->limit <= SPACE,
		      "window %u [%#" PRIx64 ", %#" PRIx64 ") covers bytes that are not RAM", i,
		      w->base, w->limit);
		CHECK(!i || win[i - 1].limit < w->base,
		      "windows %u and %u overlap, touch or are out of order", i - 1, i);
		inwin += w->limit - w->base;
	}
	/* A usable granule outside every window lies in a dropped run no larger than a window. */
	for (g = 0; g < SPACE_G; g++) {
		uint64_t a = g * G;
		int covered = 0;

		for (i = 0; i < nw; i++)
			covered |= a >= win[i].base && a < win[i].limit;
		if (!o->usable[g] || covered)
			continue;
		CHECK(nw == rep->runs - rep->dropped && rep->dropped,
		      "RAM granule %#" PRIx64 " has no window and nothing was dropped", a);
		for (i = 0; i < o->nruns; i++) {
			uint32_t j;

			if (a < o->runs[i].base || a >= o->runs[i].limit)
				continue;
			for (j = 0; j < nw; j++)
				CHECK(o->runs[i].limit - o->runs[i].base <= win[j].limit - win[j].base,
				      "dropped run at %#" PRIx64 " larger than window %u", a, j);
		}
	}
	CHECK(ram_bytes(0, SPACE) ==
	      inwin + rep->dropped_bytes + rep->above_limit_bytes + rep->partial_bytes,
	      "RAM %" PRIu64 " != windows %" PRIu64 " + dropped %" PRIu64 " + above %" PRIu64
	      " + partial %" PRIu64, ram_bytes(0, SPACE), inwin, rep->dropped_bytes,
	      rep->above_limit_bytes, rep->partial_bytes);
}

/* Exact match with the oracle. */
static void check_oracle(const struct ra_range *in, uint32_t n, uint64_t lim, uint32_t max)
{
	struct ra_range win[MAX_WIN];
	struct ra_win_report rep;
	struct oracle o;
	uint32_t nw, i, k;

	oracle_build(in, n, lim, max, &o);
	nw = compute(in, n, lim, win, max, &rep);
	check_properties(&o, win, nw, lim, &rep);
	CHECK(rep.runs == o.nruns, "runs %u, oracle %u", rep.runs, o.nruns);
	CHECK(rep.dropped == o.dropped && rep.dropped_bytes == o.dropped_bytes,
	      "dropped %u (%" PRIu64 " bytes), oracle %u (%" PRIu64 ")", rep.dropped,
	      rep.dropped_bytes, o.dropped, o.dropped_bytes);
	CHECK(rep.above_limit_bytes == o.above, "above limit %" PRIu64 ", oracle %" PRIu64,
	      rep.above_limit_bytes, o.above);
	CHECK(rep.partial_bytes == o.partial, "partial %" PRIu64 ", oracle %" PRIu64,
	      rep.partial_bytes, o.partial);
	for (i = 0, k = 0; i < o.nruns; i++) {
		if (!o.kept[i])
			continue;
		CHECK(k < nw && win[k].base == o.runs[i].base && win[k].limit == o.runs[i].limit,
		      "window %u: want [%#" PRIx64 ", %#" PRIx64 ")", k, o.runs[i].base,
		      o.runs[i].limit);
		k++;
	}
	CHECK(k == nw, "%u windows, oracle %u", nw, k);
}

/* A random range in the small space: aligned or not, short or long, empty or inverted. */
static struct ra_range random_range(void)
{
	uint64_t base = below(SPACE), len;

	if (rnd() & 1)
		base &= ~(G - 1);
	switch (below(8)) {
	case 0:
		len = 0;
		break;
	case 1:
		return (struct ra_range){ base, base ? below(base) : 0 };	/* inverted */
	case 2:
		len = below(G);
		break;
	case 3:
		len = below(SPACE);
		break;
	default:
		len = (1 + below(4)) * G - ((rnd() & 3) ? 0 : below(G));
		break;
	}
	if (len > SPACE - base)
		len = SPACE - base;
	return (struct ra_range){ base, base + len };
}

static void test_random(uint64_t iters)
{
	static struct ra_range in[MAX_RANGES];
	unsigned long it;

	test_ctx = "random";
	for (it = 0; it < iters; it++) {
		uint32_t n = (it % 10 == 9) ? 100 + (uint32_t)below(500) : (uint32_t)below(13);
		uint32_t max = (it % 3) ? 4 : (uint32_t)below(7), i;
		uint64_t lim;

		for (i = 0; i < n; i++)
			in[i] = random_range();
		switch (below(4)) {
		case 0:
			lim = below(SPACE_G + 1) * G;
			break;
		case 1:
			lim = below(SPACE + 1);		/* rounded down by the driver */
			break;
		case 2:
			lim = PA48;
			break;
		default:
			lim = UINT64_MAX;
			break;
		}
		check_oracle(in, n, lim, max);
	}
}

/* --- directed cases at real addresses ------------------------------------------------------ */

/* Run @in (and a shuffled copy) and compare with the expected windows and report. */
static void expect(const char *name, const struct ra_range *in, uint32_t n, uint64_t lim,
		   uint32_t max, const struct ra_range *want, uint32_t nwant,
		   const struct ra_win_report *wrep)
{
	static struct ra_range shuffled[MAX_RANGES];
	struct ra_range win[MAX_WIN];
	struct ra_win_report rep;
	uint32_t pass, i, nw;

	test_ctx = name;
	memcpy(shuffled, in, n * sizeof(*in));
	for (pass = 0; pass < 3; pass++) {
		if (pass)
			shuffle(shuffled, n);
		nw = compute(shuffled, n, lim, win, max, &rep);
		CHECK(nw == nwant, "pass %u: %u windows, want %u", pass, nw, nwant);
		for (i = 0; i < nw && i < nwant; i++)
			CHECK(win[i].base == want[i].base && win[i].limit == want[i].limit,
			      "pass %u: window %u [%#" PRIx64 ", %#" PRIx64 "), want [%#" PRIx64
			      ", %#" PRIx64 ")", pass, i, win[i].base, win[i].limit, want[i].base,
			      want[i].limit);
		CHECK(rep.runs == wrep->runs && rep.dropped == wrep->dropped &&
		      rep.dropped_bytes == wrep->dropped_bytes &&
		      rep.above_limit_bytes == wrep->above_limit_bytes &&
		      rep.partial_bytes == wrep->partial_bytes,
		      "pass %u: report runs %u dropped %u/%#" PRIx64 " above %#" PRIx64
		      " partial %#" PRIx64 ", want %u %u/%#" PRIx64 " %#" PRIx64 " %#" PRIx64,
		      pass, rep.runs, rep.dropped, rep.dropped_bytes, rep.above_limit_bytes,
		      rep.partial_bytes, wrep->runs, wrep->dropped, wrep->dropped_bytes,
		      wrep->above_limit_bytes, wrep->partial_bytes);
	}
}

#define R(b, l)		((struct ra_range){ (b), (l) })
#define N(a)		((uint32_t)(sizeof(a) / sizeof((a)[0])))

static void test_counts(void)
{
	/* virt-like RAM at 1 GiB plus separate ranges of distinct sizes 1..7 MiB. */
	const struct ra_range r8[] = {
		R(0x40000000, 0xC0000000),			/* 2 GiB */
		R(0x10000000, 0x10100000),			/* 1 MiB */
		R(0x20000000, 0x20500000),			/* 5 MiB */
		R(0x30000000, 0x30200000),			/* 2 MiB */
		R(0x100000000, 0x100700000),			/* 7 MiB */
		R(0x200000000, 0x200300000),			/* 3 MiB */
		R(0x300000000, 0x300600000),			/* 6 MiB */
		R(0x400000000, 0x400400000),			/* 4 MiB */
	};
	const struct ra_range w1[] = { r8[0] };
	const struct ra_range w4[] = { r8[1], r8[2], r8[3], r8[0] };
	const struct ra_range w5[] = { r8[2], r8[3], r8[0], r8[4] };
	const struct ra_range w8[] = { r8[2], r8[0], r8[4], r8[6] };
	struct ra_win_report rep1 = { 1, 0, 0, 0, 0 };
	struct ra_win_report rep4 = { 4, 0, 0, 0, 0 };
	struct ra_win_report rep5 = { 5, 1, 1 * MIB, 0, 0 };
	struct ra_win_report rep8 = { 8, 4, (1 + 2 + 3 + 4) * MIB, 0, 0 };
	struct ra_win_report rep0 = { 0, 0, 0, 0, 0 };
	struct ra_win_report rep8w0 = { 8, 8, 2 * GIB + 28 * MIB, 0, 0 };
	const struct ra_range w8w2[] = { r8[0], r8[4] };
	struct ra_win_report rep8w2 = { 8, 6, (1 + 2 + 3 + 4 + 5 + 6) * MIB, 0, 0 };

	expect("1 range", r8, 1, PA48, 4, w1, 1, &rep1);
	expect("4 ranges", r8, 4, PA48, 4, w4, 4, &rep4);
	expect("5 ranges", r8, 5, PA48, 4, w5, 4, &rep5);
	expect("8 ranges", r8, 8, PA48, 4, w8, 4, &rep8);
	expect("no ranges", r8, 0, PA48, 4, NULL, 0, &rep0);
	expect("8 ranges, no windows", r8, 8, PA48, 0, NULL, 0, &rep8w0);
	expect("8 ranges, 2 windows", r8, 8, PA48, 2, w8w2, 2, &rep8w2);
}

static void test_many(void)
{
	/* 4096 separate ranges 1 GiB apart, range i of (i % 1000 + 1) granules: the four largest
	 * are of 1000 granules (i = 999, 1999, 2999, 3999), ties at 999 granules go lower first. */
	static struct ra_range in[4096];
	struct ra_range want[4];
	struct ra_win_report rep = { 4096, 4092, 0, 0, 0 };
	uint32_t i;

	for (i = 0; i < 4096; i++) {
		in[i] = R((uint64_t)i * GIB, (uint64_t)i * GIB + (i % 1000 + 1) * G);
		rep.dropped_bytes += (i % 1000 + 1) * G;
	}
	for (i = 0; i < 4; i++) {
		want[i] = in[999 + 1000 * i];
		rep.dropped_bytes -= 1000 * G;
	}
	expect("4096 ranges", in, 4096, PA48, 4, want, 4, &rep);

	/* 4096 ranges of one granule each, every other granule: 4 windows of a granule at the
	 * lowest addresses (all runs are as large), the rest dropped. */
	for (i = 0; i < 4096; i++)
		in[i] = R(0x80000000ULL + 2ULL * i * G, 0x80000000ULL + (2ULL * i + 1) * G);
	for (i = 0; i < 4; i++)
		want[i] = in[i];
	rep = (struct ra_win_report){ 4096, 4092, 4092 * G, 0, 0 };
	expect("4096 equal ranges", in, 4096, PA48, 4, want, 4, &rep);

	/* 4096 touching ranges: one window. */
	for (i = 0; i < 4096; i++)
		in[i] = R(0x40000000ULL + i * 2 * MIB, 0x40000000ULL + (i + 1) * 2 * MIB);
	want[0] = R(0x40000000ULL, 0x40000000ULL + 4096 * 2 * MIB);
	rep = (struct ra_win_report){ 1, 0, 0, 0, 0 };
	expect("4096 touching ranges", in, 4096, PA48, 4, want, 1, &rep);
}

static void test_merging(void)
{
	/* Touching, overlapping, contained and duplicate ranges, and five separate runs. */
	const struct ra_range in[] = {
		R(0x40000000, 0x48000000), R(0x48000000, 0x50000000),	/* touching */
		R(0x4c000000, 0x60000000),				/* overlapping */
		R(0x41000000, 0x42000000),				/* contained */
		R(0x40000000, 0x48000000),				/* duplicate */
		R(0x80000000, 0x80001000), R(0x80001000, 0x80002000),	/* two granules */
		R(0x90000000, 0x90100000), R(0xa0000000, 0xa0200000),
		R(0xb0000000, 0xb0000000),				/* empty */
		R(0xc0000000, 0xbff00000),				/* inverted */
		R(0xd0000000, 0xd0400000),
	};
	const struct ra_range want[] = {
		R(0x40000000, 0x60000000), R(0x90000000, 0x90100000),
		R(0xa0000000, 0xa0200000), R(0xd0000000, 0xd0400000),
	};
	struct ra_win_report rep = { 5, 1, 2 * G, 0, 0 };

	expect("merging", in, N(in), PA48, 4, want, N(want), &rep);
}

static void test_limits(void)
{
	/* Across the 48-bit limit, wholly above it, and the largest range above: no window. */
	const struct ra_range in[] = {
		R(0x40000000, 0x80000000),
		R(PA48 - 2 * MIB, PA48 + 2 * MIB),
		R(PA48 + GIB, PA48 + 64 * GIB),
		R(0x100000000, 0x100100000),
		R(0x200000000, 0x200200000),
		R(0x300000000, 0x300300000),
	};
	const struct ra_range want[] = {
		R(0x40000000, 0x80000000), R(0x200000000, 0x200200000),
		R(0x300000000, 0x300300000), R(PA48 - 2 * MIB, PA48),
	};
	struct ra_win_report rep = { 5, 1, 1 * MIB, 2 * MIB + 63 * GIB, 0 };
	/* An unaligned limit is rounded down: what lies above it counts as beyond reach. */
	const struct ra_range in2[] = { R(0x40000000, 0x40010000) };
	const struct ra_range want2[] = { R(0x40000000, 0x40008000) };
	struct ra_win_report rep2 = { 1, 0, 0, 0x8000, 0 };
	/* The top of the 64-bit space. */
	const struct ra_range in3[] = { R(UINT64_MAX - 2 * G + 1, UINT64_MAX) };
	const struct ra_range want3[] = { R(UINT64_MAX - 2 * G + 1, UINT64_MAX - G + 1) };
	struct ra_win_report rep3 = { 1, 0, 0, G - 1, 0 };
	struct ra_win_report rep4 = { 0, 0, 0, 0x40000000, 0 };

	expect("PA limit", in, N(in), PA48, 4, want, N(want), &rep);
	expect("unaligned PA limit", in2, N(in2), 0x40008fff, 4, want2, 1, &rep2);
	expect("top of the space", in3, N(in3), UINT64_MAX, 4, want3, 1, &rep3);
	expect("all above the limit", in, 1, 0x40000000, 4, NULL, 0, &rep4);
}

static void test_unaligned(void)
{
	/* Granules only partly RAM are left out; unaligned pieces that together cover granules
	 * are merged first. */
	const struct ra_range in[] = {
		R(0x1800, 0x5800),				/* -> [0x2000, 0x5000) */
		R(0x10000100, 0x10000f00),			/* inside one granule */
		R(0x20000800, 0x20001400), R(0x20001400, 0x20002800),	/* -> [0x20001000, 0x20002000) */
	};
	const struct ra_range want[] = { R(0x2000, 0x5000), R(0x20001000, 0x20002000) };
	struct ra_win_report rep = { 2, 0, 0, 0, 0x800 + 0x800 + 0xe00 + 0x800 + 0x800 };

	expect("unaligned", in, N(in), PA48, 4, want, N(want), &rep);
}

int main(int argc, char **argv)
{
	uint64_t iters = 4000, seed = 1;
	const struct test_arg args[] = { { "--seed", &seed }, { "--iters", &iters } };

	if (test_args(argc, argv, TEST_NAME, "[--seed S] [--iters N]", args, 2))
		return 2;
	rng = seed;
	printf("test_dma_windows: seed %" PRIu64 ", %" PRIu64 " random sets\n", seed, iters);
	test_counts();
	test_many();
	test_merging();
	test_limits();
	test_unaligned();
	test_random(iters);
	printf("test_dma_windows: replay with --seed %" PRIu64 "\n", seed);
	return test_summary();
}

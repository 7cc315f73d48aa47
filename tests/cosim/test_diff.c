// SPDX-License-Identifier: MIT
/*
 * test_diff - differential random test: random page-table configurations (valid, invalid and
 * garbage descriptors, blocks, shared subtables, tables above PA_BITS or outside the DMA
 * windows) go through WALK, SCAN and SCAN with CLEAR_AF on the RTL and on the C model; the
 * completions, results, bitmaps, records, memory images and counters (but cycles) must be
 * identical, and the RTL's beat counters must equal what the bus model saw.
 *
 * usage: test_diff [--count N] [--seed S] [--variant w64|w128|nowc] [--verbose]
 * Configuration i uses seed S+i; a failure prints the command that replays it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TBL 0x40000000ull
#define TBL_SIZE (4ull << 20)
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (4ull << 20)

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

struct gen {
	struct pt_build b;
	uint64_t tables[4][64];	/* tables per level, for sharing */
	unsigned ntables[4];
	uint64_t vas[256];	/* interesting VAs */
	unsigned nvas;
	unsigned pa_bits;
};

/* A random output address: mostly ordinary, sometimes above PA_BITS or odd. */
static uint64_t rand_oa(unsigned level)
{
	uint64_t a;

	switch (rn(8)) {
	case 0: a = rnd() & 0x0000fffffffff000ull; break;
	case 1: a = 1ull << (32 + rn(16)); break;
	default: a = 0x80000000ull + ((uint64_t)rn(1 << 16) << 12); break;
	}
	return a & ~(pt_span(level) - 1) & 0x0000fffffffff000ull;
}

static uint64_t rand_attrs(void)
{
	uint64_t a = 0;

	if (rn(2))
		a |= PTE_AF;
	if (rn(2))
		a |= PTE_DBM;
	if (rn(2))
		a |= PTE_AP2;
	if (rn(4) == 0)
		a |= PTE_NG | (1ull << 53) | (1ull << 54);
	return a;
}

static void fill_table(struct gen *g, uint64_t table, unsigned level, uint64_t va_base, int depth);

/* A table for the next level: new, shared, or pointing somewhere odd. */
static uint64_t rand_table_desc(struct gen *g, unsigned level, uint64_t va, int depth)
{
	unsigned nl = level + 1;

	switch (rn(16)) {
	case 0:
		return (1ull << (32 + rn(16))) | 3;	/* likely above PA_BITS or outside windows */
	case 1:
		return 0x60000000ull | 3;		/* outside the windows */
	case 2:
	case 3:
		if (g->ntables[nl])
			return g->tables[nl][rn(g->ntables[nl])] | 3;	/* shared subtable */
		/* fall through */
	default: {
		uint64_t t = pt_alloc_table(&g->b);

		if (!t)
			return 0;
		if (g->ntables[nl] < 64)
			g->tables[nl][g->ntables[nl]++] = t;
		fill_table(g, t, nl, va, depth + 1);
		return t | 3 | (rn(8) == 0 ? (3ull << 59) : 0);	/* APTable/XNTable bits */
	}
	}
}

static void add_va(struct gen *g, uint64_t va)
{
	if (g->nvas < 256)
		g->vas[g->nvas++] = va;
}

static void fill_table(struct gen *g, uint64_t table, unsigned level, uint64_t va_base, int depth)
{
	unsigned n = level == 3 ? 4 + rn(24) : 1 + rn(4);
	unsigned cluster = rn(512);

	for (unsigned k = 0; k < n; k++) {
		unsigned idx = (cluster + rn(level == 3 ? 40 : 6)) & 511;
		uint64_t va = va_base | (uint64_t)idx << (12 + 9 * (3 - level)), d;
		unsigned kind = rn(16);

		if (level == 3) {
			if (kind < 11)
				d = rand_oa(3) | rand_attrs() | 3;
			else if (kind < 13)
				d = rand_oa(3) | 1;		/* '01' at level 3 */
			else if (kind < 15)
				d = rnd() & ~1ull;		/* invalid garbage */
			else
				d = rnd();			/* any garbage */
		} else if (kind < 9 && depth < 4) {
			d = rand_table_desc(g, level, va, depth);
		} else if (kind < 12) {
			d = rand_oa(level) | rand_attrs() | 1;	/* block (fault at level 0) */
		} else if (kind < 14) {
			d = rnd() & ~1ull;
		} else {
			d = rnd();
		}
		ra_mem_wr64(g->b.mem, table + 8ull * idx, d);
		add_va(g, va | (rnd() & (pt_span(level) - 1) & ~7ull));
	}
}

static void gen_config(struct gen *g, struct ra_mem *mem)
{
	memset(g, 0, sizeof(*g));
	pt_init(&g->b, mem, TBL, TBL_SIZE);
	g->tables[0][0] = g->b.ttbr;
	g->ntables[0] = 1;
	fill_table(g, g->b.ttbr, 0, 0, 0);
	static const unsigned pab[] = { 32, 36, 40, 44, 48, 48, 48 };
	g->pa_bits = pab[rn(7)];
}

struct run_out {
	struct ra_cpl cpl[3];
	struct ra_walk_result res[64];
	struct ra_scan_out so[2];
	uint64_t counters[RA_NUM_COUNTERS];
	int err;
};

static void run_engine(struct ra_dev *d, struct gen *g, const uint64_t *va, unsigned nva,
		       uint64_t start, uint64_t end, unsigned flags, unsigned cap, struct run_out *o)
{
	struct ra_host h;
	struct ra_window w = { TBL, TBL + TBL_SIZE };

	memset(o, 0, sizeof(*o));
	o->err = ra_host_init(&h, d, SCRATCH, SCRATCH_SIZE, &w, 1);
	ra_host_set_pa_bits(&h, g->pa_bits);
	o->err |= ra_host_walk(&h, g->b.ttbr, va, nva, o->res, &o->cpl[0]);
	o->err |= ra_host_scan(&h, g->b.ttbr, start, end, flags & RA_SCAN_REPORT_DIRTY, cap,
			       &o->so[0], &o->cpl[1]);
	o->err |= ra_host_scan(&h, g->b.ttbr, start, end, flags | RA_SCAN_CLEAR_AF, cap, &o->so[1],
			       &o->cpl[2]);
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		o->counters[i] = ra_dev_counter(d, i);
}

static int diff_out(const struct run_out *a, const struct run_out *b, unsigned nva, char *why,
		    size_t wl)
{
	if (a->err || b->err)
		return snprintf(why, wl, "a command did not complete (rtl %d model %d)", a->err,
				b->err), 1;
	for (int i = 0; i < 3; i++)
		if (memcmp(&a->cpl[i], &b->cpl[i], sizeof(a->cpl[i])))
			return snprintf(why, wl, "completion %d differs: status %u/%u counts "
					"%u,%u,%u,%u / %u,%u,%u,%u fault %u@%u/%u@%u va %" PRIx64 "/%" PRIx64,
					i, a->cpl[i].status, b->cpl[i].status, a->cpl[i].count[0],
					a->cpl[i].count[1], a->cpl[i].count[2], a->cpl[i].count[3],
					b->cpl[i].count[0], b->cpl[i].count[1], b->cpl[i].count[2],
					b->cpl[i].count[3], a->cpl[i].fault_kind, a->cpl[i].fault_level,
					b->cpl[i].fault_kind, b->cpl[i].fault_level, a->cpl[i].fault_va,
					b->cpl[i].fault_va), 1;
	for (unsigned i = 0; i < nva; i++)
		if (memcmp(&a->res[i], &b->res[i], sizeof(a->res[i])))
			return snprintf(why, wl, "walk result %u differs: pa %" PRIx64 "/%" PRIx64
					" level %u/%u fault %u/%u", i, a->res[i].pa, b->res[i].pa,
					a->res[i].level, b->res[i].level, a->res[i].fault,
					b->res[i].fault), 1;
	for (int s = 0; s < 2; s++) {
		const struct ra_scan_out *x = &a->so[s], *y = &b->so[s];
		uint64_t words = (x->npages + 63) / 64;

		if (x->nrec != y->nrec)
			return snprintf(why, wl, "scan %d: %u/%u records", s, x->nrec, y->nrec), 1;
		for (unsigned i = 0; i < x->nrec; i++)
			if (memcmp(&x->rec[i], &y->rec[i], sizeof(x->rec[i])))
				return snprintf(why, wl, "scan %d record %u differs: va %" PRIx64 "/%"
						PRIx64 " type %u/%u", s, i, x->rec[i].va, y->rec[i].va,
						x->rec[i].type, y->rec[i].type), 1;
		for (uint64_t i = 0; x->young && i < words; i++)
			if (x->young[i] != y->young[i] || (x->dirty && x->dirty[i] != y->dirty[i]))
				return snprintf(why, wl, "scan %d bitmap word %" PRIu64 " differs", s,
						i), 1;
	}
	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++)
		if (a->counters[i] != b->counters[i])
			return snprintf(why, wl, "counter %s: rtl %" PRIu64 " model %" PRIu64,
					ra_counter_names[i], a->counters[i], b->counters[i]), 1;
	return 0;
}

static void free_out(struct run_out *o)
{
	ra_scan_out_free(&o->so[0]);
	ra_scan_out_free(&o->so[1]);
}

int main(int argc, char **argv)
{
	unsigned count = 1000, failed = 0, verbose = 0;
	uint64_t seed = 1;
	const char *variant = "w64";
	uint64_t tot_cycles = 0, cov_young = 0, cov_pte = 0, cov_cleared = 0, cov_blocks = 0;
	uint64_t cov_kind[4] = { 0 }, cov_trunc = 0, cov_walk_ok = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--variant") && i + 1 < argc)
			variant = argv[++i];
		else if (!strcmp(argv[i], "--verbose"))
			verbose = 1;
		else {
			fprintf(stderr, "usage: %s [--count N] [--seed S] [--variant w64|w128|nowc] "
				"[--verbose]\n", argv[0]);
			return 2;
		}
	}
	printf("test_diff: variant %s, seeds %" PRIu64 "..%" PRIu64 "\n", variant, seed,
	       seed + count - 1);
	for (unsigned c = 0; c < count; c++) {
		struct ra_mem *m1 = ra_mem_create(), *m2;
		struct gen g;
		struct run_out ro, mo;
		uint64_t va[64], start, end;
		unsigned nva, flags, cap, lat;
		struct ra_dev *rd, *md;
		char why[256] = "";
		int bad = 0;

		rng_state = seed + c;
		ra_mem_add_region(m1, TBL, TBL_SIZE);
		ra_mem_add_region(m1, SCRATCH, SCRATCH_SIZE);
		gen_config(&g, m1);
		nva = 1 + rn(48);
		for (unsigned i = 0; i < nva; i++) {
			switch (rn(10)) {
			case 0: va[i] = rnd(); break;
			case 1: va[i] = 0xffff000000000000ull | (rnd() & 0xffffffffffffull); break;
			default: va[i] = g.vas[rn(g.nvas)] + (rn(4) ? 0 : (rnd() & 0x3fffff)); break;
			}
		}
		{
			uint64_t anchor = g.vas[rn(g.nvas)] & 0xfffffffff000ull;
			uint64_t len = (1ull + rn(rn(8) == 0 ? 1u << 19 : 1u << 12)) << 12;

			start = anchor > len / 2 ? (anchor - len / 2) & ~0xfffull : 0;
			end = start + len;
			if (end > (1ull << 48))
				end = 1ull << 48;
		}
		flags = rn(2) ? RA_SCAN_REPORT_DIRTY : 0;
		cap = rn(4) ? 64 : rn(3);
		lat = rn(3) ? 1 + rn(20) : 100 + rn(60);
		m2 = ra_mem_clone(m1);

		struct axi_mem_cfg bus = {
			.data_bytes = strcmp(variant, "w128") ? 8 : 16,
			.rd_latency = lat,
			.wr_latency = 1 + rn(lat),
			.beat_cycles = rn(4) ? 1 : 2,
			.max_reads = 4 + rn(60),
		};
		rd = ra_dev_rtl(m1, variant, &bus, NULL);
		if (!rd) {
			fprintf(stderr, "test_diff: no RTL variant %s\n", variant);
			return 2;
		}
		md = ra_dev_model_like(rd, m2, lat);
		run_engine(rd, &g, va, nva, start, end, flags, cap, &ro);
		run_engine(md, &g, va, nva, start, end, flags, cap, &mo);
		bad = diff_out(&ro, &mo, nva, why, sizeof(why));
		if (!bad) {
			int64_t at = ra_mem_compare(m1, m2);

			if (at >= 0)
				bad = snprintf(why, sizeof(why), "memory images differ at 0x%" PRIx64,
					       (uint64_t)at) > 0;
		}
		if (!bad) {
			const struct axi_mem_stats *st = axi_mem_stats(ra_dev_bus(rd));

			if (st->protocol_errors || ra_mem_bounds_errors(m1))
				bad = snprintf(why, sizeof(why), "bus protocol errors %" PRIu64
					       ", bounds errors %" PRIu64, st->protocol_errors,
					       ra_mem_bounds_errors(m1)) > 0;
			else if (st->rd_beats != ro.counters[RA_CNT_MEM_READ_BEATS] ||
				 st->wr_beats != ro.counters[RA_CNT_MEM_WRITE_BEATS] ||
				 st->atomics != ro.counters[RA_CNT_ATOMIC_OPS])
				bad = snprintf(why, sizeof(why), "beat counters %" PRIu64 "/%" PRIu64
					       "/%" PRIu64 " but the bus saw %" PRIu64 "/%" PRIu64
					       "/%" PRIu64, ro.counters[RA_CNT_MEM_READ_BEATS],
					       ro.counters[RA_CNT_MEM_WRITE_BEATS],
					       ro.counters[RA_CNT_ATOMIC_OPS], st->rd_beats,
					       st->wr_beats, st->atomics) > 0;
		}
		tot_cycles += rd->cycles(rd);
		/* coverage: what the configurations exercised */
		cov_young += ro.cpl[1].count[0];
		cov_pte += ro.cpl[1].count[2];
		cov_cleared += ro.counters[RA_CNT_AF_CLEARED];
		cov_trunc += !!(ro.cpl[1].flags & RA_CPL_TRUNCATED);
		for (unsigned i = 0; i < nva; i++) {
			cov_kind[ro.res[i].fault & 3]++;
			cov_walk_ok += !ro.res[i].fault;
		}
		for (unsigned i = 0; i < ro.so[0].nrec; i++) {
			if (ro.so[0].rec[i].type)
				cov_kind[ro.so[0].rec[i].type & 3]++;
			else
				cov_blocks++;
		}
		if (bad) {
			failed++;
			printf("test_diff: FAIL seed %" PRIu64 ": %s\n  replay: test_diff --seed %"
			       PRIu64 " --count 1 --variant %s\n", seed + c, why, seed + c, variant);
		} else if (verbose) {
			printf("test_diff: seed %" PRIu64 " ok (%u VAs, scan %" PRIx64 "..%" PRIx64
			       ", %u records, lat %u)\n", seed + c, nva, start, end, ro.cpl[1].count[1],
			       lat);
		}
		if ((c + 1) % 1000 == 0)
			fprintf(stderr, "test_diff: %u/%u configurations, %u failed\n", c + 1, count,
				failed);
		free_out(&ro);
		free_out(&mo);
		rd->destroy(rd);
		md->destroy(md);
		ra_mem_destroy(m1);
		ra_mem_destroy(m2);
		if (failed >= 10)
			break;
	}
	printf("test_diff: %" PRIu64 " RTL cycles simulated\n", tot_cycles);
	printf("test_diff: coverage: %" PRIu64 " translations, faults translation/address_size/bus "
	       "%" PRIu64 "/%" PRIu64 "/%" PRIu64 ", %" PRIu64 " descriptors scanned, %" PRIu64
	       " young leaves, %" PRIu64 " block records, %" PRIu64 " AF cleared, %" PRIu64
	       " truncated scans\n", cov_walk_ok, cov_kind[1], cov_kind[2], cov_kind[3], cov_pte,
	       cov_young, cov_blocks, cov_cleared, cov_trunc);
	printf("test_diff: %u passed, %u failed\n", count - failed, failed);
	return failed ? 1 : 0;
}

// SPDX-License-Identifier: MIT
/*
 * test_runs - SCAN with RUNS, budgets and resume (docs/device.md, "Runs", "Budget and resume")
 * on every RTL build and on the C model, against an oracle computed from the list of pages
 * the test mapped (not from any scan):
 * - a whole address space [0, 2^48) holding 4,096 mapped pages in 8 regions spread over it
 *   (4 KiB pages and a 2 MiB block, young, dirty and old pages): the runs are exactly the
 *   oracle's, only the runs are written, and the RTL's cycles grow with the tables it visits,
 *   not with the span: at most 1.5x the sum of scans of the 8 regions' 512 GiB slots (the
 *   level-0 entries holding them), the other 504 slots costing one level-0 entry each (also
 *   printed: the ratio to scans of the regions' exact page ranges);
 * - every cut point of a small scan (a block straddling the range's start, a translation fault,
 *   a table outside the DMA windows): for every budget from 4 up and every run capacity from 1
 *   up, the scan continued from its resume VA until it ends gives the oracle's runs, the same
 *   records as one scan, and (with CLEAR_AF) leaves exactly the AF bits one scan leaves;
 * - the same cuts in bitmap mode: the bitmaps put together are the single scan's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TEST_NAME "test_runs"
#include "../test_util.h"

#define TBL 0x40000000ull
#define TBL_SIZE (1ull << 20)
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (2ull << 20)
#define NPAGES_MAX 8192

/* The oracle: every mapped page with its state, in VA order. */
struct page {
	uint64_t va;
	int young, dirty;
};
static struct page pages[NPAGES_MAX];
static unsigned npages;

static void map_page(struct pt_build *b, uint64_t va, int young, int dirty)
{
	uint64_t attrs = (young ? PTE_AF : 0) | (dirty ? PTE_DBM : PTE_AP2);

	pt_map(b, va, 0x80000000ull + 4096ull * npages, 3, attrs);
	pages[npages++] = (struct page){ va, young, dirty };
}

static void map_block(struct pt_build *b, uint64_t va, int young, int dirty)
{
	uint64_t attrs = (young ? PTE_AF : 0) | (dirty ? PTE_DBM : PTE_AP2);

	pt_map(b, va, 0x100000000ull, 2, attrs);
	for (unsigned i = 0; i < 512; i++)
		pages[npages++] = (struct page){ va + 4096ull * i, young, dirty };
}

/* Runs of [start, end) the oracle gives: consecutive reported pages of one state. */
static unsigned oracle_runs(uint64_t start, uint64_t end, int report_dirty,
			    struct ra_scan_run *out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < npages; i++) {
		const struct page *p = &pages[i];
		int d = report_dirty && p->dirty;

		if (p->va < start || p->va >= end || !(p->young || d))
			continue;
		if (n && out[n - 1].va + 4096 * out[n - 1].pages == p->va &&
		    out[n - 1].young == !!p->young && out[n - 1].dirty == !!d) {
			out[n - 1].pages++;
		} else if (n < max) {
			out[n++] = (struct ra_scan_run){ p->va, 1, !!p->young, !!d };
		} else {
			return max + 1;
		}
	}
	return n;
}

static int page_cmp(const void *a, const void *b)
{
	const struct page *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

/* A scan continued from its resume VA until it ends: merged runs, records, commands. */
struct chain {
	struct ra_scan_run run[4096];
	unsigned nrun;
	struct ra_scan_record rec[64];
	unsigned nrec;
	unsigned ncmd;
	uint64_t *young, *dirty;	/* bitmap mode */
	int ok;
};

static void run_chain(struct ra_host *h, struct ra_scan_args a, struct chain *c)
{
	uint64_t start = a.start, words = ((a.end - a.start) / 4096 + 63) / 64;

	memset(c->run, 0, sizeof(c->run));
	c->nrun = c->nrec = c->ncmd = 0;
	c->ok = 0;
	if (!(a.flags & RA_SCAN_RUNS)) {
		memset(c->young, 0, 8 * words);
		memset(c->dirty, 0, 8 * words);
	}
	for (;;) {
		struct ra_scan_out o;
		struct ra_cpl cpl;

		if (ra_host_scan_args(h, &a, &o, &cpl) || cpl.status != RA_ST_OK ||
		    ++c->ncmd > 20000)
			return;
		for (unsigned i = 0; i < o.nrun; i++) {
			struct ra_scan_run *l = c->nrun ? &c->run[c->nrun - 1] : NULL;

			if (l && l->va + 4096 * l->pages == o.run[i].va &&
			    l->young == o.run[i].young && l->dirty == o.run[i].dirty)
				l->pages += o.run[i].pages;
			else if (c->nrun < 4096)
				c->run[c->nrun++] = o.run[i];
		}
		for (unsigned i = 0; i < o.nrec && c->nrec < 64; i++)
			c->rec[c->nrec++] = o.rec[i];
		ra_scan_out_merge(&o, a.start, a.end, start, c->young, c->dirty);
		ra_scan_out_free(&o);
		if (!(cpl.flags & RA_CPL_RESUME))
			break;
		if (cpl.fault_va <= a.start) {
			fprintf(stderr, "test_runs: no progress at 0x%" PRIx64 "\n", a.start);
			return;
		}
		a.start = cpl.fault_va;
	}
	c->ok = 1;
}

static int same_runs(const struct ra_scan_run *a, unsigned na, const struct ra_scan_run *b,
		     unsigned nb)
{
	if (na != nb)
		return 0;
	for (unsigned i = 0; i < na; i++)
		if (a[i].va != b[i].va || a[i].pages != b[i].pages || a[i].young != b[i].young ||
		    a[i].dirty != b[i].dirty)
			return 0;
	return 1;
}

static struct ra_dev *make(const char *engine, struct ra_mem *mem)
{
	struct axi_mem_cfg bus = { .data_bytes = strcmp(engine, "w128") ? 8 : 16,
				   .rd_latency = 20, .wr_latency = 10, .beat_cycles = 1,
				   .max_reads = 64 };

	if (!strcmp(engine, "model"))
		return ra_dev_model(mem, 8, 16, 16, 20);
	return ra_dev_rtl(mem, engine, &bus, NULL);
}

/* Whole address space, 8 sparse regions. */
static void whole_space(const char *engine)
{
	static struct ra_scan_run want[4096];
	struct ra_mem *mem = ra_mem_create();
	struct pt_build b;
	struct ra_host h;
	struct ra_window w = { TBL, TBL + TBL_SIZE };
	struct ra_scan_args a = { .start = 0, .end = 1ull << 48, .rec_cap = 16, .run_cap = 4096,
				  .flags = RA_SCAN_RUNS | RA_SCAN_REPORT_DIRTY };
	struct ra_scan_out o;
	struct ra_cpl cpl;
	struct ra_dev *d;
	uint64_t cyc, cyc_slots = 0, cyc_exact = 0, writes, rlo[8], rhi[8];
	unsigned nwant;

	npages = 0;
	ra_mem_add_region(mem, TBL, TBL_SIZE);
	ra_mem_add_region(mem, SCRATCH, SCRATCH_SIZE);
	pt_init(&b, mem, TBL, TBL_SIZE);
	for (unsigned r = 0; r < 8; r++) {
		uint64_t base = (uint64_t)r << 45 | (uint64_t)(r * 37 + 5) << 30 | 0x3ff000ull;

		if (r == 3) {	/* a young 2 MiB block joined by young 4 KiB pages on both sides */
			base = (base & ~0x1fffffull) + 0x200000;
			for (unsigned i = 0; i < 16; i++)
				map_page(&b, base - 4096ull * (16 - i), 1, 0);
			map_block(&b, base, 1, 0);
			for (unsigned i = 0; i < 16; i++)
				map_page(&b, base + 0x200000 + 4096ull * i, 1, 0);
			rlo[r] = base - 4096ull * 16;
			rhi[r] = base + 0x200000 + 4096ull * 16;
			continue;
		}
		for (unsigned i = 0; i < 512 + (r == 0 ? 32 : 0); i++)
			map_page(&b, base + 4096ull * i, (i / 7 + r) % 3 != 0, i % 11 == 0);
		rlo[r] = base;
		rhi[r] = base + 4096ull * (512 + (r == 0 ? 32 : 0));
	}
	qsort(pages, npages, sizeof(pages[0]), page_cmp);
	nwant = oracle_runs(a.start, a.end, 1, want, 4096);
	d = make(engine, mem);
	CHECK(d && !ra_host_init(&h, d, SCRATCH, SCRATCH_SIZE, &w, 1), "%s: setup", engine);
	if (!d)
		return;
	a.ttbr = b.ttbr;
	writes = ra_dev_counter(d, RA_CNT_MEM_WRITE_BEATS);
	cyc = d->cycles(d);
	CHECK(!ra_host_scan_args(&h, &a, &o, &cpl) && cpl.status == RA_ST_OK &&
		      !(cpl.flags & RA_CPL_RESUME), "%s: whole-space scan: status %u flags 0x%x",
	      engine, cpl.status, cpl.flags);
	cyc = d->cycles(d) - cyc;
	writes = ra_dev_counter(d, RA_CNT_MEM_WRITE_BEATS) - writes;
	CHECK(same_runs(o.run, o.nrun, want, nwant) && cpl.count[3] == nwant && cpl.count[1] == 0,
	      "%s: whole-space runs: %u written, %u expected (records %u)", engine, o.nrun, nwant,
	      cpl.count[1]);
	/* writes: 2 per run and 4 for the completion, nothing for the empty span */
	CHECK(writes == 2ull * nwant + 4, "%s: whole-space scan wrote %" PRIu64 " words for %u runs",
	      engine, writes, nwant);
	ra_scan_out_free(&o);
	/* the same regions scanned one by one: their 512 GiB slots, and their exact ranges */
	for (unsigned r = 0; r < 8; r++) {
		struct ra_scan_args ar = a;
		uint64_t c0 = d->cycles(d);

		ar.start = rlo[r] & ~((1ull << 39) - 1);
		ar.end = ar.start + (1ull << 39);
		if (!ra_host_scan_args(&h, &ar, &o, &cpl))
			ra_scan_out_free(&o);
		cyc_slots += d->cycles(d) - c0;
		c0 = d->cycles(d);
		ar.start = rlo[r];
		ar.end = rhi[r];
		if (!ra_host_scan_args(&h, &ar, &o, &cpl))
			ra_scan_out_free(&o);
		cyc_exact += d->cycles(d) - c0;
	}
	if (strcmp(engine, "model"))
		printf("test_runs: %s: [0, 2^48) with %u pages in 8 regions: %u runs, %" PRIu64
		       " cycles; the 8 regions' 512 GiB slots alone %" PRIu64 " (ratio %.2f), their "
		       "exact ranges alone %" PRIu64 " (ratio %.2f)\n", engine, npages, nwant, cyc,
		       cyc_slots, (double)cyc / (double)cyc_slots, cyc_exact,
		       (double)cyc / (double)cyc_exact);
	CHECK(!strcmp(engine, "model") || cyc * 2 <= cyc_slots * 3,
	      "%s: whole-space cycles %" PRIu64 " above 1.5x the slots' %" PRIu64, engine, cyc,
	      cyc_slots);
	d->destroy(d);
	ra_mem_destroy(mem);
}

/* Every cut point of a small scan. */
static void cuts(const char *engine)
{
	static struct chain c;
	static struct ra_scan_run want[4096];
	static uint8_t t0[TBL_SIZE], t1[TBL_SIZE], t2[TBL_SIZE];
	struct ra_mem *mem = ra_mem_create();
	struct pt_build b;
	struct ra_host h;
	struct ra_window w = { TBL, TBL + 0x40000 };	/* tables past 256 KiB: outside */
	uint64_t start = 0x3ff000 - 0x20000, end = 0x600000 + 0x3000, base_ptes;
	struct ra_scan_args a = { .start = start, .end = end, .rec_cap = 64, .run_cap = 4096,
				  .flags = RA_SCAN_RUNS | RA_SCAN_REPORT_DIRTY };
	struct ra_scan_out o;
	struct ra_cpl one, cpl;
	struct ra_dev *d;
	unsigned nwant, budgets = 0, caps = 0;
	uint64_t words = ((end - start) / 4096 + 63) / 64;
	uint64_t y1[64], d1[64], cy[64], cd[64];

	npages = 0;
	ra_mem_add_region(mem, TBL, TBL_SIZE);
	ra_mem_add_region(mem, SCRATCH, SCRATCH_SIZE);
	pt_init(&b, mem, TBL, TBL_SIZE);
	/* a young 2 MiB block [0x200000, 0x400000) straddling start; 4 KiB pages after it */
	map_block(&b, 0x200000, 1, 1);
	for (unsigned i = 0; i < 40; i++)
		map_page(&b, 0x400000 + 4096ull * i, i % 5 != 1, i % 4 == 0);
	pt_set(&b, 0x400000 + 4096ull * 40, 3, 0x80000000ull | 1);	/* translation fault */
	for (unsigned i = 0; i < 3; i++)	/* pages in a table outside the windows */
		map_page(&b, 0x600000 + 4096ull * i, 1, 0);
	{
		/* move the last level-3 table beyond the window: copy it up, point at it */
		uint64_t l2 = pt_entry_addr(&b, 0x600000, 2), old = ra_mem_rd64(mem, l2);
		uint64_t far = TBL + 0x80000;

		for (unsigned k = 0; k < 512; k++)
			ra_mem_wr64(mem, far + 8 * k,
				    ra_mem_rd64(mem, (old & PTE_ADDR_MASK) + 8 * k));
		ra_mem_wr64(mem, l2, far | 3);
		npages -= 3;	/* the scan cannot see them: a bus record instead */
	}
	qsort(pages, npages, sizeof(pages[0]), page_cmp);
	nwant = oracle_runs(start, end, 1, want, 4096);
	d = make(engine, mem);
	CHECK(d && !ra_host_init(&h, d, SCRATCH, SCRATCH_SIZE, &w, 1), "%s: setup", engine);
	if (!d)
		return;
	a.ttbr = b.ttbr;
	c.young = calloc(words, 8);
	c.dirty = calloc(words, 8);
	ra_mem_read(mem, TBL, t0, TBL_SIZE);

	/* one scan without budget: the reference records and AF state */
	CHECK(!ra_host_scan_args(&h, &a, &o, &one) && one.status == RA_ST_OK &&
		      same_runs(o.run, o.nrun, want, nwant) && o.nrec == 2 &&
		      o.rec[0].type == RA_FAULT_TRANSLATION && o.rec[1].type == RA_FAULT_BUS,
	      "%s: single scan: status %u, %u runs (%u expected), %u records", engine, one.status,
	      o.nrun, nwant, o.nrec);
	base_ptes = one.count[2];
	ra_scan_out_free(&o);
	a.flags |= RA_SCAN_CLEAR_AF;
	CHECK(!ra_host_scan_args(&h, &a, &o, &cpl) && cpl.status == RA_ST_OK,
	      "%s: single scan with CLEAR_AF", engine);
	ra_scan_out_free(&o);
	ra_mem_read(mem, TBL, t1, TBL_SIZE);
	ra_mem_write(mem, TBL, t0, TBL_SIZE);
	/* bitmap reference */
	{
		struct ra_scan_args bm = a;

		bm.flags = RA_SCAN_REPORT_DIRTY;
		CHECK(!ra_host_scan_args(&h, &bm, &o, &cpl) && cpl.status == RA_ST_OK,
		      "%s: bitmap scan", engine);
		memcpy(y1, o.young, 8 * words);
		memcpy(d1, o.dirty, 8 * words);
		ra_scan_out_free(&o);
	}

	for (uint32_t budget = 4; budget <= base_ptes + 1; budget++) {
		struct ra_scan_args x = a;

		x.budget = budget;
		x.flags = RA_SCAN_RUNS | RA_SCAN_REPORT_DIRTY | (budget & 1 ? RA_SCAN_CLEAR_AF : 0);
		run_chain(&h, x, &c);
		ra_mem_read(mem, TBL, t2, TBL_SIZE);
		CHECK(c.ok && same_runs(c.run, c.nrun, want, nwant) && c.nrec == 2 &&
			      c.rec[0].type == RA_FAULT_TRANSLATION && c.rec[1].type == RA_FAULT_BUS,
		      "%s: budget %u: %u commands, %u runs (%u expected), %u records", engine,
		      budget, c.ncmd, c.nrun, nwant, c.nrec);
		CHECK(!memcmp(t2, budget & 1 ? t1 : t0, TBL_SIZE),
		      "%s: budget %u: AF state differs from one scan's", engine, budget);
		ra_mem_write(mem, TBL, t0, TBL_SIZE);
		/* bitmap mode with the same budget */
		x.flags = RA_SCAN_REPORT_DIRTY;
		run_chain(&h, x, &c);
		memcpy(cy, c.young, 8 * words);
		memcpy(cd, c.dirty, 8 * words);
		CHECK(c.ok && !memcmp(cy, y1, 8 * words) && !memcmp(cd, d1, 8 * words),
		      "%s: bitmap budget %u: bitmaps differ from one scan's", engine, budget);
		budgets++;
	}
	for (uint32_t cap = 1; cap <= nwant + 1; cap++) {
		struct ra_scan_args x = a;

		x.run_cap = cap;
		run_chain(&h, x, &c);
		ra_mem_read(mem, TBL, t2, TBL_SIZE);
		CHECK(c.ok && same_runs(c.run, c.nrun, want, nwant) && c.nrec == 2 &&
			      c.ncmd == (nwant + cap - 1) / cap,
		      "%s: run capacity %u: %u commands, %u runs (%u expected)", engine, cap, c.ncmd,
		      c.nrun, nwant);
		CHECK(!memcmp(t2, t1, TBL_SIZE), "%s: run capacity %u: AF state differs", engine,
		      cap);
		ra_mem_write(mem, TBL, t0, TBL_SIZE);
		caps++;
	}
	printf("test_runs: %s: %u runs, every budget 4..%" PRIu64 " (%u) and run capacity 1..%u "
	       "continued to the end\n", engine, nwant, base_ptes + 1, budgets, caps);
	free(c.young);
	free(c.dirty);
	d->destroy(d);
	ra_mem_destroy(mem);
}

int main(void)
{
	const char *engines[] = { "w64", "w128", "nowc", "model" };

	for (unsigned i = 0; i < 4; i++) {
		whole_space(engines[i]);
		cuts(engines[i]);
	}
	return test_summary();
}

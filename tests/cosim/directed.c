// SPDX-License-Identifier: MIT
#include "directed.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TBL 0x40000000ull	/* page-table region (window 1) */
#define TBL_SIZE (1ull << 20)
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (2ull << 20)
#define OUTSIDE 0x50000000ull	/* a table address outside every window */

struct ctx {
	directed_make_fn make;
	void *mctx;
	FILE *tr;
	unsigned checks, failed;
	const char *cname;
};

#define CHECK(c, cond, ...)                                                                   \
	do {                                                                                  \
		(c)->checks++;                                                                \
		if (!(cond)) {                                                                \
			(c)->failed++;                                                        \
			fprintf(stderr, "directed: %s: ", (c)->cname);                        \
			fprintf(stderr, __VA_ARGS__);                                         \
			fputc('\n', stderr);                                                  \
		}                                                                             \
	} while (0)

/* The shared page tables: see the comments for what each VA exercises. */
static void build_tables(struct pt_build *b)
{
	/* L0[0] -> L1 table; L1[0] -> L2 table; L2[2] -> L3 table (VA 0x400000..0x5fffff) */
	pt_map(b, 0x400000, 0x80001000, 3, PTE_AF);			/* page, young */
	/* L3[1] stays invalid: VA 0x401000 */
	pt_set(b, 0x402000, 3, 0x80002000 | PTE_VALID);			/* L3 '01': fault */
	pt_map(b, 0x403000, 0x80003000, 3, PTE_AF | PTE_DBM);		/* young, dirty */
	pt_map(b, 0x404000, 0x80004000, 3, PTE_DBM);			/* old, dirty */
	pt_map(b, 0x405000, 0x80005000, 3, PTE_AF | PTE_DBM | PTE_AP2);	/* young, clean */
	pt_map(b, 0x406000, 0x10000000000ull, 3, PTE_AF);		/* OA = 2^40 */
	pt_map(b, 0x600000, 0x90000000, 2, PTE_AF | PTE_DBM);		/* L2[3] 2 MiB block */
	/* L2[4] invalid: VA 0x800000 */
	pt_map(b, 0xa00000, 0x20000000000ull, 2, PTE_AF);		/* L2[5] block, OA 2^41 */
	pt_map(b, 0x80000000, 0x140000000ull, 1, 0);			/* L1[2] 1 GiB block, old */
	/* L1[3] invalid: VA 0xc0000000 */
	pt_set(b, 0x140000000ull, 1, 0x10000000000ull | 3);		/* L1[5] table at 2^40 */
	pt_set(b, 0x180000000ull, 1, OUTSIDE | 3);			/* L1[6] table outside windows */
	pt_set(b, 0x8000000000ull, 0, 0x100000000ull | 1);		/* L0[1] block: fault */
	/* L0[256] invalid: VA 0x800000000000 */
}

static struct ra_dev *open_dev(struct ctx *c, struct ra_mem **mem, struct ra_host *h,
			       struct pt_build *b, unsigned pa_bits)
{
	struct ra_window w = { TBL, TBL + TBL_SIZE };
	struct ra_dev *d;

	*mem = ra_mem_create();
	ra_mem_add_region(*mem, TBL, TBL_SIZE);
	ra_mem_add_region(*mem, SCRATCH, SCRATCH_SIZE);
	pt_init(b, *mem, TBL, TBL_SIZE);
	build_tables(b);
	d = c->make(*mem, c->mctx);
	if (!d || ra_host_init(h, d, SCRATCH, SCRATCH_SIZE, &w, 1)) {
		CHECK(c, 0, "device did not come up");
		return NULL;
	}
	ra_host_set_pa_bits(h, pa_bits);
	return d;
}

static void close_dev(struct ra_dev *d, struct ra_mem *mem)
{
	if (d)
		d->destroy(d);
	ra_mem_destroy(mem);
}

static void tr_counters(struct ctx *c, struct ra_dev *d)
{
	if (!c->tr)
		return;
	fprintf(c->tr, "%s counters", c->cname);
	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++)
		fprintf(c->tr, " %s=%" PRIu64, ra_counter_names[i], ra_dev_counter(d, i));
	fputc('\n', c->tr);
}

struct walk_exp {
	uint64_t va, pa;
	unsigned level, fault;
	uint64_t desc;
};

static void walk_case(struct ctx *c, const char *name, unsigned pa_bits, const struct walk_exp *e,
		      unsigned n)
{
	struct ra_mem *mem;
	struct ra_host h;
	struct pt_build b;
	struct ra_walk_result res[32];
	struct ra_cpl cpl;
	uint64_t va[32];
	unsigned faults = 0, first = n;
	struct ra_dev *d;

	c->cname = name;
	d = open_dev(c, &mem, &h, &b, pa_bits);
	if (!d)
		goto out;
	for (unsigned i = 0; i < n; i++) {
		va[i] = e[i].va;
		if (e[i].fault) {
			faults++;
			if (first == n)
				first = i;
		}
	}
	if (ra_host_walk(&h, b.ttbr, va, n, res, &cpl)) {
		CHECK(c, 0, "walk did not complete");
		goto out;
	}
	CHECK(c, cpl.status == RA_ST_OK, "status %u", cpl.status);
	CHECK(c, cpl.count[0] == n && cpl.count[1] == faults, "counts %u/%u, expected %u/%u",
	      cpl.count[0], cpl.count[1], n, faults);
	if (first < n)
		CHECK(c, cpl.fault_kind == e[first].fault && cpl.fault_level == e[first].level &&
			 cpl.fault_va == e[first].va,
		      "first fault %u@%u va 0x%" PRIx64, cpl.fault_kind, cpl.fault_level,
		      cpl.fault_va);
	for (unsigned i = 0; i < n; i++) {
		CHECK(c, res[i].pa == e[i].pa && res[i].level == e[i].level &&
			 res[i].fault == e[i].fault && res[i].desc == e[i].desc,
		      "va 0x%" PRIx64 ": got pa 0x%" PRIx64 " level %u fault %u desc 0x%" PRIx64
		      ", expected pa 0x%" PRIx64 " level %u fault %u desc 0x%" PRIx64,
		      e[i].va, res[i].pa, res[i].level, res[i].fault, res[i].desc, e[i].pa,
		      e[i].level, e[i].fault, e[i].desc);
		if (c->tr)
			fprintf(c->tr, "%s va=%" PRIx64 " pa=%" PRIx64 " l=%u f=%u d=%" PRIx64 "\n",
				name, e[i].va, res[i].pa, res[i].level, res[i].fault, res[i].desc);
	}
	CHECK(c, ra_dev_counter(d, RA_CNT_WALKS) == n, "walks counter");
	CHECK(c, ra_dev_counter(d, RA_CNT_FAULTS) == faults, "faults counter");
	tr_counters(c, d);
out:
	close_dev(d, mem);
}

#define PG(pa, attrs) ((pa) | (attrs) | 3)

static void walks(struct ctx *c)
{
	const struct walk_exp w48[] = {
		{ 0x400000, 0x80001000, 3, 0, PG(0x80001000, PTE_AF) },
		{ 0x400123, 0x80001123, 3, 0, PG(0x80001000, PTE_AF) },
		{ 0xffff000000400abcull, 0x80001abc, 3, 0, PG(0x80001000, PTE_AF) },
		{ 0x401000, 0, 3, RA_FAULT_TRANSLATION, 0 },
		{ 0x402000, 0, 3, RA_FAULT_TRANSLATION, 0x80002001 },
		{ 0x405fff, 0x80005fff, 3, 0, PG(0x80005000, PTE_AF | PTE_DBM | PTE_AP2) },
		{ 0x406000, 0x10000000000ull, 3, 0, PG(0x10000000000ull, PTE_AF) },
		{ 0x612345, 0x90012345, 2, 0, 0x90000000 | PTE_AF | PTE_DBM | 1 },
		{ 0x800000, 0, 2, RA_FAULT_TRANSLATION, 0 },
		{ 0xa00010, 0x20000000010ull, 2, 0, 0x20000000000ull | PTE_AF | 1 },
		{ 0xabcdef12, 0x16bcdef12ull, 1, 0, 0x140000001ull },
		{ 0xc0000000, 0, 1, RA_FAULT_TRANSLATION, 0 },
		{ 0x140000000ull, 0, 2, RA_FAULT_BUS, 0 },	/* table at 2^40: outside windows */
		{ 0x180000000ull, 0, 2, RA_FAULT_BUS, 0 },
		{ 0x8000000000ull, 0, 0, RA_FAULT_TRANSLATION, 0x100000001ull },
		{ 0x800000000000ull, 0, 0, RA_FAULT_TRANSLATION, 0 },
		{ 0x0001000000400000ull, 0, 0, RA_FAULT_TRANSLATION, 0 },
		{ 0x8000000000400000ull, 0, 0, RA_FAULT_TRANSLATION, 0 },
	};
	const struct walk_exp w40[] = {
		{ 0x400000, 0x80001000, 3, 0, PG(0x80001000, PTE_AF) },
		{ 0x406000, 0, 3, RA_FAULT_ADDRESS_SIZE, PG(0x10000000000ull, PTE_AF) },
		{ 0xa00010, 0, 2, RA_FAULT_ADDRESS_SIZE, 0x20000000000ull | PTE_AF | 1 },
		{ 0x140000000ull, 0, 1, RA_FAULT_ADDRESS_SIZE, 0x10000000003ull },
		{ 0x612345, 0x90012345, 2, 0, 0x90000000 | PTE_AF | PTE_DBM | 1 },
	};
	/* PA_BITS 32: the 1 GiB block's output 0x140000000 is above 2^32 */
	const struct walk_exp w32[] = {
		{ 0x80000000, 0, 1, RA_FAULT_ADDRESS_SIZE, 0x140000001ull },
		{ 0x400000, 0x80001000, 3, 0, PG(0x80001000, PTE_AF) },
	};

	walk_case(c, "walk-pa48", 48, w48, sizeof(w48) / sizeof(w48[0]));
	walk_case(c, "walk-pa40", 40, w40, sizeof(w40) / sizeof(w40[0]));
	walk_case(c, "walk-pa32", 32, w32, sizeof(w32) / sizeof(w32[0]));
}

/* Walk-cache accounting on a sequential list, exact for the device's cache size. */
static void walk_cache(struct ctx *c)
{
	struct ra_mem *mem;
	struct ra_host h;
	struct pt_build b;
	struct ra_walk_result res[8];
	struct ra_cpl cpl;
	uint64_t va[8];
	unsigned wc;
	struct ra_dev *d;

	c->cname = "walk-cache";
	d = open_dev(c, &mem, &h, &b, 48);
	if (!d)
		goto out;
	/* 0x400000,0x401000 share an L3 table; 0x612345 shares the L2 table; 0x80000000 the L1 */
	va[0] = 0x400000;
	va[1] = 0x405000;
	va[2] = 0x612345;
	va[3] = 0x80000000;
	va[4] = 0x400000;
	wc = (d->rd(d, RA_REG_CAP) & RA_CAP_WALK_CACHE_MASK) >> RA_CAP_WALK_CACHE_SHIFT;
	if (ra_host_walk(&h, b.ttbr, va, 5, res, &cpl)) {
		CHECK(c, 0, "walk did not complete");
		goto out;
	}
	if (wc >= 3) {
		/* miss (4 reads, inserts L0,L1,L2); hit L2 (1 read); hit L1 (1 read, block);
		 * hit L0 (1 read, block); hit L2 (1 read) */
		CHECK(c, ra_dev_counter(d, RA_CNT_WALK_CACHE_HITS) == 4, "hits %" PRIu64,
		      ra_dev_counter(d, RA_CNT_WALK_CACHE_HITS));
		CHECK(c, ra_dev_counter(d, RA_CNT_WALK_CACHE_MISSES) == 1, "misses");
		CHECK(c, ra_dev_counter(d, RA_CNT_DESC_READ) == 8, "desc_read %" PRIu64,
		      ra_dev_counter(d, RA_CNT_DESC_READ));
	} else if (wc == 0) {
		CHECK(c, ra_dev_counter(d, RA_CNT_WALK_CACHE_HITS) == 0, "hits");
		CHECK(c, ra_dev_counter(d, RA_CNT_WALK_CACHE_MISSES) == 0, "misses");
		CHECK(c, ra_dev_counter(d, RA_CNT_DESC_READ) == 4 + 4 + 3 + 2 + 4, "desc_read");
	}
	CHECK(c, res[2].pa == 0x90012345 && res[3].pa == 0x140000000ull && res[4].pa == 0x80001000,
	      "translations");
	tr_counters(c, d);
out:
	close_dev(d, mem);
}

struct scan_exp {
	const char *name;
	unsigned pa_bits, flags, cap;
	uint64_t start, end;
	const unsigned *young, *dirty;	/* page indexes, terminated by ~0u; ranges as a,b,~1u */
	unsigned young_found, dirty_found, nrec, pte_scanned, lines;
	struct ra_scan_record rec[4];
	unsigned truncated;
};

#define END ~0u
#define TO ~1u	/* "a, TO, b": pages a..b */

static void bits_from(uint64_t *bm, const unsigned *l)
{
	for (unsigned i = 0; l && l[i] != END; i++) {
		if (l[i + 1] == TO) {
			for (unsigned p = l[i]; p <= l[i + 2]; p++)
				bm[p / 64] |= 1ull << (p % 64);
			i += 2;
		} else {
			bm[l[i] / 64] |= 1ull << (l[i] % 64);
		}
	}
}

static void scan_case(struct ctx *c, const struct scan_exp *e)
{
	struct ra_mem *mem;
	struct ra_host h;
	struct pt_build b;
	struct ra_scan_out so;
	struct ra_cpl cpl;
	uint64_t words = ((e->end - e->start) / 4096 + 63) / 64;
	uint64_t *ey = calloc(words, 8), *ed = calloc(words, 8);
	uint64_t before[16];
	const uint64_t watch[8] = { 0x400000, 0x403000, 0x404000, 0x405000, 0x406000, 0x600000,
				    0x80000000, 0xa00000 };
	const unsigned wlev[8] = { 3, 3, 3, 3, 3, 2, 1, 2 };
	struct ra_dev *d;

	c->cname = e->name;
	d = open_dev(c, &mem, &h, &b, e->pa_bits);
	if (!d)
		goto out;
	for (int i = 0; i < 8; i++)
		before[i] = ra_mem_rd64(mem, pt_entry_addr(&b, watch[i], wlev[i]));
	if (ra_host_scan(&h, b.ttbr, e->start, e->end, e->flags, e->cap, &so, &cpl)) {
		CHECK(c, 0, "scan did not complete");
		goto out;
	}
	CHECK(c, cpl.status == RA_ST_OK, "status %u", cpl.status);
	if (cpl.status != RA_ST_OK)
		goto out;
	bits_from(ey, e->young);
	bits_from(ed, e->dirty);
	for (uint64_t i = 0; i < words; i++) {
		CHECK(c, so.young[i] == ey[i], "young word %" PRIu64 ": 0x%" PRIx64 ", expected 0x%"
		      PRIx64, i, so.young[i], ey[i]);
		if (e->flags & RA_SCAN_REPORT_DIRTY)
			CHECK(c, so.dirty[i] == ed[i], "dirty word %" PRIu64 ": 0x%" PRIx64
			      ", expected 0x%" PRIx64, i, so.dirty[i], ed[i]);
		if (c->tr)
			fprintf(c->tr, "%s word %" PRIu64 " y=%" PRIx64 " d=%" PRIx64 "\n", e->name, i,
				so.young[i], so.dirty ? so.dirty[i] : 0);
	}
	CHECK(c, cpl.count[0] == e->young_found, "young leaves %u, expected %u", cpl.count[0],
	      e->young_found);
	CHECK(c, cpl.count[1] == e->nrec, "records %u, expected %u", cpl.count[1], e->nrec);
	CHECK(c, cpl.count[2] == e->pte_scanned, "pte_scanned %u, expected %u", cpl.count[2],
	      e->pte_scanned);
	CHECK(c, cpl.count[3] == e->dirty_found, "dirty leaves %u, expected %u", cpl.count[3],
	      e->dirty_found);
	CHECK(c, !!(cpl.flags & RA_CPL_TRUNCATED) == e->truncated, "truncated flag");
	CHECK(c, ra_dev_counter(d, RA_CNT_DESC_READ) == 8ull * e->lines,
	      "desc_read %" PRIu64 ", expected %u", ra_dev_counter(d, RA_CNT_DESC_READ),
	      8 * e->lines);
	CHECK(c, ra_dev_counter(d, RA_CNT_AF_CLEARED) ==
		     ((e->flags & RA_SCAN_CLEAR_AF) ? e->young_found : 0), "af_cleared");
	for (unsigned i = 0; i < so.nrec && i < 4; i++) {
		const struct ra_scan_record *r = &so.rec[i], *x = &e->rec[i];

		CHECK(c, r->va == x->va && r->level == x->level && r->type == x->type &&
			 r->young == x->young && r->dirty == x->dirty && r->desc == x->desc,
		      "record %u: va 0x%" PRIx64 " l%u type %u y%d d%d desc 0x%" PRIx64, i, r->va,
		      r->level, r->type, r->young, r->dirty, r->desc);
		if (c->tr)
			fprintf(c->tr, "%s rec va=%" PRIx64 " l=%u t=%u y=%d d=%d desc=%" PRIx64 "\n",
				e->name, r->va, r->level, r->type, r->young, r->dirty, r->desc);
	}
	if (cpl.count[1] && e->rec[0].type)
		CHECK(c, cpl.fault_kind == e->rec[0].type && cpl.fault_va == e->rec[0].va,
		      "first fault in completion");
	/* AF cleared exactly where a young leaf inside the range was reported */
	for (int i = 0; i < 8; i++) {
		uint64_t now = ra_mem_rd64(mem, pt_entry_addr(&b, watch[i], wlev[i]));
		uint64_t span = pt_span(wlev[i]);
		bool in = watch[i] < e->end && watch[i] + span > e->start;
		bool valid_leaf = (before[i] & PTE_AF) && !(e->pa_bits < 48 && i == 4) &&
				  !(e->pa_bits < 48 && i == 7);
		uint64_t expect = before[i];

		if ((e->flags & RA_SCAN_CLEAR_AF) && in && valid_leaf)
			expect &= ~PTE_AF;
		CHECK(c, now == expect, "descriptor of 0x%" PRIx64 ": 0x%" PRIx64 ", expected 0x%"
		      PRIx64, watch[i], now, expect);
	}
	ra_scan_out_free(&so);
	tr_counters(c, d);
out:
	free(ey);
	free(ed);
	close_dev(d, mem);
}

static void scans(struct ctx *c)
{
	static const unsigned y_full[] = { 0, 3, 5, 6, 512, TO, 1023, END };
	static const unsigned d_full[] = { 3, 4, 512, TO, 1023, END };
	static const unsigned y_full40[] = { 0, 3, 5, 512, TO, 1023, END };
	static const unsigned y_part[] = { 0, END };
	static const unsigned d_part[] = { 0, 1, END };
	static const unsigned y_edge[] = { 0, END };
	const struct scan_exp e[] = {
		{ .name = "scan-clear-dirty", .pa_bits = 48,
		  .flags = RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY, .cap = 16,
		  .start = 0x400000, .end = 0x800000, .young = y_full, .dirty = d_full,
		  .young_found = 5, .dirty_found = 3, .nrec = 2, .pte_scanned = 1 + 1 + 2 + 512,
		  .lines = 1 + 1 + 1 + 64,
		  .rec = { { 0x402000, 3, RA_FAULT_TRANSLATION, 0, 0, 0x80002001 },
			   { 0x600000, 2, 0, 1, 1, 0x90000000 | PTE_AF | PTE_DBM | 1 } } },
		{ .name = "scan-plain", .pa_bits = 48, .flags = 0, .cap = 16,
		  .start = 0x400000, .end = 0x800000, .young = y_full,
		  .young_found = 5, .dirty_found = 0, .nrec = 2, .pte_scanned = 516, .lines = 67,
		  .rec = { { 0x402000, 3, RA_FAULT_TRANSLATION, 0, 0, 0x80002001 },
			   { 0x600000, 2, 0, 1, 0, 0x90000000 | PTE_AF | PTE_DBM | 1 } } },
		{ .name = "scan-pa40", .pa_bits = 40, .flags = RA_SCAN_CLEAR_AF, .cap = 16,
		  .start = 0x400000, .end = 0xc00000, .young = y_full40,
		  .young_found = 4, .nrec = 4, .pte_scanned = 1 + 1 + 4 + 512, .lines = 67,
		  .rec = { { 0x402000, 3, RA_FAULT_TRANSLATION, 0, 0, 0x80002001 },
			   { 0x406000, 3, RA_FAULT_ADDRESS_SIZE, 0, 0,
			     0x10000000000ull | PTE_AF | 3 },
			   { 0x600000, 2, 0, 1, 0, 0x90000000 | PTE_AF | PTE_DBM | 1 },
			   { 0xa00000, 2, RA_FAULT_ADDRESS_SIZE, 0, 0,
			     0x20000000000ull | PTE_AF | 1 } } },
		{ .name = "scan-partial", .pa_bits = 48, .flags = RA_SCAN_REPORT_DIRTY, .cap = 16,
		  .start = 0x403000, .end = 0x405000, .young = y_part, .dirty = d_part,
		  .young_found = 1, .dirty_found = 2, .nrec = 0, .pte_scanned = 5, .lines = 4 },
		{ .name = "scan-block-edge", .pa_bits = 48, .flags = RA_SCAN_CLEAR_AF, .cap = 16,
		  .start = 0x7ff000, .end = 0x801000, .young = y_edge,
		  .young_found = 1, .nrec = 1, .pte_scanned = 4, .lines = 3,
		  .rec = { { 0x600000, 2, 0, 1, 0, 0x90000000 | PTE_AF | PTE_DBM | 1 } } },
		/* L1[2] old 1 GiB block, L1[3] invalid, L1[5] table at 2^40, L1[6] outside */
		{ .name = "scan-l1", .pa_bits = 48, .flags = RA_SCAN_CLEAR_AF, .cap = 16,
		  .start = 0x80000000, .end = 0x1c0000000ull,
		  /* one bus record per unreadable line: 64 for each of the two L2 tables */
		  .young_found = 0, .nrec = 1 + 64 + 64, .pte_scanned = 1 + 5, .lines = 1 + 1 + 0,
		  .truncated = 1,
		  .rec = { { 0x80000000, 1, 0, 0, 0, 0x140000001ull },
			   { 0x140000000ull, 2, RA_FAULT_BUS, 0, 0, 0 },
			   { 0x141000000ull, 2, RA_FAULT_BUS, 0, 0, 0 },
			   { 0x142000000ull, 2, RA_FAULT_BUS, 0, 0, 0 } } },
		{ .name = "scan-l1-pa40", .pa_bits = 40, .flags = 0, .cap = 16,
		  .start = 0x140000000ull, .end = 0x180000000ull,
		  .young_found = 0, .nrec = 1, .pte_scanned = 2, .lines = 2,
		  .rec = { { 0x140000000ull, 1, RA_FAULT_ADDRESS_SIZE, 0, 0, 0x10000000003ull } } },
		/* L0[1] block fault; L0[0]'s range part is empty of leaves past 0x1c0000000 */
		{ .name = "scan-l0", .pa_bits = 48, .flags = 0, .cap = 1,
		  .start = 0x7fffe00000ull, .end = 0x8000200000ull,
		  .young_found = 0, .nrec = 1, .pte_scanned = 2 + 1, .lines = 1 + 1,
		  .rec = { { 0x8000000000ull, 0, RA_FAULT_TRANSLATION, 0, 0, 0x100000001ull } } },
		{ .name = "scan-truncated", .pa_bits = 40, .flags = 0, .cap = 1,
		  .start = 0x400000, .end = 0xc00000, .young = y_full40,
		  .young_found = 4, .nrec = 4, .pte_scanned = 518, .lines = 67, .truncated = 1,
		  .rec = { { 0x402000, 3, RA_FAULT_TRANSLATION, 0, 0, 0x80002001 } } },
	};

	for (unsigned i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		scan_case(c, &e[i]);
}

/*
 * SCAN with RUNS over the range of "scan-clear-dirty", two runs per command: each command stops
 * at the leaf that would begin a third run and the next continues from its resume VA; with
 * CLEAR_AF the AF bits end as one scan leaves them.
 */
static void runs(struct ctx *c)
{
	static const struct ra_scan_run want[] = {
		{ 0x400000, 1, 1, 0 }, { 0x403000, 1, 1, 1 }, { 0x404000, 1, 0, 1 },
		{ 0x405000, 2, 1, 0 }, { 0x600000, 512, 1, 1 },
	};
	static const uint64_t resume[] = { 0x404000, 0x600000, 0 };
	const unsigned clears[2] = { 0, RA_SCAN_CLEAR_AF };

	for (unsigned pass = 0; pass < 2; pass++) {
		struct ra_mem *mem;
		struct ra_host h;
		struct pt_build b;
		struct ra_scan_args a = { .start = 0x400000, .end = 0x800000, .rec_cap = 16,
					  .run_cap = 2,
					  .flags = RA_SCAN_RUNS | RA_SCAN_REPORT_DIRTY | clears[pass] };
		struct ra_dev *d;
		unsigned n = 0, cmd = 0, nrec = 0;

		c->cname = pass ? "scan-runs-clear" : "scan-runs";
		d = open_dev(c, &mem, &h, &b, 48);
		if (!d)
			goto out;
		a.ttbr = b.ttbr;
		for (;; cmd++) {
			struct ra_scan_out o;
			struct ra_cpl cpl;

			if (cmd >= 3 || ra_host_scan_args(&h, &a, &o, &cpl) ||
			    cpl.status != RA_ST_OK) {
				CHECK(c, 0, "command %u did not complete", cmd);
				break;
			}
			CHECK(c, !!(cpl.flags & RA_CPL_RESUME) == !!resume[cmd] &&
				 (!resume[cmd] || cpl.fault_va == resume[cmd]),
			      "command %u: flags 0x%x VA 0x%" PRIx64 ", expected resume at 0x%" PRIx64,
			      cmd, cpl.flags, cpl.fault_va, resume[cmd]);
			for (unsigned i = 0; i < o.nrun; i++, n++) {
				CHECK(c, n < 5 && o.run[i].va == want[n].va &&
					 o.run[i].pages == want[n].pages &&
					 o.run[i].young == want[n].young && o.run[i].dirty == want[n].dirty,
				      "run %u: 0x%" PRIx64 "+%" PRIu64 " young %d dirty %d", n,
				      o.run[i].va, o.run[i].pages, o.run[i].young, o.run[i].dirty);
				if (c->tr)
					fprintf(c->tr, "%s run 0x%" PRIx64 " %" PRIu64 " %d %d\n",
						c->cname, o.run[i].va, o.run[i].pages, o.run[i].young,
						o.run[i].dirty);
			}
			nrec += o.nrec;
			if (c->tr)
				fprintf(c->tr, "%s command %u flags=0x%x va=0x%" PRIx64 " counts=%u,%u,%u,%u\n",
					c->cname, cmd, cpl.flags, cpl.fault_va, cpl.count[0],
					cpl.count[1], cpl.count[2], cpl.count[3]);
			ra_scan_out_free(&o);
			if (!(cpl.flags & RA_CPL_RESUME))
				break;
			a.start = cpl.fault_va;
		}
		CHECK(c, n == 5 && nrec == 1, "%u runs (5 expected), %u records (1: the translation "
		      "fault at 0x402000; no block record with RUNS)", n, nrec);
		if (pass)
			CHECK(c, !(ra_mem_rd64(mem, pt_entry_addr(&b, 0x405000, 3)) & PTE_AF) &&
				 !(ra_mem_rd64(mem, pt_entry_addr(&b, 0x600000, 2)) & PTE_AF),
			      "AF left set by the continued scans");
out:
		close_dev(d, mem);
	}
}

/* Malformed commands get error completions and touch nothing. */
static void errors(struct ctx *c)
{
	struct ra_mem *mem;
	struct ra_host h;
	struct pt_build b;
	struct ra_cpl cpl;
	uint8_t desc[64];
	struct ra_dev *d;
	unsigned hash_present;
	static const struct {
		const char *what;
		unsigned off, len;
		uint64_t val;
		unsigned status;
	} bad[] = {
		{ "opcode 0", 0, 1, 0, RA_ST_BAD_OPCODE },
		{ "opcode 9", 0, 1, 9, RA_ST_BAD_OPCODE },
		/* BAD_OPCODE without the page engines; with them, BAD_ARGS (TTBR != 0, ...) */
		{ "HASH with SCAN fields", 0, 1, RA_OP_HASH, RA_ST_BAD_OPCODE },
		{ "reserved", 2, 2, 1, RA_ST_BAD_ARGS },
		{ "flags bit 3", 1, 1, 8, RA_ST_BAD_ARGS },
		{ "RUNS without run capacity", 1, 1, RA_SCAN_RUNS, RA_ST_BAD_ARGS },
		{ "ttbr low bits", 8, 8, TBL | 0x10, RA_ST_BAD_ARGS },
		{ "start unaligned", 0x10, 8, 0x400800, RA_ST_BAD_ARGS },
		{ "end <= start", 0x18, 8, 0x400000, RA_ST_BAD_ARGS },
		{ "end > 2^48", 0x18, 8, 0x1000000001000ull, RA_ST_BAD_ARGS },
		{ "bitmap unaligned", 0x20, 8, SCRATCH + 0x10004, RA_ST_BAD_ARGS },
		{ "bitmap outside", 0x20, 8, 0x60000000, RA_ST_DMA },
		{ "records outside", 0x30, 8, 0x60000000, RA_ST_DMA },
		{ "budget 1", 0x3c, 4, 1, RA_ST_BAD_ARGS },
	};

	c->cname = "errors";
	d = open_dev(c, &mem, &h, &b, 48);
	if (!d)
		goto out;
	hash_present = (d->rd(d, RA_REG_CAP) & RA_CAP_ENGINES_MASK) >> RA_CAP_ENGINES_SHIFT >>
		       (RA_OP_HASH - 1) & 1;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned expect = bad[i].status;

		if (bad[i].off == 0 && bad[i].val == RA_OP_HASH && hash_present)
			expect = RA_ST_BAD_ARGS;
		memset(desc, 0, sizeof(desc));
		desc[0] = RA_OP_SCAN;
		desc[4] = (uint8_t)(0x40 + i);
		for (int k = 0; k < 8; k++) {
			desc[8 + k] = (uint8_t)(b.ttbr >> (8 * k));
			desc[0x10 + k] = (uint8_t)(0x400000ull >> (8 * k));
			desc[0x18 + k] = (uint8_t)(0x800000ull >> (8 * k));
			desc[0x20 + k] = (uint8_t)((SCRATCH + 0x10000) >> (8 * k));
			desc[0x30 + k] = (uint8_t)((SCRATCH + 0x20000) >> (8 * k));
		}
		desc[0x38] = 4;
		for (unsigned k = 0; k < bad[i].len; k++)
			desc[bad[i].off + k] = (uint8_t)(bad[i].val >> (8 * k));
		ra_mem_wr64(mem, SCRATCH + 0x10000, 0x5a5a5a5a5a5a5a5aull);
		if (ra_host_exec(&h, desc, &cpl)) {
			CHECK(c, 0, "%s: no completion", bad[i].what);
			continue;
		}
		CHECK(c, cpl.status == expect && cpl.tag == 0x40 + i &&
			 !cpl.count[0] && !cpl.count[1] && !cpl.count[2] && !cpl.fault_kind,
		      "%s: status %u tag 0x%x, expected status %u", bad[i].what, cpl.status, cpl.tag,
		      expect);
		CHECK(c, ra_mem_rd64(mem, SCRATCH + 0x10000) == 0x5a5a5a5a5a5a5a5aull,
		      "%s: the bitmap was written", bad[i].what);
		if (c->tr)
			fprintf(c->tr, "errors %s status=%u\n", bad[i].what, cpl.status);
	}
	/* WALK: count 0 and > 2^20, unaligned result list */
	{
		static const struct {
			const char *what;
			uint64_t count, out;
		} wb[] = { { "walk count 0", 0, SCRATCH + 0x20000 },
			   { "walk count 2^20+1", (1u << 20) + 1, SCRATCH + 0x20000 },
			   { "walk result unaligned", 1, SCRATCH + 0x20008 } };

		for (unsigned i = 0; i < 3; i++) {
			memset(desc, 0, sizeof(desc));
			desc[0] = RA_OP_WALK;
			for (int k = 0; k < 8; k++) {
				desc[8 + k] = (uint8_t)(b.ttbr >> (8 * k));
				desc[0x10 + k] = (uint8_t)((SCRATCH + 0x10000) >> (8 * k));
				desc[0x18 + k] = (uint8_t)(wb[i].out >> (8 * k));
				desc[0x20 + k] = (uint8_t)(wb[i].count >> (8 * k));
			}
			if (ra_host_exec(&h, desc, &cpl)) {
				CHECK(c, 0, "%s: no completion", wb[i].what);
				continue;
			}
			CHECK(c, cpl.status == RA_ST_BAD_ARGS, "%s: status %u", wb[i].what,
			      cpl.status);
		}
	}
	CHECK(c, ra_dev_counter(d, RA_CNT_COMMANDS) == 17, "commands counter %" PRIu64,
	      ra_dev_counter(d, RA_CNT_COMMANDS));
	CHECK(c, ra_dev_counter(d, RA_CNT_DESC_READ) == 0, "no table read");
	tr_counters(c, d);
out:
	close_dev(d, mem);
}

unsigned directed_run(directed_make_fn make, void *mctx, FILE *tr, unsigned *checks)
{
	struct ctx c = { .make = make, .mctx = mctx, .tr = tr };

	walks(&c);
	walk_cache(&c);
	scans(&c);
	runs(&c);
	errors(&c);
	*checks = c.checks;
	return c.failed;
}

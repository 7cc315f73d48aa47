// SPDX-License-Identifier: MIT
/* Random configurations of the differential tests and their comparison; see randcfg.h. */
#include "randcfg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_NAME "randcfg"
#include "../test_util.h"

static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

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

static void fill_table(struct randcfg *g, uint64_t table, unsigned level, uint64_t va_base,
		       int depth);

/* A table for the next level: new, shared, or pointing somewhere odd. */
static uint64_t rand_table_desc(struct randcfg *g, unsigned level, uint64_t va, int depth)
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

static void add_va(struct randcfg *g, uint64_t va)
{
	if (g->nvas < 256)
		g->vas[g->nvas++] = va;
}

static void fill_table(struct randcfg *g, uint64_t table, unsigned level, uint64_t va_base,
		       int depth)
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

static void gen_config(struct randcfg *g, struct ra_mem *mem)
{
	memset(g, 0, sizeof(*g));
	pt_init(&g->b, mem, RANDCFG_TBL, RANDCFG_TBL_SIZE);
	g->tables[0][0] = g->b.ttbr;
	g->ntables[0] = 1;
	fill_table(g, g->b.ttbr, 0, 0, 0);
	static const unsigned pab[] = { 32, 36, 40, 44, 48, 48, 48 };
	g->pa_bits = pab[rn(7)];
}

/*
 * The page commands (drawn after everything above). Pool page i is zero, random, one byte set,
 * or a copy of an earlier page (equal, or with one or two bytes changed). Window 2 leaves the
 * first 0..1 and the last 0..2 pool pages outside. Entries: mostly pool pages, else a
 * misaligned PA, a PA at or beyond 2^PA_BITS, garbage, or a page outside every window; CMP
 * pairs a page with its copy or itself, COPY sometimes copies a page onto itself or chains
 * (source = previous destination). Now and then the list or the results lie in a pool page
 * (which the command may then hash, compare or overwrite), or the results lie outside every
 * window (DMA error).
 */
#define POOL_PAGE(i) (RANDCFG_POOL + 4096ull * (i))

/* A page PA: a pool page one time in four (faults are cheap to simulate, pages are not). */
static uint64_t rand_page_pa(const struct randcfg *g)
{
	switch (rn(20) / 3) {
	case 0: return POOL_PAGE(rn(RANDCFG_POOL_PAGES)) + (rn(2) ? 8ull * (1 + rn(511)) : 1 + rn(7));
	case 1: return (1ull << g->pa_bits) + 4096ull * rn(4);	/* at or beyond 2^PA_BITS */
	case 2: return rnd();					/* garbage */
	case 3: return 0x60000000ull + 4096ull * rn(16);	/* outside every window */
	case 4: return (1ull << g->pa_bits) - 4096;		/* last page: outside the windows */
	default: return POOL_PAGE(rn(RANDCFG_POOL_PAGES));
	}
}

static void gen_pages(struct randcfg *c, struct ra_mem *mem)
{
	static uint8_t page[RANDCFG_POOL_PAGES][4096];
	int twin[RANDCFG_POOL_PAGES];
	unsigned ntwin = 0, lo, hi;

	ra_mem_add_region(mem, RANDCFG_POOL, 4096ull * RANDCFG_POOL_PAGES);
	for (unsigned i = 0; i < RANDCFG_POOL_PAGES; i++) {
		unsigned kind = rn(8);

		twin[i] = -1;
		if (kind >= 5 && i > 0) {
			unsigned from = rn(i);

			memcpy(page[i], page[from], 4096);
			twin[i] = (int)from;
			ntwin++;
			for (unsigned k = 0, nb = kind - 5; k < nb; k++)
				page[i][rn(4096)] ^= (uint8_t)(1 + rn(255));
		} else if (kind < 2) {
			memset(page[i], 0, 4096);
		} else if (kind == 2) {
			memset(page[i], 0, 4096);
			page[i][rn(4096)] = (uint8_t)(1 + rn(255));
		} else {
			for (unsigned k = 0; k < 4096; k += 8) {
				uint64_t v = rnd();

				memcpy(page[i] + k, &v, 8);
			}
		}
		ra_mem_write(mem, POOL_PAGE(i), page[i], 4096);
	}
	lo = rn(2);
	hi = RANDCFG_POOL_PAGES - rn(3);
	c->win2_base = POOL_PAGE(lo);
	c->win2_limit = POOL_PAGE(hi);

	for (unsigned op = 0; op < 3; op++) {
		struct randcfg_page_cmd *pc = &c->pc[op];
		unsigned esz = op ? 16 : 8;

		pc->op = RA_OP_HASH + op;
		pc->n = 1 + rn(2);	/* small: about 1,700 cycles for the three commands */
		for (unsigned i = 0; i < pc->n; i++) {
			uint64_t a = rand_page_pa(c), b = rand_page_pa(c);

			if (op == 0) {
				pc->pa[i] = a;
				continue;
			}
			if (op == 2 && rn(4))
				b = POOL_PAGE(rn(RANDCFG_POOL_PAGES));	/* a destination */
			if (op == 1 && ntwin && rn(4) == 0) {
				unsigned j;

				do
					j = rn(RANDCFG_POOL_PAGES);
				while (twin[j] < 0);
				a = POOL_PAGE(twin[j]);
				b = POOL_PAGE(j);
			} else if (rn(6) == 0) {
				b = a;					/* a page with itself */
			} else if (op == 2 && i > 0 && rn(3) == 0) {
				a = pc->pa[2 * i - 1];			/* chain */
			}
			pc->pa[2 * i] = a;
			pc->pa[2 * i + 1] = b;
		}
		/* list and results: in the scratch area at varied offsets, or in a pool page */
		pc->list = RANDCFG_SCRATCH + 0x300000 + 0x2000 * op + esz * rn(64 / esz);
		pc->res = RANDCFG_SCRATCH + 0x301000 + 0x2000 * op + 8 * rn(8);
		if (rn(6) == 0)
			pc->list = POOL_PAGE(lo + rn(hi - lo)) + esz * rn(4096 / esz - 2 * RANDCFG_PAGE_MAX);
		if (rn(6) == 0)
			pc->res = POOL_PAGE(lo + rn(hi - lo)) + 8 * rn(512 - RANDCFG_PAGE_MAX);
		if (rn(32) == 0)
			pc->res = 0x60000000ull;			/* DMA error */
		/*
		 * Read after write within the command (1 in 8): the last entry reads the page that
		 * holds the results (HASH, CMP), or the first COPY overwrites the page holding the
		 * list's second line (the next entry then comes from the copied bytes).
		 */
		if (rn(8) == 0) {
			uint64_t p = POOL_PAGE(lo + rn(hi - lo));

			pc->n = 2;
			if (op < 2) {
				pc->res = p + 8 * rn(512 - RANDCFG_PAGE_MAX);
				pc->pa[op ? 2 : 1] = p;
			} else {
				pc->list = p + 64 * rn(62) + 48;
				pc->pa[0] = POOL_PAGE(rn(RANDCFG_POOL_PAGES));
				pc->pa[1] = p;
			}
		}
	}
}

/* One page command from its plan: list written at pc->list, results read from pc->res. */
static int run_page_cmd(struct ra_host *h, const struct randcfg_page_cmd *pc, unsigned tag,
			uint64_t *res, struct ra_cpl *cpl)
{
	struct ra_mem *mem = h->dev->mem;
	unsigned entries = pc->op == RA_OP_HASH ? pc->n : 2 * pc->n;
	uint64_t f[3] = { pc->list, pc->res, pc->n };
	uint8_t desc[64];

	for (unsigned i = 0; i < entries; i++)
		ra_mem_wr64(mem, pc->list + 8ull * i, pc->pa[i]);
	memset(desc, 0, sizeof(desc));
	desc[0] = (uint8_t)pc->op;
	for (int k = 0; k < 4; k++)
		desc[4 + k] = (uint8_t)(tag >> (8 * k));
	for (int a = 0; a < 3; a++)
		for (int k = 0; k < 8; k++)
			desc[0x10 + 8 * a + k] = (uint8_t)(f[a] >> (8 * k));
	if (ra_host_exec(h, desc, cpl))
		return -1;
	for (unsigned i = 0; i < pc->n && (cpl->status == RA_ST_OK || cpl->status == RA_ST_BUS);
	     i++)
		res[i] = ra_mem_rd64(mem, pc->res + 8ull * i);
	return 0;
}

static void *grow(void *p, size_t n, size_t size)
{
	void *q = realloc(p, (n ? n : 1) * size);

	if (!q)
		abort();
	return q;
}

/* Continue SCAN @a from its resume VA until it ends; collect what the commands wrote. */
static int run_chain(struct ra_host *h, struct ra_scan_args a, struct randcfg_chain *ch)
{
	uint64_t start = a.start, npages = (a.end - a.start) >> 12, words = (npages + 63) / 64;
	int err = 0;

	memset(ch, 0, sizeof(*ch));
	if (!(a.flags & RA_SCAN_RUNS)) {
		ch->young = calloc(words ? words : 1, 8);
		ch->dirty = calloc(words ? words : 1, 8);
		if (!ch->young || !ch->dirty)
			abort();
	}
	while (ch->ncmd < RANDCFG_CHAIN_MAX) {
		struct ra_scan_out o;
		struct ra_cpl *cpl = &ch->cpl[ch->ncmd++];

		if (ra_host_scan_args(h, &a, &o, cpl)) {
			err = -1;
			break;
		}
		if (cpl->status != RA_ST_OK && cpl->status != RA_ST_BUS) {
			ra_scan_out_free(&o);
			break;
		}
		for (unsigned i = 0; i < o.nrun; i++) {
			struct ra_scan_run *l = ch->nrun ? &ch->run[ch->nrun - 1] : NULL;

			if (l && l->va + 4096 * l->pages == o.run[i].va &&
			    l->young == o.run[i].young && l->dirty == o.run[i].dirty) {
				l->pages += o.run[i].pages;
			} else {
				ch->run = grow(ch->run, ch->nrun + 1, sizeof(*ch->run));
				ch->run[ch->nrun++] = o.run[i];
			}
		}
		ch->rec = grow(ch->rec, ch->nrec + o.nrec, sizeof(*ch->rec));
		memcpy(ch->rec + ch->nrec, o.rec, o.nrec * sizeof(*o.rec));
		ch->nrec += o.nrec;
		ra_scan_out_merge(&o, a.start, a.end, start, ch->young, ch->dirty);
		ra_scan_out_free(&o);
		if (!(cpl->flags & RA_CPL_RESUME)) {
			ch->done = 1;
			break;
		}
		a.start = cpl->fault_va;
	}
	return err;
}

static void chain_free(struct randcfg_chain *ch)
{
	free(ch->run);
	free(ch->rec);
	free(ch->young);
	free(ch->dirty);
	memset(ch, 0, sizeof(*ch));
}

/* Is page @q (from the scan's start) set in the runs of @ch with the state young/dirty? */
static void runs_to_bitmaps(const struct randcfg_chain *ch, uint64_t start, uint64_t words,
			    uint64_t *young, uint64_t *dirty)
{
	memset(young, 0, 8 * words);
	memset(dirty, 0, 8 * words);
	for (unsigned i = 0; i < ch->nrun; i++)
		for (uint64_t p = 0; p < ch->run[i].pages; p++) {
			uint64_t q = ((ch->run[i].va - start) >> 12) + p;

			if (ch->run[i].young)
				young[q / 64] |= 1ull << (q % 64);
			if (ch->run[i].dirty)
				dirty[q / 64] |= 1ull << (q % 64);
		}
}

/* The oracle of "Budget and resume": chain @ch against the single scan @so (its completion
 * @cpl, record capacity @cap). Returns a reason, or NULL. */
static const char *chain_vs_single(const struct randcfg *g, const struct randcfg_chain *ch,
				   const struct ra_scan_out *so, const struct ra_cpl *cpl,
				   unsigned cap, int runs, char *buf, size_t bl)
{
	uint64_t words = (so->npages + 63) / 64, *y, *d;
	unsigned n = 0;

	if (!ch->done || cpl->status != RA_ST_OK || !so->young)
		return NULL;	/* not comparable: unfinished chain, a bus error */
	for (unsigned i = 0; i < ch->ncmd; i++)
		if (ch->cpl[i].status != RA_ST_OK)
			return NULL;
	y = calloc(words ? words : 1, 8);
	d = calloc(words ? words : 1, 8);
	if (!y || !d)
		abort();
	if (runs) {
		runs_to_bitmaps(ch, g->start, words, y, d);
	} else {
		memcpy(y, ch->young, 8 * words);
		memcpy(d, ch->dirty, 8 * words);
	}
	for (uint64_t i = 0; i < words; i++)
		if (y[i] != so->young[i] || d[i] != (so->dirty ? so->dirty[i] : 0)) {
			snprintf(buf, bl, "bitmap word %" PRIu64 ": chain 0x%" PRIx64 "/0x%" PRIx64
				 " single 0x%" PRIx64 "/0x%" PRIx64, i, y[i], d[i], so->young[i],
				 so->dirty ? so->dirty[i] : 0);
			free(y);
			free(d);
			return buf;
		}
	free(y);
	free(d);
	if (cpl->count[1] > cap)
		return NULL;	/* the single scan's records were truncated */
	for (unsigned i = 0; i < ch->ncmd; i++)
		if (ch->cpl[i].flags & RA_CPL_TRUNCATED)
			return NULL;	/* so were the chain's */
	for (unsigned i = 0; i < so->nrec; i++) {
		if (runs && !so->rec[i].type)
			continue;	/* block records: not produced with RUNS */
		if (n >= ch->nrec || memcmp(&so->rec[i], &ch->rec[n], sizeof(so->rec[i])))
			return snprintf(buf, bl, "record %u differs (chain has %u)", i, ch->nrec),
			       buf;
		n++;
	}
	if (n != ch->nrec)
		return snprintf(buf, bl, "chain has %u records, single scan %u", ch->nrec, n), buf;
	return NULL;
}

void randcfg_run(struct ra_dev *d, const struct randcfg *g, struct randcfg_out *o)
{
	struct ra_host h;
	struct ra_window w = { RANDCFG_TBL, RANDCFG_TBL + RANDCFG_TBL_SIZE };
	const uint64_t *va = g->va;
	unsigned nva = g->nva, flags = g->flags, cap = g->cap;
	uint64_t start = g->start, end = g->end;
	uint8_t *t0 = malloc(RANDCFG_TBL_SIZE), *t2 = malloc(RANDCFG_TBL_SIZE);
	uint8_t *t = malloc(RANDCFG_TBL_SIZE);
	struct ra_scan_args sa = { .ttbr = g->b.ttbr, .start = start, .end = end,
				   .flags = RA_SCAN_RUNS | (flags & RA_SCAN_REPORT_DIRTY),
				   .rec_cap = 64, .run_cap = g->run_cap, .budget = g->budget };
	const char *why = NULL;
	char wb[160];

	if (!t0 || !t2 || !t)
		abort();
	memset(o, 0, sizeof(*o));
	o->err = ra_host_init(&h, d, RANDCFG_SCRATCH, RANDCFG_SCRATCH_SIZE, &w, 1);
	ra_host_set_pa_bits(&h, g->pa_bits);
	o->err |= ra_host_walk(&h, g->b.ttbr, va, nva, o->res, &o->cpl[0]);
	ra_mem_read(d->mem, RANDCFG_TBL, t0, RANDCFG_TBL_SIZE);
	o->err |= ra_host_scan(&h, g->b.ttbr, start, end, flags & RA_SCAN_REPORT_DIRTY, cap,
			       &o->so[0], &o->cpl[1]);
	o->err |= ra_host_scan(&h, g->b.ttbr, start, end, flags | RA_SCAN_CLEAR_AF, cap, &o->so[1],
			       &o->cpl[2]);
	ra_mem_read(d->mem, RANDCFG_TBL, t2, RANDCFG_TBL_SIZE);
	/* the page pool's window, then HASH, CMP, COPY */
	d->wr(d, RA_REG_WIN_BASE_LO(2), (uint32_t)g->win2_base);
	d->wr(d, RA_REG_WIN_BASE_HI(2), (uint32_t)(g->win2_base >> 32));
	d->wr(d, RA_REG_WIN_LIMIT_LO(2), (uint32_t)g->win2_limit);
	d->wr(d, RA_REG_WIN_LIMIT_HI(2), (uint32_t)(g->win2_limit >> 32));
	for (unsigned c = 0; c < 3; c++)
		o->err |= run_page_cmd(&h, &g->pc[c], 0x100 + c, o->pres[c], &o->cpl[3 + c]);

	/* the continued scans, from the tables as they were before SCAN | CLEAR_AF */
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		o->counters_pre[i] = ra_dev_counter(d, i);
	ra_mem_write(d->mem, RANDCFG_TBL, t0, RANDCFG_TBL_SIZE);
	o->err |= run_chain(&h, sa, &o->ch[0]);
	why = chain_vs_single(g, &o->ch[0], &o->so[0], &o->cpl[1], cap, 1, wb, sizeof(wb));
	if (why)
		snprintf(o->oracle, sizeof(o->oracle), "RUNS chain: %s", why);
	sa.flags |= RA_SCAN_CLEAR_AF;
	o->err |= run_chain(&h, sa, &o->ch[1]);
	why = chain_vs_single(g, &o->ch[1], &o->so[1], &o->cpl[2], cap, 1, wb, sizeof(wb));
	ra_mem_read(d->mem, RANDCFG_TBL, t, RANDCFG_TBL_SIZE);
	if (!why && o->ch[1].done && o->cpl[2].status == RA_ST_OK &&
	    memcmp(t, t2, RANDCFG_TBL_SIZE))
		why = "the tables differ from the single SCAN | CLEAR_AF's";
	if (why && !o->oracle[0])
		snprintf(o->oracle, sizeof(o->oracle), "RUNS | CLEAR_AF chain: %s", why);
	ra_mem_write(d->mem, RANDCFG_TBL, t0, RANDCFG_TBL_SIZE);
	sa.flags = flags | RA_SCAN_CLEAR_AF;
	sa.budget = g->bm_budget;
	if (ra_host_scan_max_pages(&h, sa.rec_cap) >= (end - start) >> 12) {
		o->err |= run_chain(&h, sa, &o->ch[2]);
		why = chain_vs_single(g, &o->ch[2], &o->so[1], &o->cpl[2], cap, 0, wb, sizeof(wb));
		ra_mem_read(d->mem, RANDCFG_TBL, t, RANDCFG_TBL_SIZE);
		if (!why && o->ch[2].done && o->cpl[2].status == RA_ST_OK &&
		    memcmp(t, t2, RANDCFG_TBL_SIZE))
			why = "the tables differ from the single SCAN | CLEAR_AF's";
		if (why && !o->oracle[0])
			snprintf(o->oracle, sizeof(o->oracle), "bitmap chain: %s", why);
	}
	free(t0);
	free(t2);
	free(t);
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		o->counters[i] = ra_dev_counter(d, i);
	for (int k = 0; k < 3; k++)
		for (unsigned i = 0; i < o->ch[k].ncmd; i++)
			o->stops += !!(o->ch[k].cpl[i].flags & RA_CPL_RESUME);
}

static int chain_diff(const struct randcfg_chain *a, const struct randcfg_chain *b, int k,
		      uint64_t words, char *why, size_t wl)
{
	if (a->ncmd != b->ncmd || a->done != b->done)
		return snprintf(why, wl, "chain %d: %u/%u commands", k, a->ncmd, b->ncmd), 1;
	for (unsigned i = 0; i < a->ncmd; i++) {
		struct ra_cpl x = a->cpl[i];
		const unsigned busf = RA_CPL_BUS_READ | RA_CPL_BUS_WRITE | RA_CPL_BUS_ATOMIC;

		/* a read ahead of a stop answered with an error may add BUS_READ on the RTL */
		if ((x.flags & RA_CPL_RESUME) && (x.flags & ~b->cpl[i].flags) == RA_CPL_BUS_READ) {
			x.flags = b->cpl[i].flags;
			if (!(x.flags & busf) && b->cpl[i].status == RA_ST_OK)
				x.status = RA_ST_OK;
		}
		if (memcmp(&x, &b->cpl[i], sizeof(x)))
			return snprintf(why, wl, "chain %d command %u: status %u/%u flags 0x%x/0x%x "
					"counts %u,%u,%u,%u / %u,%u,%u,%u va %" PRIx64 "/%" PRIx64, k, i,
					a->cpl[i].status, b->cpl[i].status, a->cpl[i].flags,
					b->cpl[i].flags, a->cpl[i].count[0], a->cpl[i].count[1],
					a->cpl[i].count[2], a->cpl[i].count[3], b->cpl[i].count[0],
					b->cpl[i].count[1], b->cpl[i].count[2], b->cpl[i].count[3],
					a->cpl[i].fault_va, b->cpl[i].fault_va), 1;
	}
	if (a->nrun != b->nrun || a->nrec != b->nrec)
		return snprintf(why, wl, "chain %d: %u/%u runs, %u/%u records", k, a->nrun, b->nrun,
				a->nrec, b->nrec), 1;
	for (unsigned i = 0; i < a->nrun; i++)
		if (memcmp(&a->run[i], &b->run[i], sizeof(a->run[i])))
			return snprintf(why, wl, "chain %d run %u: va %" PRIx64 "/%" PRIx64 " pages %"
					PRIu64 "/%" PRIu64, k, i, a->run[i].va, b->run[i].va,
					a->run[i].pages, b->run[i].pages), 1;
	for (unsigned i = 0; i < a->nrec; i++)
		if (memcmp(&a->rec[i], &b->rec[i], sizeof(a->rec[i])))
			return snprintf(why, wl, "chain %d record %u differs", k, i), 1;
	for (uint64_t i = 0; a->young && i < words; i++)
		if (a->young[i] != b->young[i] || a->dirty[i] != b->dirty[i])
			return snprintf(why, wl, "chain %d bitmap word %" PRIu64 " differs", k, i), 1;
	return 0;
}

int randcfg_diff(const struct randcfg_out *a, const struct randcfg_out *b, unsigned nva,
		 char *why, size_t wl)
{
	if (a->err || b->err)
		return snprintf(why, wl, "a command did not complete (rtl %d model %d)", a->err,
				b->err), 1;
	for (int i = 0; i < 6; i++)
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
	for (int k = 0; k < 3; k++)
		if (chain_diff(&a->ch[k], &b->ch[k], k, (a->so[0].npages + 63) / 64, why, wl))
			return 1;
	if (a->oracle[0] || b->oracle[0])
		return snprintf(why, wl, "%s%s%s%s", a->oracle[0] ? "rtl: " : "", a->oracle,
				b->oracle[0] ? " model: " : "", b->oracle), 1;
	for (int c = 0; c < 3; c++)
		for (unsigned i = 0; i < RANDCFG_PAGE_MAX; i++)
			if (a->pres[c][i] != b->pres[c][i])
				return snprintf(why, wl, "%s result %u differs: 0x%016" PRIx64 " / 0x%016"
						PRIx64, (const char *[]){ "HASH", "CMP", "COPY" }[c], i,
						a->pres[c][i], b->pres[c][i]), 1;
	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++)
		if (a->counters_pre[i] != b->counters_pre[i])
			return snprintf(why, wl, "counter %s: rtl %" PRIu64 " model %" PRIu64,
					ra_counter_names[i], a->counters_pre[i], b->counters_pre[i]), 1;
	/* after a stop the RTL may have read ahead (at most RD_INFLIGHT <= 32 table lines of 8
	 * descriptors) what it does not interpret; the model reads nothing more (docs/device.md,
	 * "Budget and resume") */
	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++) {
		int ahead = i == RA_CNT_DESC_READ || i == RA_CNT_MEM_READ_BEATS;
		uint64_t x = a->counters[i] - a->counters_pre[i];
		uint64_t y = b->counters[i] - b->counters_pre[i];

		if (ahead ? x < y || x - y > 32ull * 8 * a->stops : x != y)
			return snprintf(why, wl, "counter %s over the continued scans: rtl %" PRIu64
					" model %" PRIu64 " (%u stops)", ra_counter_names[i], x, y,
					a->stops), 1;
	}
	return 0;
}


void randcfg_out_free(struct randcfg_out *o)
{
	ra_scan_out_free(&o->so[0]);
	ra_scan_out_free(&o->so[1]);
	for (int k = 0; k < 3; k++)
		chain_free(&o->ch[k]);
}

/*
 * The draws below are in the order test_diff has always made them (seed S gives the same
 * configuration as before randcfg existed): tables, WALK list, SCAN range, flags, capacity,
 * latency, then the bus timing fields in declaration order.
 */
void randcfg_make(struct randcfg *c, uint64_t seed, struct ra_mem *mem, unsigned data_bytes)
{
	rng = seed;
	ra_mem_add_region(mem, RANDCFG_TBL, RANDCFG_TBL_SIZE);
	ra_mem_add_region(mem, RANDCFG_SCRATCH, RANDCFG_SCRATCH_SIZE);
	gen_config(c, mem);
	c->nva = 1 + rn(48);
	for (unsigned i = 0; i < c->nva; i++) {
		switch (rn(10)) {
		case 0: c->va[i] = rnd(); break;
		case 1: c->va[i] = 0xffff000000000000ull | (rnd() & 0xffffffffffffull); break;
		default: c->va[i] = c->vas[rn(c->nvas)] + (rn(4) ? 0 : (rnd() & 0x3fffff)); break;
		}
	}
	{
		uint64_t anchor = c->vas[rn(c->nvas)] & 0xfffffffff000ull;
		uint64_t len = (1ull + rn(rn(8) == 0 ? 1u << 19 : 1u << 12)) << 12;

		c->start = anchor > len / 2 ? (anchor - len / 2) & ~0xfffull : 0;
		c->end = c->start + len;
		if (c->end > (1ull << 48))
			c->end = 1ull << 48;
	}
	c->flags = rn(2) ? RA_SCAN_REPORT_DIRTY : 0;
	c->cap = rn(4) ? 64 : rn(3);
	c->lat = rn(3) ? 1 + rn(20) : 100 + rn(60);
	memset(&c->bus, 0, sizeof(c->bus));
	c->bus.data_bytes = data_bytes;
	c->bus.rd_latency = c->lat;
	c->bus.wr_latency = 1 + rn(c->lat);
	c->bus.beat_cycles = rn(4) ? 1 : 2;
	c->bus.max_reads = 4 + rn(60);
	gen_pages(c, mem);
	c->run_cap = rn(3) ? 1 + rn(4) : 1000;
	c->budget = rn(2) ? 0 : rn(4) ? 4 + rn(40) : 40 + rn(2000);
	c->bm_budget = rn(4) ? 4 + rn(200) : 0;
}

// SPDX-License-Identifier: MIT
#include "ra_host.h"

#include <stdlib.h>
#include <string.h>

#include "ra_regs.h"

#define SQ_LOG2 6	/* 64 commands: one 4 KiB page */
#define CQ_LOG2 7	/* 128 completions: one 4 KiB page */
#define DEFAULT_MAX_CYCLES 4000000000ull

const char *const ra_counter_names[] = RA_COUNTER_NAMES;
static const char *const fault_names[] = RA_FAULT_NAMES;
static const char *const status_names[] = RA_STATUS_NAMES;

const char *ra_fault_name(unsigned kind)
{
	return kind < sizeof(fault_names) / sizeof(fault_names[0]) ? fault_names[kind] : "unknown";
}

const char *ra_status_name(unsigned st)
{
	return st < sizeof(status_names) / sizeof(status_names[0]) ? status_names[st] : "unknown";
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* ---- the ring client's register and memory callbacks on a struct ra_dev ---- */

static int io_wr32(void *ctx, uint32_t off, uint32_t v)
{
	struct ra_dev *d = ctx;

	d->wr(d, off, v);
	return 0;
}

static int io_rd32(void *ctx, uint32_t off, uint32_t *v)
{
	struct ra_dev *d = ctx;

	*v = d->rd(d, off);
	return 0;
}

static int io_mem_wr(void *ctx, uint64_t pa, const uint64_t *w, unsigned n)
{
	struct ra_dev *d = ctx;

	for (unsigned i = 0; i < n; i++)
		ra_mem_wr64(d->mem, pa + 8ull * i, w[i]);
	return 0;
}

static int io_mem_rd(void *ctx, uint64_t pa, uint64_t *w, unsigned n)
{
	struct ra_dev *d = ctx;

	for (unsigned i = 0; i < n; i++)
		w[i] = ra_mem_rd64(d->mem, pa + 8ull * i);
	return 0;
}

int ra_host_init(struct ra_host *h, struct ra_dev *dev, uint64_t scratch, uint64_t scratch_size,
		 const struct ra_window *win, unsigned nwin)
{
	struct ra_dev *d = dev;

	if (scratch_size < RA_HOST_SCRATCH_MIN || (scratch & 0xfff) || nwin > RA_NUM_WINDOWS - 1)
		return -1;
	memset(h, 0, sizeof(*h));
	h->dev = dev;
	h->scratch = scratch;
	h->scratch_size = scratch_size;
	h->io = (struct ra_ring_io){ .ctx = dev, .wr32 = io_wr32, .rd32 = io_rd32,
				     .mem_wr = io_mem_wr, .mem_rd = io_mem_rd };
	h->ring = (struct ra_ring){ .io = &h->io, .sq = scratch, .cq = scratch + 4096,
				    .sq_log2 = SQ_LOG2, .cq_log2 = CQ_LOG2 };
	h->buf = scratch + 8192;
	h->next_tag = 1;
	h->max_cycles = DEFAULT_MAX_CYCLES;

	d->wr(d, RA_REG_CTRL, RA_CTRL_SOFT_RESET_MASK);
	ra_ring_set_window(&h->io, 0, scratch, scratch + scratch_size);
	for (unsigned i = 0; i < RA_NUM_WINDOWS - 1; i++)
		ra_ring_set_window(&h->io, i + 1, i < nwin ? win[i].base : 0,
				   i < nwin ? win[i].limit : 0);
	d->wr(d, RA_REG_INT_MASK, RA_INT_STATUS_CNT_OVF_MASK);
	ra_ring_start(&h->ring);
	return d->rd(d, RA_REG_ID) == RA_ID_VALUE ? 0 : -1;
}

void ra_host_set_pa_bits(struct ra_host *h, unsigned bits)
{
	h->dev->wr(h->dev, RA_REG_PA_BITS, bits);
}

/* Wait for the one command in flight and take its completion. */
static int wait_take(struct ra_host *h, struct ra_cpl *cpl)
{
	uint32_t n = 0;

	if (h->dev->run(h->dev, h->max_cycles))
		return -1;
	ra_ring_pending(&h->ring, &n);
	if (!n)
		return -1;	/* no completion: ring fault */
	return ra_ring_take(&h->ring, cpl);
}

int ra_host_exec(struct ra_host *h, const uint8_t desc[64], struct ra_cpl *cpl)
{
	uint64_t w[RA_DESC_WORDS];

	for (unsigned i = 0; i < RA_DESC_WORDS; i++)
		w[i] = get64(desc + 8 * i);
	ra_ring_submit_words(&h->ring, w);
	return wait_take(h, cpl);
}

int ra_host_exec_cmd(struct ra_host *h, const struct ra_command *c, struct ra_cpl *cpl)
{
	ra_ring_submit(&h->ring, c);
	return wait_take(h, cpl);
}

static struct ra_command cmd_init(struct ra_host *h, unsigned op, unsigned flags, uint64_t ttbr)
{
	return (struct ra_command){ .op = (uint8_t)op, .flags = (uint8_t)flags,
				    .tag = h->next_tag++, .ttbr = ttbr };
}

/*
 * A command that ran wrote its results: status OK, or BUS (a bus error is reported per access
 * in the results; docs/device.md, "Bus errors").
 */
static bool has_results(const struct ra_cpl *cpl)
{
	return cpl->status == RA_ST_OK || cpl->status == RA_ST_BUS;
}

/*
 * A command on lists in the scratch buffer: the @entries words of @list, then (line-aligned)
 * room for @n results of @res_bytes; arg0..arg2 = list, results, @n. Returns the results'
 * address, or 0 (no room, or the command could not run).
 */
static uint64_t list_cmd(struct ra_host *h, struct ra_command *c, const uint64_t *list,
			 unsigned entries, unsigned n, unsigned res_bytes, struct ra_cpl *cpl)
{
	uint64_t lpa = h->buf, rpa = (lpa + 8ull * entries + 63) & ~63ull;

	if (rpa + (uint64_t)res_bytes * n > h->scratch + h->scratch_size)
		return 0;
	for (unsigned i = 0; i < entries; i++)
		ra_mem_wr64(h->dev->mem, lpa + 8ull * i, list[i]);
	c->arg[0] = lpa;
	c->arg[1] = rpa;
	c->arg[2] = n;
	return ra_host_exec_cmd(h, c, cpl) ? 0 : rpa;
}

int ra_host_walk(struct ra_host *h, uint64_t ttbr, const uint64_t *va, unsigned n,
		 struct ra_walk_result *res, struct ra_cpl *cpl)
{
	struct ra_command c = cmd_init(h, RA_OP_WALK, 0, ttbr);
	uint64_t out = list_cmd(h, &c, va, n, n, RA_WALK_RESULT_BYTES, cpl);

	if (!out)
		return -1;
	for (unsigned i = 0; i < n && has_results(cpl); i++) {
		uint64_t w[RA_WALK_RES_WORDS];

		h->io.mem_rd(h->dev, out + (uint64_t)RA_WALK_RESULT_BYTES * i, w, RA_WALK_RES_WORDS);
		memset(&res[i], 0, sizeof(res[i]));	/* padding too: callers compare results */
		res[i].pa = ra_walk_res_pa(w);
		res[i].level = (unsigned)ra_walk_res_level(w);
		res[i].fault = (unsigned)ra_walk_res_fault(w);
		res[i].cached = ra_walk_res_cached(w);
		res[i].start = (unsigned)ra_walk_res_start(w);
		res[i].desc = ra_walk_res_desc(w);
	}
	return 0;
}

static int page_cmd(struct ra_host *h, unsigned op, const uint64_t *list, unsigned entries,
		    unsigned n, uint64_t *res, struct ra_cpl *cpl)
{
	struct ra_command c = cmd_init(h, op, 0, 0);
	uint64_t rpa = list_cmd(h, &c, list, entries, n, RA_PAGE_RESULT_BYTES, cpl);

	if (!rpa)
		return -1;
	for (unsigned i = 0; i < n && has_results(cpl); i++)
		res[i] = ra_mem_rd64(h->dev->mem, rpa + 8ull * i);
	return 0;
}

int ra_host_hash(struct ra_host *h, const uint64_t *pa, unsigned n, uint64_t *res,
		 struct ra_cpl *cpl)
{
	return page_cmd(h, RA_OP_HASH, pa, n, n, res, cpl);
}

int ra_host_cmp(struct ra_host *h, const uint64_t *pairs, unsigned n, uint64_t *res,
		struct ra_cpl *cpl)
{
	return page_cmd(h, RA_OP_CMP, pairs, 2 * n, n, res, cpl);
}

int ra_host_copy(struct ra_host *h, const uint64_t *pairs, unsigned n, uint64_t *res,
		 struct ra_cpl *cpl)
{
	return page_cmd(h, RA_OP_COPY, pairs, 2 * n, n, res, cpl);
}

uint64_t ra_host_scan_max_pages(const struct ra_host *h, unsigned cap)
{
	uint64_t room = h->scratch + h->scratch_size - h->buf - 16ull * cap - 128;

	return room / 2 / 8 * 64;
}

void ra_scan_out_merge(const struct ra_scan_out *o, uint64_t chunk_start, uint64_t end,
		       uint64_t range_start, uint64_t *young, uint64_t *dirty)
{
	uint64_t stop = o->resume ? o->resume_va : end;

	for (uint64_t p = 0; o->young && chunk_start + 4096 * p < stop; p++) {
		uint64_t q = ((chunk_start - range_start) >> 12) + p;

		if (o->young[p / 64] >> (p % 64) & 1)
			young[q / 64] |= 1ull << (q % 64);
		if (dirty && o->dirty && (o->dirty[p / 64] >> (p % 64) & 1))
			dirty[q / 64] |= 1ull << (q % 64);
	}
}

static void read_records(struct ra_mem *mem, uint64_t rec, struct ra_scan_out *o);

/* SCAN with bitmaps (no RUNS). */
static int scan_bitmaps(struct ra_host *h, const struct ra_scan_args *a, struct ra_scan_out *o,
			struct ra_cpl *cpl)
{
	struct ra_mem *mem = h->dev->mem;
	uint64_t npages = a->end > a->start ? (a->end - a->start) >> 12 : 0;
	uint64_t words = (npages + 63) / 64;
	uint64_t young = h->buf, dirty = young + 8 * words, rec = (dirty + 8 * words + 15) & ~15ull;
	struct ra_command c = cmd_init(h, RA_OP_SCAN, a->flags, a->ttbr);

	memset(o, 0, sizeof(*o));
	if (npages > ra_host_scan_max_pages(h, a->rec_cap))
		return -1;
	c.arg[0] = a->start;
	c.arg[1] = a->end;
	c.arg[2] = young;
	c.arg[3] = dirty;
	c.arg[4] = rec;
	c.arg5 = a->rec_cap;
	c.budget = a->budget;
	if (ra_host_exec_cmd(h, &c, cpl))
		return -1;
	o->npages = npages;
	if (!has_results(cpl))
		return 0;
	o->young = calloc(words ? words : 1, 8);
	o->dirty = (a->flags & RA_SCAN_REPORT_DIRTY) ? calloc(words ? words : 1, 8) : NULL;
	o->nrec = cpl->count[1] < a->rec_cap ? cpl->count[1] : a->rec_cap;
	o->rec = calloc(o->nrec ? o->nrec : 1, sizeof(*o->rec));
	if (!o->young || !o->rec || ((a->flags & RA_SCAN_REPORT_DIRTY) && !o->dirty))
		abort();
	for (uint64_t i = 0; i < words; i++) {
		o->young[i] = ra_mem_rd64(mem, young + 8 * i);
		if (o->dirty)
			o->dirty[i] = ra_mem_rd64(mem, dirty + 8 * i);
	}
	read_records(mem, rec, o);
	o->resume = cpl->flags & RA_CPL_RESUME;
	o->resume_va = o->resume ? cpl->fault_va : 0;
	return 0;
}

int ra_host_scan(struct ra_host *h, uint64_t ttbr, uint64_t start, uint64_t end, unsigned flags,
		 unsigned cap, struct ra_scan_out *o, struct ra_cpl *cpl)
{
	struct ra_scan_args a = { .ttbr = ttbr, .start = start, .end = end, .flags = flags,
				  .rec_cap = cap };

	return scan_bitmaps(h, &a, o, cpl);
}

void ra_scan_out_free(struct ra_scan_out *o)
{
	free(o->young);
	free(o->dirty);
	free(o->rec);
	free(o->run);
	memset(o, 0, sizeof(*o));
}

static void read_records(struct ra_mem *mem, uint64_t rec, struct ra_scan_out *o)
{
	for (unsigned i = 0; i < o->nrec; i++) {
		uint64_t w[RA_SCAN_REC_WORDS];

		for (unsigned k = 0; k < RA_SCAN_REC_WORDS; k++)
			w[k] = ra_mem_rd64(mem, rec + (uint64_t)RA_SCAN_RECORD_BYTES * i + 8 * k);
		o->rec[i].va = ra_scan_rec_va(w);
		o->rec[i].level = (unsigned)ra_scan_rec_level(w);
		o->rec[i].type = (unsigned)ra_scan_rec_type(w);
		o->rec[i].young = ra_scan_rec_young(w);
		o->rec[i].dirty = ra_scan_rec_dirty(w);
		o->rec[i].desc = ra_scan_rec_desc(w);
	}
}

int ra_host_scan_args(struct ra_host *h, const struct ra_scan_args *a, struct ra_scan_out *o,
		      struct ra_cpl *cpl)
{
	struct ra_mem *mem = h->dev->mem;
	uint64_t runs = h->buf, rec = runs + 16ull * a->run_cap;
	struct ra_command c = cmd_init(h, RA_OP_SCAN, a->flags, a->ttbr);

	if (!(a->flags & RA_SCAN_RUNS))
		return scan_bitmaps(h, a, o, cpl);
	memset(o, 0, sizeof(*o));
	if (rec + 16ull * a->rec_cap > h->scratch + h->scratch_size)
		return -1;
	c.arg[0] = a->start;
	c.arg[1] = a->end;
	c.arg[2] = runs;
	c.arg[3] = a->run_cap;
	c.arg[4] = rec;
	c.arg5 = a->rec_cap;
	c.budget = a->budget;
	if (ra_host_exec_cmd(h, &c, cpl))
		return -1;
	o->npages = a->end > a->start ? (a->end - a->start) >> 12 : 0;
	if (!has_results(cpl))
		return 0;
	o->nrec = cpl->count[1] < a->rec_cap ? cpl->count[1] : a->rec_cap;
	o->nrun = cpl->count[3];
	o->rec = calloc(o->nrec ? o->nrec : 1, sizeof(*o->rec));
	o->run = calloc(o->nrun ? o->nrun : 1, sizeof(*o->run));
	if (!o->rec || !o->run)
		abort();
	read_records(mem, rec, o);
	for (unsigned i = 0; i < o->nrun; i++) {
		uint64_t w[RA_SCAN_RUN_WORDS];

		for (unsigned k = 0; k < RA_SCAN_RUN_WORDS; k++)
			w[k] = ra_mem_rd64(mem, runs + (uint64_t)RA_SCAN_RUN_BYTES * i + 8 * k);
		o->run[i].va = ra_scan_run_va(w);
		o->run[i].young = ra_scan_run_young(w);
		o->run[i].dirty = ra_scan_run_dirty(w);
		o->run[i].pages = ra_scan_run_pages(w);
	}
	o->resume = cpl->flags & RA_CPL_RESUME;
	o->resume_va = o->resume ? cpl->fault_va : 0;
	return 0;
}

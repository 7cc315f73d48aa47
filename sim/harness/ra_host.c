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

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void set_window(struct ra_dev *d, unsigned i, uint64_t base, uint64_t limit)
{
	d->wr(d, RA_REG_WIN_BASE_LO(i), (uint32_t)base);
	d->wr(d, RA_REG_WIN_BASE_HI(i), (uint32_t)(base >> 32));
	d->wr(d, RA_REG_WIN_LIMIT_LO(i), (uint32_t)limit);
	d->wr(d, RA_REG_WIN_LIMIT_HI(i), (uint32_t)(limit >> 32));
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
	h->sq = scratch;
	h->cq = scratch + 4096;
	h->buf = scratch + 8192;
	h->sq_log2 = SQ_LOG2;
	h->cq_log2 = CQ_LOG2;
	h->next_tag = 1;
	h->max_cycles = DEFAULT_MAX_CYCLES;

	d->wr(d, RA_REG_CTRL, RA_CTRL_SOFT_RESET_MASK);
	set_window(d, 0, scratch, scratch + scratch_size);
	for (unsigned i = 0; i < RA_NUM_WINDOWS - 1; i++)
		set_window(d, i + 1, i < nwin ? win[i].base : 0, i < nwin ? win[i].limit : 0);
	d->wr(d, RA_REG_SQ_BASE_LO, (uint32_t)h->sq);
	d->wr(d, RA_REG_SQ_BASE_HI, (uint32_t)(h->sq >> 32));
	d->wr(d, RA_REG_SQ_SIZE, h->sq_log2);
	d->wr(d, RA_REG_CQ_BASE_LO, (uint32_t)h->cq);
	d->wr(d, RA_REG_CQ_BASE_HI, (uint32_t)(h->cq >> 32));
	d->wr(d, RA_REG_CQ_SIZE, h->cq_log2);
	d->wr(d, RA_REG_INT_MASK, RA_INT_STATUS_CNT_OVF_MASK);
	d->wr(d, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	return d->rd(d, RA_REG_ID) == RA_ID_VALUE ? 0 : -1;
}

void ra_host_set_pa_bits(struct ra_host *h, unsigned bits)
{
	h->dev->wr(h->dev, RA_REG_PA_BITS, bits);
}

int ra_host_exec(struct ra_host *h, const uint8_t desc[64], struct ra_cpl *cpl)
{
	struct ra_dev *d = h->dev;
	uint8_t c[32];
	uint32_t tail;

	ra_mem_write(d->mem, h->sq + 64ull * h->sq_tail, desc, 64);
	h->sq_tail = (h->sq_tail + 1) & ((1u << h->sq_log2) - 1);
	d->wr(d, RA_REG_SQ_TAIL, h->sq_tail);
	if (d->run(d, h->max_cycles))
		return -1;
	tail = d->rd(d, RA_REG_CQ_TAIL);
	if (tail == h->cq_head)
		return -1;	/* no completion: ring fault */
	ra_mem_read(d->mem, h->cq + 32ull * h->cq_head, c, 32);
	h->cq_head = (h->cq_head + 1) & ((1u << h->cq_log2) - 1);
	d->wr(d, RA_REG_CQ_HEAD, h->cq_head);
	cpl->tag = get32(c);
	cpl->status = c[4];
	cpl->fault_kind = c[5];
	cpl->fault_level = c[6];
	cpl->flags = c[7];
	cpl->fault_va = get64(c + 8);
	for (int i = 0; i < 4; i++)
		cpl->count[i] = get32(c + 16 + 4 * i);
	return 0;
}

static void desc_init(struct ra_host *h, uint8_t *desc, unsigned op, unsigned flags, uint64_t ttbr)
{
	uint32_t tag = h->next_tag++;

	memset(desc, 0, 64);
	desc[0] = (uint8_t)op;
	desc[1] = (uint8_t)flags;
	for (int i = 0; i < 4; i++)
		desc[4 + i] = (uint8_t)(tag >> (8 * i));
	put64(desc + 8, ttbr);
}

/*
 * A command that ran wrote its results: status OK, or BUS (a bus error is reported per access
 * in the results; docs/device.md, "Bus errors").
 */
static bool has_results(const struct ra_cpl *cpl)
{
	return cpl->status == RA_ST_OK || cpl->status == RA_ST_BUS;
}

int ra_host_walk(struct ra_host *h, uint64_t ttbr, const uint64_t *va, unsigned n,
		 struct ra_walk_result *res, struct ra_cpl *cpl)
{
	struct ra_mem *mem = h->dev->mem;
	uint64_t list = h->buf, out = (list + 8ull * n + 63) & ~63ull;
	uint8_t desc[64], b[16];

	if (out + 16ull * n > h->scratch + h->scratch_size)
		return -1;
	for (unsigned i = 0; i < n; i++)
		ra_mem_wr64(mem, list + 8ull * i, va[i]);
	desc_init(h, desc, RA_OP_WALK, 0, ttbr);
	put64(desc + 0x10, list);
	put64(desc + 0x18, out);
	put64(desc + 0x20, n);
	if (ra_host_exec(h, desc, cpl))
		return -1;
	for (unsigned i = 0; i < n && has_results(cpl); i++) {
		uint64_t w0;

		ra_mem_read(mem, out + 16ull * i, b, 16);
		w0 = get64(b);
		res[i].pa = w0 & 0xffffffffffffull;
		res[i].level = (unsigned)(w0 >> 56) & 3;
		res[i].fault = (unsigned)(w0 >> 60) & 3;
		res[i].desc = get64(b + 8);
	}
	return 0;
}

static int page_cmd(struct ra_host *h, unsigned op, const uint64_t *list, unsigned entries,
		    unsigned n, uint64_t *res, struct ra_cpl *cpl)
{
	struct ra_mem *mem = h->dev->mem;
	uint64_t lpa = h->buf, rpa = (lpa + 8ull * entries + 63) & ~63ull;
	uint8_t desc[64];

	if (rpa + 8ull * n > h->scratch + h->scratch_size)
		return -1;
	for (unsigned i = 0; i < entries; i++)
		ra_mem_wr64(mem, lpa + 8ull * i, list[i]);
	desc_init(h, desc, op, 0, 0);
	put64(desc + 0x10, lpa);
	put64(desc + 0x18, rpa);
	put64(desc + 0x20, n);
	if (ra_host_exec(h, desc, cpl))
		return -1;
	for (unsigned i = 0; i < n && has_results(cpl); i++)
		res[i] = ra_mem_rd64(mem, rpa + 8ull * i);
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

static void read_records(struct ra_mem *mem, uint64_t rec, struct ra_scan_out *o);

/* SCAN with bitmaps (no RUNS). */
static int scan_bitmaps(struct ra_host *h, const struct ra_scan_args *a, struct ra_scan_out *o,
			struct ra_cpl *cpl)
{
	struct ra_mem *mem = h->dev->mem;
	uint64_t npages = a->end > a->start ? (a->end - a->start) >> 12 : 0;
	uint64_t words = (npages + 63) / 64;
	uint64_t young = h->buf, dirty = young + 8 * words, rec = (dirty + 8 * words + 15) & ~15ull;
	uint8_t desc[64];

	memset(o, 0, sizeof(*o));
	if (npages > ra_host_scan_max_pages(h, a->rec_cap))
		return -1;
	desc_init(h, desc, RA_OP_SCAN, a->flags, a->ttbr);
	put64(desc + 0x10, a->start);
	put64(desc + 0x18, a->end);
	put64(desc + 0x20, young);
	put64(desc + 0x28, dirty);
	put64(desc + 0x30, rec);
	put64(desc + 0x38, a->rec_cap | (uint64_t)a->budget << 32);
	if (ra_host_exec(h, desc, cpl))
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
		uint64_t w0 = ra_mem_rd64(mem, rec + 16ull * i);

		o->rec[i].va = w0 & 0xffffffffffffull;
		o->rec[i].level = (unsigned)(w0 >> 48) & 3;
		o->rec[i].type = (unsigned)(w0 >> 52) & 0xf;
		o->rec[i].young = w0 >> 56 & 1;
		o->rec[i].dirty = w0 >> 57 & 1;
		o->rec[i].desc = ra_mem_rd64(mem, rec + 16ull * i + 8);
	}
}

int ra_host_scan_args(struct ra_host *h, const struct ra_scan_args *a, struct ra_scan_out *o,
		      struct ra_cpl *cpl)
{
	struct ra_mem *mem = h->dev->mem;
	uint64_t runs = h->buf, rec = runs + 16ull * a->run_cap;
	uint8_t desc[64];

	if (!(a->flags & RA_SCAN_RUNS))
		return scan_bitmaps(h, a, o, cpl);
	memset(o, 0, sizeof(*o));
	if (rec + 16ull * a->rec_cap > h->scratch + h->scratch_size)
		return -1;
	desc_init(h, desc, RA_OP_SCAN, a->flags, a->ttbr);
	put64(desc + 0x10, a->start);
	put64(desc + 0x18, a->end);
	put64(desc + 0x20, runs);
	put64(desc + 0x28, a->run_cap);
	put64(desc + 0x30, rec);
	put64(desc + 0x38, a->rec_cap | (uint64_t)a->budget << 32);
	if (ra_host_exec(h, desc, cpl))
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
		uint64_t w0 = ra_mem_rd64(mem, runs + 16ull * i);

		o->run[i].va = w0 & 0xffffffffffffull;
		o->run[i].young = w0 >> 56 & 1;
		o->run[i].dirty = w0 >> 57 & 1;
		o->run[i].pages = ra_mem_rd64(mem, runs + 16ull * i + 8);
	}
	o->resume = cpl->flags & RA_CPL_RESUME;
	o->resume_va = o->resume ? cpl->fault_va : 0;
	return 0;
}

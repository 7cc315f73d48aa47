// SPDX-License-Identifier: MIT
/*
 * rb_dev - the device on the board or on the C model (rb_dev.h).
 */
#define _GNU_SOURCE
#include "rb_dev.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "ra_mem.h"
#include "ra_model.h"
#include "ra_regs.h"

const char *const rb_counter_names[] = RA_COUNTER_NAMES;
static const char *const status_names[] = RA_STATUS_NAMES;
static const char *const fault_names[] = RA_FAULT_NAMES;
static const char *const engine_names[] = { "WALK", "SCAN", "HASH", "CMP", "COPY" };

const char *rb_status_name(unsigned st)
{
	return st < sizeof(status_names) / sizeof(status_names[0]) ? status_names[st] : "unknown";
}

const char *rb_fault_name(unsigned kind)
{
	return kind < sizeof(fault_names) / sizeof(fault_names[0]) ? fault_names[kind] : "unknown";
}

const char *rb_op_name(unsigned op)
{
	return op >= 1 && op <= 5 ? engine_names[op - 1] : "unknown";
}

const char *rb_engines_str(unsigned engines, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < 5; i++)
		if (engines & (1u << i))
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? " " : "",
					      engine_names[i]);
	if (!n)
		snprintf(buf, len, "none");
	return buf;
}

uint64_t rb_get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint32_t rb_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void rb_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int rb_rd32(struct rb_target *t, uint32_t off, uint32_t *v)
{
	if (t->link)
		return rb_csr_rd(t->link, off, v);
	*v = ra_model_read32(t->model, off);
	return RB_OK;
}

int rb_wr32(struct rb_target *t, uint32_t off, uint32_t v)
{
	if (t->link)
		return rb_csr_wr(t->link, off, v);
	ra_model_write32(t->model, off, v);
	return RB_OK;
}

/* Read @len bytes at @pa into @buf, or (@write) write them from it: the board or the model. */
static int rb_rw(struct rb_target *t, uint64_t pa, uint8_t *buf, size_t len, bool write)
{
	const char *what = write ? "write" : "read";
	uint64_t w[RB_MAX_RW_WORDS];

	if (len & 7)
		return rb_err(RB_EUSAGE, "%s of %zu bytes at 0x%" PRIx64 ": the length must be a "
			      "multiple of 8", what, len, pa);
	if (!t->link) {
		if (write ? ra_mem_write(t->mem, pa, buf, len) : ra_mem_read(t->mem, pa, buf, len))
			return rb_err(RB_EDEV, "model memory: %s of [0x%" PRIx64 ", +%zu) outside it",
				      what, pa, len);
		return RB_OK;
	}
	while (len) {
		size_t n = len / 8 < RB_MAX_RW_WORDS ? len / 8 : RB_MAX_RW_WORDS;
		int rc;

		for (size_t i = 0; write && i < n; i++)
			w[i] = rb_get64(buf + 8 * i);
		rc = write ? rb_mem_wr(t->link, pa, n, w) : rb_mem_rd(t->link, pa, n, w);
		if (rc)
			return rc;
		for (size_t i = 0; !write && i < n; i++)
			rb_put64(buf + 8 * i, w[i]);
		buf += 8 * n;
		pa += 8 * n;
		len -= 8 * n;
	}
	return RB_OK;
}

int rb_read(struct rb_target *t, uint64_t pa, void *buf, size_t len)
{
	return rb_rw(t, pa, buf, len, false);
}

int rb_write(struct rb_target *t, uint64_t pa, const void *buf, size_t len)
{
	return rb_rw(t, pa, (uint8_t *)buf, len, true);	/* only read from */
}

int rb_counter(struct rb_target *t, unsigned idx, uint64_t *v)
{
	uint32_t lo, hi;
	int rc = rb_rd32(t, RA_REG_CNT_LO(idx), &lo);

	if (!rc)
		rc = rb_rd32(t, RA_REG_CNT_HI(idx), &hi);
	if (!rc)
		*v = (uint64_t)hi << 32 | lo;
	return rc;
}

int rb_get_caps(struct rb_target *t, struct rb_caps *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = rb_rd32(t, RA_REG_ID, &c->id)))
		return rc;
	if (c->id != RA_ID_VALUE)
		return rb_err(RB_EDEV, "the device's ID register reads 0x%08" PRIx32 ", expected "
			      "0x%08x ('RACC')", c->id, RA_ID_VALUE);
	if ((rc = rb_rd32(t, RA_REG_VERSION, &c->version)) ||
	    (rc = rb_rd32(t, RA_REG_CAP, &c->cap)) ||
	    (rc = rb_rd32(t, RA_REG_PERF_CAP, &c->perf_cap)))
		return rc;
	c->data_bytes = (c->cap & RA_CAP_DATA_BYTES_MASK) >> RA_CAP_DATA_BYTES_SHIFT;
	c->walk_cache = (c->cap & RA_CAP_WALK_CACHE_MASK) >> RA_CAP_WALK_CACHE_SHIFT;
	c->rd_inflight = (c->cap & RA_CAP_RD_INFLIGHT_MASK) >> RA_CAP_RD_INFLIGHT_SHIFT;
	c->engines = (c->cap & RA_CAP_ENGINES_MASK) >> RA_CAP_ENGINES_SHIFT;
	c->num_counters = (c->perf_cap & RA_PERF_CAP_NUM_MASK) >> RA_PERF_CAP_NUM_SHIFT;
	c->cnt_width = (c->perf_cap & RA_PERF_CAP_WIDTH_MASK) >> RA_PERF_CAP_WIDTH_SHIFT;
	c->windows = 1;
	for (unsigned i = 1; i < RA_NUM_WINDOWS; i++) {
		uint32_t old, v;

		if ((rc = rb_rd32(t, RA_REG_WIN_LIMIT_LO(i), &old)) ||
		    (rc = rb_wr32(t, RA_REG_WIN_LIMIT_LO(i), 0xfffff000u)) ||
		    (rc = rb_rd32(t, RA_REG_WIN_LIMIT_LO(i), &v)) ||
		    (rc = rb_wr32(t, RA_REG_WIN_LIMIT_LO(i), old)))
			return rc;
		if (!v)
			break;
		c->windows = i + 1;
	}
	return RB_OK;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

static void sleep_ms(unsigned ms)
{
	struct timespec t = { 0, (long)ms * 1000000L };

	nanosleep(&t, NULL);
}

int rb_dev_reset(struct rb_target *t)
{
	double end = now_ms() + t->timeout_ms;
	uint32_t st;
	int rc;

	if ((rc = rb_wr32(t, RA_REG_CTRL, 0)))
		return rc;
	for (;;) {
		if ((rc = rb_rd32(t, RA_REG_STATUS, &st)))
			return rc;
		if (!(st & RA_STATUS_BUSY_MASK))
			break;
		if (now_ms() > end)
			return rb_err(RB_EDEV, "%s: STATUS.BUSY stays 1 after CTRL.ENABLE=0 "
				      "(STATUS 0x%08" PRIx32 "); cannot reset the device", t->name, st);
		sleep_ms(1);
	}
	return rb_wr32(t, RA_REG_CTRL, RA_CTRL_SOFT_RESET_MASK);
}

int rb_set_window(struct rb_target *t, unsigned i, uint64_t base, uint64_t limit)
{
	int rc;

	if ((rc = rb_wr32(t, RA_REG_WIN_BASE_LO(i), (uint32_t)base)) ||
	    (rc = rb_wr32(t, RA_REG_WIN_BASE_HI(i), (uint32_t)(base >> 32))) ||
	    (rc = rb_wr32(t, RA_REG_WIN_LIMIT_LO(i), (uint32_t)limit)) ||
	    (rc = rb_wr32(t, RA_REG_WIN_LIMIT_HI(i), (uint32_t)(limit >> 32))))
		return rc;
	return RB_OK;
}

/* ---- the ring client's register and memory callbacks on a target ---- */

static int io_wr32(void *ctx, uint32_t off, uint32_t v)
{
	return rb_wr32(ctx, off, v);
}

static int io_rd32(void *ctx, uint32_t off, uint32_t *v)
{
	return rb_rd32(ctx, off, v);
}

static int io_mem_wr(void *ctx, uint64_t pa, const uint64_t *w, unsigned n)
{
	uint8_t b[8 * RA_DESC_WORDS];

	if (n > RA_DESC_WORDS)
		return rb_err(RB_EDEV, "ring write of %u words", n);
	for (unsigned i = 0; i < n; i++)
		rb_put64(b + 8 * i, w[i]);
	return rb_write(ctx, pa, b, 8ull * n);
}

static int io_mem_rd(void *ctx, uint64_t pa, uint64_t *w, unsigned n)
{
	uint8_t b[8 * RA_DESC_WORDS];
	int rc;

	if (n > RA_DESC_WORDS)
		return rb_err(RB_EDEV, "ring read of %u words", n);
	if ((rc = rb_read(ctx, pa, b, 8ull * n)))
		return rc;
	for (unsigned i = 0; i < n; i++)
		w[i] = rb_get64(b + 8 * i);
	return RB_OK;
}

int rb_ring_start(struct rb_target *t, struct rb_ring *r)
{
	r->io = (struct ra_ring_io){ .ctx = t, .wr32 = io_wr32, .rd32 = io_rd32,
				     .mem_wr = io_mem_wr, .mem_rd = io_mem_rd };
	r->ring = (struct ra_ring){ .io = &r->io, .sq = r->sq, .cq = r->cq,
				    .sq_log2 = r->sq_log2, .cq_log2 = r->cq_log2 };
	return ra_ring_start(&r->ring);
}

int rb_exec(struct rb_target *t, struct rb_ring *r, const struct ra_command *cmd,
	    struct ra_cpl *cpl)
{
	struct ra_ring *q = &r->ring;
	uint32_t tail, st, n;
	double end;
	int rc;

	if ((rc = ra_ring_submit(q, cmd)))
		return rc;
	if (t->model)
		ra_model_run(t->model, ~0u);
	end = now_ms() + t->timeout_ms;
	for (;;) {
		if ((rc = ra_ring_pending(q, &n)))
			return rc;
		if (n == 1)
			break;
		if ((rc = rb_rd32(t, RA_REG_STATUS, &st)))
			return rc;
		if (st & RA_STATUS_RING_FAULT_MASK)
			return rb_err(RB_EDEV, "%s: ring fault (STATUS 0x%08" PRIx32 "): the "
				      "command at SQ 0x%" PRIx64 " or its completion at CQ 0x%" PRIx64
				      " is outside every DMA window", t->name, st,
				      (uint64_t)(q->sq + 64 * ((q->sq_tail - 1) & ((1u << q->sq_log2) - 1))),
				      (uint64_t)(q->cq + 32 * q->cq_head));
		if (n)
			return rb_err(RB_EDEV, "%s: %u completions arrived for one command",
				      t->name, n);
		if (!t->link || now_ms() > end) {
			uint32_t head = 0, ctrl = 0;

			rb_rd32(t, RA_REG_SQ_HEAD, &head);
			rb_rd32(t, RA_REG_CTRL, &ctrl);
			rb_rd32(t, RA_REG_CQ_TAIL, &tail);
			return rb_err(RB_EDEV, "%s: no completion within %u ms (CTRL 0x%" PRIx32
				      " STATUS 0x%" PRIx32 " SQ_HEAD %u SQ_TAIL %u CQ_TAIL %u)",
				      t->name, t->timeout_ms, ctrl, st, head, q->sq_tail, tail);
		}
		sleep_ms(1);
	}
	return ra_ring_take(q, cpl);
}

bool rb_cpl_equal(const struct ra_cpl *a, const struct ra_cpl *b)
{
	return a->tag == b->tag && a->status == b->status && a->fault_kind == b->fault_kind &&
	       a->fault_level == b->fault_level && a->flags == b->flags &&
	       a->fault_va == b->fault_va && a->count[0] == b->count[0] &&
	       a->count[1] == b->count[1] && a->count[2] == b->count[2] &&
	       a->count[3] == b->count[3];
}

void rb_cpl_format(const struct ra_cpl *c, unsigned op, char *buf, size_t len)
{
	static const char *const names[6][4] = {
		{ "count0", "count1", "count2", "count3" },
		{ "walked", "faults", "count2", "count3" },
		{ "young", "records", "pte_scanned", "dirty" },
		{ "hashed", "faults", "zero", "count3" },
		{ "compared", "faults", "equal", "count3" },
		{ "copied", "faults", "count2", "count3" },
	};
	const char *const *n = names[op >= 1 && op <= 5 ? op : 0];
	size_t k;

	k = (size_t)snprintf(buf, len, "tag 0x%08" PRIx32 " status %s", c->tag,
			     rb_status_name(c->status));
	if (c->status == RA_ST_OK || c->count[0] || c->count[1] || c->count[2] || c->count[3])
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0,
				      " %s %" PRIu32 " %s %" PRIu32 " %s %" PRIu32 " %s %" PRIu32,
				      n[0], c->count[0], n[1], c->count[1], n[2], c->count[2], n[3],
				      c->count[3]);
	if (c->fault_kind || c->fault_level || c->fault_va)
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0,
				      ", first fault %s level %u at 0x%" PRIx64,
				      rb_fault_name(c->fault_kind), c->fault_level, c->fault_va);
	if (c->flags)
		snprintf(buf + k, k < len ? len - k : 0, ", flags 0x%02x%s", c->flags,
			 (c->flags & RA_CPL_TRUNCATED) ? " (truncated)" : "");
}

void rb_walk_format(const uint8_t r[16], char *buf, size_t len)
{
	const uint64_t w[RA_WALK_RES_WORDS] = { rb_get64(r), rb_get64(r + 8) };
	unsigned level = (unsigned)ra_walk_res_level(w), fault = (unsigned)ra_walk_res_fault(w);

	if (fault)
		snprintf(buf, len, "fault %-12s level %u desc 0x%016" PRIx64, rb_fault_name(fault),
			 level, ra_walk_res_desc(w));
	else
		snprintf(buf, len, "pa 0x%012" PRIx64 " level %u desc 0x%016" PRIx64,
			 ra_walk_res_pa(w), level, ra_walk_res_desc(w));
}

void rb_record_format(const uint8_t r[16], char *buf, size_t len)
{
	static const char *const types[] = RA_REC_NAMES;
	const uint64_t w[RA_SCAN_REC_WORDS] = { rb_get64(r), rb_get64(r + 8) };
	unsigned type = (unsigned)ra_scan_rec_type(w);

	snprintf(buf, len, "va 0x%012" PRIx64 " level %u %-12s%s%s desc 0x%016" PRIx64,
		 ra_scan_rec_va(w), (unsigned)ra_scan_rec_level(w),
		 type < sizeof(types) / sizeof(types[0]) ? types[type] : "type?",
		 ra_scan_rec_young(w) ? " young" : "", ra_scan_rec_dirty(w) ? " dirty" : "",
		 ra_scan_rec_desc(w));
}

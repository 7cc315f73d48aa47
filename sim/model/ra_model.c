// SPDX-License-Identifier: MIT
/*
 * ra_model.c - golden C model of the reclaim-accel device.
 *
 * Behaviour: docs/device.md. Registers: docs/registers.md / ra_regs.h.
 *
 * Choices made where the specification leaves room (the RTL matches them):
 *
 * - CSR decode uses offset bits 9:2 only. Unlisted offsets read 0 and ignore
 *   writes. Writes to ro registers are ignored.
 * - PA_BITS: the written field value is val[5:0]; it is taken only when it
 *   lies in 32..48, otherwise the whole write is ignored.
 * - SQ_TAIL and CQ_HEAD writes store val & (2^LOG2 - 1), LOG2 being the ring
 *   size programmed at the time of the write (so 0 while the ring is not
 *   configured). SQ_HEAD and CQ_TAIL advance as (x + 1) & (2^LOG2 - 1).
 *   Changing a ring size does not re-mask the indexes.
 * - CTRL write: SOFT_RESET=1 resets everything and the other bits of that
 *   write are discarded. Otherwise ENABLE and CNT_FREEZE are stored, any
 *   write with ENABLE=0 clears STATUS.RING_FAULT, and CNT_CLEAR=1 zeroes the
 *   counters, their HI latches and PERF_OVF (INT_STATUS.CNT_OVF is kept).
 * - Counters: one HI latch per counter, loaded by reading that counter's LO;
 *   reading HI returns the latch. Counter writes (LO or HI half) take effect
 *   even while frozen and do not touch the latch nor PERF_OVF.
 * - Ring: before anything else the device checks that the command line at
 *   SQ_HEAD and the completion entry at CQ_TAIL both lie inside a DMA
 *   window. If either does not, it sets the ring fault with no memory access
 *   at all (the command is not read, so it is retried, not re-executed, once
 *   the driver clears the fault).
 * - SCAN: the dirty-bitmap address (arg3) is not checked at all without
 *   REPORT_DIRTY; the record-list alignment (arg4) is always checked, even
 *   when arg5 = 0. The record dirty bit (bit 57) is set under the same
 *   condition as dirty_found (REPORT_DIRTY and DBM=1 and AP[2]=0); the young
 *   bit (bit 56) is AF as read. A TTBR address-size record has descriptor 0.
 *   Bitmaps are still written in full (all zeros) after a TTBR fault.
 * - Completion "VA of the first fault": WALK reports the 64-bit VA as read
 *   from the list; SCAN reports the record's 48-bit VA.
 * - Completion counts are the low 32 bits of the command's totals.
 * - WALK: each VA-list line is read just before the first VA it holds is
 *   walked. A failing memory read yields zero data.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_regs.h"
#include "ra_ring.h"
#include "ra_xxh64.h"
#include "ra_model.h"

#define RA_LINE_BYTES		64u
#define RA_WORD_BYTES		8u
#define RA_PAGE_SHIFT		12
#define RA_TABLE_ENTRIES	512u
#define RA_VA_BITS		48

/* Descriptor fields (VMSAv8-64, 4 KiB granule). */
#define DESC_VALID		(1ull << 0)
#define DESC_TYPE_MASK		3ull
#define DESC_TYPE_BLOCK		1ull	/* block (levels 1, 2); fault at 0, 3 */
#define DESC_TYPE_TABLE		3ull	/* table (levels 0..2); page at 3 */
#define DESC_AP2		(1ull << 7)
#define DESC_AF			(1ull << 10)
#define DESC_DBM		(1ull << 51)
#define ADDR_47_12		0x0000fffffffff000ull

#define VA_MASK			0x0000ffffffffffffull	/* VA bits 47:0 */

#define WALK_MAX_COUNT		(1ull << 20)
#define SCAN_MIN_BUDGET		4	/* a non-zero SCAN budget is at least this */

/* Engines present: CAP.ENGINES bit (opcode - 1). */
#define RA_ENGINES_ALL		0x1fu
#define RA_ENGINES_MIN		(1u << (RA_OP_WALK - 1))
#define PAGE_BYTES		4096u
#define PAGE_LINES		(PAGE_BYTES / RA_LINE_BYTES)

/*
 * Cycle estimate (the RTL measures cycles and busy_cycles; the model only
 * estimates them). Per command, added to both counters:
 *
 *   RA_MODEL_CMD_OVERHEAD + L * mem_latency
 *                         + max(read_beats, write_beats + atomics)
 *
 * (reads and writes use their own channels and overlap), where L is the
 * number of read latencies that cannot be hidden:
 *   1 for the command line;
 *   lines that stream (a WALK's VA list, a leaf table's lines, a page's lines)
 *   cost 1 for the first and 1 per further rd_inflight lines only when that
 *   many lines' beats are fewer than the latency (stream_latencies());
 *   WALK: 1 per descriptor read (each depends on the previous one);
 *   SCAN: 1 per table line read above the leaves (depth first);
 *   1 for the final write acknowledgement the device waits for.
 * A ring fault costs RA_MODEL_CMD_OVERHEAD cycles.
 */
#define RA_MODEL_CMD_OVERHEAD	4u

struct ra_wc_entry {
	bool valid;
	unsigned int level;	/* level of the table descriptor, 0..2 */
	uint64_t tag;		/* VA[47:shift(level)] */
	uint64_t table;		/* next-level table address */
};

struct ra_model {
	struct ra_model_cfg cfg;
	struct ra_mem_ops ops;
	void *ctx;
	void (*trace_fn)(void *ctx, const char *msg);
	void *trace_ctx;
	/* Bus errors of the running command: RA_CPL_BUS_READ/WRITE/ATOMIC. */
	uint8_t berr;

	/* CSR state. */
	uint32_t ctrl;		/* ENABLE and CNT_FREEZE only */
	bool ring_fault;
	uint32_t int_status;
	uint32_t int_mask;
	uint32_t pa_bits;
	uint64_t sq_base;
	uint64_t cq_base;
	uint32_t sq_log2;
	uint32_t cq_log2;
	uint32_t sq_head;
	uint32_t sq_tail;
	uint32_t cq_head;
	uint32_t cq_tail;
	uint64_t win_base[RA_NUM_WINDOWS];
	uint64_t win_limit[RA_NUM_WINDOWS];
	uint32_t perf_ovf;
	uint64_t cnt[RA_NUM_COUNTERS];
	uint32_t cnt_hi_latch[RA_NUM_COUNTERS];

	unsigned int engines;	/* CAP.ENGINES */

	/* Walk cache (WALK engine). */
	struct ra_wc_entry wc[RA_PARAM_WALK_CACHE_MAX];
	unsigned int wc_next;
};

/* Per-command activity, for the cycle estimate. */
struct ra_cost {
	uint64_t latencies;
	uint64_t rd_beats;	/* read data beats */
	uint64_t wr_beats;	/* write data beats and atomics (their own channel) */
};

/* ---------------------------------------------------------------------
 * Little helpers.
 */

static uint64_t get_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static void trace(struct ra_model *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void trace(struct ra_model *m, const char *fmt, ...)
{
	char buf[192];
	va_list ap;

	if (!m->trace_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	m->trace_fn(m->trace_ctx, buf);
}

/* VA bits indexed at @level: 47:39, 38:30, 29:21, 20:12. */
static unsigned int level_shift(unsigned int level)
{
	return RA_PAGE_SHIFT + 9 * (3 - level);
}

static unsigned int va_index(uint64_t va, unsigned int level)
{
	return (unsigned int)(va >> level_shift(level)) & (RA_TABLE_ENTRIES - 1);
}

/* Output-address mask of a leaf: desc[47:30], desc[47:21], desc[47:12]. */
static uint64_t leaf_oa(uint64_t desc, unsigned int level)
{
	return desc & ADDR_47_12 & ~((1ull << level_shift(level)) - 1);
}

static uint64_t pa_limit(const struct ra_model *m)
{
	return 1ull << m->pa_bits;
}

static unsigned int line_beats(const struct ra_model *m)
{
	return RA_LINE_BYTES / m->cfg.data_bytes;
}

/*
 * Read latencies that cannot be hidden when @lines stream, rd_inflight at a
 * time: the first, and one per further group only when a group's beats do not
 * cover the latency.
 */
static uint64_t stream_latencies(const struct ra_model *m, uint64_t lines)
{
	if (!lines)
		return 0;
	if (m->cfg.rd_inflight * line_beats(m) >= m->cfg.mem_latency)
		return 1;
	return (lines + m->cfg.rd_inflight - 1) / m->cfg.rd_inflight;
}

/* ---------------------------------------------------------------------
 * Counters.
 */

/* Implemented counter bits: PERF_CAP.WIDTH (the RTL's CNT_W), or none for a counter of an
 * engine that is left out (it reads 0 and ignores writes, as in the RTL). */
static uint64_t cnt_mask(const struct ra_model *m, unsigned int idx)
{
	unsigned int w = m->cfg.cnt_width ? m->cfg.cnt_width : 64;
	bool scan = m->engines & (1u << (RA_OP_SCAN - 1));
	bool page = m->engines & (1u << (RA_OP_HASH - 1));

	if ((!scan && (RA_CNT_OF_SCAN >> idx & 1)) || (!page && (RA_CNT_OF_PAGE >> idx & 1)))
		return 0;
	return w >= 64 ? ~0ull : (1ull << w) - 1;
}

static void cnt_add(struct ra_model *m, unsigned int idx, uint64_t n)
{
	uint64_t old, mask = cnt_mask(m, idx);

	if ((m->ctrl & RA_CTRL_CNT_FREEZE_MASK) || !n || !mask)
		return;
	old = m->cnt[idx];
	m->cnt[idx] = (old + n) & mask;
	if (m->cnt[idx] < old || n > mask) {
		m->perf_ovf |= 1u << idx;
		m->int_status |= RA_INT_STATUS_CNT_OVF_MASK;
	}
}

static void cnt_clear(struct ra_model *m)
{
	memset(m->cnt, 0, sizeof(m->cnt));
	memset(m->cnt_hi_latch, 0, sizeof(m->cnt_hi_latch));
	m->perf_ovf = 0;
}

/* ---------------------------------------------------------------------
 * DMA windows and memory port.
 */

/* Is [addr, addr + len) entirely inside one DMA window? (len >= 1) */
static bool dma_inside(const struct ra_model *m, uint64_t addr, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < RA_NUM_WINDOWS; i++) {
		uint64_t base = m->win_base[i], limit = m->win_limit[i];

		if (limit <= base)
			continue;
		if (addr >= base && addr < limit && len <= limit - addr)
			return true;
	}
	return false;
}

/*
 * Memory port. These count beats for the counters and the cycle estimate;
 * the callers account the read latencies (see RA_MODEL_CMD_OVERHEAD).
 */

/*
 * One 64-byte INCR burst. Returns true when it was answered with a bus
 * error: then every word of @buf reads as 0 (docs/device.md, "Bus errors").
 */
static bool mem_read_line(struct ra_model *m, uint64_t pa, uint8_t *buf,
			  struct ra_cost *c)
{
	bool err = m->ops.read(m->ctx, pa, buf, RA_LINE_BYTES) != 0;

	if (err) {
		memset(buf, 0, RA_LINE_BYTES);
		m->berr |= RA_CPL_BUS_READ;
	}
	cnt_add(m, RA_CNT_MEM_READ_BEATS, line_beats(m));
	c->rd_beats += line_beats(m);
	return err;
}

/* One single 8-byte read into *@val (0 and true on a bus error). */
static bool mem_read_word(struct ra_model *m, uint64_t pa, uint64_t *val,
			  struct ra_cost *c)
{
	uint8_t b[RA_WORD_BYTES];
	bool err = m->ops.read(m->ctx, pa, b, sizeof(b)) != 0;

	if (err) {
		memset(b, 0, sizeof(b));
		m->berr |= RA_CPL_BUS_READ;
	}
	cnt_add(m, RA_CNT_MEM_READ_BEATS, 1);
	c->rd_beats++;
	*val = get_le(b, sizeof(b));
	return err;
}

/* One single 8-byte write. */
static void mem_write_word(struct ra_model *m, uint64_t pa, uint64_t val,
			   struct ra_cost *c)
{
	uint8_t b[RA_WORD_BYTES];

	put_le64(b, val);
	if (m->ops.write(m->ctx, pa, b, sizeof(b)))
		m->berr |= RA_CPL_BUS_WRITE;
	cnt_add(m, RA_CNT_MEM_WRITE_BEATS, 1);
	c->wr_beats++;
}

/* One AtomicStore-CLR of 8 bytes (no value returns). */
static void mem_atomic_clr(struct ra_model *m, uint64_t pa, uint64_t mask,
			   struct ra_cost *c)
{
	uint64_t old;

	if (m->ops.atomic_clr64(m->ctx, pa, mask, &old))
		m->berr |= RA_CPL_BUS_ATOMIC;
	cnt_add(m, RA_CNT_ATOMIC_OPS, 1);
	c->wr_beats++;
}

/* ---------------------------------------------------------------------
 * Walk cache.
 */

static uint64_t wc_tag(uint64_t va, unsigned int level)
{
	return (va & VA_MASK) >> level_shift(level);
}

static void wc_invalidate(struct ra_model *m)
{
	memset(m->wc, 0, sizeof(m->wc));
	m->wc_next = 0;
}

/* Deepest valid entry matching @va, or -1. */
static int wc_lookup(const struct ra_model *m, uint64_t va)
{
	int level;
	unsigned int i;

	for (level = 2; level >= 0; level--) {
		uint64_t tag = wc_tag(va, (unsigned int)level);

		for (i = 0; i < m->cfg.walk_cache; i++) {
			const struct ra_wc_entry *e = &m->wc[i];

			if (e->valid && e->level == (unsigned int)level &&
			    e->tag == tag)
				return (int)i;
		}
	}
	return -1;
}

static void wc_insert(struct ra_model *m, unsigned int level, uint64_t va,
		      uint64_t table)
{
	struct ra_wc_entry *e;

	if (!m->cfg.walk_cache)
		return;
	e = &m->wc[m->wc_next];
	e->valid = true;
	e->level = level;
	e->tag = wc_tag(va, level);
	e->table = table;
	m->wc_next = (m->wc_next + 1) % m->cfg.walk_cache;
}

/* ---------------------------------------------------------------------
 * WALK.
 */

struct ra_walk_res {
	uint64_t pa;
	uint64_t desc;
	unsigned int level;
	unsigned int fault;
	unsigned int start;	/* the level it began at: > 0 after a walk-cache hit */
};

static const char *const fault_names[] = RA_FAULT_NAMES;

/*
 * walk_va() - translate one VA with the table base @ttbr_base.
 *
 * Step 1. VA[63:48] not all equal: translation fault at level 0.
 * Step 2. TTBR base at or above 2^PA_BITS: address-size fault at level 0.
 * Step 3. Walk-cache lookup (when the cache has entries): on a hit resume at
 *         the level below the entry with its table address; on a miss start
 *         at level 0 with the TTBR base.
 * Step 4. Descriptor address = table + 8 * index. Outside every window: bus
 *         fault (no read). Otherwise one single-word read; a read answered
 *         with a bus error is a bus fault at this level (descriptor 0).
 * Step 5. Classify: invalid -> translation; table (levels 0..2) -> check its
 *         address, insert it in the walk cache, go to step 4 one level down;
 *         block at level 0 or 01 at level 3 -> translation; block (1, 2) or
 *         page (3) -> check the output address, done.
 * Every fault leaves through the single exit at the end, which records the
 * kind, the level and the descriptor (0 when none was read).
 */
static void walk_va(struct ra_model *m, uint64_t ttbr_base, uint64_t va,
		    struct ra_walk_res *r, struct ra_cost *c)
{
	uint64_t table, desc = 0, desc_pa, oa, span;
	unsigned int level = 0, kind;
	bool rerr;
	int hit;

	r->start = 0;
	/* Step 1: VA[63:48] all zeros or all ones. */
	if ((va >> 48) != 0 && (va >> 48) != 0xffff) {
		kind = RA_FAULT_TRANSLATION;
		goto fault;
	}

	/* Step 2: TTBR size. */
	table = ttbr_base;
	if (table >= pa_limit(m)) {
		kind = RA_FAULT_ADDRESS_SIZE;
		goto fault;
	}

	/* Step 3: walk cache. */
	if (m->cfg.walk_cache) {
		hit = wc_lookup(m, va);
		if (hit >= 0) {
			cnt_add(m, RA_CNT_WALK_CACHE_HITS, 1);
			level = m->wc[hit].level + 1;
			r->start = level;
			table = m->wc[hit].table;
		} else {
			cnt_add(m, RA_CNT_WALK_CACHE_MISSES, 1);
		}
	}

	for (;; level++) {
		/* Step 4: read the descriptor. */
		desc_pa = table + 8ull * va_index(va, level);
		if (!dma_inside(m, desc_pa, RA_WORD_BYTES)) {
			desc = 0;
			kind = RA_FAULT_BUS;
			goto fault;
		}
		rerr = mem_read_word(m, desc_pa, &desc, c);
		c->latencies++;
		cnt_add(m, RA_CNT_DESC_READ, 1);
		trace(m, "walk va=0x%" PRIx64 " level=%u desc_pa=0x%" PRIx64
		      " desc=0x%016" PRIx64 "%s", va, level, desc_pa, desc,
		      rerr ? " (bus error)" : "");
		if (rerr) {
			kind = RA_FAULT_BUS;
			goto fault;
		}

		/* Step 5: classify. */
		if (!(desc & DESC_VALID)) {
			kind = RA_FAULT_TRANSLATION;
			goto fault;
		}
		if (level < 3 && (desc & DESC_TYPE_MASK) == DESC_TYPE_TABLE) {
			table = desc & ADDR_47_12;
			if (table >= pa_limit(m)) {
				kind = RA_FAULT_ADDRESS_SIZE;
				goto fault;
			}
			wc_insert(m, level, va, table);
			continue;
		}
		if ((desc & DESC_TYPE_MASK) == DESC_TYPE_BLOCK &&
		    (level == 0 || level == 3)) {
			kind = RA_FAULT_TRANSLATION;
			goto fault;
		}
		/* Block at level 1 or 2, or page at level 3. */
		oa = leaf_oa(desc, level);
		if (oa >= pa_limit(m)) {
			kind = RA_FAULT_ADDRESS_SIZE;
			goto fault;
		}
		span = 1ull << level_shift(level);
		r->pa = oa | (va & (span - 1));
		r->desc = desc;
		r->level = level;
		r->fault = RA_FAULT_NONE;
		trace(m, "walk va=0x%" PRIx64 " pa=0x%" PRIx64 " level=%u",
		      va, r->pa, level);
		return;
	}

fault:
	r->pa = 0;
	r->desc = desc;
	r->level = level;
	r->fault = kind;
	trace(m, "walk va=0x%" PRIx64 " fault=%s level=%u desc=0x%016" PRIx64,
	      va, fault_names[kind], level, desc);
}

static void exec_walk(struct ra_model *m, const struct ra_command *cmd,
		      struct ra_cpl *cpl, struct ra_cost *c)
{
	uint8_t line[RA_LINE_BYTES];
	uint64_t line_pa = 0, va_pa, va, res_pa, lines = 0, faults = 0, i, w[RA_WALK_RES_WORDS];
	uint64_t ttbr_base = cmd->ttbr & ADDR_47_12;
	bool have_line = false, line_err = false;
	struct ra_walk_res r;

	for (i = 0; i < cmd->arg[2]; i++) {
		va_pa = cmd->arg[0] + 8 * i;
		if (!have_line || (va_pa & ~(uint64_t)(RA_LINE_BYTES - 1)) !=
		    line_pa) {
			line_pa = va_pa & ~(uint64_t)(RA_LINE_BYTES - 1);
			/* Prefetched: latency accounted after the loop. */
			line_err = mem_read_line(m, line_pa, line, c);
			lines++;
			have_line = true;
		}

		va = get_le(line + (va_pa - line_pa), 8);
		cnt_add(m, RA_CNT_WALKS, 1);
		if (line_err) {
			/* The list word got a bus error: no VA, no walk. */
			r = (struct ra_walk_res){ .fault = RA_FAULT_BUS };
		} else {
			walk_va(m, ttbr_base, va, &r, c);
		}

		res_pa = cmd->arg[1] + (uint64_t)RA_WALK_RESULT_BYTES * i;
		w[0] = w[1] = 0;
		ra_walk_res_set_pa(w, r.pa);
		ra_walk_res_set_level(w, r.level);
		ra_walk_res_set_fault(w, r.fault);
		ra_walk_res_set_cached(w, r.start != 0);
		ra_walk_res_set_start(w, r.start);
		ra_walk_res_set_desc(w, r.desc);
		mem_write_word(m, res_pa, w[0], c);
		mem_write_word(m, res_pa + 8, w[1], c);

		if (r.fault != RA_FAULT_NONE) {
			cnt_add(m, RA_CNT_FAULTS, 1);
			if (!faults) {
				cpl->fault_kind = (uint8_t)r.fault;
				cpl->fault_level = (uint8_t)r.level;
				cpl->fault_va = va;
			}
			faults++;
		}
	}
	c->latencies += stream_latencies(m, lines);

	cpl->count[0] = (uint32_t)cmd->arg[2];
	cpl->count[1] = (uint32_t)faults;
}

/* ---------------------------------------------------------------------
 * SCAN.
 */

/* A bitmap written as a stream of words, each exactly once, in order. */
struct ra_bitmap {
	uint64_t addr;
	uint64_t words;
	uint64_t next;		/* index of the word held in @val */
	uint64_t val;
};

struct ra_scan {
	const struct ra_command *cmd;
	struct ra_cost *c;
	struct ra_cpl *cpl;
	uint64_t start;
	uint64_t end;
	struct ra_bitmap young_bm;
	struct ra_bitmap dirty_bm;
	uint64_t young;
	uint64_t dirty;
	uint64_t records;
	uint64_t pte;
	bool faulted;
	/* RUNS: the open run [run_va, run_end) and its state; runs begun */
	bool runs_mode;
	bool run_open;
	bool run_young;
	bool run_dirty;
	uint64_t run_va;
	uint64_t run_end;
	uint64_t runs;
	/* budget and resume: units used (descriptors interpreted plus bus records made) */
	uint64_t used;
	bool stopped;
	uint64_t resume;
};

/* Write the open run (run k = runs - 1). */
static void run_write(struct ra_model *m, struct ra_scan *s)
{
	uint64_t pa = s->cmd->arg[2] + (uint64_t)RA_SCAN_RUN_BYTES * (s->runs - 1);
	uint64_t w[RA_SCAN_RUN_WORDS] = { 0 };

	if (!s->run_open)
		return;
	ra_scan_run_set_va(w, s->run_va);
	ra_scan_run_set_young(w, s->run_young);
	ra_scan_run_set_dirty(w, s->run_dirty);
	ra_scan_run_set_pages(w, (s->run_end - s->run_va) >> RA_PAGE_SHIFT);
	mem_write_word(m, pa, w[0], s->c);
	mem_write_word(m, pa + 8, w[1], s->c);
	trace(m, "scan run va=0x%" PRIx64 " pages=%" PRIu64 "%s%s", s->run_va,
	      (s->run_end - s->run_va) >> RA_PAGE_SHIFT, s->run_young ? " young" : "",
	      s->run_dirty ? " dirty" : "");
	s->run_open = false;
}

/* The pages [lo, hi) of a reported leaf join the open run (true) or need a new one. */
static bool run_extends(const struct ra_scan *s, uint64_t lo, bool young, bool dirty)
{
	return s->run_open && s->run_end == lo && s->run_young == young &&
	       s->run_dirty == dirty;
}

/* Stop before the descriptor at VA @va (docs/device.md, "Budget and resume"). */
/* The budget is used up: the next descriptor or bus record is not made. */
static bool budget_spent(const struct ra_scan *s)
{
	return s->cmd->budget && s->used == s->cmd->budget;
}

static void scan_stop(struct ra_model *m, struct ra_scan *s, uint64_t va)
{
	s->stopped = true;
	s->resume = max_u64(va, s->start);
	trace(m, "scan stop: resume va=0x%" PRIx64, s->resume);
}

/* Write the held word and zero words up to (excluding) word @w. */
static void bm_advance(struct ra_model *m, struct ra_bitmap *bm, uint64_t w,
		       struct ra_cost *c)
{
	while (bm->next < w) {
		mem_write_word(m, bm->addr + 8 * bm->next, bm->val, c);
		bm->val = 0;
		bm->next++;
	}
}

/* Set the bits of pages [p0, p1) (p0 < p1, ascending over calls). */
static void bm_set(struct ra_model *m, struct ra_bitmap *bm, uint64_t p0,
		   uint64_t p1, struct ra_cost *c)
{
	uint64_t w, lo, hi, n;

	for (w = p0 / 64; w <= (p1 - 1) / 64; w++) {
		bm_advance(m, bm, w, c);
		lo = max_u64(p0, w * 64) - w * 64;
		hi = min_u64(p1, w * 64 + 64) - w * 64;
		n = hi - lo;
		bm->val |= (n == 64 ? ~0ull : ((1ull << n) - 1)) << lo;
	}
}

static void scan_record(struct ra_model *m, struct ra_scan *s,
			unsigned int type, unsigned int level, uint64_t va,
			uint64_t desc, bool young, bool dirty)
{
	uint64_t n = s->records++, pa, w[RA_SCAN_REC_WORDS] = { 0 };

	if (type != RA_REC_BLOCK) {
		cnt_add(m, RA_CNT_FAULTS, 1);
		if (!s->faulted) {
			s->faulted = true;
			s->cpl->fault_kind = (uint8_t)type;
			s->cpl->fault_level = (uint8_t)level;
			s->cpl->fault_va = va & VA_MASK;
		}
		trace(m, "scan fault=%s level=%u va=0x%" PRIx64
		      " desc=0x%016" PRIx64, fault_names[type], level, va,
		      desc);
	}
	if (n >= s->cmd->arg5) {
		s->cpl->flags |= RA_CPL_TRUNCATED;
		return;
	}
	pa = s->cmd->arg[4] + RA_SCAN_RECORD_BYTES * n;
	ra_scan_rec_set_va(w, va);
	ra_scan_rec_set_level(w, level);
	ra_scan_rec_set_type(w, type);
	ra_scan_rec_set_young(w, young);
	ra_scan_rec_set_dirty(w, dirty);
	ra_scan_rec_set_desc(w, desc);
	mem_write_word(m, pa, w[0], s->c);
	mem_write_word(m, pa + 8, w[1], s->c);
}

static void scan_table(struct ra_model *m, struct ra_scan *s,
		       unsigned int level, uint64_t table, uint64_t lo,
		       uint64_t hi);

/* Interpret one in-range entry @desc at @desc_pa covering VA @va. */
static void scan_entry(struct ra_model *m, struct ra_scan *s,
		       unsigned int level, uint64_t desc_pa, uint64_t desc,
		       uint64_t va, uint64_t lo, uint64_t hi)
{
	uint64_t span = 1ull << level_shift(level), next, p0, p1, lo_va, hi_va;
	uint64_t type = desc & DESC_TYPE_MASK;
	bool young, dirty, leaf;

	if (budget_spent(s)) {
		scan_stop(m, s, va);
		return;
	}
	lo_va = max_u64(va, s->start);
	hi_va = min_u64(va + span, s->end);
	leaf = (desc & DESC_VALID) && !(level < 3 && type == DESC_TYPE_TABLE) &&
	       !(type == DESC_TYPE_BLOCK && (level == 0 || level == 3)) &&
	       leaf_oa(desc, level) < pa_limit(m);
	young = leaf && (desc & DESC_AF);
	dirty = leaf && (s->cmd->flags & RA_SCAN_REPORT_DIRTY) && (desc & DESC_DBM) &&
		!(desc & DESC_AP2);
	if (s->runs_mode && (young || dirty) && !run_extends(s, lo_va, young, dirty) &&
	    s->runs == s->cmd->arg[3]) {
		scan_stop(m, s, va);
		return;
	}
	cnt_add(m, RA_CNT_PTE_SCANNED, 1);
	s->pte++;
	s->used++;

	if (!(desc & DESC_VALID))
		return;

	if (level < 3 && type == DESC_TYPE_TABLE) {
		next = desc & ADDR_47_12;
		if (next >= pa_limit(m)) {
			scan_record(m, s, RA_FAULT_ADDRESS_SIZE, level, va, desc,
				    false, false);
			return;
		}
		scan_table(m, s, level + 1, next, max_u64(lo, va),
			   min_u64(hi, va + span));
		return;
	}
	if (type == DESC_TYPE_BLOCK && (level == 0 || level == 3)) {
		scan_record(m, s, RA_FAULT_TRANSLATION, level, va, desc,
			    false, false);
		return;
	}
	if (leaf_oa(desc, level) >= pa_limit(m)) {
		scan_record(m, s, RA_FAULT_ADDRESS_SIZE, level, va, desc,
			    false, false);
		return;
	}

	p0 = (lo_va - s->start) >> RA_PAGE_SHIFT;
	p1 = (hi_va - s->start) >> RA_PAGE_SHIFT;

	if (s->runs_mode && (young || dirty)) {
		if (run_extends(s, lo_va, young, dirty)) {
			s->run_end = hi_va;
		} else {
			run_write(m, s);
			s->runs++;
			s->run_open = true;
			s->run_va = lo_va;
			s->run_end = hi_va;
			s->run_young = young;
			s->run_dirty = dirty;
		}
	}
	if (young) {
		cnt_add(m, RA_CNT_YOUNG_FOUND, 1);
		s->young++;
		if (!s->runs_mode)
			bm_set(m, &s->young_bm, p0, p1, s->c);
		if (s->cmd->flags & RA_SCAN_CLEAR_AF) {
			mem_atomic_clr(m, desc_pa, DESC_AF, s->c);
			cnt_add(m, RA_CNT_AF_CLEARED, 1);
		}
	}
	if (dirty) {
		cnt_add(m, RA_CNT_DIRTY_FOUND, 1);
		s->dirty++;
		if (!s->runs_mode)
			bm_set(m, &s->dirty_bm, p0, p1, s->c);
	}
	if (level < 3 && !s->runs_mode)
		scan_record(m, s, RA_REC_BLOCK, level, va, desc, young,
			    dirty);
}

/*
 * A bus record for the line whose first in-range entry covers @va: one unit of the budget, as
 * a descriptor is, so that a budget bounds the lines a scan visits (docs/device.md). Return:
 * false if the budget was spent first (the scan stopped there).
 */
static bool scan_bus(struct ra_model *m, struct ra_scan *s, unsigned int level, uint64_t va)
{
	if (budget_spent(s)) {
		scan_stop(m, s, va);
		return false;
	}
	s->used++;
	scan_record(m, s, RA_FAULT_BUS, level, va, 0, false, false);
	return true;
}

/* Visit the level-@level table at @table for the VA range [lo, hi). */
static void scan_table(struct ra_model *m, struct ra_scan *s,
		       unsigned int level, uint64_t table, uint64_t lo,
		       uint64_t hi)
{
	unsigned int shift = level_shift(level);
	unsigned int i0 = va_index(lo, level), i1 = va_index(hi - 1, level);
	unsigned int ln, j, first, last;
	uint64_t tbase = lo & ~((1ull << (shift + 9)) - 1);
	uint64_t line_pa, leaf_lines = 0;
	uint8_t line[RA_LINE_BYTES];
	uint8_t berr;
	bool rerr;

	for (ln = i0 / 8; ln <= i1 / 8 && !s->stopped; ln++) {
		first = i0 > ln * 8 ? i0 : ln * 8;
		last = i1 < ln * 8 + 7 ? i1 : ln * 8 + 7;
		line_pa = table + (uint64_t)RA_LINE_BYTES * ln;
		if (!dma_inside(m, line_pa, RA_LINE_BYTES)) {
			scan_bus(m, s, level, tbase + ((uint64_t)first << shift));
			continue;
		}
		berr = m->berr;
		rerr = mem_read_line(m, line_pa, line, s->c);
		/* a leaf table's lines stream (counted after the loop) */
		if (level < 3)
			s->c->latencies++;
		else
			leaf_lines++;
		cnt_add(m, RA_CNT_DESC_READ, 8);
		if (rerr) {
			/*
			 * Answered with a bus error: as a line outside the windows; if the
			 * budget stops the scan first, the error is not reported.
			 */
			if (!scan_bus(m, s, level, tbase + ((uint64_t)first << shift)))
				m->berr = berr;
			continue;
		}
		for (j = first; j <= last && !s->stopped; j++) {
			scan_entry(m, s, level, line_pa + 8 * (j % 8),
				   get_le(line + 8 * (j % 8), 8),
				   tbase + ((uint64_t)j << shift), lo, hi);
		}
	}
	s->c->latencies += stream_latencies(m, leaf_lines);
}

static uint64_t scan_words(const struct ra_command *cmd)
{
	uint64_t pages = (cmd->arg[1] - cmd->arg[0]) >> RA_PAGE_SHIFT;

	return (pages + 63) / 64;
}

static void exec_scan(struct ra_model *m, const struct ra_command *cmd,
		      struct ra_cpl *cpl, struct ra_cost *c)
{
	struct ra_scan s;
	uint64_t ttbr_base = cmd->ttbr & ADDR_47_12;

	memset(&s, 0, sizeof(s));
	s.cmd = cmd;
	s.c = c;
	s.cpl = cpl;
	s.start = cmd->arg[0];
	s.end = cmd->arg[1];
	s.runs_mode = cmd->flags & RA_SCAN_RUNS;
	if (!s.runs_mode) {
		s.young_bm.addr = cmd->arg[2];
		s.young_bm.words = scan_words(cmd);
		s.dirty_bm.addr = cmd->arg[3];
		if (cmd->flags & RA_SCAN_REPORT_DIRTY)
			s.dirty_bm.words = s.young_bm.words;
	}

	if (ttbr_base >= pa_limit(m))
		scan_record(m, &s, RA_FAULT_ADDRESS_SIZE, 0, s.start, 0,
			    false, false);
	else
		scan_table(m, &s, 0, ttbr_base, s.start, s.end);

	run_write(m, &s);
	bm_advance(m, &s.young_bm, s.young_bm.words, c);
	bm_advance(m, &s.dirty_bm, s.dirty_bm.words, c);

	cpl->count[0] = (uint32_t)s.young;
	cpl->count[1] = (uint32_t)s.records;
	cpl->count[2] = (uint32_t)s.pte;
	cpl->count[3] = (uint32_t)(s.runs_mode ? s.runs : s.dirty);
	if (s.stopped) {
		cpl->flags |= RA_CPL_RESUME;
		cpl->fault_va = s.resume;
	}
}

/* ---------------------------------------------------------------------
 * Command decode and checks.
 */

static void cmd_decode(struct ra_command *cmd, const uint8_t *b)
{
	uint64_t w[RA_DESC_WORDS];

	for (unsigned i = 0; i < RA_DESC_WORDS; i++)
		w[i] = get_le(b + 8 * i, 8);
	ra_command_unpack(w, cmd);
}

static unsigned int walk_check(const struct ra_model *m,
			       const struct ra_command *cmd)
{
	if (cmd->flags || cmd->rsvd || cmd->budget || (cmd->ttbr & 0xfff) ||
	    (cmd->arg[0] & 7) || (cmd->arg[1] & 15) || cmd->arg[2] < 1 ||
	    cmd->arg[2] > WALK_MAX_COUNT || cmd->arg[3] || cmd->arg[4] ||
	    cmd->arg5)
		return RA_ST_BAD_ARGS;
	if (!dma_inside(m, cmd->arg[0], 8 * cmd->arg[2]) ||
	    !dma_inside(m, cmd->arg[1], 16 * cmd->arg[2]))
		return RA_ST_DMA;
	return RA_ST_OK;
}

static unsigned int scan_check(const struct ra_model *m,
			       const struct ra_command *cmd)
{
	bool dirty = cmd->flags & RA_SCAN_REPORT_DIRTY;
	bool runs = cmd->flags & RA_SCAN_RUNS;
	uint64_t w;

	if ((cmd->flags & ~(RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY | RA_SCAN_RUNS)) ||
	    cmd->rsvd || (cmd->budget && cmd->budget < SCAN_MIN_BUDGET) ||
	    (cmd->ttbr & 0xfff) || (cmd->arg[0] & 0xfff) || (cmd->arg[1] & 0xfff) ||
	    cmd->arg[0] >= cmd->arg[1] || cmd->arg[1] > (1ull << RA_VA_BITS) || (cmd->arg[4] & 15))
		return RA_ST_BAD_ARGS;
	if (runs ? (cmd->arg[2] & 15) || !cmd->arg[3] || cmd->arg[3] > UINT32_MAX
		 : (cmd->arg[2] & 7) || (dirty && (cmd->arg[3] & 7)))
		return RA_ST_BAD_ARGS;
	w = scan_words(cmd);
	if (runs ? !dma_inside(m, cmd->arg[2], (uint64_t)RA_SCAN_RUN_BYTES * cmd->arg[3])
		 : !dma_inside(m, cmd->arg[2], 8 * w) || (dirty && !dma_inside(m, cmd->arg[3], 8 * w)))
		return RA_ST_DMA;
	if (cmd->arg5 && !dma_inside(m, cmd->arg[4], 16ull * cmd->arg5))
		return RA_ST_DMA;
	return RA_ST_OK;
}

/* ---------------------------------------------------------------------
 * XXH64, and the page engines: HASH, CMP, COPY.
 */

/* XXH64 as its specification defines it (include/ra_xxh64.h). */
uint64_t ra_xxh64(const void *buf, size_t len, uint64_t seed)
{
	return ra_xxh64_compute(buf, len, seed);
}

/* Fault of a page PA: misaligned or reaching 2^PA_BITS, or outside the windows. */
static unsigned int page_fault(const struct ra_model *m, uint64_t pa)
{
	if ((pa & (PAGE_BYTES - 1)) || pa >= pa_limit(m) || pa_limit(m) - pa < PAGE_BYTES)
		return RA_FAULT_ADDRESS_SIZE;
	if (!dma_inside(m, pa, PAGE_BYTES))
		return RA_FAULT_BUS;
	return RA_FAULT_NONE;
}

/* The entry list of a page command, read one line at a time as entries are needed. */
struct ra_list {
	uint64_t base;		/* arg0 */
	uint64_t line_pa;
	bool have;
	uint64_t lines;
	bool err;		/* the line was answered with a bus error */
	uint8_t line[RA_LINE_BYTES];
};

/* List word @idx; *@err tells that it was answered with a bus error (it reads 0). */
static uint64_t list_word(struct ra_model *m, struct ra_list *l, uint64_t idx,
			  bool *err, struct ra_cost *c)
{
	uint64_t pa = l->base + 8 * idx, lpa = pa & ~(uint64_t)(RA_LINE_BYTES - 1);

	if (!l->have || lpa != l->line_pa) {
		l->err = mem_read_line(m, lpa, l->line, c);
		l->line_pa = lpa;
		l->have = true;
		l->lines++;
	}
	*err = l->err;
	return get_le(l->line + (pa - lpa), 8);
}

/*
 * Fault of an entry's PA: a list word answered with a bus error is a bus
 * fault, checked before the PA's own checks.
 */
static unsigned int entry_fault(const struct ra_model *m, uint64_t pa, bool list_err)
{
	return list_err ? RA_FAULT_BUS : page_fault(m, pa);
}

/* A page line answered with a bus error makes its entry a bus fault (once). */
static void data_fault(bool err, unsigned int which, uint64_t pa, unsigned int *kind,
		       unsigned int *fwhich, uint64_t *fpa)
{
	if (err && *kind == RA_FAULT_NONE) {
		*kind = RA_FAULT_BUS;
		*fwhich = which;
		*fpa = pa;
	}
}

static void page_first_fault(struct ra_cpl *cpl, uint64_t *faults, unsigned int kind,
			     unsigned int which, uint64_t pa)
{
	if (!*faults) {
		cpl->fault_kind = (uint8_t)kind;
		cpl->fault_level = (uint8_t)which;
		cpl->fault_va = pa;
	}
	(*faults)++;
}

static void exec_hash(struct ra_model *m, const struct ra_command *cmd, struct ra_cpl *cpl,
		      struct ra_cost *c)
{
	struct ra_list l = { .base = cmd->arg[0] };
	uint64_t i, faults = 0, zeros = 0, hashed = 0;
	uint8_t page[PAGE_BYTES];

	for (i = 0; i < cmd->arg[2]; i++) {
		bool lerr;
		uint64_t pa = list_word(m, &l, i, &lerr, c), res, fpa = pa;
		unsigned int which = 0, kind = entry_fault(m, pa, lerr);

		if (kind == RA_FAULT_NONE) {
			bool zero = true, derr = false;

			for (unsigned int k = 0; k < PAGE_LINES; k++)
				derr |= mem_read_line(m, pa + RA_LINE_BYTES * k,
						      page + RA_LINE_BYTES * k, c);
			for (unsigned int k = 0; k < PAGE_BYTES && zero; k++)
				zero = !page[k];
			res = 0;
			ra_page_res_set_hash(&res, ra_xxh64(page, PAGE_BYTES, 0));
			ra_page_res_set_flag(&res, zero);
			c->latencies += stream_latencies(m, PAGE_LINES);
			cnt_add(m, RA_CNT_PAGES_HASHED, 1);
			cnt_add(m, RA_CNT_BYTES_HASHED, PAGE_BYTES);
			data_fault(derr, 0, pa, &kind, &which, &fpa);
			if (kind == RA_FAULT_NONE) {
				zeros += zero;
				hashed++;
				cnt_add(m, RA_CNT_ZERO_PAGES, zero);
			}
			trace(m, "hash pa=0x%" PRIx64 " sum=0x%08" PRIx64 "%s%s", pa,
			      (uint64_t)(res & 0xffffffffull), zero ? " zero" : "",
			      derr ? " (bus error)" : "");
		}
		if (kind != RA_FAULT_NONE) {
			res = 0;
			ra_page_res_set_fault(&res, kind);
			cnt_add(m, RA_CNT_FAULTS, 1);
			page_first_fault(cpl, &faults, kind, which, fpa);
		}
		mem_write_word(m, cmd->arg[1] + 8 * i, res, c);
	}
	c->latencies += stream_latencies(m, l.lines);
	cpl->count[0] = (uint32_t)hashed;
	cpl->count[1] = (uint32_t)faults;
	cpl->count[2] = (uint32_t)zeros;
}

/* Both PAs of pair @i: first the fault check of each, in order. */
static unsigned int pair_fault(const struct ra_model *m, uint64_t a, bool aerr, uint64_t b,
			       bool berr, unsigned int *which, uint64_t *pa)
{
	unsigned int k = entry_fault(m, a, aerr);

	*which = 0;
	*pa = a;
	if (k != RA_FAULT_NONE)
		return k;
	*which = 1;
	*pa = b;
	return entry_fault(m, b, berr);
}

static uint64_t fault_result(unsigned int kind, unsigned int which)
{
	uint64_t res = 0;

	ra_page_res_set_fault(&res, kind);
	ra_page_res_set_second(&res, which);
	return res;
}

static void exec_cmp(struct ra_model *m, const struct ra_command *cmd, struct ra_cpl *cpl,
		     struct ra_cost *c)
{
	struct ra_list l = { .base = cmd->arg[0] };
	uint64_t i, faults = 0, equal = 0, compared = 0;

	for (i = 0; i < cmd->arg[2]; i++) {
		bool aerr, berr;
		uint64_t a = list_word(m, &l, 2 * i, &aerr, c);
		uint64_t b = list_word(m, &l, 2 * i + 1, &berr, c);
		uint64_t res = 0, fpa;
		unsigned int which, kind = pair_fault(m, a, aerr, b, berr, &which, &fpa);

		if (kind == RA_FAULT_NONE) {
			uint8_t la[RA_LINE_BYTES], lb[RA_LINE_BYTES];
			uint64_t diff = PAGE_BYTES;

			for (unsigned int k = 0; k < PAGE_LINES; k++) {
				data_fault(mem_read_line(m, a + RA_LINE_BYTES * k, la, c), 0, a,
					   &kind, &which, &fpa);
				data_fault(mem_read_line(m, b + RA_LINE_BYTES * k, lb, c), 1, b,
					   &kind, &which, &fpa);
				for (unsigned int j = 0; j < RA_LINE_BYTES && diff == PAGE_BYTES; j++)
					if (la[j] != lb[j])
						diff = RA_LINE_BYTES * k + j;
			}
			res = 0;
			if (diff == PAGE_BYTES)
				ra_page_res_set_flag(&res, 1);
			else
				ra_page_res_set_offset(&res, diff);
			c->latencies += stream_latencies(m, PAGE_LINES);
			cnt_add(m, RA_CNT_COMPARES, 1);
			if (kind == RA_FAULT_NONE) {
				equal += diff == PAGE_BYTES;
				compared++;
			}
		}
		if (kind != RA_FAULT_NONE) {
			res = fault_result(kind, which);
			cnt_add(m, RA_CNT_FAULTS, 1);
			page_first_fault(cpl, &faults, kind, which, fpa);
		}
		mem_write_word(m, cmd->arg[1] + 8 * i, res, c);
	}
	c->latencies += stream_latencies(m, l.lines);
	cpl->count[0] = (uint32_t)compared;
	cpl->count[1] = (uint32_t)faults;
	cpl->count[2] = (uint32_t)equal;
}

static void exec_copy(struct ra_model *m, const struct ra_command *cmd, struct ra_cpl *cpl,
		      struct ra_cost *c)
{
	struct ra_list l = { .base = cmd->arg[0] };
	uint64_t i, faults = 0, copied = 0;

	for (i = 0; i < cmd->arg[2]; i++) {
		bool serr, derr;
		uint64_t src = list_word(m, &l, 2 * i, &serr, c);
		uint64_t dst = list_word(m, &l, 2 * i + 1, &derr, c);
		uint64_t res = 0, fpa;
		unsigned int which, kind = pair_fault(m, src, serr, dst, derr, &which, &fpa);

		ra_page_res_set_copied(&res, 1);
		if (kind == RA_FAULT_NONE) {
			uint8_t line[RA_LINE_BYTES];

			for (unsigned int k = 0; k < PAGE_LINES; k++) {
				data_fault(mem_read_line(m, src + RA_LINE_BYTES * k, line, c), 0,
					   src, &kind, &which, &fpa);
				for (unsigned int w = 0; w < RA_LINE_BYTES / 8; w++)
					mem_write_word(m, dst + RA_LINE_BYTES * k + 8 * w,
						       get_le(line + 8 * w, 8), c);
			}
			c->latencies += stream_latencies(m, PAGE_LINES);
			cnt_add(m, RA_CNT_COPIES, 1);
			if (kind == RA_FAULT_NONE)
				copied++;
		}
		if (kind != RA_FAULT_NONE) {
			res = fault_result(kind, which);
			cnt_add(m, RA_CNT_FAULTS, 1);
			page_first_fault(cpl, &faults, kind, which, fpa);
		}
		mem_write_word(m, cmd->arg[1] + 8 * i, res, c);
	}
	c->latencies += stream_latencies(m, l.lines);
	cpl->count[0] = (uint32_t)copied;
	cpl->count[1] = (uint32_t)faults;
}

/* HASH: 8-byte entries; CMP and COPY: 16-byte pairs. Results are 8 bytes each. */
static unsigned int page_check(const struct ra_model *m, const struct ra_command *cmd)
{
	uint64_t esz = cmd->op == RA_OP_HASH ? 8 : 16;

	if (cmd->flags || cmd->rsvd || cmd->budget || cmd->ttbr || (cmd->arg[0] & (esz - 1)) ||
	    (cmd->arg[1] & 7) || cmd->arg[2] < 1 || cmd->arg[2] > WALK_MAX_COUNT || cmd->arg[3] ||
	    cmd->arg[4] || cmd->arg5)
		return RA_ST_BAD_ARGS;
	if (!dma_inside(m, cmd->arg[0], esz * cmd->arg[2]) ||
	    !dma_inside(m, cmd->arg[1], 8 * cmd->arg[2]))
		return RA_ST_DMA;
	return RA_ST_OK;
}

/* ---------------------------------------------------------------------
 * Ring processing.
 */

static uint32_t ring_mask(uint32_t log2)
{
	return (1u << log2) - 1;
}

bool ra_model_can_run(const struct ra_model *m)
{
	return (m->ctrl & RA_CTRL_ENABLE_MASK) && m->sq_log2 && m->cq_log2 &&
	       !m->ring_fault && m->sq_head != m->sq_tail &&
	       ((m->cq_tail + 1) & ring_mask(m->cq_log2)) != m->cq_head;
}

static void account_cycles(struct ra_model *m, const struct ra_cost *c)
{
	uint64_t n = RA_MODEL_CMD_OVERHEAD +
		     c->latencies * m->cfg.mem_latency +
		     (c->rd_beats > c->wr_beats ? c->rd_beats : c->wr_beats);

	cnt_add(m, RA_CNT_CYCLES, n);
	cnt_add(m, RA_CNT_BUSY_CYCLES, n);
}

/* Execute the command at SQ_HEAD. Returns false on a ring fault. */
static bool ring_step(struct ra_model *m)
{
	uint64_t sq_pa = m->sq_base + (uint64_t)RA_DESC_BYTES * m->sq_head;
	uint64_t cq_pa = m->cq_base + (uint64_t)RA_CPL_BYTES * m->cq_tail;
	uint8_t line[RA_DESC_BYTES];
	struct ra_cost c = { 0, 0, 0 };
	struct ra_command cmd;
	struct ra_cpl cpl;
	uint64_t w[RA_CPL_WORDS];
	unsigned int st;

	if (!dma_inside(m, sq_pa, RA_DESC_BYTES) ||
	    !dma_inside(m, cq_pa, RA_CPL_BYTES)) {
		m->ring_fault = true;
		m->int_status |= RA_INT_STATUS_RING_FAULT_MASK;
		account_cycles(m, &c);
		return false;
	}

	m->berr = 0;
	mem_read_line(m, sq_pa, line, &c);
	c.latencies++;
	if (m->berr) {
		/* the command line read got an error: not a command (docs/device.md) */
		m->ring_fault = true;
		m->int_status |= RA_INT_STATUS_RING_FAULT_MASK;
		account_cycles(m, &c);
		return false;
	}
	cmd_decode(&cmd, line);
	wc_invalidate(m);

	memset(&cpl, 0, sizeof(cpl));
	cpl.tag = cmd.tag;
	if (cmd.op < RA_OP_WALK || cmd.op > RA_OP_COPY ||
	    !(m->engines & (1u << (cmd.op - 1))))
		st = RA_ST_BAD_OPCODE;
	else if (cmd.op == RA_OP_WALK)
		st = walk_check(m, &cmd);
	else if (cmd.op == RA_OP_SCAN)
		st = scan_check(m, &cmd);
	else
		st = page_check(m, &cmd);

	if (st == RA_ST_OK) {
		switch (cmd.op) {
		case RA_OP_WALK: exec_walk(m, &cmd, &cpl, &c); break;
		case RA_OP_SCAN: exec_scan(m, &cmd, &cpl, &c); break;
		case RA_OP_HASH: exec_hash(m, &cmd, &cpl, &c); break;
		case RA_OP_CMP: exec_cmp(m, &cmd, &cpl, &c); break;
		default: exec_copy(m, &cmd, &cpl, &c); break;
		}
	}
	cpl.status = (uint8_t)st;
	if (m->berr) {
		/* an access of the command got a bus error (docs/device.md, "Bus errors") */
		cpl.status = RA_ST_BUS;
		cpl.flags |= m->berr;
		m->berr = 0;
	}

	ra_cpl_pack(&cpl, w);
	for (unsigned i = 0; i < RA_CPL_WORDS; i++)
		mem_write_word(m, cq_pa + 8 * i, w[i], &c);
	c.latencies++;		/* wait for the write acknowledgements */
	if (m->berr) {
		/* a completion word write got an error: the entry is not delivered */
		m->ring_fault = true;
		m->int_status |= RA_INT_STATUS_RING_FAULT_MASK;
		account_cycles(m, &c);
		return false;
	}

	m->cq_tail = (m->cq_tail + 1) & ring_mask(m->cq_log2);
	m->sq_head = (m->sq_head + 1) & ring_mask(m->sq_log2);
	m->int_status |= RA_INT_STATUS_CMD_DONE_MASK;
	cnt_add(m, RA_CNT_COMMANDS, 1);
	if (cpl.status != RA_ST_OK)
		cnt_add(m, RA_CNT_CMD_ERRORS, 1);
	account_cycles(m, &c);
	return true;
}

unsigned int ra_model_run(struct ra_model *m, unsigned int max_cmds)
{
	unsigned int done = 0;

	while (done < max_cmds && ra_model_can_run(m)) {
		if (!ring_step(m))
			break;
		done++;
	}
	return done;
}

/* ---------------------------------------------------------------------
 * CSR access.
 */

static uint32_t cap_value(const struct ra_model *m)
{
	return ((m->cfg.data_bytes << RA_CAP_DATA_BYTES_SHIFT) &
		RA_CAP_DATA_BYTES_MASK) |
	       ((m->cfg.walk_cache << RA_CAP_WALK_CACHE_SHIFT) &
		RA_CAP_WALK_CACHE_MASK) |
	       ((m->cfg.rd_inflight << RA_CAP_RD_INFLIGHT_SHIFT) &
		RA_CAP_RD_INFLIGHT_MASK) |
	       ((m->engines << RA_CAP_ENGINES_SHIFT) &
		RA_CAP_ENGINES_MASK);
}

static uint64_t set_lo(uint64_t cur, uint32_t val, uint32_t mask)
{
	return (cur & ~0xffffffffull) | (val & mask);
}

static uint64_t set_hi(uint64_t cur, uint32_t val, uint32_t mask)
{
	return (cur & 0xffffffffull) | ((uint64_t)(val & mask) << 32);
}

uint32_t ra_model_read32(struct ra_model *m, uint32_t off)
{
	unsigned int i;

	off &= (RA_CSR_BYTES - 1) & ~3u;

	if (off >= RA_REG_CNT_LO(0) && off < RA_REG_CNT_LO(RA_NUM_COUNTERS)) {
		i = (off - RA_REG_CNT_LO(0)) / 8;
		if (off == RA_REG_CNT_LO(i)) {
			m->cnt_hi_latch[i] = (uint32_t)(m->cnt[i] >> 32);
			return (uint32_t)m->cnt[i];
		}
		return m->cnt_hi_latch[i];
	}
	if (off >= RA_REG_WIN_BASE_LO(0) &&
	    off < RA_REG_WIN_BASE_LO(RA_NUM_WINDOWS)) {
		i = (off - RA_REG_WIN_BASE_LO(0)) / 0x10;
		if (off == RA_REG_WIN_BASE_LO(i))
			return (uint32_t)m->win_base[i];
		if (off == RA_REG_WIN_BASE_HI(i))
			return (uint32_t)(m->win_base[i] >> 32);
		if (off == RA_REG_WIN_LIMIT_LO(i))
			return (uint32_t)m->win_limit[i];
		return (uint32_t)(m->win_limit[i] >> 32);
	}

	switch (off) {
	case RA_REG_ID:
		return RA_REG_ID_RESET;
	case RA_REG_VERSION:
		return RA_REG_VERSION_RESET;
	case RA_REG_CAP:
		return cap_value(m);
	case RA_REG_CTRL:
		return m->ctrl;
	case RA_REG_STATUS:
		return m->ring_fault ? RA_STATUS_RING_FAULT_MASK : 0;
	case RA_REG_INT_STATUS:
		return m->int_status;
	case RA_REG_INT_MASK:
		return m->int_mask;
	case RA_REG_PA_BITS:
		return m->pa_bits;
	case RA_REG_SQ_BASE_LO:
		return (uint32_t)m->sq_base;
	case RA_REG_SQ_BASE_HI:
		return (uint32_t)(m->sq_base >> 32);
	case RA_REG_SQ_SIZE:
		return m->sq_log2;
	case RA_REG_SQ_HEAD:
		return m->sq_head;
	case RA_REG_SQ_TAIL:
		return m->sq_tail;
	case RA_REG_CQ_BASE_LO:
		return (uint32_t)m->cq_base;
	case RA_REG_CQ_BASE_HI:
		return (uint32_t)(m->cq_base >> 32);
	case RA_REG_CQ_SIZE:
		return m->cq_log2;
	case RA_REG_CQ_HEAD:
		return m->cq_head;
	case RA_REG_CQ_TAIL:
		return m->cq_tail;
	case RA_REG_PERF_CAP:
		return (RA_REG_PERF_CAP_RESET & ~RA_PERF_CAP_WIDTH_MASK) |
		       ((m->cfg.cnt_width ? m->cfg.cnt_width : 64) << RA_PERF_CAP_WIDTH_SHIFT);
	case RA_REG_PERF_OVF:
		return m->perf_ovf;
	default:
		return 0;
	}
}

static void write_ctrl(struct ra_model *m, uint32_t val)
{
	if (val & RA_CTRL_SOFT_RESET_MASK) {
		ra_model_reset(m);
		return;
	}
	m->ctrl = val & (RA_CTRL_ENABLE_MASK | RA_CTRL_CNT_FREEZE_MASK);
	if (!(val & RA_CTRL_ENABLE_MASK))
		m->ring_fault = false;
	if (val & RA_CTRL_CNT_CLEAR_MASK)
		cnt_clear(m);
}

void ra_model_write32(struct ra_model *m, uint32_t off, uint32_t val)
{
	unsigned int i;
	uint32_t v;

	off &= (RA_CSR_BYTES - 1) & ~3u;

	if (off >= RA_REG_CNT_LO(0) && off < RA_REG_CNT_LO(RA_NUM_COUNTERS)) {
		i = (off - RA_REG_CNT_LO(0)) / 8;
		if (off == RA_REG_CNT_LO(i))
			m->cnt[i] = set_lo(m->cnt[i], val, 0xffffffffu);
		else
			m->cnt[i] = set_hi(m->cnt[i], val, 0xffffffffu);
		m->cnt[i] &= cnt_mask(m, i);
		return;
	}
	if (off >= RA_REG_WIN_BASE_LO(0) &&
	    off < RA_REG_WIN_BASE_LO(RA_NUM_WINDOWS)) {
		i = (off - RA_REG_WIN_BASE_LO(0)) / 0x10;
		if (i >= (m->cfg.windows ? m->cfg.windows : RA_NUM_WINDOWS))
			return;		/* not implemented: reads 0, the window is empty */
		if (off == RA_REG_WIN_BASE_LO(i))
			m->win_base[i] = set_lo(m->win_base[i], val,
						RA_WIN0_BASE_LO_ADDR_MASK);
		else if (off == RA_REG_WIN_BASE_HI(i))
			m->win_base[i] = set_hi(m->win_base[i], val,
						RA_WIN0_BASE_HI_ADDR_MASK);
		else if (off == RA_REG_WIN_LIMIT_LO(i))
			m->win_limit[i] = set_lo(m->win_limit[i], val,
						 RA_WIN0_LIMIT_LO_ADDR_MASK);
		else
			m->win_limit[i] = set_hi(m->win_limit[i], val,
						 RA_WIN0_LIMIT_HI_ADDR_MASK);
		return;
	}

	switch (off) {
	case RA_REG_CTRL:
		write_ctrl(m, val);
		break;
	case RA_REG_INT_STATUS:
		m->int_status &= ~(val & (RA_INT_STATUS_CMD_DONE_MASK |
					  RA_INT_STATUS_RING_FAULT_MASK |
					  RA_INT_STATUS_CNT_OVF_MASK));
		break;
	case RA_REG_INT_MASK:
		m->int_mask = val & (RA_INT_MASK_CMD_DONE_MASK |
				     RA_INT_MASK_RING_FAULT_MASK |
				     RA_INT_MASK_CNT_OVF_MASK);
		break;
	case RA_REG_PA_BITS:
		v = val & RA_PA_BITS_VALUE_MASK;
		if (v >= 32 && v <= 48)
			m->pa_bits = v;
		break;
	case RA_REG_SQ_BASE_LO:
		m->sq_base = set_lo(m->sq_base, val, RA_SQ_BASE_LO_ADDR_MASK);
		break;
	case RA_REG_SQ_BASE_HI:
		m->sq_base = set_hi(m->sq_base, val, RA_SQ_BASE_HI_ADDR_MASK);
		break;
	case RA_REG_SQ_SIZE:
		m->sq_log2 = val & RA_SQ_SIZE_LOG2_MASK;
		break;
	case RA_REG_SQ_TAIL:
		m->sq_tail = val & RA_SQ_TAIL_INDEX_MASK &
			     ring_mask(m->sq_log2);
		break;
	case RA_REG_CQ_BASE_LO:
		m->cq_base = set_lo(m->cq_base, val, RA_CQ_BASE_LO_ADDR_MASK);
		break;
	case RA_REG_CQ_BASE_HI:
		m->cq_base = set_hi(m->cq_base, val, RA_CQ_BASE_HI_ADDR_MASK);
		break;
	case RA_REG_CQ_SIZE:
		m->cq_log2 = val & RA_CQ_SIZE_LOG2_MASK;
		break;
	case RA_REG_CQ_HEAD:
		m->cq_head = val & RA_CQ_HEAD_INDEX_MASK &
			     ring_mask(m->cq_log2);
		break;
	case RA_REG_PERF_OVF:
		m->perf_ovf &= ~(val & RA_PERF_OVF_MASK_MASK);
		break;
	default:
		break;
	}
}

bool ra_model_irq(const struct ra_model *m)
{
	return (m->int_status & ~m->int_mask) != 0;
}

uint64_t ra_model_counter(const struct ra_model *m, unsigned int idx)
{
	return idx < RA_NUM_COUNTERS ? m->cnt[idx] : 0;
}

void ra_model_add_idle_cycles(struct ra_model *m, uint64_t n)
{
	cnt_add(m, RA_CNT_CYCLES, n);
}

void ra_model_set_trace(struct ra_model *m,
			void (*fn)(void *ctx, const char *msg), void *ctx)
{
	m->trace_fn = fn;
	m->trace_ctx = ctx;
}

/* ---------------------------------------------------------------------
 * Saved state (see ra_model.h for the format).
 */

#define RA_STATE_MAGIC		0x534d4152u	/* "RAMS" little-endian */
#define RA_STATE_NUM_REG32	12u

/* Cursor over a state image. */
struct ra_state_buf {
	uint8_t *p;
	const uint8_t *q;
	size_t off;
};

static void st_put32(struct ra_state_buf *b, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		b->p[b->off++] = (uint8_t)(v >> (8 * i));
}

static void st_put64(struct ra_state_buf *b, uint64_t v)
{
	st_put32(b, (uint32_t)v);
	st_put32(b, (uint32_t)(v >> 32));
}

static uint32_t st_get32(struct ra_state_buf *b)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		v |= (uint32_t)b->q[b->off++] << (8 * i);
	return v;
}

static uint64_t st_get64(struct ra_state_buf *b)
{
	uint64_t lo = st_get32(b);

	return lo | ((uint64_t)st_get32(b) << 32);
}

size_t ra_model_state_size(void)
{
	return RA_MODEL_STATE_BYTES;
}

void ra_model_save(const struct ra_model *m, void *buf)
{
	struct ra_state_buf b = { .p = buf };
	unsigned int i;

	st_put32(&b, RA_STATE_MAGIC);
	st_put32(&b, RA_MODEL_STATE_VERSION);
	st_put32(&b, m->cfg.data_bytes);
	st_put32(&b, m->cfg.walk_cache);
	st_put32(&b, m->cfg.rd_inflight);
	st_put32(&b, m->cfg.mem_latency);
	st_put32(&b, m->engines);
	st_put32(&b, m->ctrl);
	st_put32(&b, m->ring_fault ? 1 : 0);
	st_put32(&b, m->int_status);
	st_put32(&b, m->int_mask);
	st_put32(&b, m->pa_bits);
	st_put32(&b, m->sq_log2);
	st_put32(&b, m->cq_log2);
	st_put32(&b, m->sq_head);
	st_put32(&b, m->sq_tail);
	st_put32(&b, m->cq_head);
	st_put32(&b, m->cq_tail);
	st_put32(&b, m->perf_ovf);
	st_put64(&b, m->sq_base);
	st_put64(&b, m->cq_base);
	for (i = 0; i < RA_NUM_WINDOWS; i++) {
		st_put64(&b, m->win_base[i]);
		st_put64(&b, m->win_limit[i]);
	}
	for (i = 0; i < RA_NUM_COUNTERS; i++)
		st_put64(&b, m->cnt[i]);
	for (i = 0; i < RA_NUM_COUNTERS; i++)
		st_put32(&b, m->cnt_hi_latch[i]);
}

int ra_model_load(struct ra_model *m, const void *buf, size_t len)
{
	struct ra_state_buf b = { .q = buf };
	struct ra_model t;
	uint32_t r[RA_STATE_NUM_REG32];
	unsigned int i;

	if (!buf || len != RA_MODEL_STATE_BYTES || st_get32(&b) != RA_STATE_MAGIC)
		return RA_MODEL_LOAD_EBADIMAGE;
	if (st_get32(&b) != RA_MODEL_STATE_VERSION)
		return RA_MODEL_LOAD_EVERSION;
	if (st_get32(&b) != m->cfg.data_bytes ||
	    st_get32(&b) != m->cfg.walk_cache ||
	    st_get32(&b) != m->cfg.rd_inflight ||
	    st_get32(&b) != m->cfg.mem_latency ||
	    st_get32(&b) != m->engines)
		return RA_MODEL_LOAD_ECONFIG;
	for (i = 0; i < RA_STATE_NUM_REG32; i++)
		r[i] = st_get32(&b);

	t = *m;
	t.ctrl = r[0];
	t.ring_fault = r[1] != 0;
	t.int_status = r[2];
	t.int_mask = r[3];
	t.pa_bits = r[4];
	t.sq_log2 = r[5];
	t.cq_log2 = r[6];
	t.sq_head = r[7];
	t.sq_tail = r[8];
	t.cq_head = r[9];
	t.cq_tail = r[10];
	t.perf_ovf = r[11];
	t.sq_base = st_get64(&b);
	t.cq_base = st_get64(&b);
	for (i = 0; i < RA_NUM_WINDOWS; i++) {
		t.win_base[i] = st_get64(&b);
		t.win_limit[i] = st_get64(&b);
	}
	for (i = 0; i < RA_NUM_COUNTERS; i++)
		t.cnt[i] = st_get64(&b);
	for (i = 0; i < RA_NUM_COUNTERS; i++)
		t.cnt_hi_latch[i] = st_get32(&b);

	/* Only values the CSR write paths can produce. */
	if (r[1] > 1 ||
	    (t.ctrl & ~(RA_CTRL_ENABLE_MASK | RA_CTRL_CNT_FREEZE_MASK)) ||
	    (t.int_status & ~(uint32_t)(RA_INT_STATUS_CMD_DONE_MASK |
					RA_INT_STATUS_RING_FAULT_MASK |
					RA_INT_STATUS_CNT_OVF_MASK)) ||
	    (t.int_mask & ~(uint32_t)(RA_INT_MASK_CMD_DONE_MASK |
				      RA_INT_MASK_RING_FAULT_MASK |
				      RA_INT_MASK_CNT_OVF_MASK)) ||
	    t.pa_bits < 32 || t.pa_bits > 48 ||
	    t.sq_log2 > RA_SQ_SIZE_LOG2_MASK ||
	    t.cq_log2 > RA_CQ_SIZE_LOG2_MASK ||
	    (t.sq_head & ~(uint32_t)RA_SQ_HEAD_INDEX_MASK) ||
	    (t.sq_tail & ~(uint32_t)RA_SQ_TAIL_INDEX_MASK) ||
	    (t.cq_head & ~(uint32_t)RA_CQ_HEAD_INDEX_MASK) ||
	    (t.cq_tail & ~(uint32_t)RA_CQ_TAIL_INDEX_MASK) ||
	    (t.perf_ovf >> RA_NUM_COUNTERS))
		return RA_MODEL_LOAD_EINVAL;
	if (b.off != RA_MODEL_STATE_BYTES)
		return RA_MODEL_LOAD_EBADIMAGE;	/* format/size mismatch: a bug */

	*m = t;
	wc_invalidate(m);
	return 0;
}

/* ---------------------------------------------------------------------
 * Life cycle.
 */

void ra_model_reset(struct ra_model *m)
{
	m->ctrl = RA_REG_CTRL_RESET;
	m->ring_fault = false;
	m->int_status = RA_REG_INT_STATUS_RESET;
	m->int_mask = RA_REG_INT_MASK_RESET;
	m->pa_bits = RA_REG_PA_BITS_RESET;
	m->sq_base = 0;
	m->cq_base = 0;
	m->sq_log2 = RA_REG_SQ_SIZE_RESET;
	m->cq_log2 = RA_REG_CQ_SIZE_RESET;
	m->sq_head = RA_REG_SQ_HEAD_RESET;
	m->sq_tail = RA_REG_SQ_TAIL_RESET;
	m->cq_head = RA_REG_CQ_HEAD_RESET;
	m->cq_tail = RA_REG_CQ_TAIL_RESET;
	memset(m->win_base, 0, sizeof(m->win_base));
	memset(m->win_limit, 0, sizeof(m->win_limit));
	cnt_clear(m);
	wc_invalidate(m);
}

struct ra_model *ra_model_create(const struct ra_model_cfg *cfg,
				 const struct ra_mem_ops *ops, void *ctx)
{
	struct ra_model *m;

	if (!cfg || !ops || !ops->read || !ops->write || !ops->atomic_clr64)
		return NULL;
	if ((cfg->data_bytes != 8 && cfg->data_bytes != 16) ||
	    cfg->walk_cache > RA_PARAM_WALK_CACHE_MAX ||
	    cfg->rd_inflight < RA_PARAM_RD_INFLIGHT_MIN ||
	    cfg->rd_inflight > RA_PARAM_RD_INFLIGHT_MAX || cfg->engines > RA_ENGINES_ALL ||
	    (cfg->cnt_width && (cfg->cnt_width < 16 || cfg->cnt_width > 64)) ||
	    cfg->windows > RA_NUM_WINDOWS)
		return NULL;

	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->cfg = *cfg;
	m->engines = (cfg->engines ? cfg->engines : RA_ENGINES_ALL) | RA_ENGINES_MIN;
	m->ops = *ops;
	m->ctx = ctx;
	ra_model_reset(m);
	return m;
}

void ra_model_destroy(struct ra_model *m)
{
	free(m);
}

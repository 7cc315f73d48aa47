// SPDX-License-Identifier: MIT
/*
 * test_model.c - unit tests of the reclaim-accel C model (sim/model).
 *
 * The test owns a flat memory, builds page tables, rings and buffers in it
 * by hand, drives the model through its CSR interface only, and compares
 * results, completions, memory and counters with values worked out by hand
 * in this file (never with the model's own helpers).
 *
 * Build: gcc -std=c11 -Wall -Wextra -Werror -fsanitize=address,undefined -g
 *        -I include -I sim/model tests/unit/test_model.c sim/model/ra_model.c
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_regs.h"
#include "ra_ring.h"
#include "ra_model.h"

/* ------------------------------------------------------------------------
 * Check helpers.
 */

static unsigned int n_pass, n_fail;

static void check_eq(uint64_t got, uint64_t want, const char *expr, int line)
{
	if (got == want) {
		n_pass++;
		return;
	}
	n_fail++;
	fprintf(stderr, "test_model.c:%d: %s = 0x%" PRIx64 ", want 0x%" PRIx64
		"\n", line, expr, got, want);
}

#define CHECK_EQ(a, b)	check_eq((uint64_t)(a), (uint64_t)(b), #a, __LINE__)
#define CHECK(c)	check_eq(!!(c), 1, #c, __LINE__)

/* ------------------------------------------------------------------------
 * Test memory: flat, little-endian, with access statistics.
 */

#define MEM_BASE	0x80000000ull
#define MEM_SIZE	(8ull << 20)
#define MEM_WORDS	(MEM_SIZE / 8)

struct tmem {
	uint8_t *buf;
	uint16_t *wr_count;	/* writes per 8-byte word */
	unsigned int reads;
	unsigned int read_bytes;
	unsigned int writes;
	unsigned int atomics;
	unsigned int bad;	/* accesses outside the memory or misshaped */
};

static struct tmem mem;

static bool mem_ok(uint64_t pa, size_t len)
{
	return pa >= MEM_BASE && len <= MEM_SIZE &&
	       pa - MEM_BASE <= MEM_SIZE - len;
}

static int tm_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
	struct tmem *t = ctx;

	if (!mem_ok(pa, len) || !((len == 8 && !(pa & 7)) ||
				  (len == 64 && !(pa & 63)))) {
		t->bad++;
		return -1;
	}
	memcpy(buf, t->buf + (pa - MEM_BASE), len);
	t->reads++;
	t->read_bytes += (unsigned int)len;
	return 0;
}

static int tm_write(void *ctx, uint64_t pa, const void *buf, size_t len)
{
	struct tmem *t = ctx;

	if (!mem_ok(pa, len) || len != 8 || (pa & 7)) {
		t->bad++;
		return -1;
	}
	memcpy(t->buf + (pa - MEM_BASE), buf, len);
	t->wr_count[(pa - MEM_BASE) / 8]++;
	t->writes++;
	return 0;
}

static uint64_t rd64(uint64_t pa)
{
	const uint8_t *p = mem.buf + (pa - MEM_BASE);
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void wr64(uint64_t pa, uint64_t v)
{
	uint8_t *p = mem.buf + (pa - MEM_BASE);
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int tm_atomic(void *ctx, uint64_t pa, uint64_t mask, uint64_t *old)
{
	struct tmem *t = ctx;

	if (!mem_ok(pa, 8) || (pa & 7)) {
		t->bad++;
		return -1;
	}
	*old = rd64(pa);
	wr64(pa, *old & ~mask);
	t->atomics++;
	return 0;
}

static const struct ra_mem_ops tm_ops = {
	.read = tm_read,
	.write = tm_write,
	.atomic_clr64 = tm_atomic,
};

static void mem_stats_clear(void)
{
	mem.reads = 0;
	mem.read_bytes = 0;
	mem.writes = 0;
	mem.atomics = 0;
	memset(mem.wr_count, 0, MEM_WORDS * sizeof(*mem.wr_count));
}

static unsigned int wr_count(uint64_t pa)
{
	return mem.wr_count[(pa - MEM_BASE) / 8];
}

static void fill64(uint64_t pa, uint64_t words, uint64_t v)
{
	uint64_t i;

	for (i = 0; i < words; i++)
		wr64(pa + 8 * i, v);
}

/* ------------------------------------------------------------------------
 * Memory map used by the tests.
 */

#define SQ_PA		0x80000000ull	/* 16 x 64 bytes */
#define CQ_PA		0x80001000ull	/* 16 x 32 bytes */
#define SQ2_PA		0x80002000ull	/* second ring area */
#define CQ2_PA		0x80003000ull
#define BUF_PA		0x80100000ull	/* VA lists, results, bitmaps, records */
#define BUF2_PA		0x80200000ull
#define BUF3_PA		0x80300000ull
#define BUF4_PA		0x80400000ull
#define BUS_PA		0x90000000ull	/* not in any window */
#define BIG_PA		0x10000000000ull /* 2^40: address-size with PA_BITS=40 */
#define SENT		0xa5a5a5a5a5a5a5a5ull

/* Descriptor bits. */
#define AF		(1ull << 10)
#define AP2		(1ull << 7)
#define DBM		(1ull << 51)
#define TABLE(pa)	((uint64_t)(pa) | 3)
#define PAGE(pa)	((uint64_t)(pa) | 3)
#define BLOCK(pa)	((uint64_t)(pa) | 1)

/* ------------------------------------------------------------------------
 * Device helpers.
 */

static void wr(struct ra_model *m, uint32_t off, uint32_t v)
{
	ra_model_write32(m, off, v);
}

static uint32_t rd(struct ra_model *m, uint32_t off)
{
	return ra_model_read32(m, off);
}

static void set_window(struct ra_model *m, unsigned int i, uint64_t base,
		       uint64_t limit)
{
	wr(m, RA_REG_WIN_BASE_LO(i), (uint32_t)base);
	wr(m, RA_REG_WIN_BASE_HI(i), (uint32_t)(base >> 32));
	wr(m, RA_REG_WIN_LIMIT_LO(i), (uint32_t)limit);
	wr(m, RA_REG_WIN_LIMIT_HI(i), (uint32_t)(limit >> 32));
}

static void set_rings(struct ra_model *m, uint64_t sq, unsigned int sq_log2,
		      uint64_t cq, unsigned int cq_log2)
{
	wr(m, RA_REG_SQ_BASE_LO, (uint32_t)sq);
	wr(m, RA_REG_SQ_BASE_HI, (uint32_t)(sq >> 32));
	wr(m, RA_REG_SQ_SIZE, sq_log2);
	wr(m, RA_REG_CQ_BASE_LO, (uint32_t)cq);
	wr(m, RA_REG_CQ_BASE_HI, (uint32_t)(cq >> 32));
	wr(m, RA_REG_CQ_SIZE, cq_log2);
}

/* CAP.ENGINES of the next device (0: all five) */
static unsigned int tm_engines;

static struct ra_model *dev_new(unsigned int data_bytes, unsigned int wc)
{
	struct ra_model_cfg cfg = {
		.data_bytes = data_bytes,
		.walk_cache = wc,
		.rd_inflight = 4,
		.mem_latency = 10,
		.engines = tm_engines,
	};
	struct ra_model *m = ra_model_create(&cfg, &tm_ops, &mem);

	if (!m) {
		fprintf(stderr, "ra_model_create failed\n");
		exit(2);
	}
	return m;
}

/* A device with window 0 over all memory, 16-entry rings, enabled. */
static struct ra_model *dev_open(unsigned int data_bytes, unsigned int wc)
{
	struct ra_model *m = dev_new(data_bytes, wc);

	set_window(m, 0, MEM_BASE, MEM_BASE + MEM_SIZE);
	set_rings(m, SQ_PA, 4, CQ_PA, 4);
	wr(m, RA_REG_PA_BITS, 40);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	return m;
}

struct tcmd {
	uint8_t op;
	uint8_t flags;
	uint16_t rsvd0;
	uint32_t tag;
	uint64_t ttbr;
	uint64_t a0, a1, a2, a3, a4;
	uint32_t a5;
	uint32_t rsvd1;
};

struct tcpl {
	uint32_t tag;
	uint8_t status;
	uint8_t kind;
	uint8_t level;
	uint8_t flags;
	uint64_t va;
	uint32_t c0, c1, c2, c3;
	uint64_t w[4];
};

static void put_cmd(uint64_t pa, const struct tcmd *c)
{
	struct ra_command d = {
		.op = c->op, .flags = c->flags, .rsvd = c->rsvd0, .tag = c->tag, .ttbr = c->ttbr,
		.arg = { c->a0, c->a1, c->a2, c->a3, c->a4 }, .arg5 = c->a5, .budget = c->rsvd1,
	};
	uint64_t w[RA_DESC_WORDS];

	ra_command_pack(&d, w);
	for (unsigned int i = 0; i < RA_DESC_WORDS; i++)
		wr64(pa + 8 * i, w[i]);
}

static void get_cpl(uint64_t pa, struct tcpl *p)
{
	struct ra_cpl c;

	for (int i = 0; i < RA_CPL_WORDS; i++)
		p->w[i] = rd64(pa + 8 * i);
	ra_cpl_unpack(p->w, &c);
	p->tag = c.tag;
	p->status = c.status;
	p->kind = c.fault_kind;
	p->level = c.fault_level;
	p->flags = c.flags;
	p->va = c.fault_va;
	p->c0 = c.count[0];
	p->c1 = c.count[1];
	p->c2 = c.count[2];
	p->c3 = c.count[3];
}

/* Counter snapshot, for deltas. */
struct snap {
	uint64_t v[RA_NUM_COUNTERS];
};

static void snap_take(struct ra_model *m, struct snap *s)
{
	unsigned int i;

	for (i = 0; i < RA_NUM_COUNTERS; i++)
		s->v[i] = ra_model_counter(m, i);
}

#define DELTA(m, s, i)	(ra_model_counter((m), (i)) - (s)->v[(i)])

/*
 * Submit one command at SQ_TAIL, run the device, fetch its completion from
 * the slot CQ_TAIL pointed at and consume it (advance CQ_HEAD).
 */
static void exec_cmd(struct ra_model *m, const struct tcmd *c,
		     struct tcpl *out)
{
	uint32_t sq_mask = (1u << rd(m, RA_REG_SQ_SIZE)) - 1;
	uint32_t cq_mask = (1u << rd(m, RA_REG_CQ_SIZE)) - 1;
	uint32_t tail = rd(m, RA_REG_SQ_TAIL);
	uint32_t cqt = rd(m, RA_REG_CQ_TAIL);
	uint64_t sq = rd(m, RA_REG_SQ_BASE_LO) |
		      (uint64_t)rd(m, RA_REG_SQ_BASE_HI) << 32;
	uint64_t cq = rd(m, RA_REG_CQ_BASE_LO) |
		      (uint64_t)rd(m, RA_REG_CQ_BASE_HI) << 32;

	put_cmd(sq + 64 * tail, c);
	fill64(cq + 32 * cqt, 4, ~0ull);
	wr(m, RA_REG_SQ_TAIL, (tail + 1) & sq_mask);
	mem_stats_clear();
	CHECK_EQ(ra_model_run(m, 16), 1);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), (cqt + 1) & cq_mask);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), (tail + 1) & sq_mask);
	get_cpl(cq + 32 * cqt, out);
	wr(m, RA_REG_CQ_HEAD, (cqt + 1) & cq_mask);
}

/* ------------------------------------------------------------------------
 * Creation and registers.
 */

static void test_create(void)
{
	struct ra_model_cfg cfg = { 8, 16, 4, 10, 0, 0, 0 };
	struct ra_mem_ops no_atomic = tm_ops;
	struct ra_model *m;

	cfg.data_bytes = 4;
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.data_bytes = 32;
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.data_bytes = 16;
	cfg.walk_cache = 65;
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.walk_cache = 64;
	cfg.rd_inflight = 0;
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.rd_inflight = 33;
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.rd_inflight = 32;
	no_atomic.atomic_clr64 = NULL;
	CHECK(!ra_model_create(&cfg, &no_atomic, &mem));
	CHECK(!ra_model_create(NULL, &tm_ops, &mem));
	m = ra_model_create(&cfg, &tm_ops, &mem);
	CHECK(m != NULL);
	/* CAP = 16 | 64 << 8 | 32 << 16 | (WALK|SCAN|HASH|CMP|COPY) << 24 */
	CHECK_EQ(rd(m, RA_REG_CAP), 0x1f204010);
	ra_model_destroy(m);
	cfg.engines = 0x20;	/* no such engine */
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.engines = 0x04;	/* HASH alone: WALK is always there */
	m = ra_model_create(&cfg, &tm_ops, &mem);
	CHECK_EQ(rd(m, RA_REG_CAP), 0x05204010);
	ra_model_destroy(m);
	cfg.engines = 0;
	cfg.cnt_width = 15;	/* counters are 16..64 bits */
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.cnt_width = 65;
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	cfg.cnt_width = 0;
	cfg.windows = 5;	/* 1..4 windows */
	CHECK(!ra_model_create(&cfg, &tm_ops, &mem));
	ra_model_destroy(NULL);
}

/* The small builds (RTL parameters SCAN_ENGINE, CNT_W, WINDOWS; the iCE40 board): WALK only,
 * 32-bit counters, one DMA window. */
static void test_small_build(void)
{
	struct ra_model_cfg cfg = { 8, 0, 1, 10, 0x01, 32, 1 };
	struct ra_model *m = ra_model_create(&cfg, &tm_ops, &mem);

	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_EQ(rd(m, RA_REG_CAP), 0x01010008);
	CHECK_EQ(rd(m, RA_REG_PERF_CAP), 32u << 8 | RA_NUM_COUNTERS);
	/* a counter of an absent engine reads 0 and ignores writes; the others keep 32 bits */
	wr(m, RA_REG_CNT_LO(RA_CNT_YOUNG_FOUND), 5);
	CHECK_EQ(rd(m, RA_REG_CNT_LO(RA_CNT_YOUNG_FOUND)), 0);
	wr(m, RA_REG_CNT_LO(RA_CNT_PAGES_HASHED), 5);
	CHECK_EQ(rd(m, RA_REG_CNT_LO(RA_CNT_PAGES_HASHED)), 0);
	wr(m, RA_REG_CNT_LO(RA_CNT_WALKS), 0xfffffffe);
	wr(m, RA_REG_CNT_HI(RA_CNT_WALKS), 7);
	CHECK_EQ(rd(m, RA_REG_CNT_LO(RA_CNT_WALKS)), 0xfffffffe);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_WALKS)), 0);
	/* window 0 is writable, windows 1..3 read 0 */
	wr(m, RA_REG_WIN_LIMIT_LO(0), 0x40004000);
	wr(m, RA_REG_WIN_LIMIT_LO(1), 0x40004000);
	CHECK_EQ(rd(m, RA_REG_WIN_LIMIT_LO(0)), 0x40004000);
	CHECK_EQ(rd(m, RA_REG_WIN_LIMIT_LO(1)), 0);
	ra_model_destroy(m);
}

static void test_reset_values(void)
{
	struct ra_model *m = dev_new(8, 16);
	uint32_t off;
	unsigned int i;

	CHECK_EQ(rd(m, RA_REG_ID), 0x52414343);
	CHECK_EQ(rd(m, RA_REG_VERSION), 0x00010000);
	CHECK_EQ(rd(m, RA_REG_CAP), 0x1f041008);
	CHECK_EQ(rd(m, RA_REG_CTRL), 0);
	CHECK_EQ(rd(m, RA_REG_STATUS), 0);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), 0);
	CHECK_EQ(rd(m, RA_REG_INT_MASK), 7);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 48);
	CHECK_EQ(rd(m, RA_REG_PERF_CAP), 64u << 8 | RA_NUM_COUNTERS);
	CHECK_EQ(rd(m, RA_REG_PERF_OVF), 0);
	for (off = RA_REG_SQ_BASE_LO; off <= RA_REG_CQ_TAIL; off += 4)
		CHECK_EQ(rd(m, off), 0);
	for (i = 0; i < 4; i++)
		CHECK_EQ(rd(m, RA_REG_WIN_LIMIT_LO(i)), 0);
	for (i = 0; i < RA_NUM_COUNTERS; i++) {
		CHECK_EQ(rd(m, RA_REG_CNT_LO(i)), 0);
		CHECK_EQ(rd(m, RA_REG_CNT_HI(i)), 0);
	}
	CHECK(!ra_model_irq(m));
	ra_model_destroy(m);
}

static void test_unmapped_and_ro(void)
{
	struct ra_model *m = dev_new(8, 16);
	static const uint32_t holes[] = {
		0x034, 0x038, 0x03c, 0x054, 0x07c, 0x0c0, 0x0fc, 0x108,
		0x1fc, RA_REG_CNT_LO(RA_NUM_COUNTERS), RA_REG_CNT_HI(RA_NUM_COUNTERS), 0x300, 0x3fc,
	};
	unsigned int i;

	for (i = 0; i < sizeof(holes) / sizeof(holes[0]); i++) {
		wr(m, holes[i], 0xffffffff);
		CHECK_EQ(rd(m, holes[i]), 0);
	}
	/* Read-only registers ignore writes. */
	wr(m, RA_REG_ID, 0);
	wr(m, RA_REG_VERSION, 0);
	wr(m, RA_REG_CAP, 0);
	wr(m, RA_REG_STATUS, 0xffffffff);
	wr(m, RA_REG_PERF_CAP, 0);
	wr(m, RA_REG_SQ_HEAD, 5);
	wr(m, RA_REG_CQ_TAIL, 5);
	CHECK_EQ(rd(m, RA_REG_ID), 0x52414343);
	CHECK_EQ(rd(m, RA_REG_VERSION), 0x00010000);
	CHECK_EQ(rd(m, RA_REG_CAP), 0x1f041008);
	CHECK_EQ(rd(m, RA_REG_STATUS), 0);
	CHECK_EQ(rd(m, RA_REG_PERF_CAP), 64u << 8 | RA_NUM_COUNTERS);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 0);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 0);
	/* Only bits 9:2 of the offset are decoded. */
	CHECK_EQ(rd(m, RA_REG_VERSION + 2), 0x00010000);
	CHECK_EQ(rd(m, RA_CSR_BYTES + RA_REG_ID), 0x52414343);
	ra_model_destroy(m);
}

static void test_rw_masks(void)
{
	struct ra_model *m = dev_new(8, 16);
	unsigned int i;

	wr(m, RA_REG_SQ_BASE_LO, 0xffffffff);
	wr(m, RA_REG_SQ_BASE_HI, 0xffffffff);
	wr(m, RA_REG_CQ_BASE_LO, 0xffffffff);
	wr(m, RA_REG_CQ_BASE_HI, 0xffffffff);
	CHECK_EQ(rd(m, RA_REG_SQ_BASE_LO), 0xffffffc0);
	CHECK_EQ(rd(m, RA_REG_SQ_BASE_HI), 0xffff);
	CHECK_EQ(rd(m, RA_REG_CQ_BASE_LO), 0xffffffe0);
	CHECK_EQ(rd(m, RA_REG_CQ_BASE_HI), 0xffff);
	for (i = 0; i < 4; i++) {
		wr(m, RA_REG_WIN_BASE_LO(i), 0x12345678 + i);
		wr(m, RA_REG_WIN_BASE_HI(i), 0xabcd0000 + i);
		wr(m, RA_REG_WIN_LIMIT_LO(i), 0xffffffff);
		wr(m, RA_REG_WIN_LIMIT_HI(i), 0xffffffff);
		CHECK_EQ(rd(m, RA_REG_WIN_BASE_LO(i)), 0x12345000);
		CHECK_EQ(rd(m, RA_REG_WIN_BASE_HI(i)), i);
		CHECK_EQ(rd(m, RA_REG_WIN_LIMIT_LO(i)), 0xfffff000);
		CHECK_EQ(rd(m, RA_REG_WIN_LIMIT_HI(i)), 0xffff);
	}
	wr(m, RA_REG_SQ_SIZE, 0xff);
	wr(m, RA_REG_CQ_SIZE, 0x13);
	CHECK_EQ(rd(m, RA_REG_SQ_SIZE), 0xf);
	CHECK_EQ(rd(m, RA_REG_CQ_SIZE), 0x3);
	/* Indexes written by the driver are masked to the ring size. */
	wr(m, RA_REG_SQ_SIZE, 2);
	wr(m, RA_REG_SQ_TAIL, 7);
	CHECK_EQ(rd(m, RA_REG_SQ_TAIL), 3);
	wr(m, RA_REG_SQ_TAIL, 0x10002);
	CHECK_EQ(rd(m, RA_REG_SQ_TAIL), 2);
	wr(m, RA_REG_CQ_HEAD, 0xffff);
	CHECK_EQ(rd(m, RA_REG_CQ_HEAD), 7);
	wr(m, RA_REG_SQ_SIZE, 0);
	wr(m, RA_REG_SQ_TAIL, 1);
	CHECK_EQ(rd(m, RA_REG_SQ_TAIL), 0);
	wr(m, RA_REG_INT_MASK, 0xfffffffa);
	CHECK_EQ(rd(m, RA_REG_INT_MASK), 2);
	/* CTRL: SOFT_RESET and CNT_CLEAR read 0. */
	wr(m, RA_REG_CTRL, 0xfffffff5);
	CHECK_EQ(rd(m, RA_REG_CTRL), 5);
	wr(m, RA_REG_CTRL, RA_CTRL_CNT_CLEAR_MASK);
	CHECK_EQ(rd(m, RA_REG_CTRL), 0);
	ra_model_destroy(m);
}

static void test_pa_bits(void)
{
	struct ra_model *m = dev_new(8, 16);

	wr(m, RA_REG_PA_BITS, 31);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 48);
	wr(m, RA_REG_PA_BITS, 49);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 48);
	wr(m, RA_REG_PA_BITS, 0);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 48);
	wr(m, RA_REG_PA_BITS, 32);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 32);
	wr(m, RA_REG_PA_BITS, 63);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 32);
	wr(m, RA_REG_PA_BITS, 48);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 48);
	wr(m, RA_REG_PA_BITS, 40);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 40);
	/* The field is bits 5:0: 0x128 carries 0x28 = 40 -> taken. */
	wr(m, RA_REG_PA_BITS, 36);
	wr(m, RA_REG_PA_BITS, 0x128);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 40);
	/* 0x40 carries 0 -> ignored. */
	wr(m, RA_REG_PA_BITS, 0x40);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 40);
	ra_model_destroy(m);
}

static void test_counter_latch(void)
{
	struct ra_model *m = dev_new(8, 16);

	wr(m, RA_REG_CNT_LO(RA_CNT_YOUNG_FOUND), 0x11111111);
	wr(m, RA_REG_CNT_HI(RA_CNT_YOUNG_FOUND), 0x22222222);
	CHECK_EQ(ra_model_counter(m, RA_CNT_YOUNG_FOUND),
		 0x2222222211111111ull);
	/* HI reads the latch (still 0) until LO is read. */
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_YOUNG_FOUND)), 0);
	CHECK_EQ(rd(m, RA_REG_CNT_LO(RA_CNT_YOUNG_FOUND)), 0x11111111);
	wr(m, RA_REG_CNT_HI(RA_CNT_YOUNG_FOUND), 0x33333333);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_YOUNG_FOUND)), 0x22222222);
	CHECK_EQ(rd(m, RA_REG_CNT_LO(RA_CNT_YOUNG_FOUND)), 0x11111111);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_YOUNG_FOUND)), 0x33333333);
	/* Latches are per counter. */
	wr(m, RA_REG_CNT_HI(RA_CNT_FAULTS), 0x44);
	CHECK_EQ(rd(m, RA_REG_CNT_LO(RA_CNT_FAULTS)), 0);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_YOUNG_FOUND)), 0x33333333);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_FAULTS)), 0x44);
	CHECK_EQ(ra_model_counter(m, RA_NUM_COUNTERS), 0);
	/* CNT_CLEAR zeroes counters and latches. */
	wr(m, RA_REG_CTRL, RA_CTRL_CNT_CLEAR_MASK);
	CHECK_EQ(ra_model_counter(m, RA_CNT_YOUNG_FOUND), 0);
	CHECK_EQ(ra_model_counter(m, RA_CNT_FAULTS), 0);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_YOUNG_FOUND)), 0);
	/* Counters can be written while frozen. */
	wr(m, RA_REG_CTRL, RA_CTRL_CNT_FREEZE_MASK);
	wr(m, RA_REG_CNT_LO(RA_CNT_WALKS), 7);
	CHECK_EQ(ra_model_counter(m, RA_CNT_WALKS), 7);
	ra_model_destroy(m);
}

/* ------------------------------------------------------------------------
 * WALK page tables.
 */

#define T0	0x80010000ull
#define T1	0x80011000ull
#define T2	0x80012000ull
#define T3	0x80013000ull
#define T3B	0x80014000ull

static void build_walk_tables(void)
{
	memset(mem.buf + (T0 - MEM_BASE), 0, 5 * 4096);
	wr64(T0 + 8 * 0, TABLE(T1));
	wr64(T0 + 8 * 1, BLOCK(0x40000000) | AF);	/* block at level 0 */
	wr64(T0 + 8 * 2, 0);
	wr64(T0 + 8 * 3, TABLE(BIG_PA));
	wr64(T0 + 8 * 4, TABLE(BUS_PA));
	wr64(T0 + 8 * 5, 0x2);				/* invalid, bit 1 */
	wr64(T0 + 8 * 256, TABLE(T1));			/* upper half */

	/* OA = desc[47:30]; bits 29:12 are junk to be ignored. */
	wr64(T1 + 8 * 0, BLOCK(0xc0000000 | 0x12345000) | AF);
	wr64(T1 + 8 * 1, TABLE(T2));
	wr64(T1 + 8 * 2, 0);
	wr64(T1 + 8 * 3, TABLE(BIG_PA));
	wr64(T1 + 8 * 4, TABLE(BUS_PA));
	wr64(T1 + 8 * 5, BLOCK(BIG_PA));
	/* Bits 51:48 are not part of the address. */
	wr64(T1 + 8 * 6, BLOCK(0x140000000ull) | (0xfull << 48));

	/* OA = desc[47:21]; bits 20:12 are junk. */
	wr64(T2 + 8 * 0, TABLE(T3));
	wr64(T2 + 8 * 1, BLOCK(0x80200000 | 0x1ff000));
	wr64(T2 + 8 * 2, TABLE(T3B));
	wr64(T2 + 8 * 3, BLOCK(BIG_PA));
	wr64(T2 + 8 * 4, 0);
	wr64(T2 + 8 * 5, TABLE(BIG_PA));
	wr64(T2 + 8 * 6, TABLE(BUS_PA));

	wr64(T3 + 8 * 0, PAGE(0x80500000) | AF);
	wr64(T3 + 8 * 1, PAGE(0x80501000) | AF | AP2);
	wr64(T3 + 8 * 2, PAGE(0x80502000));
	wr64(T3 + 8 * 3, PAGE(0x80503000) | DBM);

	wr64(T3B + 8 * 0, 0x80600001);			/* 01 at level 3 */
	wr64(T3B + 8 * 1, PAGE(BIG_PA));
	wr64(T3B + 8 * 2, 0);
	wr64(T3B + 8 * 3, PAGE(0x80603000));
}

struct wexp {
	uint64_t va;
	uint64_t pa;
	unsigned int level;
	unsigned int kind;
	uint64_t desc;
};

#define TR	RA_FAULT_TRANSLATION
#define AS	RA_FAULT_ADDRESS_SIZE
#define BUS	RA_FAULT_BUS

/*
 * Checks the results but CACHED and START (the walk-cache hit and its level: the callers check
 * those); returns how many have CACHED, one per walk-cache hit.
 */
static unsigned int check_results(uint64_t res, const struct wexp *e, unsigned int n)
{
	unsigned int i, cached = 0;

	for (i = 0; i < n; i++) {
		uint64_t want[RA_WALK_RES_WORDS] = { 0, e[i].desc };
		uint64_t got[RA_WALK_RES_WORDS] = { rd64(res + 16 * i), rd64(res + 16 * i + 8) };

		ra_walk_res_set_pa(want, e[i].pa);
		ra_walk_res_set_level(want, e[i].level);
		ra_walk_res_set_fault(want, e[i].kind);
		cached += (unsigned int)ra_walk_res_cached(got);
		CHECK_EQ(ra_walk_res_cached(got), ra_walk_res_start(got) != 0);
		ra_walk_res_set_cached(got, 0);
		ra_walk_res_set_start(got, 0);
		if (got[0] != want[0] || got[1] != want[1])
			fprintf(stderr, "walk result %u (va 0x%" PRIx64 ")\n",
				i, e[i].va);
		CHECK_EQ(got[0], want[0]);
		CHECK_EQ(got[1], want[1]);
	}
	return cached;
}

static void load_vas(uint64_t pa, const struct wexp *e, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		wr64(pa + 8 * i, e[i].va);
}

/* Every descriptor kind and fault at every level, no walk cache. */
static void test_walk_kinds(void)
{
	const struct wexp e[] = {
		/* va, pa, level, kind, desc; desc reads in comment */
		{ 0x07654321, 0xc7654321, 1, 0,
		  BLOCK(0xc0000000 | 0x12345000) | AF },		/* 2 */
		{ 0x40000abc, 0x80500abc, 3, 0, PAGE(0x80500000) | AF }, /* 4 */
		{ 0x40212345, 0x80212345, 2, 0,
		  BLOCK(0x80200000 | 0x1ff000) },			/* 3 */
		{ 0x8000000000ull, 0, 0, TR, BLOCK(0x40000000) | AF },	/* 1 */
		{ 0x10000000000ull, 0, 0, TR, 0 },			/* 1 */
		{ 0x18000000000ull, 0, 0, AS, TABLE(BIG_PA) },		/* 1 */
		{ 0x20000000000ull, 0, 1, BUS, 0 },			/* 1 */
		{ 0x80000000ull, 0, 1, TR, 0 },				/* 2 */
		{ 0xc0000000ull, 0, 1, AS, TABLE(BIG_PA) },		/* 2 */
		{ 0x100000000ull, 0, 2, BUS, 0 },			/* 2 */
		{ 0x140000000ull, 0, 1, AS, BLOCK(BIG_PA) },		/* 2 */
		{ 0x180001234ull, 0x140001234ull, 1, 0,
		  BLOCK(0x140000000ull) | (0xfull << 48) },		/* 2 */
		{ 0x40600000, 0, 2, AS, BLOCK(BIG_PA) },		/* 3 */
		{ 0x40800000, 0, 2, TR, 0 },				/* 3 */
		{ 0x40a00000, 0, 2, AS, TABLE(BIG_PA) },		/* 3 */
		{ 0x40c00000, 0, 3, BUS, 0 },				/* 3 */
		{ 0x40400000, 0, 3, TR, 0x80600001 },			/* 4 */
		{ 0x40401000, 0, 3, AS, PAGE(BIG_PA) },			/* 4 */
		{ 0x40402000, 0, 3, TR, 0 },				/* 4 */
		{ 0x40403fff, 0x80603fff, 3, 0, PAGE(0x80603000) },	/* 4 */
		{ 0x0001000000000000ull, 0, 0, TR, 0 },			/* 0 */
		{ 0xffff800040001234ull, 0x80501234, 3, 0,
		  PAGE(0x80501000) | AF | AP2 },			/* 4 */
		{ 0x28000000000ull, 0, 0, TR, 0x2 },			/* 1 */
		{ 0xfffefffffffff000ull, 0, 0, TR, 0 },			/* 0 */
		{ 0xffff000000001234ull, 0xc0001234, 1, 0,
		  BLOCK(0xc0000000 | 0x12345000) | AF },		/* 2 */
	};
	const unsigned int n = sizeof(e) / sizeof(e[0]);	/* 25 */
	struct ra_model *m = dev_open(8, 0);
	struct tcmd c = {
		.op = RA_OP_WALK, .tag = 0xcafe0001,
		.ttbr = T0 | 0xabcd000000000000ull,	/* ASID ignored */
		.a0 = BUF_PA + 8, .a1 = BUF2_PA, .a2 = n,
	};
	struct tcpl p;
	struct snap s;

	build_walk_tables();
	load_vas(BUF_PA + 8, e, n);
	fill64(BUF2_PA, 2 * n + 2, SENT);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);

	CHECK_EQ(p.tag, 0xcafe0001);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.kind, TR);
	CHECK_EQ(p.level, 0);
	CHECK_EQ(p.flags, 0);
	CHECK_EQ(p.va, 0x8000000000ull);
	CHECK_EQ(p.c0, 25);
	CHECK_EQ(p.c1, 18);
	CHECK_EQ(p.c2, 0);
	CHECK_EQ(p.c3, 0);
	CHECK_EQ(check_results(BUF2_PA, e, n), DELTA(m, &s, RA_CNT_WALK_CACHE_HITS));
	CHECK_EQ(rd64(BUF2_PA + 16 * n), SENT);

	CHECK_EQ(DELTA(m, &s, RA_CNT_COMMANDS), 1);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALKS), 25);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 58);
	CHECK_EQ(DELTA(m, &s, RA_CNT_FAULTS), 18);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_HITS), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_MISSES), 0);
	/* command 8 + 4 VA-list lines x 8 + 58 single reads */
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 98);
	/* 25 results x 2 + completion 4 */
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_WRITE_BEATS), 54);
	CHECK_EQ(DELTA(m, &s, RA_CNT_ATOMIC_OPS), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_PTE_SCANNED), 0);
	CHECK_EQ(mem.reads, 1 + 4 + 58);
	CHECK_EQ(mem.writes, 54);
	CHECK_EQ(mem.bad, 0);
	CHECK(ra_model_counter(m, RA_CNT_CYCLES) > 0);
	CHECK_EQ(ra_model_counter(m, RA_CNT_CYCLES),
		 ra_model_counter(m, RA_CNT_BUSY_CYCLES));
	ra_model_destroy(m);
}

/* TTBR checks and TTBR outside every window. */
static void test_walk_ttbr(void)
{
	const struct wexp e_as[] = {
		{ 0x40000000, 0, 0, AS, 0 },
		{ 0x0001000000000000ull, 0, 0, TR, 0 },	/* step 1 first */
	};
	const struct wexp e_bus[] = {
		{ 0x40000000, 0, 0, BUS, 0 },
	};
	struct ra_model *m = dev_open(8, 16);
	struct tcmd c = {
		.op = RA_OP_WALK, .tag = 2, .ttbr = BIG_PA,
		.a0 = BUF_PA, .a1 = BUF2_PA, .a2 = 2,
	};
	struct tcpl p;
	struct snap s;

	build_walk_tables();
	load_vas(BUF_PA, e_as, 2);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.kind, AS);
	CHECK_EQ(p.level, 0);
	CHECK_EQ(p.va, 0x40000000);
	CHECK_EQ(p.c0, 2);
	CHECK_EQ(p.c1, 2);
	CHECK_EQ(check_results(BUF2_PA, e_as, 2), DELTA(m, &s, RA_CNT_WALK_CACHE_HITS));
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_MISSES), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_HITS), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_FAULTS), 2);
	CHECK_EQ(mem.reads, 2);

	/* With PA_BITS = 48 the same TTBR is fine but outside the window. */
	wr(m, RA_REG_PA_BITS, 48);
	c.a2 = 1;
	load_vas(BUF_PA, e_bus, 1);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.kind, BUS);
	CHECK_EQ(p.level, 0);
	CHECK_EQ(check_results(BUF2_PA, e_bus, 1), DELTA(m, &s, RA_CNT_WALK_CACHE_HITS));
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_MISSES), 1);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 0);
	CHECK_EQ(mem.bad, 0);
	ra_model_destroy(m);
}

/* Walk cache: deepest-level lookup, sequential VAs. */
static void test_walk_cache(void)
{
	const struct wexp e[] = {
		{ 0x40000000, 0x80500000, 3, 0, PAGE(0x80500000) | AF },
		{ 0x40001000, 0x80501000, 3, 0, PAGE(0x80501000) | AF | AP2 },
		{ 0x40002000, 0x80502000, 3, 0, PAGE(0x80502000) },
		{ 0x40003008, 0x80503008, 3, 0, PAGE(0x80503000) | DBM },
		{ 0x40212345, 0x80212345, 2, 0,
		  BLOCK(0x80200000 | 0x1ff000) },
		{ 0x07654321, 0xc7654321, 1, 0,
		  BLOCK(0xc0000000 | 0x12345000) | AF },
		{ 0x40403000, 0x80603000, 3, 0, PAGE(0x80603000) },
		{ 0x40401000, 0, 3, AS, PAGE(BIG_PA) },
		{ 0x0001000000000000ull, 0, 0, TR, 0 },
		{ 0xffff800040001234ull, 0x80501234, 3, 0,
		  PAGE(0x80501000) | AF | AP2 },
		{ 0xffff800040002000ull, 0x80502000, 3, 0, PAGE(0x80502000) },
	};
	const unsigned int n = sizeof(e) / sizeof(e[0]);	/* 11 */
	struct ra_model *m = dev_open(8, 16);
	struct tcmd c = {
		.op = RA_OP_WALK, .tag = 3, .ttbr = T0,
		.a0 = BUF_PA, .a1 = BUF2_PA, .a2 = n,
	};
	struct tcpl p;
	struct snap s;

	build_walk_tables();
	load_vas(BUF_PA, e, n);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(check_results(BUF2_PA, e, n), DELTA(m, &s, RA_CNT_WALK_CACHE_HITS));
	CHECK_EQ(p.c0, 11);
	CHECK_EQ(p.c1, 2);
	CHECK_EQ(p.kind, AS);
	CHECK_EQ(p.level, 3);
	CHECK_EQ(p.va, 0x40401000);
	/*
	 * 0: miss, 4 reads; 1-3: level-2 hits, 1 read each; 4: level-1 hit,
	 * 1 read; 5: level-0 hit, 1 read; 6: level-1 hit, 2 reads; 7: level-2
	 * hit, 1 read; 8: no lookup; 9: miss (other L0 index), 4 reads;
	 * 10: level-2 hit, 1 read.
	 */
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_HITS), 8);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_MISSES), 2);
	for (unsigned int i = 0; i < n; i++) {
		static const unsigned int start[] = { 0, 3, 3, 3, 2, 1, 2, 3, 0, 0, 3 };

		CHECK_EQ(ra_walk_res_start((uint64_t[]){ rd64(BUF2_PA + 16 * i), 0 }), start[i]);
	}
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 17);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALKS), 11);
	CHECK_EQ(DELTA(m, &s, RA_CNT_FAULTS), 2);
	/* 8 + 2 lines x 8 + 17 */
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 41);

	/* The cache is invalidated by every command: same counts again. */
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_HITS), 8);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_MISSES), 2);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 17);
	ra_model_destroy(m);
}

/* Round-robin replacement with two entries. */
static void test_walk_cache_rr(void)
{
	const struct wexp e[] = {
		{ 0x40000000, 0x80500000, 3, 0, PAGE(0x80500000) | AF },
		{ 0x40001000, 0x80501000, 3, 0, PAGE(0x80501000) | AF | AP2 },
		{ 0x07654321, 0xc7654321, 1, 0,
		  BLOCK(0xc0000000 | 0x12345000) | AF },
		{ 0x40002000, 0x80502000, 3, 0, PAGE(0x80502000) },
		{ 0x40210000, 0x80210000, 2, 0,
		  BLOCK(0x80200000 | 0x1ff000) },
		{ 0x40003000, 0x80503000, 3, 0, PAGE(0x80503000) | DBM },
	};
	const unsigned int n = sizeof(e) / sizeof(e[0]);
	struct ra_model *m = dev_open(8, 2);
	struct tcmd c = {
		.op = RA_OP_WALK, .tag = 4, .ttbr = T0,
		.a0 = BUF_PA, .a1 = BUF2_PA, .a2 = n,
	};
	struct tcpl p;
	struct snap s;
	int k;

	build_walk_tables();
	load_vas(BUF_PA, e, n);
	/*
	 * 0: miss, 4 reads; e0=L0, e1=L1, e0=L2(0x200).
	 * 1: L2 hit, 1 read.
	 * 2: miss (L0 entry evicted), 2 reads; e1=L0(0).
	 * 3: L2 hit (e0), 1 read.
	 * 4: L0 hit (e1), 2 reads; e0=L1(1).
	 * 5: L1 hit (e0), 2 reads; e1=L2(0x200).
	 */
	for (k = 0; k < 2; k++) {
		snap_take(m, &s);
		exec_cmd(m, &c, &p);
		CHECK_EQ(check_results(BUF2_PA, e, n), DELTA(m, &s, RA_CNT_WALK_CACHE_HITS));
		CHECK_EQ(p.c1, 0);
		CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_HITS), 4);
		CHECK_EQ(DELTA(m, &s, RA_CNT_WALK_CACHE_MISSES), 2);
		CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 12);
	}
	ra_model_destroy(m);
}

/* 128-bit memory port: 4 beats per line. */
static void test_walk_wide_bus(void)
{
	const struct wexp e[] = {
		{ 0x40000000, 0x80500000, 3, 0, PAGE(0x80500000) | AF },
	};
	struct ra_model *m = dev_open(16, 0);
	uint64_t want[RA_WALK_RES_WORDS] = { 0, 0 };
	struct tcmd c = {
		.op = RA_OP_WALK, .tag = 5, .ttbr = T0,
		.a0 = BUF_PA + 56, .a1 = BUF2_PA, .a2 = 1,
	};
	struct tcpl p;
	struct snap s;

	build_walk_tables();
	load_vas(BUF_PA + 56, e, 1);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(check_results(BUF2_PA, e, 1), DELTA(m, &s, RA_CNT_WALK_CACHE_HITS));
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 4 + 4 + 4);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_WRITE_BEATS), 2 + 4);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 4);

	/* Two VAs straddling a line boundary: two list lines. */
	c.a2 = 2;
	wr64(BUF_PA + 64, 0x40001000);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 4 + 2 * 4 + 8);
	ra_walk_res_set_pa(want, 0x80501000);
	ra_walk_res_set_level(want, 3);
	CHECK_EQ(rd64(BUF2_PA + 16), want[0]);
	ra_model_destroy(m);
}

/* ------------------------------------------------------------------------
 * SCAN.
 */

#define S0	0x80020000ull
#define S1	0x80021000ull
#define S2	0x80022000ull
#define S3A	0x80023000ull
#define S3B	0x80024000ull

#define YB_PA	BUF_PA		/* young bitmap */
#define DB_PA	BUF2_PA		/* dirty bitmap */
#define REC_PA	BUF3_PA		/* records */

static void build_scan_tables(void)
{
	memset(mem.buf + (S0 - MEM_BASE), 0, 5 * 4096);
	wr64(S0 + 8 * 0, TABLE(S1));
	wr64(S0 + 8 * 1, BLOCK(0x40000000) | AF);	/* level 0: fault */
	wr64(S0 + 8 * 256, TABLE(S1));

	wr64(S1 + 8 * 1, TABLE(S2));
	wr64(S1 + 8 * 2, BLOCK(0xc0000000) | AF | DBM);

	wr64(S2 + 8 * 0, TABLE(S3A));
	wr64(S2 + 8 * 1, BLOCK(0x80400000) | AF | DBM);
	wr64(S2 + 8 * 2, TABLE(BUS_PA));
	wr64(S2 + 8 * 3, 0);
	wr64(S2 + 8 * 4, TABLE(BIG_PA));
	wr64(S2 + 8 * 5, BLOCK(BIG_PA) | AF);
	wr64(S2 + 8 * 6, TABLE(S3B));

	wr64(S3A + 8 * 0, PAGE(0x80700000) | AF);
	wr64(S3A + 8 * 1, PAGE(0x80701000));
	wr64(S3A + 8 * 2, 0);
	wr64(S3A + 8 * 3, PAGE(0x80703000) | AF | DBM);
	wr64(S3A + 8 * 4, PAGE(0x80704000) | DBM | AP2);
	wr64(S3A + 8 * 5, 0x80705001);			/* 01 at level 3 */
	wr64(S3A + 8 * 6, PAGE(BIG_PA) | AF);
	wr64(S3A + 8 * 7, PAGE(0x80707000) | DBM);
	wr64(S3A + 8 * 8, PAGE(0x80708000) | AF | DBM | AP2);
	wr64(S3B + 8 * 511, PAGE(0x80710000) | AF);
}

static uint64_t rec0(uint64_t va, unsigned int level, unsigned int type,
		     bool young, bool dirty)
{
	uint64_t w[RA_SCAN_REC_WORDS] = { 0, 0 };

	ra_scan_rec_set_va(w, va);
	ra_scan_rec_set_level(w, level);
	ra_scan_rec_set_type(w, type);
	ra_scan_rec_set_young(w, young);
	ra_scan_rec_set_dirty(w, dirty);
	return w[0];
}

/* Check every bitmap word was written exactly once. */
static void check_bm_written(uint64_t pa, unsigned int words)
{
	unsigned int i, ok = 0;

	for (i = 0; i < words; i++)
		ok += wr_count(pa + 8 * i) == 1;
	CHECK_EQ(ok, words);
	CHECK_EQ(wr_count(pa + 8 * words), 0);
}

static void scan_prep(unsigned int words)
{
	build_scan_tables();
	fill64(YB_PA, words + 1, SENT);
	fill64(DB_PA, words + 1, SENT);
	fill64(REC_PA, 2 * 100, SENT);
}

/* Full range: every kind, REPORT_DIRTY. */
static void test_scan_full(void)
{
	struct ra_model *m = dev_open(8, 16);
	struct tcmd c = {
		.op = RA_OP_SCAN, .flags = RA_SCAN_REPORT_DIRTY, .tag = 0x5ca1,
		.ttbr = S0, .a0 = 0x40000000, .a1 = 0x40e00000,
		.a2 = YB_PA, .a3 = DB_PA, .a4 = REC_PA, .a5 = 100,
	};
	struct tcpl p;
	struct snap s;
	unsigned int i, bad;

	scan_prep(56);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.tag, 0x5ca1);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.kind, TR);
	CHECK_EQ(p.level, 3);
	CHECK_EQ(p.va, 0x40005000);
	CHECK_EQ(p.flags, 0);
	CHECK_EQ(p.c0, 5);
	CHECK_EQ(p.c1, 69);
	CHECK_EQ(p.c2, 1033);
	CHECK_EQ(p.c3, 3);

	/* 3584 pages = 56 words. */
	for (i = 0, bad = 0; i < 56; i++) {
		uint64_t y = 0, d = 0;

		if (i == 0) {
			y = 1ull << 0 | 1ull << 3 | 1ull << 8;
			d = 1ull << 3 | 1ull << 7;
		} else if (i >= 8 && i <= 15) {
			y = ~0ull;
			d = ~0ull;
		} else if (i == 55) {
			y = 1ull << 63;
		}
		bad += rd64(YB_PA + 8 * i) != y;
		bad += rd64(DB_PA + 8 * i) != d;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(rd64(YB_PA + 8 * 56), SENT);
	CHECK_EQ(rd64(DB_PA + 8 * 56), SENT);
	check_bm_written(YB_PA, 56);
	check_bm_written(DB_PA, 56);

	CHECK_EQ(rd64(REC_PA + 0), rec0(0x40005000, 3, 1, false, false));
	CHECK_EQ(rd64(REC_PA + 8), 0x80705001);
	CHECK_EQ(rd64(REC_PA + 16), rec0(0x40006000, 3, 2, false, false));
	CHECK_EQ(rd64(REC_PA + 24), PAGE(BIG_PA) | AF);
	CHECK_EQ(rd64(REC_PA + 32), rec0(0x40200000, 2, 0, true, true));
	CHECK_EQ(rd64(REC_PA + 40), BLOCK(0x80400000) | AF | DBM);
	for (i = 0, bad = 0; i < 64; i++) {
		bad += rd64(REC_PA + 16 * (3 + i)) !=
		       rec0(0x40400000 + 0x8000ull * i, 3, 3, false, false);
		bad += rd64(REC_PA + 16 * (3 + i) + 8) != 0;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(rd64(REC_PA + 16 * 67), rec0(0x40800000, 2, 2, false, false));
	CHECK_EQ(rd64(REC_PA + 16 * 67 + 8), TABLE(BIG_PA));
	CHECK_EQ(rd64(REC_PA + 16 * 68), rec0(0x40a00000, 2, 2, false, false));
	CHECK_EQ(rd64(REC_PA + 16 * 68 + 8), BLOCK(BIG_PA) | AF);
	CHECK_EQ(rd64(REC_PA + 16 * 69), SENT);

	CHECK_EQ(DELTA(m, &s, RA_CNT_PTE_SCANNED), 1033);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 1048);
	CHECK_EQ(DELTA(m, &s, RA_CNT_YOUNG_FOUND), 5);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DIRTY_FOUND), 3);
	CHECK_EQ(DELTA(m, &s, RA_CNT_AF_CLEARED), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_ATOMIC_OPS), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_FAULTS), 68);
	CHECK_EQ(DELTA(m, &s, RA_CNT_WALKS), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 8 + 131 * 8);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_WRITE_BEATS), 138 + 112 + 4);
	CHECK_EQ(mem.reads, 1 + 131);
	CHECK_EQ(mem.atomics, 0);
	CHECK_EQ(mem.bad, 0);
	/* Descriptors untouched without CLEAR_AF. */
	CHECK_EQ(rd64(S3A), PAGE(0x80700000) | AF);
	ra_model_destroy(m);
}

/* Truncation and CLEAR_AF; then a rescan sees no young leaf. */
static void test_scan_clear_trunc(void)
{
	struct ra_model *m = dev_open(16, 16);
	struct tcmd c = {
		.op = RA_OP_SCAN, .flags = RA_SCAN_CLEAR_AF, .tag = 7,
		.ttbr = S0, .a0 = 0x40000000, .a1 = 0x40e00000,
		.a2 = YB_PA, .a3 = DB_PA + 4, .a4 = REC_PA, .a5 = 3,
	};
	struct tcpl p;
	struct snap s;
	unsigned int i, bad;

	scan_prep(56);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.flags, RA_CPL_TRUNCATED);
	CHECK_EQ(p.c0, 5);
	CHECK_EQ(p.c1, 69);
	CHECK_EQ(p.c2, 1033);
	CHECK_EQ(p.c3, 0);
	CHECK_EQ(p.kind, TR);
	CHECK_EQ(rd64(REC_PA + 32), rec0(0x40200000, 2, 0, true, false));
	CHECK_EQ(rd64(REC_PA + 48), SENT);
	CHECK_EQ(rd64(DB_PA), SENT);
	CHECK_EQ(DELTA(m, &s, RA_CNT_FAULTS), 68);
	CHECK_EQ(DELTA(m, &s, RA_CNT_ATOMIC_OPS), 5);
	CHECK_EQ(DELTA(m, &s, RA_CNT_AF_CLEARED), 5);
	CHECK_EQ(DELTA(m, &s, RA_CNT_YOUNG_FOUND), 5);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DIRTY_FOUND), 0);
	/* 4-beat lines: command + 131 table lines. */
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 4 + 131 * 4);
	/* 3 records x 2 + 56 young words + completion */
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_WRITE_BEATS), 6 + 56 + 4);
	CHECK_EQ(mem.atomics, 5);
	check_bm_written(YB_PA, 56);
	CHECK_EQ(wr_count(DB_PA), 0);

	/* Only AF of the young leaves cleared, nothing else. */
	CHECK_EQ(rd64(S3A + 8 * 0), PAGE(0x80700000));
	CHECK_EQ(rd64(S3A + 8 * 3), PAGE(0x80703000) | DBM);
	CHECK_EQ(rd64(S3A + 8 * 8), PAGE(0x80708000) | DBM | AP2);
	CHECK_EQ(rd64(S2 + 8 * 1), BLOCK(0x80400000) | DBM);
	CHECK_EQ(rd64(S3B + 8 * 511), PAGE(0x80710000));
	CHECK_EQ(rd64(S2 + 8 * 5), BLOCK(BIG_PA) | AF);
	CHECK_EQ(rd64(S3A + 8 * 6), PAGE(BIG_PA) | AF);
	CHECK_EQ(rd64(S3A + 8 * 1), PAGE(0x80701000));

	/* Capacity 0: every record dropped, nothing written there. */
	c.flags = 0;
	c.a5 = 0;
	c.a4 = 0x10;	/* aligned; not checked against windows */
	fill64(YB_PA, 56, SENT);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.flags, RA_CPL_TRUNCATED);
	CHECK_EQ(p.c0, 0);
	CHECK_EQ(p.c1, 69);
	for (i = 0, bad = 0; i < 56; i++)
		bad += rd64(YB_PA + 8 * i) != 0;
	CHECK_EQ(bad, 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_WRITE_BEATS), 56 + 4);
	CHECK_EQ(DELTA(m, &s, RA_CNT_YOUNG_FOUND), 0);
	CHECK_EQ(mem.bad, 0);
	ra_model_destroy(m);
}

/* Part of one L3 table: start and end inside it. */
static void test_scan_partial(void)
{
	struct ra_model *m = dev_open(8, 16);
	struct tcmd c = {
		.op = RA_OP_SCAN, .flags = RA_SCAN_REPORT_DIRTY, .tag = 8,
		.ttbr = S0, .a0 = 0x40003000, .a1 = 0x40009000,
		.a2 = YB_PA, .a3 = DB_PA, .a4 = REC_PA, .a5 = 100,
	};
	struct tcpl p;
	struct snap s;

	scan_prep(1);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.c0, 2);	/* entries 3 and 8 */
	CHECK_EQ(p.c1, 2);
	CHECK_EQ(p.c2, 9);	/* 1 + 1 + 1 + 6 */
	CHECK_EQ(p.c3, 2);	/* entries 3 and 7 */
	CHECK_EQ(rd64(YB_PA), 0x21);
	CHECK_EQ(rd64(DB_PA), 0x11);
	CHECK_EQ(rd64(YB_PA + 8), SENT);
	check_bm_written(YB_PA, 1);
	check_bm_written(DB_PA, 1);
	CHECK_EQ(rd64(REC_PA), rec0(0x40005000, 3, 1, false, false));
	CHECK_EQ(rd64(REC_PA + 16), rec0(0x40006000, 3, 2, false, false));
	CHECK_EQ(rd64(REC_PA + 32), SENT);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 40);
	CHECK_EQ(DELTA(m, &s, RA_CNT_PTE_SCANNED), 9);

	/* Upper-half range by its 48-bit offset (L0 index 256). */
	c.a0 = 0x800040003000ull;
	c.a1 = 0x800040005000ull;
	scan_prep(1);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.c0, 1);
	CHECK_EQ(p.c1, 0);
	CHECK_EQ(p.c2, 5);
	CHECK_EQ(p.c3, 1);
	CHECK_EQ(p.kind, 0);
	CHECK_EQ(p.va, 0);
	CHECK_EQ(rd64(YB_PA), 0x1);
	CHECK_EQ(rd64(DB_PA), 0x1);
	ra_model_destroy(m);
}

/* Level-1 block covering more than the range, last-word padding. */
static void test_scan_l1_block(void)
{
	struct ra_model *m = dev_open(8, 16);
	struct tcmd c = {
		.op = RA_OP_SCAN, .flags = RA_SCAN_REPORT_DIRTY, .tag = 9,
		.ttbr = S0, .a0 = 0x80005000, .a1 = 0x80046000,
		.a2 = YB_PA, .a3 = DB_PA, .a4 = REC_PA, .a5 = 1,
	};
	struct tcpl p;
	struct snap s;

	scan_prep(2);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.c0, 1);
	CHECK_EQ(p.c1, 1);
	CHECK_EQ(p.c2, 2);
	CHECK_EQ(p.c3, 1);
	CHECK_EQ(p.flags, 0);
	CHECK_EQ(p.kind, 0);
	CHECK_EQ(rd64(YB_PA), ~0ull);
	CHECK_EQ(rd64(YB_PA + 8), 1);	/* 65 pages */
	CHECK_EQ(rd64(DB_PA), ~0ull);
	CHECK_EQ(rd64(DB_PA + 8), 1);
	CHECK_EQ(rd64(REC_PA), rec0(0x80000000, 1, 0, true, true));
	CHECK_EQ(rd64(REC_PA + 8), BLOCK(0xc0000000) | AF | DBM);
	CHECK_EQ(rd64(REC_PA + 16), SENT);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 16);
	CHECK_EQ(DELTA(m, &s, RA_CNT_FAULTS), 0);
	ra_model_destroy(m);
}

/* Level-0 faults: block at level 0, TTBR address size, TTBR bus. */
static void test_scan_l0_faults(void)
{
	struct ra_model *m = dev_open(8, 16);
	struct tcmd c = {
		.op = RA_OP_SCAN, .tag = 10,
		.ttbr = S0, .a0 = 0x8000002000ull, .a1 = 0x8000004000ull,
		.a2 = YB_PA, .a3 = DB_PA, .a4 = REC_PA, .a5 = 4,
	};
	struct tcpl p;
	struct snap s;

	scan_prep(1);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.kind, TR);
	CHECK_EQ(p.level, 0);
	CHECK_EQ(p.va, 0x8000000000ull);	/* entry base, below start */
	CHECK_EQ(p.c1, 1);
	CHECK_EQ(p.c2, 1);
	CHECK_EQ(rd64(REC_PA), rec0(0x8000000000ull, 0, 1, false, false));
	CHECK_EQ(rd64(REC_PA + 8), BLOCK(0x40000000) | AF);
	CHECK_EQ(rd64(YB_PA), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_YOUNG_FOUND), 0);

	/* TTBR at 2^PA_BITS: one record, no table read, bitmaps zeroed. */
	c.ttbr = BIG_PA;
	c.a0 = 0x40000000;
	c.a1 = 0x40080000;	/* 128 pages, 2 words */
	c.flags = RA_SCAN_REPORT_DIRTY;
	scan_prep(2);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.kind, AS);
	CHECK_EQ(p.level, 0);
	CHECK_EQ(p.va, 0x40000000);
	CHECK_EQ(p.c0, 0);
	CHECK_EQ(p.c1, 1);
	CHECK_EQ(p.c2, 0);
	CHECK_EQ(rd64(REC_PA), rec0(0x40000000, 0, 2, false, false));
	CHECK_EQ(rd64(REC_PA + 8), 0);
	CHECK_EQ(rd64(YB_PA), 0);
	CHECK_EQ(rd64(YB_PA + 8), 0);
	CHECK_EQ(rd64(DB_PA + 8), 0);
	check_bm_written(YB_PA, 2);
	check_bm_written(DB_PA, 2);
	CHECK_EQ(mem.reads, 1);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_FAULTS), 1);

	/* TTBR outside every window: bus record at level 0. */
	c.ttbr = BUS_PA;
	c.a0 = 0x8000003000ull;
	c.a1 = 0x8000005000ull;
	scan_prep(1);
	snap_take(m, &s);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.kind, BUS);
	CHECK_EQ(p.level, 0);
	CHECK_EQ(p.va, 0x8000000000ull);
	CHECK_EQ(p.c1, 1);
	CHECK_EQ(p.c2, 0);
	CHECK_EQ(rd64(REC_PA), rec0(0x8000000000ull, 0, 3, false, false));
	CHECK_EQ(rd64(REC_PA + 8), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_DESC_READ), 0);
	CHECK_EQ(mem.bad, 0);
	ra_model_destroy(m);
}

/* ------------------------------------------------------------------------
 * Error completions.
 */

static void expect_error(struct ra_model *m, const struct tcmd *c,
			 unsigned int status, int line)
{
	struct tcpl p;
	struct snap s;
	unsigned int i, other = 0;

	snap_take(m, &s);
	exec_cmd(m, c, &p);
	if (p.status != status)
		fprintf(stderr, "expect_error called from line %d\n", line);
	CHECK_EQ(p.tag, c->tag);
	CHECK_EQ(p.status, status);
	CHECK_EQ(p.w[0] >> 40, 0);
	CHECK_EQ(p.w[1] | p.w[2] | p.w[3], 0);
	CHECK_EQ(mem.reads, 1);
	CHECK_EQ(mem.read_bytes, 64);
	CHECK_EQ(mem.writes, 4);
	CHECK_EQ(mem.atomics, 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_COMMANDS), 1);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 8);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_WRITE_BEATS), 4);
	CHECK_EQ(DELTA(m, &s, RA_CNT_CMD_ERRORS), 1);
	for (i = RA_CNT_DESC_READ; i < RA_NUM_COUNTERS; i++)
		if (i != RA_CNT_MEM_READ_BEATS && i != RA_CNT_MEM_WRITE_BEATS &&
		    i != RA_CNT_CMD_ERRORS)
			other += DELTA(m, &s, i) != 0;
	CHECK_EQ(other, 0);
}

#define EXPECT_ERROR(m, c, st)	expect_error((m), (c), (st), __LINE__)

static void test_errors_walk(void)
{
	struct ra_model *m, *full;

	/* a build without the page engines: their opcodes are BAD_OPCODE */
	tm_engines = (1u << (RA_OP_WALK - 1)) | (1u << (RA_OP_SCAN - 1));
	m = dev_open(8, 16);
	tm_engines = 0;
	CHECK_EQ((rd(m, RA_REG_CAP) & RA_CAP_ENGINES_MASK) >> RA_CAP_ENGINES_SHIFT, 3);
	full = dev_open(8, 16);
	CHECK_EQ((rd(full, RA_REG_CAP) & RA_CAP_ENGINES_MASK) >> RA_CAP_ENGINES_SHIFT, 0x1f);
	const struct tcmd ok = {
		.op = RA_OP_WALK, .tag = 0x100, .ttbr = T0,
		.a0 = BUF_PA, .a1 = BUF2_PA, .a2 = 4,
	};
	struct tcmd c;
	struct tcpl p;

	build_walk_tables();
	fill64(BUF_PA, 4, 0x40000000);

	c = ok;
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);

	c = ok; c.op = 0;
	EXPECT_ERROR(m, &c, RA_ST_BAD_OPCODE);
	c = ok; c.op = RA_OP_HASH;
	EXPECT_ERROR(m, &c, RA_ST_BAD_OPCODE);
	c = ok; c.op = RA_OP_CMP;
	EXPECT_ERROR(m, &c, RA_ST_BAD_OPCODE);
	c = ok; c.op = RA_OP_COPY;
	EXPECT_ERROR(m, &c, RA_ST_BAD_OPCODE);
	c = ok; c.op = 0xff;
	EXPECT_ERROR(m, &c, RA_ST_BAD_OPCODE);
	/* BAD_OPCODE before BAD_ARGS. */
	c = ok; c.op = RA_OP_HASH; c.flags = 0xff; c.a2 = 0;
	EXPECT_ERROR(m, &c, RA_ST_BAD_OPCODE);
	/* with the engine present, the same command is malformed */
	c = ok; c.op = RA_OP_HASH; c.flags = 0xff; c.a2 = 0;
	EXPECT_ERROR(full, &c, RA_ST_BAD_ARGS);
	ra_model_destroy(full);

	c = ok; c.flags = 1;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.rsvd0 = 0x100;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.ttbr = T0 | 0x800;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a0 = BUF_PA + 4;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a1 = BUF2_PA + 8;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a2 = 0;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a2 = (1u << 20) + 1;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a2 = 1ull << 32;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a3 = 1;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a4 = 1ull << 63;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a5 = 1;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.rsvd1 = 0x80000000;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	/* BAD_ARGS before DMA. */
	c = ok; c.a0 = BUS_PA + 4;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);

	/* count = 2^20 is legal; 16 MiB of results exceed the window. */
	c = ok; c.a2 = 1u << 20;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a0 = BUS_PA;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a1 = MEM_BASE + MEM_SIZE - 48;	/* last entry beyond */
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a0 = 0xfffffffffffffff8ull;		/* wraps */
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a1 = MEM_BASE + MEM_SIZE - 64;	/* exactly fits */
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);

	/* A buffer across two adjacent windows is not inside one. */
	set_window(m, 0, MEM_BASE, BUF2_PA + 0x1000);
	set_window(m, 1, BUF2_PA + 0x1000, MEM_BASE + MEM_SIZE);
	c = ok; c.a1 = BUF2_PA + 0x1000 - 32;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a1 = BUF2_PA + 0x1000;
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);
	/* An empty window (limit <= base) holds nothing. */
	set_window(m, 1, MEM_BASE + MEM_SIZE, BUF2_PA + 0x1000);
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	CHECK_EQ(mem.bad, 0);
	ra_model_destroy(m);
}

static void test_errors_scan(void)
{
	struct ra_model *m = dev_open(8, 16);
	const struct tcmd ok = {
		.op = RA_OP_SCAN, .tag = 0x200, .ttbr = S0,
		.flags = RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY,
		.a0 = 0x40000000, .a1 = 0x40001000,
		.a2 = YB_PA, .a3 = DB_PA, .a4 = REC_PA, .a5 = 4,
	};
	struct tcmd c;
	struct tcpl p;

	c = ok;
	scan_prep(1);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.c0, 1);

	c = ok; c.flags = 8;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	/* RUNS: capacity 1 .. 2^32-1, run list 16-byte aligned; budget 0 or >= 4 */
	c = ok; c.flags = RA_SCAN_RUNS; c.a3 = 0;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.flags = RA_SCAN_RUNS; c.a3 = 1ull << 32;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.flags = RA_SCAN_RUNS; c.a3 = 4; c.a2 |= 8;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.rsvd1 = 3;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.rsvd0 = 1;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.rsvd1 = 1;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.ttbr = S0 | 1;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a0 = 0x40000800;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a1 = 0x40001008;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a1 = c.a0;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a1 = c.a0 - 0x1000;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a0 = 0xffffffff0000ull; c.a1 = 0x1000000001000ull;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a0 = 0xffff800000000000ull; c.a1 = 0xffff800000001000ull;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a2 = YB_PA + 4;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a3 = DB_PA + 4;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a4 = REC_PA + 8;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	c = ok; c.a4 = REC_PA + 8; c.a5 = 0;	/* alignment still checked */
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);
	/* BAD_ARGS before DMA. */
	c = ok; c.a2 = BUS_PA + 4;
	EXPECT_ERROR(m, &c, RA_ST_BAD_ARGS);

	c = ok; c.a2 = BUS_PA;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a3 = BUS_PA;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a4 = BUS_PA;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a4 = MEM_BASE + MEM_SIZE - 48;	/* 4 records: 64 B */
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	c = ok; c.a5 = 0xffffffff;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	/* 2^36 pages: 2^30 words = 8 GiB of bitmap. */
	c = ok; c.a0 = 0; c.a1 = 1ull << 48;
	EXPECT_ERROR(m, &c, RA_ST_DMA);
	/* Young bitmap of 2 words (65 pages) ending past the window. */
	c = ok; c.a1 = c.a0 + 65 * 0x1000; c.a2 = MEM_BASE + MEM_SIZE - 8;
	EXPECT_ERROR(m, &c, RA_ST_DMA);

	/* Dirty bitmap ignored without REPORT_DIRTY, records without cap. */
	c = ok; c.flags = 0; c.a3 = BUS_PA + 4; c.a4 = BUS_PA; c.a5 = 0;
	scan_prep(1);
	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_OK);
	CHECK_EQ(p.c0, 1);
	CHECK_EQ(rd64(YB_PA), 1);
	CHECK_EQ(mem.bad, 0);
	ra_model_destroy(m);
}

/* ------------------------------------------------------------------------
 * Rings.
 */

static void put_nop(uint64_t sq, unsigned int idx, uint32_t tag)
{
	/* A BAD_OPCODE command: cheapest complete command. */
	const struct tcmd c = { .op = 0x7f, .tag = tag };

	put_cmd(sq + 64 * idx, &c);
}

static void test_ring_gating(void)
{
	struct ra_model *m = dev_new(8, 16);

	set_window(m, 0, MEM_BASE, MEM_BASE + MEM_SIZE);
	put_nop(SQ_PA, 0, 1);
	/* Nothing runs while disabled or unconfigured. */
	wr(m, RA_REG_SQ_BASE_LO, (uint32_t)SQ_PA);
	wr(m, RA_REG_SQ_SIZE, 2);
	wr(m, RA_REG_SQ_TAIL, 1);
	CHECK(!ra_model_can_run(m));
	CHECK_EQ(ra_model_run(m, 8), 0);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	CHECK_EQ(ra_model_run(m, 8), 0);	/* CQ size 0 */
	wr(m, RA_REG_CQ_BASE_LO, (uint32_t)CQ_PA);
	wr(m, RA_REG_CQ_SIZE, 2);
	CHECK(ra_model_can_run(m));
	CHECK_EQ(ra_model_run(m, 0), 0);
	CHECK_EQ(ra_model_run(m, 8), 1);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 1);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 1);
	CHECK_EQ(rd64(CQ_PA) & 0xffffffffffull,
		 1 | (uint64_t)RA_ST_BAD_OPCODE << 32);
	CHECK_EQ(ra_model_run(m, 8), 0);	/* SQ empty */
	CHECK(!ra_model_can_run(m));
	ra_model_destroy(m);
}

static void test_ring_wrap_cq_full(void)
{
	struct ra_model *m = dev_new(8, 16);
	unsigned int i;

	set_window(m, 0, MEM_BASE, MEM_BASE + MEM_SIZE);
	set_rings(m, SQ2_PA, 3, CQ2_PA, 2);	/* 8 commands, 4 completions */
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	fill64(CQ2_PA, 16, 0);

	for (i = 0; i < 8; i++)
		put_nop(SQ2_PA, i, 0x10 + i);
	wr(m, RA_REG_SQ_TAIL, 5);
	/* CQ of 4 holds 3: stops with CQ_TAIL = 3. */
	CHECK_EQ(ra_model_run(m, 100), 3);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 3);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 3);
	CHECK(!ra_model_can_run(m));
	CHECK_EQ(ra_model_run(m, 100), 0);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 0), 0x10);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 32), 0x11);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 64), 0x12);
	CHECK_EQ(rd64(CQ2_PA + 96), 0);
	/* Driver consumes two: one more fits (CQ_TAIL wraps to 0). */
	wr(m, RA_REG_CQ_HEAD, 2);
	CHECK_EQ(ra_model_run(m, 100), 2);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 1);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 5);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 96), 0x13);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 0), 0x14);
	/* SQ wraps: tail 5 -> 2 (commands 5, 6, 7, 0, 1). */
	put_nop(SQ2_PA, 0, 0x20);
	put_nop(SQ2_PA, 1, 0x21);
	wr(m, RA_REG_SQ_TAIL, 2);
	wr(m, RA_REG_CQ_HEAD, 1);
	CHECK_EQ(ra_model_run(m, 1), 1);	/* max_cmds honoured */
	CHECK_EQ(ra_model_run(m, 100), 2);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 0);
	wr(m, RA_REG_CQ_HEAD, 0);
	CHECK_EQ(ra_model_run(m, 100), 2);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 2);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 2);
	/* 0x15 went to slot 1 and was then overwritten by 0x21. */
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 0), 0x20);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 32), 0x21);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 64), 0x16);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 96), 0x17);
	CHECK_EQ(ra_model_counter(m, RA_CNT_COMMANDS), 10);
	ra_model_destroy(m);
}

static void test_ring_fault(void)
{
	struct ra_model *m = dev_new(8, 16);
	struct snap s;

	set_window(m, 0, MEM_BASE, MEM_BASE + MEM_SIZE);
	set_rings(m, BUS_PA, 2, CQ_PA, 2);
	wr(m, RA_REG_INT_MASK, 0);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	wr(m, RA_REG_SQ_TAIL, 1);
	snap_take(m, &s);
	mem_stats_clear();
	CHECK_EQ(ra_model_run(m, 4), 0);
	CHECK_EQ(rd(m, RA_REG_STATUS), RA_STATUS_RING_FAULT_MASK);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), RA_INT_STATUS_RING_FAULT_MASK);
	CHECK(ra_model_irq(m));
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 0);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 0);
	CHECK_EQ(mem.reads + mem.writes, 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_COMMANDS), 0);
	CHECK_EQ(DELTA(m, &s, RA_CNT_MEM_READ_BEATS), 0);
	CHECK(!ra_model_can_run(m));
	/* Writing ENABLE=1 again does not clear it. */
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	CHECK_EQ(rd(m, RA_REG_STATUS), RA_STATUS_RING_FAULT_MASK);
	/* ENABLE=0 clears STATUS.RING_FAULT, not INT_STATUS. */
	wr(m, RA_REG_CTRL, 0);
	CHECK_EQ(rd(m, RA_REG_STATUS), 0);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), RA_INT_STATUS_RING_FAULT_MASK);
	wr(m, RA_REG_INT_STATUS, RA_INT_STATUS_RING_FAULT_MASK);
	CHECK(!ra_model_irq(m));

	/* Completion slot outside every window: no access at all. */
	put_nop(SQ_PA, 0, 0x33);
	set_rings(m, SQ_PA, 2, BUS_PA, 2);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	mem_stats_clear();
	CHECK_EQ(ra_model_run(m, 4), 0);
	CHECK_EQ(rd(m, RA_REG_STATUS), RA_STATUS_RING_FAULT_MASK);
	CHECK_EQ(mem.reads + mem.writes, 0);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 0);

	/* Fix the ring, clear, re-enable: the command is executed. */
	set_rings(m, SQ_PA, 2, CQ_PA, 2);
	wr(m, RA_REG_CTRL, 0);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	CHECK_EQ(ra_model_run(m, 4), 1);
	CHECK_EQ((uint32_t)rd64(CQ_PA), 0x33);
	CHECK_EQ(rd(m, RA_REG_STATUS), 0);

	/* Command line in memory but no longer in a window. */
	put_nop(SQ_PA, 1, 0x34);
	set_window(m, 0, SQ_PA + 0x1000, MEM_BASE + MEM_SIZE);
	wr(m, RA_REG_SQ_TAIL, 2);
	mem_stats_clear();
	CHECK_EQ(ra_model_run(m, 4), 0);
	CHECK_EQ(rd(m, RA_REG_STATUS), RA_STATUS_RING_FAULT_MASK);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 1);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 1);
	CHECK_EQ(mem.reads + mem.writes, 0);
	CHECK_EQ(mem.bad, 0);
	ra_model_destroy(m);
}

/* ------------------------------------------------------------------------
 * Interrupts, freeze, clear, overflow, soft reset.
 */

static void run_nop(struct ra_model *m, uint32_t tag)
{
	const struct tcmd c = { .op = 0x7f, .tag = tag };
	struct tcpl p;

	exec_cmd(m, &c, &p);
	CHECK_EQ(p.status, RA_ST_BAD_OPCODE);
}

static void test_irq_w1c(void)
{
	struct ra_model *m = dev_open(8, 16);

	run_nop(m, 1);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), RA_INT_STATUS_CMD_DONE_MASK);
	CHECK(!ra_model_irq(m));		/* masked at reset */
	wr(m, RA_REG_INT_MASK, 6);
	CHECK(ra_model_irq(m));
	wr(m, RA_REG_INT_STATUS, 0);		/* writing 0 does nothing */
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), RA_INT_STATUS_CMD_DONE_MASK);
	wr(m, RA_REG_INT_STATUS, 6);		/* other bits only */
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), RA_INT_STATUS_CMD_DONE_MASK);
	wr(m, RA_REG_INT_MASK, 7);
	CHECK(!ra_model_irq(m));
	wr(m, RA_REG_INT_MASK, 0);
	CHECK(ra_model_irq(m));
	wr(m, RA_REG_INT_STATUS, 0xffffffff);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), 0);
	CHECK(!ra_model_irq(m));
	ra_model_destroy(m);
}

static void test_freeze_clear(void)
{
	struct ra_model *m = dev_open(8, 16);
	uint64_t cyc;

	run_nop(m, 1);
	CHECK_EQ(ra_model_counter(m, RA_CNT_COMMANDS), 1);
	CHECK_EQ(ra_model_counter(m, RA_CNT_MEM_READ_BEATS), 8);
	CHECK_EQ(ra_model_counter(m, RA_CNT_MEM_WRITE_BEATS), 4);
	/* Documented estimate: 4 + 2 x 10 + max(8 read, 4 write beats). */
	CHECK_EQ(ra_model_counter(m, RA_CNT_CYCLES), 32);
	CHECK_EQ(ra_model_counter(m, RA_CNT_BUSY_CYCLES), 32);
	ra_model_add_idle_cycles(m, 100);
	CHECK_EQ(ra_model_counter(m, RA_CNT_CYCLES), 132);
	CHECK_EQ(ra_model_counter(m, RA_CNT_BUSY_CYCLES), 32);

	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK | RA_CTRL_CNT_FREEZE_MASK);
	cyc = ra_model_counter(m, RA_CNT_CYCLES);
	wr(m, RA_REG_INT_STATUS, RA_INT_STATUS_CMD_DONE_MASK);
	run_nop(m, 2);
	ra_model_add_idle_cycles(m, 5);
	CHECK_EQ(ra_model_counter(m, RA_CNT_COMMANDS), 1);
	CHECK_EQ(ra_model_counter(m, RA_CNT_MEM_READ_BEATS), 8);
	CHECK_EQ(ra_model_counter(m, RA_CNT_CYCLES), cyc);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS) & 1, 1);	/* still completes */

	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	run_nop(m, 3);
	CHECK_EQ(ra_model_counter(m, RA_CNT_COMMANDS), 2);

	wr(m, RA_REG_CNT_HI(RA_CNT_ATOMIC_OPS), 0xffffffff);
	wr(m, RA_REG_PERF_OVF, 0);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK | RA_CTRL_CNT_CLEAR_MASK);
	CHECK_EQ(rd(m, RA_REG_CTRL), RA_CTRL_ENABLE_MASK);
	CHECK_EQ(ra_model_counter(m, RA_CNT_COMMANDS), 0);
	CHECK_EQ(ra_model_counter(m, RA_CNT_CYCLES), 0);
	CHECK_EQ(ra_model_counter(m, RA_CNT_ATOMIC_OPS), 0);
	ra_model_destroy(m);
}

static void test_overflow(void)
{
	struct ra_model *m = dev_open(8, 16);

	wr(m, RA_REG_CNT_LO(RA_CNT_COMMANDS), 0xffffffff);
	wr(m, RA_REG_CNT_HI(RA_CNT_COMMANDS), 0xffffffff);
	wr(m, RA_REG_CNT_LO(RA_CNT_MEM_READ_BEATS), 0xfffffffc);
	wr(m, RA_REG_CNT_HI(RA_CNT_MEM_READ_BEATS), 0xffffffff);
	wr(m, RA_REG_CNT_LO(RA_CNT_MEM_WRITE_BEATS), 0xfffffff0);
	wr(m, RA_REG_CNT_HI(RA_CNT_MEM_WRITE_BEATS), 0xffffffff);
	CHECK_EQ(rd(m, RA_REG_PERF_OVF), 0);
	wr(m, RA_REG_INT_MASK, 3);
	run_nop(m, 1);
	CHECK_EQ(ra_model_counter(m, RA_CNT_COMMANDS), 0);
	CHECK_EQ(ra_model_counter(m, RA_CNT_MEM_READ_BEATS), 4);
	CHECK_EQ(ra_model_counter(m, RA_CNT_MEM_WRITE_BEATS),
		 0xfffffffffffffff4ull);
	CHECK_EQ(rd(m, RA_REG_PERF_OVF),
		 1u << RA_CNT_COMMANDS | 1u << RA_CNT_MEM_READ_BEATS);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS),
		 RA_INT_STATUS_CMD_DONE_MASK | RA_INT_STATUS_CNT_OVF_MASK);
	CHECK(ra_model_irq(m));
	/* PERF_OVF is W1C per bit. */
	wr(m, RA_REG_PERF_OVF, 1u << RA_CNT_COMMANDS);
	CHECK_EQ(rd(m, RA_REG_PERF_OVF), 1u << RA_CNT_MEM_READ_BEATS);
	/* CNT_CLEAR clears PERF_OVF but not INT_STATUS.CNT_OVF. */
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK | RA_CTRL_CNT_CLEAR_MASK);
	CHECK_EQ(rd(m, RA_REG_PERF_OVF), 0);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS) & RA_INT_STATUS_CNT_OVF_MASK,
		 RA_INT_STATUS_CNT_OVF_MASK);
	wr(m, RA_REG_INT_STATUS, RA_INT_STATUS_CNT_OVF_MASK);
	CHECK(!ra_model_irq(m));
	/* No overflow reported while frozen. */
	wr(m, RA_REG_CNT_LO(RA_CNT_COMMANDS), 0xffffffff);
	wr(m, RA_REG_CNT_HI(RA_CNT_COMMANDS), 0xffffffff);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK | RA_CTRL_CNT_FREEZE_MASK);
	run_nop(m, 2);
	CHECK_EQ(rd(m, RA_REG_PERF_OVF), 0);
	CHECK_EQ(ra_model_counter(m, RA_CNT_COMMANDS), ~0ull);
	ra_model_destroy(m);
}

static void test_soft_reset(void)
{
	struct ra_model *m = dev_open(8, 16);
	unsigned int i, nz = 0;

	run_nop(m, 1);
	wr(m, RA_REG_INT_MASK, 0);
	wr(m, RA_REG_CNT_LO(RA_CNT_FAULTS), 9);
	(void)rd(m, RA_REG_CNT_LO(RA_CNT_FAULTS));
	CHECK(ra_model_irq(m));
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 1);
	wr(m, RA_REG_CTRL, RA_CTRL_SOFT_RESET_MASK | RA_CTRL_ENABLE_MASK);
	CHECK_EQ(rd(m, RA_REG_CTRL), 0);
	CHECK_EQ(rd(m, RA_REG_INT_STATUS), 0);
	CHECK_EQ(rd(m, RA_REG_INT_MASK), 7);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 48);
	CHECK_EQ(rd(m, RA_REG_SQ_BASE_LO), 0);
	CHECK_EQ(rd(m, RA_REG_SQ_SIZE), 0);
	CHECK_EQ(rd(m, RA_REG_SQ_HEAD), 0);
	CHECK_EQ(rd(m, RA_REG_SQ_TAIL), 0);
	CHECK_EQ(rd(m, RA_REG_CQ_TAIL), 0);
	CHECK_EQ(rd(m, RA_REG_CQ_HEAD), 0);
	CHECK_EQ(rd(m, RA_REG_WIN_LIMIT_LO(0)), 0);
	CHECK_EQ(rd(m, RA_REG_CAP), 0x1f041008);
	for (i = 0; i < RA_NUM_COUNTERS; i++)
		nz += ra_model_counter(m, i) != 0;
	CHECK_EQ(nz, 0);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_FAULTS)), 0);
	CHECK(!ra_model_irq(m));
	ra_model_reset(m);
	CHECK_EQ(rd(m, RA_REG_PA_BITS), 48);
	ra_model_destroy(m);
}

/* ------------------------------------------------------------------------
 * Trace hook.
 */

struct tr_ctx {
	unsigned int calls;
	unsigned int faults;
};

static void tr_fn(void *ctx, const char *msg)
{
	struct tr_ctx *t = ctx;

	t->calls++;
	if (strstr(msg, "fault=translation"))
		t->faults++;
}

static void test_trace(void)
{
	struct ra_model *m = dev_open(8, 0);
	struct tr_ctx t = { 0, 0 };
	const struct tcmd c = {
		.op = RA_OP_WALK, .tag = 1, .ttbr = T0,
		.a0 = BUF_PA, .a1 = BUF2_PA, .a2 = 2,
	};
	struct tcpl p;

	build_walk_tables();
	wr64(BUF_PA, 0x40000000);
	wr64(BUF_PA + 8, 0x80000000);
	ra_model_set_trace(m, tr_fn, &t);
	exec_cmd(m, &c, &p);
	/* 4 level reads + result, 2 level reads + fault */
	CHECK_EQ(t.calls, 8);
	CHECK_EQ(t.faults, 1);
	ra_model_set_trace(m, NULL, NULL);
	exec_cmd(m, &c, &p);
	CHECK_EQ(t.calls, 8);
	ra_model_destroy(m);
}

/* ------------------------------------------------------------------------
 * Saved state (ra_model_save / ra_model_load).
 */

/* Every CSR of @a and @b reads the same (same order: same latch effects). */
static void check_same_csrs(struct ra_model *a, struct ra_model *b)
{
	uint32_t off;

	for (off = 0; off < RA_CSR_BYTES; off += 4)
		check_eq(rd(a, off), rd(b, off), "csr", (int)off);
}

static void test_save_load(void)
{
	struct ra_model *m = dev_new(8, 16);
	struct ra_model *n = dev_new(8, 16);
	struct ra_model *other = dev_new(16, 16);
	size_t sz = ra_model_state_size();
	uint8_t *img = malloc(sz), *bad = malloc(sz), *img2 = malloc(sz);
	unsigned int i;

	if (!img || !bad || !img2) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	CHECK_EQ(sz, RA_MODEL_STATE_BYTES);

	/* Interesting state: windows, rings mid-way, counters, latch, irq. */
	set_window(m, 0, MEM_BASE, MEM_BASE + MEM_SIZE);
	set_window(m, 3, 0x123456000ull, 0xfedcba000ull);
	set_rings(m, SQ2_PA, 3, CQ2_PA, 2);
	wr(m, RA_REG_PA_BITS, 44);
	wr(m, RA_REG_INT_MASK, 2);
	wr(m, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	fill64(CQ2_PA, 16, 0);
	for (i = 0; i < 8; i++)
		put_nop(SQ2_PA, i, 0x40 + i);
	wr(m, RA_REG_SQ_TAIL, 6);
	CHECK_EQ(ra_model_run(m, 100), 3);	/* CQ full: 3 pending */
	wr(m, RA_REG_CNT_LO(RA_CNT_FAULTS), 0xfffffff0u);
	wr(m, RA_REG_CNT_HI(RA_CNT_FAULTS), 0x12345678u);
	(void)rd(m, RA_REG_CNT_LO(RA_CNT_FAULTS));	/* latch HI */
	wr(m, RA_REG_CNT_HI(RA_CNT_FAULTS), 0x9u);	/* latch now stale */
	CHECK(ra_model_irq(m));

	ra_model_save(m, img);
	CHECK_EQ(ra_model_load(n, img, sz), 0);
	CHECK_EQ(ra_model_irq(n), ra_model_irq(m));
	CHECK_EQ(ra_model_can_run(n), ra_model_can_run(m));
	for (i = 0; i < RA_NUM_COUNTERS; i++)
		CHECK_EQ(ra_model_counter(n, i), ra_model_counter(m, i));
	/* The latched (stale) HI survives: read HI before LO on both. */
	CHECK_EQ(rd(n, RA_REG_CNT_HI(RA_CNT_FAULTS)), 0x12345678u);
	CHECK_EQ(rd(m, RA_REG_CNT_HI(RA_CNT_FAULTS)), 0x12345678u);
	check_same_csrs(m, n);

	/* A second save of the restored model is the same image. */
	ra_model_save(n, img2);
	ra_model_save(m, img);
	CHECK(memcmp(img, img2, sz) == 0);

	/* The restored model goes on where the original stopped. */
	wr(n, RA_REG_CQ_HEAD, 3);
	CHECK_EQ(ra_model_run(n, 100), 3);
	CHECK_EQ(rd(n, RA_REG_SQ_HEAD), 6);
	CHECK_EQ(rd(n, RA_REG_CQ_TAIL), 2);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 96), 0x43);
	CHECK_EQ((uint32_t)rd64(CQ2_PA + 32), 0x45);
	CHECK_EQ(ra_model_counter(n, RA_CNT_COMMANDS), 6);

	/* Errors leave the model untouched. */
	ra_model_save(n, img2);
	CHECK_EQ(ra_model_load(n, img, sz - 1), RA_MODEL_LOAD_EBADIMAGE);
	CHECK_EQ(ra_model_load(n, NULL, sz), RA_MODEL_LOAD_EBADIMAGE);
	memcpy(bad, img, sz);
	bad[0] ^= 1;					/* magic */
	CHECK_EQ(ra_model_load(n, bad, sz), RA_MODEL_LOAD_EBADIMAGE);
	memcpy(bad, img, sz);
	bad[4] = 3;					/* version */
	CHECK_EQ(ra_model_load(n, bad, sz), RA_MODEL_LOAD_EVERSION);
	CHECK_EQ(ra_model_load(other, img, sz), RA_MODEL_LOAD_ECONFIG);
	memcpy(bad, img, sz);
	bad[28] = 0x10;					/* ctrl: bit 4 */
	CHECK_EQ(ra_model_load(n, bad, sz), RA_MODEL_LOAD_EINVAL);
	memcpy(bad, img, sz);
	bad[44] = 60;					/* pa_bits */
	CHECK_EQ(ra_model_load(n, bad, sz), RA_MODEL_LOAD_EINVAL);
	ra_model_save(n, img);
	CHECK(memcmp(img, img2, sz) == 0);

	/* A reset model round-trips to a reset model. */
	ra_model_reset(m);
	ra_model_save(m, img);
	CHECK_EQ(ra_model_load(n, img, sz), 0);
	check_same_csrs(m, n);
	CHECK(!ra_model_irq(n));

	free(img);
	free(img2);
	free(bad);
	ra_model_destroy(m);
	ra_model_destroy(n);
	ra_model_destroy(other);
}

int main(void)
{
	mem.buf = calloc(1, MEM_SIZE);
	mem.wr_count = calloc(MEM_WORDS, sizeof(*mem.wr_count));
	if (!mem.buf || !mem.wr_count) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}

	test_create();
	test_small_build();
	test_reset_values();
	test_unmapped_and_ro();
	test_rw_masks();
	test_pa_bits();
	test_counter_latch();
	test_walk_kinds();
	test_walk_ttbr();
	test_walk_cache();
	test_walk_cache_rr();
	test_walk_wide_bus();
	test_scan_full();
	test_scan_clear_trunc();
	test_scan_partial();
	test_scan_l1_block();
	test_scan_l0_faults();
	test_errors_walk();
	test_errors_scan();
	test_ring_gating();
	test_ring_wrap_cq_full();
	test_ring_fault();
	test_irq_w1c();
	test_freeze_clear();
	test_overflow();
	test_soft_reset();
	test_trace();
	test_save_load();

	free(mem.buf);
	free(mem.wr_count);
	printf("test_model: %u passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

// SPDX-License-Identifier: MIT
/*
 * rb_selftest - ra-board selftest (rb_selftest.h).
 *
 * 1. The bridge: out-of-range memory requests are refused, an unknown opcode is answered.
 * 2. The C model is configured from what the board reports (CAP, PERF_CAP, the windows that
 *    exist) and both are reset; register writes (masks, ignored values, counter preloads,
 *    CNT_CLEAR) give the same registers on both.
 * 3. An image is built locally with pt_build: four table pages (L0, L1, L2 and an L3 table
 *    whose first 64 entries are used) whose unused upper parts hold the rings, VA lists and
 *    output buffers, so that it fits 16 KiB; with more memory, more L3 tables (512 random
 *    entries each) and data pages. It is uploaded to the board and copied for the model.
 * 4. The same commands, in the same order, with the same CSR writes between them, run on both:
 *    WALK (pages, blocks, invalid and malformed entries, bus faults, address-size faults with
 *    PA_BITS lowered, DMA windows, DMA and BAD_ARGS errors), SCAN (with and without CLEAR_AF
 *    and REPORT_DIRTY, truncation, fault records, errors) and HASH/CMP/COPY when present, and
 *    BAD_OPCODE for unknown opcodes and absent engines. After each one the completion entries
 *    and the command's output buffers are compared byte for byte.
 * 5. Every counter but cycles and busy_cycles, every register, then the whole memory used
 *    (downloaded once) are compared.
 */
#define _GNU_SOURCE
#include "rb_selftest.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pt_build.h"
#include "ra_mem.h"
#include "ra_model.h"
#include "ra_regs.h"
#include "rb_dev.h"

#define MIN_BYTES (16u << 10)
#define MAX_STEPS 200
#define MAX_REGIONS 400
#define MAX_EXT 8
#define MAX_EXT_TABLES 4
#define SQ_LOG2 3
#define CQ_LOG2 3
#define L3A_USED 64		/* entries of L3 table A in use; the rest of its page is data */
#define TABLE_USED 32		/* entries of the L0, L1, L2 tables in use */

enum { OUT_NONE, OUT_WALK, OUT_BITMAP, OUT_RECORDS, OUT_WORDS };

struct out {
	int kind;
	uint64_t pa;
	uint32_t len;
	const char *what;
};

enum { STEP_CMD, STEP_CSR };

struct step {
	int kind;
	char name[96];
	struct ra_command cmd;
	int expect;			/* status the model must give, or -1 */
	struct out out[3];
	uint64_t list;			/* WALK: the VA list (for printing) */
	uint32_t off, val;		/* CSR */
};

struct region {
	char name[56];
	uint64_t pa, len;
};

struct st {
	struct rb_link *l;
	const struct rb_selftest_opts *o;
	struct rb_target tb, tm;
	struct rb_caps caps;
	struct ra_mem *img, *mm;
	struct ra_model *model;
	uint64_t base, size, outside;
	uint64_t page[4];		/* L0, L1, L2, L3 A */
	uint64_t ttbr;
	unsigned ext_tables;
	uint64_t data_page;		/* a free page (COPY destination), or 0 */
	struct {
		uint64_t next, hi;
	} ext[MAX_EXT];
	unsigned next_ext;
	bool alloc_low;
	int layout_err;
	char layout_msg[96];
	struct rb_ring rb, rm;
	uint64_t canary;
	struct region reg[MAX_REGIONS];
	unsigned nreg;
	struct step step[MAX_STEPS];
	unsigned nsteps;
	uint64_t rng;
	unsigned checks, failed, ncmds, ran;
};

/* ---------------------------------------------------------------------------------------- */
/* Output */

static void line(struct st *s, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void line(struct st *s, bool ok, const char *fmt, ...)
{
	va_list ap;

	s->checks++;
	if (!ok)
		s->failed++;
	printf("%-5s ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void detail(const char *fmt, ...)
{
	va_list ap;

	printf("      ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* ---------------------------------------------------------------------------------------- */
/* Layout */

static uint64_t rnd(struct st *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void region(struct st *s, uint64_t pa, uint64_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void region(struct st *s, uint64_t pa, uint64_t len, const char *fmt, ...)
{
	va_list ap;
	struct region *r;

	if (s->nreg >= MAX_REGIONS)
		return;
	r = &s->reg[s->nreg++];
	r->pa = pa;
	r->len = len;
	va_start(ap, fmt);
	vsnprintf(r->name, sizeof(r->name), fmt, ap);
	va_end(ap);
}

static const char *region_of(struct st *s, uint64_t pa, char *buf, size_t len)
{
	/* latest first: buffers are named after the tables whose pages hold them */
	for (unsigned i = s->nreg; i-- > 0;)
		if (pa >= s->reg[i].pa && pa < s->reg[i].pa + s->reg[i].len) {
			snprintf(buf, len, "%s +0x%" PRIx64, s->reg[i].name, pa - s->reg[i].pa);
			return buf;
		}
	snprintf(buf, len, "unused memory");
	return buf;
}

/* Allocate @len bytes aligned to @align. With alloc_low, from the parts of the L0, L1 and L2
 * table pages (what the commands that run with window 0 ending below L3 table A may use),
 * else from the data pages, the L3 table A page, then the others. */
static uint64_t alloc(struct st *s, uint64_t len, uint64_t align, const char *name)
{
	for (unsigned k = 0; k < s->next_ext; k++) {
		unsigned i = s->alloc_low ? k : s->next_ext - 1 - k;
		uint64_t pa = (s->ext[i].next + align - 1) & ~(align - 1);

		if (s->alloc_low && i > 2)
			break;

		if (pa + len <= s->ext[i].hi) {
			s->ext[i].next = pa + len;
			region(s, pa, len, "%s", name);
			return pa;
		}
	}
	if (!s->layout_err)
		snprintf(s->layout_msg, sizeof(s->layout_msg), "no room for %s (%" PRIu64 " bytes)",
			 name, len);
	s->layout_err = 1;
	return 0;
}

static void add_ext(struct st *s, uint64_t lo, uint64_t hi)
{
	if (s->next_ext < MAX_EXT && lo < hi) {
		s->ext[s->next_ext].next = lo;
		s->ext[s->next_ext].hi = hi;
		s->next_ext++;
	}
}

static uint64_t va_l0(unsigned i) { return (uint64_t)i << 39; }
static uint64_t va_l1(unsigned i) { return (uint64_t)i << 30; }
static uint64_t va_l2(unsigned i) { return (uint64_t)i << 21; }
static uint64_t va_l3(unsigned i) { return (uint64_t)i << 12; }

/* A random level-3 descriptor: mostly pages (some above 4 GiB, some with ignored bits set),
 * invalid entries and '01' entries. */
static uint64_t gen_l3(struct st *s)
{
	uint64_t r = rnd(s), a = rnd(s), pg = (rnd(s) & 0xffff) << 12;
	uint64_t attrs = (a & (PTE_AF | PTE_AP2 | PTE_NG | PTE_DBM)) | (a & (0xfull << 52));
	unsigned k = (unsigned)(r % 100);

	if (k < 50)
		return (0x80000000ull + pg) | attrs | ((a & 1) ? (a & (7ull << 48)) : 0) |
		       PTE_VALID | PTE_TABLE;
	if (k < 60)
		return (0x100000000ull + pg) | attrs | PTE_VALID | PTE_TABLE;
	if (k < 80)
		return (r & 1) ? 0 : (a & ~1ull);
	if (k < 92)
		return (a & ~3ull) | PTE_VALID;		/* '01' at level 3 */
	return (0x80000000ull + pg) | PTE_AF | PTE_DBM | PTE_VALID | PTE_TABLE;	/* young dirty */
}

/* A random level-2 entry: young, old or dirty block, or invalid. */
static uint64_t gen_l2(struct st *s, unsigned i)
{
	uint64_t pa = 0x81000000ull + ((uint64_t)i << 21);

	switch (rnd(s) % 5) {
	case 0: return pa | PTE_AF | PTE_AP2 | PTE_DBM | PTE_VALID;
	case 1: return pa | PTE_DBM | PTE_VALID;
	case 2: return pa | PTE_AF | PTE_DBM | PTE_VALID;
	case 3: return pa | PTE_AF | PTE_VALID;
	default: return 0;
	}
}

static int build_tables(struct st *s)
{
	struct pt_build b;
	uint64_t out = s->outside;
	int err = 0;

	if (pt_init(&b, s->img, s->base, (4ull + s->ext_tables) * 4096))
		return -1;
	s->ttbr = b.ttbr;
	/* creates L1, L2 and L3 A in this order, right after the L0 table */
	if (pt_entry_addr(&b, 0, 3) != s->base + 0x3000)
		return -1;
	for (int i = 0; i < 4; i++)
		s->page[i] = s->base + 0x1000ull * (unsigned)i;
	region(s, s->page[0], 8 * TABLE_USED, "L0 table");
	region(s, s->page[1], 8 * TABLE_USED, "L1 table");
	region(s, s->page[2], 8 * TABLE_USED, "L2 table");
	region(s, s->page[3], 8 * L3A_USED, "L3 table A");

	/* L0: [0] -> L1, [1] invalid, [2] block (translation fault), [3] table outside the
	 * window, [4] table above 4 GiB, [5] -> L1 again */
	err |= pt_set(&b, va_l0(2), 0, 0x8000000000ull | PTE_AF | PTE_VALID);
	err |= pt_set(&b, va_l0(3), 0, out | PTE_VALID | PTE_TABLE);
	err |= pt_set(&b, va_l0(4), 0, 0x100000000ull | PTE_VALID | PTE_TABLE);
	err |= pt_set(&b, va_l0(5), 0, s->page[1] | PTE_VALID | PTE_TABLE);
	/* L1: [0] -> L2, [1] young dirty 1 GiB block, [2] invalid, [3] old clean block above
	 * 4 GiB with low address bits set (ignored), [4] table outside the window, [5] table
	 * above 4 GiB, [6] invalid with every other bit set */
	err |= pt_map(&b, va_l1(1), 0xc0000000ull, 1, PTE_AF | PTE_DBM);
	err |= pt_set(&b, va_l1(3), 1, 0x140000000ull | 0x12345000ull | PTE_AP2 | PTE_DBM |
		      PTE_VALID);
	err |= pt_set(&b, va_l1(4), 1, (out + 0x1000) | PTE_VALID | PTE_TABLE);
	err |= pt_set(&b, va_l1(5), 1, 0x200000000ull | PTE_VALID | PTE_TABLE);
	err |= pt_set(&b, va_l1(6), 1, ~1ull);
	/* L2: [0] -> L3 A, [1] young clean block, [2] young dirty, [3] old dirty, [4] invalid,
	 * [5] table outside the window, [6] young block above 4 GiB, [7] block with low bits
	 * set, [8..] further L3 tables, then random blocks */
	err |= pt_map(&b, va_l2(1), 0x80200000ull, 2, PTE_AF | PTE_AP2 | PTE_DBM);
	err |= pt_map(&b, va_l2(2), 0x80400000ull, 2, PTE_AF | PTE_DBM);
	err |= pt_map(&b, va_l2(3), 0x80600000ull, 2, PTE_DBM);
	err |= pt_set(&b, va_l2(5), 2, (out + 0x2000) | PTE_VALID | PTE_TABLE);
	err |= pt_map(&b, va_l2(6), 0x100800000ull, 2, PTE_AF);
	err |= pt_set(&b, va_l2(7), 2, 0x80e00000ull | 0x1f000ull | PTE_AF | PTE_VALID);
	for (unsigned k = 0; k < s->ext_tables; k++) {
		uint64_t t = pt_entry_addr(&b, va_l2(8 + k), 3) & ~0xfffull;

		if (t != s->base + 0x4000ull + 0x1000ull * k)
			return -1;
		region(s, t, 4096, "L3 table %c", 'B' + k);
		for (unsigned e = 0; e < 512; e++)
			err |= pt_set(&b, va_l2(8 + k) + va_l3(e), 3, gen_l3(s));
	}
	for (unsigned i = 8 + s->ext_tables; i < 16; i++)
		err |= pt_set(&b, va_l2(i), 2, gen_l2(s, i));
	/* L3 A: [0] young page, [1] '01', [2] invalid, [3] young dirty, [17], [33] '01',
	 * the others random */
	for (unsigned e = 0; e < L3A_USED; e++) {
		uint64_t d;

		switch (e) {
		case 0: d = 0x80000000ull | PTE_AF | PTE_VALID | PTE_TABLE; break;
		case 1: case 17: case 33: d = 0x80001000ull | PTE_AF | PTE_VALID; break;
		case 2: d = 0; break;
		case 3: d = 0x80003000ull | PTE_AF | PTE_DBM | PTE_VALID | PTE_TABLE; break;
		default: d = gen_l3(s); break;
		}
		err |= pt_set(&b, va_l3(e), 3, d);
	}
	return err ? -1 : 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Plan */

static struct step *new_step(struct st *s, int kind)
{
	struct step *p;

	if (s->nsteps >= MAX_STEPS) {
		if (!s->layout_err)
			snprintf(s->layout_msg, sizeof(s->layout_msg), "more than %u steps", MAX_STEPS);
		s->layout_err = 1;
		return &s->step[MAX_STEPS - 1];
	}
	p = &s->step[s->nsteps++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->expect = -1;
	return p;
}

static void csr(struct st *s, uint32_t off, uint32_t val)
{
	struct step *p = new_step(s, STEP_CSR);

	p->off = off;
	p->val = val;
}

static void window(struct st *s, unsigned i, uint64_t base, uint64_t limit)
{
	csr(s, RA_REG_WIN_BASE_LO(i), (uint32_t)base);
	csr(s, RA_REG_WIN_BASE_HI(i), (uint32_t)(base >> 32));
	csr(s, RA_REG_WIN_LIMIT_LO(i), (uint32_t)limit);
	csr(s, RA_REG_WIN_LIMIT_HI(i), (uint32_t)(limit >> 32));
}

static struct step *cmd(struct st *s, int expect, unsigned op, unsigned flags, uint64_t ttbr,
			const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static struct step *cmd(struct st *s, int expect, unsigned op, unsigned flags, uint64_t ttbr,
			const char *fmt, ...)
{
	struct step *p = new_step(s, STEP_CMD);
	va_list ap;

	p->cmd.op = (uint8_t)op;
	p->cmd.flags = (uint8_t)flags;
	p->cmd.ttbr = ttbr;
	p->cmd.tag = (uint32_t)rnd(s);
	p->expect = expect;
	va_start(ap, fmt);
	vsnprintf(p->name, sizeof(p->name), fmt, ap);
	va_end(ap);
	return p;
}

static uint64_t list(struct st *s, const uint64_t *v, unsigned n, const char *name)
{
	uint64_t pa = alloc(s, 8ull * n, 64, name);

	for (unsigned i = 0; pa && i < n; i++)
		ra_mem_wr64(s->img, pa + 8ull * i, v[i]);
	return pa;
}

static void set_out(struct step *p, unsigned i, int kind, uint64_t pa, uint64_t len,
		    const char *what)
{
	p->out[i].kind = kind;
	p->out[i].pa = pa;
	p->out[i].len = (uint32_t)len;
	p->out[i].what = what;
}

/* WALK of @n VAs at @vl into a new result buffer. */
static struct step *walk(struct st *s, int expect, uint64_t ttbr, uint64_t vl, unsigned n,
			 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static struct step *walk(struct st *s, int expect, uint64_t ttbr, uint64_t vl, unsigned n,
			 const char *fmt, ...)
{
	struct step *p = cmd(s, expect, RA_OP_WALK, 0, ttbr, "WALK");
	va_list ap;
	char name[80];
	uint64_t res;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	snprintf(p->name, sizeof(p->name), "WALK %s (%u VAs)", name, n);
	snprintf(name, sizeof(name), "results of cmd %u", s->ncmds + 1);
	res = alloc(s, 16ull * n, 64, name);
	p->cmd.arg[0] = vl;
	p->cmd.arg[1] = res;
	p->cmd.arg[2] = n;
	p->list = vl;
	set_out(p, 0, OUT_WALK, res, 16ull * n, "results");
	s->ncmds++;
	return p;
}

/* A command that must not write anything: its output pointers lead to the canary. */
static struct step *errcmd(struct st *s, int expect, unsigned op, unsigned flags, uint64_t ttbr,
			   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static struct step *errcmd(struct st *s, int expect, unsigned op, unsigned flags, uint64_t ttbr,
			   const char *fmt, ...)
{
	struct step *p = cmd(s, expect, op, flags, ttbr, "x");
	va_list ap;
	char name[80];

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	snprintf(p->name, sizeof(p->name), "%s %s", rb_op_name(op), name);
	set_out(p, 0, OUT_WORDS, s->canary, 64, "canary");
	s->ncmds++;
	return p;
}

static struct step *scan(struct st *s, int expect, uint64_t ttbr, uint64_t start, uint64_t end,
			 unsigned flags, unsigned cap, const char *what)
{
	struct step *p = cmd(s, expect, RA_OP_SCAN, flags, ttbr, "SCAN");
	uint64_t pages = (end - start) >> 12, words = (pages + 63) / 64;
	char name[48];

	snprintf(p->name, sizeof(p->name), "SCAN %s [0x%" PRIx64 ", 0x%" PRIx64 ")%s%s cap %u",
		 what, start, end, (flags & RA_SCAN_CLEAR_AF) ? " CLEAR_AF" : "",
		 (flags & RA_SCAN_REPORT_DIRTY) ? " REPORT_DIRTY" : "", cap);
	p->cmd.arg[0] = start;
	p->cmd.arg[1] = end;
	snprintf(name, sizeof(name), "young bitmap of cmd %u", s->ncmds + 1);
	p->cmd.arg[2] = alloc(s, 8 * words, 8, name);
	set_out(p, 0, OUT_BITMAP, p->cmd.arg[2], 8 * words, "young bitmap");
	if (flags & RA_SCAN_REPORT_DIRTY) {
		snprintf(name, sizeof(name), "dirty bitmap of cmd %u", s->ncmds + 1);
		p->cmd.arg[3] = alloc(s, 8 * words, 8, name);
		set_out(p, 1, OUT_BITMAP, p->cmd.arg[3], 8 * words, "dirty bitmap");
	} else {
		p->cmd.arg[3] = s->canary;	/* ignored without REPORT_DIRTY */
	}
	if (cap) {
		snprintf(name, sizeof(name), "records of cmd %u", s->ncmds + 1);
		p->cmd.arg[4] = alloc(s, 16ull * cap, 16, name);
		set_out(p, 2, OUT_RECORDS, p->cmd.arg[4], 16ull * cap, "records");
	} else {
		p->cmd.arg[4] = s->canary;
	}
	p->cmd.arg5 = cap;
	s->ncmds++;
	return p;
}

/* Page engines: @n entries of @per PAs. */
static struct step *page_cmd(struct st *s, unsigned op, const uint64_t *pas, unsigned n,
			     unsigned per, const char *what)
{
	struct step *p = cmd(s, RA_ST_OK, op, 0, 0, "x");
	char name[48];

	snprintf(p->name, sizeof(p->name), "%s %s (%u entries)", rb_op_name(op), what, n);
	snprintf(name, sizeof(name), "list of cmd %u", s->ncmds + 1);
	p->cmd.arg[0] = list(s, pas, n * per, name);
	snprintf(name, sizeof(name), "results of cmd %u", s->ncmds + 1);
	p->cmd.arg[1] = alloc(s, 8ull * n, 64, name);
	p->cmd.arg[2] = n;
	set_out(p, 0, OUT_WORDS, p->cmd.arg[1], 8ull * n, "results");
	s->ncmds++;
	return p;
}

static bool has(const struct st *s, unsigned op)
{
	return s->caps.engines & (1u << (op - 1));
}

static void plan(struct st *s)
{
	uint64_t end = s->base + s->size, out = s->outside, ttbr = s->ttbr;
	uint64_t v_l3[24], v_blk[16], v_inv[11], v_bus[5], v_mix[48];
	uint64_t l_l3, l_blk, l_inv, l_bus, l_mix;
	unsigned n_mix = 0;
	struct step *p;

	/* VA lists (in the L0 table's page: inside every window configuration used below) */
	for (unsigned i = 0; i < 24; i++)
		v_l3[i] = va_l3(i < 4 ? i : (unsigned)(rnd(s) % L3A_USED)) | (rnd(s) & 0xfff);
	v_blk[0] = va_l2(1) + (rnd(s) & 0x1fffff);
	v_blk[1] = va_l2(2) + (rnd(s) & 0x1fffff);
	v_blk[2] = va_l2(3) + (rnd(s) & 0x1fffff);
	v_blk[3] = va_l2(6) + (rnd(s) & 0x1fffff);
	v_blk[4] = va_l2(7) + (rnd(s) & 0x1fffff);
	v_blk[5] = va_l1(1) + (rnd(s) & 0x3fffffff);
	v_blk[6] = va_l1(3) + (rnd(s) & 0x3fffffff);
	v_blk[7] = 0xffff000000000000ull | (va_l2(2) + 0x1234);	/* upper half, as its offset */
	for (unsigned i = 0; i < 8; i++)
		v_blk[8 + i] = va_l2(8 + i) + (rnd(s) & 0x1fffff);
	v_inv[0] = va_l0(1) + (rnd(s) & 0xffffffff);
	v_inv[1] = va_l0(2) + 0x5000;
	v_inv[2] = va_l1(2) + 0x1000;
	v_inv[3] = va_l1(6);
	v_inv[4] = va_l1(7) + 0x7000;
	v_inv[5] = va_l2(4) + 0x3000;
	v_inv[6] = 0x0001000000001000ull;		/* VA[63:48] not all equal */
	v_inv[7] = 0x8000000000000000ull;
	v_inv[8] = 0xfffe000000002000ull;
	v_inv[9] = va_l0(5) + va_l3(0) + 0x10;		/* through the aliased L1: valid */
	v_inv[10] = va_l0(6);
	v_bus[0] = va_l0(3) + 0x1000;
	v_bus[1] = va_l0(4) + 0x2000;
	v_bus[2] = va_l1(4) + 0x3000;
	v_bus[3] = va_l1(5) + 0x4000;
	v_bus[4] = va_l2(5) + 0x5000;
	for (unsigned i = 0; i < 48; i++) {
		unsigned k = (unsigned)(rnd(s) % 4);

		v_mix[n_mix++] = k == 0 ? v_blk[rnd(s) % 16] : k == 1 ? v_inv[rnd(s) % 11] :
				 k == 2 ? v_bus[rnd(s) % 5] : v_l3[rnd(s) % 24];
	}
	s->alloc_low = true;	/* the lists are used with window 0 ending below L3 table A */
	l_l3 = list(s, v_l3, 24, "VA list: level-3 pages");
	l_blk = list(s, v_blk, 16, "VA list: blocks");
	l_inv = list(s, v_inv, 11, "VA list: invalid");
	l_bus = list(s, v_bus, 5, "VA list: bus");
	l_mix = list(s, v_mix, n_mix, "VA list: mixed");
	s->alloc_low = false;

	/* counters: `commands` wraps on the first command (PERF_OVF, INT_STATUS.CNT_OVF) */
	csr(s, RA_REG_CNT_LO(RA_CNT_COMMANDS), 0xffffffffu);
	csr(s, RA_REG_CNT_HI(RA_CNT_COMMANDS), 0xffffffffu);

	/* --- WALK --- */
	walk(s, RA_ST_OK, ttbr, l_l3, 24, "4 KiB pages, invalid and '01' entries");
	walk(s, RA_ST_OK, ttbr, l_blk, 16, "1 GiB and 2 MiB blocks%s",
	     s->ext_tables ? ", further L3 tables" : "");
	walk(s, RA_ST_OK, ttbr, l_inv, 11, "invalid entries, L0 block, non-canonical VAs");
	walk(s, RA_ST_OK, ttbr, l_bus, 5, "tables outside the window (bus faults)");
	walk(s, RA_ST_OK, ttbr, l_mix, n_mix, "mixed");
	walk(s, RA_ST_OK, ttbr | 0xabcd000000000000ull, l_l3, 8, "TTBR with ASID bits");
	walk(s, RA_ST_OK, s->page[1], l_l3, 8, "L1 table as TTBR");
	csr(s, RA_REG_PA_BITS, 32);
	walk(s, RA_ST_OK, ttbr, l_mix, n_mix, "mixed, PA_BITS 32 (address-size faults)");
	walk(s, RA_ST_OK, ttbr, l_blk, 8, "blocks, PA_BITS 32");
	walk(s, RA_ST_OK, 0x100000000ull, l_l3, 4, "TTBR at 4 GiB, PA_BITS 32");
	csr(s, RA_REG_PA_BITS, 33);
	walk(s, RA_ST_OK, 0x100000000ull, l_l3, 4, "TTBR at 4 GiB, PA_BITS 33 (bus)");
	csr(s, RA_REG_PA_BITS, 48);
	/* window 0 without the L3 A table's page: level-3 descriptors give bus faults */
	window(s, 0, s->base, s->page[3]);
	s->alloc_low = true;	/* the buffers of these commands must lie in window 0 */
	walk(s, RA_ST_OK, ttbr, l_l3, 24, "window 0 without L3 table A");
	if (s->caps.windows > 1) {
		window(s, 1, s->page[3], s->page[3] + 0x1000);
		walk(s, RA_ST_OK, ttbr, l_l3, 24, "L3 table A in window 1");
		p = errcmd(s, RA_ST_DMA, RA_OP_WALK, 0, ttbr, "results across windows 0 and 1");
		p->cmd.arg[0] = l_l3;
		p->cmd.arg[1] = s->page[3] - 16;
		p->cmd.arg[2] = 2;
		window(s, 1, 0, 0);
	}
	window(s, 0, s->base, end);
	s->alloc_low = false;

	/* DMA and argument errors: nothing may be written */
	p = errcmd(s, RA_ST_DMA, RA_OP_WALK, 0, ttbr, "results outside the window");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = out, p->cmd.arg[2] = 4;
	p = errcmd(s, RA_ST_DMA, RA_OP_WALK, 0, ttbr, "VA list outside the window");
	p->cmd.arg[0] = out, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2;
	p = errcmd(s, RA_ST_DMA, RA_OP_WALK, 0, ttbr, "results across the window's end");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = end - 16, p->cmd.arg[2] = 2;
	p = errcmd(s, RA_ST_DMA, RA_OP_WALK, 0, ttbr, "count 2^20 (lists beyond the window)");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 1u << 20;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 1, ttbr, "flags 1 (and results outside)");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = out, p->cmd.arg[2] = 2;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "count 0");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 0;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "count 2^20+1");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = (1u << 20) + 1;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "VA list not 8-byte aligned");
	p->cmd.arg[0] = l_l3 + 4, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "results not 16-byte aligned");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary + 8, p->cmd.arg[2] = 2;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr | 0x800, "TTBR bit 11 set");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "arg3 1");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2, p->cmd.arg[3] = 1;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "arg5 1");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2, p->cmd.arg5 = 1;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "reserved byte 2 set");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2, p->cmd.rsvd = 1;
	p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_WALK, 0, ttbr, "budget set on WALK");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2,
	p->cmd.budget = 0x80000000u;

	/* unknown opcodes and absent engines */
	p = errcmd(s, RA_ST_BAD_OPCODE, 0, 0xff, ttbr, "opcode 0 (and bad flags)");
	p->cmd.arg[0] = l_l3, p->cmd.arg[1] = s->canary, p->cmd.arg[2] = 2;
	errcmd(s, RA_ST_BAD_OPCODE, 6, 0, 0, "opcode 6");
	errcmd(s, RA_ST_BAD_OPCODE, 0x81, 0, 0, "opcode 0x81");
	errcmd(s, RA_ST_BAD_OPCODE, 0xff, 0, 0, "opcode 0xff");
	for (unsigned op = RA_OP_SCAN; op <= RA_OP_COPY; op++)
		if (!has(s, op)) {
			p = errcmd(s, RA_ST_BAD_OPCODE, op, 0, op == RA_OP_SCAN ? ttbr : 0,
				   "(engine absent)");
			p->cmd.arg[0] = op == RA_OP_SCAN ? 0 : l_l3;
			p->cmd.arg[1] = op == RA_OP_SCAN ? 0x40000 : s->canary;
			p->cmd.arg[2] = op == RA_OP_SCAN ? s->canary : 1;
			p->cmd.arg[3] = op == RA_OP_SCAN ? s->canary : 0;
			p->cmd.arg[4] = op == RA_OP_SCAN ? s->canary : 0;
		}

	/* --- SCAN --- */
	if (has(s, RA_OP_SCAN)) {
		uint64_t l3 = va_l3(L3A_USED);
		unsigned D = RA_SCAN_REPORT_DIRTY, C = RA_SCAN_CLEAR_AF;
		uint64_t b0 = va_l2(1) + 0x100000, b1 = va_l2(7) + 0x1000;

		scan(s, RA_ST_OK, ttbr, 0, l3, 0, 16, "L3 table A");
		scan(s, RA_ST_OK, ttbr, 0, l3, D, 2, "L3 table A (truncated)");
		scan(s, RA_ST_OK, ttbr, 0, l3, C | D, 16, "L3 table A");
		scan(s, RA_ST_OK, ttbr, 0, l3, D, 16, "L3 table A after CLEAR_AF");
		scan(s, RA_ST_OK, ttbr, 0x5000, 0x9000, 0, 0, "part of L3 table A, no records");
		scan(s, RA_ST_OK, ttbr, b0, b1, C | D, 16, "2 MiB blocks, partly covered");
		scan(s, RA_ST_OK, ttbr, b0, b1, D, 16, "2 MiB blocks after CLEAR_AF");
		for (unsigned k = 0; k < s->ext_tables; k++)
			scan(s, RA_ST_OK, ttbr, va_l2(8 + k), va_l2(9 + k), k ? D : C | D, 16,
			     "a further L3 table");
		if (s->ext_tables)
			scan(s, RA_ST_OK, ttbr, va_l2(8), va_l2(8) + 0x40000, D, 16,
			     "the first further L3 table after CLEAR_AF");
		scan(s, RA_ST_OK, ttbr, va_l1(2) - 0x20000, va_l1(2) + 0x20000, D, 8,
		     "1 GiB block tail, invalid entry");
		scan(s, RA_ST_OK, ttbr, va_l1(4) - 0x4000, va_l1(4) + 0x4000, C, 8,
		     "old 1 GiB block, table outside the window");
		scan(s, RA_ST_OK, ttbr, va_l1(5), va_l1(5) + 0x4000, 0, 8, "table above 4 GiB");
		scan(s, RA_ST_OK, ttbr, va_l0(2), va_l0(2) + 0x4000, 0, 8, "L0 block");
		scan(s, RA_ST_OK, ttbr, va_l0(3), va_l0(3) + 0x4000, 0, 8, "L0 table outside");
		scan(s, RA_ST_OK, ttbr, va_l0(5), va_l0(5) + l3, D, 16, "aliased L1 table");
		csr(s, RA_REG_PA_BITS, 32);
		scan(s, RA_ST_OK, ttbr, 0, l3, D, 16, "L3 table A, PA_BITS 32");
		scan(s, RA_ST_OK, ttbr, va_l2(6), va_l2(7) + 0x2000, D, 8,
		     "block above 4 GiB, PA_BITS 32");
		scan(s, RA_ST_OK, ttbr, va_l1(5), va_l1(5) + 0x4000, 0, 8,
		     "table above 4 GiB, PA_BITS 32");
		scan(s, RA_ST_OK, ttbr, va_l0(4), va_l0(4) + 0x4000, 0, 8,
		     "L0 table above 4 GiB, PA_BITS 32");
		scan(s, RA_ST_OK, 0x100000000ull, 0x10000, 0x14000, 0, 8, "TTBR at 4 GiB, PA_BITS 32");
		csr(s, RA_REG_PA_BITS, 48);
		if (s->caps.windows > 1) {
			window(s, 0, s->base, s->page[3]);
			s->alloc_low = true;
			scan(s, RA_ST_OK, ttbr, 0, l3, 0, 8, "L3 table A outside window 0");
			s->alloc_low = false;
			window(s, 0, s->base, end);
		}
		p = errcmd(s, RA_ST_DMA, RA_OP_SCAN, 0, ttbr, "young bitmap outside the window");
		p->cmd.arg[0] = 0, p->cmd.arg[1] = l3, p->cmd.arg[2] = out, p->cmd.arg[3] = out;
		p->cmd.arg[4] = s->canary;
		p = errcmd(s, RA_ST_DMA, RA_OP_SCAN, D, ttbr, "dirty bitmap outside the window");
		p->cmd.arg[0] = 0, p->cmd.arg[1] = l3, p->cmd.arg[2] = s->canary;
		p->cmd.arg[3] = out, p->cmd.arg[4] = s->canary;
		p = errcmd(s, RA_ST_DMA, RA_OP_SCAN, 0, ttbr, "records outside the window");
		p->cmd.arg[0] = 0, p->cmd.arg[1] = l3, p->cmd.arg[2] = s->canary;
		p->cmd.arg[3] = s->canary, p->cmd.arg[4] = out, p->cmd.arg5 = 4;
		p = scan(s, RA_ST_OK, ttbr, 0x10000, 0x20000, 0, 0,
			 "records and dirty bitmap outside, unused");
		p->cmd.arg[3] = out, p->cmd.arg[4] = out;
		p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_SCAN, 0, ttbr, "start == end");
		p->cmd.arg[0] = 0x4000, p->cmd.arg[1] = 0x4000, p->cmd.arg[2] = s->canary;
		p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_SCAN, 0, ttbr, "start not 4 KiB aligned");
		p->cmd.arg[0] = 0x800, p->cmd.arg[1] = 0x4000, p->cmd.arg[2] = s->canary;
		p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_SCAN, 0, ttbr, "end beyond 2^48");
		p->cmd.arg[0] = 0xfffffffff000ull, p->cmd.arg[1] = 0x1000000001000ull;
		p->cmd.arg[2] = s->canary;
		p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_SCAN, 4, ttbr, "flags 4");
		p->cmd.arg[0] = 0, p->cmd.arg[1] = 0x4000, p->cmd.arg[2] = s->canary;
		p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_SCAN, 0, ttbr, "bitmap not 8-byte aligned");
		p->cmd.arg[0] = 0, p->cmd.arg[1] = 0x4000, p->cmd.arg[2] = s->canary + 4;
		p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_SCAN, 0, ttbr, "records not 16-byte aligned");
		p->cmd.arg[0] = 0, p->cmd.arg[1] = 0x4000, p->cmd.arg[2] = s->canary;
		p->cmd.arg[4] = s->canary + 8, p->cmd.arg5 = 1;
	}

	/* --- HASH, CMP, COPY --- */
	if (has(s, RA_OP_HASH)) {
		uint64_t t3 = s->page[3], t2 = s->page[2];
		uint64_t h[6] = { t3, t2, t3 + 8, out, 0x100000000ull, s->data_page ? s->data_page : t3 };
		uint64_t c[6] = { t3, t3, t2, t3, t3, out };
		uint64_t cp[4] = { t3, t3, out, t2 };

		page_cmd(s, RA_OP_HASH, h, 6, 1, "tables, unaligned, outside");
		page_cmd(s, RA_OP_CMP, c, 3, 2, "equal, different, outside");
		page_cmd(s, RA_OP_COPY, cp, 2, 2, "onto itself, from outside");
		if (s->data_page) {
			/* a page that holds no buffer the commands write (L3 table B if any) */
			uint64_t src = s->ext_tables ? s->base + 0x4000 : t3;
			uint64_t cd[3] = { src, s->data_page, src };
			const char *name = s->ext_tables ? "L3 table B" : "L3 table A";
			char what[64];

			snprintf(what, sizeof(what), "%s to a free page", name);
			page_cmd(s, RA_OP_COPY, cd, 1, 2, what);
			snprintf(what, sizeof(what), "%s and its copy", name);
			page_cmd(s, RA_OP_CMP, cd, 1, 2, what);
			page_cmd(s, RA_OP_HASH, cd + 1, 2, 1, "the copy and its source");
		}
		p = errcmd(s, RA_ST_BAD_ARGS, RA_OP_HASH, 0, 0, "count 0");
		p->cmd.arg[0] = s->canary, p->cmd.arg[1] = s->canary;
		p = errcmd(s, RA_ST_DMA, RA_OP_CMP, 0, 0, "results outside");
		p->cmd.arg[0] = s->canary, p->cmd.arg[1] = out, p->cmd.arg[2] = 1;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Execution and comparison */

static void show_out(const struct out *o, const uint8_t *b, uint64_t list_va[], unsigned i,
		     char *buf, size_t len)
{
	char t[160];

	switch (o->kind) {
	case OUT_WALK:
		rb_walk_format(b, t, sizeof(t));
		snprintf(buf, len, "VA 0x%016" PRIx64 ": %s", list_va ? list_va[i] : 0, t);
		break;
	case OUT_RECORDS:
		rb_record_format(b, t, sizeof(t));
		snprintf(buf, len, "%s", t);
		break;
	default:
		snprintf(buf, len, "0x%016" PRIx64, rb_get64(b));
		break;
	}
}

/* Compare one output buffer; prints up to 4 differing entries. */
static bool cmp_out(struct st *s, const struct step *p, const struct out *o, int *rc)
{
	unsigned esz = o->kind == OUT_WALK || o->kind == OUT_RECORDS ? 16 : 8, shown = 0, diffs = 0;
	uint8_t *bb = malloc(o->len), *mb = malloc(o->len);
	uint64_t *va = NULL;
	bool ok;

	if (!bb || !mb)
		abort();
	*rc = rb_read(&s->tb, o->pa, bb, o->len);
	if (!*rc)
		*rc = rb_read(&s->tm, o->pa, mb, o->len);
	if (*rc) {
		free(bb);
		free(mb);
		return false;
	}
	ok = !memcmp(bb, mb, o->len);
	if (o->kind == OUT_WALK) {
		unsigned n = o->len / 16;

		va = calloc(n, 8);
		if (!va)
			abort();
		for (unsigned i = 0; i < n; i++)
			va[i] = ra_mem_rd64(s->mm, p->list + 8ull * i);
	}
	for (unsigned i = 0; i < o->len / esz; i++) {
		char b1[200], b2[200];
		bool same = !memcmp(bb + esz * i, mb + esz * i, esz);

		if (!same)
			diffs++;
		if ((!same && shown < 4) || (s->o->verbose && (o->kind != OUT_WORDS ||
							    rb_get64(bb + esz * i)))) {
			show_out(o, bb + esz * i, va, i, b1, sizeof(b1));
			if (same) {
				detail("%s[%u] %s", o->what, i, b1);
				continue;
			}
			char pfx[48];
			int w = snprintf(pfx, sizeof(pfx), "%s[%u] differs:", o->what, i);

			show_out(o, mb + esz * i, va, i, b2, sizeof(b2));
			detail("%s board %s", pfx, b1);
			detail("%*s model %s", w, "", b2);
			shown++;
		}
	}
	if (diffs > shown)
		detail("... %u of %u %s entries differ", diffs, o->len / esz, o->what);
	free(va);
	free(bb);
	free(mb);
	return ok;
}

static int run_cmd(struct st *s, struct step *p, unsigned n)
{
	struct ra_cpl b, m;
	char tb[200], tm[200];
	bool ok;
	int rc;

	rc = rb_exec(&s->tm, &s->rm, &p->cmd, &m);
	if (rc) {
		line(s, false, "cmd %2u %s: the model: %s", n, p->name, rb_errmsg);
		return RB_EDEV;
	}
	rc = rb_exec(&s->tb, &s->rb, &p->cmd, &b);
	if (rc == RB_ECOMM)
		return rc;
	if (rc) {
		line(s, false, "cmd %2u %s: %s", n, p->name, rb_errmsg);
		detail("stopped here: the device may need a reset (reconfigure the board, or "
		       "restart ra-board-sim)");
		return RB_EDEV;	/* the rings are out of step: stop */
	}
	rb_cpl_format(&b, p->cmd.op, tb, sizeof(tb));
	rb_cpl_format(&m, p->cmd.op, tm, sizeof(tm));
	ok = rb_cpl_equal(&b, &m);
	bool plan_ok = p->expect < 0 || m.status == p->expect;
	bool outs_ok = true;

	/* the outputs are compared only when the completion is (and always in verbose mode) */
	line(s, ok && plan_ok, "cmd %2u %s: %s", n, p->name, tb);
	if (!ok) {
		detail("completion differs:");
		detail("  board %s", tb);
		detail("  model %s", tm);
	}
	if (!plan_ok)
		detail("the model's status is %s, the selftest expects %s (a selftest bug)",
		       rb_status_name(m.status), rb_status_name((unsigned)p->expect));
	for (int i = 0; i < 3; i++) {
		if (p->out[i].kind == OUT_NONE)
			continue;
		if (!cmp_out(s, p, &p->out[i], &rc)) {
			if (rc)
				return rc;
			outs_ok = false;
		}
	}
	if (!outs_ok) {
		if (ok && plan_ok) {	/* count the failure once */
			s->failed++;
			printf("FAIL  cmd %2u %s: output buffers differ (above)\n", n, p->name);
		}
	}
	return RB_OK;
}

static const uint32_t reg_list[] = {
	RA_REG_ID, RA_REG_VERSION, RA_REG_CAP, RA_REG_CTRL, RA_REG_STATUS, RA_REG_INT_STATUS,
	RA_REG_INT_MASK, RA_REG_PA_BITS, RA_REG_SQ_BASE_LO, RA_REG_SQ_BASE_HI, RA_REG_SQ_SIZE,
	RA_REG_SQ_HEAD, RA_REG_SQ_TAIL, RA_REG_CQ_BASE_LO, RA_REG_CQ_BASE_HI, RA_REG_CQ_SIZE,
	RA_REG_CQ_HEAD, RA_REG_CQ_TAIL,
	RA_REG_WIN_BASE_LO(0), RA_REG_WIN_BASE_HI(0), RA_REG_WIN_LIMIT_LO(0), RA_REG_WIN_LIMIT_HI(0),
	RA_REG_WIN_BASE_LO(1), RA_REG_WIN_BASE_HI(1), RA_REG_WIN_LIMIT_LO(1), RA_REG_WIN_LIMIT_HI(1),
	RA_REG_WIN_BASE_LO(2), RA_REG_WIN_BASE_HI(2), RA_REG_WIN_LIMIT_LO(2), RA_REG_WIN_LIMIT_HI(2),
	RA_REG_WIN_BASE_LO(3), RA_REG_WIN_BASE_HI(3), RA_REG_WIN_LIMIT_LO(3), RA_REG_WIN_LIMIT_HI(3),
	RA_REG_PERF_CAP, RA_REG_PERF_OVF, 0x03c, 0x0fc, 0x3fc,
};
#define N_REGS (sizeof(reg_list) / sizeof(reg_list[0]))

/* Every register but the counters; PERF_OVF bits of cycles and busy_cycles and the
 * INT_STATUS.CNT_OVF they may cause are left out (only the RTL counts cycles). */
static int cmp_regs(struct st *s, const char *what)
{
	unsigned bad = 0;
	uint32_t bv[N_REGS], mv[N_REGS], ovf_mask = 0;
	int rc;

	for (unsigned i = 0; i < N_REGS; i++) {
		if ((rc = rb_rd32(&s->tb, reg_list[i], &bv[i])) ||
		    (rc = rb_rd32(&s->tm, reg_list[i], &mv[i])))
			return rc;
		if (reg_list[i] == RA_REG_PERF_OVF && (bv[i] & 3))
			ovf_mask = RA_INT_STATUS_CNT_OVF_MASK;
	}
	for (unsigned i = 0; i < N_REGS; i++) {
		uint32_t mask = reg_list[i] == RA_REG_PERF_OVF ? ~3u :
				reg_list[i] == RA_REG_INT_STATUS ? ~ovf_mask : ~0u;

		if ((bv[i] & mask) != (mv[i] & mask))
			bad++;
	}
	line(s, !bad, "registers %s: %u registers %s", what, (unsigned)N_REGS,
	     bad ? "read, some differ" : "equal to the model's");
	for (unsigned i = 0; i < N_REGS; i++) {
		uint32_t mask = reg_list[i] == RA_REG_PERF_OVF ? ~3u :
				reg_list[i] == RA_REG_INT_STATUS ? ~ovf_mask : ~0u;

		if ((bv[i] & mask) != (mv[i] & mask))
			detail("CSR 0x%03" PRIx32 ": board 0x%08" PRIx32 ", model 0x%08" PRIx32,
			       reg_list[i], bv[i], mv[i]);
	}
	return RB_OK;
}

static int cmp_counters(struct st *s, const char *what)
{
	unsigned bad = 0;
	uint64_t bv[RA_NUM_COUNTERS], mv[RA_NUM_COUNTERS];
	int rc;

	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++) {
		if ((rc = rb_counter(&s->tb, i, &bv[i])) || (rc = rb_counter(&s->tm, i, &mv[i])))
			return rc;
		bad += bv[i] != mv[i];
	}
	line(s, !bad, "counters %s: %u counters %s (cycles and busy_cycles not compared)", what,
	     RA_NUM_COUNTERS - RA_CNT_COMMANDS, bad ? "read, some differ" : "equal");
	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++)
		if (bad ? bv[i] != mv[i] : s->o->verbose)
			detail("%-18s board %" PRIu64 ", model %" PRIu64, rb_counter_names[i], bv[i],
			       mv[i]);
	return RB_OK;
}

static int cmp_memory(struct st *s)
{
	size_t n = s->size;
	uint8_t *bb = malloc(n), *mb = malloc(n);
	unsigned diffs = 0;
	int rc;

	if (!bb || !mb)
		abort();
	rc = rb_read(&s->tb, s->base, bb, n);
	if (!rc)
		rc = rb_read(&s->tm, s->base, mb, n);
	if (rc) {
		free(bb);
		free(mb);
		return rc;
	}
	for (size_t i = 0; i < n; i += 8)
		diffs += !!memcmp(bb + i, mb + i, 8);
	line(s, !diffs, "memory: [0x%" PRIx64 ", 0x%" PRIx64 ") downloaded, %s", s->base,
	     s->base + s->size, diffs ? "words differ from the model's" : "equal to the model's");
	/* the first differing word of each region (of the first ten regions that differ) */
	int last = -2;

	for (size_t i = 0, shown = 0; i < n && shown < 10; i += 8) {
		char r[96];
		int k = -1;

		if (!memcmp(bb + i, mb + i, 8))
			continue;
		for (unsigned j = s->nreg; j-- > 0;)
			if (s->base + i >= s->reg[j].pa && s->base + i < s->reg[j].pa + s->reg[j].len) {
				k = (int)j;
				break;
			}
		if (k == last)
			continue;
		last = k;
		detail("0x%08" PRIx64 " (%s): board 0x%016" PRIx64 ", model 0x%016" PRIx64,
		       s->base + i, region_of(s, s->base + i, r, sizeof(r)), rb_get64(bb + i),
		       rb_get64(mb + i));
		shown++;
	}
	if (diffs)
		detail("%u words differ in all", diffs);
	free(bb);
	free(mb);
	return RB_OK;
}

/* Raw bridge request with an expected reply. */
static int bridge_check(struct st *s, const char *what, const uint8_t *req, size_t n,
			const uint8_t *want, size_t wn)
{
	uint8_t r[16];
	int rc = rb_raw(s->l, req, n, r, wn);

	if (rc)
		return rc;
	bool ok = !memcmp(r, want, wn);

	line(s, ok, "bridge: %s", what);
	if (!ok) {
		char got[64] = "", exp[64] = "";

		for (size_t i = 0; i < wn; i++) {
			snprintf(got + 3 * i, sizeof(got) - 3 * i, "%02x ", r[i]);
			snprintf(exp + 3 * i, sizeof(exp) - 3 * i, "%02x ", want[i]);
		}
		detail("reply %s, expected %s", got, exp);
	}
	return RB_OK;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int bridge_checks(struct st *s)
{
	uint32_t end = s->l->mem_base + (uint32_t)s->l->mem_bytes;
	uint8_t req[16] = { 0 }, want[2];
	uint32_t id;
	int rc;

	req[0] = RB_OP_MEM_RD, put32(req + 1, end), req[5] = 0;
	want[0] = 0x84, want[1] = 1;
	if ((rc = bridge_check(s, "MEM_RD of the word after the memory refused (ST 1)", req, 6,
			       want, 2)))
		return rc;
	req[0] = RB_OP_MEM_RD, put32(req + 1, end - 8), req[5] = 1;
	if ((rc = bridge_check(s, "MEM_RD across the memory's end refused", req, 6, want, 2)))
		return rc;
	memset(req, 0x5a, sizeof(req));
	req[0] = RB_OP_MEM_WR, put32(req + 1, end), req[5] = 0;
	want[0] = 0x85;
	if ((rc = bridge_check(s, "MEM_WR after the memory refused, its data consumed", req, 14,
			       want, 2)))
		return rc;
	req[0] = RB_OP_MEM_ZERO, put32(req + 1, end - 8), req[5] = 1, req[6] = 0;
	want[0] = 0x86;
	if ((rc = bridge_check(s, "MEM_ZERO across the memory's end refused", req, 7, want, 2)))
		return rc;
	req[0] = 0x7f;
	want[0] = RB_OP_BAD, want[1] = 0x7f;
	if ((rc = bridge_check(s, "unknown opcode 0x7f answered 0xee 0x7f", req, 1, want, 2)))
		return rc;
	if ((rc = rb_csr_rd(s->l, RA_REG_ID, &id)))
		return rc;
	line(s, id == RA_ID_VALUE, "bridge: in step afterwards (ID 0x%08" PRIx32 ")", id);
	/* the client refuses lengths that are not whole words, on the board and on the model */
	rc = rb_read(&s->tb, s->base, req, 4);
	line(s, rc == RB_EUSAGE && rb_write(&s->tm, s->base, req, 12) == RB_EUSAGE,
	     "client: a read of 4 and a write of 12 bytes refused (%s)", rb_errmsg);
	return RB_OK;
}

/* Register writes that the device masks or ignores, counter preloads and CNT_CLEAR. */
static int register_checks(struct st *s)
{
	static const struct {
		uint32_t off, val;
	} w[] = {
		{ RA_REG_PA_BITS, 40 }, { RA_REG_PA_BITS, 31 }, { RA_REG_PA_BITS, 49 },
		{ RA_REG_PA_BITS, 0xffffffe4u }, { RA_REG_SQ_BASE_LO, 0xffffffffu },
		{ RA_REG_SQ_BASE_HI, 0xffffffffu }, { RA_REG_SQ_SIZE, 0xffffffffu },
		{ RA_REG_CQ_BASE_LO, 0xffffffffu }, { RA_REG_CQ_BASE_HI, 0x12345678u },
		{ RA_REG_CQ_SIZE, 0x13 }, { RA_REG_CQ_HEAD, 0xffffffffu },
		{ RA_REG_SQ_TAIL, 0xfffffffeu }, { RA_REG_INT_MASK, 0xfffffffau },
		{ RA_REG_INT_STATUS, 0xffffffffu }, { RA_REG_PERF_OVF, 0xffffffffu },
		{ RA_REG_ID, 0 }, { RA_REG_CAP, 0 }, { RA_REG_PERF_CAP, 0 }, { 0x3fc, 0xffffffffu },
		{ RA_REG_WIN_BASE_LO(0), 0xffffffffu }, { RA_REG_WIN_LIMIT_HI(0), 0xffffffffu },
		{ RA_REG_WIN_BASE_HI(1), 0xffffffffu }, { RA_REG_WIN_LIMIT_LO(2), 0xffffffffu },
		{ RA_REG_WIN_LIMIT_LO(3), 0x12345fffu }, { RA_REG_CTRL, RA_CTRL_CNT_FREEZE_MASK },
	};
	int rc;

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if ((rc = rb_wr32(&s->tb, w[i].off, w[i].val)) ||
		    (rc = rb_wr32(&s->tm, w[i].off, w[i].val)))
			return rc;
	if ((rc = cmp_regs(s, "after masked and ignored writes")))
		return rc;
	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++) {
		uint32_t lo = (uint32_t)rnd(s) | 0x80000000u, hi = (uint32_t)rnd(s);

		if ((rc = rb_wr32(&s->tb, RA_REG_CNT_LO(i), lo)) ||
		    (rc = rb_wr32(&s->tm, RA_REG_CNT_LO(i), lo)) ||
		    (rc = rb_wr32(&s->tb, RA_REG_CNT_HI(i), hi)) ||
		    (rc = rb_wr32(&s->tm, RA_REG_CNT_HI(i), hi)))
			return rc;
	}
	if ((rc = cmp_counters(s, "preloaded")))
		return rc;
	if ((rc = rb_wr32(&s->tb, RA_REG_CTRL, RA_CTRL_CNT_CLEAR_MASK)) ||
	    (rc = rb_wr32(&s->tm, RA_REG_CTRL, RA_CTRL_CNT_CLEAR_MASK)))
		return rc;
	return cmp_counters(s, "after CNT_CLEAR");
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int setup_model(struct st *s)
{
	struct ra_model_cfg cfg = {
		.data_bytes = s->caps.data_bytes,
		.walk_cache = s->caps.walk_cache,
		.rd_inflight = s->caps.rd_inflight,
		.mem_latency = 4,
		.engines = s->caps.engines,
		.cnt_width = s->caps.cnt_width,
		.windows = s->caps.windows,
	};

	s->mm = ra_mem_create();
	if (!s->mm || ra_mem_add_region(s->mm, s->base, s->size))
		return rb_err(RB_EDEV, "cannot allocate the model's memory");
	s->model = ra_model_create(&cfg, &ra_mem_model_ops, s->mm);
	if (!s->model)
		return rb_err(RB_EDEV, "the C model cannot be configured as the board reports: "
			      "CAP 0x%08" PRIx32 " (data bytes %u, walk cache %u, reads in flight "
			      "%u, engines 0x%02x), counter width %u, %u windows",
			      s->caps.cap, s->caps.data_bytes, s->caps.walk_cache,
			      s->caps.rd_inflight, s->caps.engines, s->caps.cnt_width,
			      s->caps.windows);
	s->tm.name = "model";
	s->tm.model = s->model;
	s->tm.mem = s->mm;
	s->tm.timeout_ms = s->tb.timeout_ms;
	return RB_OK;
}

static int selftest(struct st *s)
{
	char eng[64];
	size_t sent = 0;
	uint64_t *words;
	unsigned nw;
	int rc;

	s->base = s->l->mem_base;
	s->size = s->o->mem_bytes ? s->o->mem_bytes : s->l->mem_bytes;
	if (s->size > s->l->mem_bytes || s->size < MIN_BYTES || (s->size & 0xfff))
		return rb_err(RB_EUSAGE, "selftest: --mem-bytes %" PRIu64 ": expected a multiple "
			      "of 4096 from %u to the board's %" PRIu64 " bytes", s->size, MIN_BYTES,
			      s->l->mem_bytes);
	/* three pages outside the window, below 4 GiB */
	if (s->base + s->size + 0x104000 <= (1ull << 32))
		s->outside = s->base + s->size + 0x100000;
	else if (s->base >= 0x100000)
		s->outside = s->base - 0x100000;
	else
		return rb_err(RB_EUSAGE, "selftest: no room below 4 GiB outside the memory");

	s->tb.name = "board";
	s->tb.link = s->l;
	if ((rc = rb_get_caps(&s->tb, &s->caps)))
		return rc;
	printf("selftest: board memory %" PRIu64 " KiB at 0x%08" PRIx32 ", using %" PRIu64
	       " KiB; device CAP 0x%08" PRIx32 ": %s, walk cache %u, %u reads in flight, "
	       "%u-byte port; %u counters of %u bits; %u DMA window%s; seed %" PRIu64 "\n",
	       s->l->mem_bytes >> 10, s->l->mem_base, s->size >> 10, s->caps.cap,
	       rb_engines_str(s->caps.engines, eng, sizeof(eng)), s->caps.walk_cache,
	       s->caps.rd_inflight, s->caps.data_bytes, s->caps.num_counters, s->caps.cnt_width,
	       s->caps.windows, s->caps.windows == 1 ? "" : "s", s->o->seed);
	fflush(stdout);

	if ((rc = bridge_checks(s)))
		return rc;
	if ((rc = setup_model(s)))
		return rc;
	if ((rc = rb_dev_reset(&s->tb)) || (rc = rb_dev_reset(&s->tm)))
		return rc;
	if ((rc = cmp_regs(s, "after reset")) || (rc = register_checks(s)))
		return rc;

	/* the image */
	unsigned pages = (unsigned)(s->size / 4096);

	s->ext_tables = pages - 4 >= 8 ? MAX_EXT_TABLES : (pages - 4) / 2;
	if (s->ext_tables > MAX_EXT_TABLES)
		s->ext_tables = MAX_EXT_TABLES;
	s->img = ra_mem_create();
	if (!s->img || ra_mem_add_region(s->img, s->base, s->size))
		return rb_err(RB_EDEV, "cannot allocate the image");
	if (build_tables(s))
		return rb_err(RB_EDEV, "selftest: building the page tables failed");
	add_ext(s, s->page[0] + 8 * TABLE_USED, s->page[0] + 4096);
	add_ext(s, s->page[1] + 8 * TABLE_USED, s->page[1] + 4096);
	add_ext(s, s->page[2] + 8 * TABLE_USED, s->page[2] + 4096);
	add_ext(s, s->page[3] + 8 * L3A_USED, s->page[3] + 4096);
	if (pages > 4 + s->ext_tables) {
		s->data_page = s->base + 4096ull * (4 + s->ext_tables);
		region(s, s->data_page, 4096, "data page");
		add_ext(s, s->data_page + 4096, s->base + s->size);
	}
	s->alloc_low = true;	/* rings and canary: inside every window 0 used */
	s->rb.sq = alloc(s, 64u << SQ_LOG2, 64, "submission ring");
	s->rb.cq = alloc(s, 32u << CQ_LOG2, 32, "completion ring");
	s->rb.sq_log2 = SQ_LOG2;
	s->rb.cq_log2 = CQ_LOG2;
	s->rm = s->rb;
	s->canary = alloc(s, 64, 64, "canary (never written)");
	for (unsigned i = 0; s->canary && i < 8; i++)
		ra_mem_wr64(s->img, s->canary + 8 * i, 0xa5a5a5a5a5a5a5a5ull ^ i);
	s->alloc_low = false;
	plan(s);
	if (s->layout_err)
		return rb_err(RB_EDEV, "selftest: the plan does not fit %" PRIu64 " bytes of "
			      "memory: %s (a selftest bug)", s->size, s->layout_msg);

	/* upload; the model gets a copy */
	nw = (unsigned)(s->size / 8);
	words = malloc(s->size);
	if (!words)
		abort();
	ra_mem_read(s->img, s->base, words, s->size);
	ra_mem_write(s->mm, s->base, words, s->size);	/* the model's copy */
	for (unsigned i = 0; i < nw; i++) {	/* memory order -> values */
		uint8_t *b = (uint8_t *)&words[i];

		words[i] = rb_get64(b);
	}
	rc = rb_mem_upload(s->l, s->base, nw, words, &sent);
	free(words);
	if (rc)
		return rc;
	line(s, true, "upload: %u words zeroed, %zu written (tables: L0, L1, L2, L3 A%s%s)", nw,
	     sent, s->ext_tables ? " and " : "",
	     s->ext_tables ? (s->ext_tables == 1 ? "L3 B" : "more L3 tables") : "");
	if (s->o->inject_mismatch) {
		uint64_t pa = s->page[3], v = ra_mem_rd64(s->mm, pa);

		ra_mem_wr64(s->mm, pa, v ^ (1ull << 20));
		printf("note  --inject-mismatch: bit 20 of the model's word at 0x%" PRIx64
		       " (L3 table A entry 0) flipped; checks must fail\n", pa);
	}

	/* device set-up, identical on both */
	if ((rc = rb_dev_reset(&s->tb)) || (rc = rb_dev_reset(&s->tm)))
		return rc;
	for (int t = 0; t < 2; t++) {
		struct rb_target *d = t ? &s->tm : &s->tb;

		if ((rc = rb_set_window(d, 0, s->base, s->base + s->size)) ||
		    (rc = rb_ring_start(d, t ? &s->rm : &s->rb)))
			return rc;
	}

	/* the commands */
	unsigned n = 0;

	for (unsigned i = 0; i < s->nsteps; i++) {
		struct step *p = &s->step[i];

		if (p->kind == STEP_CSR) {
			if ((rc = rb_wr32(&s->tb, p->off, p->val)) ||
			    (rc = rb_wr32(&s->tm, p->off, p->val)))
				return rc;
			if (s->o->verbose)
				printf("      CSR 0x%03" PRIx32 " <- 0x%08" PRIx32 "\n", p->off, p->val);
			continue;
		}
		s->ran = ++n;
		if ((rc = run_cmd(s, p, n)))
			return rc;
	}

	/* the end state */
	if ((rc = cmp_counters(s, "at the end")) || (rc = cmp_regs(s, "at the end")))
		return rc;
	return cmp_memory(s);
}

int rb_selftest(struct rb_link *l, const struct rb_selftest_opts *o)
{
	struct st *s = calloc(1, sizeof(*s));
	double t0 = now_s();
	int rc;

	if (!s)
		abort();
	s->l = l;
	s->o = o;
	s->rng = o->seed * 0x2545f4914f6cdd1dull + 1;
	s->tb.timeout_ms = l->timeout_ms;
	rc = selftest(s);
	if (rc == RB_OK || rc == RB_EDEV) {
		if (rc == RB_EDEV && s->failed == 0) {
			line(s, false, "%s", rb_errmsg);
		}
		printf("selftest: %s: %u checks (%u of %u commands run), %u failed; %.1f s, %"
		       PRIu64 " bytes sent and %" PRIu64 " received in %" PRIu64 " requests\n",
		       s->failed ? "FAIL" : "PASS", s->checks, s->ran, s->ncmds, s->failed,
		       now_s() - t0, l->bytes_out, l->bytes_in, l->requests);
		rc = s->failed ? RB_EDEV : RB_OK;
	}
	ra_model_destroy(s->model);
	ra_mem_destroy(s->mm);
	ra_mem_destroy(s->img);
	free(s);
	return rc;
}

// SPDX-License-Identifier: MIT
/*
 * test_busfault - directed bus errors (docs/device.md, "Bus errors") on every RTL build and on
 * the C model, with random stalls on the bus: an AF clear answered with an error leaves the
 * descriptor (AF and dirty state kept) and the completion says BUS/BUS_ATOMIC; a descriptor
 * read answered with an error is no descriptor (BUS/BUS_READ); a command line read or a
 * completion write answered with an error stops the device with RING_FAULT, the indexes and
 * `commands` do not move, and once the fault is cleared the command runs again and completes.
 * Per access: a WALK descriptor or VA-list word answered with an error is a bus fault of that
 * VA (at the level read, descriptor 0); a SCAN table line answered with an error is one bus
 * record at its level and its entries are skipped; a page-engine list word or page line answered
 * with an error is a bus fault of that entry (the PA and which PA of a pair), the other entries
 * are unaffected. Expected values come from the same commands run without errors and from
 * counting the page tables' entries.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axi_mem.h"
#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TEST_NAME "test_busfault"
#include "../test_util.h"

#define TBL 0x40000000ull
#define TBL_SIZE (64ull << 10)
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (1ull << 20)

/* a page-engine result word that reports a fault of @kind (of the pair's second PA: @second) */
static uint64_t pres_fault(unsigned kind, unsigned second)
{
	uint64_t w = 0;

	ra_page_res_set_fault(&w, kind);
	ra_page_res_set_second(&w, second);
	return w;
}

static struct ra_dev *make(const char *engine, struct ra_mem *mem)
{
	struct axi_mem_cfg bus = { .data_bytes = strcmp(engine, "w128") ? 8 : 16,
				   .rd_latency = 12, .wr_latency = 9, .beat_cycles = 1,
				   .max_reads = 64, .stall_pct = 30, .stall_seed = 7 };

	if (!strcmp(engine, "model"))
		return ra_dev_model(mem, 8, 16, 16, 20);
	return ra_dev_rtl(mem, engine, &bus, NULL);
}

/* A ring fault from a poisoned ring line, then recovery. */
static void ring_case(const char *engine, struct ra_dev *d, struct ra_mem *mem,
		      struct ra_host *h, uint64_t ttbr, int cq)
{
	const char *what = cq ? "completion write" : "command read";
	uint32_t head = d->rd(d, RA_REG_SQ_HEAD), tail = d->rd(d, RA_REG_CQ_TAIL);
	uint64_t cmds = ra_dev_counter(d, RA_CNT_COMMANDS);
	uint64_t va = 0x1000;
	struct ra_walk_result res;
	struct ra_cpl cpl;
	struct ra_ring *r = &h->ring;

	if (cq)
		ra_mem_poison(mem, r->cq + (uint64_t)RA_CPL_BYTES * r->cq_head, 3,
			      RA_MEM_POISON_WRITE);
	else
		ra_mem_poison(mem, ra_ring_sq_slot(r), 2, RA_MEM_POISON_READ);
	CHECK(ra_host_walk(h, ttbr, &va, 1, &res, &cpl), "%s: %s error: a completion came",
	      engine, what);
	CHECK(d->rd(d, RA_REG_STATUS) & RA_STATUS_RING_FAULT_MASK,
	      "%s: %s error: STATUS.RING_FAULT not set", engine, what);
	/* (INT_STATUS is not checked: the RTL harness acknowledges it while it runs) */
	CHECK(d->rd(d, RA_REG_SQ_HEAD) == head && d->rd(d, RA_REG_CQ_TAIL) == tail,
	      "%s: %s error: the indexes moved", engine, what);
	CHECK(ra_dev_counter(d, RA_CNT_COMMANDS) == cmds, "%s: %s error: commands counted",
	      engine, what);
	/* clear the fault: the same command runs again */
	ra_mem_poison_clear(mem);
	d->wr(d, RA_REG_INT_STATUS, RA_INT_STATUS_RING_FAULT_MASK);
	d->wr(d, RA_REG_CTRL, 0);
	d->wr(d, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	CHECK(!d->run(d, 1000000), "%s: %s error: hangs after the fault is cleared", engine, what);
	CHECK(d->rd(d, RA_REG_CQ_TAIL) == ((tail + 1) & ((1u << r->cq_log2) - 1)) &&
		      d->rd(d, RA_REG_SQ_HEAD) == ((head + 1) & ((1u << r->sq_log2) - 1)),
	      "%s: %s error: the command did not complete after the fault was cleared", engine,
	      what);
	ra_ring_take(r, &cpl);
	CHECK(cpl.status == RA_ST_OK && cpl.flags == 0, "%s: %s error: re-run status %u flags "
	      "0x%x", engine, what, cpl.status, cpl.flags);
	CHECK(ra_dev_counter(d, RA_CNT_COMMANDS) == cmds + 1, "%s: %s error: commands %" PRIu64,
	      engine, what, ra_dev_counter(d, RA_CNT_COMMANDS));
}

#define DATA 0x50000000ull
#define DATA_SIZE (64ull << 10)

/* Per-access bus faults (docs/device.md, "Bus errors"). */
static void access_case(const char *engine)
{
	struct ra_mem *mem = ra_mem_create();
	struct pt_build b;
	struct ra_host h;
	struct ra_window w[2] = { { TBL, TBL + TBL_SIZE }, { DATA, DATA + DATA_SIZE } };
	struct ra_walk_result res[2];
	struct ra_scan_out so;
	struct ra_cpl cpl;
	uint64_t va[2] = { 0x1000, 0x201000 }, l3a, l2, pages[10], clean[10], out[10], pairs[4];
	uint64_t desc_read;
	struct ra_dev *d;

	ra_mem_add_region(mem, TBL, TBL_SIZE);
	ra_mem_add_region(mem, DATA, DATA_SIZE);
	ra_mem_add_region(mem, SCRATCH, SCRATCH_SIZE);
	pt_init(&b, mem, TBL, TBL_SIZE);
	pt_map(&b, va[0], 0x80000000ull, 3, PTE_AF);
	pt_map(&b, va[1], 0x80001000ull, 3, PTE_AF);
	l3a = pt_entry_addr(&b, va[0], 3);
	l2 = pt_entry_addr(&b, va[0], 2);
	for (unsigned i = 0; i < 16; i++)	/* data pages: distinct contents */
		for (unsigned k = 0; k < 4096; k += 8)
			ra_mem_wr64(mem, DATA + 4096ull * i + k, (uint64_t)i << 32 | k);
	d = make(engine, mem);
	CHECK(d && !ra_host_init(&h, d, SCRATCH, SCRATCH_SIZE, w, 2), "%s: device setup", engine);
	if (!d)
		return;

	/* WALK: the level-3 descriptor of va[0] answered with an error */
	ra_mem_poison(mem, l3a, 2, RA_MEM_POISON_READ);
	CHECK(!ra_host_walk(&h, b.ttbr, va, 2, res, &cpl), "%s: walk", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.flags == RA_CPL_BUS_READ && cpl.count[1] == 1 &&
		      cpl.fault_kind == RA_FAULT_BUS && cpl.fault_level == 3 &&
		      cpl.fault_va == va[0],
	      "%s: walk descriptor error: status %u flags 0x%x faults %u first %u/%u/0x%" PRIx64,
	      engine, cpl.status, cpl.flags, cpl.count[1], cpl.fault_kind, cpl.fault_level,
	      cpl.fault_va);
	CHECK(res[0].fault == RA_FAULT_BUS && res[0].level == 3 && res[0].pa == 0 &&
		      res[0].desc == 0 && res[1].fault == RA_FAULT_NONE &&
		      res[1].pa == 0x80001000ull,
	      "%s: walk descriptor error: results %u/%u/0x%" PRIx64 "/0x%" PRIx64 ", %u/0x%" PRIx64,
	      engine, res[0].fault, res[0].level, res[0].pa, res[0].desc, res[1].fault, res[1].pa);
	ra_mem_poison_clear(mem);

	/* WALK: the VA-list line answered with an error: no walk, a bus fault at level 0 */
	ra_mem_poison(mem, h.buf, 3, RA_MEM_POISON_READ);
	desc_read = ra_dev_counter(d, RA_CNT_DESC_READ);
	CHECK(!ra_host_walk(&h, b.ttbr, va, 2, res, &cpl), "%s: walk", engine);
	desc_read = ra_dev_counter(d, RA_CNT_DESC_READ) - desc_read;
	CHECK(cpl.status == RA_ST_BUS && cpl.count[1] == 2 && res[0].fault == RA_FAULT_BUS &&
		      res[0].level == 0 && res[1].fault == RA_FAULT_BUS && res[1].level == 0 &&
		      desc_read == 0,
	      "%s: walk list error: status %u faults %u results %u/%u %u/%u desc_read %" PRIu64,
	      engine, cpl.status, cpl.count[1], res[0].fault, res[0].level, res[1].fault,
	      res[1].level, desc_read);
	ra_mem_poison_clear(mem);

	/* SCAN: the level-3 line holding va[0]'s entry: one bus record (VA 0, the line's first
	 * entry), its 8 entries skipped; 1 + 1 + 2 + (512 - 8) + 512 entries interpreted */
	ra_mem_poison(mem, l3a, 2, RA_MEM_POISON_READ);
	CHECK(!ra_host_scan(&h, b.ttbr, 0, 0x400000, 0, 8, &so, &cpl), "%s: scan", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.flags == RA_CPL_BUS_READ && cpl.count[0] == 1 &&
		      cpl.count[1] == 1 && cpl.count[2] == 1020 && so.nrec == 1 &&
		      so.rec[0].type == RA_FAULT_BUS && so.rec[0].level == 3 && so.rec[0].va == 0 &&
		      so.young[0] == 0 && so.young[8] == 2,
	      "%s: scan level-3 error: status %u flags 0x%x young %u records %u pte %u rec %u/%u/"
	      "0x%" PRIx64, engine, cpl.status, cpl.flags, cpl.count[0], cpl.count[1],
	      cpl.count[2], so.nrec ? so.rec[0].type : 9, so.nrec ? so.rec[0].level : 9,
	      so.nrec ? so.rec[0].va : 0);
	ra_scan_out_free(&so);
	ra_mem_poison_clear(mem);

	/* SCAN: the level-2 line: one bus record at level 2, nothing below it visited */
	ra_mem_poison(mem, l2, 3, RA_MEM_POISON_READ);
	CHECK(!ra_host_scan(&h, b.ttbr, 0, 0x400000, 0, 8, &so, &cpl), "%s: scan", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.count[0] == 0 && cpl.count[1] == 1 &&
		      cpl.count[2] == 2 && so.nrec == 1 && so.rec[0].type == RA_FAULT_BUS &&
		      so.rec[0].level == 2 && so.rec[0].va == 0,
	      "%s: scan level-2 error: status %u young %u records %u pte %u", engine, cpl.status,
	      cpl.count[0], cpl.count[1], cpl.count[2]);
	ra_scan_out_free(&so);
	ra_mem_poison_clear(mem);

	/* HASH of 10 pages: page 4's line 10 answered with an error; list line 1 (entries 8, 9)
	 * too. Expected: the clean run's results except for those entries. */
	for (unsigned i = 0; i < 10; i++)
		pages[i] = DATA + 4096ull * i;
	CHECK(!ra_host_hash(&h, pages, 10, clean, &cpl) && cpl.status == RA_ST_OK &&
		      cpl.count[0] == 10, "%s: clean hash", engine);
	ra_mem_poison(mem, pages[4] + 640, 2, RA_MEM_POISON_READ);
	ra_mem_poison(mem, h.buf + 64, 3, RA_MEM_POISON_READ);
	CHECK(!ra_host_hash(&h, pages, 10, out, &cpl), "%s: hash", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.count[0] == 7 && cpl.count[1] == 3 &&
		      cpl.fault_kind == RA_FAULT_BUS && cpl.fault_level == 0 &&
		      cpl.fault_va == pages[4],
	      "%s: hash errors: status %u done %u faults %u first %u/%u/0x%" PRIx64, engine,
	      cpl.status, cpl.count[0], cpl.count[1], cpl.fault_kind, cpl.fault_level,
	      cpl.fault_va);
	for (unsigned i = 0; i < 10; i++) {
		uint64_t want = (i == 4 || i >= 8) ? pres_fault(RA_FAULT_BUS, 0) : clean[i];

		CHECK(out[i] == want, "%s: hash entry %u: 0x%" PRIx64 ", expected 0x%" PRIx64,
		      engine, i, out[i], want);
	}
	ra_mem_poison_clear(mem);

	/* CMP (a, b): b's line 3 answered with an error -> the second PA faulted */
	pairs[0] = DATA, pairs[1] = DATA + 4096, pairs[2] = DATA + 8192, pairs[3] = DATA + 8192;
	ra_mem_poison(mem, pairs[1] + 192, 2, RA_MEM_POISON_READ);
	CHECK(!ra_host_cmp(&h, pairs, 2, out, &cpl), "%s: cmp", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.count[0] == 1 && cpl.count[1] == 1 &&
		      cpl.count[2] == 1 && cpl.fault_level == 1 && cpl.fault_va == pairs[1] &&
		      out[0] == pres_fault(RA_FAULT_BUS, 1) && RA_PRES_FLAG(out[1]),
	      "%s: cmp error: status %u done %u faults %u equal %u first %u/0x%" PRIx64
	      " results 0x%" PRIx64 " 0x%" PRIx64, engine, cpl.status, cpl.count[0], cpl.count[1],
	      cpl.count[2], cpl.fault_level, cpl.fault_va, out[0], out[1]);
	ra_mem_poison_clear(mem);

	/* COPY: the source's line 5 answered with an error: a fault of the source; the other
	 * lines are copied, that line's words are written as 0 */
	pairs[0] = DATA + 4096 * 11, pairs[1] = DATA + 4096 * 12;
	ra_mem_poison(mem, pairs[0] + 320, 2, RA_MEM_POISON_READ);
	CHECK(!ra_host_copy(&h, pairs, 1, out, &cpl), "%s: copy", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.count[0] == 0 && cpl.count[1] == 1 &&
		      cpl.fault_level == 0 && cpl.fault_va == pairs[0] &&
		      out[0] == pres_fault(RA_FAULT_BUS, 0),
	      "%s: copy error: status %u done %u faults %u result 0x%" PRIx64, engine, cpl.status,
	      cpl.count[0], cpl.count[1], out[0]);
	for (unsigned k = 0; k < 4096; k += 8) {
		uint64_t got = ra_mem_rd64(mem, pairs[1] + k);
		uint64_t want = (k >= 320 && k < 384) ? 0 : (11ull << 32 | k);

		if (got != want) {
			CHECK(0, "%s: copy error: destination word 0x%x is 0x%" PRIx64
			      ", expected 0x%" PRIx64, engine, k, got, want);
			break;
		}
	}
	ra_mem_poison_clear(mem);
	d->destroy(d);
	ra_mem_destroy(mem);
}

static void run(const char *engine)
{
	struct ra_mem *mem = ra_mem_create();
	struct pt_build b;
	struct ra_host h;
	struct ra_window w = { TBL, TBL + TBL_SIZE };
	struct ra_walk_result res;
	struct ra_scan_out so;
	struct ra_cpl cpl;
	uint64_t pte_pa, pte, va = 0x1000;
	struct ra_dev *d;

	ra_mem_add_region(mem, TBL, TBL_SIZE);
	ra_mem_add_region(mem, SCRATCH, SCRATCH_SIZE);
	pt_init(&b, mem, TBL, TBL_SIZE);
	pte = 0x80000000ull | PTE_AF | PTE_DBM | 3;	/* young, hardware-dirty */
	pt_map(&b, 0x1000, 0x80000000ull, 3, PTE_AF | PTE_DBM);
	pte_pa = pt_entry_addr(&b, 0x1000, 3);
	d = make(engine, mem);
	CHECK(d && !ra_host_init(&h, d, SCRATCH, SCRATCH_SIZE, &w, 1), "%s: device setup", engine);
	if (!d)
		return;
	CHECK(ra_mem_rd64(mem, pte_pa) == pte, "%s: page table setup", engine);

	/* the AF clear answered with an error: descriptor unchanged, reported */
	ra_mem_poison(mem, pte_pa, 2, RA_MEM_POISON_ATOMIC);
	CHECK(!ra_host_scan(&h, b.ttbr, 0, 0x200000, RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY, 8,
			    &so, &cpl), "%s: scan", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.flags == RA_CPL_BUS_ATOMIC && cpl.count[0] == 1 &&
		      cpl.count[3] == 1, "%s: atomic error: status %u flags 0x%x young %u dirty %u",
	      engine, cpl.status, cpl.flags, cpl.count[0], cpl.count[3]);
	CHECK(ra_mem_rd64(mem, pte_pa) == pte, "%s: atomic error: descriptor 0x%" PRIx64, engine,
	      ra_mem_rd64(mem, pte_pa));
	ra_scan_out_free(&so);

	/* the descriptor read answered with an error: no descriptor, reported */
	ra_mem_poison_clear(mem);
	ra_mem_poison(mem, pte_pa, 3, RA_MEM_POISON_READ);
	CHECK(!ra_host_walk(&h, b.ttbr, &va, 1, &res, &cpl), "%s: walk", engine);
	CHECK(cpl.status == RA_ST_BUS && cpl.flags == RA_CPL_BUS_READ && cpl.count[1] == 1,
	      "%s: read error: status %u flags 0x%x faults %u", engine, cpl.status, cpl.flags,
	      cpl.count[1]);
	ra_mem_poison_clear(mem);

	/* without errors the same commands succeed and the AF clear happens */
	CHECK(!ra_host_walk(&h, b.ttbr, &va, 1, &res, &cpl) && cpl.status == RA_ST_OK &&
		      res.pa == 0x80000000ull, "%s: walk without errors", engine);
	CHECK(!ra_host_scan(&h, b.ttbr, 0, 0x200000, RA_SCAN_CLEAR_AF, 8, &so, &cpl) &&
		      cpl.status == RA_ST_OK && cpl.flags == 0, "%s: scan without errors", engine);
	CHECK(ra_mem_rd64(mem, pte_pa) == (pte & ~PTE_AF), "%s: AF not cleared", engine);
	ra_scan_out_free(&so);

	ring_case(engine, d, mem, &h, b.ttbr, 0);
	ring_case(engine, d, mem, &h, b.ttbr, 1);
	d->destroy(d);
	ra_mem_destroy(mem);
}

int main(void)
{
	const char *engines[] = { "w64", "w128", "nowc", "model" };

	for (unsigned i = 0; i < 4; i++) {
		run(engines[i]);
		access_case(engines[i]);
	}
	return test_summary();
}

// SPDX-License-Identifier: MIT
/*
 * test_busfault - directed bus errors (docs/device.md, "Bus errors") on every RTL build and on
 * the C model, with random stalls on the bus: an AF clear answered with an error leaves the
 * descriptor (AF and dirty state kept) and the completion says BUS/BUS_ATOMIC; a descriptor
 * read answered with an error is no descriptor (BUS/BUS_READ); a command line read or a
 * completion write answered with an error stops the device with RING_FAULT, the indexes and
 * `commands` do not move, and once the fault is cleared the command runs again and completes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axi_mem.h"
#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TBL 0x40000000ull
#define TBL_SIZE (64ull << 10)
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (1ull << 20)

static unsigned checks, failed;

#define CHECK(cond, ...)                                                                      \
	do {                                                                                  \
		checks++;                                                                     \
		if (!(cond)) {                                                                \
			failed++;                                                             \
			fprintf(stderr, "test_busfault: " __VA_ARGS__);                       \
			fputc('\n', stderr);                                                  \
		}                                                                             \
	} while (0)

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
	uint8_t c[32];

	if (cq)
		ra_mem_poison(mem, h->cq + 32ull * h->cq_head, 3, RA_MEM_POISON_WRITE);
	else
		ra_mem_poison(mem, h->sq + 64ull * h->sq_tail, 2, RA_MEM_POISON_READ);
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
	CHECK(d->rd(d, RA_REG_CQ_TAIL) == ((tail + 1) & ((1u << h->cq_log2) - 1)) &&
		      d->rd(d, RA_REG_SQ_HEAD) == ((head + 1) & ((1u << h->sq_log2) - 1)),
	      "%s: %s error: the command did not complete after the fault was cleared", engine,
	      what);
	ra_mem_read(mem, h->cq + 32ull * h->cq_head, c, 32);
	CHECK(c[4] == RA_ST_OK && c[7] == 0, "%s: %s error: re-run status %u flags 0x%x", engine,
	      what, c[4], c[7]);
	CHECK(ra_dev_counter(d, RA_CNT_COMMANDS) == cmds + 1, "%s: %s error: commands %" PRIu64,
	      engine, what, ra_dev_counter(d, RA_CNT_COMMANDS));
	h->cq_head = (h->cq_head + 1) & ((1u << h->cq_log2) - 1);
	d->wr(d, RA_REG_CQ_HEAD, h->cq_head);
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

	for (unsigned i = 0; i < 4; i++)
		run(engines[i]);
	printf("test_busfault: %u passed, %u failed\n", checks - failed, failed);
	return failed ? 1 : 0;
}

// SPDX-License-Identifier: MIT
/*
 * test_dma - DMA windows: the device never puts an address outside its windows on the bus.
 * A table pointer outside every window gives a bus fault with no access; a table whose last
 * line ends at a window's limit is read; rings outside the windows stop the device with
 * RING_FAULT and no access; clearing ENABLE clears RING_FAULT. Runs on the RTL (the bus model
 * sees every access) and checks the C model gives the same results.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TEST_NAME "test_dma"
#include "../test_util.h"

#define TBL 0x40000000ull
#define TBL_SIZE (64ull << 10)
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (1ull << 20)
#define FAR 0x48000000ull	/* memory that exists but lies outside every window */

static uint64_t outside;

static void on_access(void *ctx, enum axi_access k, uint64_t addr, unsigned bytes)
{
	(void)ctx;
	(void)k;
	if (!((addr >= TBL && addr + bytes <= TBL + TBL_SIZE) ||
	      (addr >= SCRATCH && addr + bytes <= SCRATCH + SCRATCH_SIZE))) {
		if (!outside)
			fprintf(stderr, "test_dma: access at 0x%" PRIx64 " outside the windows\n",
				addr);
		outside++;
	}
}

static struct ra_dev *make(const char *engine, struct ra_mem *mem)
{
	struct axi_mem_cfg bus = { .data_bytes = 8, .rd_latency = 20, .wr_latency = 20,
				   .beat_cycles = 1, .max_reads = 64 };
	struct ra_dev *d;

	if (!strcmp(engine, "model"))
		return ra_dev_model(mem, 8, 16, 16, 20);
	d = ra_dev_rtl(mem, "w64", &bus, NULL);
	if (d)
		axi_mem_set_access_hook(ra_dev_bus(d), on_access, NULL);
	return d;
}

static void run(const char *engine)
{
	struct ra_mem *mem = ra_mem_create();
	struct pt_build b;
	struct ra_host h;
	struct ra_window w = { TBL, TBL + TBL_SIZE };
	struct ra_walk_result res[4];
	struct ra_scan_out so;
	struct ra_cpl cpl;
	uint64_t va[4], far_l3, edge_l3;
	struct ra_dev *d;

	outside = 0;
	ra_mem_add_region(mem, TBL, TBL_SIZE);
	ra_mem_add_region(mem, FAR, 1 << 20);
	ra_mem_add_region(mem, SCRATCH, SCRATCH_SIZE);
	pt_init(&b, mem, TBL, TBL_SIZE);
	/* L2[0] -> an L3 table at FAR (real memory, outside every window) with a young page */
	far_l3 = FAR;
	ra_mem_wr64(mem, far_l3, 0x80000000ull | PTE_AF | 3);
	pt_set(&b, 0x0, 2, far_l3 | 3);
	/* L2[1] -> the last table of the window, its page in the last line */
	edge_l3 = TBL + TBL_SIZE - 4096;
	ra_mem_wr64(mem, edge_l3 + 4096 - 8, 0x90000000ull | PTE_AF | 3);
	pt_set(&b, 0x200000, 2, edge_l3 | 3);
	d = make(engine, mem);
	CHECK(d && !ra_host_init(&h, d, SCRATCH, SCRATCH_SIZE, &w, 1), "%s: device setup", engine);
	if (!d)
		return;

	va[0] = 0x0;		/* L3 table outside: bus fault at level 3 */
	va[1] = 0x3ff000;	/* last entry of the edge table */
	CHECK(!ra_host_walk(&h, b.ttbr, va, 2, res, &cpl), "%s: walk", engine);
	CHECK(res[0].fault == RA_FAULT_BUS && res[0].level == 3, "%s: walk fault %u level %u",
	      engine, res[0].fault, res[0].level);
	CHECK(!res[1].fault && res[1].pa == 0x90000000ull, "%s: edge walk pa 0x%" PRIx64, engine,
	      res[1].pa);
	CHECK(!ra_host_scan(&h, b.ttbr, 0, 0x400000, RA_SCAN_CLEAR_AF, 8, &so, &cpl) &&
		      cpl.status == RA_ST_OK, "%s: scan", engine);
	CHECK(cpl.count[0] == 1 && so.young[15] == 1ull << 63, "%s: scan young %u", engine,
	      cpl.count[0]);
	CHECK(so.nrec >= 1 && so.rec[0].type == RA_FAULT_BUS && so.rec[0].level == 3 &&
		      so.rec[0].va == 0, "%s: scan bus record", engine);
	CHECK(ra_mem_rd64(mem, far_l3) == (0x80000000ull | PTE_AF | 3),
	      "%s: the descriptor outside the windows was changed", engine);
	ra_scan_out_free(&so);

	/* Rings outside the windows: RING_FAULT, nothing fetched, ENABLE=0 clears it. */
	d->wr(d, RA_REG_CTRL, 0);
	d->wr(d, RA_REG_SQ_BASE_LO, (uint32_t)FAR);
	d->wr(d, RA_REG_SQ_BASE_HI, 0);
	d->wr(d, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	{
		uint32_t head = d->rd(d, RA_REG_SQ_HEAD), st, is;

		d->wr(d, RA_REG_SQ_TAIL, (head + 1) & 63);
		d->run(d, 100000);
		st = d->rd(d, RA_REG_STATUS);
		is = d->rd(d, RA_REG_INT_STATUS);
		CHECK(st & RA_STATUS_RING_FAULT_MASK, "%s: STATUS.RING_FAULT not set", engine);
		CHECK(is & RA_INT_STATUS_RING_FAULT_MASK, "%s: INT_STATUS.RING_FAULT not set",
		      engine);
		CHECK(d->rd(d, RA_REG_SQ_HEAD) == head, "%s: SQ_HEAD moved", engine);
		d->wr(d, RA_REG_CTRL, 0);
		CHECK(!(d->rd(d, RA_REG_STATUS) & RA_STATUS_RING_FAULT_MASK),
		      "%s: ENABLE=0 did not clear RING_FAULT", engine);
	}
	if (strcmp(engine, "model"))
		CHECK(outside == 0, "%s: %" PRIu64 " accesses outside the windows", engine, outside);
	d->destroy(d);
	ra_mem_destroy(mem);
}

int main(void)
{
	run("rtl");
	run("model");
	return test_summary();
}

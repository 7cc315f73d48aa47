// SPDX-License-Identifier: MIT
/*
 * test_atomic - AF test-and-clear must never lose a concurrent hardware dirty update.
 *
 * A stand-in for a CPU with FEAT_HAFDBS runs beside the RTL in the memory model: every cycle
 * it may write to a page (AF=1, AP[2] cleared on a writable-clean DBM page), both at random
 * and right after each of the device's atomics lands. The device scans the range with
 * CLEAR_AF. Afterwards every page the CPU wrote must still be dirty, and every page it did not
 * write must have AF=0. The same run with the memory model splitting each atomic into a read
 * and a late write (a broken, non-atomic implementation) must lose updates: that shows the
 * test can fail.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TBL 0x40000000ull
#define TBL_SIZE (1ull << 20)
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (2ull << 20)
#define VA0 0x10000000ull
#define NPAGES 4096u

struct cpu {
	struct ra_mem *mem;
	uint64_t pte[NPAGES];	/* descriptor addresses */
	bool wrote[NPAGES];
	uint64_t pending[64];	/* descriptor addresses to write soon, with their cycle */
	uint64_t pending_at[64];
	unsigned npending;
	uint64_t rng, writes;
};

static uint64_t rnd(struct cpu *c)
{
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return c->rng;
}

/* One store by the CPU: HAFDBS sets AF and makes a writable-clean page dirty, atomically. */
static void cpu_store(struct cpu *c, unsigned i)
{
	uint64_t d = ra_mem_rd64(c->mem, c->pte[i]);

	ra_mem_wr64(c->mem, c->pte[i], (d | PTE_AF) & ~PTE_AP2);
	c->wrote[i] = true;
	c->writes++;
}

static void cpu_cycle(void *ctx, uint64_t now)
{
	struct cpu *c = ctx;

	if (rnd(c) % 4 == 0)
		cpu_store(c, (unsigned)(rnd(c) % NPAGES));
	for (unsigned k = 0; k < c->npending;) {
		if (c->pending_at[k] <= now) {
			cpu_store(c, (unsigned)((c->pending[k] - c->pte[0]) / 8));
			c->pending[k] = c->pending[--c->npending];
			c->pending_at[k] = c->pending_at[c->npending];
		} else {
			k++;
		}
	}
}

static uint64_t now_cycle;

static void on_access(void *ctx, enum axi_access k, uint64_t addr, unsigned bytes)
{
	struct cpu *c = ctx;

	(void)bytes;
	if (k == AXI_ATOMIC && c->npending < 64 && addr >= c->pte[0] &&
	    addr <= c->pte[NPAGES - 1]) {
		c->pending[c->npending] = addr;
		c->pending_at[c->npending++] = now_cycle + 1 + rnd(c) % 60;
	}
}

static void cycle_hook(void *ctx, uint64_t now)
{
	now_cycle = now;
	cpu_cycle(ctx, now);
}

/* Returns the number of lost updates; -1 on a setup failure. */
static long run(bool split, uint64_t seed, unsigned *stores)
{
	struct ra_mem *mem = ra_mem_create();
	struct pt_build b;
	struct ra_host h;
	struct ra_window w = { TBL, TBL + TBL_SIZE };
	struct ra_scan_out so;
	struct ra_cpl cpl;
	struct cpu *c = calloc(1, sizeof(*c));
	struct axi_mem_cfg bus = { .data_bytes = 8, .rd_latency = 100, .wr_latency = 60,
				   .beat_cycles = 1, .max_reads = 64, .atomic_split = split };
	struct ra_dev *d;
	long lost = 0, stale = 0;

	ra_mem_add_region(mem, TBL, TBL_SIZE);
	ra_mem_add_region(mem, SCRATCH, SCRATCH_SIZE);
	pt_init(&b, mem, TBL, TBL_SIZE);
	c->mem = mem;
	c->rng = seed | 1;
	for (unsigned i = 0; i < NPAGES; i++) {
		/* young, writable-clean */
		pt_map(&b, VA0 + 4096ull * i, 0x80000000ull + 4096ull * i, 3,
		       PTE_AF | PTE_DBM | PTE_AP2);
		c->pte[i] = pt_entry_addr(&b, VA0 + 4096ull * i, 3);
	}
	d = ra_dev_rtl(mem, "w64", &bus, NULL);
	if (!d || ra_host_init(&h, d, SCRATCH, SCRATCH_SIZE, &w, 1))
		return -1;
	axi_mem_set_cycle_hook(ra_dev_bus(d), cycle_hook, c);
	axi_mem_set_access_hook(ra_dev_bus(d), on_access, c);
	if (ra_host_scan(&h, b.ttbr, VA0, VA0 + 4096ull * NPAGES, RA_SCAN_CLEAR_AF, 16, &so, &cpl) ||
	    cpl.status != RA_ST_OK)
		return -1;
	axi_mem_set_cycle_hook(ra_dev_bus(d), NULL, NULL);
	for (unsigned i = 0; i < NPAGES; i++) {
		uint64_t v = ra_mem_rd64(mem, c->pte[i]);

		if (c->wrote[i] && (v & PTE_AP2))
			lost++;
		if (!c->wrote[i] && (v & PTE_AF))
			stale++;
	}
	*stores = (unsigned)c->writes;
	if (stale) {
		fprintf(stderr, "test_atomic: %ld pages the CPU never wrote still have AF=1\n", stale);
		lost += stale;
	}
	if (cpl.count[0] != NPAGES)
		fprintf(stderr, "test_atomic: %u young pages reported, expected %u\n", cpl.count[0],
			NPAGES), lost++;
	ra_scan_out_free(&so);
	d->destroy(d);
	ra_mem_destroy(mem);
	free(c);
	return lost;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 12345;
	unsigned stores = 0, passed = 0, failed = 0;
	long lost;

	printf("test_atomic: seed %" PRIu64 "\n", seed);
	lost = run(false, seed, &stores);
	printf("test_atomic: atomic CLR: %u CPU stores during the scan, %ld dirty updates lost\n",
	       stores, lost);
	if (lost == 0)
		passed++;
	else
		failed++;
	lost = run(true, seed, &stores);
	printf("test_atomic: split read/write (negative control): %u CPU stores, %ld updates "
	       "lost\n", stores, lost);
	if (lost > 0)
		passed++;
	else
		failed++, fprintf(stderr, "test_atomic: the negative control lost nothing: the test "
				  "cannot detect a non-atomic clear\n");
	printf("test_atomic: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

// SPDX-License-Identifier: MIT
/*
 * ra-bench - figures of the core engines, measured in co-simulated cycles (deterministic) on
 * the RTL; wall-clock simulation speed is printed for information only.
 *
 *   scan   SCAN of a dense 1 GiB mapping (262,144 young 4 KiB pages), 64-bit bus, 1 beat per
 *          cycle: cycles per PTE against the bus limit of 1 PTE per cycle (8 bytes per beat).
 *   walk   WALK of 4,096 random and 4,096 sequential VAs in that mapping, with the 16-entry
 *          walk cache and without one (the "nowc" build): cycles per walk.
 *
 * usage: ra-bench [--latency N] [--pages N] [--only scan|walk]
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define TBL 0x40000000ull
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (16ull << 20)
#define VA0 0x40000000ull

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

struct env {
	struct ra_mem *mem;
	struct pt_build b;
	struct ra_dev *d;
	struct ra_host h;
};

static int env_open(struct env *e, const char *variant, unsigned latency, uint64_t pages)
{
	uint64_t tsize = ((pages + 511) / 512 + 8) * 4096;
	struct ra_window w = { TBL, TBL + tsize };
	struct axi_mem_cfg bus = ra_bus_cfg(variant, latency);

	e->mem = ra_mem_create();
	ra_mem_add_region(e->mem, TBL, tsize);
	ra_mem_add_region(e->mem, SCRATCH, SCRATCH_SIZE);
	pt_init(&e->b, e->mem, TBL, tsize);
	for (uint64_t i = 0; i < pages; i++)
		pt_map(&e->b, VA0 + 4096 * i, 0x200000000ull + 4096 * i, 3,
		       PTE_AF | PTE_DBM | PTE_AP2);
	e->d = ra_dev_rtl(e->mem, variant, &bus, NULL);
	if (!e->d || ra_host_init(&e->h, e->d, SCRATCH, SCRATCH_SIZE, &w, 1)) {
		fprintf(stderr, "ra-bench: cannot start the RTL (%s)\n", variant);
		return -1;
	}
	return 0;
}

static void env_close(struct env *e)
{
	e->d->destroy(e->d);
	ra_mem_destroy(e->mem);
}

static void bench_scan(unsigned latency, uint64_t pages)
{
	static const struct {
		const char *name;
		unsigned flags;
	} modes[] = { { "scan", 0 }, { "scan --clear", RA_SCAN_CLEAR_AF },
		      { "scan --clear --dirty", RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY } };

	printf("SCAN of %" PRIu64 " young PTEs (%" PRIu64 " MiB mapped), read latency %u cycles, "
	       "64-bit bus, 1 beat/cycle\n", pages, pages * 4096 >> 20, latency);
	printf("  limit: 1 PTE/cycle (one 8-byte descriptor per R beat). bound: R-channel beats "
	       "per PTE, counting the\n  old value each AtomicLoad-CLR returns on R (2 per young PTE "
	       "with --clear)\n");
	printf("  %-22s %12s %9s %9s %9s %9s %11s\n", "mode", "busy cycles", "cyc/PTE", "of limit",
	       "bound", "of bound", "sim cyc/s");
	for (unsigned m = 0; m < 3; m++) {
		struct env e;
		struct ra_scan_out so;
		struct ra_cpl cpl;
		uint64_t c0, busy;
		double t0, t1, bound;

		if (env_open(&e, "w64", latency, pages))
			exit(3);
		c0 = e.d->cycles(e.d);
		t0 = now_s();
		if (ra_host_scan(&e.h, e.b.ttbr, VA0, VA0 + 4096 * pages, modes[m].flags, 64, &so,
				 &cpl) || cpl.status || cpl.count[0] != pages) {
			fprintf(stderr, "ra-bench: scan failed (status %u, young %u)\n", cpl.status,
				cpl.count[0]);
			exit(3);
		}
		t1 = now_s();
		busy = ra_dev_counter(e.d, RA_CNT_BUSY_CYCLES);
		bound = (double)(ra_dev_counter(e.d, RA_CNT_MEM_READ_BEATS) +
				 ra_dev_counter(e.d, RA_CNT_ATOMIC_OPS)) / (double)pages;
		printf("  %-22s %12" PRIu64 " %9.3f %8.1f%% %9.3f %8.1f%% %11.0f\n", modes[m].name,
		       busy, (double)busy / (double)pages, 100.0 * (double)pages / (double)busy,
		       bound, 100.0 * bound * (double)pages / (double)busy,
		       (double)(e.d->cycles(e.d) - c0) / (t1 - t0));
		ra_scan_out_free(&so);
		env_close(&e);
	}
}

static void bench_walk(unsigned latency, uint64_t pages)
{
	static const char *const variants[] = { "w64", "nowc" };
	enum { N = 4096 };
	uint64_t *va = malloc(N * sizeof(*va));
	struct ra_walk_result *res = malloc(N * sizeof(*res));
	uint64_t seed = 7;

	printf("WALK of %u VAs in the same mapping, read latency %u cycles\n", N, latency);
	printf("  %-12s %-12s %12s %10s %10s %10s\n", "VAs", "walk cache", "busy cycles",
	       "cyc/walk", "hits", "desc read");
	for (unsigned pattern = 0; pattern < 2; pattern++) {
		for (unsigned i = 0; i < N; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			va[i] = VA0 + 4096 * (pattern ? i % pages : (seed >> 20) % pages) +
				(seed >> 8 & 0xff8);
		}
		for (unsigned v = 0; v < 2; v++) {
			struct env e;
			struct ra_cpl cpl;
			uint64_t busy;

			if (env_open(&e, variants[v], latency, pages))
				exit(3);
			if (ra_host_walk(&e.h, e.b.ttbr, va, N, res, &cpl) || cpl.status ||
			    cpl.count[1]) {
				fprintf(stderr, "ra-bench: walk failed\n");
				exit(3);
			}
			busy = ra_dev_counter(e.d, RA_CNT_BUSY_CYCLES);
			printf("  %-12s %-12s %12" PRIu64 " %10.1f %10" PRIu64 " %10" PRIu64 "\n",
			       pattern ? "sequential" : "random", v ? "none" : "16 entries", busy,
			       (double)busy / N, ra_dev_counter(e.d, RA_CNT_WALK_CACHE_HITS),
			       ra_dev_counter(e.d, RA_CNT_DESC_READ));
			env_close(&e);
		}
	}
	free(va);
	free(res);
}

int main(int argc, char **argv)
{
	unsigned latency = 100;
	uint64_t pages = 262144;
	const char *only = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--latency") && i + 1 < argc)
			latency = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--pages") && i + 1 < argc)
			pages = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else {
			printf("usage: ra-bench [--latency N] [--pages N] [--only scan|walk]\n");
			return strcmp(argv[i], "--help") ? 2 : 0;
		}
	}
	if (!latency || !pages || pages > (1u << 22)) {
		fprintf(stderr, "ra-bench: --latency and --pages must be positive (pages <= 4M)\n");
		return 2;
	}
	if (!only || !strcmp(only, "scan"))
		bench_scan(latency, pages);
	if (!only || !strcmp(only, "walk"))
		bench_walk(latency, pages);
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * ra-bench - figures of the core engines, measured in co-simulated cycles (deterministic) on
 * the RTL; the simulation speed (sim cyc/s: simulated cycles per second of this process's CPU
 * time, which on a shared machine does not count the time other processes hold the CPU; on an
 * idle machine it is the wall-clock rate) is printed for information only.
 *
 *   scan   SCAN of a dense 1 GiB mapping (262,144 young 4 KiB pages), 64-bit bus, 1 beat per
 *          cycle: cycles per PTE against the bus limit of 1 PTE per cycle (8 bytes per beat).
 *   walk   WALK of 4,096 random and 4,096 sequential VAs in that mapping, with the 16-entry
 *          walk cache and without one (the "nowc" build): cycles per walk.
 *   hash   HASH of 512 random 4 KiB pages in one command: page bytes per cycle with the
 *          one-word-per-cycle checksum (w64 and w128 builds, HASH_FAST=1) and the small one
 *          (nowc, HASH_FAST=0), against the bus limit of 8 bytes per cycle (64-bit bus), and the
 *          host CPU's XXH64 time per page (libxxhash, same pages, same run).
 *   cmp    CMP of 256 pairs of equal pages (each read completely): bytes per cycle.
 *   copy   COPY of 512 pages: bytes copied per cycle (each byte read once and written once).
 *
 * usage: ra-bench [--latency N] [--pages N] [--only scan|walk|hash|cmp|copy] [--max-reads N]
 *                 [--mode scan|clear|dirty]
 *
 * --max-reads N: read bursts the memory (the AXI slave model) accepts and has not returned
 * (default 64, more than the device issues); below the device's 16 line reads in flight it
 * caps them. --mode: only this one of the three SCAN modes.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xxhash.h>

#include "pt_build.h"
#include "ra_host.h"
#include "ra_num.h"
#include "ra_regs.h"

#define TBL 0x40000000ull
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (16ull << 20)
#define VA0 0x40000000ull

/* CPU time of the process (simulation speed, host hashing time) */
static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

struct env {
	struct ra_mem *mem;
	struct pt_build b;
	struct ra_dev *d;
	struct ra_host h;
};

static unsigned max_reads;	/* 0: ra_bus_cfg()'s */

static int env_open(struct env *e, const char *variant, unsigned latency, uint64_t pages)
{
	uint64_t tsize = ((pages + 511) / 512 + 8) * 4096;
	struct ra_window w = { TBL, TBL + tsize };
	struct axi_mem_cfg bus = ra_bus_cfg(variant, latency);

	if (max_reads)
		bus.max_reads = max_reads;
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

static void bench_scan(unsigned latency, uint64_t pages, const char *mode)
{
	unsigned reads[2] = { 0, 0 };	/* CAP.RD_INFLIGHT of the w64 and w128 builds */
	static const struct {
		const char *name, *mode, *variant;
		unsigned flags;
	} modes[] = { { "scan", "scan", "w64", 0 },
		      { "scan --clear", "clear", "w64", RA_SCAN_CLEAR_AF },
		      { "scan --clear --dirty", "dirty", "w64",
			RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY },
		      { "w128 scan", "scan", "w128", 0 },
		      { "w128 scan --clear", "clear", "w128", RA_SCAN_CLEAR_AF } };

	printf("SCAN of %" PRIu64 " young PTEs (%" PRIu64 " MiB mapped), read latency %u cycles, "
	       "1 beat/cycle", pages, pages * 4096 >> 20, latency);
	if (max_reads)
		printf(", memory accepts %u reads", max_reads);
	printf("\n");
	printf("  limit: one 8-byte descriptor per 64-bit R beat: 1 PTE/cycle on the 64-bit bus, 2 on\n"
	       "  the 128-bit bus. bound: the busier of R (read beats) and W (write beats and\n"
	       "  AtomicStore-CLRs, which have no R response) per PTE, in cycles\n");
	printf("  %-22s %12s %9s %9s %9s %9s %11s\n", "mode", "busy cycles", "cyc/PTE", "of limit",
	       "bound", "of bound", "sim cyc/s");
	for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct env e;
		struct ra_scan_out so;
		struct ra_cpl cpl;
		uint64_t c0, busy;
		double t0, t1, bound, wbound, limit;
		int w128;

		if (mode && strcmp(mode, modes[m].mode))
			continue;
		w128 = !strcmp(modes[m].variant, "w128");
		limit = w128 ? 2.0 : 1.0;
		if (env_open(&e, modes[m].variant, latency, pages))
			exit(3);
		reads[w128] = (e.d->rd(e.d, RA_REG_CAP) & RA_CAP_RD_INFLIGHT_MASK) >>
			      RA_CAP_RD_INFLIGHT_SHIFT;
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
		bound = (double)ra_dev_counter(e.d, RA_CNT_MEM_READ_BEATS) / (double)pages;
		wbound = (double)(ra_dev_counter(e.d, RA_CNT_MEM_WRITE_BEATS) +
				  ra_dev_counter(e.d, RA_CNT_ATOMIC_OPS)) / (double)pages;
		if (wbound > bound)
			bound = wbound;
		printf("  %-22s %12" PRIu64 " %9.3f %8.1f%% %9.3f %8.1f%% %11.0f\n", modes[m].name,
		       busy, (double)busy / (double)pages,
		       100.0 * (double)pages / (double)busy / limit,
		       bound, 100.0 * bound * (double)pages / (double)busy,
		       (double)(e.d->cycles(e.d) - c0) / (t1 - t0));
		ra_scan_out_free(&so);
		env_close(&e);
	}
	/* the builds' read bursts in flight, as their CAP register says (scripts/bench reads it) */
	printf("  reads in flight (CAP.RD_INFLIGHT):");
	if (reads[0])
		printf(" w64 %u", reads[0]);
	if (reads[1])
		printf(" w128 %u", reads[1]);
	printf("\n");
}

/* ---- page engines ---- */

#define PDATA 0x100000000ull	/* page data: window 1 */
#define PN 512			/* pages hashed or copied; CMP: PN / 2 pairs */

static uint64_t prng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The RTL build @variant on a memory holding PN random pages at PDATA (and room for copies). */
static struct ra_dev *page_env(const char *variant, unsigned latency, struct ra_mem **mem,
			       struct ra_host *h)
{
	struct ra_window w = { PDATA, PDATA + 2 * PN * 4096ull };
	struct axi_mem_cfg bus = ra_bus_cfg(variant, latency);
	uint64_t seed = 1;
	struct ra_dev *d;

	if (max_reads)
		bus.max_reads = max_reads;
	*mem = ra_mem_create();
	ra_mem_add_region(*mem, PDATA, 2 * PN * 4096ull);
	ra_mem_add_region(*mem, SCRATCH, SCRATCH_SIZE);
	for (uint64_t a = PDATA; a < PDATA + PN * 4096ull; a += 8)
		ra_mem_wr64(*mem, a, prng(&seed));
	d = ra_dev_rtl(*mem, variant, &bus, NULL);
	if (!d || ra_host_init(h, d, SCRATCH, SCRATCH_SIZE, &w, 1)) {
		fprintf(stderr, "ra-bench: cannot start the RTL (%s)\n", variant);
		exit(3);
	}
	return d;
}

/* One figure: @bytes of pages per busy cycle against the 8 bytes/cycle of the 64-bit bus. */
static void page_row(const char *what, const char *variant, struct ra_dev *d, double bytes,
		     uint64_t sim_cycles, double sim_s)
{
	uint64_t busy = ra_dev_counter(d, RA_CNT_BUSY_CYCLES);

	printf("  %-6s %-6s %12" PRIu64 " %10.3f %8.1f%% %11.0f\n", what, variant, busy,
	       bytes / (double)busy, 100.0 * bytes / (double)busy / 8.0,
	       (double)sim_cycles / sim_s);
}

static void bench_hash(unsigned latency)
{
	static const char *const variants[] = { "w64", "w128", "nowc" };
	static uint8_t buf[PN][4096];
	uint64_t list[PN], res[PN];
	volatile uint64_t sink = 0;
	unsigned rounds = 40;
	struct ra_cpl cpl;
	double t0, t1;

	printf("HASH of %u random 4 KiB pages in one command, read latency %u cycles, 1 beat/cycle\n",
	       PN, latency);
	printf("  limit: 8 bytes/cycle (64-bit bus: one 8-byte beat per cycle; the checksum takes "
	       "at most one 8-byte\n  word per cycle on any bus). w64, w128: HASH_FAST=1; nowc: "
	       "HASH_FAST=0\n");
	printf("  %-6s %-6s %12s %10s %9s %11s\n", "engine", "build", "busy cycles", "bytes/cyc",
	       "of limit", "sim cyc/s");
	for (unsigned v = 0; v < 3; v++) {
		struct ra_mem *mem;
		struct ra_host h;
		struct ra_dev *d = page_env(variants[v], latency, &mem, &h);

		uint64_t c0 = d->cycles(d);

		for (unsigned i = 0; i < PN; i++)
			list[i] = PDATA + 4096ull * i;
		t0 = now_s();
		if (ra_host_hash(&h, list, PN, res, &cpl) || cpl.status || cpl.count[0] != PN) {
			fprintf(stderr, "ra-bench: hash failed (status %u)\n", cpl.status);
			exit(3);
		}
		t1 = now_s();
		for (unsigned i = 0; i < PN; i++) {
			ra_mem_read(mem, PDATA + 4096ull * i, buf[i], 4096);
			if ((uint32_t)res[i] != (uint32_t)XXH64(buf[i], 4096, 0)) {
				fprintf(stderr, "ra-bench: checksum of page %u differs from libxxhash\n",
					i);
				exit(3);
			}
		}
		page_row("hash", variants[v], d, 4096.0 * PN, d->cycles(d) - c0, t1 - t0);
		d->destroy(d);
		ra_mem_destroy(mem);
	}
	/* the host CPU on the same pages */
	t0 = now_s();
	for (unsigned r = 0; r < rounds; r++)
		for (unsigned i = 0; i < PN; i++)
			sink += XXH64(buf[i], 4096, 0);
	t1 = now_s();
	printf("  host CPU: libxxhash XXH64 of a 4 KiB page: %.0f ns (%.2f GB/s; %u pages x %u)\n",
	       (t1 - t0) * 1e9 / (rounds * PN), 4096.0 * rounds * PN / (t1 - t0) / 1e9, PN, rounds);
	(void)sink;
}

/* CMP of PN / 2 pairs of equal pages, or COPY of PN pages, on w64. */
static void bench_cmp_copy(unsigned latency, int cmp)
{
	static uint64_t list[2 * PN], res[PN];
	static uint8_t b[4096];
	unsigned n = cmp ? PN / 2 : PN;
	struct ra_mem *mem;
	struct ra_host h;
	struct ra_dev *d = page_env("w64", latency, &mem, &h);
	struct ra_cpl cpl;
	uint64_t c0;
	double t0, t1;

	for (unsigned i = 0; i < n; i++) {
		list[2 * i] = PDATA + 4096ull * i;
		list[2 * i + 1] = PDATA + 4096ull * (PN + i);
		if (cmp) {
			ra_mem_read(mem, list[2 * i], b, 4096);
			ra_mem_write(mem, list[2 * i + 1], b, 4096);
		}
	}
	if (cmp) {
		printf("CMP of %u pairs of equal 4 KiB pages in one command, read latency %u cycles, "
		       "64-bit bus\n", n, latency);
		printf("  limit: 8 bytes/cycle read; bytes/cyc counts both pages of a pair (8 KiB "
		       "read: 1,024 cycles at least)\n");
	} else {
		printf("COPY of %u 4 KiB pages in one command, read latency %u cycles, write responses "
		       "after the same\n  latency, 64-bit bus\n", n, latency);
		printf("  limit: 8 bytes/cycle copied (one R beat and one W beat per cycle)\n");
	}
	printf("  %-6s %-6s %12s %10s %9s %11s\n", "engine", "build", "busy cycles", "bytes/cyc",
	       "of limit", "sim cyc/s");
	c0 = d->cycles(d);
	t0 = now_s();
	if ((cmp ? ra_host_cmp : ra_host_copy)(&h, list, n, res, &cpl) || cpl.status ||
	    cpl.count[0] != n || (cmp && cpl.count[2] != n)) {
		fprintf(stderr, "ra-bench: %s failed (status %u)\n", cmp ? "cmp" : "copy", cpl.status);
		exit(3);
	}
	t1 = now_s();
	/* CMP: both pages' bytes (what the bus carries); COPY: bytes copied */
	page_row(cmp ? "cmp" : "copy", "w64", d, (cmp ? 8192.0 : 4096.0) * n, d->cycles(d) - c0,
		 t1 - t0);
	d->destroy(d);
	ra_mem_destroy(mem);
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
	const char *only = NULL, *mode = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--latency") && i + 1 < argc)
			latency = (unsigned)ra_opt_u64("ra-bench", "--latency", argv[++i],
							RA_NUM_DEC, 1, 100000);
		else if (!strcmp(argv[i], "--pages") && i + 1 < argc)
			pages = ra_opt_u64("ra-bench", "--pages", argv[++i], RA_NUM_DEC, 1,
					   1u << 22);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--max-reads") && i + 1 < argc)
			max_reads = (unsigned)ra_opt_u64("ra-bench", "--max-reads", argv[++i],
							  RA_NUM_DEC, 0, 64);
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			mode = argv[++i];
		else {
			printf("usage: ra-bench [--latency N] [--pages N] "
			       "[--only scan|walk|hash|cmp|copy] [--max-reads N] "
			       "[--mode scan|clear|dirty]\n");
			return strcmp(argv[i], "--help") ? 2 : 0;
		}
	}
	if (!latency || !pages || pages > (1u << 22)) {
		fprintf(stderr, "ra-bench: --latency and --pages must be positive (pages <= 4M)\n");
		return 2;
	}
	if (max_reads > 64 || (mode && strcmp(mode, "scan") && strcmp(mode, "clear") &&
				 strcmp(mode, "dirty"))) {
		fprintf(stderr, "ra-bench: --max-reads 1..64, --mode scan, clear or dirty\n");
		return 2;
	}
	if (!only || !strcmp(only, "scan"))
		bench_scan(latency, pages, mode);
	if (!only || !strcmp(only, "walk"))
		bench_walk(latency, pages);
	if (!only || !strcmp(only, "hash"))
		bench_hash(latency);
	if (!only || !strcmp(only, "cmp"))
		bench_cmp_copy(latency, 1);
	if (!only || !strcmp(only, "copy"))
		bench_cmp_copy(latency, 0);
	return 0;
}

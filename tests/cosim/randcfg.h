/* SPDX-License-Identifier: MIT */
/*
 * randcfg - the random configurations of the differential tests and their comparison with the
 * C model: page tables with valid, invalid and garbage descriptors, blocks, shared subtables,
 * tables above PA_BITS or outside the DMA windows; a WALK list, a SCAN range, flags, record
 * capacity and bus timing; a pool of pages (zero, random, equal and near-equal copies) with
 * HASH, CMP and COPY lists mixing valid pages, misaligned PAs, PAs beyond PA_BITS, pages outside
 * the windows, and now and then lists, results or copies that alias pages the same command
 * reads; all drawn from one seed (seed S always gives the same configuration, and the WALK and
 * SCAN part is the one seed S gave before the page commands existed). randcfg_run() issues WALK,
 * SCAN, SCAN with CLEAR_AF, HASH, CMP and COPY on any struct ra_dev; randcfg_diff() compares two
 * runs (completions, results, records, bitmaps, counters but cycles and busy_cycles). Used by
 * test_diff (Verilator) and test_systemc (SystemC/TLM).
 */
#ifndef RANDCFG_H
#define RANDCFG_H

#include <stddef.h>
#include <stdint.h>

#include "axi_mem.h"
#include "pt_build.h"
#include "ra_host.h"
#include "ra_regs.h"

#define RANDCFG_TBL 0x40000000ull	/* page-table region: DMA window 1 */
#define RANDCFG_TBL_SIZE (4ull << 20)
#define RANDCFG_SCRATCH 0x7f0000000000ull	/* rings and buffers: DMA window 0 */
#define RANDCFG_SCRATCH_SIZE (4ull << 20)
#define RANDCFG_POOL 0x48000000ull	/* pages of the page commands: DMA window 2 (partly) */
#define RANDCFG_POOL_PAGES 24
#define RANDCFG_PAGE_MAX 8		/* entries per page command */

/* One HASH, CMP or COPY command: its list, and where the list and the results live. */
struct randcfg_page_cmd {
	unsigned op;		/* RA_OP_HASH, RA_OP_CMP, RA_OP_COPY */
	unsigned n;		/* entries */
	uint64_t pa[2 * RANDCFG_PAGE_MAX];	/* HASH: n PAs; CMP, COPY: n pairs */
	uint64_t list, res;	/* list and result addresses */
};

struct randcfg {
	struct pt_build b;
	uint64_t tables[4][64];	/* tables per level, for sharing */
	unsigned ntables[4];
	uint64_t vas[256];	/* interesting VAs */
	unsigned nvas;
	unsigned pa_bits;
	/* the commands */
	uint64_t va[64];	/* WALK list */
	unsigned nva;
	uint64_t start, end;	/* SCAN range */
	unsigned flags, cap;	/* SCAN flags (REPORT_DIRTY or 0), record capacity */
	/* timing */
	unsigned lat;		/* read latency: the bus model's, and the model's estimate */
	struct axi_mem_cfg bus;	/* bus model timing (rd_latency = lat) */
	/* page commands (after WALK and SCAN), with the pool window [win2_base, win2_limit) */
	struct randcfg_page_cmd pc[3];
	uint64_t win2_base, win2_limit;
	/* continued scans (drawn last): run list capacity, budgets of the RUNS and bitmap chains */
	uint32_t run_cap, budget, bm_budget;
};

#define RANDCFG_CHAIN_MAX 64	/* commands of a continued scan at most */

/* A SCAN continued from its resume VA until it ends (or RANDCFG_CHAIN_MAX commands). */
struct randcfg_chain {
	struct ra_cpl cpl[RANDCFG_CHAIN_MAX];
	unsigned ncmd;
	int done;			/* the last command ended without RESUME */
	struct ra_scan_run *run;	/* runs, adjacent ones of one state merged */
	unsigned nrun;
	struct ra_scan_record *rec;	/* records of every command */
	unsigned nrec;
	uint64_t *young, *dirty;	/* bitmap chain: the bitmaps put together */
};

/**
 * randcfg_make() - configuration @seed: declares the table and scratch regions in @mem (empty)
 * and builds the page tables there. @data_bytes only sets bus.data_bytes (8 or 16).
 */
void randcfg_make(struct randcfg *c, uint64_t seed, struct ra_mem *mem, unsigned data_bytes);

struct randcfg_out {
	struct ra_cpl cpl[6];		/* WALK, SCAN, SCAN | CLEAR_AF, HASH, CMP, COPY */
	struct ra_walk_result res[64];
	uint64_t pres[3][RANDCFG_PAGE_MAX];	/* HASH, CMP, COPY results */
	struct ra_scan_out so[2];
	/* RUNS, RUNS | CLEAR_AF, bitmaps | CLEAR_AF with a budget; each from the tables as they were
	 * before the first SCAN | CLEAR_AF */
	struct randcfg_chain ch[3];
	char oracle[200];	/* why the chains differ from the single scans ("" if they agree) */
	uint64_t counters_pre[RA_NUM_COUNTERS];	/* before the continued scans */
	unsigned stops;		/* commands that completed with RESUME */
	uint64_t counters[RA_NUM_COUNTERS];
	int err;
};

/* WALK, SCAN, SCAN | CLEAR_AF, HASH, CMP, COPY of @c on @d (freshly reset, on a memory made by
 * randcfg_make), then the continued scans: the page tables are put back as they were before the
 * SCAN | CLEAR_AF and SCAN with RUNS runs from start to end through every RESUME (run capacity
 * run_cap, budget budget), then the same with CLEAR_AF, then (tables put back again) SCAN
 * | CLEAR_AF with bitmaps and budget bm_budget. Each chain is also checked against the single
 * scans (docs/device.md, "Budget and resume": the same young and dirty state, the same fault
 * records, the same AF bits cleared); a difference is put in o->oracle. */
void randcfg_run(struct ra_dev *d, const struct randcfg *c, struct randcfg_out *o);
/* 0 if @a (the device under test) and @b (the model) agree; else 1 and a reason in @why. */
int randcfg_diff(const struct randcfg_out *a, const struct randcfg_out *b, unsigned nva,
		 char *why, size_t wl);
void randcfg_out_free(struct randcfg_out *o);

#endif

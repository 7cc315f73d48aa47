/* SPDX-License-Identifier: MIT */
/*
 * ra_host - what a driver does with the device, for the simulator, tests and benchmarks:
 * program DMA windows and rings, build commands, submit, wait, and decode completions,
 * WALK results, SCAN bitmaps and records. Rings and buffers live in a scratch region of
 * simulated physical memory that the host owns.
 */
#ifndef RA_HOST_H
#define RA_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "ra_dev.h"
#include "ra_ring.h"

struct ra_walk_result {
	uint64_t pa;
	unsigned level, fault;
	bool cached;		/* the walk began at a walk-cache hit */
	unsigned start;		/* ... at this level (0: from the TTBR) */
	uint64_t desc;
};

struct ra_scan_record {
	uint64_t va;
	unsigned level, type;	/* type: 0 block, else RA_FAULT_* */
	bool young, dirty;
	uint64_t desc;
};

/* A run of reported pages (SCAN with RUNS). */
struct ra_scan_run {
	uint64_t va, pages;
	bool young, dirty;
};

struct ra_scan_out {
	uint64_t npages;
	uint64_t *young;	/* bitmap, npages bits (NULL with RUNS) */
	uint64_t *dirty;	/* bitmap or NULL */
	struct ra_scan_record *rec;
	unsigned nrec;		/* records written (<= capacity) */
	struct ra_scan_run *run;	/* RUNS: the runs written */
	unsigned nrun;
	bool resume;		/* the scan stopped early (RA_CPL_RESUME) ... */
	uint64_t resume_va;	/* ... continue from here */
};

/* A SCAN's arguments (docs/device.md, SCAN). */
struct ra_scan_args {
	uint64_t ttbr, start, end;
	unsigned flags;		/* RA_SCAN_* */
	unsigned rec_cap;	/* record list capacity */
	uint32_t run_cap;	/* RUNS: run list capacity (>= 1) */
	uint32_t budget;	/* descriptors at most; 0: no limit */
};

struct ra_window {
	uint64_t base, limit;
};

struct ra_host {
	struct ra_dev *dev;
	uint64_t scratch, scratch_size;
	uint64_t buf;
	struct ra_ring ring;	/* the ring client (include/ra_ring.h) ... */
	struct ra_ring_io io;	/* ... on the device's registers and memory */
	uint32_t next_tag;
	uint64_t max_cycles;
};

#define RA_HOST_SCRATCH_MIN (1u << 20)

/**
 * ra_host_init() - reset the device state this host relies on and program it.
 * @scratch: base of a region of @scratch_size bytes (>= RA_HOST_SCRATCH_MIN, 4 KiB aligned)
 *           declared in the memory, used for rings and buffers; it becomes window 0.
 * @win: up to three further DMA windows (windows 1..3), @nwin of them.
 */
int ra_host_init(struct ra_host *h, struct ra_dev *dev, uint64_t scratch, uint64_t scratch_size,
		 const struct ra_window *win, unsigned nwin);
void ra_host_set_pa_bits(struct ra_host *h, unsigned bits);

/* Submit one raw 64-byte command and wait for its completion. 0, or -1 on timeout. */
int ra_host_exec(struct ra_host *h, const uint8_t desc[64], struct ra_cpl *cpl);
/* The same for a command given by its fields. */
int ra_host_exec_cmd(struct ra_host *h, const struct ra_command *c, struct ra_cpl *cpl);

/* WALK @n VAs; @res gets n results. */
int ra_host_walk(struct ra_host *h, uint64_t ttbr, const uint64_t *va, unsigned n,
		 struct ra_walk_result *res, struct ra_cpl *cpl);
/* SCAN [start, end); @flags RA_SCAN_*; @cap records. @out is allocated; free with
 * ra_scan_out_free(). */
int ra_host_scan(struct ra_host *h, uint64_t ttbr, uint64_t start, uint64_t end, unsigned flags,
		 unsigned cap, struct ra_scan_out *out, struct ra_cpl *cpl);
void ra_scan_out_free(struct ra_scan_out *o);
/*
 * OR the bitmaps of @o, a SCAN from @chunk_start (it stopped at its resume VA, or at @end),
 * into @young and @dirty (@dirty may be NULL), bitmaps of a range that starts at @range_start:
 * how a scan continued chunk by chunk builds one bitmap of the whole range.
 */
void ra_scan_out_merge(const struct ra_scan_out *o, uint64_t chunk_start, uint64_t end,
		       uint64_t range_start, uint64_t *young, uint64_t *dirty);
/* Any SCAN, with RUNS and a budget. -1 when the buffers do not fit the scratch region. */
int ra_host_scan_args(struct ra_host *h, const struct ra_scan_args *a, struct ra_scan_out *out,
		      struct ra_cpl *cpl);

/*
 * Page engines. HASH: @pa[n] pages; CMP: @pa[2n] as (a, b) pairs; COPY: (src, dst) pairs.
 * @res gets the n raw 8-byte results (docs/device.md); decode with the RA_PRES_* helpers.
 */
int ra_host_hash(struct ra_host *h, const uint64_t *pa, unsigned n, uint64_t *res,
		 struct ra_cpl *cpl);
int ra_host_cmp(struct ra_host *h, const uint64_t *pairs, unsigned n, uint64_t *res,
		struct ra_cpl *cpl);
int ra_host_copy(struct ra_host *h, const uint64_t *pairs, unsigned n, uint64_t *res,
		 struct ra_cpl *cpl);
/* fields of one page-engine result word (the generated PAGE_RES helpers, on a value) */
#define RA_PRES_SUM(r) ((uint32_t)ra_page_res_hash((const uint64_t[]){ (r) }))	/* HASH checksum */
#define RA_PRES_FLAG(r) ((unsigned)ra_page_res_flag((const uint64_t[]){ (r) }))	/* zero / equal */
#define RA_PRES_OFFSET(r) ((unsigned)ra_page_res_offset((const uint64_t[]){ (r) }))	/* CMP */
#define RA_PRES_COPIED(r) ((unsigned)ra_page_res_copied((const uint64_t[]){ (r) }))	/* COPY done */
#define RA_PRES_FAULT(r) ((unsigned)ra_page_res_fault((const uint64_t[]){ (r) }))
#define RA_PRES_SECOND(r) ((unsigned)ra_page_res_second((const uint64_t[]){ (r) }))	/* 2nd PA */

/* Largest SCAN range (in pages) whose bitmaps fit the scratch region with @cap records. */
uint64_t ra_host_scan_max_pages(const struct ra_host *h, unsigned cap);

const char *ra_fault_name(unsigned kind);
const char *ra_status_name(unsigned st);
extern const char *const ra_counter_names[];

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The simulated machine that runs workloads on the firmware: it creates processes, files and
 * mappings, performs loads, stores, reads and lookups through the firmware's CPU model, keeps
 * the oracle (the expected content of every page, written at store time) and checks every
 * load and, at the end, every page against it, and records the page-reference string for
 * Belady's OPT.
 */
#ifndef RA_MACHINE_H
#define RA_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define M_MAX_PROCS 64
#define M_MAX_VMAS 16
#define M_MAX_FILES 16

struct m_vma {
	uint64_t start, end;
	int file;		/* -1: anonymous */
	uint64_t pgoff;
	uint64_t **shadow;	/* anonymous: expected words, one 512-word array per page, allocated
				 * at its first store (NULL: all zero), so a large sparse range costs
				 * the host what it touches */
	uint8_t *touched;	/* per page: referenced at least once */
};

struct m_proc {
	bool used;
	int pid;
	char comm[16];
	struct m_vma v[M_MAX_VMAS];
	int nv;
	bool died;		/* killed (OOM or SIGBUS) */
};

struct m_file {
	uint64_t npages, disk_block;
	uint64_t *shadow;	/* expected words */
};

struct machine {
	uint64_t rng;
	bool record_only;	/* --policy opt: record references, run nothing */
	struct m_proc proc[M_MAX_PROCS];
	struct m_file file[M_MAX_FILES];
	int nfiles;
	uint64_t disk_next;	/* next free disk block */
	/* statistics */
	uint64_t loads, stores, reads, read_errors, lookups, lookup_enomem;
	uint64_t skipped;	/* operations of dead processes */
	uint64_t load_mismatch, read_mismatch, segv;
	uint64_t ops;		/* operations issued, for progress */
	uint64_t huge_attempts, huge_ok;
	/* reference string for OPT */
	uint64_t *refs;
	size_t nrefs, refcap;
	bool record_refs;
	unsigned tick;		/* operations between scheduler ticks (kswapd runs at ticks) */
	uint64_t aging_every;	/* operations between periodic aging passes (fw_age); 0: none */
	/* progress */
	uint64_t progress_total, progress_next;
	bool quiet;
	/* sampling (ra-sim run --interval): sample() runs after every sample_every-th operation
	 * (after that operation's scheduler tick); sample_every 0 with sample set: chosen at the
	 * first operation as progress_total / 200. Sampling only reads state. */
	void (*sample)(struct machine *m, void *ctx);
	void *sample_ctx;
	uint64_t sample_every;
};

void m_init(struct machine *m, uint64_t seed, bool record_only, bool record_refs);
void m_fini(struct machine *m);
uint64_t m_rand(struct machine *m);
double m_rand01(struct machine *m);

int m_proc(struct machine *m, const char *comm);
/* anonymous mapping; flags are the firmware's VM_* bits */
void m_mmap_anon(struct machine *m, int pid, uint64_t start, uint64_t len, uint32_t flags);
/* a file of @npages pages whose initial content is a pattern of (file, page, word) */
int m_file(struct machine *m, uint64_t npages, bool exec);
void m_mmap_file(struct machine *m, int pid, uint64_t start, uint64_t len, uint32_t flags,
		 int file, uint64_t pgoff);
void m_mlock(struct machine *m, int pid, uint64_t start, uint64_t len);
bool m_alive(struct machine *m, int pid);
void m_exit(struct machine *m, int pid);

/* An 8-byte access at @va (aligned down); a store writes a fresh random value. */
void m_access(struct machine *m, int pid, uint64_t va, bool write);
/* A store of @val (not a random value) at @va: lets workloads write identical pages. */
void m_store(struct machine *m, int pid, uint64_t va, uint64_t val);
/* An order-9 allocation (as a huge page); returns a handle or -1 (counted either way). */
int m_alloc_huge(struct machine *m);
void m_free_huge(struct machine *m, int handle);
/* read(2) of a file page */
void m_read(struct machine *m, int pid, int file, uint64_t pgoff);
void m_lookup(struct machine *m, uint64_t name);

struct m_verify {
	uint64_t pages, mismatches, unreadable, procs;
};
/* Compare every page of every live process with the oracle (no side effects). */
void m_verify(struct machine *m, struct m_verify *out);
/* Distinct anonymous pages referenced (their first reference is not I/O). */
uint64_t m_anon_pages_touched(const struct machine *m);
/* Page-table pages a process needs for the pages referenced (levels 1..3 plus the root). */
uint64_t m_pgtable_estimate(const struct machine *m);

void m_progress(struct machine *m);

#endif

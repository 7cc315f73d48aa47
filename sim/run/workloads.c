// SPDX-License-Identifier: MIT
#include "workloads.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/mm.h"
#include "ra_trace.h"

#define RW (VM_READ | VM_WRITE)
#define ANON_BASE 0x0000000010000000ull
#define FILE_BASE 0x0000004000000000ull
#define TEXT_BASE 0x0000000000400000ull
#define GB (1ull << 30)

/* Zipf(s) over n ranks: inverse-CDF sampling on a precomputed table. */
struct zipf {
	uint64_t n;
	double *cdf;
	uint64_t *perm;	/* rank -> item, a random permutation */
};

static void zipf_init(struct zipf *z, struct machine *m, uint64_t n, double s)
{
	double sum = 0;

	z->n = n;
	z->cdf = malloc(n * sizeof(double));
	z->perm = malloc(n * sizeof(uint64_t));
	if (!z->cdf || !z->perm) {
		fprintf(stderr, "ra-sim: out of host memory\n");
		exit(3);
	}
	for (uint64_t i = 0; i < n; i++) {
		sum += 1.0 / pow((double)(i + 1), s);
		z->cdf[i] = sum;
		z->perm[i] = i;
	}
	for (uint64_t i = 0; i < n; i++)
		z->cdf[i] /= sum;
	for (uint64_t i = n - 1; i > 0; i--) {
		uint64_t j = m_rand(m) % (i + 1), t = z->perm[i];

		z->perm[i] = z->perm[j];
		z->perm[j] = t;
	}
}

static uint64_t zipf_next(struct zipf *z, struct machine *m)
{
	double u = m_rand01(m);
	uint64_t lo = 0, hi = z->n - 1;

	while (lo < hi) {
		uint64_t mid = (lo + hi) / 2;

		if (z->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return z->perm[lo];
}

static void zipf_free(struct zipf *z)
{
	free(z->cdf);
	free(z->perm);
}

static uint64_t word_va(struct machine *m, uint64_t base, uint64_t page)
{
	return base + (page << 12) + ((m_rand(m) % 512) << 3);
}

static uint64_t nops(const struct wl_params *p, uint64_t base)
{
	uint64_t n = (uint64_t)((double)base * p->scale);

	return n ? n : 1;
}

static uint64_t no_disk(const struct wl_params *p)
{
	(void)p;
	return 0;
}

/* ---- zipf: an anonymous working set 1.5x memory with a Zipf(1.0) hot core ---------------- */

static void run_zipf(struct machine *m, const struct wl_params *p)
{
	uint64_t ws = p->mem_pages * 3 / 2, n = nops(p, ws * 48);
	int pid = m_proc(m, "zipf");
	struct zipf z;

	m_mmap_anon(m, pid, ANON_BASE, ws << 12, RW);
	zipf_init(&z, m, ws, 1.0);
	m->progress_total = n;
	m->progress_next = n / 4;
	for (uint64_t i = 0; i < n; i++)
		m_access(m, pid, word_va(m, ANON_BASE, zipf_next(&z, m)), m_rand01(m) < 0.3);
	zipf_free(&z);
}

/*
 * ---- sparse: the zipf working set spread over a 64 GiB anonymous reservation, as a managed
 * heap or a sparse table is: clusters of 64 pages in scattered 2 MiB slots -----------------
 */

#define SPARSE_SPAN (64ull << 30)
#define SPARSE_CLUSTER 64

static uint64_t sparse_va(struct machine *m, uint64_t page)
{
	uint64_t slots = SPARSE_SPAN >> 21;
	uint64_t slot = (page / SPARSE_CLUSTER * 2654435761ull) & (slots - 1);

	return word_va(m, ANON_BASE + (slot << 21), page % SPARSE_CLUSTER);
}

static void run_sparse(struct machine *m, const struct wl_params *p)
{
	uint64_t ws = p->mem_pages * 3 / 2, n = nops(p, ws * 48);
	int pid = m_proc(m, "sparse");
	struct zipf z;

	m_mmap_anon(m, pid, ANON_BASE, SPARSE_SPAN, RW);
	zipf_init(&z, m, ws, 1.0);
	m->progress_total = n;
	m->progress_next = n / 4;
	for (uint64_t i = 0; i < n; i++)
		m_access(m, pid, sparse_va(m, zipf_next(&z, m)), m_rand01(m) < 0.3);
	zipf_free(&z);
}

/* ---- stream-file: a hot anonymous set beside a file twice memory, mapped and read once ---- */

static uint64_t stream_disk(const struct wl_params *p)
{
	return p->mem_pages * 2;
}

static void run_stream_file(struct machine *m, const struct wl_params *p)
{
	uint64_t hot = p->mem_pages / 2, fpages = p->mem_pages * 2;
	uint64_t per = (uint64_t)(8 * p->scale) ? (uint64_t)(8 * p->scale) : 1;
	int pid = m_proc(m, "stream"), f = m_file(m, fpages, false);

	m_mmap_anon(m, pid, ANON_BASE, hot << 12, RW);
	m_mmap_file(m, pid, FILE_BASE, fpages << 12, VM_READ, f, 0);
	m->progress_total = hot * 3 + fpages * (1 + per);
	m->progress_next = m->progress_total / 4;
	/* the hot set is written once and read twice: it becomes the working set */
	for (int round = 0; round < 3; round++)
		for (uint64_t i = 0; i < hot; i++)
			m_access(m, pid, word_va(m, ANON_BASE, i), round == 0);
	for (uint64_t fp = 0; fp < fpages; fp++) {
		m_access(m, pid, word_va(m, FILE_BASE, fp), false);
		for (uint64_t k = 0; k < per; k++)
			m_access(m, pid, word_va(m, ANON_BASE, m_rand(m) % hot), m_rand01(m) < 0.2);
	}
}

/*
 * ---- mixed: a database (anonymous, Zipf), a file server (read(2) of a hot and a cold file,
 * name lookups), an editor (shared writable file mapping: dirty file pages), program text,
 * an mlocked buffer, and a batch job that starts, works and exits --------------------------
 */

struct mixed_sizes {
	uint64_t db, hotf, coldf, edit, text, locked, batch;
};

static struct mixed_sizes mixed_sizes(const struct wl_params *p)
{
	uint64_t mp = p->mem_pages;
	struct mixed_sizes s = {
		.db = mp * 6 / 10, .hotf = mp / 10, .coldf = mp, .edit = mp / 5,
		.text = mp / 20, .locked = mp / 32, .batch = mp * 4 / 10,
	};

	return s;
}

static uint64_t mixed_disk(const struct wl_params *p)
{
	struct mixed_sizes s = mixed_sizes(p);

	return s.hotf + s.coldf + s.edit + s.text;
}

static void run_mixed(struct machine *m, const struct wl_params *p)
{
	struct mixed_sizes s = mixed_sizes(p);
	uint64_t n = nops(p, p->mem_pages * 80), cold_next = 0, batch_touched = 0;
	int db = m_proc(m, "db"), srv = m_proc(m, "fileserver"), ed = m_proc(m, "editor");
	int hotf = m_file(m, s.hotf, false), coldf = m_file(m, s.coldf, false);
	int editf = m_file(m, s.edit, false), textf = m_file(m, s.text, true);
	int batch = -1;
	struct zipf zdb, zhot, zname;

	m_mmap_anon(m, db, ANON_BASE, s.db << 12, RW);
	m_mmap_file(m, db, TEXT_BASE, s.text << 12, VM_READ | VM_EXEC, textf, 0);
	m_mmap_anon(m, db, ANON_BASE + GB, s.locked << 12, RW | VM_LOCKED);
	m_mlock(m, db, ANON_BASE + GB, s.locked << 12);
	m_mmap_file(m, ed, FILE_BASE, s.edit << 12, RW | VM_SHARED, editf, 0);
	m_mmap_file(m, ed, TEXT_BASE, s.text << 12, VM_READ | VM_EXEC, textf, 0);
	zipf_init(&zdb, m, s.db, 0.9);
	zipf_init(&zhot, m, s.hotf, 0.8);
	zipf_init(&zname, m, 20000, 1.1);
	m->progress_total = n;
	m->progress_next = n / 4;
	for (uint64_t i = 0; i < n; i++) {
		double r = m_rand01(m);

		if (i == n / 4) {
			batch = m_proc(m, "batch");
			m_mmap_anon(m, batch, ANON_BASE, s.batch << 12, RW);
		}
		if (i == n * 3 / 4 && batch >= 0)
			m_exit(m, batch);
		if (r < 0.35) {
			m_access(m, db, word_va(m, ANON_BASE, zipf_next(&zdb, m)), m_rand01(m) < 0.4);
		} else if (r < 0.45) {
			m_access(m, db, word_va(m, TEXT_BASE, m_rand(m) % s.text), false);
		} else if (r < 0.48) {
			m_access(m, db, word_va(m, ANON_BASE + GB, m_rand(m) % s.locked), true);
		} else if (r < 0.58) {
			m_read(m, srv, hotf, zipf_next(&zhot, m));
		} else if (r < 0.63) {
			m_read(m, srv, coldf, cold_next++ % s.coldf);
		} else if (r < 0.73) {
			m_lookup(m, zipf_next(&zname, m) * 0x100000001b3ull + 7);
		} else if (r < 0.85) {
			m_access(m, ed, word_va(m, FILE_BASE, m_rand(m) % s.edit), m_rand01(m) < 0.5);
		} else if (r < 0.88) {
			m_access(m, ed, word_va(m, TEXT_BASE, m_rand(m) % s.text), false);
		} else if (batch >= 0 && m_alive(m, batch)) {
			/* the batch job writes its buffer through, then rereads it */
			uint64_t pg = batch_touched < s.batch ? batch_touched++ : m_rand(m) % s.batch;

			m_access(m, batch, word_va(m, ANON_BASE, pg), true);
		} else {
			m_access(m, db, word_va(m, ANON_BASE, zipf_next(&zdb, m)), false);
		}
	}
	zipf_free(&zdb);
	zipf_free(&zhot);
	zipf_free(&zname);
}

/*
 * ---- oom: three processes that together need more than memory plus swap, beside a small
 * service that keeps running: the OOM killer must pick the biggest, the rest carry on -------
 */

static void run_oom(struct machine *m, const struct wl_params *p)
{
	uint64_t each = (p->mem_pages + p->swap_pages) * 6 / 10, svc_pages = 64;
	uint64_t n = nops(p, each * 3 * 3), touched[3] = { 0, 0, 0 };
	int hog[3], svc = m_proc(m, "service");

	m_mmap_anon(m, svc, ANON_BASE, svc_pages << 12, RW);
	for (int h = 0; h < 3; h++) {
		char name[16];

		snprintf(name, sizeof(name), "hog%d", h);
		hog[h] = m_proc(m, name);
		m_mmap_anon(m, hog[h], ANON_BASE, each << 12, RW);
	}
	m->progress_total = n;
	m->progress_next = n / 4;
	for (uint64_t i = 0; i < n; i++) {
		int h = (int)(i % 4);

		if (h == 3) {
			m_access(m, svc, word_va(m, ANON_BASE, m_rand(m) % svc_pages), m_rand01(m) < 0.5);
			continue;
		}
		if (touched[h] < each && m_rand01(m) < 0.7)
			m_access(m, hog[h], word_va(m, ANON_BASE, touched[h]++), true);
		else if (touched[h])
			m_access(m, hog[h], word_va(m, ANON_BASE, m_rand(m) % touched[h]), false);
	}
}

/*
 * ---- ksm-vms: four "virtual machines" whose memory is mostly the same guest image: 70% of
 * each one's pages hold the same content as in the others, 10% are zero, 20% are private;
 * while ksmd runs they read their memory and rewrite some pages (copy-on-write breaks) -------
 */

static uint64_t image_word(uint64_t page, uint64_t word)
{
	uint64_t x = page * 0x9e3779b97f4a7c15ull ^ (word + 1) * 0xc2b2ae3d27d4eb4full;

	x ^= x >> 31;
	return x * 0xff51afd7ed558ccdull;
}

static void run_ksm_vms(struct machine *m, const struct wl_params *p)
{
	uint64_t per = p->mem_pages / 6, n = nops(p, per * 4 * 24);
	int vm[4];

	m->progress_total = per * 4 * 512 + n;
	m->progress_next = m->progress_total / 4;
	for (int v = 0; v < 4; v++) {
		char name[16];

		snprintf(name, sizeof(name), "vm%d", v);
		vm[v] = m_proc(m, name);
		m_mmap_anon(m, vm[v], ANON_BASE, per << 12, RW | VM_MERGEABLE);
	}
	/* boot the guests: write every page */
	for (uint64_t pg = 0; pg < per; pg++) {
		for (int v = 0; v < 4; v++) {
			unsigned kind = (unsigned)(pg % 10);

			for (uint64_t w = 0; w < 512; w++) {
				uint64_t val = kind < 7 ? image_word(pg, w)
					       : kind == 7 ? 0 : image_word(pg + ((uint64_t)v << 32), w);

				m_store(m, vm[v], ANON_BASE + (pg << 12) + (w << 3), val);
			}
		}
	}
	/* run: mostly reads, some writes that break sharing */
	for (uint64_t i = 0; i < n; i++) {
		int v = (int)(m_rand(m) % 4);

		m_access(m, vm[v], word_va(m, ANON_BASE, m_rand(m) % per), m_rand01(m) < 0.002);
	}
}

/*
 * ---- fragment: two processes fault their memory in alternately, so their pages interleave
 * in physical memory; one exits, leaving free memory in single pages; then the other keeps
 * working while order-9 (2 MiB) blocks are requested, as transparent huge pages would be --------
 */

static void run_fragment(struct machine *m, const struct wl_params *p)
{
	uint64_t each = p->mem_pages * 2 / 5, reqs = (p->mem_pages - each) >> PAGEBLOCK_ORDER;
	uint64_t work = nops(p, each * 8);
	int a = m_proc(m, "keeper"), b = m_proc(m, "leaver"), held[64], nheld = 0;

	m->progress_total = 2 * each + work + reqs;
	m->progress_next = m->progress_total / 4;
	m_mmap_anon(m, a, ANON_BASE, each << 12, RW);
	m_mmap_anon(m, b, ANON_BASE, each << 12, RW);
	for (uint64_t pg = 0; pg < each; pg++) {
		m_access(m, a, word_va(m, ANON_BASE, pg), true);
		m_access(m, b, word_va(m, ANON_BASE, pg), true);
	}
	m_exit(m, b);
	for (uint64_t r = 0; r < reqs; r++) {
		int h;

		for (uint64_t i = 0; i < work / reqs; i++)
			m_access(m, a, word_va(m, ANON_BASE, m_rand(m) % each), m_rand01(m) < 0.3);
		h = m_alloc_huge(m);
		if (h >= 0 && nheld < 64)
			held[nheld++] = h;
	}
	while (nheld)
		m_free_huge(m, held[--nheld]);
}

/* ---- trace replay ---------------------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Cover a process's pages with at most M_MAX_VMAS ranges, merging across the smallest gaps. */
static void trace_map(struct machine *m, int pid, uint64_t *pages, size_t n, bool exec)
{
	uint64_t start[4096], end[4096];
	size_t nr = 0;

	qsort(pages, n, sizeof(*pages), cmp_u64);
	for (size_t i = 0; i < n; i++) {
		if (i && pages[i] == pages[i - 1])
			continue;
		if (nr && pages[i] - end[nr - 1] < 256) {
			end[nr - 1] = pages[i] + 1;
		} else if (nr < 4096) {
			start[nr] = pages[i];
			end[nr++] = pages[i] + 1;
		} else {
			end[nr - 1] = pages[i] + 1;
		}
	}
	while (nr > M_MAX_VMAS) {
		size_t best = 0;

		for (size_t i = 1; i + 1 < nr; i++)
			if (start[i + 1] - end[i] < start[best + 1] - end[best])
				best = i;
		end[best] = end[best + 1];
		memmove(&start[best + 1], &start[best + 2], (nr - best - 2) * sizeof(uint64_t));
		memmove(&end[best + 1], &end[best + 2], (nr - best - 2) * sizeof(uint64_t));
		nr--;
	}
	for (size_t i = 0; i < nr; i++)
		m_mmap_anon(m, pid, start[i] << 12, (end[i] - start[i]) << 12,
			    RW | (exec ? VM_EXEC : 0));
}

static void run_trace(struct machine *m, const struct wl_params *p)
{
	const struct ra_trace *t = p->trace;
	int pid[256];

	for (unsigned i = 0; i < t->nproc; i++) {
		uint64_t *pages = malloc(t->n * sizeof(uint64_t));
		size_t n = 0;
		bool exec = false;
		char name[16];

		if (!pages) {
			fprintf(stderr, "ra-sim: out of host memory\n");
			exit(3);
		}
		for (size_t r = 0; r < t->n; r++)
			if (t->pid[r] == i) {
				pages[n++] = t->va[r] >> 12;
				exec |= t->op[r] == 'X';
			}
		pid[i] = -1;
		if (n) {
			snprintf(name, sizeof(name), "trace%u", i);
			pid[i] = m_proc(m, name);
			trace_map(m, pid[i], pages, n, exec);
		}
		free(pages);
	}
	m->progress_total = t->n;
	m->progress_next = t->n / 4;
	for (size_t r = 0; r < t->n; r++)
		m_access(m, pid[t->pid[r]], t->va[r], t->op[r] == 'W');
}

const struct workload workloads[] = {
	{ "zipf", "one process, anonymous working set 1.5x memory, Zipf(1.0) popularity, 30% stores",
	  no_disk, run_zipf },
	{ "sparse", "the zipf working set in 64-page clusters scattered over a 64 GiB reservation",
	  no_disk, run_sparse },
	{ "stream-file", "a hot anonymous set (half of memory) beside a mapped file twice memory read once",
	  stream_disk, run_stream_file },
	{ "mixed", "database, file server (read(2), lookups), editor (dirty shared file), text, mlock, batch job",
	  mixed_disk, run_mixed },
	{ "oom", "three processes needing more than memory plus swap, and a small service",
	  no_disk, run_oom },
	{ "ksm-vms", "four VMs whose memory is 70% one shared image, 10% zero, 20% private; ksmd merges",
	  no_disk, run_ksm_vms },
	{ "fragment", "two interleaved processes, one exits; then order-9 (huge page) requests",
	  no_disk, run_fragment },
	{ "trace", "replay a recorded ra-trace (--trace FILE)", no_disk, run_trace },
	{ NULL, NULL, NULL, NULL },
};

const struct workload *workload_find(const char *name)
{
	for (const struct workload *w = workloads; w->name; w++)
		if (!strcmp(w->name, name))
			return w;
	return NULL;
}

// SPDX-License-Identifier: MIT
#include "machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/fw.h"
#include "plat_host.h"

static void die(const char *what, int pid, int err)
{
	fprintf(stderr, "ra-sim: %s (process %d) failed: error %d\n", what, pid, err);
	exit(3);
}

void m_init(struct machine *m, uint64_t seed, bool record_only, bool record_refs)
{
	memset(m, 0, sizeof(*m));
	m->rng = seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
	m->record_only = record_only;
	m->record_refs = record_refs;
}

void m_fini(struct machine *m)
{
	for (int i = 0; i < M_MAX_PROCS; i++)
		for (int j = 0; j < m->proc[i].nv; j++) {
			struct m_vma *v = &m->proc[i].v[j];

			for (uint64_t p = 0; v->shadow && p < (v->end - v->start) >> 12; p++)
				free(v->shadow[p]);
			free(v->shadow);
			free(v->touched);
		}
	for (int i = 0; i < m->nfiles; i++)
		free(m->file[i].shadow);
	free(m->refs);
	memset(m, 0, sizeof(*m));
}

uint64_t m_rand(struct machine *m)
{
	uint64_t x = m->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	m->rng = x;
	return x * 0x2545f4914f6cdd1dull;
}

double m_rand01(struct machine *m)
{
	return (double)(m_rand(m) >> 11) / (double)(1ull << 53);
}

static void *xcalloc(size_t n, size_t s)
{
	void *p = calloc(n ? n : 1, s);

	if (!p) {
		fprintf(stderr, "ra-sim: out of host memory\n");
		exit(3);
	}
	return p;
}

int m_proc(struct machine *m, const char *comm)
{
	int pid = -1;

	if (m->record_only) {
		for (int i = 0; i < M_MAX_PROCS; i++)
			if (!m->proc[i].used) {
				pid = i;
				break;
			}
	} else {
		pid = fw_proc_create(comm);
	}
	if (pid < 0 || pid >= M_MAX_PROCS)
		die("creating a process", pid, pid);
	m->proc[pid].used = true;
	m->proc[pid].pid = pid;
	snprintf(m->proc[pid].comm, sizeof(m->proc[pid].comm), "%s", comm);
	return pid;
}

static struct m_vma *add_vma(struct machine *m, int pid, uint64_t start, uint64_t len)
{
	struct m_proc *p = &m->proc[pid];
	struct m_vma *v;

	if (p->nv == M_MAX_VMAS)
		die("too many mappings", pid, -1);
	v = &p->v[p->nv++];
	v->start = start;
	v->end = start + len;
	v->file = -1;
	v->touched = xcalloc(len >> 12, 1);
	return v;
}

void m_mmap_anon(struct machine *m, int pid, uint64_t start, uint64_t len, uint32_t flags)
{
	struct m_vma *v = add_vma(m, pid, start, len);
	int r;

	if (!m->record_only)
		v->shadow = xcalloc(len >> 12, sizeof(*v->shadow));
	r = m->record_only ? 0 : fw_mmap(pid, start, len, flags, -1, 0);
	if (r)
		die("mmap", pid, r);
}

static uint64_t pattern(int file, uint64_t page, uint64_t word)
{
	uint64_t x = ((uint64_t)file << 48) ^ (page << 9) ^ word ^ 0x5851f42d4c957f2dull;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

int m_file(struct machine *m, uint64_t npages, bool exec)
{
	struct m_file *f;
	int id = m->nfiles;

	if (id == M_MAX_FILES)
		die("too many files", -1, -1);
	f = &m->file[m->nfiles++];
	f->npages = npages;
	f->disk_block = m->disk_next;
	m->disk_next += npages;
	if (m->record_only)
		return id;
	f->shadow = xcalloc(npages * 512, 8);
	for (uint64_t p = 0; p < npages; p++) {
		for (uint64_t w = 0; w < 512; w++)
			f->shadow[p * 512 + w] = pattern(id, p, w);
		if (plat_host_disk_write(f->disk_block + p, &f->shadow[p * 512]))
			die("writing a file's initial content", -1, -1);
	}
	if (fw_file_create(npages, f->disk_block, exec) != id)
		die("creating a file", -1, id);
	return id;
}

void m_mmap_file(struct machine *m, int pid, uint64_t start, uint64_t len, uint32_t flags,
		 int file, uint64_t pgoff)
{
	struct m_vma *v = add_vma(m, pid, start, len);
	int r;

	v->file = file;
	v->pgoff = pgoff;
	r = m->record_only ? 0 : fw_mmap(pid, start, len, flags, file, pgoff);
	if (r)
		die("mmap of a file", pid, r);
}

void m_mlock(struct machine *m, int pid, uint64_t start, uint64_t len)
{
	int r = m->record_only ? 0 : fw_mlock(pid, start, len);

	if (r)
		die("mlock", pid, r);
}

bool m_alive(struct machine *m, int pid)
{
	struct m_proc *p = &m->proc[pid];

	if (!p->used || p->died)
		return false;
	if (!m->record_only && !fw_proc_alive(pid)) {
		p->died = true;
		return false;
	}
	return true;
}

void m_exit(struct machine *m, int pid)
{
	if (!m_alive(m, pid))
		return;
	if (!m->record_only)
		fw_proc_exit(pid);
	m->proc[pid].died = true;
}

static void record(struct machine *m, uint64_t key)
{
	if (!m->record_refs)
		return;
	if (m->nrefs == m->refcap) {
		m->refcap = m->refcap ? m->refcap * 2 : 1 << 16;
		m->refs = realloc(m->refs, m->refcap * sizeof(*m->refs));
		if (!m->refs)
			die("recording references", -1, -1);
	}
	m->refs[m->nrefs++] = key;
}

static uint64_t file_key(int file, uint64_t index)
{
	return 1ull << 63 | (uint64_t)file << 40 | index;
}

static struct m_vma *find(struct m_proc *p, uint64_t va)
{
	for (int i = 0; i < p->nv; i++)
		if (va >= p->v[i].start && va < p->v[i].end)
			return &p->v[i];
	return NULL;
}

static void after_op(struct machine *m)
{
	m->ops++;
	if (!m->record_only && m->aging_every && !(m->ops % m->aging_every))
		fw_age();
	if (!m->record_only && !(m->ops % (m->tick ? m->tick : 1)))
		fw_tick();
	if (m->sample) {
		if (!m->sample_every && m->progress_total)
			m->sample_every = m->progress_total >= 200 ? m->progress_total / 200 : 1;
		if (m->sample_every && !(m->ops % m->sample_every))
			m->sample(m, m->sample_ctx);
	}
	if (m->ops >= m->progress_next && m->progress_total)
		m_progress(m);
}

void m_progress(struct machine *m)
{
	if (!m->quiet)
		fprintf(stderr, "ra-sim: %3llu%% %llu operations, %llu free pages\n",
			(unsigned long long)(m->ops * 100 / m->progress_total),
			(unsigned long long)m->ops,
			(unsigned long long)(m->record_only ? 0 : fw_free_pages()));
	m->progress_next += m->progress_total / 4;
}

static void access(struct machine *m, int pid, uint64_t va, bool write, bool given,
		   uint64_t given_val);

void m_access(struct machine *m, int pid, uint64_t va, bool write)
{
	access(m, pid, va, write, false, 0);
}

void m_store(struct machine *m, int pid, uint64_t va, uint64_t val)
{
	access(m, pid, va, true, true, val);
}

int m_alloc_huge(struct machine *m)
{
	int h = m->record_only ? 0 : fw_alloc_huge();

	m->huge_attempts++;
	if (h >= 0)
		m->huge_ok++;
	after_op(m);
	return h >= 0 ? h : -1;
}

void m_free_huge(struct machine *m, int h)
{
	if (!m->record_only && h >= 0)
		fw_free_huge(h);
}

static void access(struct machine *m, int pid, uint64_t va, bool write, bool given,
		   uint64_t given_val)
{
	struct m_proc *p = &m->proc[pid];
	struct m_vma *v;
	uint64_t page, word, *exp, val = 0;
	int r;

	va &= ~7ull;
	if (!m_alive(m, pid)) {
		m->skipped++;
		return;
	}
	v = find(p, va);
	if (!v)
		die("access outside every mapping (workload bug)", pid, -1);
	page = (va - v->start) >> 12;
	word = (va & 4095) >> 3;
	v->touched[page] = 1;
	record(m, v->file >= 0 ? file_key(v->file, v->pgoff + page)
			       : (uint64_t)pid << 40 | va >> 12);
	if (write)
		m->stores++;
	else
		m->loads++;
	if (m->record_only) {
		after_op(m);
		return;
	}
	if (v->file < 0 && !v->shadow[page])
		v->shadow[page] = xcalloc(512, 8);
	exp = v->file >= 0 ? &m->file[v->file].shadow[(v->pgoff + page) * 512 + word]
			   : &v->shadow[page][word];
	if (write) {
		val = given ? given_val : m_rand(m);
		r = fw_store(pid, va, val);
		if (!r)
			*exp = val;
	} else {
		r = fw_load(pid, va, &val);
		if (!r && val != *exp && m->load_mismatch++ < 10)
			fprintf(stderr,
				"ra-sim: INTEGRITY: process %d load at 0x%llx read 0x%016llx, "
				"expected 0x%016llx\n",
				pid, (unsigned long long)va, (unsigned long long)val,
				(unsigned long long)*exp);
	}
	if (r == -EIO) {
		p->died = true;
	} else if (r) {
		if (m->segv++ < 10)
			fprintf(stderr, "ra-sim: process %d: %s at 0x%llx faulted (error %d)\n", pid,
				write ? "store" : "load", (unsigned long long)va, r);
	}
	after_op(m);
}

void m_read(struct machine *m, int pid, int file, uint64_t pgoff)
{
	static uint64_t buf[512];
	int r;

	if (!m_alive(m, pid)) {
		m->skipped++;
		return;
	}
	record(m, file_key(file, pgoff));
	m->reads++;
	if (m->record_only) {
		after_op(m);
		return;
	}
	r = fw_file_read(pid, file, pgoff, buf);
	if (!r) {
		if (memcmp(buf, &m->file[file].shadow[pgoff * 512], 4096) && m->read_mismatch++ < 10)
			fprintf(stderr, "ra-sim: INTEGRITY: read of file %d page %llu differs\n", file,
				(unsigned long long)pgoff);
	} else {
		m->read_errors++;
		m_alive(m, pid);
	}
	after_op(m);
}

void m_lookup(struct machine *m, uint64_t name)
{
	m->lookups++;
	if (!m->record_only && fw_lookup(name))
		m->lookup_enomem++;
	after_op(m);
}

void m_verify(struct machine *m, struct m_verify *out)
{
	static uint64_t buf[512];

	memset(out, 0, sizeof(*out));
	plat_host_inject_enable(false);
	for (int i = 0; i < M_MAX_PROCS; i++) {
		struct m_proc *p = &m->proc[i];

		if (!m_alive(m, i))
			continue;
		out->procs++;
		for (int j = 0; j < p->nv; j++) {
			struct m_vma *v = &p->v[j];

			for (uint64_t pg = 0; pg < (v->end - v->start) >> 12; pg++) {
				const uint64_t *exp;
				static const uint64_t zero[512];

				if (!v->touched[pg])
					continue;
				out->pages++;
				if (fw_peek_page(i, v->start + (pg << 12), buf)) {
					out->unreadable++;
					continue;
				}
				if (v->file >= 0)
					exp = &m->file[v->file].shadow[(v->pgoff + pg) * 512];
				else
					exp = v->shadow && v->shadow[pg] ? v->shadow[pg] : zero;
				if (memcmp(buf, exp, 4096) && out->mismatches++ < 10)
					fprintf(stderr,
						"ra-sim: INTEGRITY: process %d page 0x%llx differs from "
						"what was written\n",
						i, (unsigned long long)(v->start + (pg << 12)));
			}
		}
	}
	plat_host_inject_enable(true);
}

uint64_t m_anon_pages_touched(const struct machine *m)
{
	uint64_t n = 0;

	for (int i = 0; i < M_MAX_PROCS; i++)
		for (int j = 0; j < m->proc[i].nv; j++) {
			const struct m_vma *v = &m->proc[i].v[j];

			if (v->file >= 0)
				continue;
			for (uint64_t pg = 0; pg < (v->end - v->start) >> 12; pg++)
				n += v->touched[pg];
		}
	return n;
}

uint64_t m_pgtable_estimate(const struct machine *m)
{
	uint64_t n = 0;

	for (int i = 0; i < M_MAX_PROCS; i++) {
		uint64_t last[3] = { ~0ull, ~0ull, ~0ull };

		if (!m->proc[i].used)
			continue;
		n++;
		/* ranges are disjoint and sorted by creation; count table changes in VA order */
		for (int j = 0; j < m->proc[i].nv; j++) {
			const struct m_vma *v = &m->proc[i].v[j];

			for (uint64_t pg = 0; pg < (v->end - v->start) >> 12; pg++) {
				uint64_t va = v->start + (pg << 12);

				if (!v->touched[pg])
					continue;
				for (int l = 0; l < 3; l++) {
					uint64_t t = va >> (21 + 9 * l);

					if (t != last[l]) {
						last[l] = t;
						n++;
					}
				}
			}
		}
	}
	return n;
}

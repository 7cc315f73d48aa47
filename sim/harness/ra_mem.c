// SPDX-License-Identifier: MIT
/*
 * Sparse physical memory: 4 KiB pages in an open-addressing hash table, allocated on first
 * write (reads of untouched backed pages return zero).
 */
#include "ra_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_model.h"

#define PG_SHIFT 12
#define PG_SIZE (1u << PG_SHIFT)
#define MAX_REGIONS 16

struct page_slot {
	uint64_t pfn;	/* pfn + 1; 0 = empty */
	uint8_t *data;
};

struct ra_mem {
	struct page_slot *slots;
	size_t nslots;
	size_t used;
	/* the page found last (pfn + 1, 0 = none): the bus model reads a page beat by beat */
	uint64_t last_pfn;
	uint8_t *last_data;
	uint64_t rbase[MAX_REGIONS], rsize[MAX_REGIONS];
	unsigned nregions;
	uint64_t bounds_errors;
	/* bus-error injection: poisoned 64-byte lines and their response codes */
	uint64_t poison[RA_MEM_POISON_MAX];
	uint8_t poison_resp[RA_MEM_POISON_MAX];
	uint8_t poison_kinds[RA_MEM_POISON_MAX];
	unsigned npoison;
	struct ra_mem_inj inj;	/* errors the model ops returned */
	void (*ops_fn)(void *, int, uint64_t);
	void *ops_ctx;
};

struct ra_mem *ra_mem_create(void)
{
	struct ra_mem *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->nslots = 1024;
	m->slots = calloc(m->nslots, sizeof(*m->slots));
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

void ra_mem_destroy(struct ra_mem *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nslots; i++)
		free(m->slots[i].data);
	free(m->slots);
	free(m);
}

int ra_mem_add_region(struct ra_mem *m, uint64_t base, uint64_t size)
{
	if (m->nregions == MAX_REGIONS || size == 0 || base + size < base)
		return -1;
	m->rbase[m->nregions] = base;
	m->rsize[m->nregions] = size;
	m->nregions++;
	return 0;
}

bool ra_mem_in_region(const struct ra_mem *m, uint64_t pa, uint64_t len)
{
	for (unsigned i = 0; i < m->nregions; i++)
		if (pa >= m->rbase[i] && len <= m->rsize[i] && pa - m->rbase[i] <= m->rsize[i] - len)
			return true;
	return false;
}

static size_t slot_of(uint64_t pfn, size_t n)
{
	uint64_t h = pfn * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 20) & (n - 1);
}

static uint8_t *page_find(const struct ra_mem *m, uint64_t pfn)
{
	for (size_t i = slot_of(pfn, m->nslots);; i = (i + 1) & (m->nslots - 1)) {
		if (m->slots[i].pfn == pfn + 1)
			return m->slots[i].data;
		if (!m->slots[i].pfn)
			return NULL;
	}
}

static void slot_insert(struct page_slot *s, size_t n, uint64_t pfn, uint8_t *data)
{
	size_t i = slot_of(pfn, n);

	while (s[i].pfn)
		i = (i + 1) & (n - 1);
	s[i].pfn = pfn + 1;
	s[i].data = data;
}

/* page_find() through the one-page cache (a page, once allocated, stays until destroy) */
static uint8_t *page_find_cached(struct ra_mem *m, uint64_t pfn)
{
	uint8_t *p;

	if (m->last_pfn == pfn + 1)
		return m->last_data;
	p = page_find(m, pfn);
	if (p) {
		m->last_pfn = pfn + 1;
		m->last_data = p;
	}
	return p;
}

static uint8_t *page_get(struct ra_mem *m, uint64_t pfn)
{
	uint8_t *p = page_find_cached(m, pfn);

	if (p)
		return p;
	if ((m->used + 1) * 2 > m->nslots) {
		size_t n = m->nslots * 2;
		struct page_slot *s = calloc(n, sizeof(*s));

		if (!s)
			abort();
		for (size_t i = 0; i < m->nslots; i++)
			if (m->slots[i].pfn)
				slot_insert(s, n, m->slots[i].pfn - 1, m->slots[i].data);
		free(m->slots);
		m->slots = s;
		m->nslots = n;
	}
	p = calloc(1, PG_SIZE);
	if (!p)
		abort();
	slot_insert(m->slots, m->nslots, pfn, p);
	m->used++;
	return p;
}

void *ra_mem_page(struct ra_mem *m, uint64_t pfn)
{
	if (!ra_mem_in_region(m, pfn << PG_SHIFT, PG_SIZE))
		return NULL;
	return page_get(m, pfn);
}

static int check(struct ra_mem *m, uint64_t pa, size_t len)
{
	if (ra_mem_in_region(m, pa, len))
		return 0;
	if (m->bounds_errors++ < 8)
		fprintf(stderr, "ra_mem: access of %zu bytes at 0x%llx is outside every memory region\n",
			len, (unsigned long long)pa);
	return -1;
}

int ra_mem_read(struct ra_mem *m, uint64_t pa, void *buf, size_t len)
{
	uint8_t *out = buf;

	if (check(m, pa, len)) {
		memset(buf, 0, len);
		return -1;
	}
	/*
	 * One bus beat (8 or 16 bytes in one page): fixed-size copies, which the compiler makes
	 * two or four moves; a variable-length memcpy here became a rep movsq whose start-up cost
	 * was a tenth of the SCAN benchmark's time.
	 */
	if ((len == 8 || len == 16) && (pa & (PG_SIZE - 1)) + len <= PG_SIZE) {
		const uint8_t *p = page_find_cached(m, pa >> PG_SHIFT);

		if (!p)
			memset(out, 0, len);
		else if (len == 8)
			memcpy(out, p + (pa & (PG_SIZE - 1)), 8);
		else
			memcpy(out, p + (pa & (PG_SIZE - 1)), 16);
		return 0;
	}
	while (len) {
		size_t off = pa & (PG_SIZE - 1), n = PG_SIZE - off;
		const uint8_t *p = page_find_cached(m, pa >> PG_SHIFT);

		if (n > len)
			n = len;
		if (p)
			memcpy(out, p + off, n);
		else
			memset(out, 0, n);
		out += n;
		pa += n;
		len -= n;
	}
	return 0;
}

int ra_mem_write(struct ra_mem *m, uint64_t pa, const void *buf, size_t len)
{
	const uint8_t *in = buf;

	if (check(m, pa, len))
		return -1;
	while (len) {
		size_t off = pa & (PG_SIZE - 1), n = PG_SIZE - off;

		if (n > len)
			n = len;
		memcpy(page_get(m, pa >> PG_SHIFT) + off, in, n);
		in += n;
		pa += n;
		len -= n;
	}
	return 0;
}

int ra_mem_write_strb(struct ra_mem *m, uint64_t pa, const void *buf, unsigned len, uint64_t strb)
{
	const uint8_t *in = buf;
	uint64_t all = len >= 64 ? ~0ull : (1ull << len) - 1;
	uint8_t *p;

	strb &= all;
	if (!strb)
		return 0;
	/* the beat lies in one page (aligned to its size), so one lookup serves every byte */
	if (!ra_mem_in_region(m, pa, len)) {
		for (unsigned b = 0; b < len; b++)
			if ((strb >> b & 1) && !ra_mem_in_region(m, pa + b, 1))
				return check(m, pa + b, 1);
	}
	p = page_get(m, pa >> PG_SHIFT) + (pa & (PG_SIZE - 1));
	if (strb == all && len == 8) {
		memcpy(p, in, 8);
	} else if (strb == all && len == 16) {
		memcpy(p, in, 16);
	} else {
		for (unsigned b = 0; b < len; b++)
			if (strb >> b & 1)
				p[b] = in[b];
	}
	return 0;
}

uint64_t ra_mem_rd64(struct ra_mem *m, uint64_t pa)
{
	uint8_t b[8];
	uint64_t v = 0;

	ra_mem_read(m, pa, b, 8);
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

void ra_mem_wr64(struct ra_mem *m, uint64_t pa, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	ra_mem_write(m, pa, b, 8);
}

int ra_mem_atomic_clr64(struct ra_mem *m, uint64_t pa, uint64_t mask, uint64_t *old)
{
	if ((pa & 7) || check(m, pa, 8))
		return -1;
	*old = ra_mem_rd64(m, pa);
	ra_mem_wr64(m, pa, *old & ~mask);
	return 0;
}

uint64_t ra_mem_bounds_errors(const struct ra_mem *m)
{
	return m->bounds_errors;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted list of pfns that hold data in either memory. */
static uint64_t *pfn_list(const struct ra_mem *a, const struct ra_mem *b, size_t *n)
{
	size_t cap = a->used + (b ? b->used : 0), k = 0;
	uint64_t *v = malloc((cap ? cap : 1) * sizeof(*v));

	if (!v)
		abort();
	for (size_t i = 0; i < a->nslots; i++)
		if (a->slots[i].pfn)
			v[k++] = a->slots[i].pfn - 1;
	for (size_t i = 0; b && i < b->nslots; i++)
		if (b->slots[i].pfn)
			v[k++] = b->slots[i].pfn - 1;
	qsort(v, k, sizeof(*v), cmp_u64);
	*n = k;
	return v;
}

static const uint8_t zero_page[PG_SIZE];

uint64_t ra_mem_digest(const struct ra_mem *m)
{
	size_t n;
	uint64_t *v = pfn_list(m, NULL, &n), h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = page_find(m, v[i]);

		if (!memcmp(p, zero_page, PG_SIZE))
			continue;	/* an all-zero page equals an absent one */
		for (int s = 0; s < 64; s += 8)
			h = (h ^ ((v[i] >> s) & 0xff)) * 0x100000001b3ull;
		for (unsigned j = 0; j < PG_SIZE; j++)
			h = (h ^ p[j]) * 0x100000001b3ull;
	}
	free(v);
	return h;
}

int64_t ra_mem_compare(const struct ra_mem *a, const struct ra_mem *b)
{
	size_t n;
	uint64_t *v = pfn_list(a, b, &n);
	int64_t diff = -1;

	for (size_t i = 0; i < n && diff < 0; i++) {
		const uint8_t *p = page_find(a, v[i]), *q = page_find(b, v[i]);

		p = p ? p : zero_page;
		q = q ? q : zero_page;
		for (unsigned j = 0; j < PG_SIZE; j++)
			if (p[j] != q[j]) {
				diff = (int64_t)((v[i] << PG_SHIFT) + j);
				break;
			}
	}
	free(v);
	return diff;
}

struct ra_mem *ra_mem_clone(const struct ra_mem *m)
{
	struct ra_mem *c = ra_mem_create();

	if (!c)
		abort();
	memcpy(c->rbase, m->rbase, sizeof(m->rbase));
	memcpy(c->rsize, m->rsize, sizeof(m->rsize));
	c->nregions = m->nregions;
	memcpy(c->poison, m->poison, sizeof(m->poison));
	memcpy(c->poison_resp, m->poison_resp, sizeof(m->poison_resp));
	memcpy(c->poison_kinds, m->poison_kinds, sizeof(m->poison_kinds));
	c->npoison = m->npoison;
	for (size_t i = 0; i < m->nslots; i++)
		if (m->slots[i].pfn)
			memcpy(page_get(c, m->slots[i].pfn - 1), m->slots[i].data, PG_SIZE);
	return c;
}

int ra_mem_poison(struct ra_mem *m, uint64_t pa, unsigned resp, unsigned kinds)
{
	if (m->npoison >= RA_MEM_POISON_MAX || (resp != 2 && resp != 3))
		return -1;
	m->poison[m->npoison] = pa & ~(uint64_t)63;
	m->poison_kinds[m->npoison] = (uint8_t)kinds;
	m->poison_resp[m->npoison++] = (uint8_t)resp;
	return 0;
}

static unsigned poison_hit(const struct ra_mem *m, uint64_t pa, uint64_t len, unsigned kind)
{
	for (unsigned i = 0; i < m->npoison; i++)
		if ((m->poison_kinds[i] & kind) && m->poison[i] < pa + len &&
		    pa < m->poison[i] + 64)
			return m->poison_resp[i];
	return 0;
}

unsigned ra_mem_poisoned(const struct ra_mem *m, uint64_t pa, uint64_t len, unsigned kind)
{
	unsigned r = poison_hit(m, pa, len, kind);

	if (r)
		return r;
	if (len && !ra_mem_in_region(m, pa, len))
		return 3;	/* DECERR: no memory there */
	return 0;
}

void ra_mem_poison_clear(struct ra_mem *m)
{
	m->npoison = 0;
}

const struct ra_mem_inj *ra_mem_injected(const struct ra_mem *m)
{
	return &m->inj;
}

void ra_mem_set_ops_hook(struct ra_mem *m, void (*fn)(void *ctx, int kind, uint64_t pa),
			 void *ctx)
{
	m->ops_fn = fn;
	m->ops_ctx = ctx;
}

/* The model's ops see the same responses as the AXI slave (axi_mem): a poisoned access is
 * an error and is not performed; an absent one is a bounds error (counted) and an error. */
static int op_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
	struct ra_mem *m = ctx;

	if (m->ops_fn)
		m->ops_fn(m->ops_ctx, 0, pa);
	if (poison_hit(m, pa, len, RA_MEM_POISON_READ)) {
		m->inj.rd++;
		memset(buf, 0, len);
		return -1;
	}
	return ra_mem_read(m, pa, buf, len);
}

static int op_write(void *ctx, uint64_t pa, const void *buf, size_t len)
{
	struct ra_mem *m = ctx;

	if (m->ops_fn)
		m->ops_fn(m->ops_ctx, 1, pa);
	if (poison_hit(m, pa, len, RA_MEM_POISON_WRITE)) {
		m->inj.wr++;
		return -1;
	}
	return ra_mem_write(m, pa, buf, len);
}

static int op_atomic(void *ctx, uint64_t pa, uint64_t mask, uint64_t *old)
{
	struct ra_mem *m = ctx;

	if (m->ops_fn)
		m->ops_fn(m->ops_ctx, 2, pa);
	if (poison_hit(m, pa, 8, RA_MEM_POISON_ATOMIC)) {
		m->inj.at++;
		*old = 0;
		return -1;
	}
	return ra_mem_atomic_clr64(m, pa, mask, old);
}

const struct ra_mem_ops ra_mem_model_ops = {
	.read = op_read,
	.write = op_write,
	.atomic_clr64 = op_atomic,
};

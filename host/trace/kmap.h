/* SPDX-License-Identifier: MIT */
/*
 * An open-addressing hash map from 64-bit keys to size_t values (linear probing, a
 * power-of-two capacity kept at most half full), for the trace tools: ra_opt.c's bounds and
 * ra-lackey2trace's count of distinct pages.
 */
#ifndef RA_KMAP_H
#define RA_KMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define KMAP_EMPTY	SIZE_MAX
#define KMAP_INIT_CAP	1024

struct kmap {
	uint64_t *keys;
	size_t *vals;		/* KMAP_EMPTY marks a free slot */
	size_t mask;		/* capacity - 1; the capacity is a power of 2 */
	size_t used;
};

static inline uint64_t kmap_hash(uint64_t x)
{
	/* splitmix64's finalizer: every input bit affects every output bit */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

static inline int kmap_init(struct kmap *m, size_t cap)
{
	size_t i;

	m->keys = malloc(cap * sizeof(*m->keys));
	m->vals = malloc(cap * sizeof(*m->vals));
	if (!m->keys || !m->vals) {
		free(m->keys);
		free(m->vals);
		m->keys = NULL;
		m->vals = NULL;
		return -1;
	}
	for (i = 0; i < cap; i++)
		m->vals[i] = KMAP_EMPTY;
	m->mask = cap - 1;
	m->used = 0;
	return 0;
}

static inline void kmap_free(struct kmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
}

static inline size_t kmap_probe(const struct kmap *m, uint64_t key)
{
	size_t i = kmap_hash(key) & m->mask;

	while (m->vals[i] != KMAP_EMPTY && m->keys[i] != key)
		i = (i + 1) & m->mask;
	return i;
}

static inline int kmap_grow(struct kmap *m)
{
	struct kmap g;
	size_t i, j;

	if (kmap_init(&g, 2 * (m->mask + 1)))
		return -1;
	for (i = 0; i <= m->mask; i++) {
		if (m->vals[i] == KMAP_EMPTY)
			continue;
		j = kmap_probe(&g, m->keys[i]);
		g.keys[j] = m->keys[i];
		g.vals[j] = m->vals[i];
	}
	g.used = m->used;
	kmap_free(m);
	*m = g;
	return 0;
}

/*
 * The value slot of @key, inserting the key with value 0 (and setting
 * *@isnew) if it is not there yet. NULL if memory runs out. The pointer is
 * valid until the next call. A zeroed struct kmap is an empty map.
 */
static inline size_t *kmap_get(struct kmap *m, uint64_t key, bool *isnew)
{
	size_t i;

	if (!m->vals && kmap_init(m, KMAP_INIT_CAP))	/* a zeroed map is an empty one */
		return NULL;
	if (2 * (m->used + 1) > m->mask + 1 && kmap_grow(m))
		return NULL;
	i = kmap_probe(m, key);
	*isnew = m->vals[i] == KMAP_EMPTY;
	if (*isnew) {
		m->keys[i] = key;
		m->vals[i] = 0;
		m->used++;
	}
	return &m->vals[i];
}

#endif

// SPDX-License-Identifier: MIT
/*
 * ra_opt.c - Belady's optimal replacement (OPT/MIN) and exact LRU miss
 * counts over reference strings of 64-bit keys (see ra_opt.h).
 *
 * OPT in O(n log frames) time and O(n) memory:
 *
 *  1. A backwards pass with a hash map (key -> the nearest later position
 *     seen so far) gives next[i], the position of the next reference to
 *     key[i]. A key that is never referenced again gets n + i, which is
 *     larger than every real position and still unique.
 *  2. A forwards pass keeps the resident keys in a max-heap of their next
 *     uses. Because every position is the next use of at most one earlier
 *     position, "key[i] is resident" is the same as "the value i is in the
 *     heap"; a bitmap of such promised positions answers it in O(1). On a
 *     hit the heap entry i becomes stale and is left in place (lazy
 *     deletion): stale values are <= i while live ones are > i, so the
 *     maximum is always live and eviction pops it directly. When stale
 *     entries make the heap twice as large as the frame count it is
 *     rebuilt from the live entries, which keeps it O(frames).
 *
 * LRU keeps a doubly linked recency list over dense key ids.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kmap.h"
#include "ra_opt.h"

uint64_t ra_distinct_keys(const uint64_t *key, size_t n)
{
	struct kmap m;
	uint64_t d;
	bool isnew;
	size_t i;

	if (kmap_init(&m, KMAP_INIT_CAP))
		return UINT64_MAX;
	for (i = 0; i < n; i++) {
		if (!kmap_get(&m, key[i], &isnew)) {
			kmap_free(&m);
			return UINT64_MAX;
		}
	}
	d = m.used;
	kmap_free(&m);
	return d;
}

/*
 * The keys as dense ids, numbered in the order of their first reference (0, 1, ...): *@id is
 * an allocated array of @n (free it), *@distinct the number of distinct keys. -1 if memory
 * runs out.
 */
static int dense_ids(const uint64_t *key, size_t n, size_t **id, size_t *distinct)
{
	struct kmap m = { 0 };
	bool isnew;

	*id = malloc((n ? n : 1) * sizeof(**id));
	for (size_t i = 0; *id && i < n; i++) {
		size_t *slot = kmap_get(&m, key[i], &isnew);

		if (!slot) {
			free(*id);
			*id = NULL;
			break;
		}
		if (isnew)
			*slot = m.used - 1;
		(*id)[i] = *slot;
	}
	*distinct = m.used;
	kmap_free(&m);
	return *id ? 0 : -1;
}

/* An array of one @size element per dense id (at least one), zeroed if @zero. */
static void *per_id(size_t d, size_t size, bool zero)
{
	return zero ? calloc(d ? d : 1, size) : malloc((d ? d : 1) * size);
}

/*
 * What the LRU, frequency and LFU bounds start from: at least one frame, dense ids and, if
 * @count is not NULL, a zeroed reference count per id (*@count NULL if memory ran out).
 */
static int bound_start(const uint64_t *key, size_t n, uint64_t *frames, size_t **id, size_t *d,
		       uint64_t **count)
{
	if (*frames == 0)
		*frames = 1;
	if (dense_ids(key, n, id, d))
		return -1;
	if (count)
		*count = per_id(*d, sizeof(**count), true);
	return 0;
}

/* ------------------------------------------------------------------------
 * OPT.
 */

/* Binary max-heap of next-use positions. */
struct heap {
	uint64_t *v;
	size_t n;
};

static void heap_sift_down(struct heap *h, size_t i)
{
	uint64_t x = h->v[i];
	size_t c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] > h->v[c])
			c++;
		if (h->v[c] <= x)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	h->v[i] = x;
}

static void heap_push(struct heap *h, uint64_t x)
{
	size_t i = h->n++;

	while (i > 0 && h->v[(i - 1) / 2] < x) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = x;
}

static uint64_t heap_pop(struct heap *h)
{
	uint64_t top = h->v[0];

	h->v[0] = h->v[--h->n];
	if (h->n)
		heap_sift_down(h, 0);
	return top;
}

/* Drop the entries <= @now (stale) and restore the heap order. */
static void heap_purge(struct heap *h, uint64_t now)
{
	size_t i, k = 0;

	for (i = 0; i < h->n; i++)
		if (h->v[i] > now)
			h->v[k++] = h->v[i];
	h->n = k;
	for (i = k / 2; i-- > 0;)
		heap_sift_down(h, i);
}

#define BIT_TEST(b, i)	(((b)[(i) / 64] >> ((i) % 64)) & 1)
#define BIT_SET(b, i)	((b)[(i) / 64] |= 1ull << ((i) % 64))
#define BIT_CLR(b, i)	((b)[(i) / 64] &= ~(1ull << ((i) % 64)))

uint64_t ra_opt_misses(const uint64_t *key, size_t n, uint64_t frames,
		       uint64_t *first)
{
	uint64_t *next = NULL, *pending = NULL;
	uint64_t misses = UINT64_MAX, distinct, resident, v;
	struct heap h = { NULL, 0 };
	struct kmap m;
	size_t i, *slot, hcap;
	bool isnew;

	if (frames == 0)
		frames = 1;
	if (kmap_init(&m, KMAP_INIT_CAP))
		return UINT64_MAX;
	next = malloc((n ? n : 1) * sizeof(*next));
	if (!next)
		goto out;

	/* 1. next use of every position, backwards */
	for (i = n; i-- > 0;) {
		slot = kmap_get(&m, key[i], &isnew);
		if (!slot)
			goto out;
		next[i] = isnew ? (uint64_t)n + i : *slot;
		*slot = i;
	}
	distinct = m.used;
	kmap_free(&m);

	if (frames >= distinct) {
		/* everything fits: only the compulsory misses */
		misses = distinct;
		goto done;
	}

	/* 2. forwards, with the resident keys' next uses in a max-heap */
	pending = calloc(n / 64 + 1, sizeof(*pending));
	hcap = 2 * (size_t)frames + 2;
	h.v = malloc(hcap * sizeof(*h.v));
	if (!pending || !h.v)
		goto out;
	misses = 0;
	resident = 0;
	for (i = 0; i < n; i++) {
		if (BIT_TEST(pending, i)) {
			/* hit: the heap entry i is stale from now on */
			BIT_CLR(pending, i);
		} else {
			misses++;
			if (resident == frames) {
				v = heap_pop(&h);
				if (v < n)
					BIT_CLR(pending, v);
				resident--;
			}
			resident++;
		}
		if (h.n + 1 > hcap)
			heap_purge(&h, i);
		heap_push(&h, next[i]);
		if (next[i] < n)
			BIT_SET(pending, next[i]);
	}
done:
	if (first)
		*first = distinct;
out:
	kmap_free(&m);
	free(next);
	free(pending);
	free(h.v);
	return misses;
}

/* ------------------------------------------------------------------------
 * LRU.
 */

#define NIL	SIZE_MAX

struct lru {
	size_t *prev, *next;	/* recency list links per key id */
	bool *in;		/* resident */
	size_t head, tail;	/* most and least recently used */
};

static void lru_unlink(struct lru *l, size_t id)
{
	if (l->prev[id] != NIL)
		l->next[l->prev[id]] = l->next[id];
	else
		l->head = l->next[id];
	if (l->next[id] != NIL)
		l->prev[l->next[id]] = l->prev[id];
	else
		l->tail = l->prev[id];
}

static void lru_push_front(struct lru *l, size_t id)
{
	l->prev[id] = NIL;
	l->next[id] = l->head;
	if (l->head != NIL)
		l->prev[l->head] = id;
	else
		l->tail = id;
	l->head = id;
}

uint64_t ra_lru_misses(const uint64_t *key, size_t n, uint64_t frames,
		       uint64_t *first)
{
	struct lru l = { NULL, NULL, NULL, NIL, NIL };
	uint64_t misses = 0, resident = 0;
	size_t *id, d;

	if (bound_start(key, n, &frames, &id, &d, NULL))
		return UINT64_MAX;
	l.prev = per_id(d, sizeof(*l.prev), false);
	l.next = per_id(d, sizeof(*l.next), false);
	l.in = per_id(d, sizeof(*l.in), true);
	if (!l.prev || !l.next || !l.in) {
		misses = UINT64_MAX;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (l.in[id[i]]) {
			lru_unlink(&l, id[i]);
			lru_push_front(&l, id[i]);
			continue;
		}
		misses++;
		if (resident == frames) {
			size_t victim = l.tail;

			lru_unlink(&l, victim);
			l.in[victim] = false;
			resident--;
		}
		lru_push_front(&l, id[i]);
		l.in[id[i]] = true;
		resident++;
	}
	if (first)
		*first = d;
out:
	free(id);
	free(l.prev);
	free(l.next);
	free(l.in);
	return misses;
}

/* ---- the offline frequency bound ------------------------------------------------------- */

static int cmp_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

uint64_t ra_freq_misses(const uint64_t *key, size_t n, uint64_t frames,
			uint64_t *first)
{
	uint64_t *count = NULL, *order = NULL, misses = 0;
	size_t *id, d, i, last = (size_t)-1;
	bool *pinned = NULL;

	if (bound_start(key, n, &frames, &id, &d, &count))
		return UINT64_MAX;
	order = per_id(d, sizeof(*order), false);
	pinned = per_id(d, sizeof(*pinned), true);
	if (!count || !order || !pinned || d > UINT32_MAX)
		goto oom;
	for (i = 0; i < n; i++)
		count[id[i]]++;
	/* count in the high half, earlier first reference (lower id) first on ties */
	for (i = 0; i < d; i++)
		order[i] = count[i] << 32 | (uint64_t)(UINT32_MAX - i);
	qsort(order, d, sizeof(*order), cmp_desc);
	for (i = 0; i < d && i + 1 < frames; i++)
		pinned[UINT32_MAX - (order[i] & UINT32_MAX)] = true;
	if (d <= frames) {
		misses = d;
	} else {
		for (i = 0; i < n; i++) {
			if (pinned[id[i]]) {
				misses += count[id[i]] != 0;
				count[id[i]] = 0;	/* loaded once, resident from then on */
			} else if (id[i] != last) {
				misses++;
				last = id[i];
			}
		}
	}
	if (first)
		*first = d;
	goto out;
oom:
	misses = UINT64_MAX;
out:
	free(id);
	free(count);
	free(order);
	free(pinned);
	return misses;
}

/* ---- exact-count LFU ------------------------------------------------------------------- */

/* a resident key's place in the eviction order: lowest count, then least recently used */
struct lfu_ent {
	uint64_t count, last;
	size_t id;
};

static bool lfu_less(const struct lfu_ent *a, const struct lfu_ent *b)
{
	return a->count != b->count ? a->count < b->count : a->last < b->last;
}

static void lfu_down(struct lfu_ent *h, size_t n, size_t i)
{
	struct lfu_ent x = h[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && lfu_less(&h[c + 1], &h[c]))
			c++;
		if (!lfu_less(&h[c], &x))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

static void lfu_up(struct lfu_ent *h, size_t i)
{
	struct lfu_ent x = h[i];

	while (i > 0 && lfu_less(&x, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = x;
}

uint64_t ra_lfu_misses(const uint64_t *key, size_t n, uint64_t frames,
		       uint64_t *first)
{
	uint64_t *count = NULL, *last = NULL, misses = 0, resident = 0;
	struct lfu_ent *h = NULL;
	size_t hn = 0, hcap = 0, *ids, d;
	bool *in = NULL;

	if (bound_start(key, n, &frames, &ids, &d, &count))
		return UINT64_MAX;
	last = per_id(d, sizeof(*last), false);
	in = per_id(d, sizeof(*in), true);
	if (!count || !last || !in)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		size_t id = ids[i];

		count[id]++;
		last[id] = i;
		if (!in[id]) {
			misses++;
			if (resident == frames) {	/* evict: skip entries made stale since */
				for (;;) {
					struct lfu_ent e = h[0];

					h[0] = h[--hn];
					if (hn)
						lfu_down(h, hn, 0);
					if (in[e.id] && count[e.id] == e.count && last[e.id] == e.last) {
						in[e.id] = false;
						resident--;
						break;
					}
				}
			}
			in[id] = true;
			resident++;
		}
		if (hn == hcap) {	/* drop the stale entries first; grow if that is not enough */
			size_t k = 0;

			for (size_t j = 0; j < hn; j++)
				if (in[h[j].id] && count[h[j].id] == h[j].count &&
				    last[h[j].id] == h[j].last)
					h[k++] = h[j];
			hn = k;
			for (size_t j = hn / 2; j-- > 0;)
				lfu_down(h, hn, j);
			if (hn >= hcap / 2) {
				size_t nc = hcap ? 2 * hcap : 4096;
				struct lfu_ent *h2 = realloc(h, nc * sizeof(*h));

				if (!h2)
					goto oom;
				h = h2;
				hcap = nc;
			}
		}
		h[hn] = (struct lfu_ent){ count[id], i, id };
		lfu_up(h, hn++);
	}
	if (first)
		*first = d;
	goto out;
oom:
	misses = UINT64_MAX;
out:
	free(ids);
	free(count);
	free(last);
	free(in);
	free(h);
	return misses;
}

// SPDX-License-Identifier: MIT
/*
 * test_opt.c - unit tests of ra_opt_misses() (Belady's OPT) and
 * ra_lru_misses() (host/trace/ra_opt.c) against independent oracles:
 *
 *  - an exhaustive search over every eviction choice (dynamic programming
 *    over resident sets) on thousands of tiny random strings;
 *  - a straightforward O(n^2 * frames) MIN that scans forward for the
 *    resident key whose next use is farthest, on larger random strings;
 *  - an O(n * frames) LRU with timestamps;
 *  - for ra_freq_misses() (the offline frequency bound), a quadratic count
 *    and selection of the frames - 1 most referenced keys, then a replay
 *    with one frame for the rest, and hand-worked textbook answers;
 *  - the textbook reference string with its known answers;
 *  - OPT <= LRU, monotonicity in the frame count, compulsory-miss counts.
 *
 * Usage: test_opt [--seed S] [--count N] [--big N]
 * The seed of every random case is derived from S and printed on failure.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ra_opt.h"
#include "../test_args.h"

static unsigned int n_pass, n_fail;

static bool check_eq(uint64_t got, uint64_t want, const char *expr, int line,
		     uint64_t seed)
{
	if (got == want) {
		n_pass++;
		return true;
	}
	n_fail++;
	if (n_fail <= 20)
		fprintf(stderr, "test_opt.c:%d: seed %" PRIu64 ": %s = %" PRIu64
			", want %" PRIu64 "\n", line, seed, expr, got, want);
	return false;
}

#define CHECK_EQ(a, b, seed) \
	check_eq((uint64_t)(a), (uint64_t)(b), #a, __LINE__, (seed))
#define CHECK(c, seed)	check_eq(!!(c), 1, #c, __LINE__, (seed))

/* xorshift64*: the random strings */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void seed_rng(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ull + 0x1234567;
	if (!rng_state)
		rng_state = 1;
	rnd();
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

/*
 * Keys: small ids mapped to spread-out 64-bit values, including the
 * extremes, so the implementation's hashing sees arbitrary keys.
 */
static uint64_t key_of(unsigned int id)
{
	static const uint64_t fixed[] = { 0, UINT64_MAX, 1, 0x8000000000000000ull };

	if (id < 4)
		return fixed[id];
	return id * 0xd6e8feb86659fd93ull ^ (uint64_t)id << 40;
}

/* Random string over @ids ids, with some locality now and then. */
static void random_string(uint64_t *key, size_t n, unsigned int ids)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i && below(4) == 0)
			key[i] = key[i - 1 - below(i < 4 ? i : 4)];
		else
			key[i] = key_of(below(ids));
	}
}

/* ------------------------------------------------------------------------
 * Oracles.
 */

static uint64_t distinct_oracle(const uint64_t *key, size_t n)
{
	uint64_t d = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && key[j] != key[i]; j++)
			;
		d += j == i;
	}
	return d;
}

#define EX_MAX_N	16
#define EX_MAX_IDS	8

/*
 * Exhaustive: best[pos][set] = fewest misses from position pos on with the
 * resident set `set` (bitmask of ids), minimised over every choice of victim
 * at every miss, filled backwards.
 */
static uint64_t exhaustive_opt(const unsigned int *id, size_t n,
			       unsigned int ids, unsigned int frames)
{
	static uint32_t best[EX_MAX_N + 1][1 << EX_MAX_IDS];
	unsigned int set, v, cnt, b, s2;
	size_t pos;

	for (set = 0; set < 1u << ids; set++)
		best[n][set] = 0;
	for (pos = n; pos-- > 0;) {
		for (set = 0; set < 1u << ids; set++) {
			cnt = __builtin_popcount(set);
			if (cnt > frames)
				continue;
			b = 1u << id[pos];
			if (set & b) {
				best[pos][set] = best[pos + 1][set];
				continue;
			}
			if (cnt < frames) {
				best[pos][set] = 1 + best[pos + 1][set | b];
				continue;
			}
			best[pos][set] = UINT32_MAX;
			for (v = 0; v < ids; v++) {
				if (!(set & 1u << v))
					continue;
				s2 = (set & ~(1u << v)) | b;
				if (1 + best[pos + 1][s2] < best[pos][set])
					best[pos][set] = 1 + best[pos + 1][s2];
			}
		}
	}
	return best[0][0];
}

/* MIN by forward scans: evict the resident key used farthest ahead. */
static uint64_t scan_opt(const uint64_t *key, size_t n, size_t frames)
{
	uint64_t *res = malloc(frames * sizeof(*res));
	size_t nres = 0, i, j, k, far, far_at;
	uint64_t misses = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nres && res[j] != key[i]; j++)
			;
		if (j < nres)
			continue;
		misses++;
		if (nres < frames) {
			res[nres++] = key[i];
			continue;
		}
		far = 0;
		far_at = 0;
		for (j = 0; j < nres; j++) {
			for (k = i + 1; k < n && key[k] != res[j]; k++)
				;
			if (k > far) {
				far = k;
				far_at = j;
			}
		}
		res[far_at] = key[i];
	}
	free(res);
	return misses;
}

/* LRU with timestamps: evict the resident key with the oldest last use. */
static uint64_t scan_lru(const uint64_t *key, size_t n, size_t frames)
{
	uint64_t *res = malloc(frames * sizeof(*res));
	size_t *last = malloc(frames * sizeof(*last));
	size_t nres = 0, i, j, old;
	uint64_t misses = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nres && res[j] != key[i]; j++)
			;
		if (j < nres) {
			last[j] = i;
			continue;
		}
		misses++;
		if (nres < frames) {
			res[nres] = key[i];
			last[nres++] = i;
			continue;
		}
		old = 0;
		for (j = 1; j < nres; j++)
			if (last[j] < last[old])
				old = j;
		res[old] = key[i];
		last[old] = i;
	}
	free(res);
	free(last);
	return misses;
}

/* ------------------------------------------------------------------------
 * Tests.
 */

/*
 * The offline frequency bound, the slow way: count every key by scanning,
 * choose the frames - 1 most referenced one at a time (ties: the key whose
 * first reference comes first), then replay with one frame for the others.
 */
static uint64_t scan_freq(const uint64_t *key, size_t n, size_t frames)
{
	bool *pinned = calloc(n + 1, sizeof(*pinned)), *loaded = calloc(n + 1, sizeof(*loaded));
	uint64_t misses = 0, d = 0;
	size_t i, j, chosen, have_last = 0, last = 0;

	if (frames == 0)
		frames = 1;
	/* a key is represented by the index of its first reference */
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && key[j] != key[i]; j++)
			;
		d += j == i;
	}
	if (d <= frames)
		goto out_d;
	for (chosen = 0; chosen + 1 < frames; chosen++) {
		size_t best = n, best_count = 0;

		for (i = 0; i < n; i++) {
			size_t c = 0;

			for (j = 0; j < i && key[j] != key[i]; j++)
				;
			if (j != i || pinned[i])
				continue;	/* not a first reference, or chosen */
			for (j = i; j < n; j++)
				c += key[j] == key[i];
			if (c > best_count) {
				best = i;
				best_count = c;
			}
		}
		pinned[best] = true;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && key[j] != key[i]; j++)
			;
		if (pinned[j]) {
			misses += !loaded[j];
			loaded[j] = true;
		} else if (!have_last || key[last] != key[i]) {
			misses++;
			last = i;
			have_last = 1;
		}
	}
	free(pinned);
	free(loaded);
	return misses;
out_d:
	free(pinned);
	free(loaded);
	return d;
}

/* exact-count LFU, the slow way: a scan of the frames for the lowest (count, last use) */
static uint64_t scan_lfu(const uint64_t *key, size_t n, size_t frames)
{
	uint64_t *res = calloc(frames ? frames : 1, sizeof(*res)), misses = 0;
	size_t nres = 0, i, j, k;

	if (frames == 0)
		frames = 1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < nres && res[j] != key[i]; j++)
			;
		if (j < nres)
			continue;
		misses++;
		if (nres == frames) {
			size_t victim = 0;
			uint64_t vc = UINT64_MAX, vl = 0;

			for (j = 0; j < nres; j++) {
				uint64_t c = 0, l = 0;

				for (k = 0; k < i; k++)	/* references so far, and the last */
					if (key[k] == res[j]) {
						c++;
						l = k;
					}
				if (c < vc || (c == vc && l < vl)) {
					victim = j;
					vc = c;
					vl = l;
				}
			}
			res[victim] = key[i];
		} else {
			res[nres++] = key[i];
		}
	}
	free(res);
	return misses;
}

static void test_textbook(void)
{
	/* Silberschatz et al., Operating System Concepts: 20 references, 3 frames */
	static const unsigned int s[] = {
		7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1
	};
	uint64_t key[20], first = 0;
	size_t i;

	for (i = 0; i < 20; i++)
		key[i] = s[i];
	/* 3 frames: OPT 9, LRU 12 (and FIFO 15) */
	CHECK_EQ(ra_opt_misses(key, 20, 3, &first), 9, 0);
	CHECK_EQ(first, 6, 0);
	first = 0;
	CHECK_EQ(ra_lru_misses(key, 20, 3, &first), 12, 0);
	CHECK_EQ(first, 6, 0);
	CHECK_EQ(ra_opt_misses(key, 20, 4, NULL), 8, 0);
	CHECK_EQ(ra_lru_misses(key, 20, 4, NULL), 8, 0);
	/* no reference repeats the one before it: one frame always misses */
	CHECK_EQ(ra_opt_misses(key, 20, 1, NULL), 20, 0);
	CHECK_EQ(ra_lru_misses(key, 20, 1, NULL), 20, 0);
	CHECK_EQ(ra_opt_misses(key, 20, 6, NULL), 6, 0);
	CHECK_EQ(ra_opt_misses(key, 20, 1000, NULL), 6, 0);
	CHECK_EQ(ra_distinct_keys(key, 20), 6, 0);
	/*
	 * Frequency bound, worked by hand. Counts: 0:5, 2:4, 1:3, 3:3, 7:2, 4:1.
	 * 3 frames: 0 and 2 stay (2 misses); 7,1,3,4,3,3,1,1,7,1 share one
	 * frame: 8 misses. 4 frames: 1 also stays (it ties with 3 and comes
	 * first); 7,3,4,3,3,7 miss 5 times.
	 */
	first = 0;
	CHECK_EQ(ra_freq_misses(key, 20, 3, &first), 10, 0);
	CHECK_EQ(first, 6, 0);
	CHECK_EQ(ra_freq_misses(key, 20, 4, NULL), 8, 0);
	CHECK_EQ(ra_freq_misses(key, 20, 1, NULL), 20, 0);
	CHECK_EQ(ra_freq_misses(key, 20, 6, NULL), 6, 0);
	/*
	 * LFU, worked by hand, 3 frames (count ties: least recently used goes):
	 * 7 0 1 miss; 2 evicts 7; 0 hits; 3 evicts 1; 0 hits; 4 evicts 2 (2 and 3 have one
	 * use, 2 the older); 2 evicts 3; 3 evicts 4; 0 3 2 hit; 1 evicts 3 (3 and 2 have two
	 * uses... 3 used at 11, 2 at 12); 2 0 1 hit; 7 evicts 1 (1: 2 uses, 2: 3); 0 hits;
	 * 1 evicts 7: 11 misses. 4 frames: 8.
	 */
	CHECK_EQ(ra_lfu_misses(key, 20, 3, NULL), 11, 0);
	CHECK_EQ(ra_lfu_misses(key, 20, 4, NULL), 8, 0);
	CHECK_EQ(ra_lfu_misses(key, 20, 6, NULL), 6, 0);
	CHECK_EQ(ra_lfu_misses(key, 20, 1, NULL), 20, 0);

	/* Belady's anomaly string: OPT and LRU are stack algorithms */
	{
		static const unsigned int b[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };

		for (i = 0; i < 12; i++)
			key[i] = b[i];
		CHECK_EQ(ra_opt_misses(key, 12, 3, NULL), 7, 0);
		CHECK_EQ(ra_opt_misses(key, 12, 4, NULL), 6, 0);
		CHECK_EQ(ra_lru_misses(key, 12, 3, NULL), 10, 0);
		CHECK_EQ(ra_lru_misses(key, 12, 4, NULL), 8, 0);
	}
}

static void test_edges(void)
{
	uint64_t key[4] = { 5, 5, 5, 5 }, first = 99;

	CHECK_EQ(ra_opt_misses(NULL, 0, 3, &first), 0, 0);
	CHECK_EQ(first, 0, 0);
	first = 99;
	CHECK_EQ(ra_lru_misses(NULL, 0, 3, &first), 0, 0);
	CHECK_EQ(first, 0, 0);
	CHECK_EQ(ra_opt_misses(key, 4, 1, &first), 1, 0);
	CHECK_EQ(first, 1, 0);
	CHECK_EQ(ra_lru_misses(key, 4, 1, NULL), 1, 0);
	/* frames 0 counts as 1 */
	key[1] = 6;
	CHECK_EQ(ra_opt_misses(key, 4, 0, NULL), 3, 0);
	CHECK_EQ(ra_lru_misses(key, 4, 0, NULL), 3, 0);
	CHECK_EQ(ra_distinct_keys(NULL, 0), 0, 0);
	CHECK_EQ(ra_freq_misses(NULL, 0, 3, &first), 0, 0);
	CHECK_EQ(first, 0, 0);
	CHECK_EQ(ra_freq_misses(key, 4, 0, NULL), 3, 0);
}

/* Tiny strings: OPT against the exhaustive search. */
static void test_exhaustive(uint64_t seed0, uint64_t count)
{
	unsigned int id[EX_MAX_N], c, ids, frames;
	uint64_t key[EX_MAX_N], seed, first, want;
	size_t n, i;

	for (c = 0; c < count; c++) {
		seed = seed0 * 1000003 + c;
		seed_rng(seed);
		n = 1 + below(EX_MAX_N);
		ids = 1 + below(EX_MAX_IDS);
		frames = 1 + below(ids);
		for (i = 0; i < n; i++) {
			id[i] = (i && below(3) == 0) ? id[below(i)] : below(ids);
			key[i] = key_of(id[i]);
		}
		want = exhaustive_opt(id, n, ids, frames);
		first = UINT64_MAX;
		if (!CHECK_EQ(ra_opt_misses(key, n, frames, &first), want, seed))
			continue;
		CHECK_EQ(first, distinct_oracle(key, n), seed);
		CHECK_EQ(scan_opt(key, n, frames), want, seed);
		CHECK_EQ(ra_lru_misses(key, n, frames, NULL),
			 scan_lru(key, n, frames), seed);
	}
}

/* Larger strings: OPT and LRU against the scanning oracles, properties. */
static void test_random(uint64_t seed0, uint64_t count)
{
	uint64_t key[600], seed, opt, lru, prev_opt, prev_lru, fo, fl, d;
	unsigned int c, ids;
	size_t n, frames;

	for (c = 0; c < count; c++) {
		seed = seed0 * 2000003 + c;
		seed_rng(seed);
		n = 1 + below(600);
		ids = 1 + below(60);
		random_string(key, n, ids);
		d = distinct_oracle(key, n);
		prev_opt = UINT64_MAX;
		prev_lru = UINT64_MAX;
		for (frames = 1; frames <= d + 1; frames += 1 + below(4)) {
			fo = fl = UINT64_MAX;
			opt = ra_opt_misses(key, n, frames, &fo);
			lru = ra_lru_misses(key, n, frames, &fl);
			if (!CHECK_EQ(opt, scan_opt(key, n, frames), seed) ||
			    !CHECK_EQ(lru, scan_lru(key, n, frames), seed) ||
			    !CHECK_EQ(ra_freq_misses(key, n, frames, NULL),
				      scan_freq(key, n, frames), seed))
				break;
			CHECK(opt <= ra_freq_misses(key, n, frames, NULL), seed);
			CHECK_EQ(ra_lfu_misses(key, n, frames, NULL), scan_lfu(key, n, frames), seed);
			CHECK_EQ(fo, d, seed);
			CHECK_EQ(fl, d, seed);
			CHECK(opt <= lru, seed);
			CHECK(opt >= d, seed);
			CHECK(opt <= prev_opt && lru <= prev_lru, seed);
			if (frames >= d)
				CHECK(opt == d && lru == d, seed);
			prev_opt = opt;
			prev_lru = lru;
		}
	}
}

/*
 * A long string with a working set that drifts: OPT <= LRU, the compulsory
 * count, and the time it takes.
 */
static void test_big(uint64_t seed, size_t n)
{
	uint64_t *key = malloc(n * sizeof(*key)), opt, lru, fo, fl, d;
	static const uint64_t frames[] = { 1, 64, 1024, 100000 };
	uint64_t base = 0;
	clock_t t0, t1;
	size_t i, f;

	if (!key) {
		CHECK(key != NULL, seed);
		return;
	}
	seed_rng(seed);
	for (i = 0; i < n; i++) {
		if (below(1000) == 0)
			base += below(256);
		key[i] = below(8) == 0 ? below(1 << 16) : base + below(3000);
	}
	d = ra_distinct_keys(key, n);
	for (f = 0; f < sizeof(frames) / sizeof(frames[0]); f++) {
		t0 = clock();
		opt = ra_opt_misses(key, n, frames[f], &fo);
		t1 = clock();
		lru = ra_lru_misses(key, n, frames[f], &fl);
		CHECK(opt != UINT64_MAX && lru != UINT64_MAX, seed);
		CHECK(opt <= lru, seed);
		CHECK(opt >= d, seed);
		CHECK_EQ(fo, d, seed);
		CHECK_EQ(fl, d, seed);
		printf("test_opt: n %zu, frames %" PRIu64 ": OPT %" PRIu64
		       " misses (%.2f s), LRU %" PRIu64 ", distinct %" PRIu64 "\n",
		       n, frames[f], opt, (double)(t1 - t0) / CLOCKS_PER_SEC,
		       lru, d);
	}
	free(key);
}

int main(int argc, char **argv)
{
	uint64_t seed = 1, count = 3000, big = 1000000;
	const struct test_arg args[] = {
		{ "--seed", &seed }, { "--count", &count }, { "--big", &big },
	};

	if (test_args(argc, argv, "test_opt", "[--seed S] [--count N] [--big N]", args, 3))
		return 2;
	printf("test_opt: seed %" PRIu64 ": %" PRIu64 " exhaustive cases (case c has seed %"
	       PRIu64 " + c), %" PRIu64 " random strings (seed %" PRIu64
	       " + c), a string of %" PRIu64 " (seed %" PRIu64 ")\n", seed, count,
	       seed * 1000003, count / 3, seed * 2000003, big, seed);

	test_textbook();
	test_edges();
	test_exhaustive(seed, count);
	test_random(seed, count / 3);
	if (big)
		test_big(seed, big);

	printf("test_opt: %u checks passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

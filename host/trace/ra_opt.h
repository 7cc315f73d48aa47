/* SPDX-License-Identifier: MIT */
/*
 * ra_opt.h - miss counts of reference strings under Belady's optimal
 * replacement (OPT, also called MIN) and exact LRU.
 *
 * A reference string is an array of 64-bit keys (any values; for paging,
 * page numbers, possibly combined with a process index). A cache of
 * `frames` frames starts empty; a reference to a resident key is a hit,
 * anything else a miss that loads the key, evicting one resident key first
 * if all frames are in use. OPT evicts the key whose next reference is
 * farthest in the future (or never comes); LRU the key referenced least
 * recently. Every first reference to a key is a miss under any policy (a
 * compulsory miss); docs/trace-format.md calls the other misses "major
 * faults".
 *
 * The functions keep no global state, never print and never exit. Memory
 * is O(n) for OPT and O(distinct keys) for LRU; the time is
 * O(n log frames) and O(n) (expected, hashing).
 */
#ifndef RA_OPT_H
#define RA_OPT_H

#include <stddef.h>
#include <stdint.h>

/**
 * ra_opt_misses() - misses of Belady's optimal replacement
 * @key: the reference string, @n keys.
 * @n: length of the reference string (may be 0).
 * @frames: number of frames, at least 1 (0 is treated as 1).
 * @first: if not NULL, receives how many of the misses are first references
 *	to their key (compulsory misses), i.e. the number of distinct keys.
 *
 * Next uses are precomputed in a backwards pass over the string with a hash
 * map; resident keys live in a max-heap ordered by next use, with stale
 * entries (keys referenced again since they were pushed) purged lazily.
 *
 * Return: the number of misses (including the compulsory ones), or
 * UINT64_MAX if memory could not be allocated.
 */
uint64_t ra_opt_misses(const uint64_t *key, size_t n, uint64_t frames,
		       uint64_t *first);

/**
 * ra_lru_misses() - misses of exact LRU replacement
 * @key: the reference string, @n keys.
 * @n: length of the reference string (may be 0).
 * @frames: number of frames, at least 1 (0 is treated as 1).
 * @first: if not NULL, receives how many of the misses are first references
 *	to their key (the number of distinct keys).
 *
 * Return: the number of misses (including the compulsory ones), or
 * UINT64_MAX if memory could not be allocated.
 */
uint64_t ra_lru_misses(const uint64_t *key, size_t n, uint64_t frames,
		       uint64_t *first);

/**
 * ra_freq_misses() - misses of the offline frequency bound (static LFU)
 * @key: the reference string, @n keys.
 * @n: length of the reference string (may be 0).
 * @frames: number of frames, at least 1 (0 is treated as 1).
 * @first: if not NULL, receives the number of distinct keys.
 *
 * The policy that knows every key's reference count in advance: the @frames - 1 keys
 * referenced most often (ties: the key first referenced earlier) stay resident once loaded,
 * and one frame serves every other key. Under the independent reference model it is the
 * optimal policy that does not look at the order of references (A0); on real strings it is
 * neither a lower nor an upper bound of OPT or LRU, but the mark a frequency-based policy
 * aims at. With at least as many frames as keys, only the compulsory misses remain.
 *
 * Return: the number of misses (including the compulsory ones), or UINT64_MAX if memory
 * could not be allocated.
 */
uint64_t ra_freq_misses(const uint64_t *key, size_t n, uint64_t frames,
			uint64_t *first);

/**
 * ra_lfu_misses() - misses of exact-count LFU with full history (online)
 * @key: the reference string, @n keys.
 * @n: length of the reference string (may be 0).
 * @frames: number of frames, at least 1 (0 is treated as 1).
 * @first: if not NULL, receives the number of distinct keys.
 *
 * The online frequency policy with perfect information about the past: every reference is
 * counted, counts survive eviction, and a miss evicts the resident key with the lowest
 * count (ties: the one referenced least recently). What a frequency policy that samples
 * access bits (ra-sim's --lru freq) would do if it saw every reference: the gap between the
 * two is the cost of sampling, the gap to ra_freq_misses() the cost of learning online.
 *
 * Return: the number of misses (including the compulsory ones), or UINT64_MAX if memory
 * could not be allocated.
 */
uint64_t ra_lfu_misses(const uint64_t *key, size_t n, uint64_t frames,
		       uint64_t *first);

/**
 * ra_distinct_keys() - number of distinct values in an array of keys
 * @key: the keys.
 * @n: how many.
 *
 * Return: the number of distinct keys, or UINT64_MAX if memory could not
 * be allocated.
 */
uint64_t ra_distinct_keys(const uint64_t *key, size_t n);

#endif

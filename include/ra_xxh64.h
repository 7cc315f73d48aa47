/* SPDX-License-Identifier: MIT */
/*
 * ra_xxh64.h - the project's one XXH64 in C, written from the algorithm's specification (four
 * 64-bit lanes over 32-byte stripes, merge, length, tail, avalanche). The HASH engine computes
 * it (low 32 bits, seed 0: Linux KSM's calc_checksum() on 64-bit kernels). Used by the C model
 * (ra_xxh64()) and the firmware's CPU path (fw_xxh64()); freestanding (stdint.h, stddef.h only).
 * The GPL guest tools keep their own copy (driver/tools/xxh64.c) so that they build alone in the
 * guest; test_xxh64 and test_engines check both against libxxhash.
 */
#ifndef RA_XXH64_H
#define RA_XXH64_H

#include <stddef.h>
#include <stdint.h>

#define RA_XXH_P1 0x9E3779B185EBCA87ull
#define RA_XXH_P2 0xC2B2AE3D27D4EB4Full
#define RA_XXH_P3 0x165667B19E3779F9ull
#define RA_XXH_P4 0x85EBCA77C2B2AE63ull
#define RA_XXH_P5 0x27D4EB2F165667C5ull

static inline uint64_t ra_xxh_rotl(uint64_t x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

/* @n (4 or 8) little-endian bytes at @p */
static inline uint64_t ra_xxh_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static inline uint64_t ra_xxh_round(uint64_t acc, uint64_t lane)
{
	return ra_xxh_rotl(acc + lane * RA_XXH_P2, 31) * RA_XXH_P1;
}

/* XXH64 of @len bytes at @buf with @seed */
static inline uint64_t ra_xxh64_compute(const void *buf, size_t len, uint64_t seed)
{
	const uint8_t *p = (const uint8_t *)buf, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v[4] = { seed + RA_XXH_P1 + RA_XXH_P2, seed + RA_XXH_P2, seed,
				  seed - RA_XXH_P1 };

		for (; end - p >= 32; p += 32)
			for (int i = 0; i < 4; i++)
				v[i] = ra_xxh_round(v[i], ra_xxh_le(p + 8 * i, 8));
		h = ra_xxh_rotl(v[0], 1) + ra_xxh_rotl(v[1], 7) + ra_xxh_rotl(v[2], 12) +
		    ra_xxh_rotl(v[3], 18);
		for (int i = 0; i < 4; i++)
			h = (h ^ ra_xxh_round(0, v[i])) * RA_XXH_P1 + RA_XXH_P4;
	} else {
		h = seed + RA_XXH_P5;
	}
	h += len;
	for (; end - p >= 8; p += 8)
		h = ra_xxh_rotl(h ^ ra_xxh_round(0, ra_xxh_le(p, 8)), 27) * RA_XXH_P1 + RA_XXH_P4;
	if (end - p >= 4) {
		h = ra_xxh_rotl(h ^ (ra_xxh_le(p, 4) * RA_XXH_P1), 23) * RA_XXH_P2 + RA_XXH_P3;
		p += 4;
	}
	for (; p < end; p++)
		h = ra_xxh_rotl(h ^ (*p * RA_XXH_P5), 11) * RA_XXH_P1;
	h ^= h >> 33;
	h *= RA_XXH_P2;
	h ^= h >> 29;
	h *= RA_XXH_P3;
	return h ^ (h >> 32);
}

#endif

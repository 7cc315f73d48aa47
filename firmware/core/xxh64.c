// SPDX-License-Identifier: MIT
/*
 * XXH64 for the CPU path of KSM (--accel off), written from the algorithm's specification:
 * four 64-bit lanes over 32-byte stripes, merge, length, tail, avalanche. Linux KSM's
 * calc_checksum() is xxhash(page, PAGE_SIZE, 0) truncated to 32 bits on 64-bit kernels.
 */
#include "internal.h"

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static u64 rotl(u64 x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static u64 rd64(const u8 *p)
{
	u64 v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static u64 round64(u64 acc, u64 lane)
{
	return rotl(acc + lane * P2, 31) * P1;
}

u64 fw_xxh64(const void *buf, size_t len, u64 seed)
{
	const u8 *p = buf, *end = p + len;
	u64 h;

	if (len >= 32) {
		u64 v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;

		for (; end - p >= 32; p += 32) {
			v1 = round64(v1, rd64(p));
			v2 = round64(v2, rd64(p + 8));
			v3 = round64(v3, rd64(p + 16));
			v4 = round64(v4, rd64(p + 24));
		}
		h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
		h = (h ^ round64(0, v1)) * P1 + P4;
		h = (h ^ round64(0, v2)) * P1 + P4;
		h = (h ^ round64(0, v3)) * P1 + P4;
		h = (h ^ round64(0, v4)) * P1 + P4;
	} else {
		h = seed + P5;
	}
	h += len;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ round64(0, rd64(p)), 27) * P1 + P4;
	if (end - p >= 4) {
		u64 w = (u64)p[0] | (u64)p[1] << 8 | (u64)p[2] << 16 | (u64)p[3] << 24;

		h = rotl(h ^ (w * P1), 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl(h ^ (*p * P5), 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	return h ^ (h >> 32);
}

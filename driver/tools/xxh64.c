// SPDX-License-Identifier: GPL-2.0
/*
 * xxh64.c - reference XXH64 (see xxh64.h).
 *
 * The algorithm: four 64-bit lanes consume the input in 32-byte stripes (each lane one
 * little-endian word per stripe), are folded into one value, the length is added, the tail is
 * mixed in 8-, 4- and 1-byte steps, and a final avalanche spreads every bit. Inputs shorter
 * than one stripe skip the lanes and start from seed + K5.
 */
#include "xxh64.h"

#define K1 0x9E3779B185EBCA87ULL
#define K2 0xC2B2AE3D27D4EB4FULL
#define K3 0x165667B19E3779F9ULL
#define K4 0x85EBCA77C2B2AE63ULL
#define K5 0x27D4EB2F165667C5ULL

static uint64_t rotl(uint64_t v, unsigned int r)
{
	return (v << r) | (v >> (64 - r));
}

/* Little-endian loads, byte by byte, so the host's order and alignment do not matter. */
static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* One lane step: accumulate a word. */
static uint64_t lane(uint64_t acc, uint64_t word)
{
	acc += word * K2;
	acc = rotl(acc, 31);
	return acc * K1;
}

/* Fold a finished lane into the combined value. */
static uint64_t fold(uint64_t h, uint64_t acc)
{
	h ^= lane(0, acc);
	return h * K1 + K4;
}

uint64_t ra_xxh64(const void *data, size_t len, uint64_t seed)
{
	const uint8_t *p = data;
	size_t left = len;
	uint64_t h;

	if (left >= 32) {
		uint64_t a = seed + K1 + K2, b = seed + K2, c = seed, d = seed - K1;

		do {
			a = lane(a, le64(p));
			b = lane(b, le64(p + 8));
			c = lane(c, le64(p + 16));
			d = lane(d, le64(p + 24));
			p += 32;
			left -= 32;
		} while (left >= 32);
		h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
		h = fold(h, a);
		h = fold(h, b);
		h = fold(h, c);
		h = fold(h, d);
	} else {
		h = seed + K5;
	}
	h += (uint64_t)len;

	for (; left >= 8; left -= 8, p += 8) {
		h ^= lane(0, le64(p));
		h = rotl(h, 27) * K1 + K4;
	}
	if (left >= 4) {
		h ^= (uint64_t)le32(p) * K1;
		h = rotl(h, 23) * K2 + K3;
		p += 4;
		left -= 4;
	}
	for (; left; left--, p++) {
		h ^= (uint64_t)*p * K5;
		h = rotl(h, 11) * K1;
	}

	h ^= h >> 33;
	h *= K2;
	h ^= h >> 29;
	h *= K3;
	h ^= h >> 32;
	return h;
}

// SPDX-License-Identifier: MIT
/*
 * test_xxh64 - the guest tools' reference XXH64 (driver/tools/xxh64.c) against libxxhash.
 *
 * ra-testprog computes the checksums the e2e test expects from the device's HASH engine with
 * driver/tools/xxh64.c; this test verifies that implementation itself, so that a mismatch in
 * the guest points at the device or the driver. Buffers: random, all-zero and all-ones bytes,
 * every length 0..1100, the lengths around each stripe and tail boundary up to 4096 and
 * beyond, 4096 (a page) in particular, unaligned start addresses, seeds 0 (KSM's) and random;
 * and the low 32 bits (the device's checksum) of random and zero pages.
 *
 *   test_xxh64 [--seed S] [--pages N]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "xxh64.h"

#define TEST_NAME "test_xxh64"
#include "../test_args.h"
#include "../test_util.h"

static void check(const char *kind, const uint8_t *buf, size_t len, uint64_t seed)
{
	uint64_t want = XXH64(buf, len, seed), got = ra_xxh64(buf, len, seed);

	CHECK(want == got, "%s len %zu seed %#llx offset %u: got %016llx, libxxhash %016llx",
	      kind, len, (unsigned long long)seed, (unsigned int)((uintptr_t)buf & 15),
	      (unsigned long long)got, (unsigned long long)want);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 4095, 4096, 4097, 8192, 65536, 65536 + 31, 1u << 20 };
	uint64_t npages = 2000, seed = 1, i;
	const struct test_arg args[] = { { "--seed", &seed }, { "--pages", &npages } };
	size_t len, k, off;
	uint8_t *buf;

	if (test_args(argc, argv, TEST_NAME, "[--seed S] [--pages N]", args, 2))
		return 2;
	rng = seed;
	buf = malloc((1u << 20) + 64);
	if (!buf) {
		perror("malloc");
		return 1;
	}

	/* Every length up to 1100 (all tail combinations, stripes), three fillings, offsets. */
	for (len = 0; len <= 1100; len++) {
		for (off = 0; off < 8; off += 3) {
			uint8_t *p = buf + off;

			for (k = 0; k < len; k++)
				p[k] = (uint8_t)rnd();
			check("random", p, len, 0);
			check("random", p, len, rnd());
			memset(p, 0, len);
			check("zero", p, len, 0);
			memset(p, 0xff, len);
			check("ones", p, len, 0);
			check("ones", p, len, rnd());
		}
	}
	/* Around every 32-byte stripe boundary of a page, and larger buffers. */
	for (len = 1100; len <= 4160; len++) {
		if (len % 32 > 2 && len % 32 < 30 && len % 97)
			continue;
		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)rnd();
		check("random", buf, len, 0);
		memset(buf, 0, len);
		check("zero", buf, len, 0);
		memset(buf, 0xff, len);
		check("ones", buf, len, 0);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		len = sizes[i];
		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)rnd();
		check("random", buf, len, 0);
		check("random", buf + 1, len, 0);
		memset(buf, 0, len);
		check("zero", buf, len, 0);
		memset(buf, 0xff, len);
		check("ones", buf, len, 0);
	}
	/* Pages as the device hashes them: 4096 bytes, seed 0, low 32 bits compared too. */
	for (i = 0; i < npages; i++) {
		uint32_t lo_want, lo_got;

		switch (i % 4) {
		case 0:
			memset(buf, 0, 4096);
			break;
		case 1:
			memset(buf, 0xff, 4096);
			break;
		case 2:		/* mostly zero, a few random bytes (like a sparsely written page) */
			memset(buf, 0, 4096);
			for (k = 0; k < 1 + rnd() % 8; k++)
				buf[rnd() % 4096] = (uint8_t)rnd();
			break;
		default:
			for (k = 0; k < 4096; k += 8) {
				uint64_t v = rnd();

				memcpy(buf + k, &v, 8);
			}
		}
		check("page", buf, 4096, 0);
		lo_want = (uint32_t)XXH64(buf, 4096, 0);
		lo_got = (uint32_t)ra_xxh64(buf, 4096, 0);
		CHECK(lo_want == lo_got, "page %lu: low 32 bits %08x, libxxhash %08x", i, lo_got,
		      lo_want);
	}
	/* Known value: XXH64 of the empty input with seed 0. */
	CHECK(ra_xxh64(NULL, 0, 0) == 0xEF46DB3751D8E999ULL, "empty input: %016llx",
	      (unsigned long long)ra_xxh64(NULL, 0, 0));

	free(buf);
	printf("test_xxh64: against libxxhash %u.%u.%u\n", XXH_VERSION_MAJOR, XXH_VERSION_MINOR,
	       XXH_VERSION_RELEASE);
	return test_summary();
}

/* SPDX-License-Identifier: MIT */
/*
 * What the C tests share: CHECK(cond, fmt, ...), which counts a check and on failure prints
 * "TEST_NAME [test_ctx]: message" (the first 30 failures); test_summary(), the last line and the
 * exit code; and rnd(), a splitmix64 source whose state rng the test seeds. Define TEST_NAME
 * before including.
 */
#ifndef RA_TEST_UTIL_H
#define RA_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>

#ifndef TEST_NAME
#error "define TEST_NAME before including test_util.h"
#endif

__attribute__((unused)) static unsigned checks, failed;
__attribute__((unused)) static const char *test_ctx;	/* the case being run, or NULL */
__attribute__((unused)) static uint64_t rng;		/* rnd()'s state */

static inline void test_fail_prefix(void)
{
	if (test_ctx)
		fprintf(stderr, "%s [%s]: ", TEST_NAME, test_ctx);
	else
		fprintf(stderr, "%s: ", TEST_NAME);
}

#define CHECK(cond, ...)                                                                      \
	do {                                                                                  \
		checks++;                                                                     \
		if (!(cond) && failed++ < 30) {                                               \
			test_fail_prefix();                                                   \
			fprintf(stderr, __VA_ARGS__);                                         \
			fputc('\n', stderr);                                                  \
		}                                                                             \
	} while (0)

/* "TEST_NAME: N passed, M failed"; the exit code: 0, or 1 after a failure */
static inline int test_summary(void)
{
	printf("%s: %u passed, %u failed\n", TEST_NAME, checks - failed, failed);
	return failed ? 1 : 0;
}

/* splitmix64 */
static inline uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The numeric options of a C test ("--seed S", "--count N", ...): test_args() reads argv as
 * such pairs into the tests' variables (numbers as the host tools read them, ra_num.h) and
 * refuses anything else (an unknown option, a missing or malformed number) with the test's
 * usage line. Link the test with ra_num.
 */
#ifndef RA_TEST_ARGS_H
#define RA_TEST_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ra_num.h"

struct test_arg {
	const char *name;	/* "--seed" */
	uint64_t *val;
};

/* 0, or 2 after printing "usage: @prog @usage" and what was wrong */
static inline int test_args(int argc, char **argv, const char *prog, const char *usage,
			    const struct test_arg *args, size_t n)
{
	for (int a = 1; a < argc; a += 2) {
		const char *v = a + 1 < argc ? argv[a + 1] : "";
		char err[128];
		size_t k = 0;

		while (k < n && strcmp(argv[a], args[k].name))
			k++;
		if (k == n) {
			fprintf(stderr, "%s: unknown option '%s'\n", prog, argv[a]);
			goto bad;
		}
		if (ra_num_u64(v, RA_NUM_DEC, 0, UINT64_MAX, args[k].val, err, sizeof(err))) {
			fprintf(stderr, "%s: %s '%s': %s\n", prog, argv[a], v, err);
			goto bad;
		}
	}
	return 0;
bad:
	fprintf(stderr, "usage: %s %s\n", prog, usage);
	return 2;
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The numeric options of a C test ("--seed S", "--count N", ...): test_args() reads argv as
 * such pairs into the tests' variables and refuses anything else (an unknown option, a
 * missing or malformed number) with the test's usage line.
 */
#ifndef RA_TEST_ARGS_H
#define RA_TEST_ARGS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_arg {
	const char *name;	/* "--seed" */
	uint64_t *val;
};

/* 0, or 2 after printing "usage: @prog @usage" and what was wrong */
static inline int test_args(int argc, char **argv, const char *prog, const char *usage,
			    const struct test_arg *args, size_t n)
{
	for (int a = 1; a < argc; a += 2) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;
		char *end = NULL;
		size_t k = 0;

		while (k < n && strcmp(argv[a], args[k].name))
			k++;
		if (k == n) {
			fprintf(stderr, "%s: unknown option '%s'\n", prog, argv[a]);
			goto bad;
		}
		errno = 0;
		if (v && *v != '-')
			*args[k].val = strtoull(v, &end, 0);
		if (!v || *v == '-' || errno || end == v || *end) {
			fprintf(stderr, "%s: %s needs a whole number, got '%s'\n", prog, argv[a],
				v ? v : "");
			goto bad;
		}
	}
	return 0;
bad:
	fprintf(stderr, "usage: %s %s\n", prog, usage);
	return 2;
}

#endif

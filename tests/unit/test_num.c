// SPDX-License-Identifier: MIT
/*
 * test_num - the host tools' number parser (host/common/ra_num.c) against a table of inputs
 * and the values or refusals written out by hand.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ra_num.h"

static int failures, checks;

static void check(int cond, const char *what, const char *s)
{
	checks++;
	if (!cond) {
		failures++;
		fprintf(stderr, "test_num: FAIL: %s '%s'\n", what, s ? s : "(null)");
	}
}

static const struct {
	const char *s;
	unsigned flags;
	uint64_t lo, hi;
	int ok;
	uint64_t v;
} ucases[] = {
	{ "0", RA_NUM_DEC, 0, 10, 1, 0 },
	{ "10", RA_NUM_DEC, 0, 10, 1, 10 },
	{ "11", RA_NUM_DEC, 0, 10, 0, 0 },
	{ "010", RA_NUM_DEC, 0, 100, 1, 10 },	/* decimal, never octal */
	{ "0x10", RA_NUM_DEC, 0, 100, 1, 16 },
	{ "0X1f", RA_NUM_DEC, 0, 100, 1, 31 },
	{ "1f", RA_NUM_DEC, 0, 100, 0, 0 },
	{ "", RA_NUM_DEC, 0, 100, 0, 0 },
	{ "0x", RA_NUM_DEC, 0, 100, 0, 0 },
	{ "-1", RA_NUM_DEC, 0, UINT64_MAX, 0, 0 },
	{ "+1", RA_NUM_DEC, 0, UINT64_MAX, 0, 0 },
	{ " 1", RA_NUM_DEC, 0, UINT64_MAX, 0, 0 },
	{ "1 ", RA_NUM_DEC, 0, UINT64_MAX, 0, 0 },
	{ "18446744073709551615", RA_NUM_DEC, 0, UINT64_MAX, 1, UINT64_MAX },
	{ "18446744073709551616", RA_NUM_DEC, 0, UINT64_MAX, 0, 0 },
	{ "0xffffffffffffffff", RA_NUM_DEC, 0, UINT64_MAX, 1, UINT64_MAX },
	{ "0x10000000000000000", RA_NUM_DEC, 0, UINT64_MAX, 0, 0 },
	{ "16M", RA_NUM_DEC, 0, UINT64_MAX, 0, 0 },
	{ "16M", RA_NUM_SIZE, 0, UINT64_MAX, 1, 16ull << 20 },
	{ "4k", RA_NUM_SIZE, 0, UINT64_MAX, 1, 4096 },
	{ "2G", RA_NUM_SIZE, 0, UINT64_MAX, 1, 2ull << 30 },
	{ "0x10K", RA_NUM_SIZE, 0, UINT64_MAX, 1, 16ull << 10 },
	{ "12X", RA_NUM_SIZE, 0, UINT64_MAX, 0, 0 },
	{ "1MM", RA_NUM_SIZE, 0, UINT64_MAX, 0, 0 },
	{ "M", RA_NUM_SIZE, 0, UINT64_MAX, 0, 0 },
	{ "17179869184G", RA_NUM_SIZE, 0, UINT64_MAX, 0, 0 },	/* 2^64 */
	{ "17179869183G", RA_NUM_SIZE, 0, UINT64_MAX, 1, 17179869183ull << 30 },
	{ "40000000", RA_NUM_HEX, 0, UINT64_MAX, 1, 0x40000000 },
	{ "0x40000000", RA_NUM_HEX, 0, UINT64_MAX, 1, 0x40000000 },
	{ "abcDEF", RA_NUM_HEX, 0, UINT64_MAX, 1, 0xabcdef },
	{ "12g4", RA_NUM_HEX, 0, UINT64_MAX, 0, 0 },
	{ "0xzz", RA_NUM_HEX, 0, UINT64_MAX, 0, 0 },
	{ "fffffffffffffffff", RA_NUM_HEX, 0, UINT64_MAX, 0, 0 },
};

int main(void)
{
	char err[160];
	uint64_t u;
	int64_t i;
	double d;

	for (size_t k = 0; k < sizeof(ucases) / sizeof(ucases[0]); k++) {
		int r = ra_num_u64(ucases[k].s, ucases[k].flags, ucases[k].lo, ucases[k].hi, &u, err,
				   sizeof(err));

		check((r == 0) == ucases[k].ok, ucases[k].ok ? "refused" : "accepted", ucases[k].s);
		if (!r && ucases[k].ok)
			check(u == ucases[k].v, "wrong value for", ucases[k].s);
		if (r)
			check(!strncmp(err, "expected ", 9), "message does not say what was expected",
			      err);
	}
	check(ra_num_u64(NULL, 0, 0, 1, &u, err, sizeof(err)) == -1, "NULL accepted", NULL);
	ra_num_u64("300", RA_NUM_DEC, 0, 200, &u, err, sizeof(err));
	check(!strcmp(err, "expected a decimal integer (or 0x hexadecimal) from 0 to 200"),
	      "range message", err);
	ra_num_u64("3M", RA_NUM_SIZE, 4 << 20, 4ull << 30, &u, err, sizeof(err));
	check(strstr(err, "from 4M to 4G") != NULL, "size range message", err);
	ra_num_u64("x", RA_NUM_HEX, 0x1000, 0x2000, &u, err, sizeof(err));
	check(strstr(err, "from 0x1000 to 0x2000") != NULL, "hex range message", err);

	check(!ra_num_i64("-5", RA_NUM_DEC, -10, 10, &i, err, sizeof(err)) && i == -5, "-5", "-5");
	check(!ra_num_i64("+5", RA_NUM_DEC, -10, 10, &i, err, sizeof(err)) && i == 5, "+5", "+5");
	check(!ra_num_i64("-0x10", RA_NUM_DEC, -100, 0, &i, err, sizeof(err)) && i == -16, "-0x10",
	      "-0x10");
	check(!ra_num_i64("-9223372036854775808", RA_NUM_DEC, INT64_MIN, INT64_MAX, &i, err,
			  sizeof(err)) && i == INT64_MIN, "INT64_MIN", "-9223372036854775808");
	check(ra_num_i64("9223372036854775808", RA_NUM_DEC, INT64_MIN, INT64_MAX, &i, err,
			 sizeof(err)) == -1, "INT64_MAX + 1 accepted", "9223372036854775808");
	check(ra_num_i64("-11", RA_NUM_DEC, -10, 10, &i, err, sizeof(err)) == -1, "-11 accepted",
	      "-11");
	check(ra_num_i64("-", RA_NUM_DEC, -10, 10, &i, err, sizeof(err)) == -1, "- accepted", "-");

	check(!ra_num_double("0.25", 0, 1, &d, err, sizeof(err)) && d == 0.25, "0.25", "0.25");
	check(ra_num_double("1.5", 0, 1, &d, err, sizeof(err)) == -1, "1.5 accepted", "1.5");
	check(ra_num_double("nan", 0, 1, &d, err, sizeof(err)) == -1, "nan accepted", "nan");
	check(ra_num_double("0.5x", 0, 1, &d, err, sizeof(err)) == -1, "0.5x accepted", "0.5x");
	check(ra_num_double("", 0, 1, &d, err, sizeof(err)) == -1, "empty accepted", "");

	printf("test_num: %d checks, %d failures\n", checks, failures);
	return failures != 0;
}

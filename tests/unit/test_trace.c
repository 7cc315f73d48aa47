// SPDX-License-Identifier: MIT
/*
 * test_trace.c - unit tests of the ra-trace v1 reader (host/trace/ra_trace.c):
 * good files, plain and gzip-compressed; every kind of malformed input, with
 * the line number and offending text in the message; footprints.
 *
 * Usage:
 *   test_trace WORKDIR            run the tests, writing files in WORKDIR
 *   test_trace --check FILE MIN   read FILE, print its summary, fail unless
 *                                 process 0 touches more than MIN pages
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "ra_trace.h"

static unsigned int n_pass, n_fail;

static bool check_eq(uint64_t got, uint64_t want, const char *expr, int line)
{
	if (got == want) {
		n_pass++;
		return true;
	}
	n_fail++;
	fprintf(stderr, "test_trace.c:%d: %s = 0x%" PRIx64 ", want 0x%" PRIx64
		"\n", line, expr, got, want);
	return false;
}

#define CHECK_EQ(a, b)	check_eq((uint64_t)(a), (uint64_t)(b), #a, __LINE__)
#define CHECK(c)	check_eq(!!(c), 1, #c, __LINE__)

static const char *workdir;

static const char *path_of(const char *name)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", workdir, name);
	return buf;
}

/* Write @text to WORKDIR/@name, gzip-compressed if @gz; returns the path. */
static const char *write_file(const char *name, const char *text, bool gz)
{
	const char *path = path_of(name);
	size_t len = strlen(text);
	FILE *f;
	gzFile g;

	if (gz) {
		g = gzopen(path, "wb9");
		if (!g || (len && gzwrite(g, text, len) != (int)len) ||
		    gzclose(g) != Z_OK) {
			fprintf(stderr, "test_trace: cannot write %s\n", path);
			exit(2);
		}
		return path;
	}
	f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "test_trace: cannot write %s: %s\n", path,
			strerror(errno));
		exit(2);
	}
	return path;
}

/* ------------------------------------------------------------------------
 * Good files.
 */

static const char good_text[] =
	"# ra-trace v1\n"
	"# a comment\n"
	"\n"
	"R 7ff0001238\n"
	"W 4010a0\n"
	"X 400560\r\n"			/* CRLF */
	"   \n"				/* blanks only */
	"P 3\n"
	"R   ffffffffffff  \n"		/* largest address, trailing blanks */
	"W\t0000000000000010\n"		/* tab, leading zeros beyond 12 digits */
	"#R 1234 (commented out)\n"
	"P 1\n"
	"X ABCdef\n"
	"P 0\n"
	"R 7ff0001fff\n"		/* same page as the first record */
	"R 7ff0002000";			/* next page; no final line end */

static void check_good(const struct ra_trace *t)
{
	static const uint64_t va[] = {
		0x7ff0001238, 0x4010a0, 0x400560, 0xffffffffffff, 0x10,
		0xabcdef, 0x7ff0001fff, 0x7ff0002000,
	};
	static const char op[] = "RWXRWXRR";
	static const uint8_t pid[] = { 0, 0, 0, 3, 3, 1, 0, 0 };
	size_t i;

	if (!CHECK_EQ(t->n, 8))
		return;
	for (i = 0; i < 8; i++) {
		CHECK_EQ(t->va[i], va[i]);
		CHECK_EQ(t->op[i], op[i]);
		CHECK_EQ(t->pid[i], pid[i]);
	}
	CHECK_EQ(t->nproc, 4);
	/* pages of process 0: 0x7ff0001 (twice), 0x401, 0x400, 0x7ff0002 */
	CHECK_EQ(ra_trace_footprint(t, 0), 4);
	CHECK_EQ(ra_trace_footprint(t, 1), 1);
	CHECK_EQ(ra_trace_footprint(t, 2), 0);
	/* 0xffffffffffff and 0x10 */
	CHECK_EQ(ra_trace_footprint(t, 3), 2);
	CHECK_EQ(ra_trace_footprint(t, 200), 0);
}

static void test_good(void)
{
	struct ra_trace t;
	char err[256];
	int gz;

	for (gz = 0; gz <= 1; gz++) {
		const char *p = write_file(gz ? "good.ratr.gz" : "good.ratr",
					   good_text, gz);

		strcpy(err, "untouched");
		if (!CHECK_EQ(ra_trace_read(p, &t, err, sizeof(err)), 0)) {
			fprintf(stderr, "  %s\n", err);
			continue;
		}
		CHECK_EQ(err[0], '\0');
		check_good(&t);
		ra_trace_free(&t);
		CHECK(t.n == 0 && !t.va && !t.op && !t.pid && t.nproc == 0);
	}
}

/*
 * Copy the first half of @from to @to, or all of it with one byte in the
 * middle of the compressed data flipped if @corrupt.
 */
static void truncate_copy(const char *from, const char *to, bool corrupt)
{
	static char buf[1 << 20];
	size_t len;
	FILE *f;

	f = fopen(from, "rb");
	if (!f) {
		CHECK(f != NULL);
		return;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (corrupt)
		buf[len / 2] ^= 0x10;
	else
		len /= 2;
	f = fopen(to, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		CHECK(!"cannot write the damaged copy");
		return;
	}
}

/* A larger trace, compressed: many records, process 255, footprints. */
static void test_large(void)
{
	const size_t n = 100000;
	struct ra_trace t;
	char err[256], p[4096];
	size_t i, bad = 0;
	gzFile g;

	/* a copy: path_of() reuses its buffer */
	snprintf(p, sizeof(p), "%s", path_of("large.ratr.gz"));
	g = gzopen(p, "wb1");
	CHECK(g != NULL);
	if (!g)
		return;
	gzprintf(g, "# ra-trace v1\n");
	for (i = 0; i < n; i++) {
		if (i == n / 2)
			gzprintf(g, "P 255\n");
		/* 1000 pages per half, every word of each page eventually */
		gzprintf(g, "%c %" PRIx64 "\n", "RWX"[i % 3],
			 (uint64_t)0x10000000 + (i % 1000) * 4096 + (i / 1000) * 8);
	}
	CHECK_EQ(gzclose(g), Z_OK);
	if (!CHECK_EQ(ra_trace_read(p, &t, err, sizeof(err)), 0)) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	CHECK_EQ(t.n, n);
	CHECK_EQ(t.nproc, 256);
	for (i = 0; i < n; i++)
		bad += t.va[i] != 0x10000000 + (i % 1000) * 4096 + (i / 1000) * 8 ||
		       t.op[i] != "RWX"[i % 3] || t.pid[i] != (i < n / 2 ? 0 : 255);
	CHECK_EQ(bad, 0);
	CHECK_EQ(ra_trace_footprint(&t, 0), 1000);
	CHECK_EQ(ra_trace_footprint(&t, 255), 1000);
	CHECK_EQ(ra_trace_footprint(&t, 1), 0);
	ra_trace_free(&t);

	/* the same file cut short, and with a corrupted byte: read errors */
	truncate_copy(p, path_of("cut.ratr.gz"), false);
	CHECK_EQ(ra_trace_read(path_of("cut.ratr.gz"), &t, err, sizeof(err)), -1);
	if (!CHECK(strstr(err, "cut.ratr.gz:") && strstr(err, ": read error: ")))
		fprintf(stderr, "  got \"%s\"\n", err);
	truncate_copy(p, path_of("corrupt.ratr.gz"), true);
	CHECK_EQ(ra_trace_read(path_of("corrupt.ratr.gz"), &t, err,
			       sizeof(err)), -1);
	if (!CHECK(strstr(err, "corrupt.ratr.gz:") && strstr(err, ": read error: ")))
		fprintf(stderr, "  got \"%s\"\n", err);
	CHECK(t.n == 0 && !t.va);
}

/* ------------------------------------------------------------------------
 * Malformed input: the message is "PATH:LINE: ..." and contains @want.
 */

struct bad_case {
	const char *name;
	const char *text;
	unsigned int line;
	const char *want;
};

static const struct bad_case bad_cases[] = {
	{ "empty", "", 1, "empty file: expected '# ra-trace v1'" },
	{ "no-header", "R 1000\n", 1,
	  "bad header 'R 1000': expected '# ra-trace v1'" },
	{ "wrong-header", "# ra-trace v2\nR 1000\n", 1,
	  "bad header '# ra-trace v2': expected '# ra-trace v1'" },
	{ "late-header", "\n# ra-trace v1\nR 1000\n", 1, "bad header ''" },
	{ "no-records", "# ra-trace v1\n# only comments\n\nP 2\n", 4,
	  "end of file without records: expected at least one R, W or X line" },
	{ "header-only", "# ra-trace v1\n", 1, "without records" },
	{ "bad-op", "# ra-trace v1\nR 10\nQ 20\n", 3,
	  "bad op 'Q': expected R, W, X or P" },
	{ "lower-op", "# ra-trace v1\nr 10\n", 2, "bad op 'r'" },
	{ "glued-op", "# ra-trace v1\nR 10\n\nRW 20\n", 4, "bad op 'RW'" },
	{ "no-space", "# ra-trace v1\nR10\n", 2, "bad op 'R10'" },
	{ "bad-address", "# ra-trace v1\n# c\nW 10\nR zz12\n", 4,
	  "bad address 'zz12': expected up to 12 hex digits" },
	{ "0x-address", "# ra-trace v1\nR 0x1000\n", 2, "bad address '0x1000'" },
	{ "wide-address", "# ra-trace v1\nX 1000000000000\n", 2,
	  "bad address '1000000000000': expected up to 12 hex digits" },
	{ "huge-address", "# ra-trace v1\nR 123456789abcdef01\n", 2,
	  "bad address '123456789abcdef01'" },
	{ "no-address", "# ra-trace v1\nR 10\nW\n", 3,
	  "missing address after 'W': expected up to 12 hex digits" },
	{ "trailing", "# ra-trace v1\nR 10 20\n", 2,
	  "unexpected '20' after the address: expected end of line" },
	{ "pid-256", "# ra-trace v1\nP 256\nR 10\n", 2,
	  "bad process index '256': expected a decimal number 0..255" },
	{ "pid-huge", "# ra-trace v1\nP 99999999999999999999999\nR 10\n", 2,
	  "bad process index '99999999999999999999999'" },
	{ "pid-neg", "# ra-trace v1\nR 10\nP -1\n", 3, "bad process index '-1'" },
	{ "pid-hex", "# ra-trace v1\nP 0x1\n", 2, "bad process index '0x1'" },
	{ "pid-missing", "# ra-trace v1\nP\n", 2,
	  "missing process index after 'P': expected a decimal number 0..255" },
	{ "pid-trailing", "# ra-trace v1\nP 1 2\n", 2,
	  "unexpected '2' after the process index" },
};

static void check_bad(const char *name, const char *text, bool gz,
		      unsigned int line, const char *want)
{
	char fname[64], err[256], prefix[4200];
	const char *p;
	struct ra_trace t;

	snprintf(fname, sizeof(fname), "%s.ratr%s", name, gz ? ".gz" : "");
	p = write_file(fname, text, gz);
	memset(&t, 0x5a, sizeof(t));
	err[0] = '\0';
	if (!CHECK_EQ(ra_trace_read(p, &t, err, sizeof(err)), -1)) {
		fprintf(stderr, "  case %s accepted\n", fname);
		ra_trace_free(&t);
		return;
	}
	CHECK(t.n == 0 && !t.va && !t.op && !t.pid && t.nproc == 0);
	snprintf(prefix, sizeof(prefix), "%s:%u: ", p, line);
	if (!CHECK(!strncmp(err, prefix, strlen(prefix)) && strstr(err, want) &&
		   !strchr(err, '\n')))
		fprintf(stderr, "  case %s: got \"%s\"\n  want \"%s%s\"\n",
			fname, err, prefix, want);
}

static void test_bad(void)
{
	char long_line[400], *text;
	size_t i;
	int gz;

	for (gz = 0; gz <= 1; gz++)
		for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
			check_bad(bad_cases[i].name, bad_cases[i].text, gz,
				  bad_cases[i].line, bad_cases[i].want);

	/* a line longer than 255 characters */
	memset(long_line, 'f', sizeof(long_line));
	memcpy(long_line, "# ra-trace v1\nR 10\nR ", 21);
	long_line[sizeof(long_line) - 1] = '\0';
	check_bad("long-line", long_line, false, 3, "line too long 'R fff");
	text = malloc(strlen(long_line) + 2);
	sprintf(text, "%s\n", long_line);
	check_bad("long-line-eol", text, true, 3,
		  "expected at most 255 characters");
	free(text);

	/* the error buffer: truncated but terminated, or absent */
	{
		const char *p = write_file("bad-small.ratr", "# ra-trace v1\nQ 1\n",
					   false);
		struct ra_trace t;
		char err[8];

		memset(err, 'x', sizeof(err));
		CHECK_EQ(ra_trace_read(p, &t, err, sizeof(err)), -1);
		CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		CHECK_EQ(ra_trace_read(p, &t, NULL, 0), -1);
	}

	/* a missing file */
	{
		struct ra_trace t;
		char err[256], want[4200];

		snprintf(want, sizeof(want), "%s: cannot open: ",
			 path_of("no-such-file.ratr"));
		CHECK_EQ(ra_trace_read(path_of("no-such-file.ratr"), &t, err,
				       sizeof(err)), -1);
		if (!CHECK(!strncmp(err, want, strlen(want))))
			fprintf(stderr, "  got \"%s\"\n", err);
	}
}

/* ------------------------------------------------------------------------
 * --check FILE MIN
 */

static int check_file(const char *path, const char *min_s)
{
	uint64_t min = strtoull(min_s, NULL, 0), fp, wr = 0, rd = 0, ex = 0;
	struct ra_trace t;
	char err[512];
	unsigned int p;
	size_t i;

	if (ra_trace_read(path, &t, err, sizeof(err))) {
		fprintf(stderr, "test_trace: %s\n", err);
		return 1;
	}
	for (i = 0; i < t.n; i++) {
		wr += t.op[i] == 'W';
		rd += t.op[i] == 'R';
		ex += t.op[i] == 'X';
	}
	printf("test_trace: %s: %zu records (R %" PRIu64 ", W %" PRIu64
	       ", X %" PRIu64 "), %u process(es)\n", path, t.n, rd, wr, ex,
	       t.nproc);
	for (p = 0; p < t.nproc; p++)
		printf("test_trace:   process %u: %" PRIu64 " distinct pages\n",
		       p, ra_trace_footprint(&t, p));
	fp = ra_trace_footprint(&t, 0);
	ra_trace_free(&t);
	if (fp <= min) {
		fprintf(stderr, "test_trace: %s: process 0 touches %" PRIu64
			" pages, want more than %" PRIu64 "\n", path, fp, min);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--check"))
		return check_file(argv[2], argv[3]);
	if (argc != 2) {
		fprintf(stderr, "usage: test_trace WORKDIR | test_trace --check FILE MIN\n");
		return 2;
	}
	workdir = argv[1];
	if (mkdir(workdir, 0777) && errno != EEXIST) {
		fprintf(stderr, "test_trace: %s: %s\n", workdir, strerror(errno));
		return 2;
	}

	test_good();
	test_large();
	test_bad();

	printf("test_trace: %u checks passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

// SPDX-License-Identifier: MIT
/*
 * ra_lackey2trace.c - convert the memory trace of valgrind's lackey tool
 * (valgrind --tool=lackey --trace-mem=yes) into an ra-trace v1 file
 * (docs/trace-format.md).
 *
 * Lackey writes one line per access: "I  ADDR,SIZE" for an instruction
 * fetch and " L ADDR,SIZE", " S ADDR,SIZE", " M ADDR,SIZE" for a load, a
 * store and a modify (load then store) of data; ADDR is hexadecimal, SIZE
 * decimal bytes. Lines starting with "==" are valgrind's own messages.
 * Every 8-byte word an access touches becomes one record (R, W or X) of the
 * word's address; a modify gives the loads of all its words, then the
 * stores.
 *
 * Exit status: 0 success, 1 I/O error, 2 bad arguments or malformed input.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmap.h"
#include "ra_num.h"

#define PROG		"ra-lackey2trace"
#define VA_LIMIT	(1ull << 48)
#define PAGE_SHIFT	12
#define MAX_ACCESS	65536	/* largest SIZE accepted (xsave areas are a few KiB) */
#define QUOTE_MAX	60

static const char usage[] =
"usage: " PROG " [--no-instr] [--dedup] [--max N] [-o FILE] [LACKEY-OUTPUT]\n"
"\n"
"Converts the output of\n"
"    valgrind --tool=lackey --trace-mem=yes --log-fd=3 PROGRAM 3>LACKEY-OUTPUT\n"
"into an ra-trace v1 page-reference trace (docs/trace-format.md). Reads\n"
"LACKEY-OUTPUT, or standard input if it is absent or '-'; writes standard\n"
"output unless -o FILE is given.\n"
"\n"
"Input lines: 'I  ADDR,SIZE' (instruction fetch), ' L ADDR,SIZE' (load),\n"
"' S ADDR,SIZE' (store), ' M ADDR,SIZE' (modify: a load, then a store);\n"
"ADDR in hex, SIZE in bytes. Lines starting with '==' (valgrind's messages)\n"
"and blank lines are skipped; anything else is an error.\n"
"\n"
"Output: the line '# ra-trace v1', a comment, then one record per 8-byte\n"
"word touched: 'X VA', 'R VA' or 'W VA' with VA the word's address (ADDR\n"
"rounded down to a multiple of 8) in hex without 0x. An access that\n"
"straddles words gives one record per word; a modify gives the R records\n"
"of all its words, then the W records. Addresses must fit in 48 bits.\n"
"\n"
"Options:\n"
"  --no-instr  drop instruction fetches (I lines)\n"
"  --dedup     collapse each run of consecutive records in the same 4 KiB\n"
"              page into one record with the run's first address: W if\n"
"              the run has a store, else R if it has a load, else X\n"
"  --max N     stop after N output records (N >= 1)\n"
"  -o FILE     write FILE instead of standard output (removed on error)\n"
"  --help      print this text\n"
"\n"
"At the end one line on standard error gives the input lines read, the\n"
"records written and the distinct 4 KiB pages among them.\n"
"Exit status: 0 success, 1 I/O error, 2 bad arguments or malformed input.\n";

/* ------------------------------------------------------------------------
 * Conversion.
 */

struct conv {
	bool no_instr;
	bool dedup;
	uint64_t max;		/* 0: no limit */
	FILE *out;
	const char *in_name;
	unsigned long lines;	/* input lines read */
	uint64_t written;	/* records written */
	struct kmap pages;	/* the distinct pages seen */
	bool done;		/* --max reached */
	/* the pending --dedup run */
	bool run;
	char run_op;
	uint64_t run_va;
};

static int op_rank(char op)
{
	return op == 'W' ? 2 : op == 'R' ? 1 : 0;
}

static int write_record(struct conv *c, char op, uint64_t va)
{
	bool isnew;

	if (fprintf(c->out, "%c %" PRIx64 "\n", op, va) < 0)
		return 1;
	if (!kmap_get(&c->pages, va >> PAGE_SHIFT, &isnew)) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	c->written++;
	if (c->max && c->written == c->max)
		c->done = true;
	return 0;
}

static int flush_run(struct conv *c)
{
	if (!c->run)
		return 0;
	c->run = false;
	return write_record(c, c->run_op, c->run_va);
}

/* One record of the 8-byte word at @va. */
static int emit(struct conv *c, char op, uint64_t va)
{
	int ret;

	if (c->done)
		return 0;
	if (!c->dedup)
		return write_record(c, op, va);
	if (c->run && va >> PAGE_SHIFT == c->run_va >> PAGE_SHIFT) {
		if (op_rank(op) > op_rank(c->run_op))
			c->run_op = op;
		return 0;
	}
	ret = flush_run(c);
	if (ret || c->done)
		return ret;
	c->run = true;
	c->run_op = op;
	c->run_va = va;
	return 0;
}

static int emit_words(struct conv *c, char op, uint64_t first, uint64_t last)
{
	uint64_t w;
	int ret;

	for (w = first; w <= last; w += 8) {
		ret = emit(c, op, w);
		if (ret)
			return ret;
	}
	return 0;
}

static void bad_line(const struct conv *c, const char *line, const char *why)
{
	size_t len = strlen(line);

	fprintf(stderr, PROG ": %s:%lu: %s '%.*s%s'", c->in_name, c->lines, why,
		len > QUOTE_MAX ? QUOTE_MAX - 3 : (int)len, line,
		len > QUOTE_MAX ? "..." : "");
	fprintf(stderr, ": expected 'I  ADDR,SIZE', ' L ADDR,SIZE', ' S ADDR,SIZE', ' M ADDR,SIZE' or a line starting with '=='\n");
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* One input line, without its line end. 0, 1 (I/O error) or 2 (malformed). */
static int convert_line(struct conv *c, const char *line)
{
	const char *p = line;
	uint64_t addr = 0, size = 0, first, last;
	unsigned int nd = 0;
	char kind;
	int ret, d;

	if (line[0] == '=' && line[1] == '=')
		return 0;
	while (is_space(*p))
		p++;
	if (!*p)
		return 0;

	kind = *p++;
	if ((kind != 'I' && kind != 'L' && kind != 'S' && kind != 'M') ||
	    !is_space(*p)) {
		bad_line(c, line, "bad line");
		return 2;
	}
	while (is_space(*p))
		p++;
	for (; *p && *p != ','; p++, nd++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (addr >> 60) {
			bad_line(c, line, "address wider than 64 bits in");
			return 2;
		}
		addr = addr << 4 | d;
	}
	if (!nd || *p != ',') {
		bad_line(c, line, "bad address in");
		return 2;
	}
	nd = 0;
	for (p++; *p >= '0' && *p <= '9'; p++, nd++) {
		size = size * 10 + (*p - '0');
		if (size > MAX_ACCESS)
			break;
	}
	while (is_space(*p))
		p++;
	if (!nd || *p || size == 0 || size > MAX_ACCESS) {
		bad_line(c, line, "bad size (expected 1..65536) in");
		return 2;
	}
	if (addr >= VA_LIMIT || size > VA_LIMIT - addr) {
		bad_line(c, line, "address above 48 bits in");
		return 2;
	}

	first = addr & ~7ull;
	last = (addr + size - 1) & ~7ull;
	switch (kind) {
	case 'I':
		if (c->no_instr)
			return 0;
		return emit_words(c, 'X', first, last);
	case 'L':
		return emit_words(c, 'R', first, last);
	case 'S':
		return emit_words(c, 'W', first, last);
	default:
		ret = emit_words(c, 'R', first, last);
		if (!ret)
			ret = emit_words(c, 'W', first, last);
		return ret;
	}
}

int main(int argc, char **argv)
{
	struct conv c = { .in_name = "<stdin>" };
	const char *in_path = NULL, *out_path = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *in = stdin;
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--no-instr")) {
			c.no_instr = true;
		} else if (!strcmp(a, "--dedup")) {
			c.dedup = true;
		} else if (!strcmp(a, "--max") || !strncmp(a, "--max=", 6)) {
			const char *v = a[5] ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);

			c.max = ra_opt_u64(PROG, "--max", v, RA_NUM_DEC, 1, UINT64_MAX);
		} else if (!strcmp(a, "-o")) {
			if (i + 1 >= argc) {
				fprintf(stderr, PROG ": -o needs a file name\n");
				return 2;
			}
			out_path = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, PROG ": unknown option '%s' (see --help)\n", a);
			return 2;
		} else if (in_path) {
			fprintf(stderr, PROG ": more than one input file ('%s', '%s')\n",
				in_path, a);
			return 2;
		} else {
			in_path = a;
		}
	}

	if (in_path && strcmp(in_path, "-")) {
		in = fopen(in_path, "r");
		if (!in) {
			fprintf(stderr, PROG ": %s: %s\n", in_path, strerror(errno));
			return 1;
		}
		c.in_name = in_path;
	}
	c.out = stdout;
	if (out_path) {
		c.out = fopen(out_path, "w");
		if (!c.out) {
			fprintf(stderr, PROG ": %s: %s\n", out_path, strerror(errno));
			if (in != stdin)
				fclose(in);
			return 1;
		}
	}

	fprintf(c.out, "# ra-trace v1\n# converted from valgrind lackey output by " PROG "%s%s",
		c.no_instr ? " --no-instr" : "", c.dedup ? " --dedup" : "");
	if (c.max)
		fprintf(c.out, " --max %" PRIu64, c.max);
	fputc('\n', c.out);

	while (!c.done && (len = getline(&line, &cap, in)) >= 0) {
		c.lines++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		ret = convert_line(&c, line);
		if (ret)
			break;
	}
	if (!ret && ferror(in)) {
		fprintf(stderr, PROG ": %s: read error\n", c.in_name);
		ret = 1;
	}
	if (!ret)
		ret = flush_run(&c);
	if (ret == 1 && ferror(c.out))
		fprintf(stderr, PROG ": %s: write error: %s\n",
			out_path ? out_path : "<stdout>", strerror(errno));
	free(line);
	kmap_free(&c.pages);
	if (in != stdin)
		fclose(in);

	if (fflush(c.out) || ferror(c.out)) {
		if (!ret)
			fprintf(stderr, PROG ": %s: write error: %s\n",
				out_path ? out_path : "<stdout>", strerror(errno));
		ret = ret ? ret : 1;
	}
	if (out_path) {
		if (fclose(c.out) && !ret) {
			fprintf(stderr, PROG ": %s: write error: %s\n", out_path,
				strerror(errno));
			ret = 1;
		}
		if (ret)
			remove(out_path);
	}
	if (ret)
		return ret;

	fprintf(stderr, PROG ": %lu input lines, %" PRIu64 " records written, %zu distinct pages\n",
		c.lines, c.written, c.pages.used);
	return 0;
}

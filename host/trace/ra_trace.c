// SPDX-License-Identifier: MIT
/*
 * ra_trace.c - reader of "ra-trace v1" page-reference traces (ra_trace.h,
 * docs/trace-format.md). zlib's gz* functions read plain and gzip files
 * alike.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "ra_opt.h"
#include "ra_trace.h"

/* Longest accepted line, without its line end. */
#define LINE_MAX_LEN	255
/* Offending text longer than this is shortened in messages. */
#define QUOTE_MAX	40

struct reader {
	const char *path;
	unsigned long line;
	char *err;
	size_t errlen;
	size_t cap;		/* capacity of the record arrays */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "path:line: " + the formatted text; returns -1 for the caller's return. */
static int fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (!r->errlen)
		return -1;
	if (r->line)
		k = snprintf(r->err, r->errlen, "%s:%lu: ", r->path, r->line);
	else
		k = snprintf(r->err, r->errlen, "%s: ", r->path);
	if (k < 0 || (size_t)k >= r->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(r->err + k, r->errlen - k, fmt, ap);
	va_end(ap);
	return -1;
}

/* Copy at most @len bytes of @s into @q for quoting, shortened if long. */
static const char *quote(char *q, const char *s, size_t len)
{
	if (len > QUOTE_MAX) {
		memcpy(q, s, QUOTE_MAX - 3);
		memcpy(q + QUOTE_MAX - 3, "...", 4);
	} else {
		memcpy(q, s, len);
		q[len] = '\0';
	}
	return q;
}

static int grow(struct reader *r, struct ra_trace *t)
{
	size_t cap = r->cap ? 2 * r->cap : 4096;
	uint64_t *va;
	uint8_t *op, *pid;

	va = realloc(t->va, cap * sizeof(*va));
	if (va)
		t->va = va;
	op = realloc(t->op, cap);
	if (op)
		t->op = op;
	pid = realloc(t->pid, cap);
	if (pid)
		t->pid = pid;
	if (!va || !op || !pid)
		return fail(r, "out of memory after %zu records", t->n);
	r->cap = cap;
	return 0;
}

/*
 * Parse one line (without its line end and trailing blanks, @len > 0, not a
 * comment) into the trace. *@cur_pid is the current process index.
 */
static int parse_line(struct reader *r, struct ra_trace *t, const char *s,
		      size_t len, unsigned int *cur_pid)
{
	char q[QUOTE_MAX + 1];
	size_t i = 0, tok, nd;
	uint64_t v = 0;
	int d;
	char op;

	/* the op: one letter, then blanks and one operand */
	op = s[0];
	if ((op != 'R' && op != 'W' && op != 'X' && op != 'P') ||
	    (len > 1 && !is_blank(s[1]))) {
		for (tok = 0; tok < len && !is_blank(s[tok]); tok++)
			;
		return fail(r, "bad op '%s': expected R, W, X or P",
			    quote(q, s, tok));
	}
	if (len == 1) {
		if (op == 'P')
			return fail(r, "missing process index after 'P': expected a decimal number 0..%d",
				    RA_TRACE_MAX_PID);
		return fail(r, "missing address after '%c': expected up to %d hex digits",
			    op, RA_TRACE_VA_BITS / 4);
	}
	for (i = 1; i < len && is_blank(s[i]); i++)
		;
	tok = i;
	while (i < len && !is_blank(s[i]))
		i++;
	nd = i - tok;
	if (i < len) {
		while (is_blank(s[i]))
			i++;
		return fail(r, "unexpected '%s' after the %s: expected end of line",
			    quote(q, s + i, len - i),
			    op == 'P' ? "process index" : "address");
	}

	if (op == 'P') {
		for (; tok < i; tok++) {
			if (s[tok] < '0' || s[tok] > '9' || v > RA_TRACE_MAX_PID)
				break;
			v = v * 10 + (s[tok] - '0');
		}
		if (tok < i || v > RA_TRACE_MAX_PID)
			return fail(r, "bad process index '%s': expected a decimal number 0..%d",
				    quote(q, s + i - nd, nd), RA_TRACE_MAX_PID);
		*cur_pid = v;
		return 0;
	}

	for (; tok < i; tok++) {
		d = hexval(s[tok]);
		if (d < 0 || (v >> (RA_TRACE_VA_BITS - 4)))
			break;
		v = v << 4 | d;
	}
	if (tok < i)
		return fail(r, "bad address '%s': expected up to %d hex digits",
			    quote(q, s + i - nd, nd), RA_TRACE_VA_BITS / 4);

	if (t->n == r->cap && grow(r, t))
		return -1;
	t->va[t->n] = v;
	t->op[t->n] = op;
	t->pid[t->n] = *cur_pid;
	t->n++;
	if (*cur_pid + 1 > t->nproc)
		t->nproc = *cur_pid + 1;
	return 0;
}

int ra_trace_read(const char *path, struct ra_trace *t, char *err,
		  size_t errlen)
{
	struct reader r = { path, 0, err, errlen, 0 };
	char buf[LINE_MAX_LEN + 3], q[QUOTE_MAX + 1];
	unsigned int cur_pid = 0;
	bool eol, header = false;
	uint64_t *va;
	uint8_t *p;
	size_t len;
	int zerr;
	gzFile f;

	memset(t, 0, sizeof(*t));
	if (errlen)
		err[0] = '\0';
	errno = 0;
	f = gzopen(path, "rb");
	if (!f)
		return fail(&r, "cannot open: %s",
			    errno ? strerror(errno) : "out of memory");
	gzbuffer(f, 1 << 17);

	while (gzgets(f, buf, sizeof(buf))) {
		r.line++;
		len = strlen(buf);
		eol = len && buf[len - 1] == '\n';
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
			       is_blank(buf[len - 1])))
			len--;
		if ((!eol && !gzeof(f)) || len > LINE_MAX_LEN) {
			fail(&r, "line too long '%s': expected at most %d characters",
			     quote(q, buf, len), LINE_MAX_LEN);
			goto bad;
		}
		buf[len] = '\0';

		if (!header) {
			if (strcmp(buf, RA_TRACE_HEADER)) {
				fail(&r, "bad header '%s': expected '%s'",
				     quote(q, buf, len), RA_TRACE_HEADER);
				goto bad;
			}
			header = true;
			continue;
		}
		if (!len || buf[0] == '#')
			continue;
		if (parse_line(&r, t, buf, len, &cur_pid))
			goto bad;
	}
	/* a truncated gzip file gives Z_BUF_ERROR, a corrupt one Z_DATA_ERROR */
	gzerror(f, &zerr);
	if (zerr != Z_OK) {
		const char *msg = gzerror(f, &zerr);
		size_t plen = strlen(path);

		/* zlib's message starts with the path already */
		if (!strncmp(msg, path, plen) && !strncmp(msg + plen, ": ", 2))
			msg += plen + 2;
		fail(&r, "read error: %s", msg);
		goto bad;
	}
	if (!header) {
		r.line = 1;
		fail(&r, "empty file: expected '%s'", RA_TRACE_HEADER);
		goto bad;
	}
	if (!t->n) {
		fail(&r, "end of file without records: expected at least one R, W or X line");
		goto bad;
	}
	gzclose(f);

	/* give back the unused part of the arrays */
	va = realloc(t->va, t->n * sizeof(*va));
	if (va)
		t->va = va;
	p = realloc(t->op, t->n);
	if (p)
		t->op = p;
	p = realloc(t->pid, t->n);
	if (p)
		t->pid = p;
	return 0;

bad:
	gzclose(f);
	ra_trace_free(t);
	return -1;
}

void ra_trace_free(struct ra_trace *t)
{
	free(t->va);
	free(t->op);
	free(t->pid);
	memset(t, 0, sizeof(*t));
}

uint64_t ra_trace_footprint(const struct ra_trace *t, unsigned int pid)
{
	uint64_t *pages, d;
	size_t i, k = 0;

	for (i = 0; i < t->n; i++)
		k += t->pid[i] == pid;
	if (!k)
		return 0;
	pages = malloc(k * sizeof(*pages));
	if (!pages)
		return UINT64_MAX;
	k = 0;
	for (i = 0; i < t->n; i++)
		if (t->pid[i] == pid)
			pages[k++] = t->va[i] >> RA_TRACE_PAGE_SHIFT;
	d = ra_distinct_keys(pages, k);
	free(pages);
	return d;
}

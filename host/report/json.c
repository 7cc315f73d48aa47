// SPDX-License-Identifier: MIT
/*
 * json.c - the strict JSON parser of ra-report (see json.h for what "strict" means).
 *
 * Recursive descent over the bytes; every error stops the parse and names the line and
 * column, what was found there and what the grammar expected instead.
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const unsigned char *s;
	size_t len, pos;
	unsigned line, col;
	int depth;
	bool failed;
	char *err;
	size_t errlen;
};

const char *json_type_name(enum json_type t)
{
	static const char *const names[] = { "null", "false", "true", "a number", "a string",
					     "an array", "an object" };

	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

static void fail_at(struct parser *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail_at(struct parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return;
	p->failed = true;
	n = snprintf(p->err, p->errlen, "%u:%u: ", line, col);
	if (n < 0 || (size_t)n >= p->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* What is at the current position, for "found ..." */
static const char *found(const struct parser *p, char *buf, size_t n)
{
	unsigned char c;

	if (p->pos >= p->len)
		return "end of file";
	c = p->s[p->pos];
	if (c == '\n' || c == '\r')
		return "the end of the line";
	if (c == '\'')
		return "\"'\"";
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", c);
	return buf;
}

/* "expected X, found Y" at the current position; at the end of the text, says so. */
static void expected(struct parser *p, const char *what)
{
	char buf[16];

	if (p->pos >= p->len)
		fail_at(p, p->line, p->col, "unexpected end of file (truncated?): expected %s", what);
	else
		fail_at(p, p->line, p->col, "expected %s, found %s", what, found(p, buf, sizeof(buf)));
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? p->s[p->pos] : -1;
}

static void advance(struct parser *p)
{
	if (p->pos >= p->len)
		return;
	if (p->s[p->pos] == '\n') {
		p->line++;
		p->col = 1;
	} else {
		p->col++;
	}
	p->pos++;
}

static void skip_ws(struct parser *p)
{
	for (;;) {
		int c = peek(p);

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return;
		advance(p);
	}
}

static void *xrealloc(struct parser *p, void *ptr, size_t n)
{
	void *q = realloc(ptr, n ? n : 1);

	if (!q)
		fail_at(p, p->line, p->col, "out of memory");
	return q;
}

/* ---- strings -------------------------------------------------------------------------------- */

struct buf {
	char *s;
	size_t n, cap;
};

static bool put(struct parser *p, struct buf *b, unsigned char c)
{
	if (b->n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		char *s = xrealloc(p, b->s, cap);

		if (!s)
			return false;
		b->s = s;
		b->cap = cap;
	}
	b->s[b->n++] = (char)c;
	b->s[b->n] = 0;
	return true;
}

static bool put_utf8(struct parser *p, struct buf *b, uint32_t cp)
{
	if (cp < 0x80)
		return put(p, b, (unsigned char)cp);
	if (cp < 0x800)
		return put(p, b, (unsigned char)(0xc0 | cp >> 6)) &&
		       put(p, b, (unsigned char)(0x80 | (cp & 0x3f)));
	if (cp < 0x10000)
		return put(p, b, (unsigned char)(0xe0 | cp >> 12)) &&
		       put(p, b, (unsigned char)(0x80 | (cp >> 6 & 0x3f))) &&
		       put(p, b, (unsigned char)(0x80 | (cp & 0x3f)));
	return put(p, b, (unsigned char)(0xf0 | cp >> 18)) &&
	       put(p, b, (unsigned char)(0x80 | (cp >> 12 & 0x3f))) &&
	       put(p, b, (unsigned char)(0x80 | (cp >> 6 & 0x3f))) &&
	       put(p, b, (unsigned char)(0x80 | (cp & 0x3f)));
}

/* Four hex digits after "\u"; -1 on error (reported). */
static long hex4(struct parser *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int c = peek(p), d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else {
			expected(p, "four hex digits after \\u");
			return -1;
		}
		v = v * 16 + d;
		advance(p);
	}
	return v;
}

/* One UTF-8 sequence starting with byte @c (>= 0x80) at the current position, validated. */
static bool utf8_seq(struct parser *p, struct buf *b)
{
	unsigned char c = p->s[p->pos];
	unsigned need, line = p->line, col = p->col;
	uint32_t cp, min;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		fail_at(p, line, col, "invalid UTF-8 (byte 0x%02x) in a string", c);
		return false;
	}
	if (!put(p, b, c))
		return false;
	advance(p);
	for (unsigned i = 0; i < need; i++) {
		int d = peek(p);

		if (d < 0) {
			expected(p, "the rest of a UTF-8 sequence");
			return false;
		}
		if ((d & 0xc0) != 0x80) {
			fail_at(p, line, col, "invalid UTF-8 sequence in a string");
			return false;
		}
		cp = cp << 6 | (uint32_t)(d & 0x3f);
		if (!put(p, b, (unsigned char)d))
			return false;
		advance(p);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		fail_at(p, line, col, "invalid UTF-8 sequence in a string (overlong or a surrogate)");
		return false;
	}
	return true;
}

/* A string at the current position (which holds '"'); returns a malloc'ed copy or NULL. */
static char *parse_string(struct parser *p)
{
	struct buf b = { 0 };
	unsigned line = p->line, col = p->col;

	advance(p);	/* the opening quote */
	if (!put(p, &b, 0))
		return NULL;
	b.n = 0;
	for (;;) {
		int c = peek(p);

		if (c < 0) {
			fail_at(p, p->line, p->col,
				"unexpected end of file (truncated?) in the string that starts at "
				"line %u, column %u: expected '\"'", line, col);
			goto bad;
		}
		if (c == '"') {
			advance(p);
			return b.s;
		}
		if (c < 0x20) {
			fail_at(p, p->line, p->col,
				"control character 0x%02x in a string: expected it escaped "
				"(\\n, \\t, \\u00XX)", c);
			goto bad;
		}
		if (c >= 0x80) {
			if (!utf8_seq(p, &b))
				goto bad;
			continue;
		}
		if (c != '\\') {
			if (!put(p, &b, (unsigned char)c))
				goto bad;
			advance(p);
			continue;
		}
		advance(p);
		c = peek(p);
		switch (c) {
		case '"': case '\\': case '/':
			advance(p);
			if (!put(p, &b, (unsigned char)c))
				goto bad;
			break;
		case 'b': case 'f': case 'n': case 'r': case 't':
			advance(p);
			if (!put(p, &b, c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ? '\n' :
				  c == 'r' ? '\r' : '\t'))
				goto bad;
			break;
		case 'u': {
			unsigned el = p->line, ec = p->col - 1;
			long u, lo;

			advance(p);
			u = hex4(p);
			if (u < 0)
				goto bad;
			if (u == 0) {
				fail_at(p, el, ec, "\\u0000 in a string is not supported");
				goto bad;
			}
			if (u >= 0xdc00 && u <= 0xdfff) {
				fail_at(p, el, ec, "lone low surrogate \\u%04lx in a string", u);
				goto bad;
			}
			if (u >= 0xd800 && u <= 0xdbff) {
				if (peek(p) != '\\') {
					expected(p, "\\u and a low surrogate after a high surrogate");
					goto bad;
				}
				advance(p);
				if (peek(p) != 'u') {
					expected(p, "\\u and a low surrogate after a high surrogate");
					goto bad;
				}
				advance(p);
				lo = hex4(p);
				if (lo < 0)
					goto bad;
				if (lo < 0xdc00 || lo > 0xdfff) {
					fail_at(p, el, ec, "high surrogate \\u%04lx not followed by a low "
						"surrogate", u);
					goto bad;
				}
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (!put_utf8(p, &b, (uint32_t)u))
				goto bad;
			break;
		}
		default:
			expected(p, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) after '\\'");
			goto bad;
		}
	}
bad:
	free(b.s);
	return NULL;
}

/* ---- numbers -------------------------------------------------------------------------------- */

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool parse_number(struct parser *p, struct json *v)
{
	size_t start = p->pos;
	bool neg = false, frac = false, exp = false;
	char tmp[64], *end;
	size_t n;

	if (peek(p) == '-') {
		neg = true;
		advance(p);
	}
	if (peek(p) == '0') {
		advance(p);
		if (is_digit(peek(p))) {
			fail_at(p, p->line, p->col, "leading zeros are not allowed in a number");
			return false;
		}
	} else if (is_digit(peek(p))) {
		while (is_digit(peek(p)))
			advance(p);
	} else {
		expected(p, "a digit after '-'");
		return false;
	}
	if (peek(p) == '.') {
		frac = true;
		advance(p);
		if (!is_digit(peek(p))) {
			expected(p, "a digit after the decimal point");
			return false;
		}
		while (is_digit(peek(p)))
			advance(p);
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		exp = true;
		advance(p);
		if (peek(p) == '+' || peek(p) == '-')
			advance(p);
		if (!is_digit(peek(p))) {
			expected(p, "a digit in the exponent");
			return false;
		}
		while (is_digit(peek(p)))
			advance(p);
	}
	n = p->pos - start;
	if (n >= sizeof(tmp)) {
		fail_at(p, v->line, v->col, "number too long (%zu characters)", n);
		return false;
	}
	memcpy(tmp, p->s + start, n);
	tmp[n] = 0;
	errno = 0;
	v->num = strtod(tmp, &end);
	if (end != tmp + n || !isfinite(v->num)) {
		fail_at(p, v->line, v->col, "number %s is out of range", tmp);
		return false;
	}
	v->type = JSON_NUMBER;
	if (!neg && !frac && !exp) {
		uint64_t u = 0;
		bool ok = true;

		for (size_t i = 0; i < n && ok; i++) {
			unsigned d = (unsigned)(tmp[i] - '0');

			if (u > (UINT64_MAX - d) / 10)
				ok = false;
			else
				u = u * 10 + d;
		}
		v->is_u64 = ok;
		v->u64 = ok ? u : 0;
	}
	return true;
}

/* ---- values --------------------------------------------------------------------------------- */

static bool parse_value(struct parser *p, struct json *v);

static bool literal(struct parser *p, const char *word, struct json *v, enum json_type t)
{
	char what[32];

	snprintf(what, sizeof(what), "'%s'", word);
	for (const char *w = word; *w; w++) {
		if (peek(p) != *w) {
			if (peek(p) < 0)
				expected(p, what);
			else
				fail_at(p, v->line, v->col, "expected a value (%s?), found a bad literal",
					what);
			return false;
		}
		advance(p);
	}
	v->type = t;
	return true;
}

static bool grow(struct parser *p, struct json *v, size_t *cap, bool keys)
{
	if (v->n < *cap)
		return true;
	*cap = *cap ? *cap * 2 : 8;
	{
		struct json *k = xrealloc(p, v->kids, *cap * sizeof(*k));

		if (!k)
			return false;
		v->kids = k;
	}
	if (keys) {
		char **k = xrealloc(p, v->keys, *cap * sizeof(*k));

		if (!k)
			return false;
		v->keys = k;
	}
	return true;
}

static bool parse_array(struct parser *p, struct json *v)
{
	size_t cap = 0;

	v->type = JSON_ARRAY;
	advance(p);
	skip_ws(p);
	if (peek(p) == ']') {
		advance(p);
		return true;
	}
	for (;;) {
		struct json *k;

		skip_ws(p);
		if (peek(p) == ']') {
			expected(p, "a value after ',' (trailing commas are not JSON)");
			return false;
		}
		if (peek(p) < 0) {
			expected(p, "a value after ','");
			return false;
		}
		if (!grow(p, v, &cap, false))
			return false;
		k = &v->kids[v->n++];
		memset(k, 0, sizeof(*k));
		if (!parse_value(p, k))
			return false;
		skip_ws(p);
		if (peek(p) == ',') {
			advance(p);
			continue;
		}
		if (peek(p) == ']') {
			advance(p);
			return true;
		}
		expected(p, "',' or ']' after an array element");
		return false;
	}
}

static bool parse_object(struct parser *p, struct json *v)
{
	size_t cap = 0;

	v->type = JSON_OBJECT;
	advance(p);
	skip_ws(p);
	if (peek(p) == '}') {
		advance(p);
		return true;
	}
	for (;;) {
		unsigned kl, kc;
		char *key;
		struct json *k;

		skip_ws(p);
		if (peek(p) != '"') {
			expected(p, !v->n ? "a string key or '}'" :
				    peek(p) == '}' ? "a string key after ',' (trailing commas are not JSON)"
						   : "a string key after ','");
			return false;
		}
		kl = p->line;
		kc = p->col;
		key = parse_string(p);
		if (!key)
			return false;
		for (size_t i = 0; i < v->n; i++)
			if (!strcmp(v->keys[i], key)) {
				fail_at(p, kl, kc, "duplicate key \"%s\" in an object (its first value is at "
					"line %u, column %u)", key, v->kids[i].line, v->kids[i].col);
				free(key);
				return false;
			}
		if (!grow(p, v, &cap, true)) {
			free(key);
			return false;
		}
		k = &v->kids[v->n];
		memset(k, 0, sizeof(*k));
		v->keys[v->n++] = key;
		skip_ws(p);
		if (peek(p) != ':') {
			char what[160];

			snprintf(what, sizeof(what), "':' after the key \"%.100s\"", key);
			expected(p, what);
			return false;
		}
		advance(p);
		if (!parse_value(p, k))
			return false;
		skip_ws(p);
		if (peek(p) == ',') {
			advance(p);
			continue;
		}
		if (peek(p) == '}') {
			advance(p);
			return true;
		}
		{
			char what[160];

			snprintf(what, sizeof(what), "',' or '}' after the value of \"%.100s\"", key);
			expected(p, what);
		}
		return false;
	}
}

static bool parse_value(struct parser *p, struct json *v)
{
	int c;
	bool ok;

	skip_ws(p);
	v->line = p->line;
	v->col = p->col;
	c = peek(p);
	switch (c) {
	case '{':
	case '[':
		if (++p->depth > JSON_MAX_DEPTH) {
			fail_at(p, p->line, p->col, "nesting deeper than %d arrays and objects",
				JSON_MAX_DEPTH);
			return false;
		}
		ok = c == '{' ? parse_object(p, v) : parse_array(p, v);
		p->depth--;
		return ok;
	case '"':
		v->type = JSON_STRING;
		v->str = parse_string(p);
		return v->str != NULL;
	case 't':
		return literal(p, "true", v, JSON_TRUE);
	case 'f':
		return literal(p, "false", v, JSON_FALSE);
	case 'n':
		return literal(p, "null", v, JSON_NULL);
	default:
		if (c == '-' || is_digit(c))
			return parse_number(p, v);
		expected(p, "a value (object, array, string, number, true, false or null)");
		return false;
	}
}

static void free_inner(struct json *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free_inner(&v->kids[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	free(v->str);
}

void json_free(struct json *v)
{
	if (!v)
		return;
	free_inner(v);
	free(v);
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct parser p = { (const unsigned char *)text, len, 0, 1, 1, 0, false, err, errlen };
	struct json *v = calloc(1, sizeof(*v));

	if (errlen)
		err[0] = 0;
	if (!v) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* a UTF-8 byte order mark is not JSON text (RFC 8259 8.1): say so */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		fail_at(&p, 1, 1, "byte order mark at the start: expected a value");
		goto bad;
	}
	skip_ws(&p);
	if (p.pos >= p.len) {
		fail_at(&p, p.line, p.col, "empty document: expected a value");
		goto bad;
	}
	if (!parse_value(&p, v))
		goto bad;
	skip_ws(&p);
	if (p.pos < p.len) {
		expected(&p, "the end of the file after the top-level value");
		goto bad;
	}
	return v;
bad:
	json_free(v);
	return NULL;
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->kids[i];
	return NULL;
}

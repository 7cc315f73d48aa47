// SPDX-License-Identifier: MIT
/*
 * ra_num.c - number parsing for the host tools' options (see ra_num.h).
 */
#include "ra_num.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define EXIT_USAGE 2

/* @v as the options would spell it: hexadecimal, a size with a suffix, or decimal */
static void fmt_u64(char *buf, size_t n, uint64_t v, unsigned flags)
{
	static const char sfx[] = "KMG";

	if (flags & RA_NUM_HEX) {
		snprintf(buf, n, "0x%" PRIx64, v);
		return;
	}
	if (flags & RA_NUM_SIZE)
		for (int i = 2; i >= 0; i--)
			if (v && !(v & ((1ull << (10 * (i + 1))) - 1))) {
				snprintf(buf, n, "%" PRIu64 "%c", v >> (10 * (i + 1)), sfx[i]);
				return;
			}
	snprintf(buf, n, "%" PRIu64, v);
}

static const char *what(unsigned flags)
{
	if (flags & RA_NUM_HEX)
		return (flags & RA_NUM_SIZE) ? "a hexadecimal number (0x optional; K, M or G suffix)"
					     : "a hexadecimal number (0x optional)";
	if (flags & RA_NUM_SIZE)
		return "a size (an integer, or 0x hexadecimal, with an optional K, M or G suffix)";
	return "a decimal integer (or 0x hexadecimal)";
}

/* The magnitude of @s (digits and suffix); false if it is not a number or does not fit. */
static bool magnitude(const char *s, unsigned flags, uint64_t *out)
{
	unsigned base = (flags & RA_NUM_HEX) ? 16 : 10, shift = 0;
	uint64_t v = 0;
	const char *p = s, *digits;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (digits = p; *p; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	if (p == digits)
		return false;
	if (*p && (flags & RA_NUM_SIZE) && !p[1]) {
		switch (*p) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		default: return false;
		}
		p++;
	}
	if (*p || (shift && v > UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

int ra_num_u64(const char *s, unsigned flags, uint64_t lo, uint64_t hi, uint64_t *out,
	       char *err, size_t errlen)
{
	char a[32], b[32];
	uint64_t v;

	if (s && magnitude(s, flags, &v) && v >= lo && v <= hi) {
		*out = v;
		return 0;
	}
	if (!lo && hi == UINT64_MAX) {
		snprintf(err, errlen, "expected %s of at most 64 bits", what(flags));
		return -1;
	}
	fmt_u64(a, sizeof(a), lo, flags);
	fmt_u64(b, sizeof(b), hi, flags);
	snprintf(err, errlen, "expected %s from %s to %s", what(flags), a, b);
	return -1;
}

int ra_num_i64(const char *s, unsigned flags, int64_t lo, int64_t hi, int64_t *out, char *err,
	       size_t errlen)
{
	bool neg = s && *s == '-';
	uint64_t m;

	if (s && magnitude(s + (neg || *s == '+'), flags, &m) &&
	    m <= (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)) {
		int64_t v = neg ? (int64_t)(0 - m) : (int64_t)m;

		if (v >= lo && v <= hi) {
			*out = v;
			return 0;
		}
	}
	snprintf(err, errlen, "expected %s from %" PRId64 " to %" PRId64,
		 (flags & RA_NUM_HEX) ? "a signed hexadecimal number (0x optional)"
				      : "a signed decimal integer (or 0x hexadecimal)", lo, hi);
	return -1;
}

int ra_num_double(const char *s, double lo, double hi, double *out, char *err, size_t errlen)
{
	char *end;
	double v;

	errno = 0;
	v = s ? strtod(s, &end) : 0;
	if (s && end != s && !*end && !errno && isfinite(v) && v >= lo && v <= hi) {
		*out = v;
		return 0;
	}
	snprintf(err, errlen, "expected a number from %g to %g", lo, hi);
	return -1;
}

static void die(const char *prog, const char *opt, const char *s, const char *err)
{
	fprintf(stderr, "%s: %s '%s': %s\n", prog, opt, s ? s : "", err);
	exit(EXIT_USAGE);
}

uint64_t ra_opt_u64(const char *prog, const char *opt, const char *s, unsigned flags,
		    uint64_t lo, uint64_t hi)
{
	char err[160];
	uint64_t v = 0;

	if (ra_num_u64(s, flags, lo, hi, &v, err, sizeof(err)))
		die(prog, opt, s, err);
	return v;
}

int64_t ra_opt_i64(const char *prog, const char *opt, const char *s, unsigned flags, int64_t lo,
		   int64_t hi)
{
	char err[160];
	int64_t v = 0;

	if (ra_num_i64(s, flags, lo, hi, &v, err, sizeof(err)))
		die(prog, opt, s, err);
	return v;
}

double ra_opt_double(const char *prog, const char *opt, const char *s, double lo, double hi)
{
	char err[160];
	double v = 0;

	if (ra_num_double(s, lo, hi, &v, err, sizeof(err)))
		die(prog, opt, s, err);
	return v;
}

/* SPDX-License-Identifier: MIT */
/*
 * ra_num.h - number parsing for the host tools' options (ra-sim, ra-report, ra-mkimage,
 * ra-bench, ra-board, the trace tools): one syntax and one kind of error message everywhere.
 *
 * Syntax, by flags:
 *   RA_NUM_DEC   (0)  decimal, or hexadecimal with a 0x prefix ("4096", "0x1000")
 *   RA_NUM_HEX        hexadecimal, 0x optional (addresses: "40000000", "0x40000000")
 *   RA_NUM_SIZE       a K, M or G suffix multiplies by 2^10, 2^20, 2^30 ("16M")
 * No sign for unsigned numbers, no spaces, nothing after the number; the value must lie in
 * [lo, hi]. On an error the message says what was expected, e.g.
 *   "expected a decimal integer (or 0x hexadecimal) from 1 to 4000".
 */
#ifndef RA_NUM_H
#define RA_NUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RA_NUM_DEC 0u
#define RA_NUM_HEX 1u
#define RA_NUM_SIZE 2u

/* Parse @s into @out. Returns 0, or -1 with "expected ..." in @err (@errlen bytes). */
int ra_num_u64(const char *s, unsigned flags, uint64_t lo, uint64_t hi, uint64_t *out,
	       char *err, size_t errlen);
int ra_num_i64(const char *s, unsigned flags, int64_t lo, int64_t hi, int64_t *out, char *err,
	       size_t errlen);
int ra_num_double(const char *s, double lo, double hi, double *out, char *err, size_t errlen);

/*
 * The same for a command-line option: on an error prints one line
 *   "PROG: OPT 'VALUE': expected ..."
 * on stderr and exits with status 2 (a usage error).
 */
uint64_t ra_opt_u64(const char *prog, const char *opt, const char *s, unsigned flags,
		    uint64_t lo, uint64_t hi);
int64_t ra_opt_i64(const char *prog, const char *opt, const char *s, unsigned flags, int64_t lo,
		   int64_t hi);
double ra_opt_double(const char *prog, const char *opt, const char *s, double lo, double hi);

#ifdef __cplusplus
}
#endif

#endif

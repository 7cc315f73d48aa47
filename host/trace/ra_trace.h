/* SPDX-License-Identifier: MIT */
/*
 * ra_trace.h - page-reference traces in the "ra-trace v1" text format.
 *
 * A trace is a sequence of memory references (load, store, instruction
 * fetch) to 48-bit virtual addresses, each tagged with a process index. The
 * format is described in docs/trace-format.md; in short:
 *
 *	# ra-trace v1		required first line, exactly
 *	# comment		any other line starting with '#'
 *	P 1			following records belong to process 1
 *	R 7ff0001238		load of the 8-byte word at this VA
 *	W 4010a0		store
 *	X 400560		instruction fetch
 *
 * Files may be gzip-compressed; plain and compressed files are read alike.
 * The library keeps no global state, never prints and never exits.
 */
#ifndef RA_TRACE_H
#define RA_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* The exact first line of every trace (without the line end). */
#define RA_TRACE_HEADER		"# ra-trace v1"

/* Virtual addresses are 48 bits wide; pages are 4 KiB. */
#define RA_TRACE_VA_BITS	48
#define RA_TRACE_PAGE_SHIFT	12

/* Highest process index a trace may use. */
#define RA_TRACE_MAX_PID	255

/**
 * struct ra_trace - a trace read into memory (structure of arrays)
 * @n: number of records; at least 1 in a trace returned by ra_trace_read().
 * @va: @n virtual addresses, each below 2^48, in trace order.
 * @op: @n operations: 'R' (load), 'W' (store) or 'X' (instruction fetch,
 *	i.e. a read of an executable page).
 * @pid: @n process indices, 0..255 (0 unless a "P" line said otherwise).
 * @nproc: 1 + the highest process index used by a record.
 *
 * The arrays are owned by the structure; release them with ra_trace_free().
 */
struct ra_trace {
	size_t n;
	uint64_t *va;
	uint8_t *op;
	uint8_t *pid;
	unsigned int nproc;
};

/**
 * ra_trace_read() - read an ra-trace v1 file, plain or gzip-compressed
 * @path: file to read.
 * @t: filled in on success; left empty (all zero) on failure.
 * @err: buffer for a one-line error message (no trailing newline); may be
 *	NULL if @errlen is 0.
 * @errlen: size of @err in bytes.
 *
 * The first line must be exactly "# ra-trace v1" (a trailing CR or trailing
 * blanks are tolerated on every line). Lines starting with '#' are comments
 * and blank lines are ignored. A record is an op letter (R, W or X), blanks,
 * and the address in hexadecimal without "0x" (at most 48 bits); "P n" sets
 * the process index (decimal, 0..255) of the records that follow.
 *
 * The message names the file, the line number, the offending text and what
 * was expected, for example
 * "trace.ratr:17: bad address 'zz12': expected up to 12 hex digits".
 * A missing or wrong header, an unknown op, a missing operand or extra text
 * after it, an address that is not hexadecimal or wider than 48 bits, a
 * process index above 255, a line longer than 255 characters and a trace
 * without records are errors, as are failures to open or read the file.
 *
 * Return: 0 on success, -1 on error (with @err set).
 */
int ra_trace_read(const char *path, struct ra_trace *t, char *err,
		  size_t errlen);

/**
 * ra_trace_free() - release the arrays of a trace
 * @t: trace filled in by ra_trace_read(), or zeroed; it is zeroed again.
 */
void ra_trace_free(struct ra_trace *t);

/**
 * ra_trace_footprint() - distinct 4 KiB pages touched by one process
 * @t: the trace.
 * @pid: process index.
 *
 * Counts the distinct values of va >> 12 over the records of process @pid
 * (all ops alike), e.g. to size the memory of a replay.
 *
 * Return: the number of distinct pages; 0 if @pid has no records;
 * UINT64_MAX if memory could not be allocated.
 */
uint64_t ra_trace_footprint(const struct ra_trace *t, unsigned int pid);

#endif

// SPDX-License-Identifier: MIT
/*
 * ra-board - talk to the reclaim-accel FPGA board over its serial port (the protocol of
 * rtl/board/ra_board_bridge.sv): identify it, read and write the device's registers and the
 * board memory, load images, run WALK and SCAN commands, and check the device against the C
 * model (selftest).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ra_num.h"
#include "ra_regs.h"
#include "rb_dev.h"
#include "rb_link.h"
#include "rb_selftest.h"

#define DEFAULT_PORT "/dev/ttyUSB1"
#define DEFAULT_BAUD 115200u
#define DEFAULT_TIMEOUT_MS 2000u

static const char *prog = "ra-board";

static void usage(FILE *f)
{
	fprintf(f,
"usage: ra-board [--port PATH] [--baud N] [--timeout-ms N] [-v] COMMAND [ARGS]\n"
"\n"
"Talks to a reclaim-accel FPGA board (rtl/board/ra_board.sv) over its serial port, or to\n"
"ra-board-sim on a pseudo-terminal: the device's registers, the board memory, WALK and\n"
"SCAN commands, and a check of the device against the C model.\n"
"\n"
"global options (before or after the command):\n"
"  --port PATH       serial device (default " DEFAULT_PORT ", channel B of the iCE40-HX8K\n"
"                    breakout's FTDI chip; ra-board-sim prints the pty it made)\n"
"  --baud N          bit rate the bitstream was built for (default 115200)\n"
"  --timeout-ms N    longest wait for a reply byte, and for a command's completion\n"
"                    (default %u)\n"
"  -v                verbose: decoded results; -v -v adds every byte on the line;\n"
"                    -v -v -v every register access\n"
"\n"
"commands:\n"
"  info              the board (PING: protocol, memory, clock) and the device: ID, VERSION,\n"
"                    CAP (engines, walk cache, reads in flight, data bytes), PERF_CAP and\n"
"                    the DMA windows that exist (probed: each WINn_LIMIT_LO is written\n"
"                    and restored)\n"
"  csr-read OFF      read a register; OFF is a byte offset or a name (CAP, CTRL,\n"
"                    WIN1_LIMIT_LO, CNT_WALKS_LO, ...)\n"
"  csr-write OFF VAL write a register\n"
"  mem-read PA [WORDS]   read WORDS (default 1) 64-bit words of board memory\n"
"  mem-write PA VAL...   write 64-bit words\n"
"  mem-zero PA BYTES     zero BYTES (a multiple of 8) of board memory\n"
"  load FILE [--pa PA]   write a raw memory image (such as ra-mkimage's) at PA (default:\n"
"                    the memory's base): the range is zeroed with one request, then only\n"
"                    the non-zero words are sent\n"
"  counters          every performance counter by name (LO read before HI), and PERF_OVF\n"
"  walk --ttbr PA [--pa-bits N] [--scratch PA] VA...\n"
"                    translate VAs with one WALK command and print, per VA, the PA, level\n"
"                    and descriptor or the fault\n"
"  scan --ttbr PA --start VA --end VA [--clear-af] [--dirty] [--records N]\n"
"       [--pa-bits N] [--scratch PA]\n"
"                    one SCAN command over [start, end) (4 KiB aligned): the young (and\n"
"                    with --dirty the dirty) bitmap, young and dirty pages as ranges, and\n"
"                    the records (blocks and faults; --records capacity, default 64);\n"
"                    --clear-af clears AF of every young leaf\n"
"  selftest [--seed N] [--mem-bytes N] [--inject-mismatch]\n"
"                    the hardware check: configure the C model as the board reports, zero\n"
"                    the memory, upload page tables built with pt_build, run the same\n"
"                    WALK commands (pages, blocks, invalid and malformed entries, bus\n"
"                    faults, address-size faults with PA_BITS lowered, DMA windows, DMA,\n"
"                    BAD_ARGS and BAD_OPCODE errors), SCAN and HASH/CMP/COPY commands when\n"
"                    the device has them, on both; compare completions and output buffers\n"
"                    byte for byte after each command, then every counter except cycles\n"
"                    and busy_cycles, every register, and the whole memory used (one\n"
"                    download). One line per check, then a summary.\n"
"                    --seed N: random descriptors and VAs (default 1); --mem-bytes N: use\n"
"                    only the first N bytes of the memory (default all; at least 16384);\n"
"                    --inject-mismatch: flip a bit of the model's copy of a page table\n"
"                    (proves that the comparison fails)\n"
"  help              this text\n"
"\n"
"walk and scan reset the device (CTRL.SOFT_RESET, which also clears the counters), map DMA\n"
"window 0 over the whole board memory and put the rings and buffers in a scratch area at\n"
"the top of the memory (only the bytes needed; --scratch PA moves it): keep page tables\n"
"below it. PA_BITS is 48 unless --pa-bits (32..48) says otherwise.\n"
"\n"
"Numbers are decimal, or hexadecimal with 0x. Memory addresses are physical (the board\n"
"memory starts at the base PING reports, 0x40000000) and 8-byte aligned.\n"
"\n"
"exit status: 0 ok; 1 device error, refusal (out of range), failed command or selftest\n"
"mismatch; 2 bad arguments; 3 serial failure (no reply within --timeout-ms, garbled\n"
"reply, port error).\n",
		DEFAULT_TIMEOUT_MS);
}

static void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (code == RB_EUSAGE)
		fprintf(stderr, " (see ra-board --help)");
	fputc('\n', stderr);
	exit(code);
}

static void fail(int rc)
{
	if (rc)
		die(rc, "%s", rb_errmsg);
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char err[8];

	return !ra_num_u64(s, RA_NUM_DEC, 0, UINT64_MAX, v, err, sizeof(err));
}

static uint64_t num(const char *what, const char *s, uint64_t lo, uint64_t hi)
{
	uint64_t v = 0;
	char err[160];

	if (ra_num_u64(s, RA_NUM_DEC, lo, hi, &v, err, sizeof(err)))
		die(RB_EUSAGE, "%s '%s': %s", what, s, err);
	return v;
}

/* ---------------------------------------------------------------------------------------- */
/* Register names */

static const struct {
	const char *name;
	uint32_t off;
} regs[] = {
	{ "ID", RA_REG_ID }, { "VERSION", RA_REG_VERSION }, { "CAP", RA_REG_CAP },
	{ "CTRL", RA_REG_CTRL }, { "STATUS", RA_REG_STATUS }, { "INT_STATUS", RA_REG_INT_STATUS },
	{ "INT_MASK", RA_REG_INT_MASK }, { "PA_BITS", RA_REG_PA_BITS },
	{ "SQ_BASE_LO", RA_REG_SQ_BASE_LO }, { "SQ_BASE_HI", RA_REG_SQ_BASE_HI },
	{ "SQ_SIZE", RA_REG_SQ_SIZE }, { "SQ_HEAD", RA_REG_SQ_HEAD }, { "SQ_TAIL", RA_REG_SQ_TAIL },
	{ "CQ_BASE_LO", RA_REG_CQ_BASE_LO }, { "CQ_BASE_HI", RA_REG_CQ_BASE_HI },
	{ "CQ_SIZE", RA_REG_CQ_SIZE }, { "CQ_HEAD", RA_REG_CQ_HEAD }, { "CQ_TAIL", RA_REG_CQ_TAIL },
	{ "PERF_CAP", RA_REG_PERF_CAP }, { "PERF_OVF", RA_REG_PERF_OVF },
};

/* The name of the register at @off into @buf ("" if none). */
static const char *reg_name(uint32_t off, char *buf, size_t len)
{
	static const char *const win[] = { "BASE_LO", "BASE_HI", "LIMIT_LO", "LIMIT_HI" };
	static const char *const cnt[] = RA_COUNTER_NAMES;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (regs[i].off == off)
			snprintf(buf, len, "%s", regs[i].name);
	if (off >= RA_REG_WIN_BASE_LO(0) && off < RA_REG_WIN_BASE_LO(RA_NUM_WINDOWS))
		snprintf(buf, len, "WIN%u_%s", (off - RA_REG_WIN_BASE_LO(0)) / 16,
			 win[(off & 0xf) / 4]);
	if (off >= RA_REG_CNT_LO(0) && off < RA_REG_CNT_LO(RA_NUM_COUNTERS)) {
		unsigned i = (off - RA_REG_CNT_LO(0)) / 8;
		size_t k = (size_t)snprintf(buf, len, "CNT_");

		for (const char *c = cnt[i]; *c && k + 4 < len; c++)
			buf[k++] = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
		snprintf(buf + k, len - k, "%s", (off & 4) ? "_HI" : "_LO");
	}
	return buf;
}

static uint32_t parse_off(const char *s)
{
	uint64_t v;
	char buf[40];

	if (parse_u64(s, &v)) {
		if (v >= RA_CSR_BYTES || (v & 3))
			die(RB_EUSAGE, "register offset %s: expected a multiple of 4 below 0x%x", s,
			    RA_CSR_BYTES);
		return (uint32_t)v;
	}
	for (uint32_t off = 0; off < RA_CSR_BYTES; off += 4)
		if (!strcasecmp(reg_name(off, buf, sizeof(buf)), s))
			return off;
	die(RB_EUSAGE, "register '%s': expected a byte offset or a register name such as CAP, "
	    "CTRL, WIN0_LIMIT_LO or CNT_WALKS_LO", s);
}

/* ---------------------------------------------------------------------------------------- */
/* Commands */

struct ctx {
	const char *port;
	unsigned baud, timeout_ms;
	int verbose;
	struct rb_link link;
	bool open;
};

static struct rb_link *board(struct ctx *c)
{
	if (!c->open) {
		fail(rb_open(&c->link, c->port, c->baud, c->timeout_ms, c->verbose));
		c->open = true;
	}
	return &c->link;
}

static void need_args(const char *cmd, int argc, int lo, int hi, const char *what)
{
	if (argc < lo || (hi >= 0 && argc > hi))
		die(RB_EUSAGE, "%s: expected %s", cmd, what);
}

static int cmd_info(struct ctx *c, int argc, char **argv)
{
	struct rb_link *l;
	struct rb_target t = { .name = "board" };
	struct rb_caps caps;
	char eng[64];

	(void)argv;
	need_args("info", argc, 0, 0, "no arguments");
	l = board(c);
	t.link = l;
	t.timeout_ms = c->timeout_ms;
	printf("board:        protocol %u on %s at %u baud\n", l->proto, l->port, l->baud);
	printf("memory:       %" PRIu64 " KiB at [0x%08" PRIx32 ", 0x%08" PRIx64 ") (MEM_LOG2 %u)\n",
	       l->mem_bytes >> 10, l->mem_base, l->mem_base + l->mem_bytes, l->mem_log2);
	printf("clock:        %" PRIu32 " kHz\n", l->clk_khz);
	fail(rb_get_caps(&t, &caps));
	printf("ID:           0x%08" PRIx32 " ('RACC')\n", caps.id);
	printf("VERSION:      0x%08" PRIx32 " (%u.%u)\n", caps.version, caps.version >> 16,
	       caps.version & 0xffff);
	printf("CAP:          0x%08" PRIx32 "\n", caps.cap);
	printf("  engines:    %s (0x%02x)\n", rb_engines_str(caps.engines, eng, sizeof(eng)),
	       caps.engines);
	printf("  walk cache: %u entries\n", caps.walk_cache);
	printf("  rd inflight: %u read bursts\n", caps.rd_inflight);
	printf("  data bytes: %u (memory port %u bits)\n", caps.data_bytes, caps.data_bytes * 8);
	printf("PERF_CAP:     0x%08" PRIx32 " (%u counters, %u bits wide)\n", caps.perf_cap,
	       caps.num_counters, caps.cnt_width);
	printf("DMA windows:  %u\n", caps.windows);
	return RB_OK;
}

static int cmd_csr_read(struct ctx *c, int argc, char **argv)
{
	uint32_t off, v;
	char name[40];

	need_args("csr-read", argc, 1, 1, "OFF");
	off = parse_off(argv[0]);
	fail(rb_csr_rd(board(c), off, &v));
	printf("0x%03" PRIx32 " %-20s 0x%08" PRIx32 "\n", off, reg_name(off, name, sizeof(name)),
	       v);
	return RB_OK;
}

static int cmd_csr_write(struct ctx *c, int argc, char **argv)
{
	uint32_t off, v;

	need_args("csr-write", argc, 2, 2, "OFF VAL");
	off = parse_off(argv[0]);
	v = (uint32_t)num("csr-write VAL", argv[1], 0, UINT32_MAX);
	fail(rb_csr_wr(board(c), off, v));
	return RB_OK;
}

/* The range check against the memory PING reported, before anything is sent. */
static void mem_range(struct rb_link *l, const char *cmd, uint64_t pa, uint64_t len)
{
	if (pa & 7)
		die(RB_EUSAGE, "%s: PA 0x%" PRIx64 ": expected an 8-byte aligned address", cmd, pa);
	if (!rb_in_mem(l, pa, len))
		die(RB_EDEV, "%s: [0x%" PRIx64 ", 0x%" PRIx64 ") is outside the board memory "
		    "[0x%08" PRIx32 ", 0x%08" PRIx64 ")", cmd, pa, pa + len, l->mem_base,
		    l->mem_base + l->mem_bytes);
}

static int cmd_mem_read(struct ctx *c, int argc, char **argv)
{
	uint64_t pa, n = 1, *w;
	struct rb_link *l;

	need_args("mem-read", argc, 1, 2, "PA [WORDS]");
	pa = num("mem-read PA", argv[0], 0, UINT32_MAX);
	if (argc > 1)
		n = num("mem-read WORDS", argv[1], 1, 1u << 28);
	l = board(c);
	mem_range(l, "mem-read", pa, 8 * n);
	w = calloc(n, 8);
	if (!w)
		die(RB_EDEV, "out of memory");
	fail(rb_mem_rd(l, pa, n, w));
	for (uint64_t i = 0; i < n; i++)
		printf("0x%08" PRIx64 ": 0x%016" PRIx64 "\n", pa + 8 * i, w[i]);
	free(w);
	return RB_OK;
}

static int cmd_mem_write(struct ctx *c, int argc, char **argv)
{
	uint64_t pa, *w;
	struct rb_link *l;

	need_args("mem-write", argc, 2, -1, "PA VAL...");
	pa = num("mem-write PA", argv[0], 0, UINT32_MAX);
	w = calloc((size_t)argc - 1, 8);
	if (!w)
		die(RB_EDEV, "out of memory");
	for (int i = 1; i < argc; i++)
		w[i - 1] = num("mem-write VAL", argv[i], 0, UINT64_MAX);
	l = board(c);
	mem_range(l, "mem-write", pa, 8ull * (unsigned)(argc - 1));
	fail(rb_mem_wr(l, pa, (size_t)argc - 1, w));
	free(w);
	return RB_OK;
}

static int cmd_mem_zero(struct ctx *c, int argc, char **argv)
{
	uint64_t pa, bytes;
	struct rb_link *l;

	need_args("mem-zero", argc, 2, 2, "PA BYTES");
	pa = num("mem-zero PA", argv[0], 0, UINT32_MAX);
	bytes = num("mem-zero BYTES", argv[1], 8, 1ull << 32);
	if (bytes & 7)
		die(RB_EUSAGE, "mem-zero BYTES %s: expected a multiple of 8", argv[1]);
	l = board(c);
	mem_range(l, "mem-zero", pa, bytes);
	fail(rb_mem_zero(l, pa, bytes / 8));
	return RB_OK;
}

static int cmd_load(struct ctx *c, int argc, char **argv)
{
	const char *file = NULL;
	uint64_t pa = 0, size, nw, *w;
	bool have_pa = false;
	struct rb_link *l;
	size_t sent = 0;
	FILE *f;
	long sz;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--pa") && i + 1 < argc) {
			pa = num("load --pa", argv[++i], 0, UINT32_MAX);
			have_pa = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			die(RB_EUSAGE, "load: unknown or incomplete option '%s'", argv[i]);
		} else if (!file) {
			file = argv[i];
		} else {
			die(RB_EUSAGE, "load: expected one FILE, got '%s' as well", argv[i]);
		}
	}
	if (!file)
		die(RB_EUSAGE, "load: expected FILE [--pa PA]");
	f = fopen(file, "rb");
	if (!f)
		die(RB_EUSAGE, "load: %s: %s", file, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die(RB_EUSAGE, "load: %s: cannot determine its size", file);
	if (sz == 0)
		die(RB_EUSAGE, "load: %s: the file is empty", file);
	size = (uint64_t)sz;
	nw = (size + 7) / 8;
	l = board(c);
	if (!have_pa)
		pa = l->mem_base;
	mem_range(l, "load", pa, 8 * nw);
	w = calloc(nw, 8);
	if (!w)
		die(RB_EDEV, "out of memory");
	uint8_t *b = (uint8_t *)w;

	if (fread(b, 1, size, f) != size)
		die(RB_EUSAGE, "load: %s: short read", file);
	fclose(f);
	for (uint64_t i = 0; i < nw; i++)
		w[i] = rb_get64(b + 8 * i);
	fail(rb_mem_upload(l, pa, nw, w, &sent));
	printf("loaded %s: %" PRIu64 " bytes at [0x%08" PRIx64 ", 0x%08" PRIx64 "), %zu of %" PRIu64
	       " words sent after zeroing the range\n", file, size, pa, pa + 8 * nw, sent, nw);
	free(w);
	return RB_OK;
}

static int cmd_counters(struct ctx *c, int argc, char **argv)
{
	struct rb_target t = { .name = "board" };
	uint32_t perf_cap, ovf;
	unsigned n;

	(void)argv;
	need_args("counters", argc, 0, 0, "no arguments");
	t.link = board(c);
	fail(rb_rd32(&t, RA_REG_PERF_CAP, &perf_cap));
	n = (perf_cap & RA_PERF_CAP_NUM_MASK) >> RA_PERF_CAP_NUM_SHIFT;
	if (n > RA_NUM_COUNTERS)
		n = RA_NUM_COUNTERS;
	for (unsigned i = 0; i < n; i++) {
		uint64_t v;

		fail(rb_counter(&t, i, &v));
		printf("%-18s %" PRIu64 "\n", rb_counter_names[i], v);
	}
	fail(rb_rd32(&t, RA_REG_PERF_OVF, &ovf));
	printf("%-18s 0x%05" PRIx32 "%s\n", "PERF_OVF", ovf, ovf ? " (counters wrapped)" : "");
	return RB_OK;
}

/* walk and scan: the device reset, window 0 over the memory, rings at @scratch. */
static void run_setup(struct ctx *c, struct rb_target *t, struct rb_ring *r, uint64_t scratch,
		      unsigned pa_bits)
{
	struct rb_link *l = &c->link;

	memset(t, 0, sizeof(*t));
	memset(r, 0, sizeof(*r));
	t->name = "board";
	t->link = l;
	t->timeout_ms = c->timeout_ms;
	r->sq = scratch;
	r->sq_log2 = 1;
	r->cq = scratch + 128;
	r->cq_log2 = 1;
	if (c->verbose)
		fprintf(stderr, "%s: rings at 0x%" PRIx64 " (SQ) and 0x%" PRIx64 " (CQ)\n", prog,
			r->sq, r->cq);
	fail(rb_dev_reset(t));
	fail(rb_set_window(t, 0, l->mem_base, l->mem_base + l->mem_bytes));
	fail(rb_wr32(t, RA_REG_PA_BITS, pa_bits));
	fail(rb_ring_start(t, r));
}

/* Place @need bytes of scratch at --scratch or at the top of the memory. */
static uint64_t scratch_at(struct rb_link *l, const char *cmd, bool have, uint64_t pa,
			   uint64_t need)
{
	if (!have) {
		if (need > l->mem_bytes)
			die(RB_EUSAGE, "%s: the rings and buffers need %" PRIu64 " bytes, more than "
			    "the board's %" PRIu64 " bytes of memory", cmd, need, l->mem_bytes);
		pa = (l->mem_base + l->mem_bytes - need) & ~63ull;
	}
	if (pa & 63)
		die(RB_EUSAGE, "%s: --scratch 0x%" PRIx64 ": expected a 64-byte aligned address", cmd,
		    pa);
	if (!rb_in_mem(l, pa, need))
		die(RB_EUSAGE, "%s: the scratch area [0x%" PRIx64 ", 0x%" PRIx64 ") for rings and "
		    "buffers does not fit the board memory [0x%08" PRIx32 ", 0x%08" PRIx64 ")",
		    cmd, pa, pa + need, l->mem_base, l->mem_base + l->mem_bytes);
	return pa;
}

static void print_cpl(unsigned op, const struct ra_cpl *cpl)
{
	char t[200];

	rb_cpl_format(cpl, op, t, sizeof(t));
	printf("completion: %s\n", t);
}

struct run_opts {
	uint64_t ttbr, start, end, scratch;
	bool have_ttbr, have_start, have_end, have_scratch, clear, dirty;
	unsigned pa_bits, records;
};

static int parse_run_opt(const char *cmd, int argc, char **argv, int *i, struct run_opts *o)
{
	const char *a = argv[*i];
	char what[48];

	if (!strcmp(a, "--clear-af") && !strcmp(cmd, "scan")) {
		o->clear = true;
		return 1;
	}
	if (!strcmp(a, "--dirty") && !strcmp(cmd, "scan")) {
		o->dirty = true;
		return 1;
	}
	if (*i + 1 >= argc)
		return 0;
	snprintf(what, sizeof(what), "%s %s", cmd, a);
	if (!strcmp(a, "--ttbr")) {
		o->ttbr = num(what, argv[++*i], 0, UINT64_MAX);
		o->have_ttbr = true;
	} else if (!strcmp(a, "--pa-bits")) {
		o->pa_bits = (unsigned)num(what, argv[++*i], 32, 48);
	} else if (!strcmp(a, "--scratch")) {
		o->scratch = num(what, argv[++*i], 0, UINT32_MAX);
		o->have_scratch = true;
	} else if (!strcmp(cmd, "scan") && !strcmp(a, "--start")) {
		o->start = num(what, argv[++*i], 0, 1ull << 48);
		o->have_start = true;
	} else if (!strcmp(cmd, "scan") && !strcmp(a, "--end")) {
		o->end = num(what, argv[++*i], 0, 1ull << 48);
		o->have_end = true;
	} else if (!strcmp(cmd, "scan") && !strcmp(a, "--records")) {
		o->records = (unsigned)num(what, argv[++*i], 0, 1u << 20);
	} else {
		return 0;
	}
	return 1;
}

static int cmd_walk(struct ctx *c, int argc, char **argv)
{
	struct run_opts o = { .pa_bits = 48 };
	uint64_t *va = calloc((size_t)argc + 1, 8), sc, list, res, need;
	unsigned n = 0;
	struct rb_target t;
	struct rb_ring r;
	struct ra_command cmd = { .op = RA_OP_WALK, .tag = 1 };
	struct ra_cpl cpl;
	uint8_t *rb;
	struct rb_link *l;

	if (!va)
		die(RB_EDEV, "out of memory");
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] == '-') {
			if (!parse_run_opt("walk", argc, argv, &i, &o))
				die(RB_EUSAGE, "walk: unknown or incomplete option '%s'", argv[i]);
		} else {
			va[n++] = num("walk VA", argv[i], 0, UINT64_MAX);
		}
	}
	if (!o.have_ttbr)
		die(RB_EUSAGE, "walk: --ttbr PA is required");
	if (!n)
		die(RB_EUSAGE, "walk: expected at least one VA");
	l = board(c);
	list = 192;
	res = list + ((8ull * n + 63) & ~63ull);
	need = res + 16ull * n;
	sc = scratch_at(l, "walk", o.have_scratch, o.scratch, need);
	run_setup(c, &t, &r, sc, o.pa_bits);
	{
		uint8_t *b = calloc(n, 8);

		if (!b)
			die(RB_EDEV, "out of memory");
		for (unsigned i = 0; i < n; i++)
			rb_put64(b + 8 * i, va[i]);
		fail(rb_write(&t, sc + list, b, 8ull * n));
		free(b);
	}
	cmd.ttbr = o.ttbr;
	cmd.arg[0] = sc + list;
	cmd.arg[1] = sc + res;
	cmd.arg[2] = n;
	fail(rb_exec(&t, &r, &cmd, &cpl));
	print_cpl(RA_OP_WALK, &cpl);
	if (cpl.status != RA_ST_OK)
		die(RB_EDEV, "walk: the device answered status %s", rb_status_name(cpl.status));
	rb = malloc(16ull * n);
	if (!rb)
		die(RB_EDEV, "out of memory");
	fail(rb_read(&t, sc + res, rb, 16ull * n));
	for (unsigned i = 0; i < n; i++) {
		char txt[160];

		rb_walk_format(rb + 16 * i, txt, sizeof(txt));
		printf("va 0x%016" PRIx64 " %s\n", va[i], txt);
	}
	free(rb);
	free(va);
	return RB_OK;
}

static void print_ranges(const char *what, const uint8_t *bm, uint64_t pages, uint64_t start)
{
	uint64_t count = 0;

	printf("%s pages:", what);
	for (uint64_t p = 0; p < pages;) {
		if (!(bm[p / 8] >> (p % 8) & 1)) {
			p++;
			continue;
		}
		uint64_t q = p;

		while (q < pages && (bm[q / 8] >> (q % 8) & 1))
			q++;
		printf(" 0x%" PRIx64 "-0x%" PRIx64, start + 4096 * p, start + 4096 * q - 1);
		count += q - p;
		p = q;
	}
	printf("%s (%" PRIu64 " of %" PRIu64 ")\n", count ? "" : " none", count, pages);
}

static int cmd_scan(struct ctx *c, int argc, char **argv)
{
	struct run_opts o = { .pa_bits = 48, .records = 64 };
	uint64_t sc, young, dirty, rec, need, pages, words;
	struct rb_target t;
	struct rb_ring r;
	struct ra_command cmd = { .op = RA_OP_SCAN, .tag = 1 };
	struct ra_cpl cpl;
	uint8_t *yb, *db = NULL, *rb = NULL;
	struct rb_link *l;
	unsigned nrec;

	for (int i = 0; i < argc; i++)
		if (!parse_run_opt("scan", argc, argv, &i, &o))
			die(RB_EUSAGE, "scan: unknown or incomplete argument '%s'", argv[i]);
	if (!o.have_ttbr || !o.have_start || !o.have_end)
		die(RB_EUSAGE, "scan: --ttbr PA, --start VA and --end VA are required");
	if ((o.start | o.end) & 0xfff)
		die(RB_EUSAGE, "scan: --start 0x%" PRIx64 " --end 0x%" PRIx64 ": expected 4 KiB "
		    "aligned VAs", o.start, o.end);
	if (o.start >= o.end)
		die(RB_EUSAGE, "scan: --start 0x%" PRIx64 " must be below --end 0x%" PRIx64, o.start,
		    o.end);
	pages = (o.end - o.start) >> 12;
	words = (pages + 63) / 64;
	young = 192;
	dirty = young + 8 * words;
	rec = (dirty + (o.dirty ? 8 * words : 0) + 15) & ~15ull;
	need = rec + 16ull * o.records;
	l = board(c);
	sc = scratch_at(l, "scan", o.have_scratch, o.scratch, need);
	run_setup(c, &t, &r, sc, o.pa_bits);
	cmd.flags = (uint8_t)((o.clear ? RA_SCAN_CLEAR_AF : 0) | (o.dirty ? RA_SCAN_REPORT_DIRTY : 0));
	cmd.ttbr = o.ttbr;
	cmd.arg[0] = o.start;
	cmd.arg[1] = o.end;
	cmd.arg[2] = sc + young;
	cmd.arg[3] = o.dirty ? sc + dirty : 0;
	cmd.arg[4] = sc + rec;
	cmd.arg5 = o.records;
	fail(rb_exec(&t, &r, &cmd, &cpl));
	print_cpl(RA_OP_SCAN, &cpl);
	if (cpl.status != RA_ST_OK)
		die(RB_EDEV, "scan: the device answered status %s", rb_status_name(cpl.status));
	yb = malloc(8 * words);
	if (o.dirty)
		db = malloc(8 * words);
	nrec = cpl.count[1] < o.records ? cpl.count[1] : o.records;
	rb = malloc(16ull * nrec + 16);
	if (!yb || (o.dirty && !db) || !rb)
		die(RB_EDEV, "out of memory");
	fail(rb_read(&t, sc + young, yb, 8 * words));
	if (db)
		fail(rb_read(&t, sc + dirty, db, 8 * words));
	if (nrec)
		fail(rb_read(&t, sc + rec, rb, 16ull * nrec));
	for (uint64_t i = 0; i < words; i++)
		printf("young[%" PRIu64 "] 0x%016" PRIx64 "\n", i, rb_get64(yb + 8 * i));
	for (uint64_t i = 0; db && i < words; i++)
		printf("dirty[%" PRIu64 "] 0x%016" PRIx64 "\n", i, rb_get64(db + 8 * i));
	print_ranges("young", yb, pages, o.start);
	if (db)
		print_ranges("dirty", db, pages, o.start);
	printf("records: %u written of %" PRIu32 "%s\n", nrec, cpl.count[1],
	       (cpl.flags & RA_CPL_TRUNCATED) ? " (truncated: raise --records)" : "");
	for (unsigned i = 0; i < nrec; i++) {
		char txt[160];

		rb_record_format(rb + 16 * i, txt, sizeof(txt));
		printf("record %u: %s\n", i, txt);
	}
	free(yb);
	free(db);
	free(rb);
	return RB_OK;
}

static int cmd_selftest(struct ctx *c, int argc, char **argv)
{
	struct rb_selftest_opts o = { .seed = 1, .verbose = c->verbose };

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			o.seed = num("selftest --seed", argv[++i], 0, UINT64_MAX);
		} else if (!strcmp(argv[i], "--mem-bytes") && i + 1 < argc) {
			o.mem_bytes = num("selftest --mem-bytes", argv[++i], 16384, 1ull << 31);
			if (o.mem_bytes & 0xfff)
				die(RB_EUSAGE, "selftest --mem-bytes %s: expected a multiple of 4096",
				    argv[i]);
		} else if (!strcmp(argv[i], "--inject-mismatch")) {
			o.inject_mismatch = 1;
		} else {
			die(RB_EUSAGE, "selftest: unknown or incomplete argument '%s'", argv[i]);
		}
	}
	int rc = rb_selftest(board(c), &o);

	if (rc == RB_ECOMM || rc == RB_EUSAGE)
		fail(rc);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(struct ctx *c, int argc, char **argv);
} cmds[] = {
	{ "info", cmd_info }, { "csr-read", cmd_csr_read }, { "csr-write", cmd_csr_write },
	{ "mem-read", cmd_mem_read }, { "mem-write", cmd_mem_write }, { "mem-zero", cmd_mem_zero },
	{ "load", cmd_load }, { "counters", cmd_counters }, { "walk", cmd_walk },
	{ "scan", cmd_scan }, { "selftest", cmd_selftest },
};

int main(int argc, char **argv)
{
	struct ctx c = { .port = DEFAULT_PORT, .baud = DEFAULT_BAUD,
			 .timeout_ms = DEFAULT_TIMEOUT_MS };
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	const char *cmd = NULL;
	int nrest = 0, rc = RB_EUSAGE;

	if (!rest)
		return RB_EDEV;
	/* global options anywhere; the first other word is the command */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h") || (!cmd && !strcmp(a, "help"))) {
			usage(stdout);
			free(rest);
			return 0;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			c.verbose++;
		} else if (!strcmp(a, "-vv")) {
			c.verbose += 2;
		} else if (!strcmp(a, "--port") || !strcmp(a, "--baud") ||
			   !strcmp(a, "--timeout-ms")) {
			if (i + 1 >= argc)
				die(RB_EUSAGE, "%s: expected a value", a);
			const char *v = argv[++i];

			if (!strcmp(a, "--port"))
				c.port = v;
			else if (!strcmp(a, "--baud"))
				c.baud = (unsigned)num("--baud", v, 1, 4000000);
			else
				c.timeout_ms = (unsigned)num("--timeout-ms", v, 1, 3600000);
		} else if (!cmd) {
			if (a[0] == '-')
				die(RB_EUSAGE, "unknown option '%s' before the command", a);
			cmd = a;
		} else {
			rest[nrest++] = argv[i];
		}
	}
	if (!cmd)
		die(RB_EUSAGE, "expected a command: info, csr-read, csr-write, mem-read, mem-write, "
		    "mem-zero, load, counters, walk, scan or selftest");
	if (!rb_baud_ok(c.baud))
		die(RB_EUSAGE, "--baud %u: not a rate the serial port supports (9600, 19200, "
		    "38400, 57600, 115200, 230400, 460800, 921600, ...)", c.baud);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(cmd, cmds[i].name)) {
			rc = cmds[i].fn(&c, nrest, rest);
			goto out;
		}
	die(RB_EUSAGE, "unknown command '%s' (expected info, csr-read, csr-write, mem-read, "
	    "mem-write, mem-zero, load, counters, walk, scan or selftest)", cmd);
out:
	if (c.open)
		rb_close(&c.link);
	free(rest);
	return rc;
}

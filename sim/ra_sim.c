// SPDX-License-Identifier: MIT
/*
 * ra-sim - run the reclaim accelerator on a physical-memory image, as RTL (Verilator) or as
 * the C model, and print what it found as JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_dev.h"
#include "ra_host.h"
#include "ra_num.h"
#include "ra_regs.h"
#include "run/run.h"

#define EXIT_USAGE 2	/* bad arguments or input: nothing was run or written */
#define EXIT_SIM 3	/* the simulation failed (timeout, bus error, ring fault) */
#define VA_LIMIT (1ull << 48)

static const char *prog = "ra-sim";

static void usage_main(FILE *f)
{
	fprintf(f,
		"usage: ra-sim COMMAND [OPTIONS]\n"
		"\n"
		"Run the reclaim accelerator (RTL under Verilator, or its C model) on a raw image of\n"
		"physical memory holding AArch64 4 KiB-granule, 48-bit, 4-level page tables.\n"
		"\n"
		"commands:\n"
		"  run    run a workload on the reclaim firmware with the accelerator (or without)\n"
		"         and report vmstat, device counters and simulated time\n"
		"  walk   translate VAs with the WALK command, one JSON object per VA\n"
		"  scan   scan a VA range with the SCAN command (young/dirty pages, faults, counters)\n"
		"  hash   checksum pages with the HASH command (KSM's checksum, zero-page flag)\n"
		"  cmp    compare page pairs with the CMP command (equal, or the first differing byte)\n"
		"  copy   copy pages with the COPY command (and write the image after it)\n"
		"\n"
		"The device commands (walk, scan, hash, cmp, copy) share their options: --image,\n"
		"--base, --ttbr (walk, scan), --accel rtl|model, --variant, --latency, --beat-cycles,\n"
		"--waves, --pa-bits.\n"
		"Addresses are hexadecimal (0x prefix optional); counts are decimal (or 0x hex).\n"
		"Exit codes: 0 ok, 2 bad arguments or input (nothing written), 3 simulation failure.\n"
		"'ra-sim COMMAND --help' describes each command.\n");
}

/* the options every device command (walk, scan) takes */
#define DEVICE_OPTIONS \
	"\n" \
	"device options:\n" \
	"  --accel A        the device: rtl (default; Verilated RTL with the C memory model)\n" \
	"                   or model (the C model)\n" \
	"  --variant V      the device's build: w64 (default; 64-bit bus, 16-entry walk\n" \
	"                   cache), w128 (128-bit bus) or nowc (no walk cache, small HASH);\n" \
	"                   the C model takes the same bus width and walk cache\n" \
	"  --latency N      memory read latency in cycles, 1..100000 (default 100)\n" \
	"  --beat-cycles N  memory bandwidth: cycles per data beat, 1..1000 (default 1; rtl)\n" \
	"  --waves FILE     write FST waves of the RTL run (open with gtkwave; rtl only)\n" \
	"  --pa-bits N      physical address size, 32..48 (default 48)\n"

static void usage_walk(FILE *f)
{
	fprintf(f,
		"usage: ra-sim walk --image FILE --base PA --ttbr PA [DEVICE OPTIONS] VA...\n"
		"\n"
		"  --image FILE     raw physical memory (a non-zero multiple of 4096 bytes)\n"
		"  --base PA        physical address of the image's first byte (4 KiB aligned)\n"
		"  --ttbr PA        level-0 table address, inside the image (4 KiB aligned)\n"
		DEVICE_OPTIONS
		"\n"
		"Prints per VA, in input order:\n"
		"  {\"va\":\"0x...\",\"pa\":\"0x...\",\"level\":L,\"size\":BYTES,\"desc\":\"0x...\"}\n"
		"  {\"va\":\"0x...\",\"fault\":\"translation|address_size|bus\",\"level\":L}\n");
}

static void usage_scan(FILE *f)
{
	fprintf(f,
		"usage: ra-sim scan --image FILE --base PA --ttbr PA --start VA --end VA\n"
		"                   [--clear] [--dirty] [--out FILE] [--records N] [DEVICE OPTIONS]\n"
		"\n"
		"  --start VA, --end VA  the range [start, end), 4 KiB aligned, end <= 2^48\n"
		"  --clear          clear AF of every young leaf (atomically)\n"
		"  --dirty          also report hardware-dirty leaves (DBM=1, AP[2]=0)\n"
		"  --out FILE       write the memory image after the scan (same size as --image)\n"
		"  --records N      capacity of the device's record list (default 65536)\n"
		"  --image, --base, --ttbr as for 'ra-sim walk'\n"
		DEVICE_OPTIONS
		"\n"
		"Prints one JSON object: young and dirty lists of {\"va\",\"size\"} in ascending VA\n"
		"(adjacent young, or dirty, leaves merged into one run), faults [{\"va\",\"level\",\n"
		"\"fault\"}], the number of SCAN commands it took, and the device's performance\n"
		"counters. The scan uses the device's run output (SCAN with RUNS) and continues from\n"
		"each resume VA, so any range up to [0, 2^48) works and memory grows with the output,\n"
		"not with the range.\n");
}

static void usage_page(FILE *f, const char *cmd)
{
	static const struct {
		const char *cmd, *args, *what, *prints;
	} u[] = {
		{ "hash", "PA...",
		  "Checksum each 4 KiB page at PA with the HASH command: the low 32 bits of XXH64\n"
		  "(seed 0) of its bytes, Linux KSM's calc_checksum(), and whether it is all zero.\n",
		  "  {\"pa\":\"0x...\",\"checksum\":\"0x%08x\",\"zero\":false}\n"
		  "  {\"pa\":\"0x...\",\"fault\":\"address_size|bus\"}\n" },
		{ "cmp", "A:B...",
		  "Compare each pair of 4 KiB pages A and B with the CMP command.\n",
		  "  {\"a\":\"0x...\",\"b\":\"0x...\",\"equal\":true}\n"
		  "  {\"a\":\"0x...\",\"b\":\"0x...\",\"equal\":false,\"offset\":N}"
		  "  (N: the first byte that differs)\n"
		  "  {\"a\":\"0x...\",\"b\":\"0x...\",\"fault\":\"address_size|bus\",\"at\":\"a|b\"}\n" },
		{ "copy", "SRC:DST...",
		  "Copy each 4 KiB page SRC to DST with the COPY command, in order.\n",
		  "  {\"src\":\"0x...\",\"dst\":\"0x...\",\"copied\":true}\n"
		  "  {\"src\":\"0x...\",\"dst\":\"0x...\",\"fault\":\"address_size|bus\","
		  "\"at\":\"src|dst\"}\n" },
	};

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		if (strcmp(u[i].cmd, cmd))
			continue;
		fprintf(f, "usage: ra-sim %s --image FILE --base PA%s [DEVICE OPTIONS] %s\n\n%s"
			"Physical addresses are hexadecimal (0x optional). A page the device refuses\n"
			"(not 4 KiB aligned or beyond --pa-bits: address_size; not inside the image:\n"
			"bus) is reported as that entry's fault; nothing of its pages is touched.\n"
			"\n"
			"  --image FILE     raw physical memory (a non-zero multiple of 4096 bytes)\n"
			"  --base PA        physical address of the image's first byte (4 KiB aligned)\n"
			"%s"
			DEVICE_OPTIONS
			"\n"
			"Prints one JSON object per entry, in input order:\n%s",
			cmd, strcmp(cmd, "copy") ? "" : " [--out FILE]", u[i].args, u[i].what,
			strcmp(cmd, "copy") ? "" :
			"  --out FILE       write the memory image after the copies (same size as --image)\n",
			u[i].prints);
	}
}

static void usage_hash(FILE *f)
{
	usage_page(f, "hash");
}

static void usage_cmp(FILE *f)
{
	usage_page(f, "cmp");
}

static void usage_copy(FILE *f)
{
	usage_page(f, "copy");
}

static void die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

/* addresses: hexadecimal, 0x optional */
static uint64_t parse_hex(const char *opt, const char *s)
{
	return ra_opt_u64(prog, opt, s, RA_NUM_HEX, 0, UINT64_MAX);
}

/* counts: decimal, or hexadecimal with 0x */
static unsigned parse_dec(const char *opt, const char *s, unsigned lo, unsigned hi)
{
	return (unsigned)ra_opt_u64(prog, opt, s, RA_NUM_DEC, lo, hi);
}

struct opts {
	const char *image, *out, *waves, *accel, *variant;
	uint64_t base, ttbr, start, end;
	bool have_base, have_ttbr, have_start, have_end, clear, dirty;
	unsigned pa_bits, latency, beat_cycles, records;
};

struct image {
	uint8_t *data;
	uint64_t size;
};

static struct image load_image(const char *path)
{
	struct image im = { 0 };
	FILE *f = fopen(path, "rb");
	long sz;

	if (!f)
		die_usage("--image %s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die_usage("--image %s: cannot determine its size", path);
	if (sz == 0 || sz % 4096)
		die_usage("--image %s: %ld bytes: expected a non-zero multiple of 4096", path, sz);
	im.size = (uint64_t)sz;
	im.data = malloc(im.size);
	if (!im.data || fread(im.data, 1, im.size, f) != im.size)
		die_usage("--image %s: short read", path);
	fclose(f);
	return im;
}

static void common_checks(const struct opts *o, const struct image *im, bool ttbr)
{
	if (!o->have_base)
		die_usage("--base is required");
	if (ttbr && !o->have_ttbr)
		die_usage("--ttbr is required");
	if (o->base & 0xfff)
		die_usage("--base 0x%" PRIx64 ": expected a 4 KiB aligned address", o->base);
	if (o->base >= VA_LIMIT || im->size > VA_LIMIT - o->base)
		die_usage("--base 0x%" PRIx64 ": the image must lie below 2^48", o->base);
	if (!ttbr)
		return;
	if (o->ttbr & 0xfff)
		die_usage("--ttbr 0x%" PRIx64 ": expected a 4 KiB aligned address", o->ttbr);
	if (o->ttbr < o->base || o->ttbr - o->base >= im->size)
		die_usage("--ttbr 0x%" PRIx64 ": outside the image [0x%" PRIx64 ", 0x%" PRIx64 ")",
			  o->ttbr, o->base, o->base + im->size);
}

/* Scratch for rings and buffers: a region that does not overlap the image. */
static uint64_t scratch_base(const struct opts *o, uint64_t img_size, uint64_t size)
{
	uint64_t hi = 0x7f0000000000ull;

	if (o->base + img_size <= hi || o->base >= hi + size)
		return hi;
	return 0x100000000ull;
}

struct session {
	struct ra_mem *mem;
	struct ra_dev *dev;
	struct ra_host host;
};

static void session_open(struct session *s, const struct opts *o, const struct image *im,
			 uint64_t scratch_size)
{
	struct ra_window w = { o->base, o->base + im->size };
	uint64_t scratch = scratch_base(o, im->size, scratch_size);

	s->mem = ra_mem_create();
	if (!s->mem || ra_mem_add_region(s->mem, o->base, im->size) ||
	    ra_mem_add_region(s->mem, scratch, scratch_size) ||
	    ra_mem_write(s->mem, o->base, im->data, im->size)) {
		fprintf(stderr, "%s: cannot set up simulated memory\n", prog);
		exit(EXIT_SIM);
	}
	if (!strcmp(o->accel, "rtl")) {
		struct axi_mem_cfg bus = ra_bus_cfg(o->variant, o->latency);

		bus.beat_cycles = o->beat_cycles;

		s->dev = ra_dev_rtl(s->mem, o->variant, &bus, o->waves);
	} else {
		s->dev = ra_dev_model(s->mem, strcmp(o->variant, "w128") ? 8 : 16,
				      strcmp(o->variant, "nowc") ? 16 : 0, 16, o->latency);
	}
	if (!s->dev) {
		fprintf(stderr, "%s: cannot create the %s device\n", prog, o->accel);
		exit(EXIT_SIM);
	}
	if (ra_host_init(&s->host, s->dev, scratch, scratch_size, &w, 1)) {
		fprintf(stderr, "%s: the device did not identify itself (ID register)\n", prog);
		exit(EXIT_SIM);
	}
	ra_host_set_pa_bits(&s->host, o->pa_bits);
}

static void session_check_bus(struct session *s)
{
	struct axi_mem *bus = ra_dev_bus(s->dev);

	if (bus && axi_mem_stats(bus)->protocol_errors) {
		fprintf(stderr, "%s: the memory model saw %" PRIu64 " bus protocol errors\n", prog,
			axi_mem_stats(bus)->protocol_errors);
		exit(EXIT_SIM);
	}
}

/* --out: the memory image after the command (the span of --image). Returns 0 or -1 (said). */
static int write_out(const struct opts *o, struct session *s, struct image *im)
{
	FILE *f = fopen(o->out, "wb");

	ra_mem_read(s->mem, o->base, im->data, im->size);
	if (!f || fwrite(im->data, 1, im->size, f) != im->size || fclose(f)) {
		fprintf(stderr, "%s: --out %s: write failed\n", prog, o->out);
		return -1;
	}
	return 0;
}

static void session_close(struct session *s)
{
	s->dev->destroy(s->dev);
	ra_mem_destroy(s->mem);
}

/* Old spellings, refused with the name that replaced them. */
enum { O_OLD_ENGINE = 256, O_OLD_TRACE, O_OLD_RTL_VARIANT };

static int parse_opts(int argc, char **argv, struct opts *o, void (*usage)(FILE *))
{
	static const struct option lo[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "base", required_argument, NULL, 'b' },
		{ "ttbr", required_argument, NULL, 't' },
		{ "pa-bits", required_argument, NULL, 'p' },
		{ "accel", required_argument, NULL, 'e' },
		{ "latency", required_argument, NULL, 'l' },
		{ "beat-cycles", required_argument, NULL, 'B' },
		{ "waves", required_argument, NULL, 'T' },
		{ "start", required_argument, NULL, 's' },
		{ "end", required_argument, NULL, 'E' },
		{ "clear", no_argument, NULL, 'c' },
		{ "dirty", no_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "records", required_argument, NULL, 'r' },
		{ "variant", required_argument, NULL, 'V' },
		{ "engine", optional_argument, NULL, O_OLD_ENGINE },
		{ "trace", optional_argument, NULL, O_OLD_TRACE },
		{ "rtl-variant", optional_argument, NULL, O_OLD_RTL_VARIANT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->accel = "rtl";
	o->variant = "w64";
	o->pa_bits = 48;
	o->latency = 100;
	o->beat_cycles = 1;
	o->records = 65536;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", lo, NULL)) != -1) {
		switch (c) {
		case 'i': o->image = optarg; break;
		case 'b': o->base = parse_hex("--base", optarg); o->have_base = true; break;
		case 't': o->ttbr = parse_hex("--ttbr", optarg); o->have_ttbr = true; break;
		case 'p': o->pa_bits = parse_dec("--pa-bits", optarg, 32, 48); break;
		case 'e': o->accel = optarg; break;
		case 'l': o->latency = parse_dec("--latency", optarg, 1, 100000); break;
		case 'B': o->beat_cycles = parse_dec("--beat-cycles", optarg, 1, 1000); break;
		case 'T': o->waves = optarg; break;
		case 's': o->start = parse_hex("--start", optarg); o->have_start = true; break;
		case 'E': o->end = parse_hex("--end", optarg); o->have_end = true; break;
		case 'c': o->clear = true; break;
		case 'd': o->dirty = true; break;
		case 'o': o->out = optarg; break;
		case 'r': o->records = parse_dec("--records", optarg, 0, 1u << 24); break;
		case 'V': o->variant = optarg; break;
		case O_OLD_ENGINE:
			die_usage("--engine is now --accel: expected --accel rtl or --accel model");
			break;
		case O_OLD_TRACE:
			die_usage("--trace is now --waves: expected --waves FILE for FST waves "
				  "(--trace is the reference trace of 'ra-sim run')");
			break;
		case O_OLD_RTL_VARIANT:
			die_usage("--rtl-variant is now --variant: expected --variant w64, w128 or "
				  "nowc");
			break;
		case 'h': usage(stdout); exit(0);
		default:
			die_usage("%s: unknown option or missing value (see --help)", argv[optind - 1]);
		}
	}
	if (!o->image)
		die_usage("--image is required");
	if (!strcmp(o->accel, "off"))
		die_usage("--accel off: the device commands need a device: expected rtl or model");
	if (strcmp(o->accel, "rtl") && strcmp(o->accel, "model"))
		die_usage("--accel '%s': expected rtl or model", o->accel);
	if (strcmp(o->variant, "w64") && strcmp(o->variant, "w128") && strcmp(o->variant, "nowc"))
		die_usage("--variant '%s': expected w64, w128 or nowc", o->variant);
	if (o->waves && strcmp(o->accel, "rtl"))
		die_usage("--waves: waves exist only for --accel rtl");
	return optind;
}

static int cmd_walk(int argc, char **argv)
{
	struct opts o;
	struct image im;
	struct session s;
	struct ra_walk_result *res;
	struct ra_cpl cpl;
	uint64_t *va;
	unsigned n;
	int first = parse_opts(argc, argv, &o, usage_walk);

	if (o.clear || o.dirty || o.out || o.have_start || o.have_end)
		die_usage("walk: --start/--end/--clear/--dirty/--out belong to 'scan'");
	n = (unsigned)(argc - first);
	if (!n)
		die_usage("walk: give at least one VA");
	if (n > (1u << 20))
		die_usage("walk: %u VAs: at most %u per run", n, 1u << 20);
	va = calloc(n, sizeof(*va));
	res = calloc(n, sizeof(*res));
	if (!va || !res)
		abort();
	for (unsigned i = 0; i < n; i++)
		va[i] = parse_hex("VA", argv[first + (int)i]);
	im = load_image(o.image);
	common_checks(&o, &im, true);
	session_open(&s, &o, &im, (1u << 20) + 32ull * n);
	if (ra_host_walk(&s.host, o.ttbr, va, n, res, &cpl) || cpl.status != RA_ST_OK) {
		fprintf(stderr, "%s: walk failed (%s)\n", prog, ra_status_name(cpl.status));
		return EXIT_SIM;
	}
	session_check_bus(&s);
	for (unsigned i = 0; i < n; i++) {
		if (res[i].fault)
			printf("{\"va\":\"0x%" PRIx64 "\",\"fault\":\"%s\",\"level\":%u}\n", va[i],
			       ra_fault_name(res[i].fault), res[i].level);
		else
			printf("{\"va\":\"0x%" PRIx64 "\",\"pa\":\"0x%" PRIx64 "\",\"level\":%u,"
			       "\"size\":%" PRIu64 ",\"desc\":\"0x%" PRIx64 "\",\"cached\":%s,"
			       "\"start\":%u}\n",
			       va[i], res[i].pa, res[i].level, (uint64_t)1 << (12 + 9 * (3 - res[i].level)),
			       res[i].desc, res[i].cached ? "true" : "false", res[i].start);
	}
	session_close(&s);
	free(va);
	free(res);
	free(im.data);
	return 0;
}


/* Runs with young (or dirty) set, adjacent ones merged, as {"va","size"}. */
static void print_runs(const struct ra_scan_run *run, unsigned n, bool dirty)
{
	unsigned printed = 0;

	putchar('[');
	for (unsigned i = 0; i < n;) {
		uint64_t va = run[i].va, end;

		if (!(dirty ? run[i].dirty : run[i].young)) {
			i++;
			continue;
		}
		end = va + 4096 * run[i].pages;
		for (i++; i < n && run[i].va == end && (dirty ? run[i].dirty : run[i].young); i++)
			end += 4096 * run[i].pages;
		printf("%s{\"va\":\"0x%" PRIx64 "\",\"size\":%" PRIu64 "}", printed++ ? "," : "", va,
		       end - va);
	}
	putchar(']');
}

#define SCAN_RUN_CAP 4096	/* runs per SCAN command */

static int cmd_scan(int argc, char **argv)
{
	struct opts o;
	struct image im;
	struct session s;
	struct ra_scan_args a;
	struct ra_scan_run *run = NULL;
	struct ra_scan_record *rec = NULL;
	unsigned nrun = 0, nrec = 0, cmds = 0, printed = 0;
	int first = parse_opts(argc, argv, &o, usage_scan);

	if (first != argc)
		die_usage("scan: unexpected argument '%s'", argv[first]);
	if (!o.have_start || !o.have_end)
		die_usage("scan: --start and --end are required");
	if (o.start & 0xfff)
		die_usage("--start 0x%" PRIx64 ": expected a 4 KiB aligned VA", o.start);
	if (o.end & 0xfff)
		die_usage("--end 0x%" PRIx64 ": expected a 4 KiB aligned VA", o.end);
	if (o.end > VA_LIMIT)
		die_usage("--end 0x%" PRIx64 ": expected at most 0x1000000000000 (2^48)", o.end);
	if (o.start >= o.end)
		die_usage("--start 0x%" PRIx64 " --end 0x%" PRIx64 ": expected start < end", o.start,
			  o.end);
	im = load_image(o.image);
	common_checks(&o, &im, true);
	memset(&a, 0, sizeof(a));
	a.ttbr = o.ttbr;
	a.start = o.start;
	a.end = o.end;
	a.flags = RA_SCAN_RUNS | (o.clear ? RA_SCAN_CLEAR_AF : 0) |
		  (o.dirty ? RA_SCAN_REPORT_DIRTY : 0);
	a.rec_cap = o.records;
	a.run_cap = SCAN_RUN_CAP;
	session_open(&s, &o, &im, ((16ull * (SCAN_RUN_CAP + o.records) + (2u << 20)) + 0xfffff) &
					  ~0xfffffull);
	for (;;) {
		struct ra_scan_out so;
		struct ra_cpl cpl;

		if (ra_host_scan_args(&s.host, &a, &so, &cpl) || cpl.status != RA_ST_OK) {
			fprintf(stderr, "%s: scan of [0x%" PRIx64 ", 0x%" PRIx64 ") failed (%s)\n", prog,
				a.start, a.end, ra_status_name(cpl.status));
			return EXIT_SIM;
		}
		cmds++;
		if (cpl.flags & RA_CPL_TRUNCATED) {
			fprintf(stderr, "%s: a scan command produced %u records, more than --records "
				"%u\n", prog, cpl.count[1], o.records);
			return EXIT_SIM;
		}
		run = realloc(run, (nrun + so.nrun + 1) * sizeof(*run));
		rec = realloc(rec, (nrec + so.nrec + 1) * sizeof(*rec));
		if (!run || !rec)
			abort();
		memcpy(run + nrun, so.run, so.nrun * sizeof(*run));
		memcpy(rec + nrec, so.rec, so.nrec * sizeof(*rec));
		nrun += so.nrun;
		nrec += so.nrec;
		ra_scan_out_free(&so);
		if (!(cpl.flags & RA_CPL_RESUME))
			break;
		a.start = cpl.fault_va;
	}
	session_check_bus(&s);
	printf("{\"young\":");
	print_runs(run, nrun, false);
	printf(",\"dirty\":");
	print_runs(run, o.dirty ? nrun : 0, true);
	printf(",\"faults\":[");
	for (unsigned i = 0; i < nrec; i++)
		if (rec[i].type)
			printf("%s{\"va\":\"0x%" PRIx64 "\",\"level\":%u,\"fault\":\"%s\"}",
			       printed++ ? "," : "", rec[i].va, rec[i].level,
			       ra_fault_name(rec[i].type));
	printf("],\"commands\":%u,\"counters\":{", cmds);
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		printf("%s\"%s\":%" PRIu64, i ? "," : "", ra_counter_names[i],
		       ra_dev_counter(s.dev, i));
	printf("}}\n");
	if (o.out && write_out(&o, &s, &im))
		return EXIT_SIM;
	free(run);
	free(rec);
	session_close(&s);
	free(im.data);
	return 0;
}

/* ---- the page engines: hash, cmp, copy ------------------------------------------------ */

enum page_op { P_HASH, P_CMP, P_COPY };

static const struct {
	const char *name, *first, *second;	/* the command; the JSON names of an entry's PAs */
	void (*usage)(FILE *);
} page_cmds[] = {
	[P_HASH] = { "hash", "pa", NULL, usage_hash },
	[P_CMP] = { "cmp", "a", "b", usage_cmp },
	[P_COPY] = { "copy", "src", "dst", usage_copy },
};

/* "A:B" (cmp) or "SRC:DST" (copy) into @pair[0], @pair[1] */
static void parse_pair(enum page_op op, const char *arg, uint64_t *pair)
{
	const char *colon = strchr(arg, ':');
	const char *a = op == P_COPY ? "SRC" : "A", *b = op == P_COPY ? "DST" : "B";
	char first[40];

	if (!colon || (size_t)(colon - arg) >= sizeof(first))
		die_usage("%s: '%s': expected a pair of page addresses %s:%s (hexadecimal)",
			  page_cmds[op].name, arg, a, b);
	memcpy(first, arg, (size_t)(colon - arg));
	first[colon - arg] = 0;
	pair[0] = parse_hex(a, first);
	pair[1] = parse_hex(b, colon + 1);
}

static void print_page_result(enum page_op op, const uint64_t *pa, uint64_t r)
{
	printf("{\"%s\":\"0x%" PRIx64 "\"", page_cmds[op].first, pa[0]);
	if (page_cmds[op].second)
		printf(",\"%s\":\"0x%" PRIx64 "\"", page_cmds[op].second, pa[1]);
	if (RA_PRES_FAULT(r)) {
		printf(",\"fault\":\"%s\"", ra_fault_name(RA_PRES_FAULT(r)));
		if (page_cmds[op].second)
			printf(",\"at\":\"%s\"", RA_PRES_SECOND(r) ? page_cmds[op].second
								   : page_cmds[op].first);
		printf("}\n");
		return;
	}
	switch (op) {
	case P_HASH:
		printf(",\"checksum\":\"0x%08" PRIx32 "\",\"zero\":%s}\n", RA_PRES_SUM(r),
		       RA_PRES_FLAG(r) ? "true" : "false");
		break;
	case P_CMP:
		if (RA_PRES_FLAG(r))
			printf(",\"equal\":true}\n");
		else
			printf(",\"equal\":false,\"offset\":%u}\n", RA_PRES_OFFSET(r));
		break;
	case P_COPY:
		printf(",\"copied\":%s}\n", RA_PRES_COPIED(r) ? "true" : "false");
		break;
	}
}

static int cmd_page(enum page_op op, int argc, char **argv)
{
	const char *cmd = page_cmds[op].name;
	unsigned per = op == P_HASH ? 1 : 2, n;
	struct opts o;
	struct image im;
	struct session s;
	struct ra_cpl cpl;
	uint64_t *pa, *res;
	int first = parse_opts(argc, argv, &o, page_cmds[op].usage), rc;

	if (o.have_ttbr || o.have_start || o.have_end || o.clear || o.dirty)
		die_usage("%s: --ttbr/--start/--end/--clear/--dirty belong to 'walk' and 'scan'",
			  cmd);
	if (o.out && op != P_COPY)
		die_usage("%s: --out belongs to 'copy' and 'scan'", cmd);
	n = (unsigned)(argc - first);
	if (!n)
		die_usage("%s: give at least one %s", cmd,
			  op == P_HASH ? "PA" : op == P_CMP ? "pair A:B" : "pair SRC:DST");
	if (n > (1u << 16))
		die_usage("%s: %u entries: at most %u per run", cmd, n, 1u << 16);
	pa = calloc((size_t)n * per, sizeof(*pa));
	res = calloc(n, sizeof(*res));
	if (!pa || !res)
		abort();
	for (unsigned i = 0; i < n; i++) {
		if (op == P_HASH)
			pa[i] = parse_hex("PA", argv[first + (int)i]);
		else
			parse_pair(op, argv[first + (int)i], &pa[2 * i]);
	}
	im = load_image(o.image);
	common_checks(&o, &im, false);
	session_open(&s, &o, &im, ((1u << 20) + 32ull * n + 0xfffff) & ~0xfffffull);
	rc = op == P_HASH ? ra_host_hash(&s.host, pa, n, res, &cpl) :
	     op == P_CMP ? ra_host_cmp(&s.host, pa, n, res, &cpl) :
			   ra_host_copy(&s.host, pa, n, res, &cpl);
	if (rc || cpl.status != RA_ST_OK) {
		fprintf(stderr, "%s: %s failed (%s)\n", prog, cmd,
			rc ? "no completion" : ra_status_name(cpl.status));
		return EXIT_SIM;
	}
	session_check_bus(&s);
	for (unsigned i = 0; i < n; i++)
		print_page_result(op, &pa[per * i], res[i]);
	if (o.out && write_out(&o, &s, &im))
		return EXIT_SIM;
	session_close(&s);
	free(pa);
	free(res);
	free(im.data);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage_main(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[1], "walk"))
		return cmd_walk(argc - 1, argv + 1);
	if (!strcmp(argv[1], "scan"))
		return cmd_scan(argc - 1, argv + 1);
	if (!strcmp(argv[1], "run"))
		return ra_run_main(argc - 1, argv + 1);
	for (int op = P_HASH; op <= P_COPY; op++)
		if (!strcmp(argv[1], page_cmds[op].name))
			return cmd_page((enum page_op)op, argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s' (expected run, walk, scan, hash, cmp or copy; "
		"see --help)\n", prog, argv[1]);
	return EXIT_USAGE;
}

// SPDX-License-Identifier: MIT
/*
 * ra-sim run: boot the firmware on the co-simulated machine (device as RTL, as C model, or
 * none), run a workload, check every page against the oracle, and report vmstat-like
 * counters, the device's performance counters, simulated time and the comparison with
 * Belady's OPT; also as JSON.
 */
#include "run.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fw/fw.h"
#include "fw/platform.h"
#include "machine.h"
#include "plat_host.h"
#include "ra_dev.h"
#include "ra_host.h"
#include "ra_num.h"
#include "ra_opt.h"
#include "ra_regs.h"
#include "ra_trace.h"
#include "workloads.h"

#define EXIT_USAGE 2
#define EXIT_SIM 3
#define EXIT_INTEGRITY 4

struct run_opts {
	const char *workload, *trace, *json, *accel, *policy, *lru, *scan_out;
	uint64_t mem, swap, seed;
	bool mem_set, swap_set;
	double scale;
	unsigned tlb, latency, swappiness, tick;
	bool ksm, compaction;
	unsigned ksm_pages, ksm_sleep, ksm_max_sharing, proactiveness;
	uint64_t min_free_kbytes;
	uint64_t aging_interval;	/* operations between periodic aging passes (0: none) */
	unsigned freq_decay;
	unsigned min_ttl;
	bool aging_interval_set;
	uint64_t interval;	/* operations between samples (0: none) */
	bool interval_set;
	struct plat_inject inject;
	bool quiet;
	int verbose;
};

static const char *const required_vmstat[] = {
	"pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd", "pgsteal_direct", "pgrefill",
	"pgactivate", "pgdeactivate", "pswpin", "pswpout", "pgmajfault", "pgfault",
	"workingset_refault", "workingset_activate", "allocstall", "kswapd_wake", "oom_kill",
	"slabs_scanned",
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ra-sim run --workload NAME [--mem SIZE] [--swap SIZE] [--accel rtl|model|off]\n"
		"                  [--seed N] [--json FILE] [--trace FILE] [--policy lru|opt]\n"
		"                  [--lru classic|mglru|freq] [--aging-interval N] [--freq-decay N]\n"
		"                  [--min-ttl N] [--scan-output auto|bitmap|runs]\n"
		"                  [--scale X] [--tick N] [--tlb N] [--swappiness N]\n"
		"                  [--min-free-kbytes N] [--ksm on|off] [--ksm-pages-to-scan N]\n"
		"                  [--ksm-sleep N] [--ksm-max-sharing N] [--compaction on|off]\n"
		"                  [--proactiveness N] [--interval N]\n"
		"                  [--latency N] [--fail-swap-read P] [--fail-swap-write P]\n"
		"                  [--fail-disk-read P] [--fail-disk-write P] [--quiet] [-v]\n"
		"\n"
		"Boot the reclaim firmware on a simulated AArch64 machine, run a workload through its\n"
		"CPU model, and report what reclaim did (vmstat counters), what the accelerator did\n"
		"(its performance counters) and the simulated time, in cycles.\n"
		"\n"
		"  --workload NAME   one of:\n");
	for (const struct workload *w = workloads; w->name; w++)
		fprintf(f, "                      %-12s %s\n", w->name, w->help);
	fprintf(f,
		"                    'trace:FILE' is short for --workload trace --trace FILE\n"
		"  --trace FILE      the recorded page-reference trace (docs/trace-format.md) that\n"
		"                    --workload trace replays (not FST waves: those are\n"
		"                    'ra-sim walk/scan --waves FILE')\n"
		"  --mem SIZE        managed memory, a multiple of 1M, at least 4M (default 16M;\n"
		"                    for a trace, 3/4 of its footprint)\n"
		"  --swap SIZE       swap area (default twice --mem; half of it for oom; 0: none)\n"
		"  --accel A         age pages with the device as RTL (Verilator, build w64, the\n"
		"                    default), as its C model, or 'off': a software page-table walk\n"
		"  --seed N          workload seed (default 1); runs are deterministic\n"
		"  --json FILE       also write the report as JSON\n"
		"  --interval N      sample the counters every N operations into the JSON's\n"
		"                    \"samples\" (default with --json: about 200 samples; 0: none)\n"
		"  --policy P        lru (default): the firmware; opt: Belady's optimal replacement\n"
		"                    of the same reference string at the same memory, without it\n"
		"  --lru L           the firmware's reclaim policy: 'freq' (default): access counts\n"
		"                    from access bits harvested every --aging-interval operations,\n"
		"                    evicting the least used; 'classic': Linux's two-list LRU,\n"
		"                    aging at each reclaim; 'mglru': Linux's multi-generational\n"
		"                    LRU, aging by page-table walks when it runs out of generations\n"
		"  --min-ttl N       mglru: keep the working set of the last N ticks of 32 CPU\n"
		"                    accesses (min_ttl_ms; default 0: off); reclaim that would\n"
		"                    evict a younger generation gives up and the OOM killer runs\n"
		"  --aging-interval N  workload operations between periodic aging passes, which\n"
		"                    the device runs while the workload goes on (default: 1024 for\n"
		"                    freq, 0 for classic; 0: aging only when reclaim runs)\n"
		"  --freq-decay N    freq: access counts halve after N increments per evictable\n"
		"                    page (default 32; 0: never)\n"
		"  --scan-output F   how the device reports young pages when it ages: 'auto'\n"
		"                    (default): runs of young pages for sparse ranges (under one\n"
		"                    resident page in 128), the bitmap for dense ones; 'bitmap';\n"
		"                    'runs'\n"
		"  --scale X         multiply the workload's operation count (default 1)\n"
		"  --tick N          workload operations between scheduler ticks; a woken kswapd\n"
		"                    runs at the next tick (default 32), so fast allocators can\n"
		"                    outrun it and enter direct reclaim\n"
		"  --tlb N           CPU TLB entries, a power of two >= 4 (default 64)\n"
		"  --swappiness N    0..200 (default 60); --min-free-kbytes N (default: Linux's)\n"
		"  --latency N       device memory latency in cycles (default 100)\n"
		"  --ksm on|off      ksmd for ranges marked mergeable (default on); it visits\n"
		"                    --ksm-pages-to-scan pages (100) every --ksm-sleep ticks (64);\n"
		"                    --ksm-max-sharing mappings per KSM page (256)\n"
		"  --compaction on|off  direct and proactive compaction (default on);\n"
		"                    --proactiveness 0..100 as vm.compaction_proactiveness (20)\n"
		"  --fail-*-* P      inject I/O errors with probability P (0..1) per block I/O\n"
		"  --quiet           no progress lines; -v: all firmware log lines\n"
		"\n"
		"Sizes take K, M or G suffixes (binary). Exit codes: 0 ok, 2 bad arguments,\n"
		"3 simulation failure, 4 integrity failure (a page lost or corrupted, a leak).\n");
}

static void die_usage(const char *fmt, const char *arg, const char *expected)
{
	fprintf(stderr, "ra-sim run: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, ": expected %s\n", expected);
	fprintf(stderr, "Try 'ra-sim run --help'.\n");
	exit(EXIT_USAGE);
}

#define PROG "ra-sim run"

/* sizes: bytes, K, M or G */
static uint64_t parse_size(const char *opt, const char *s)
{
	return ra_opt_u64(PROG, opt, s, RA_NUM_SIZE, 0, 1ull << 40);
}

static uint64_t parse_u(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
	return ra_opt_u64(PROG, opt, s, RA_NUM_DEC, lo, hi);
}

static bool parse_onoff(const char *opt, const char *s)
{
	if (!strcmp(s, "on"))
		return true;
	if (!strcmp(s, "off"))
		return false;
	fprintf(stderr, "ra-sim run: %s '%s': expected on or off\n", opt, s);
	exit(EXIT_USAGE);
}

static double parse_f(const char *opt, const char *s, double lo, double hi)
{
	return ra_opt_double(PROG, opt, s, lo, hi);
}

enum {
	O_MEM = 256, O_SWAP, O_ACCEL, O_SEED, O_JSON, O_TRACE, O_POLICY, O_SCALE, O_TLB,
	O_SWAPPINESS, O_MINFREE, O_LATENCY, O_FSR, O_FSW, O_FDR, O_FDW, O_QUIET, O_TICK,
	O_KSM, O_KSM_PAGES, O_KSM_SLEEP, O_KSM_MAX, O_COMPACTION, O_PROACTIVE, O_INTERVAL,
	O_LRU, O_AGING_INTERVAL, O_FREQ_DECAY, O_MIN_TTL, O_OLD_ENGINE, O_SCAN_OUT,
};

/* "one of zipf, stream-file, ..., trace" from the workloads table (trace as @trace_name) */
static const char *workload_list(const char *trace_name)
{
	static char buf[512];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "one of");

	for (const struct workload *w = workloads; w->name && n < sizeof(buf); w++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s", w == workloads ? "" : ",",
				      strcmp(w->name, "trace") ? w->name : trace_name);
	return buf;
}

/* FW_SCAN_* for a --scan-output name, or -1 */
static int scan_out(const char *name)
{
	for (int i = 0; i < NR_FW_SCAN_OUT; i++)
		if (!strcmp(name, fw_scan_out_names[i]))
			return i;
	return -1;
}

/* FW_LRU_* for a --lru name, or -1 */
static int lru_policy(const char *name)
{
	for (int i = 0; i < NR_FW_LRU; i++)
		if (!strcmp(name, fw_lru_names[i]))
			return i;
	return -1;
}


static void parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option lo[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "mem", required_argument, NULL, O_MEM },
		{ "swap", required_argument, NULL, O_SWAP },
		{ "accel", required_argument, NULL, O_ACCEL },
		{ "seed", required_argument, NULL, O_SEED },
		{ "json", required_argument, NULL, O_JSON },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "policy", required_argument, NULL, O_POLICY },
		{ "scale", required_argument, NULL, O_SCALE },
		{ "tlb", required_argument, NULL, O_TLB },
		{ "swappiness", required_argument, NULL, O_SWAPPINESS },
		{ "min-free-kbytes", required_argument, NULL, O_MINFREE },
		{ "latency", required_argument, NULL, O_LATENCY },
		{ "fail-swap-read", required_argument, NULL, O_FSR },
		{ "fail-swap-write", required_argument, NULL, O_FSW },
		{ "fail-disk-read", required_argument, NULL, O_FDR },
		{ "fail-disk-write", required_argument, NULL, O_FDW },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "tick", required_argument, NULL, O_TICK },
		{ "ksm", required_argument, NULL, O_KSM },
		{ "ksm-pages-to-scan", required_argument, NULL, O_KSM_PAGES },
		{ "ksm-sleep", required_argument, NULL, O_KSM_SLEEP },
		{ "ksm-max-sharing", required_argument, NULL, O_KSM_MAX },
		{ "compaction", required_argument, NULL, O_COMPACTION },
		{ "proactiveness", required_argument, NULL, O_PROACTIVE },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "lru", required_argument, NULL, O_LRU },
		{ "aging-interval", required_argument, NULL, O_AGING_INTERVAL },
		{ "freq-decay", required_argument, NULL, O_FREQ_DECAY },
		{ "min-ttl", required_argument, NULL, O_MIN_TTL },
		{ "scan-output", required_argument, NULL, O_SCAN_OUT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "engine", optional_argument, NULL, O_OLD_ENGINE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->accel = "rtl";
	o->policy = "lru";
	o->lru = "freq";
	o->scan_out = "auto";
	o->freq_decay = 32;
	o->seed = 1;
	o->scale = 1;
	o->tlb = 64;
	o->latency = 100;
	o->swappiness = 60;
	o->tick = 32;
	o->ksm = true;
	o->ksm_pages = 100;
	o->ksm_sleep = 64;
	o->ksm_max_sharing = 256;
	o->compaction = true;
	o->proactiveness = 20;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:vh", lo, NULL)) != -1) {
		switch (c) {
		case 'w': o->workload = optarg; break;
		case O_MEM: o->mem = parse_size("--mem", optarg); o->mem_set = true; break;
		case O_SWAP: o->swap = parse_size("--swap", optarg); o->swap_set = true; break;
		case O_ACCEL: o->accel = optarg; break;
		case O_SEED: o->seed = parse_u("--seed", optarg, 0, ~0ull); break;
		case O_JSON: o->json = optarg; break;
		case O_TRACE: o->trace = optarg; break;
		case O_POLICY: o->policy = optarg; break;
		case O_SCALE: o->scale = parse_f("--scale", optarg, 0.001, 1000); break;
		case O_TLB: o->tlb = (unsigned)parse_u("--tlb", optarg, 4, 1u << 20); break;
		case O_SWAPPINESS:
			o->swappiness = (unsigned)parse_u("--swappiness", optarg, 0, 200);
			break;
		case O_MINFREE:
			o->min_free_kbytes = parse_u("--min-free-kbytes", optarg, 128, 262144);
			break;
		case O_LATENCY: o->latency = (unsigned)parse_u("--latency", optarg, 1, 4000); break;
		case O_FSR: o->inject.swap_read = parse_f("--fail-swap-read", optarg, 0, 1); break;
		case O_FSW: o->inject.swap_write = parse_f("--fail-swap-write", optarg, 0, 1); break;
		case O_FDR: o->inject.disk_read = parse_f("--fail-disk-read", optarg, 0, 1); break;
		case O_FDW: o->inject.disk_write = parse_f("--fail-disk-write", optarg, 0, 1); break;
		case O_QUIET: o->quiet = true; break;
		case O_TICK: o->tick = (unsigned)parse_u("--tick", optarg, 1, 1u << 20); break;
		case O_KSM: o->ksm = parse_onoff("--ksm", optarg); break;
		case O_KSM_PAGES:
			o->ksm_pages = (unsigned)parse_u("--ksm-pages-to-scan", optarg, 1, 1024);
			break;
		case O_KSM_SLEEP: o->ksm_sleep = (unsigned)parse_u("--ksm-sleep", optarg, 1, 1u << 20); break;
		case O_KSM_MAX:
			o->ksm_max_sharing = (unsigned)parse_u("--ksm-max-sharing", optarg, 2, 65535);
			break;
		case O_COMPACTION: o->compaction = parse_onoff("--compaction", optarg); break;
		case O_PROACTIVE:
			o->proactiveness = (unsigned)parse_u("--proactiveness", optarg, 0, 100);
			break;
		case O_INTERVAL:
			o->interval = parse_u("--interval", optarg, 0, 1ull << 40);
			o->interval_set = true;
			break;
		case O_LRU: o->lru = optarg; break;
		case O_SCAN_OUT: o->scan_out = optarg; break;
		case O_MIN_TTL:
			o->min_ttl = (unsigned)parse_u("--min-ttl", optarg, 0, 1u << 30);
			break;
		case O_FREQ_DECAY:
			o->freq_decay = (unsigned)parse_u("--freq-decay", optarg, 0, 1u << 20);
			break;
		case O_AGING_INTERVAL:
			o->aging_interval = parse_u("--aging-interval", optarg, 0, 1ull << 40);
			o->aging_interval_set = true;
			break;
		case 'v': o->verbose = 1; break;
		case O_OLD_ENGINE:
			die_usage("%s--engine is now --accel", "", "--accel rtl, model or off");
			break;
		case 'h': usage(stdout); exit(0);
		default: fprintf(stderr, "Try 'ra-sim run --help'.\n"); exit(EXIT_USAGE);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind], "only options");
	if (!o->workload)
		die_usage("%s--workload is required", "", workload_list("trace:FILE"));
	if (!strncmp(o->workload, "trace:", 6)) {
		o->trace = o->workload + 6;
		o->workload = "trace";
	}
	if (!workload_find(o->workload))
		die_usage("--workload '%s'", o->workload, workload_list("trace:FILE"));
	if (!strcmp(o->workload, "trace") != !!o->trace)
		die_usage("%s--trace FILE goes with --workload trace (and only with it)", "",
			  "--workload trace --trace FILE, or --workload trace:FILE");
	if (strcmp(o->accel, "rtl") && strcmp(o->accel, "model") && strcmp(o->accel, "off"))
		die_usage("--accel '%s'", o->accel, "rtl, model or off");
	if (strcmp(o->policy, "lru") && strcmp(o->policy, "opt"))
		die_usage("--policy '%s'", o->policy, "lru or opt");
	if (lru_policy(o->lru) < 0)
		die_usage("--lru '%s'", o->lru, "classic, mglru or freq");
	if (scan_out(o->scan_out) < 0)
		die_usage("--scan-output '%s'", o->scan_out, "auto, bitmap or runs");
	if (!o->aging_interval_set)
		o->aging_interval = lru_policy(o->lru) == FW_LRU_FREQ ? 1024 : 0;
	if (o->tlb & (o->tlb - 1))
		die_usage("--tlb '%s'", argv[0], "a power of two");
	if (o->mem_set && (o->mem % (1ull << 20) || o->mem < (4ull << 20) || o->mem > (4ull << 30))) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)o->mem);
		die_usage("--mem %s bytes", buf, "a multiple of 1M from 4M to 4G");
	}
	if (o->swap_set && o->swap % 4096) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)o->swap);
		die_usage("--swap %s bytes", buf, "a multiple of 4K");
	}
}

/* ---- report ------------------------------------------------------------------------------- */

struct result {
	uint64_t vm[NR_VM_EVENTS];
	uint64_t dev[RA_NUM_COUNTERS];
	bool have_dev;
	uint64_t time[NR_FW_TIME], total_cycles;
	uint64_t dev_overlap;	/* device cycles of periodic aging that overlapped the workload */
	uint64_t free_pages, managed, wmark[3], pgtables, dentries, slab_pages;
	uint64_t swap_slots, swap_used;
	struct m_verify ver;
	uint64_t leaks_swap, leaks_pages;
	int state[M_MAX_PROCS];	/* enum mm_state at the end of the workload */
	struct fw_ksm_stats ksm;
	unsigned frag_score;
	uint64_t frames, opt_misses, opt_reads, anon_first, refs;
	uint64_t lru_misses, lru_reads, freq_misses, freq_reads;	/* the other bounds */
	uint64_t lfu_misses, lfu_reads;	/* online exact-count LFU (a reference, not a bound) */
	double wall;
};

static FILE *jf;

/* "1.234x", or "-" when the denominator is 0 (the caller's buffer) */
static const char *ratio_str(char *buf, size_t len, uint64_t num, uint64_t den)
{
	if (!den)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.3fx", (double)num / (double)den);
	return buf;
}

/* a JSON ratio: a number, or null when the denominator is 0 */
static void jratio(const char *k, uint64_t num, uint64_t den, bool last)
{
	if (den)
		fprintf(jf, "\"%s\":%.4f%s", k, (double)num / (double)den, last ? "" : ",");
	else
		fprintf(jf, "\"%s\":null%s", k, last ? "" : ",");
}
/* ---- samples (--interval) --------------------------------------------------------------- */

/* What a sample holds after ops, cycles and free_pages: cumulative vmstat counters ... */
static const enum vm_event_item sample_vm[] = {
	VM_pgscan_kswapd, VM_pgscan_direct, VM_pgsteal_kswapd, VM_pgsteal_direct, VM_pswpin,
	VM_pswpout, VM_pgpgin, VM_pgmajfault, VM_pgfault, VM_workingset_refault, VM_allocstall,
	VM_kswapd_wake, VM_aging_young, VM_pages_hashed, VM_pages_compared, VM_pgmigrate_success,
};
/* ... and, with a device, these of its counters (as dev_NAME) */
static const unsigned sample_dev[] = {
	RA_CNT_PTE_SCANNED, RA_CNT_AF_CLEARED, RA_CNT_PAGES_HASHED, RA_CNT_MEM_READ_BEATS,
};
#define S_NVM (sizeof(sample_vm) / sizeof(sample_vm[0]))
#define S_NDEV (sizeof(sample_dev) / sizeof(sample_dev[0]))
#define S_COLS (3 + S_NVM + S_NDEV)

struct sampler {
	struct ra_dev *dev;
	uint64_t (*rows)[S_COLS];
	size_t n, cap;
	/* RTL cycles spent reading the device's counters for samples: the device's free-running
	 * cycles counter counts them, and the report takes them out again */
	uint64_t csr_cycles;
};

static void take_sample(struct machine *m, void *ctx)
{
	struct sampler *s = ctx;
	uint64_t *row;
	unsigned c = 0;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		void *p = realloc(s->rows, cap * sizeof(*s->rows));

		if (!p) {
			fprintf(stderr, "ra-sim: out of host memory for samples\n");
			exit(EXIT_SIM);
		}
		s->rows = p;
		s->cap = cap;
	}
	row = s->rows[s->n++];
	row[c++] = m->ops;
	row[c++] = plat_clock();
	row[c++] = fw_free_pages();
	for (size_t i = 0; i < S_NVM; i++)
		row[c++] = vm_events[sample_vm[i]];
	if (s->dev) {
		uint64_t c0 = s->dev->cycles(s->dev);

		for (size_t i = 0; i < S_NDEV; i++)
			row[c++] = ra_dev_counter(s->dev, sample_dev[i]);
		s->csr_cycles += s->dev->cycles(s->dev) - c0;
	}
}

static void write_samples(const struct sampler *s)
{
	fprintf(jf, "\"samples\":[");
	for (size_t r = 0; r < s->n; r++) {
		unsigned c = 3;

		fprintf(jf, "%s{\"ops\":%llu,\"cycles\":%llu,\"free_pages\":%llu", r ? ",\n" : "\n",
			(unsigned long long)s->rows[r][0], (unsigned long long)s->rows[r][1],
			(unsigned long long)s->rows[r][2]);
		for (size_t i = 0; i < S_NVM; i++)
			fprintf(jf, ",\"%s\":%llu", vm_event_names[sample_vm[i]],
				(unsigned long long)s->rows[r][c++]);
		for (size_t i = 0; s->dev && i < S_NDEV; i++)
			fprintf(jf, ",\"dev_%s\":%llu", ra_counter_names[sample_dev[i]],
				(unsigned long long)s->rows[r][c++]);
		fprintf(jf, "}");
	}
	fprintf(jf, "],");
}

static void jkv(const char *k, uint64_t v, bool last)
{
	fprintf(jf, "\"%s\":%llu%s", k, (unsigned long long)v, last ? "" : ",");
}

static void write_json(const struct run_opts *o, const struct machine *m, const struct result *r,
		       const struct sampler *smp)
{
	fprintf(jf, "{\"tool\":\"ra-sim run\",\"version\":1,");
	fprintf(jf, "\"config\":{\"workload\":\"%s\",", o->workload);
	if (o->trace)
		fprintf(jf, "\"trace\":\"%s\",", o->trace);
	fprintf(jf, "\"accel\":\"%s\",\"policy\":\"%s\",\"lru\":\"%s\",", o->accel, o->policy,
		o->lru);
	jkv("aging_interval", o->aging_interval, false);
	jkv("freq_decay", o->freq_decay, false);
	fprintf(jf, "\"scan_output\":\"%s\",", o->scan_out);
	jkv("min_ttl", o->min_ttl, false);
	jkv("mem_bytes", o->mem, false);
	jkv("swap_bytes", o->swap, false);
	jkv("seed", o->seed, false);
	fprintf(jf, "\"scale\":%g,", o->scale);
	jkv("tlb_entries", o->tlb, false);
	jkv("tick", o->tick, false);
	jkv("swappiness", o->swappiness, false);
	jkv("ksm", o->ksm, false);
	jkv("compaction", o->compaction, false);
	jkv("proactiveness", o->proactiveness, false);
	jkv("sample_interval", m->sample ? m->sample_every : 0, false);
	jkv("latency", o->latency, true);
	fprintf(jf, "},\"machine\":{");
	jkv("managed_pages", r->managed, false);
	jkv("wmark_min", r->wmark[0], false);
	jkv("wmark_low", r->wmark[1], false);
	jkv("wmark_high", r->wmark[2], false);
	jkv("swap_slots", r->swap_slots, true);
	fprintf(jf, "},\"workload\":{");
	jkv("loads", m->loads, false);
	jkv("stores", m->stores, false);
	jkv("file_reads", m->reads, false);
	jkv("file_read_errors", m->read_errors, false);
	jkv("lookups", m->lookups, false);
	jkv("skipped", m->skipped, false);
	fprintf(jf, "\"processes\":[");
	for (int i = 0, first = 1; i < M_MAX_PROCS; i++) {
		static const char *const st[] = { "free", "live", "oom_killed", "sigbus", "exited" };

		if (!m->proc[i].used)
			continue;
		fprintf(jf, "%s{\"pid\":%d,\"comm\":\"%s\",\"state\":\"%s\"}", first ? "" : ",", i,
			m->proc[i].comm, st[r->state[i]]);
		first = 0;
	}
	fprintf(jf, "]},\"vmstat\":{");
	for (int i = 0; i < NR_VM_EVENTS; i++)
		jkv(vm_event_names[i], r->vm[i], i == NR_VM_EVENTS - 1);
	fprintf(jf, "},\"device\":{");
	for (int i = 0; r->have_dev && i < RA_NUM_COUNTERS; i++)
		jkv(ra_counter_names[i], r->dev[i], i == RA_NUM_COUNTERS - 1);
	fprintf(jf, "},\"time\":{");
	jkv("total_cycles", r->total_cycles, false);
	for (int i = 0; i < NR_FW_TIME; i++)
		jkv(fw_time_names[i], r->time[i], i == NR_FW_TIME - 1);
	fprintf(jf, "},\"aging\":{");
	jkv("passes", r->vm[VM_aging_passes], false);
	jkv("periodic_passes", r->vm[VM_aging_periodic], false);
	jkv("young", r->vm[VM_aging_young], false);
	jkv("cpu_cycles", r->time[T_AGING_CPU], false);
	jkv("dev_wait_cycles", r->time[T_AGING_DEV], false);
	jkv("dev_overlapped_cycles", r->dev_overlap, true);
	fprintf(jf, "},\"ksm\":{");
	jkv("pages_shared", r->ksm.pages_shared, false);
	jkv("pages_sharing", r->ksm.pages_sharing, false);
	jkv("pages_unshared", r->ksm.pages_unshared, false);
	jkv("pages_volatile", r->ksm.pages_volatile, false);
	jkv("full_scans", r->ksm.full_scans, true);
	fprintf(jf, "},\"compaction\":{");
	jkv("huge_attempts", m->huge_attempts, false);
	jkv("huge_ok", m->huge_ok, false);
	jkv("fragmentation_score", r->frag_score, true);
	fprintf(jf, "},\"final\":{");
	jkv("free_pages", r->free_pages, false);
	jkv("pgtable_pages", r->pgtables, false);
	jkv("dentries", r->dentries, false);
	jkv("slab_pages", r->slab_pages, false);
	jkv("swap_used", r->swap_used, true);
	fprintf(jf, "},\"opt\":{");
	jkv("references", r->refs, false);
	jkv("frames", r->frames, false);
	jkv("misses", r->opt_misses, false);
	jkv("anon_first_touch", r->anon_first, false);
	jkv("page_reads", r->opt_reads, false);
	jkv("lru_page_reads", r->vm[VM_pgpgin], false);
	jratio("ratio", r->vm[VM_pgpgin], r->opt_reads, true);
	fprintf(jf, "},\"bounds\":{");
	jkv("references", r->refs, false);
	jkv("frames", r->frames, false);
	jkv("anon_first_touch", r->anon_first, false);
	jkv("run_page_reads", r->vm[VM_pgpgin], false);
	jkv("opt_page_reads", r->opt_reads, false);
	jkv("lru_page_reads", r->lru_reads, false);
	jkv("freq_page_reads", r->freq_reads, false);
	jkv("lfu_page_reads", r->lfu_reads, false);
	jratio("run_over_opt", r->vm[VM_pgpgin], r->opt_reads, false);
	jratio("run_over_lru", r->vm[VM_pgpgin], r->lru_reads, false);
	jratio("run_over_freq", r->vm[VM_pgpgin], r->freq_reads, false);
	jratio("run_over_lfu", r->vm[VM_pgpgin], r->lfu_reads, false);
	jratio("lfu_over_opt", r->lfu_reads, r->opt_reads, false);
	jratio("lru_over_opt", r->lru_reads, r->opt_reads, false);
	jratio("freq_over_opt", r->freq_reads, r->opt_reads, true);
	fprintf(jf, "},");
	fprintf(jf, "\"integrity\":{");
	jkv("pages_verified", r->ver.pages, false);
	jkv("page_mismatches", r->ver.mismatches, false);
	jkv("unreadable", r->ver.unreadable, false);
	jkv("load_mismatches", m->load_mismatch, false);
	jkv("read_mismatches", m->read_mismatch, false);
	jkv("leaked_swap_slots", r->leaks_swap, false);
	jkv("leaked_pages", r->leaks_pages, false);
	jkv("injected_swap_read", plat_host_stats.injected[0], false);
	jkv("injected_swap_write", plat_host_stats.injected[1], false);
	jkv("injected_disk_read", plat_host_stats.injected[2], false);
	jkv("injected_disk_write", plat_host_stats.injected[3], true);
	fprintf(jf, "},");
	if (m->sample)
		write_samples(smp);
	fprintf(jf, "\"host\":{\"wall_seconds\":%.3f,\"sample_csr_cycles\":%llu}}\n", r->wall,
		(unsigned long long)smp->csr_cycles);
}

static void print_report(const struct run_opts *o, const struct machine *m, const struct result *r,
			 const struct sampler *smp)
{
	char b1[32], b2[32], b3[32], b4[32], b5[32], b6[32], b7[32];

	printf("ra-sim run: workload %s%s%s, mem %llu MiB (%llu pages managed), swap %llu MiB, "
	       "accel %s, lru %s, aging interval %llu, seed %llu\n",
	       o->workload, o->trace ? " " : "", o->trace ? o->trace : "",
	       (unsigned long long)(o->mem >> 20), (unsigned long long)r->managed,
	       (unsigned long long)(o->swap >> 20), o->accel, o->lru,
	       (unsigned long long)o->aging_interval, (unsigned long long)o->seed);
	printf("  watermarks (pages): min %llu, low %llu, high %llu\n",
	       (unsigned long long)r->wmark[0], (unsigned long long)r->wmark[1],
	       (unsigned long long)r->wmark[2]);
	printf("  workload: %llu loads, %llu stores, %llu file reads, %llu lookups\n",
	       (unsigned long long)m->loads, (unsigned long long)m->stores,
	       (unsigned long long)m->reads, (unsigned long long)m->lookups);
	for (int i = 0; i < M_MAX_PROCS; i++) {
		static const char *const st[] = { "free", "live", "OOM-killed", "SIGBUS", "exited" };

		if (m->proc[i].used && r->state[i] != MM_LIVE)
			printf("  process %d (%s): %s\n", i, m->proc[i].comm, st[r->state[i]]);
	}
	printf("\nvmstat:\n");
	for (size_t i = 0; i < sizeof(required_vmstat) / sizeof(required_vmstat[0]); i++)
		for (int j = 0; j < NR_VM_EVENTS; j++)
			if (!strcmp(vm_event_names[j], required_vmstat[i]))
				printf("  %-26s %12llu\n", vm_event_names[j], (unsigned long long)r->vm[j]);
	for (int j = 0; j < NR_VM_EVENTS; j++) {
		bool req = false;

		for (size_t i = 0; i < sizeof(required_vmstat) / sizeof(required_vmstat[0]); i++)
			req |= !strcmp(vm_event_names[j], required_vmstat[i]);
		if (!req && r->vm[j])
			printf("  %-26s %12llu\n", vm_event_names[j], (unsigned long long)r->vm[j]);
	}
	if (r->have_dev) {
		printf("\ndevice performance counters (%s):\n", o->accel);
		for (int i = 0; i < RA_NUM_COUNTERS; i++)
			printf("  %-26s %12llu\n", ra_counter_names[i], (unsigned long long)r->dev[i]);
	}
	printf("\nsimulated time: %llu cycles\n", (unsigned long long)r->total_cycles);
	for (int i = 0; i < NR_FW_TIME; i++)
		printf("  %-26s %12llu  %5.1f%%\n", fw_time_names[i], (unsigned long long)r->time[i],
		       r->total_cycles ? 100.0 * (double)r->time[i] / (double)r->total_cycles : 0.0);
	printf("\naging: %llu passes, %llu young PTEs; CPU read %llu descriptors, %llu bitmap "
	       "words and %llu run-list words; device SCANs %llu; CPU aging %llu cycles, device %llu cycles waited for and "
	       "%llu overlapping the workload (%llu periodic passes)\n",
	       (unsigned long long)r->vm[VM_aging_passes], (unsigned long long)r->vm[VM_aging_young],
	       (unsigned long long)r->vm[VM_aging_cpu_desc_reads],
	       (unsigned long long)r->vm[VM_aging_cpu_bitmap_reads],
	       (unsigned long long)r->vm[VM_aging_cpu_run_reads],
	       (unsigned long long)r->vm[VM_aging_commands], (unsigned long long)r->time[T_AGING_CPU],
	       (unsigned long long)r->time[T_AGING_DEV], (unsigned long long)r->dev_overlap,
	       (unsigned long long)r->vm[VM_aging_periodic]);
	if (r->ksm.full_scans || r->ksm.pages_shared)
		printf("KSM: pages_shared %llu, pages_sharing %llu (%.1f MiB saved), pages_unshared %llu, "
		       "pages_volatile %llu, full_scans %llu; HASH/CMP work: CPU %llu cycles, device "
		       "%llu cycles\n",
		       (unsigned long long)r->ksm.pages_shared, (unsigned long long)r->ksm.pages_sharing,
		       r->ksm.pages_sharing / 256.0, (unsigned long long)r->ksm.pages_unshared,
		       (unsigned long long)r->ksm.pages_volatile, (unsigned long long)r->ksm.full_scans,
		       (unsigned long long)r->time[T_PAGES_CPU], (unsigned long long)r->time[T_PAGES_DEV]);
	if (m->huge_attempts)
		printf("compaction %s: order-9 requests %llu, succeeded %llu (%.0f%%); compact_stall %llu, "
		       "pgmigrate_success %llu, fragmentation score %u\n",
		       o->compaction ? "on" : "off", (unsigned long long)m->huge_attempts,
		       (unsigned long long)m->huge_ok, 100.0 * (double)m->huge_ok / (double)m->huge_attempts,
		       (unsigned long long)r->vm[VM_compact_stall],
		       (unsigned long long)r->vm[VM_pgmigrate_success], r->frag_score);
	printf("OPT: %llu references, %llu frames for user pages: OPT reads %llu pages; this run "
	       "reads %llu (%s OPT), %llu of them in major faults\n",
	       (unsigned long long)r->refs, (unsigned long long)r->frames,
	       (unsigned long long)r->opt_reads, (unsigned long long)r->vm[VM_pgpgin],
	       ratio_str(b1, sizeof(b1), r->vm[VM_pgpgin], r->opt_reads),
	       (unsigned long long)r->vm[VM_pgmajfault]);
	printf("bounds (page reads, same references and frames): OPT %llu, exact LRU %llu (%s OPT), "
	       "frequency bound %llu (%s OPT), exact-count LFU %llu (%s OPT); this run %s OPT, "
	       "%s LRU, %s the frequency bound\n",
	       (unsigned long long)r->opt_reads, (unsigned long long)r->lru_reads,
	       ratio_str(b2, sizeof(b2), r->lru_reads, r->opt_reads),
	       (unsigned long long)r->freq_reads,
	       ratio_str(b3, sizeof(b3), r->freq_reads, r->opt_reads),
	       (unsigned long long)r->lfu_reads,
	       ratio_str(b7, sizeof(b7), r->lfu_reads, r->opt_reads),
	       ratio_str(b4, sizeof(b4), r->vm[VM_pgpgin], r->opt_reads),
	       ratio_str(b5, sizeof(b5), r->vm[VM_pgpgin], r->lru_reads),
	       ratio_str(b6, sizeof(b6), r->vm[VM_pgpgin], r->freq_reads));
	printf("integrity: %llu pages verified, %llu mismatched, %llu unreadable; %llu load and %llu "
	       "read mismatches; leaks: %llu swap slots, %llu pages\n",
	       (unsigned long long)r->ver.pages, (unsigned long long)r->ver.mismatches,
	       (unsigned long long)r->ver.unreadable, (unsigned long long)m->load_mismatch,
	       (unsigned long long)m->read_mismatch, (unsigned long long)r->leaks_swap,
	       (unsigned long long)r->leaks_pages);
	if (m->sample)
		printf("samples: %zu, every %llu operations (%s)\n", smp->n,
		       (unsigned long long)m->sample_every,
		       o->json ? "in the JSON" : "not written: no --json");
	printf("wall time: %.2f s\n", r->wall);
}

/* ---- the run ------------------------------------------------------------------------------ */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void opt_compare(struct machine *m, struct result *r)
{
	uint64_t first = 0, pt = m_pgtable_estimate(m), reserve = r->wmark[2] + pt;

	r->refs = m->nrefs;
	r->anon_first = m_anon_pages_touched(m);
	r->frames = r->managed > reserve + 16 ? r->managed - reserve : 16;
	r->opt_misses = ra_opt_misses(m->refs, m->nrefs, r->frames, &first);
	r->lru_misses = ra_lru_misses(m->refs, m->nrefs, r->frames, NULL);
	r->freq_misses = ra_freq_misses(m->refs, m->nrefs, r->frames, NULL);
	r->lfu_misses = ra_lfu_misses(m->refs, m->nrefs, r->frames, NULL);
	if (r->opt_misses == UINT64_MAX || r->lru_misses == UINT64_MAX ||
	    r->freq_misses == UINT64_MAX || r->lfu_misses == UINT64_MAX) {
		fprintf(stderr, "ra-sim run: out of host memory for the OPT/LRU/LFU/frequency "
			"bounds\n");
		exit(EXIT_SIM);
	}
	r->opt_reads = r->opt_misses - r->anon_first;
	r->lru_reads = r->lru_misses - r->anon_first;
	r->freq_reads = r->freq_misses - r->anon_first;
	r->lfu_reads = r->lfu_misses - r->anon_first;
}



/* After the report: every process exits; nothing may remain in swap or mapped. */
static void leak_check(struct machine *m, struct result *r)
{
	for (int i = 0; i < M_MAX_PROCS; i++)
		if (m->proc[i].used)
			m_exit(m, i);
	fw_tick();
	r->leaks_swap = swap_info.max ? swap_info.inuse - 1 : 0;
	for (uint64_t pfn = 0; pfn < max_pfn; pfn++) {
		const struct page *p = pfn_to_page(pfn);

		if (!PageBuddy(p) && (PageSwapBacked(p) || p->mapcount || PageSwapCache(p) ||
				      PageMapped(p)))
			r->leaks_pages++;
	}
}

int ra_run_main(int argc, char **argv)
{
	struct run_opts o;
	struct ra_trace trace = { 0 };
	const struct workload *w;
	struct wl_params wp = { 0 };
	struct ra_mem *mem;
	struct ra_dev *dev = NULL;
	struct plat_host_cfg pc = { 0 };
	struct fw_config fc = { 0 };
	static struct machine m;
	static struct result r;
	static struct sampler smp;
	bool opt = false;
	int err, rc = 0;
	double t0 = now();

	parse(argc, argv, &o);
	w = workload_find(o.workload);
	if (o.trace) {
		char msg[512];

		if (ra_trace_read(o.trace, &trace, msg, sizeof(msg))) {
			fprintf(stderr, "ra-sim run: %s\n", msg);
			return EXIT_USAGE;
		}
		wp.trace = &trace;
		if (!o.mem_set) {
			uint64_t fp = 0;

			for (unsigned i = 0; i < trace.nproc; i++)
				fp += ra_trace_footprint(&trace, i);
			o.mem = ((fp * 3 / 4) << 12) & ~((1ull << 20) - 1);
			if (o.mem < (4ull << 20))
				o.mem = 4ull << 20;
		}
	}
	if (!o.mem)
		o.mem = 16ull << 20;
	if (!o.swap_set)
		o.swap = !strcmp(o.workload, "oom") ? o.mem / 2 : o.mem * 2;
	opt = !strcmp(o.policy, "opt");
	wp.mem_pages = o.mem >> 12;
	wp.swap_pages = o.swap >> 12;
	wp.scale = o.scale;

	mem = ra_mem_create();
	if (!mem)
		return EXIT_SIM;
	if (!opt && !strcmp(o.accel, "rtl")) {
		struct axi_mem_cfg bus = ra_bus_cfg("w64", o.latency);

		dev = ra_dev_rtl(mem, "w64", &bus, NULL);
	} else if (!opt && !strcmp(o.accel, "model")) {
		dev = ra_dev_model(mem, 8, 16, 16, o.latency);
	}
	if (!opt && strcmp(o.accel, "off") && !dev) {
		fprintf(stderr, "ra-sim run: cannot create the %s device\n", o.accel);
		return EXIT_SIM;
	}
	pc.mem_bytes = o.mem;
	pc.swap_bytes = opt ? 0 : o.swap;
	pc.disk_bytes = (w->disk_pages(&wp) + 1) << 12;
	pc.dev = dev;
	pc.inject = o.inject;
	pc.inject.seed = o.seed;
	pc.verbose = o.verbose;
	if (plat_host_init(mem, &pc)) {
		fprintf(stderr, "ra-sim run: cannot set up the platform\n");
		return EXIT_SIM;
	}
	fc.mem_bytes = o.mem;
	fc.min_free_kbytes = o.min_free_kbytes;
	fc.swappiness = (int)o.swappiness;
	fc.tlb_entries = o.tlb;
	fc.accel = dev ? FW_ACCEL_DEVICE : FW_ACCEL_OFF;
	fw_default_costs(&fc.costs);
	fc.ksm.run = o.ksm;
	fc.ksm.pages_to_scan = o.ksm_pages;
	fc.ksm.sleep_ticks = o.ksm_sleep;
	fc.ksm.max_page_sharing = o.ksm_max_sharing;
	fc.compaction = o.compaction;
	fc.proactiveness = o.proactiveness;
	fc.kcompactd_ticks = 64;
	fc.lru = (enum fw_lru)lru_policy(o.lru);
	fc.aging_interval = o.aging_interval;
	fc.freq_decay = o.freq_decay;
	fc.min_ttl_ticks = o.min_ttl;
	fc.scan_out = (enum fw_scan_out)scan_out(o.scan_out);
	err = fw_boot(&fc);
	if (err) {
		fprintf(stderr, "ra-sim run: firmware boot failed (error %d)\n", err);
		return EXIT_SIM;
	}
	r.managed = node_data.node_zones[0].managed_pages + node_data.node_zones[1].managed_pages;
	for (int i = 0; i < 3; i++)
		r.wmark[i] = node_data.node_zones[0].watermark[i] + node_data.node_zones[1].watermark[i];
	r.swap_slots = swap_info.max;

	m_init(&m, o.seed, opt, true);
	m.quiet = o.quiet;
	m.tick = o.tick;
	m.aging_every = o.aging_interval;
	if (!opt && (o.interval_set ? o.interval > 0 : o.json != NULL)) {
		smp.dev = dev;
		m.sample = take_sample;
		m.sample_ctx = &smp;
		m.sample_every = o.interval;	/* 0: progress_total / 200 */
		take_sample(&m, &smp);
	}
	w->run(&m, &wp);
	if (m.sample && smp.rows[smp.n - 1][0] != m.ops)
		take_sample(&m, &smp);

	if (opt) {
		opt_compare(&m, &r);
		printf("ra-sim run --policy opt: workload %s, mem %llu MiB: %llu references, %llu "
		       "frames for user pages, OPT reads %llu pages (%llu misses, %llu first "
		       "touches of anonymous pages)\n",
		       o.workload, (unsigned long long)(o.mem >> 20), (unsigned long long)r.refs,
		       (unsigned long long)r.frames, (unsigned long long)r.opt_reads,
		       (unsigned long long)r.opt_misses, (unsigned long long)r.anon_first);
		if (o.json) {
			jf = fopen(o.json, "w");
			if (!jf) {
				perror(o.json);
				return EXIT_USAGE;
			}
			fprintf(jf, "{\"tool\":\"ra-sim run\",\"version\":1,\"policy\":\"opt\","
				    "\"workload\":\"%s\",\"mem_bytes\":%llu,\"references\":%llu,"
				    "\"frames\":%llu,\"misses\":%llu,\"anon_first_touch\":%llu,"
				    "\"page_reads\":%llu}\n",
				o.workload, (unsigned long long)o.mem, (unsigned long long)r.refs,
				(unsigned long long)r.frames, (unsigned long long)r.opt_misses,
				(unsigned long long)r.anon_first, (unsigned long long)r.opt_reads);
			fclose(jf);
		}
		m_fini(&m);
		plat_host_fini();
		ra_mem_destroy(mem);
		ra_trace_free(&trace);
		return 0;
	}

	memcpy(r.vm, vm_events, sizeof(r.vm));
	memcpy(r.time, fw_time, sizeof(r.time));
	r.total_cycles = plat_clock();
	r.dev_overlap = fw_dev_overlap_cycles;
	r.have_dev = dev != NULL;
	for (int i = 0; dev && i < RA_NUM_COUNTERS; i++)
		r.dev[i] = ra_dev_counter(dev, (unsigned)i);
	r.dev[RA_CNT_CYCLES] -= smp.csr_cycles;
	r.free_pages = fw_free_pages();
	fw_ksm_stats(&r.ksm);
	r.frag_score = fw_fragmentation_score();
	r.dentries = fw_nr_dentry();
	r.slab_pages = fw_nr_slab_pages();
	for (int i = 0; i < MAX_PROCS; i++)
		r.pgtables += mm_table[i].state == MM_LIVE ? mm_table[i].nr_pgtables : 0;
	r.swap_used = swap_info.max ? swap_info.inuse - 1 : 0;
	for (int i = 0; i < M_MAX_PROCS; i++)
		r.state[i] = fw_mm(i) ? (int)fw_mm(i)->state : MM_FREE;
	m_verify(&m, &r.ver);
	opt_compare(&m, &r);
	leak_check(&m, &r);
	r.wall = now() - t0;

	print_report(&o, &m, &r, &smp);
	if (o.json) {
		jf = fopen(o.json, "w");
		if (!jf) {
			perror(o.json);
			rc = EXIT_USAGE;
		} else {
			write_json(&o, &m, &r, &smp);
			fclose(jf);
		}
	}
	if (m.segv || fw_accel_failed())
		rc = EXIT_SIM;
	if (r.ver.mismatches || r.ver.unreadable || m.load_mismatch || m.read_mismatch ||
	    r.leaks_swap || r.leaks_pages)
		rc = EXIT_INTEGRITY;
	free(smp.rows);
	m_fini(&m);
	plat_host_fini();
	if (dev)
		dev->destroy(dev);
	ra_mem_destroy(mem);
	ra_trace_free(&trace);
	return rc;
}

// SPDX-License-Identifier: MIT
//
// ra-sc-platform - the example SystemC platform (ra_sc_platform.h): a software thread builds
// page tables in memory, programs the DMA windows and rings through the accelerator's TLM CSR
// socket, runs WALK and SCAN, prints what came back and checks it against the C model.
// With --bench: the SCAN benchmark of ra-bench (dense 1 GiB mapping) on the SystemC platform,
// with the simulation speed in simulated cycles per second of wall-clock time ("reads out":
// the most read bursts the device had in flight on the memory socket at once).
//
// usage: ra-sc-platform [--latency N]
//        ra-sc-platform --bench [--latency N] [--pages N] [--only scan|clear|dirty]
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ra_sc_platform.h"

extern "C" {
#include "pt_build.h"
#include "ra_host.h"
#include "ra_num.h"
#include "ra_regs.h"
}

namespace {

const uint64_t TBL = 0x40000000ull;
const uint64_t SCRATCH = 0x7f0000000000ull;

double now_s()
{
	return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
		.count();
}

// --- demo ---

const uint64_t DEMO_VA = 0x400000;	// 64 pages at 4 MiB, a 2 MiB block at 6 MiB
const uint64_t DEMO_END = 0x800000;

void build_demo_tables(struct pt_build *b)
{
	for (unsigned i = 0; i < 64; i++) {
		uint64_t attrs = PTE_DBM | PTE_AP2;	// writable-clean

		if (i % 8 == 7)
			continue;			// not mapped
		if (i % 3)
			attrs |= PTE_AF;		// young
		if (i % 5 == 0)
			attrs &= ~PTE_AP2;		// hardware-dirty
		pt_map(b, DEMO_VA + 4096ull * i, 0x80000000ull + 4096ull * i, 3, attrs);
	}
	pt_set(b, DEMO_VA + 4096ull * 63, 3, 0x8003f000ull | PTE_VALID);	// L3 '01': fault
	pt_map(b, 0x600000, 0x90000000ull, 2, PTE_AF | PTE_DBM);	// young, dirty block
}

struct demo_out {
	struct ra_walk_result res[6];
	struct ra_cpl cpl[3];
	struct ra_scan_out so[2];
	uint64_t counters[RA_NUM_COUNTERS];
	int err;
};

const uint64_t demo_vas[6] = { 0x400000, 0x401234, 0x407000, 0x43f000, 0x6abcde, 0x1000000 };

// WALK six VAs, SCAN with CLEAR_AF | REPORT_DIRTY, SCAN again (the AFs are now clear).
void demo_run(struct ra_dev *d, uint64_t ttbr, struct demo_out *o)
{
	struct ra_host h;
	struct ra_window w = { TBL, TBL + (1ull << 20) };

	memset(o, 0, sizeof(*o));
	o->err = ra_host_init(&h, d, SCRATCH, 2ull << 20, &w, 1);
	o->err |= ra_host_walk(&h, ttbr, demo_vas, 6, o->res, &o->cpl[0]);
	o->err |= ra_host_scan(&h, ttbr, DEMO_VA, DEMO_END,
			       RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY, 16, &o->so[0], &o->cpl[1]);
	o->err |= ra_host_scan(&h, ttbr, DEMO_VA, DEMO_END, RA_SCAN_REPORT_DIRTY, 16, &o->so[1],
			       &o->cpl[2]);
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		o->counters[i] = ra_dev_counter(d, i);
}

bool demo_same(const demo_out &a, const demo_out &b)
{
	if (a.err || b.err || memcmp(a.res, b.res, sizeof(a.res)) || memcmp(a.cpl, b.cpl, sizeof(a.cpl)))
		return false;
	for (int s = 0; s < 2; s++) {
		const uint64_t words = (a.so[s].npages + 63) / 64;

		if (a.so[s].nrec != b.so[s].nrec ||
		    memcmp(a.so[s].rec, b.so[s].rec, a.so[s].nrec * sizeof(*a.so[s].rec)) ||
		    memcmp(a.so[s].young, b.so[s].young, words * 8) ||
		    memcmp(a.so[s].dirty, b.so[s].dirty, words * 8))
			return false;
	}
	for (unsigned i = RA_CNT_COMMANDS; i < RA_NUM_COUNTERS; i++)
		if (a.counters[i] != b.counters[i])
			return false;
	return true;
}

void print_scan(const char *what, const struct ra_cpl &c, const struct ra_scan_out &so)
{
	printf("%s: status %s, %u young, %u dirty, %u descriptors, %u records%s\n", what,
	       ra_status_name(c.status), c.count[0], c.count[3], c.count[2], c.count[1],
	       (c.flags & RA_CPL_TRUNCATED) ? " (truncated)" : "");
	printf("  young bitmap %016" PRIx64 " %016" PRIx64 "  dirty bitmap %016" PRIx64
	       " %016" PRIx64 "\n", so.young[0], so.young[1], so.dirty[0], so.dirty[1]);
	for (unsigned i = 0; i < so.nrec; i++)
		printf("  record: va %#" PRIx64 " level %u %s%s%s\n", so.rec[i].va, so.rec[i].level,
		       so.rec[i].type ? ra_fault_name(so.rec[i].type) : "block",
		       so.rec[i].young ? " young" : "", so.rec[i].dirty ? " dirty" : "");
}

int demo(ra_sc_platform &p, unsigned latency)
{
	struct ra_mem *mem = ra_mem_create(), *mmem;
	struct pt_build b;
	demo_out so, mo;
	int rc = 0;

	ra_mem_add_region(mem, TBL, 1ull << 20);
	ra_mem_add_region(mem, SCRATCH, 2ull << 20);
	pt_init(&b, mem, TBL, 1ull << 20);
	build_demo_tables(&b);
	mmem = ra_mem_clone(mem);

	struct ra_dev *d = p.open(mem, latency, latency, 64);
	const sc_core::sc_time t0 = sc_core::sc_time_stamp();
	const uint64_t c0 = d->cycles(d);

	demo_run(d, b.ttbr, &so);
	printf("ra-sc-platform: SystemC %s, memory latency %u cycles, clock %s\n",
	       sc_core::sc_release(), latency, p.clk.period().to_string().c_str());
	printf("WALK: status %s, %u translated, %u faults\n", ra_status_name(so.cpl[0].status),
	       so.cpl[0].count[0], so.cpl[0].count[1]);
	for (unsigned i = 0; i < 6; i++) {
		if (so.res[i].fault)
			printf("  va %#10" PRIx64 " -> %s fault at level %u\n", demo_vas[i],
			       ra_fault_name(so.res[i].fault), so.res[i].level);
		else
			printf("  va %#10" PRIx64 " -> pa %#" PRIx64 " (level %u, desc %#" PRIx64
			       ")\n", demo_vas[i], so.res[i].pa, so.res[i].level, so.res[i].desc);
	}
	print_scan("SCAN --clear --dirty", so.cpl[1], so.so[0]);
	print_scan("SCAN --dirty (again)", so.cpl[2], so.so[1]);
	printf("counters:");
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		printf(" %s=%" PRIu64, ra_counter_names[i], so.counters[i]);
	printf("\nsimulated %" PRIu64 " cycles (%s); memory target: %" PRIu64 " reads, %" PRIu64
	       " writes, %" PRIu64 " atomics\n", d->cycles(d) - c0,
	       (sc_core::sc_time_stamp() - t0).to_string().c_str(), p.memory.stats().reads,
	       p.memory.stats().writes, p.memory.stats().atomics);

	// the same on the C model, from the same initial memory
	struct ra_dev *md = ra_dev_model_like(d, mmem, latency);

	demo_run(md, b.ttbr, &mo);
	if (!demo_same(so, mo) || ra_mem_compare(mem, mmem) >= 0 || ra_mem_bounds_errors(mem) ||
	    p.accel.stats().protocol_errors || p.accel.stats().error_responses) {
		printf("ra-sc-platform: FAIL: results differ from the C model\n");
		rc = 1;
	} else {
		printf("ra-sc-platform: results, memory image and counters equal the C model's\n");
	}
	for (int s = 0; s < 2; s++) {
		ra_scan_out_free(&so.so[s]);
		ra_scan_out_free(&mo.so[s]);
	}
	md->destroy(md);
	d->destroy(d);
	ra_mem_destroy(mmem);
	ra_mem_destroy(mem);
	return rc;
}

// --- benchmark: ra-bench's SCAN of a dense mapping ---

int bench(ra_sc_platform &p, unsigned latency, uint64_t pages, const char *only)
{
	static const struct {
		const char *name, *key;
		unsigned flags;
	} modes[] = { { "scan", "scan", 0 }, { "scan --clear", "clear", RA_SCAN_CLEAR_AF },
		      { "scan --clear --dirty", "dirty", RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY } };
	const uint64_t va0 = 0x40000000ull;
	const uint64_t tsize = ((pages + 511) / 512 + 8) * 4096;

	printf("SystemC platform: SCAN of %" PRIu64 " young PTEs (%" PRIu64 " MiB mapped), read "
	       "latency %u cycles, 64-bit bus\n", pages, pages * 4096 >> 20, latency);
	printf("  %-22s %12s %9s %12s %10s %11s\n", "mode", "busy cycles", "cyc/PTE",
	       "sim cycles", "reads out", "sim cyc/s");
	for (const auto &m : modes) {
		if (only && strcmp(only, m.key))
			continue;
		struct ra_mem *mem = ra_mem_create();
		struct pt_build b;
		struct ra_window w = { TBL, TBL + tsize };
		struct ra_host h;
		struct ra_scan_out so;
		struct ra_cpl cpl;

		ra_mem_add_region(mem, TBL, tsize);
		ra_mem_add_region(mem, SCRATCH, 16ull << 20);
		pt_init(&b, mem, TBL, tsize);
		for (uint64_t i = 0; i < pages; i++)
			pt_map(&b, va0 + 4096 * i, 0x200000000ull + 4096 * i, 3,
			       PTE_AF | PTE_DBM | PTE_AP2);
		struct ra_dev *d = p.open(mem, latency, latency, 64);

		if (ra_host_init(&h, d, SCRATCH, 16ull << 20, &w, 1)) {
			fprintf(stderr, "ra-sc-platform: the device did not come up\n");
			return 3;
		}
		const uint64_t c0 = d->cycles(d);
		const double t0 = now_s();

		if (ra_host_scan(&h, b.ttbr, va0, va0 + 4096 * pages, m.flags, 64, &so, &cpl) ||
		    cpl.status || cpl.count[0] != pages) {
			fprintf(stderr, "ra-sc-platform: scan failed (status %u, young %u)\n",
				cpl.status, cpl.count[0]);
			return 3;
		}
		const double t1 = now_s();
		const uint64_t cyc = d->cycles(d) - c0;
		const uint64_t busy = ra_dev_counter(d, RA_CNT_BUSY_CYCLES);

		printf("  %-22s %12" PRIu64 " %9.3f %12" PRIu64 " %10" PRIu64 " %11.0f\n", m.name,
		       busy, static_cast<double>(busy) / static_cast<double>(pages), cyc,
		       p.accel.stats().max_reads_open, static_cast<double>(cyc) / (t1 - t0));
		fflush(stdout);
		ra_scan_out_free(&so);
		d->destroy(d);
		ra_mem_destroy(mem);
	}
	return 0;
}

} // namespace

int sc_main(int argc, char *argv[])
{
	unsigned latency = 100;
	uint64_t pages = 262144;
	bool do_bench = false;
	const char *only = nullptr;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--latency") && i + 1 < argc) {
			latency = static_cast<unsigned>(ra_opt_u64("ra-sc-platform", "--latency",
								    argv[++i], RA_NUM_DEC, 1,
								    100000));
		} else if (!strcmp(argv[i], "--pages") && i + 1 < argc) {
			pages = ra_opt_u64("ra-sc-platform", "--pages", argv[++i], RA_NUM_DEC, 1,
					   1u << 22);
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else if (!strcmp(argv[i], "--bench")) {
			do_bench = true;
		} else {
			fprintf(stderr, "usage: ra-sc-platform [--latency N]\n"
				"       ra-sc-platform --bench [--latency N] [--pages N] "
				"[--only scan|clear|dirty]\n");
			return 2;
		}
	}
	if (!latency || !pages || pages > (1u << 22)) {
		fprintf(stderr, "ra-sc-platform: --latency and --pages must be positive "
			"(pages <= 4M)\n");
		return 2;
	}

	ra_sc_platform_cfg cfg;
	ra_sc_platform *top = nullptr;

	cfg.rd_latency = cfg.wr_latency = latency;
	ra_sc_platform platform("top", cfg, [&](ra_sc_cpu &) {
		return do_bench ? bench(*top, latency, pages, only) : demo(*top, latency);
	});
	top = &platform;
	sc_core::sc_start();
	return platform.cpu.result();
}

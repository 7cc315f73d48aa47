// SPDX-License-Identifier: MIT
/*
 * test_diff - differential random test: random page-table configurations (valid, invalid and
 * garbage descriptors, blocks, shared subtables, tables above PA_BITS or outside the DMA
 * windows) go through WALK, SCAN and SCAN with CLEAR_AF, and random page pools and lists
 * through HASH, CMP and COPY (randcfg.c), on the RTL and on the C model; the completions,
 * results, bitmaps, records, memory images and counters (but cycles) must be identical, and
 * the RTL's beat counters must equal what the bus model saw.
 *
 * usage: test_diff [--count N] [--seed S] [--variant w64|w128|nowc] [--inject PCT] [--verbose]
 * Configuration i uses seed S+i; a failure prints the command that replays it.
 *
 * --inject PCT: bus faults (docs/device.md, "Bus errors"). A model dry run lists the lines the
 * configuration touches; 1..4 of them (outside the ring pages) are poisoned with SLVERR or
 * DECERR in the image both sides start from (ra_mem_poison), and the bus model stalls every
 * ready and valid it drives (AR, R, AW, W, B) with probability PCT %. Besides the usual
 * comparison: no command may hang, the RTL bus must have given exactly the write and atomic
 * errors the model's memory gave (and reads with errors on both or neither), and each kind of
 * error given must show in some completion (status BUS with that flag), and none otherwise.
 */
#include "axi_mem.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "randcfg.h"

struct touched {
	uint64_t pa[4096];
	uint8_t kind[4096];
	unsigned n;
};

static void touch(void *ctx, int kind, uint64_t pa)
{
	struct touched *t = ctx;

	if (pa >= RANDCFG_SCRATCH && pa < RANDCFG_SCRATCH + 8192)
		return;		/* the rings: an error there is a ring fault (directed tests) */
	if (t->n < 4096) {
		t->pa[t->n] = pa;
		t->kind[t->n++] = (uint8_t)kind;
	}
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	unsigned inject = 0;
	uint64_t inj_tot[3] = { 0 }, inj_cmds = 0, hangs = 0, stalls = 0;
	unsigned count = 1000, failed = 0, verbose = 0;
	unsigned done = 0;
	uint64_t seed = 1;
	const char *variant = "w64";
	uint64_t tot_cycles = 0, cov_young = 0, cov_pte = 0, cov_cleared = 0, cov_blocks = 0;
	uint64_t cov_kind[4] = { 0 }, cov_trunc = 0, cov_walk_ok = 0;
	uint64_t cov_stops = 0, cov_chain_cmds = 0, cov_chain_done = 0, cov_runs = 0;
	uint64_t cov_page[3] = { 0 }, cov_flag[2] = { 0 }, cov_pfault = 0, cov_perr = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--variant") && i + 1 < argc)
			variant = argv[++i];
		else if (!strcmp(argv[i], "--inject") && i + 1 < argc)
			inject = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--verbose"))
			verbose = 1;
		else {
			fprintf(stderr, "usage: %s [--count N] [--seed S] [--variant w64|w128|nowc] "
				"[--inject PCT] [--verbose]\n", argv[0]);
			return 2;
		}
	}
	printf("test_diff: variant %s, seeds %" PRIu64 "..%" PRIu64 "\n", variant, seed,
	       seed + count - 1);
	for (unsigned c = 0; c < count; c++, done++) {
		struct ra_mem *m1 = ra_mem_create(), *m2;
		struct randcfg g;
		struct randcfg_out ro, mo;
		unsigned nva, lat;
		struct ra_dev *rd, *md;
		char why[256] = "";
		int bad = 0;

		randcfg_make(&g, seed + c, m1, strcmp(variant, "w128") ? 8 : 16);
		nva = g.nva;
		lat = g.lat;
		if (inject) {
			/* dry run on the model: which lines does this configuration touch? */
			struct ra_mem *m3 = ra_mem_clone(m1);
			struct ra_dev *d3 = ra_dev_model(m3, strcmp(variant, "w128") ? 8 : 16,
							 strcmp(variant, "nowc") ? 16 : 0, 16, lat);
			static struct touched t;
			struct randcfg_out o3;
			uint64_t rs = (seed + c) * 0x9e3779b97f4a7c15ull | 1;
			unsigned k = 1 + (unsigned)(rnd(&rs) % 4);

			t.n = 0;
			ra_mem_set_ops_hook(m3, touch, &t);
			randcfg_run(d3, &g, &o3);
			randcfg_out_free(&o3);
			d3->destroy(d3);
			ra_mem_destroy(m3);
			for (unsigned j = 0; j < k && t.n; j++) {
				/* pick j: an atomic, a write, a read, any (reads are most of the
				 * accesses, atomics the fewest) */
				int want = j == 0 ? 2 : j == 1 ? 1 : j == 2 ? 0 : -1;
				unsigned pick = (unsigned)(rnd(&rs) % t.n);

				for (unsigned q = 0; want >= 0 && q < t.n; q++)
					if (t.kind[(pick + q) % t.n] == want) {
						pick = (pick + q) % t.n;
						break;
					}
				/* a line an atomic touches: half the time only its atomics fail
				 * (its table read must succeed for the atomic to be issued) */
				ra_mem_poison(m1, t.pa[pick], rnd(&rs) & 1 ? 2 : 3,
					      t.kind[pick] == 2 && (rnd(&rs) & 1) ?
					      RA_MEM_POISON_ATOMIC : 7u);
			}
			g.bus.stall_pct = inject;
			g.bus.stall_seed = seed + c;
		}
		m2 = ra_mem_clone(m1);
		rd = ra_dev_rtl(m1, variant, &g.bus, NULL);
		if (!rd) {
			fprintf(stderr, "test_diff: no RTL variant %s\n", variant);
			return 2;
		}
		md = ra_dev_model_like(rd, m2, lat);
		randcfg_run(rd, &g, &ro);
		randcfg_run(md, &g, &mo);
		bad = randcfg_diff(&ro, &mo, nva, why, sizeof(why));
		if (!bad) {
			int64_t at = ra_mem_compare(m1, m2);

			if (at >= 0)
				bad = snprintf(why, sizeof(why), "memory images differ at 0x%" PRIx64,
					       (uint64_t)at) > 0;
		}
		if (!bad) {
			const struct axi_mem_stats *st = axi_mem_stats(ra_dev_bus(rd));

			if (st->protocol_errors || ra_mem_bounds_errors(m1))
				bad = snprintf(why, sizeof(why), "bus protocol errors %" PRIu64
					       ", bounds errors %" PRIu64, st->protocol_errors,
					       ra_mem_bounds_errors(m1)) > 0;
			else if (st->rd_beats != ro.counters[RA_CNT_MEM_READ_BEATS] ||
				 st->wr_beats != ro.counters[RA_CNT_MEM_WRITE_BEATS] ||
				 st->atomics != ro.counters[RA_CNT_ATOMIC_OPS])
				bad = snprintf(why, sizeof(why), "beat counters %" PRIu64 "/%" PRIu64
					       "/%" PRIu64 " but the bus saw %" PRIu64 "/%" PRIu64
					       "/%" PRIu64, ro.counters[RA_CNT_MEM_READ_BEATS],
					       ro.counters[RA_CNT_MEM_WRITE_BEATS],
					       ro.counters[RA_CNT_ATOMIC_OPS], st->rd_beats,
					       st->wr_beats, st->atomics) > 0;
		}
		if (inject) {
			const struct axi_mem_stats *st = axi_mem_stats(ra_dev_bus(rd));
			const struct ra_mem_inj *mi = ra_mem_injected(m2);
			unsigned fl = 0;

			hangs += (ro.err != 0);
			for (int i = 0; i < 6; i++)
				if (ro.cpl[i].status == RA_ST_BUS)
					fl |= ro.cpl[i].flags, inj_cmds++;
			for (int k = 0; k < 3; k++)
				for (unsigned i = 0; i < ro.ch[k].ncmd; i++)
					if (ro.ch[k].cpl[i].status == RA_ST_BUS)
						fl |= ro.ch[k].cpl[i].flags, inj_cmds++;
			inj_tot[0] += st->rd_err_beats;
			inj_tot[1] += st->wr_errs;
			inj_tot[2] += st->at_errs;
			stalls += st->stalls;
			if (!bad && (st->wr_errs != mi->wr || st->at_errs != mi->at ||
				     !st->rd_err_beats != !mi->rd))
				bad = snprintf(why, sizeof(why), "errors given: bus %" PRIu64 "/%" PRIu64
					       "/%" PRIu64 " model memory %" PRIu64 "/%" PRIu64 "/%"
					       PRIu64, st->rd_err_beats, st->wr_errs, st->at_errs,
					       mi->rd, mi->wr, mi->at) > 0;
			if (!bad && (!(fl & RA_CPL_BUS_READ) != !st->rd_err_beats ||
				     !(fl & RA_CPL_BUS_WRITE) != !st->wr_errs ||
				     !(fl & RA_CPL_BUS_ATOMIC) != !st->at_errs))
				bad = snprintf(why, sizeof(why), "errors given %" PRIu64 "/%" PRIu64 "/%"
					       PRIu64 " but completions report flags 0x%x",
					       st->rd_err_beats, st->wr_errs, st->at_errs, fl) > 0;
		}
		tot_cycles += rd->cycles(rd);
		/* coverage: what the configurations exercised */
		cov_young += ro.cpl[1].count[0];
		cov_pte += ro.cpl[1].count[2];
		cov_cleared += ro.counters[RA_CNT_AF_CLEARED];
		cov_trunc += !!(ro.cpl[1].flags & RA_CPL_TRUNCATED);
		cov_stops += ro.stops;
		for (int k = 0; k < 3; k++) {
			cov_chain_cmds += ro.ch[k].ncmd;
			cov_chain_done += ro.ch[k].done;
			cov_runs += ro.ch[k].nrun;
		}
		for (unsigned i = 0; i < nva; i++) {
			cov_kind[ro.res[i].fault & 3]++;
			cov_walk_ok += !ro.res[i].fault;
		}
		for (unsigned p = 0; p < 3; p++) {
			const struct ra_cpl *pc = &ro.cpl[3 + p];

			cov_page[p] += pc->count[0];
			cov_pfault += pc->count[1];
			cov_perr += pc->status != RA_ST_OK;
			if (p < 2)
				cov_flag[p] += pc->count[2];
		}
		for (unsigned i = 0; i < ro.so[0].nrec; i++) {
			if (ro.so[0].rec[i].type)
				cov_kind[ro.so[0].rec[i].type & 3]++;
			else
				cov_blocks++;
		}
		if (bad) {
			failed++;
			printf("test_diff: FAIL seed %" PRIu64 ": %s\n  replay: test_diff --seed %"
			       PRIu64 " --count 1 --variant %s\n", seed + c, why, seed + c, variant);
		} else if (verbose) {
			printf("test_diff: seed %" PRIu64 " ok (%u VAs, scan %" PRIx64 "..%" PRIx64
			       ", %u records, lat %u)\n", seed + c, nva, g.start, g.end,
			       ro.cpl[1].count[1], lat);
		}
		if ((c + 1) % 1000 == 0)
			fprintf(stderr, "test_diff: %u/%u configurations, %u failed\n", c + 1, count,
				failed);
		randcfg_out_free(&ro);
		randcfg_out_free(&mo);
		rd->destroy(rd);
		md->destroy(md);
		ra_mem_destroy(m1);
		ra_mem_destroy(m2);
		if (failed >= 10) {
			done++;
			printf("test_diff: stopping after 10 failures\n");
			break;
		}
	}
	printf("test_diff: %" PRIu64 " RTL cycles simulated\n", tot_cycles);
	printf("test_diff: coverage: continued scans: %" PRIu64 " commands, %" PRIu64 " RESUME stops, "
	       "%" PRIu64 " chains finished, %" PRIu64 " runs\n", cov_chain_cmds, cov_stops,
	       cov_chain_done, cov_runs);
	printf("test_diff: coverage: %" PRIu64 " translations, faults translation/address_size/bus "
	       "%" PRIu64 "/%" PRIu64 "/%" PRIu64 ", %" PRIu64 " descriptors scanned, %" PRIu64
	       " young leaves, %" PRIu64 " block records, %" PRIu64 " AF cleared, %" PRIu64
	       " truncated scans\n", cov_walk_ok, cov_kind[1], cov_kind[2], cov_kind[3], cov_pte,
	       cov_young, cov_blocks, cov_cleared, cov_trunc);
	printf("test_diff: coverage: %" PRIu64 " pages hashed (%" PRIu64 " zero), %" PRIu64
	       " pairs compared (%" PRIu64 " equal), %" PRIu64 " pages copied, %" PRIu64
	       " faulted entries, %" PRIu64 " page commands rejected\n", cov_page[0], cov_flag[0],
	       cov_page[1], cov_flag[1], cov_page[2], cov_pfault, cov_perr);
	if (inject)
		printf("test_diff: injection: %" PRIu64 " read beats, %" PRIu64 " writes, %" PRIu64
		       " atomics answered with an error, %" PRIu64 " BUS completions, %" PRIu64
		       " hangs, %" PRIu64 " ready/valid stalls\n", inj_tot[0], inj_tot[1], inj_tot[2],
		       inj_cmds, hangs, stalls);
	printf("test_diff: %u passed, %u failed\n", done - failed, failed);
	return failed ? 1 : 0;
}

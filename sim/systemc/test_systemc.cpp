// SPDX-License-Identifier: MIT
//
// test_systemc - the SystemC platform (ra_tlm + ra_tlm_mem + the CPU thread) against the C
// model, with the project's C tests running unchanged in the CPU's SC_THREAD:
//   - the directed set (tests/cosim/directed.c) at each latency: no failed check on either,
//     and the SystemC transcript byte-identical to the model's;
//   - random configurations (tests/cosim/randcfg.c, the generator of test_diff): completions,
//     WALK results, SCAN records and bitmaps, counters (but cycles and busy_cycles) and the
//     final memory image equal the model's; no bounds, protocol or transport errors; the
//     device's beat and atomic counters equal what the TLM converter carried.
//
//   - the CSR socket itself: 8-byte accesses, byte enables (WSTRB), address and length errors.
// --mem-wait makes the memory target wait instead of annotating its latency; --plain-atomics
// makes it ignore ra_tlm_atomic (ra_tlm then completes each atomic with a write).
//
// usage: test_systemc [--random N] [--seed S] [--latency L]... [--mem-wait] [--plain-atomics]
//                     [--verbose]
// Random configuration i uses seed S+i (test_diff --seed S+i --count 1 replays it on the
// plain Verilator harness).
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ra_sc_platform.h"
#ifdef RA_SC_W128
#include "Vra_top_sc_w128.h"
#endif

extern "C" {
#include "directed.h"
#include "randcfg.h"
}

namespace {

#ifdef RA_SC_W128
// test_systemc_w128: the 128-bit build (DATA_W 128), wrapped the same way
using platform_t = ra_sc_platform_t<ra_tlm_t<Vra_top_sc_w128>>;
#else
using platform_t = ra_sc_platform;
#endif

struct opts {
	unsigned count = 200;
	uint64_t seed = 1;
	std::vector<unsigned> lats;
	bool verbose = false, mem_wait = false, plain_atomics = false;
};

struct sc_make {
	platform_t *p;
	unsigned lat;
	bool opened;
	uint64_t errors;	// protocol errors + error responses of the cases so far
};

void collect(sc_make *m)
{
	if (m->opened)
		m->errors += m->p->accel.stats().protocol_errors +
			     m->p->accel.stats().error_responses + m->p->accel.stats().csr_timeouts;
}

struct ra_dev *make_sc(struct ra_mem *mem, void *ctx)
{
	sc_make *m = static_cast<sc_make *>(ctx);

	collect(m);
	m->opened = true;
	return m->p->open(mem, m->lat, m->lat, 64);
}

struct model_make {
	unsigned lat, data_bytes;
};

struct ra_dev *make_model(struct ra_mem *mem, void *ctx)
{
	const model_make *m = static_cast<model_make *>(ctx);

	return ra_dev_model(mem, m->data_bytes, 16, 16, m->lat);
}

// Returns the first line where @a and @b differ (1-based), 0 if equal.
unsigned first_diff_line(const char *a, size_t al, const char *b, size_t bl)
{
	unsigned line = 1;

	for (size_t i = 0; i < al || i < bl; i++) {
		if (i >= al || i >= bl || a[i] != b[i])
			return line;
		line += a[i] == '\n';
	}
	return 0;
}

unsigned directed(platform_t &p, unsigned lat)
{
	char *st = nullptr, *mt = nullptr;
	size_t sl = 0, ml = 0;
	unsigned sc_checks = 0, m_checks = 0, sc_failed, m_failed, diff;
	sc_make mk = { &p, lat, false, 0 };
	model_make mm = { lat, p.accel.data_bytes() };
	FILE *f;

	f = open_memstream(&st, &sl);
	sc_failed = directed_run(make_sc, &mk, f, &sc_checks);
	fclose(f);
	collect(&mk);
	f = open_memstream(&mt, &ml);
	m_failed = directed_run(make_model, &mm, f, &m_checks);
	fclose(f);
	diff = first_diff_line(st, sl, mt, ml);
	printf("test_systemc: directed set, latency %u: SystemC %u checks, %u failed; C model %u "
	       "checks, %u failed; transcripts (%zu bytes) %s\n", lat, sc_checks, sc_failed,
	       m_checks, m_failed, sl, diff ? "DIFFER" : "identical");
	if (diff)
		printf("test_systemc: first difference in transcript line %u\n", diff);
	if (mk.errors)
		printf("test_systemc: %" PRIu64 " protocol errors, error responses or CSR timeouts\n",
		       mk.errors);
	free(st);
	free(mt);
	return sc_failed || m_failed || diff || sc_checks != m_checks || mk.errors;
}

// One access on the CPU's socket (the accelerator's CSR target).
tlm::tlm_response_status csr_io(platform_t &p, tlm::tlm_command cmd, uint64_t addr,
				unsigned char *data, unsigned len, const unsigned char *be = nullptr,
				unsigned be_len = 0)
{
	tlm::tlm_generic_payload t;
	sc_core::sc_time delay = sc_core::sc_time(3, sc_core::SC_NS);	// waited for by the target

	t.set_command(cmd);
	t.set_address(addr);
	t.set_data_ptr(data);
	t.set_data_length(len);
	t.set_streaming_width(len);
	t.set_byte_enable_ptr(const_cast<unsigned char *>(be));
	t.set_byte_enable_length(be_len);
	t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
	p.cpu.csr->b_transport(t, delay);
	if (t.is_response_ok() && delay != sc_core::SC_ZERO_TIME)
		return tlm::TLM_GENERIC_ERROR_RESPONSE;	// the CSR socket synchronizes
	return t.get_response_status();
}

uint64_t le(const unsigned char *b, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

// The CSR target beyond the 32-bit accesses of ra_host: 8-byte accesses (two AXI4-Lite
// transfers, low word first), byte enables as WSTRB, error responses.
unsigned csr_socket(platform_t &p)
{
	struct ra_mem *mem = ra_mem_create();
	struct ra_dev *d = p.open(mem, 1, 1, 64);
	unsigned char b[8], r[8];
	const unsigned char be[4] = { 0, TLM_BYTE_ENABLED, 0, 0 };
	unsigned bad = 0, checks = 0;
	auto check = [&](bool ok, const char *what) {
		checks++;
		if (!ok) {
			bad++;
			printf("test_systemc: CSR socket: %s\n", what);
		}
	};

	// CQ_BASE: LO bits 31:5, HI bits 15:0 writable
	for (unsigned i = 0; i < 8; i++)
		b[i] = static_cast<unsigned char>(0x0000123489abcde0ull >> (8 * i));
	check(csr_io(p, tlm::TLM_WRITE_COMMAND, RA_REG_CQ_BASE_LO, b, 8) == tlm::TLM_OK_RESPONSE,
	      "8-byte write failed");
	check(csr_io(p, tlm::TLM_READ_COMMAND, RA_REG_CQ_BASE_LO, r, 8) == tlm::TLM_OK_RESPONSE &&
		      le(r, 8) == 0x0000123489abcde0ull, "8-byte read back");
	check(d->rd(d, RA_REG_CQ_BASE_HI) == 0x1234, "8-byte write: high word");
	memset(b, 0xff, 4);
	check(csr_io(p, tlm::TLM_WRITE_COMMAND, RA_REG_CQ_BASE_LO, b, 4, be, 4) ==
		      tlm::TLM_OK_RESPONSE && d->rd(d, RA_REG_CQ_BASE_LO) == 0x89abffe0u,
	      "write with byte enables (only byte 1)");
	check(csr_io(p, tlm::TLM_READ_COMMAND, RA_REG_ID, r, 4) == tlm::TLM_OK_RESPONSE &&
		      le(r, 4) == RA_ID_VALUE, "ID register");
	check(csr_io(p, tlm::TLM_READ_COMMAND, 0x400, r, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE,
	      "read beyond the register space is not an address error");
	check(csr_io(p, tlm::TLM_READ_COMMAND, 0x3fc, r, 8) == tlm::TLM_ADDRESS_ERROR_RESPONSE,
	      "8-byte read across the end is not an address error");
	check(csr_io(p, tlm::TLM_READ_COMMAND, 0x002, r, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE,
	      "unaligned read is not an address error");
	check(csr_io(p, tlm::TLM_READ_COMMAND, RA_REG_ID, r, 2) == tlm::TLM_BURST_ERROR_RESPONSE,
	      "2-byte read is not a burst error");
	check(p.accel.stats().csr_timeouts == 0, "CSR timeouts");
	printf("test_systemc: CSR socket: %u checks, %u failed\n", checks, bad);
	d->destroy(d);
	ra_mem_destroy(mem);
	return bad != 0;
}

int random_case(platform_t &p, const opts &o, uint64_t seed, char *why, size_t wl,
		uint64_t *cycles)
{
	struct ra_mem *m1 = ra_mem_create(), *m2;
	struct randcfg g;
	struct randcfg_out so, mo;
	int bad;

	randcfg_make(&g, seed, m1, p.accel.data_bytes());
	m2 = ra_mem_clone(m1);
	struct ra_dev *d = p.open(m1, g.lat, g.bus.wr_latency, g.bus.max_reads);
	struct ra_dev *md = ra_dev_model_like(d, m2, g.lat);
	const uint64_t c0 = d->cycles(d);

	randcfg_run(d, &g, &so);
	*cycles += d->cycles(d) - c0;
	randcfg_run(md, &g, &mo);
	bad = randcfg_diff(&so, &mo, g.nva, why, wl);
	if (!bad) {
		const int64_t at = ra_mem_compare(m1, m2);

		if (at >= 0)
			bad = snprintf(why, wl, "memory images differ at 0x%" PRIx64,
				       static_cast<uint64_t>(at)) > 0;
	}
	if (!bad) {
		const ra_tlm_stats &st = p.accel.stats();

		if (st.protocol_errors || st.error_responses || st.csr_timeouts ||
		    st.atomics_completed != (o.plain_atomics ? st.atomics : 0) ||
		    ra_mem_bounds_errors(m1))
			bad = snprintf(why, wl, "protocol errors %" PRIu64 ", error responses %"
				       PRIu64 ", CSR timeouts %" PRIu64 ", atomics not done by the "
				       "target %" PRIu64 ", bounds errors %" PRIu64,
				       st.protocol_errors, st.error_responses, st.csr_timeouts,
				       st.atomics_completed, ra_mem_bounds_errors(m1)) > 0;
		else if (st.rd_beats != so.counters[RA_CNT_MEM_READ_BEATS] ||
			 st.wr_beats != so.counters[RA_CNT_MEM_WRITE_BEATS] ||
			 st.atomics != so.counters[RA_CNT_ATOMIC_OPS])
			bad = snprintf(why, wl, "beat counters %" PRIu64 "/%" PRIu64 "/%" PRIu64
				       " but the TLM side saw %" PRIu64 "/%" PRIu64 "/%" PRIu64,
				       so.counters[RA_CNT_MEM_READ_BEATS],
				       so.counters[RA_CNT_MEM_WRITE_BEATS],
				       so.counters[RA_CNT_ATOMIC_OPS], st.rd_beats, st.wr_beats,
				       st.atomics) > 0;
	}
	randcfg_out_free(&so);
	randcfg_out_free(&mo);
	d->destroy(d);
	md->destroy(md);
	ra_mem_destroy(m1);
	ra_mem_destroy(m2);
	return bad;
}

int program(platform_t &p, const opts &o)
{
	unsigned failed = 0, rfailed = 0, total = 0, ran = 0;
	uint64_t cycles = 0;

	p.memory.set_wait(o.mem_wait);
	p.memory.set_atomics(!o.plain_atomics);
	failed += csr_socket(p);
	total++;
	for (unsigned lat : o.lats) {
		failed += directed(p, lat);
		total++;
	}
	printf("test_systemc: random configurations, seeds %" PRIu64 "..%" PRIu64 "\n", o.seed,
	       o.seed + o.count - 1);
	for (unsigned c = 0; c < o.count; c++) {
		char why[256] = "";

		ran++;
		if (random_case(p, o, o.seed + c, why, sizeof(why), &cycles)) {
			rfailed++;
			printf("test_systemc: FAIL seed %" PRIu64 ": %s\n  replay: test_systemc "
			       "--seed %" PRIu64 " --random 1 --latency 0\n", o.seed + c, why,
			       o.seed + c);
			if (rfailed >= 10)
				break;
		} else if (o.verbose) {
			printf("test_systemc: seed %" PRIu64 " ok\n", o.seed + c);
		}
	}
	printf("test_systemc: random: %u passed, %u failed, %" PRIu64 " cycles simulated\n",
	       ran - rfailed, rfailed, cycles);
	failed += rfailed;
	total += ran;
	printf("test_systemc: %u passed, %u failed\n", total - failed, failed);
	return failed ? 1 : 0;
}

} // namespace

int sc_main(int argc, char *argv[])
{
	opts o;
	bool lat_given = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--random") && i + 1 < argc) {
			o.count = static_cast<unsigned>(strtoul(argv[++i], nullptr, 0));
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			o.seed = strtoull(argv[++i], nullptr, 0);
		} else if (!strcmp(argv[i], "--latency") && i + 1 < argc) {
			const unsigned l = static_cast<unsigned>(strtoul(argv[++i], nullptr, 0));

			lat_given = true;
			if (l)
				o.lats.push_back(l);
		} else if (!strcmp(argv[i], "--verbose")) {
			o.verbose = true;
		} else if (!strcmp(argv[i], "--mem-wait")) {
			o.mem_wait = true;
		} else if (!strcmp(argv[i], "--plain-atomics")) {
			o.plain_atomics = true;
		} else {
			fprintf(stderr, "usage: test_systemc [--random N] [--seed S] [--latency L]... "
				"[--mem-wait] [--plain-atomics] [--verbose]\n"
				"  --latency: the directed set at L cycles, repeatable; 0: none; "
				"default 1, 7 and 100\n");
			return 2;
		}
	}
	if (!lat_given)
		o.lats = { 1, 7, 100 };

	platform_t *top = nullptr;
	platform_t platform("top", ra_sc_platform_cfg(),
				[&](ra_sc_cpu &) { return program(*top, o); });

	top = &platform;
	sc_core::sc_start();
	return platform.cpu.result();
}

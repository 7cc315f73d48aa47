// SPDX-License-Identifier: MIT
//
// ra_tlm_core - the SystemC/TLM-2.0 wrapper of a Verilated (--sc) ra_top, independent of the
// parameter set it was Verilated with. ra_tlm.h names the build of this repository (`ra_tlm`);
// docs/systemc.md describes the module, its sockets, parameters and timing.
//
// ra_tlm_base holds everything that does not depend on the Verilated class: the clock, reset
// and interrupt ports, the CSR target socket, and the protocol converter that works on the
// pins as plain values (struct ra_pins, sim/harness/ra_pins.h):
//   - CSR socket -> AXI4-Lite master on s_axil_* (one access at a time, cycle by cycle; the
//     socket synchronizes: it waits for the annotated delay, returns a zero delay);
//   - m_axi_* AXI4 master -> TLM-2.0 blocking transport on the memory socket: every AR burst,
//     every AW with its W beats, and every atomic (AWATOP != 0) becomes one b_transport call,
//     issued in AXI acceptance order from a transport thread; the response (first R beat, B)
//     is driven for the first rising edge at or after (call return time + annotated delay),
//     so a loosely-timed target that annotates its latency keeps many reads in flight.
// ra_tlm_t<VTop> adds the Verilated model, the signals between it and the converter, and the
// memory initiator socket, whose bus width is the model's AXI data width.
#ifndef RA_TLM_CORE_H
#define RA_TLM_CORE_H

#include <cstdint>
#include <deque>
#include <memory>
#include <type_traits>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

extern "C" {
#include "ra_pins.h"
}

// An AXI5 AtomicLoad on the memory socket, carried as an ignorable extension of a
// TLM_READ_COMMAND of `size` bytes (1, 2, 4 or 8, naturally aligned, little-endian): a target
// that knows it performs `mem = op(mem, operand)` indivisibly, returns the old value as the read
// data and sets `performed`. A target that ignores it does a plain read (the old value); ra_tlm
// then completes the operation with a write right after (see docs/systemc.md, "Atomics").
class ra_tlm_atomic : public tlm::tlm_extension<ra_tlm_atomic> {
public:
	// AWATOP[2:0] of an AtomicLoad
	enum op_t : unsigned { ADD = 0, CLR = 1, EOR = 2, SET = 3, SMAX = 4, SMIN = 5, UMAX = 6,
			       UMIN = 7 };
	op_t op = CLR;
	uint64_t operand = 0;	// the W data (for CLR: the bits to clear)
	bool performed = false;	// set by the target that performed the operation

	tlm::tlm_extension_base *clone() const override;
	void copy_from(const tlm::tlm_extension_base &ext) override;
	// The new memory value for @old (both `bytes` wide, zero-extended).
	static uint64_t apply(op_t op, uint64_t old, uint64_t operand, unsigned bytes);
};

struct ra_tlm_cfg {
	unsigned max_reads = 64;	// AR bursts accepted, not fully returned (then ARREADY low)
	unsigned max_writes = 255;	// AW requests and W beats buffered, B responses pending
	unsigned csr_timeout = 1000;	// cycles a CSR access may take before it fails
};

struct ra_tlm_stats {
	uint64_t rd_bursts, rd_beats;	// AR bursts / R beats of reads (not of atomics)
	uint64_t wr_bursts, wr_beats;	// plain writes / their W beats
	uint64_t atomics;		// atomics performed (by the target or completed by ra_tlm)
	uint64_t atomics_completed;	// atomics whose target ignored ra_tlm_atomic
	uint64_t atomics_unsafe;	// ... and let other processes run in between
	uint64_t error_responses;	// transport responses other than TLM_OK_RESPONSE
	uint64_t protocol_errors;	// AXI requests outside what the converter supports
	uint64_t max_reads_open;	// peak of read bursts in flight
	uint64_t csr_reads, csr_writes, csr_timeouts;	// 32-bit AXI4-Lite accesses
};

class ra_tlm_base : public sc_core::sc_module {
public:
	sc_core::sc_in<bool> clk;	// rising edge active
	sc_core::sc_in<bool> rst_n;	// synchronous, active low; hold >= 4 cycles
	sc_core::sc_out<bool> irq;	// |(INT_STATUS & ~INT_MASK), level
	// CSR target: 4- or 8-byte reads and writes at offsets 0x000..0x3ff (docs/registers.md)
	tlm_utils::simple_target_socket<ra_tlm_base, 32> csr;

	SC_HAS_PROCESS(ra_tlm_base);
	ra_tlm_base(sc_core::sc_module_name name, const ra_tlm_cfg &cfg, unsigned data_bytes);
	~ra_tlm_base() override;

	const ra_tlm_stats &stats() const { return m_stats; }
	void clear_stats();
	// No memory transaction in flight (requests, responses, buffered beats).
	bool mem_idle() const;
	// Rising clock edges seen so far.
	uint64_t cycles() const { return m_cycle; }
	// Reads accepted at once (ra_tlm_cfg::max_reads), changeable at run time.
	void set_max_reads(unsigned n) { m_cfg.max_reads = n ? n : 1; }
	unsigned data_bytes() const { return m_db; }

protected:
	// model outputs -> @p (the *_awready, ... members ra_pins lists as outputs of ra_top)
	virtual void sample_pins(ra_pins &p) = 0;
	// @p's inputs of ra_top -> the model's input signals
	virtual void drive_pins(const ra_pins &p) = 0;
	virtual void mem_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay) = 0;
	// the model's clk_i and rst_ni
	virtual void clock_model(bool clk_i, bool rst_ni) = 0;

private:
	struct mem_req;
	struct w_beat {
		uint64_t data[2];
		uint16_t strb;
		bool last;
	};
	struct aw_req {
		uint32_t id;
		uint64_t addr;
		unsigned len, size, burst, atop;
	};
	struct csr_req {
		bool active = false, write = false, done = false;
		bool a_done = false, w_done = false;	// AW (or AR) and W handshakes
		uint32_t addr = 0, data = 0;
		uint8_t strb = 0xf, resp = 0;
		unsigned cycles = 0;
	};

	void on_clk();
	void sample();
	void drive();
	void reset_state();
	void worker();
	void csr_b_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay);
	unsigned csr_access(bool write, uint32_t addr, uint32_t *data, uint8_t strb);
	mem_req *alloc();
	void put(mem_req *r);
	void start_read();
	void start_write();
	void check_burst(uint64_t addr, unsigned len, unsigned size, unsigned burst);
	bool ready(const mem_req *r) const;
	void end_of_elaboration() override;

	ra_tlm_cfg m_cfg;
	unsigned m_db;		// AXI data bytes per beat (8 or 16)
	ra_pins m_p{};		// the pins: inputs as driven, outputs as last sampled
	ra_tlm_stats m_stats{};
	uint64_t m_cycle = 0;
	sc_core::sc_time m_period, m_last_edge;
	bool m_clock_known = false, m_have_edge = false, m_drive_phase = false, m_handoff = false;
	bool m_rst_n = false, m_warned_unsafe = false;
	unsigned m_reads_open = 0;

	std::vector<std::unique_ptr<mem_req>> m_pool;
	std::vector<mem_req *> m_free;
	std::deque<mem_req *> m_pending;	// for the transport thread, in acceptance order
	std::deque<mem_req *> m_rq;		// R responses (reads and atomics), in order
	std::deque<mem_req *> m_bq;		// B responses (writes and atomics), in order
	std::deque<aw_req> m_awq;
	std::deque<w_beat> m_wq;
	sc_core::sc_event m_work_ev;

	csr_req m_csr;
	sc_core::sc_event m_csr_done_ev, m_csr_free_ev;
	bool m_csr_busy = false;	// a b_transport owns m_csr
};

namespace ra_tlm_detail {
// The value type of a Verilated port (sc_in<T>& / sc_out<T>&).
template <class P> using port_t = typename std::remove_reference<P>::type::data_type;

template <class T> struct width;
template <> struct width<uint64_t> { static constexpr unsigned value = 64; };
template <int W> struct width<sc_dt::sc_bv<W>> { static constexpr unsigned value = W; };

inline void to_words(uint64_t v, uint64_t w[2]) { w[0] = v; w[1] = 0; }
template <int W> void to_words(const sc_dt::sc_bv<W> &v, uint64_t w[2])
{
	static_assert(W == 128, "ra_top data width is 64 or 128");
	w[0] = v.range(63, 0).to_uint64();
	w[1] = v.range(127, 64).to_uint64();
}
inline void from_words(const uint64_t w[2], uint64_t &v) { v = w[0]; }
template <int W> void from_words(const uint64_t w[2], sc_dt::sc_bv<W> &v)
{
	static_assert(W == 128, "ra_top data width is 64 or 128");
	v.range(63, 0) = w[0];
	v.range(127, 64) = w[1];
}
} // namespace ra_tlm_detail

// ra_top pins other than clk_i, rst_ni, irq_o: X(verilog port, struct ra_pins member)
#define RA_TLM_INPUTS(X)                                                                        \
	X(s_axil_awaddr, s_awaddr) X(s_axil_awvalid, s_awvalid) X(s_axil_wdata, s_wdata)        \
	X(s_axil_wstrb, s_wstrb) X(s_axil_wvalid, s_wvalid) X(s_axil_bready, s_bready)          \
	X(s_axil_araddr, s_araddr) X(s_axil_arvalid, s_arvalid) X(s_axil_rready, s_rready)      \
	X(m_axi_awready, m_awready) X(m_axi_wready, m_wready) X(m_axi_bid, m_bid)               \
	X(m_axi_bresp, m_bresp) X(m_axi_bvalid, m_bvalid) X(m_axi_arready, m_arready)           \
	X(m_axi_rid, m_rid) X(m_axi_rresp, m_rresp) X(m_axi_rlast, m_rlast)                     \
	X(m_axi_rvalid, m_rvalid)
#define RA_TLM_OUTPUTS(X)                                                                       \
	X(s_axil_awready, s_awready) X(s_axil_wready, s_wready) X(s_axil_bresp, s_bresp)        \
	X(s_axil_bvalid, s_bvalid) X(s_axil_arready, s_arready) X(s_axil_rdata, s_rdata)        \
	X(s_axil_rresp, s_rresp) X(s_axil_rvalid, s_rvalid) X(m_axi_awid, m_awid)               \
	X(m_axi_awaddr, m_awaddr) X(m_axi_awlen, m_awlen) X(m_axi_awsize, m_awsize)             \
	X(m_axi_awburst, m_awburst) X(m_axi_awatop, m_awatop) X(m_axi_awvalid, m_awvalid)       \
	X(m_axi_wstrb, m_wstrb) X(m_axi_wlast, m_wlast) X(m_axi_wvalid, m_wvalid)               \
	X(m_axi_bready, m_bready) X(m_axi_arid, m_arid) X(m_axi_araddr, m_araddr)               \
	X(m_axi_arlen, m_arlen) X(m_axi_arsize, m_arsize) X(m_axi_arburst, m_arburst)           \
	X(m_axi_arvalid, m_arvalid) X(m_axi_rready, m_rready)

// The wrapper of one Verilated (--sc) build of ra_top, class VTop.
template <class VTop> class ra_tlm_t : public ra_tlm_base {
	template <class P> using sig = sc_core::sc_signal<ra_tlm_detail::port_t<P>>;

public:
	using data_t = ra_tlm_detail::port_t<decltype(std::declval<VTop &>().m_axi_rdata)>;
	static constexpr unsigned DATA_W = ra_tlm_detail::width<data_t>::value;

	// Memory initiator: reads, writes and atomics of the accelerator (blocking transport).
	tlm_utils::simple_initiator_socket<ra_tlm_t, DATA_W> mem;

	explicit ra_tlm_t(sc_core::sc_module_name name, const ra_tlm_cfg &cfg = ra_tlm_cfg())
		: ra_tlm_base(name, cfg, DATA_W / 8), mem("mem"), m_top("rtl"), m_clk_i("clk_i"),
		  m_rst_ni("rst_ni")
#define RA_TLM_SIG_INIT(v, p) , m_##v(#v)
		  RA_TLM_INPUTS(RA_TLM_SIG_INIT) RA_TLM_OUTPUTS(RA_TLM_SIG_INIT)
#undef RA_TLM_SIG_INIT
		  , m_m_axi_wdata("m_axi_wdata"), m_m_axi_rdata("m_axi_rdata")
	{
		m_top.clk_i(m_clk_i);
		m_top.rst_ni(m_rst_ni);
		m_top.irq_o(irq);
#define RA_TLM_SIG_BIND(v, p) m_top.v(m_##v);
		RA_TLM_INPUTS(RA_TLM_SIG_BIND)
		RA_TLM_OUTPUTS(RA_TLM_SIG_BIND)
#undef RA_TLM_SIG_BIND
		m_top.m_axi_wdata(m_m_axi_wdata);
		m_top.m_axi_rdata(m_m_axi_rdata);
	}

	// The Verilated model (for tracing or peeking at internals).
	VTop &rtl() { return m_top; }

private:
	VTop m_top;
	sc_core::sc_signal<bool> m_clk_i, m_rst_ni;
#define RA_TLM_SIG_DECL(v, p) sig<decltype(std::declval<VTop &>().v)> m_##v;
	RA_TLM_INPUTS(RA_TLM_SIG_DECL)
	RA_TLM_OUTPUTS(RA_TLM_SIG_DECL)
#undef RA_TLM_SIG_DECL
	sc_core::sc_signal<data_t> m_m_axi_wdata, m_m_axi_rdata;

	void sample_pins(ra_pins &p) override
	{
#define RA_TLM_SAMPLE(v, f) p.f = static_cast<decltype(p.f)>(m_##v.read());
		RA_TLM_OUTPUTS(RA_TLM_SAMPLE)
#undef RA_TLM_SAMPLE
		ra_tlm_detail::to_words(m_m_axi_wdata.read(), p.m_wdata);
	}

	void drive_pins(const ra_pins &p) override
	{
#define RA_TLM_DRIVE(v, f) m_##v.write(p.f);
		RA_TLM_INPUTS(RA_TLM_DRIVE)
#undef RA_TLM_DRIVE
		data_t d;
		ra_tlm_detail::from_words(p.m_rdata, d);
		m_m_axi_rdata.write(d);
	}

	void mem_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay) override
	{
		mem->b_transport(t, delay);
	}

	void clock_model(bool clk_i, bool rst_ni) override
	{
		m_clk_i.write(clk_i);
		m_rst_ni.write(rst_ni);
	}
};

#endif

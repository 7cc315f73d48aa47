// SPDX-License-Identifier: MIT
// The protocol converter of ra_tlm (see ra_tlm_core.h and docs/systemc.md).
#include "ra_tlm_core.h"

#include <cstring>

using namespace sc_core;
using namespace tlm;

// --- ra_tlm_atomic ---

tlm_extension_base *ra_tlm_atomic::clone() const
{
	return new ra_tlm_atomic(*this);
}

void ra_tlm_atomic::copy_from(const tlm_extension_base &ext)
{
	*this = static_cast<const ra_tlm_atomic &>(ext);
}

uint64_t ra_tlm_atomic::apply(op_t op, uint64_t old, uint64_t operand, unsigned bytes)
{
	const unsigned bits = bytes >= 8 ? 64 : 8 * bytes;
	const uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
	auto sx = [bits](uint64_t v) {
		return bits == 64 ? static_cast<int64_t>(v)
				  : static_cast<int64_t>(v << (64 - bits)) >> (64 - bits);
	};

	old &= mask;
	operand &= mask;
	switch (op) {
	case ADD: return (old + operand) & mask;
	case CLR: return old & ~operand;
	case EOR: return old ^ operand;
	case SET: return old | operand;
	case SMAX: return sx(old) >= sx(operand) ? old : operand;
	case SMIN: return sx(old) <= sx(operand) ? old : operand;
	case UMAX: return old >= operand ? old : operand;
	case UMIN: return old <= operand ? old : operand;
	}
	return old;
}

// --- one memory transaction ---

struct ra_tlm_base::mem_req {
	tlm_generic_payload t;
	ra_tlm_atomic ext;
	std::vector<unsigned char> data, be;
	int refs = 0;			// queues (pending, R, B) and the transport thread holding it
	bool done = false;		// transported; the response is due at `ready`
	bool atomic = false;
	sc_time ready;
	uint32_t id = 0;
	uint64_t addr = 0;
	unsigned size = 8, beats = 1, beat = 0;	// R: bytes per beat, beats, next beat
	bool fixed = false;		// FIXED burst (every beat at addr)
	uint8_t resp = 0;		// AXI response code

	~mem_req() { t.clear_extension(&ext); }
};

namespace {

uint8_t axi_resp(tlm_response_status s)
{
	if (s == TLM_OK_RESPONSE)
		return 0;				// OKAY
	return s == TLM_ADDRESS_ERROR_RESPONSE ? 3 : 2;	// DECERR : SLVERR
}

uint64_t get_le(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

void put_le(unsigned char *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = static_cast<unsigned char>(v >> (8 * i));
}

} // namespace

// --- module ---

ra_tlm_base::ra_tlm_base(sc_module_name name, const ra_tlm_cfg &cfg, unsigned data_bytes)
	: sc_module(name), clk("clk"), rst_n("rst_n"), irq("irq"), csr("csr"), m_cfg(cfg),
	  m_db(data_bytes)
{
	if (m_db != 8 && m_db != 16)
		SC_REPORT_FATAL("ra_tlm", "the AXI data width must be 64 or 128 bits");
	if (!m_cfg.max_reads)
		m_cfg.max_reads = 1;
	if (!m_cfg.max_writes)
		m_cfg.max_writes = 1;
	csr.register_b_transport(this, &ra_tlm_base::csr_b_transport);
	SC_METHOD(on_clk);
	sensitive << clk.pos();
	dont_initialize();
	SC_THREAD(worker);
}

ra_tlm_base::~ra_tlm_base() = default;

void ra_tlm_base::end_of_elaboration()
{
	// A clock with a known period: responses are timed from the first edge on (otherwise
	// the period is measured between edges).
	if (auto *c = dynamic_cast<sc_clock *>(clk.get_interface())) {
		m_period = c->period();
		m_clock_known = true;
	}
}

void ra_tlm_base::clear_stats()
{
	m_stats = ra_tlm_stats();
}

bool ra_tlm_base::mem_idle() const
{
	return m_pending.empty() && m_rq.empty() && m_bq.empty() && m_awq.empty() &&
	       m_wq.empty();
}

ra_tlm_base::mem_req *ra_tlm_base::alloc()
{
	if (m_free.empty()) {
		m_pool.emplace_back(new mem_req);
		m_free.push_back(m_pool.back().get());
	}
	mem_req *r = m_free.back();

	m_free.pop_back();
	r->done = false;
	r->atomic = false;
	r->fixed = false;
	r->beat = 0;
	r->resp = 0;
	r->refs = 0;
	r->t.clear_extension(&r->ext);	// an atomic dropped by a reset may have left it
	r->t.set_byte_enable_ptr(nullptr);
	r->t.set_byte_enable_length(0);
	r->t.set_dmi_allowed(false);
	r->t.set_response_status(TLM_INCOMPLETE_RESPONSE);
	return r;
}

void ra_tlm_base::put(mem_req *r)
{
	if (--r->refs == 0)
		m_free.push_back(r);
}

bool ra_tlm_base::ready(const mem_req *r) const
{
	// due at or before the next rising edge: drive it for that edge
	return r->done && r->ready <= sc_time_stamp() + m_period;
}

// AXI rules the converter relies on; violations are counted (the transfer still happens).
void ra_tlm_base::check_burst(uint64_t addr, unsigned len, unsigned size, unsigned burst)
{
	if (size > m_db || (addr & (size - 1)) || burst > 1 ||
	    ((addr & 0xfff) + static_cast<uint64_t>(len + 1) * size > 0x1000 && burst == 1)) {
		if (m_stats.protocol_errors++ < 4)
			SC_REPORT_WARNING("ra_tlm", "AXI burst with a bad size, alignment or type, "
				"or crossing 4 KiB");
	}
}

void ra_tlm_base::reset_state()
{
	for (mem_req *r : m_pending)
		put(r);
	for (mem_req *r : m_rq)
		put(r);
	for (mem_req *r : m_bq)
		put(r);
	m_pending.clear();
	m_rq.clear();
	m_bq.clear();
	m_awq.clear();
	m_wq.clear();
	m_reads_open = 0;
	// a CSR access in progress starts over after reset (or times out)
	m_csr.a_done = m_csr.w_done = false;
}

// AR accepted: one TLM read of the whole burst.
void ra_tlm_base::start_read()
{
	const ra_pins &p = m_p;
	mem_req *r = alloc();
	const unsigned len = p.m_arlen;

	r->id = p.m_arid;
	r->addr = p.m_araddr;
	r->size = 1u << p.m_arsize;
	r->beats = len + 1;
	r->fixed = p.m_arburst == 0;
	check_burst(r->addr, len, r->size, p.m_arburst);
	if (r->size > m_db)
		r->size = m_db;
	r->addr &= ~static_cast<uint64_t>(r->size - 1);
	const unsigned n = r->fixed ? r->size : r->beats * r->size;
	r->data.assign(n, 0);
	r->t.set_command(TLM_READ_COMMAND);
	r->t.set_address(r->addr);
	r->t.set_data_ptr(r->data.data());
	r->t.set_data_length(n);
	r->t.set_streaming_width(n);
	r->refs = 2;
	m_rq.push_back(r);
	m_pending.push_back(r);
	m_stats.rd_bursts++;
	if (++m_reads_open > m_stats.max_reads_open)
		m_stats.max_reads_open = m_reads_open;
	m_handoff = true;
}

// The AW at the head has all its W beats: one TLM write, or one atomic.
void ra_tlm_base::start_write()
{
	const aw_req aw = m_awq.front();
	const unsigned beats = aw.len + 1;
	unsigned size = aw.size;
	mem_req *r = alloc();

	m_awq.pop_front();
	check_burst(aw.addr, aw.len, size, aw.burst);
	if (size > m_db)
		size = m_db;
	r->id = aw.id;
	r->addr = aw.addr & ~static_cast<uint64_t>(size - 1);
	r->size = size;
	r->beats = 1;
	for (unsigned i = 0; i < beats; i++) {
		const w_beat &w = m_wq[i];

		if (w.last != (i + 1 == beats) && m_stats.protocol_errors++ < 4)
			SC_REPORT_WARNING("ra_tlm", "WLAST does not match AWLEN");
	}

	if (aw.atop == 0) {
		const bool fixed = aw.burst == 0;
		const unsigned n = fixed ? size : beats * size;
		bool all = true;

		r->data.assign(n, 0);
		r->be.assign(n, TLM_BYTE_DISABLED);
		for (unsigned i = 0; i < beats; i++) {
			const w_beat &w = m_wq.front();
			const uint64_t a = fixed ? r->addr : r->addr + static_cast<uint64_t>(i) * size;
			const unsigned lane = static_cast<unsigned>(a & (m_db - 1));
			const unsigned off = fixed ? 0 : i * size;
			unsigned char buf[16];

			put_le(buf, w.data[0], 8);
			put_le(buf + 8, w.data[1], 8);
			for (unsigned b = 0; b < size; b++) {
				if (w.strb >> (lane + b) & 1) {
					r->data[off + b] = buf[lane + b];
					r->be[off + b] = TLM_BYTE_ENABLED;
				}
			}
			m_wq.pop_front();
			m_stats.wr_beats++;
		}
		for (unsigned char e : r->be)
			all &= e == TLM_BYTE_ENABLED;
		r->t.set_command(TLM_WRITE_COMMAND);
		r->t.set_address(r->addr);
		r->t.set_data_ptr(r->data.data());
		r->t.set_data_length(n);
		r->t.set_streaming_width(n);
		if (!all) {
			r->t.set_byte_enable_ptr(r->be.data());
			r->t.set_byte_enable_length(n);
		}
		r->refs = 2;
		m_bq.push_back(r);
		m_pending.push_back(r);
		m_stats.wr_bursts++;
		m_handoff = true;
		return;
	}

	// An atomic: AtomicStore (AWATOP[5:4] = 01: B only, which ra_top issues) or AtomicLoad
	// (10: the old value returns on R with the AW's ID, then B), little-endian, one beat.
	const w_beat &w = m_wq.front();
	const unsigned lane = static_cast<unsigned>(r->addr & (m_db - 1));
	unsigned char buf[16];

	put_le(buf, w.data[0], 8);
	put_le(buf + 8, w.data[1], 8);
	for (unsigned i = 0; i < beats; i++)
		m_wq.pop_front();
	r->atomic = true;
	r->beats = 1;
	m_handoff = true;
	const bool load = (aw.atop >> 4) == 2;
	if (((aw.atop >> 4) != 1 && !load) || (aw.atop & 8) || beats != 1 || size > 8) {
		// Swap/Compare, big-endian or multi-beat: not supported; error responses (R too,
		// for the forms that have one), memory untouched
		if (m_stats.protocol_errors++ < 4)
			SC_REPORT_WARNING("ra_tlm", "unsupported atomic (only AtomicStore and "
				"AtomicLoad, little-endian, up to 8 bytes)");
		r->data.assign(size, 0);
		r->resp = 2;
		r->done = true;
		r->ready = sc_time_stamp();
		r->refs = 1;
		m_bq.push_back(r);
		if (aw.atop & 0x20) {
			r->refs++;
			m_rq.push_back(r);
		}
		return;
	}
	r->refs = load ? 3 : 2;
	if (load)
		m_rq.push_back(r);
	m_bq.push_back(r);
	r->ext.op = static_cast<ra_tlm_atomic::op_t>(aw.atop & 7);
	r->ext.operand = get_le(buf + lane, size);
	r->ext.performed = false;
	r->data.assign(size, 0);
	r->t.set_command(TLM_READ_COMMAND);
	r->t.set_address(r->addr);
	r->t.set_data_ptr(r->data.data());
	r->t.set_data_length(size);
	r->t.set_streaming_width(size);
	r->t.set_extension(&r->ext);
	m_pending.push_back(r);
}

// The transport thread: every request in acceptance order, one b_transport each. The
// response is due at (time the call returned) + (annotated delay).
void ra_tlm_base::worker()
{
	for (;;) {
		while (m_pending.empty())
			wait(m_work_ev);
		mem_req *r = m_pending.front();
		sc_time d = SC_ZERO_TIME;

		m_pending.pop_front();
		if (!r->atomic) {
			mem_transport(r->t, d);
		} else {
			const sc_time t0 = sc_time_stamp();
			const uint64_t dc = sc_delta_count();

			mem_transport(r->t, d);
			r->t.clear_extension(&r->ext);
			if (r->t.is_response_ok() && !r->ext.performed) {
				// the target did a plain read: write the new value right away
				const uint64_t old = get_le(r->data.data(), r->size);
				unsigned char nv[8];

				put_le(nv, ra_tlm_atomic::apply(r->ext.op, old, r->ext.operand,
								r->size), r->size);
				r->t.set_command(TLM_WRITE_COMMAND);
				r->t.set_data_ptr(nv);
				r->t.set_response_status(TLM_INCOMPLETE_RESPONSE);
				mem_transport(r->t, d);
				r->t.set_data_ptr(r->data.data());
				m_stats.atomics_completed++;
				if (sc_time_stamp() != t0 || sc_delta_count() != dc) {
					m_stats.atomics_unsafe++;
					if (!m_warned_unsafe)
						SC_REPORT_WARNING("ra_tlm", "the memory target "
							"ignores ra_tlm_atomic and waits: atomics are "
							"not indivisible");
					m_warned_unsafe = true;
				}
			}
			if (r->t.is_response_ok())
				m_stats.atomics++;
		}
		r->resp = axi_resp(r->t.get_response_status());
		if (r->resp)
			m_stats.error_responses++;
		r->ready = sc_time_stamp() + d;
		r->done = true;
		put(r);
	}
}

// Each rising edge of clk takes two delta cycles:
//  1. sample the pins as they stand before the edge, take this cycle's handshakes, hand new
//     requests to the transport thread, and raise the model's clock (with rst_n as sampled);
//  2. one delta later (the model has clocked its edge on the old inputs; the transport thread
//     and a CSR caller woken in step 1 have run): drive the inputs for the next cycle and lower
//     the model's clock. The model thus evaluates twice per cycle, as under the plain
//     Verilator harness, and never sees an input change at its edge.
void ra_tlm_base::on_clk()
{
	if (m_drive_phase) {
		m_drive_phase = false;
		drive();
		clock_model(false, m_rst_n);
		return;
	}
	const sc_time now = sc_time_stamp();

	if (m_have_edge && !m_clock_known)
		m_period = now - m_last_edge;
	m_last_edge = now;
	m_have_edge = true;
	m_cycle++;
	m_rst_n = rst_n.read();
	sample_pins(m_p);
	clock_model(true, m_rst_n);
	if (!m_rst_n) {
		reset_state();
	} else {
		m_handoff = false;
		sample();
		if (m_handoff)
			m_work_ev.notify();
	}
	m_drive_phase = true;
	next_trigger(SC_ZERO_TIME);
}

// Handshakes of the cycle that ends at this edge (inputs as driven, outputs as sampled).
void ra_tlm_base::sample()
{
	ra_pins &p = m_p;

	if (m_csr.active) {
		bool fin = false;

		m_csr.cycles++;
		if (m_csr.write) {
			m_csr.a_done |= p.s_awvalid && p.s_awready;
			m_csr.w_done |= p.s_wvalid && p.s_wready;
			if (p.s_bready && p.s_bvalid) {
				m_csr.resp = p.s_bresp;
				fin = true;
			}
		} else {
			m_csr.a_done |= p.s_arvalid && p.s_arready;
			if (p.s_rready && p.s_rvalid) {
				m_csr.data = p.s_rdata;
				m_csr.resp = p.s_rresp;
				fin = true;
			}
		}
		if (!fin && m_csr.cycles >= m_cfg.csr_timeout) {
			m_csr.resp = 2;
			fin = true;
			if (m_stats.csr_timeouts++ < 4)
				SC_REPORT_WARNING("ra_tlm", "CSR access timed out");
		}
		if (fin) {
			m_csr.active = false;
			m_csr.done = true;
			m_csr_done_ev.notify();
		}
	}

	if (p.m_rvalid && p.m_rready) {
		mem_req *r = m_rq.front();

		if (!r->atomic)
			m_stats.rd_beats++;
		if (++r->beat == r->beats) {
			m_rq.pop_front();
			if (!r->atomic)
				m_reads_open--;
			put(r);
		}
	}
	if (p.m_bvalid && p.m_bready) {
		put(m_bq.front());
		m_bq.pop_front();
	}
	if (p.m_arvalid && p.m_arready)
		start_read();
	if (p.m_awvalid && p.m_awready)
		m_awq.push_back({ p.m_awid, p.m_awaddr, p.m_awlen, 1u << p.m_awsize, p.m_awburst,
				  p.m_awatop });
	if (p.m_wvalid && p.m_wready)
		m_wq.push_back({ { p.m_wdata[0], p.m_wdata[1] },
				 static_cast<uint16_t>(p.m_wstrb & ((1u << m_db) - 1)), p.m_wlast });
	while (!m_awq.empty() && m_wq.size() >= m_awq.front().len + 1u)
		start_write();
}

// The inputs of ra_top for the cycle that ends at the next edge.
void ra_tlm_base::drive()
{
	ra_pins &p = m_p;

	p.m_arready = m_reads_open < m_cfg.max_reads;
	p.m_awready = m_awq.size() < m_cfg.max_writes && m_bq.size() < m_cfg.max_writes;
	p.m_wready = m_wq.size() < m_cfg.max_writes;

	p.m_rvalid = p.m_rlast = false;
	p.m_rid = 0;
	p.m_rresp = 0;
	p.m_rdata[0] = p.m_rdata[1] = 0;
	if (!m_rq.empty() && ready(m_rq.front())) {
		const mem_req *r = m_rq.front();
		const uint64_t a = r->fixed ? r->addr : r->addr + static_cast<uint64_t>(r->beat) * r->size;
		const unsigned lane = static_cast<unsigned>(a & (m_db - 1));
		const unsigned off = r->fixed ? 0 : r->beat * r->size;
		unsigned char buf[16] = { 0 };

		memcpy(buf + lane, r->data.data() + off, r->size);
		p.m_rvalid = true;
		p.m_rlast = r->beat + 1 == r->beats;
		p.m_rid = r->id;
		p.m_rresp = r->resp;
		p.m_rdata[0] = get_le(buf, 8);
		p.m_rdata[1] = get_le(buf + 8, 8);
	}

	p.m_bvalid = false;
	p.m_bid = 0;
	p.m_bresp = 0;
	if (!m_bq.empty() && ready(m_bq.front())) {
		p.m_bvalid = true;
		p.m_bid = m_bq.front()->id;
		p.m_bresp = m_bq.front()->resp;
	}

	p.s_awvalid = p.s_wvalid = p.s_bready = p.s_arvalid = p.s_rready = false;
	if (m_csr.active) {
		if (m_csr.write) {
			p.s_awaddr = m_csr.addr;
			p.s_wdata = m_csr.data;
			p.s_wstrb = m_csr.strb;
			p.s_awvalid = !m_csr.a_done;
			p.s_wvalid = !m_csr.w_done;
			p.s_bready = true;
		} else {
			p.s_araddr = m_csr.addr;
			p.s_arvalid = !m_csr.a_done;
			p.s_rready = true;
		}
	}
	drive_pins(p);
}

// --- CSR socket ---

unsigned ra_tlm_base::csr_access(bool write, uint32_t addr, uint32_t *data, uint8_t strb)
{
	m_csr = csr_req();
	m_csr.active = true;
	m_csr.write = write;
	m_csr.addr = addr;
	m_csr.data = write ? *data : 0;
	m_csr.strb = strb;
	while (!m_csr.done)
		wait(m_csr_done_ev);
	if (write) {
		m_stats.csr_writes++;
	} else {
		m_stats.csr_reads++;
		*data = m_csr.data;
	}
	return m_csr.resp;
}

// Synchronizing: the annotated delay is waited for first, then the AXI4-Lite transfer runs on
// the pins, clock by clock; it returns with the delay zero and the simulated time advanced.
void ra_tlm_base::csr_b_transport(tlm_generic_payload &t, sc_time &delay)
{
	const uint64_t addr = t.get_address();
	const unsigned len = t.get_data_length();
	unsigned char *ptr = t.get_data_ptr();
	const unsigned char *be = t.get_byte_enable_ptr();
	const unsigned be_len = t.get_byte_enable_length();
	unsigned resp = 0;

	t.set_dmi_allowed(false);
	if (t.get_command() == TLM_IGNORE_COMMAND) {
		t.set_response_status(TLM_OK_RESPONSE);
		return;
	}
	if ((len != 4 && len != 8) || t.get_streaming_width() < len) {
		t.set_response_status(TLM_BURST_ERROR_RESPONSE);
		return;
	}
	if ((addr & 3) || addr + len > 0x400) {
		t.set_response_status(TLM_ADDRESS_ERROR_RESPONSE);
		return;
	}
	if (delay != SC_ZERO_TIME) {
		wait(delay);
		delay = SC_ZERO_TIME;
	}
	while (m_csr_busy)
		wait(m_csr_free_ev);
	m_csr_busy = true;
	for (unsigned w = 0; w < len / 4 && !resp; w++) {
		uint32_t v = 0;
		uint8_t strb = 0xf;

		if (be && be_len) {
			strb = 0;
			for (unsigned b = 0; b < 4; b++)
				if (be[(4 * w + b) % be_len] == TLM_BYTE_ENABLED)
					strb |= static_cast<uint8_t>(1u << b);
		}
		if (t.is_write()) {
			v = static_cast<uint32_t>(get_le(ptr + 4 * w, 4));
			resp = csr_access(true, static_cast<uint32_t>(addr) + 4 * w, &v, strb);
		} else {
			resp = csr_access(false, static_cast<uint32_t>(addr) + 4 * w, &v, 0xf);
			put_le(ptr + 4 * w, v, 4);
		}
	}
	m_csr_busy = false;
	m_csr_free_ev.notify();
	t.set_response_status(resp == 0 ? TLM_OK_RESPONSE
				: resp == 3 ? TLM_ADDRESS_ERROR_RESPONSE : TLM_GENERIC_ERROR_RESPONSE);
}

// SPDX-License-Identifier: MIT
//
// ra_tlm_mem - a TLM-2.0 memory target backed by ra_mem (sim/harness/ra_mem.h), the sparse
// memory of the C test bench, so the software, the C model and the SystemC platform can share
// one memory image.
//
// Loosely timed by default: b_transport never waits; it does the access at once and adds the
// read latency (reads, atomics) or the write latency (writes) to the annotated delay. With
// set_wait(true) it instead waits for the annotated delay plus the latency and returns a zero
// delay (a synchronizing target: the caller's thread blocks). Reads and writes of any length
// with byte enables; an ra_tlm_atomic extension on a read makes it an indivisible
// read-modify-write (AtomicLoad, returning the old value) unless set_atomics(false) makes the
// target ignore the extension, as a plain memory would. An access outside every region of the
// ra_mem gets TLM_ADDRESS_ERROR_RESPONSE (and ra_mem counts a bounds error).
#ifndef RA_TLM_MEM_H
#define RA_TLM_MEM_H

#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "ra_tlm_core.h"

extern "C" {
#include "ra_mem.h"
}

struct ra_tlm_mem_stats {
	uint64_t reads, writes, atomics, bytes_read, bytes_written, errors;
};

template <unsigned BUSWIDTH = 64> class ra_tlm_mem_t : public sc_core::sc_module {
public:
	tlm_utils::simple_target_socket<ra_tlm_mem_t, BUSWIDTH> socket;

	ra_tlm_mem_t(sc_core::sc_module_name name, struct ra_mem *mem,
		     const sc_core::sc_time &rd_latency, const sc_core::sc_time &wr_latency)
		: sc_module(name), socket("socket"), m_mem(mem), m_rd(rd_latency),
		  m_wr(wr_latency)
	{
		socket.register_b_transport(this, &ra_tlm_mem_t::b_transport);
		socket.register_transport_dbg(this, &ra_tlm_mem_t::transport_dbg);
	}

	void set_mem(struct ra_mem *mem) { m_mem = mem; }
	struct ra_mem *mem() const { return m_mem; }
	void set_latency(const sc_core::sc_time &rd, const sc_core::sc_time &wr)
	{
		m_rd = rd;
		m_wr = wr;
	}
	void set_wait(bool w) { m_wait = w; }
	void set_atomics(bool a) { m_atomics = a; }
	const ra_tlm_mem_stats &stats() const { return m_stats; }
	void clear_stats() { m_stats = ra_tlm_mem_stats(); }

private:
	struct ra_mem *m_mem;
	sc_core::sc_time m_rd, m_wr;
	bool m_wait = false, m_atomics = true;
	ra_tlm_mem_stats m_stats{};

	// The access itself; false if it fell outside the memory.
	bool access(tlm::tlm_generic_payload &t)
	{
		const uint64_t a = t.get_address();
		const unsigned n = t.get_data_length();
		unsigned char *p = t.get_data_ptr();
		const unsigned char *be = t.get_byte_enable_ptr();
		const unsigned bl = t.get_byte_enable_length();

		if (!m_mem)
			return false;
		if (t.is_read())
			return ra_mem_read(m_mem, a, p, n) == 0;
		if (!be || !bl)
			return ra_mem_write(m_mem, a, p, n) == 0;
		bool ok = true;
		for (unsigned i = 0; i < n; i++)
			if (be[i % bl] == TLM_BYTE_ENABLED)
				ok &= ra_mem_write(m_mem, a + i, p + i, 1) == 0;
		return ok;
	}

	bool atomic(tlm::tlm_generic_payload &t, ra_tlm_atomic &x)
	{
		const uint64_t a = t.get_address();
		const unsigned n = t.get_data_length();
		unsigned char *p = t.get_data_ptr();
		uint64_t old = 0;

		if (!m_mem || n == 0 || n > 8 || (n & (n - 1)) || (a & (n - 1)))
			return false;
		if (n == 8 && x.op == ra_tlm_atomic::CLR) {
			if (ra_mem_atomic_clr64(m_mem, a, x.operand, &old))
				return false;
		} else {
			unsigned char b[8] = { 0 };

			if (ra_mem_read(m_mem, a, b, n))
				return false;
			for (unsigned i = n; i-- > 0;)
				old = old << 8 | b[i];
			const uint64_t nv = ra_tlm_atomic::apply(x.op, old, x.operand, n);
			for (unsigned i = 0; i < n; i++)
				b[i] = static_cast<unsigned char>(nv >> (8 * i));
			if (ra_mem_write(m_mem, a, b, n))
				return false;
		}
		for (unsigned i = 0; i < n; i++)
			p[i] = static_cast<unsigned char>(old >> (8 * i));
		x.performed = true;
		return true;
	}

	void b_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay)
	{
		const unsigned n = t.get_data_length();
		ra_tlm_atomic *x = nullptr;
		bool ok;

		t.set_dmi_allowed(false);
		if (t.get_command() == tlm::TLM_IGNORE_COMMAND) {
			t.set_response_status(tlm::TLM_OK_RESPONSE);
			return;
		}
		if (t.get_streaming_width() < n) {
			t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
			m_stats.errors++;
			return;
		}
		if (m_atomics)
			t.get_extension(x);
		if (x && t.is_read()) {
			ok = atomic(t, *x);
			m_stats.atomics++;
		} else {
			ok = access(t);
			if (t.is_read()) {
				m_stats.reads++;
				m_stats.bytes_read += n;
			} else {
				m_stats.writes++;
				m_stats.bytes_written += n;
			}
		}
		delay += t.is_read() ? m_rd : m_wr;
		if (m_wait) {
			wait(delay);
			delay = sc_core::SC_ZERO_TIME;
		}
		if (!ok)
			m_stats.errors++;
		t.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
	}

	unsigned transport_dbg(tlm::tlm_generic_payload &t)
	{
		if (t.get_command() == tlm::TLM_IGNORE_COMMAND || !m_mem)
			return 0;
		return access(t) ? t.get_data_length() : 0;
	}
};

using ra_tlm_mem = ra_tlm_mem_t<64>;

#endif

// SPDX-License-Identifier: MIT
//
// ra_sc_cpu - the software side of the example platform: one SC_THREAD that runs a program
// (a C++ callable) which drives the accelerator through the project's C host library.
// ra_sc_dev_create() gives that program a struct ra_dev (sim/harness/ra_dev.h) whose register
// accesses are TLM-2.0 b_transport calls on the CPU's initiator socket and whose run() waits
// for the interrupt, so ra_host, directed_run() and the random tests run unchanged in the
// thread. Memory (rings, buffers, page tables) is written by the program straight into the
// shared ra_mem, as a CPU with a coherent view of memory would.
#ifndef RA_SC_CPU_H
#define RA_SC_CPU_H

#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "ra_tlm_core.h"

extern "C" {
#include "ra_dev.h"
}

class ra_sc_cpu : public sc_core::sc_module {
public:
	using program_t = std::function<int(ra_sc_cpu &)>;

	tlm_utils::simple_initiator_socket<ra_sc_cpu, 32> csr;	// to ra_tlm::csr
	sc_core::sc_in<bool> clk;
	sc_core::sc_in<bool> irq;				// from ra_tlm::irq
	sc_core::sc_out<bool> rst_n;				// to ra_tlm::rst_n

	SC_HAS_PROCESS(ra_sc_cpu);
	ra_sc_cpu(sc_core::sc_module_name name, program_t program);

	// The program's return value (after the simulation stopped).
	int result() const { return m_result; }

	// From the program's thread only (they wait):
	uint32_t rd32(uint32_t off);
	void wr32(uint32_t off, uint32_t val);
	void wait_cycles(uint64_t n);
	// Hold the accelerator in reset for @cycles rising edges, then release it.
	void reset_accel(unsigned cycles = 4);
	// Wait until irq is high, at most @max_cycles; returns irq.
	bool wait_irq(uint64_t max_cycles);
	// The clock period (of an sc_clock, else measured over one cycle).
	sc_core::sc_time period();

private:
	program_t m_program;
	int m_result = -1;
	sc_core::sc_time m_period;

	void main();
	void access(tlm::tlm_command cmd, uint32_t off, uint32_t *val);
};

// A struct ra_dev for @cpu's program: CSRs through @cpu, memory @mem, drained and timed by
// @accel. destroy() frees only the struct (the modules stay).
struct ra_dev *ra_sc_dev_create(ra_sc_cpu &cpu, ra_tlm_base &accel, struct ra_mem *mem);

#endif

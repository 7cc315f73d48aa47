// SPDX-License-Identifier: MIT
//
// ra_sc_platform - the example platform: a clock, the accelerator (ra_tlm), a memory target
// (ra_tlm_mem on an ra_mem) and a CPU thread (ra_sc_cpu) that runs a program:
//
//   cpu.csr --> accel.csr        accel.mem --> memory.socket
//   cpu.rst_n --> accel.rst_n    accel.irq --> cpu.irq        clk --> accel, cpu
//
// ra_sc_platform_t<ACCEL> takes any build of the wrapper (ra_tlm_t<V>); ra_sc_platform is the
// one with this repository's default build (ra_tlm). Used by the demo/benchmark
// (ra_sc_main.cpp) and by test_systemc.
#ifndef RA_SC_PLATFORM_H
#define RA_SC_PLATFORM_H

#include "ra_sc_cpu.h"
#include "ra_tlm.h"
#include "ra_tlm_mem.h"

struct ra_sc_platform_cfg {
	sc_core::sc_time period = sc_core::sc_time(1, sc_core::SC_NS);
	unsigned rd_latency = 100;	// memory latency in clock cycles
	unsigned wr_latency = 100;
	ra_tlm_cfg tlm;
};

template <class ACCEL> class ra_sc_platform_t : public sc_core::sc_module {
public:
	sc_core::sc_clock clk;
	sc_core::sc_signal<bool> rst_n, irq;
	ACCEL accel;
	ra_tlm_mem_t<ACCEL::DATA_W> memory;
	ra_sc_cpu cpu;

	ra_sc_platform_t(sc_core::sc_module_name name, const ra_sc_platform_cfg &cfg,
			 ra_sc_cpu::program_t program)
		: sc_module(name), clk("clk", cfg.period), rst_n("rst_n"), irq("irq"),
		  accel("accel", cfg.tlm), memory("memory", nullptr, cfg.period * cfg.rd_latency,
						  cfg.period * cfg.wr_latency),
		  cpu("cpu", std::move(program)), m_cfg(cfg)
	{
		accel.clk(clk);
		accel.rst_n(rst_n);
		accel.irq(irq);
		accel.mem.bind(memory.socket);
		cpu.clk(clk);
		cpu.irq(irq);
		cpu.rst_n(rst_n);
		cpu.csr.bind(accel.csr);
	}

	// From the program: let the memory target serve @mem with these latencies (cycles) and
	// accept @max_reads reads, reset the accelerator and the statistics, and return a
	// struct ra_dev on it (a "fresh device" for the C tests).
	struct ra_dev *open(struct ra_mem *mem, unsigned rd_latency, unsigned wr_latency,
			    unsigned max_reads)
	{
		cpu.reset_accel();	// nothing in flight from here on
		memory.set_mem(mem);
		memory.set_latency(m_cfg.period * rd_latency, m_cfg.period * wr_latency);
		memory.clear_stats();
		accel.set_max_reads(max_reads);
		accel.clear_stats();
		return ra_sc_dev_create(cpu, accel, mem);
	}

private:
	ra_sc_platform_cfg m_cfg;
};

using ra_sc_platform = ra_sc_platform_t<ra_tlm>;

#endif

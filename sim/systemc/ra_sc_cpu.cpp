// SPDX-License-Identifier: MIT
// The software thread of the example platform and its struct ra_dev; see ra_sc_cpu.h.
#include "ra_sc_cpu.h"

extern "C" {
#include "ra_regs.h"
}

using namespace sc_core;
using namespace tlm;

ra_sc_cpu::ra_sc_cpu(sc_module_name name, program_t program)
	: sc_module(name), csr("csr"), clk("clk"), irq("irq"), rst_n("rst_n"),
	  m_program(std::move(program))
{
	SC_THREAD(main);
}

void ra_sc_cpu::main()
{
	reset_accel();
	m_result = m_program(*this);
	sc_stop();
}

sc_time ra_sc_cpu::period()
{
	if (m_period == SC_ZERO_TIME) {
		if (auto *c = dynamic_cast<sc_clock *>(clk.get_interface())) {
			m_period = c->period();
		} else {
			wait(clk.posedge_event());
			const sc_time t0 = sc_time_stamp();

			wait(clk.posedge_event());
			m_period = sc_time_stamp() - t0;
		}
	}
	return m_period;
}

void ra_sc_cpu::wait_cycles(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		wait(clk.posedge_event());
}

void ra_sc_cpu::reset_accel(unsigned cycles)
{
	rst_n.write(false);
	wait_cycles(cycles);
	rst_n.write(true);
	wait_cycles(1);
}

bool ra_sc_cpu::wait_irq(uint64_t max_cycles)
{
	if (!irq.read())
		wait(period() * static_cast<double>(max_cycles), irq.posedge_event());
	return irq.read();
}

void ra_sc_cpu::access(tlm_command cmd, uint32_t off, uint32_t *val)
{
	tlm_generic_payload t;
	sc_time delay = SC_ZERO_TIME;
	unsigned char b[4];

	for (unsigned i = 0; i < 4; i++)
		b[i] = static_cast<unsigned char>(*val >> (8 * i));
	t.set_command(cmd);
	t.set_address(off);
	t.set_data_ptr(b);
	t.set_data_length(4);
	t.set_streaming_width(4);
	t.set_byte_enable_ptr(nullptr);
	t.set_dmi_allowed(false);
	t.set_response_status(TLM_INCOMPLETE_RESPONSE);
	csr->b_transport(t, delay);
	if (delay != SC_ZERO_TIME)
		wait(delay);
	if (!t.is_response_ok())
		SC_REPORT_WARNING("ra_sc_cpu", "CSR access failed");
	*val = static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
	       static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24;
}

uint32_t ra_sc_cpu::rd32(uint32_t off)
{
	uint32_t v = 0;

	access(TLM_READ_COMMAND, off, &v);
	return v;
}

void ra_sc_cpu::wr32(uint32_t off, uint32_t val)
{
	access(TLM_WRITE_COMMAND, off, &val);
}

// --- struct ra_dev ---

namespace {

struct sc_dev {
	struct ra_dev d;	// first: the C code sees only this
	ra_sc_cpu *cpu;
	ra_tlm_base *accel;
};

sc_dev *dev(struct ra_dev *d)
{
	return reinterpret_cast<sc_dev *>(d);
}

uint32_t sd_rd(struct ra_dev *d, uint32_t off)
{
	return dev(d)->cpu->rd32(off);
}

void sd_wr(struct ra_dev *d, uint32_t off, uint32_t val)
{
	dev(d)->cpu->wr32(off, val);
}

// As the Verilator device's run (sim/harness/ra_dev.c): look whether the submission ring is
// drained, else wait for the interrupt (the host unmasks CMD_DONE and RING_FAULT), acknowledge
// it and look again; finally let the memory traffic drain.
int sd_run(struct ra_dev *d, uint64_t max_cycles)
{
	ra_sc_cpu *cpu = dev(d)->cpu;
	ra_tlm_base *accel = dev(d)->accel;
	const uint64_t end = accel->cycles() + max_cycles;

	for (;;) {
		const uint32_t st = cpu->rd32(RA_REG_STATUS);
		const uint32_t head = cpu->rd32(RA_REG_SQ_HEAD);
		const uint32_t tail = cpu->rd32(RA_REG_SQ_TAIL);

		if ((st & RA_STATUS_RING_FAULT_MASK) ||
		    (head == tail && !(st & RA_STATUS_BUSY_MASK)))
			break;
		if (accel->cycles() >= end || !cpu->wait_irq(end - accel->cycles()))
			return -1;
		cpu->wr32(RA_REG_INT_STATUS,
			  RA_INT_STATUS_CMD_DONE_MASK | RA_INT_STATUS_RING_FAULT_MASK);
	}
	for (unsigned i = 0; i < 10000 && !accel->mem_idle(); i++)
		cpu->wait_cycles(1);
	return 0;
}

uint64_t sd_cycles(struct ra_dev *d)
{
	return dev(d)->accel->cycles();
}

void sd_destroy(struct ra_dev *d)
{
	delete dev(d);
}

} // namespace

struct ra_dev *ra_sc_dev_create(ra_sc_cpu &cpu, ra_tlm_base &accel, struct ra_mem *mem)
{
	sc_dev *s = new sc_dev();

	s->d.engine = "systemc";
	s->d.mem = mem;
	s->d.rd = sd_rd;
	s->d.wr = sd_wr;
	s->d.run = sd_run;
	s->d.cycles = sd_cycles;
	s->d.destroy = sd_destroy;
	s->d.priv = s;
	s->cpu = &cpu;
	s->accel = &accel;
	return &s->d;
}

/* SPDX-License-Identifier: MIT */
/*
 * ra_pins - the top-level pins of ra_top as plain C values, so one C test bench (memory
 * model, CSR bus functional model, tests) drives the RTL under Verilator and Icarus alike.
 */
#ifndef RA_PINS_H
#define RA_PINS_H

#include <stdbool.h>
#include <stdint.h>

struct ra_pins {
	/* inputs of ra_top */
	bool rst_n;
	uint32_t s_awaddr, s_wdata, s_araddr;
	uint8_t s_wstrb;
	bool s_awvalid, s_wvalid, s_bready, s_arvalid, s_rready;
	bool m_awready, m_wready, m_bvalid, m_arready, m_rvalid, m_rlast;
	uint32_t m_bid, m_rid;
	uint8_t m_bresp, m_rresp;
	uint64_t m_rdata[2];
	/* outputs of ra_top */
	bool s_awready, s_wready, s_bvalid, s_arready, s_rvalid;
	uint8_t s_bresp, s_rresp;
	uint32_t s_rdata;
	uint32_t m_awid, m_arid;
	uint64_t m_awaddr, m_araddr;
	uint8_t m_awlen, m_awsize, m_awburst, m_awatop, m_arlen, m_arsize, m_arburst;
	bool m_awvalid, m_wvalid, m_wlast, m_bready, m_arvalid, m_rready;
	uint64_t m_wdata[2];
	uint16_t m_wstrb;
	bool irq;
};

/**
 * struct ra_sim_ops - one simulator's binding of ra_top.
 * @cycle: apply the inputs in @p, let the logic settle, copy the outputs as they stand just
 *         before the rising clock edge into @p, then clock the edge.
 * @destroy: end the simulation (flushes waves).
 */
struct ra_sim_ops {
	void (*cycle)(void *sim, struct ra_pins *p);
	void (*destroy)(void *sim);
};

#endif

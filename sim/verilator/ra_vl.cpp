// SPDX-License-Identifier: MIT
// Verilator binding of ra_top for the C test bench (struct ra_sim_ops). Thin on purpose: all
// bus modelling and test logic is C in sim/harness/.
//
// Every variant is Verilated twice (sim/CMakeLists.txt): Vra_top_<variant> without tracing,
// used unless waves are asked for, and Vra_top_<variant>_fst with FST tracing. Tracing
// compiled in keeps signals the optimizer would otherwise remove and costs a few percent of
// the simulation speed even with waves off (docs/flows.md, simulation speed).
#include <cstdint>
#include <cstring>
#include <memory>

#include "verilated.h"
#include "verilated_fst_c.h"
#include "Vra_top_w64.h"
#include "Vra_top_w128.h"
#include "Vra_top_nowc.h"
#include "Vra_top_w64_fst.h"
#include "Vra_top_w128_fst.h"
#include "Vra_top_nowc_fst.h"

extern "C" {
#include "ra_rtl.h"
}

double sc_time_stamp() { return 0; }

namespace {

void put_data(QData &dst, const uint64_t *src) { dst = src[0]; }
template <std::size_t N> void put_data(VlWide<N> &dst, const uint64_t *src)
{
	for (std::size_t i = 0; i < N; i++)
		dst[i] = static_cast<uint32_t>(src[i / 2] >> (32 * (i % 2)));
}
void get_data(uint64_t *dst, QData src) { dst[0] = src; dst[1] = 0; }
template <std::size_t N> void get_data(uint64_t *dst, const VlWide<N> &src)
{
	dst[0] = dst[1] = 0;
	for (std::size_t i = 0; i < N; i++)
		dst[i / 2] |= static_cast<uint64_t>(src[i]) << (32 * (i % 2));
}

struct sim_base {
	virtual ~sim_base() = default;
	virtual void cycle(ra_pins *p) = 0;
};

// Attaching waves: only the _fst builds have trace().
template <bool TRACED> struct waves;
template <> struct waves<true> {
	template <class T> static void attach(T &top, VerilatedFstC *f) { top.trace(f, 99); }
};
template <> struct waves<false> {
	template <class T> static void attach(T &, VerilatedFstC *) {}
};

template <class T, bool TRACED> struct sim : sim_base {
	std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
	std::unique_ptr<T> top;
	std::unique_ptr<VerilatedFstC> fst;
	uint64_t t = 0;

	explicit sim(const char *wave)
	{
		top.reset(new T(ctx.get()));
		if (TRACED && wave) {
			ctx->traceEverOn(true);
			fst.reset(new VerilatedFstC);
			waves<TRACED>::attach(*top, fst.get());
			fst->open(wave);
		}
		top->clk_i = 0;
		top->eval();
	}
	~sim() override
	{
		if (fst)
			fst->close();
		top->final();
	}
	void dump()
	{
		if (fst)
			fst->dump(t);
		t++;
	}
	void cycle(ra_pins *p) override
	{
		T &d = *top;

		d.rst_ni = p->rst_n;
		d.s_axil_awaddr = p->s_awaddr;
		d.s_axil_awvalid = p->s_awvalid;
		d.s_axil_wdata = p->s_wdata;
		d.s_axil_wstrb = p->s_wstrb;
		d.s_axil_wvalid = p->s_wvalid;
		d.s_axil_bready = p->s_bready;
		d.s_axil_araddr = p->s_araddr;
		d.s_axil_arvalid = p->s_arvalid;
		d.s_axil_rready = p->s_rready;
		d.m_axi_awready = p->m_awready;
		d.m_axi_wready = p->m_wready;
		d.m_axi_bid = p->m_bid;
		d.m_axi_bresp = p->m_bresp;
		d.m_axi_bvalid = p->m_bvalid;
		d.m_axi_arready = p->m_arready;
		d.m_axi_rid = p->m_rid;
		put_data(d.m_axi_rdata, p->m_rdata);
		d.m_axi_rresp = p->m_rresp;
		d.m_axi_rlast = p->m_rlast;
		d.m_axi_rvalid = p->m_rvalid;
		d.clk_i = 0;
		d.eval();
		dump();

		p->s_awready = d.s_axil_awready;
		p->s_wready = d.s_axil_wready;
		p->s_bresp = d.s_axil_bresp;
		p->s_bvalid = d.s_axil_bvalid;
		p->s_arready = d.s_axil_arready;
		p->s_rdata = d.s_axil_rdata;
		p->s_rresp = d.s_axil_rresp;
		p->s_rvalid = d.s_axil_rvalid;
		p->m_awid = d.m_axi_awid;
		p->m_awaddr = d.m_axi_awaddr;
		p->m_awlen = d.m_axi_awlen;
		p->m_awsize = d.m_axi_awsize;
		p->m_awburst = d.m_axi_awburst;
		p->m_awatop = d.m_axi_awatop;
		p->m_awvalid = d.m_axi_awvalid;
		get_data(p->m_wdata, d.m_axi_wdata);
		p->m_wstrb = d.m_axi_wstrb;
		p->m_wlast = d.m_axi_wlast;
		p->m_wvalid = d.m_axi_wvalid;
		p->m_bready = d.m_axi_bready;
		p->m_arid = d.m_axi_arid;
		p->m_araddr = d.m_axi_araddr;
		p->m_arlen = d.m_axi_arlen;
		p->m_arsize = d.m_axi_arsize;
		p->m_arburst = d.m_axi_arburst;
		p->m_arvalid = d.m_axi_arvalid;
		p->m_rready = d.m_axi_rready;
		p->irq = d.irq_o;

		d.clk_i = 1;
		d.eval();
		dump();
	}
};

void vl_cycle(void *s, ra_pins *p) { static_cast<sim_base *>(s)->cycle(p); }
void vl_destroy(void *s) { delete static_cast<sim_base *>(s); }

} // namespace

// The untraced build T, or with waves (@fst) the traced build TF of the same variant.
template <class T, class TF> sim_base *make(const char *fst)
{
	if (fst)
		return new sim<TF, true>(fst);
	return new sim<T, false>(nullptr);
}

// The Verilated builds of ra_top (see sim/CMakeLists.txt for their parameters): w64 (64-bit bus,
// 16-entry walk cache, HASH_FAST=1), w128 (the same on a 128-bit bus), nowc (64-bit bus, no walk
// cache, HASH_FAST=0).
extern "C" const char *const ra_vl_variants[] = { "w64", "w128", "nowc", nullptr };

extern "C" void *ra_vl_create(const char *variant, const char *fst)
{
	if (!strcmp(variant, "w64"))
		return make<Vra_top_w64, Vra_top_w64_fst>(fst);
	if (!strcmp(variant, "w128"))
		return make<Vra_top_w128, Vra_top_w128_fst>(fst);
	if (!strcmp(variant, "nowc"))
		return make<Vra_top_nowc, Vra_top_nowc_fst>(fst);
	return nullptr;
}

extern "C" const struct ra_sim_ops ra_vl_ops = { vl_cycle, vl_destroy };

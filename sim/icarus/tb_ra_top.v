// SPDX-License-Identifier: MIT
// tb_ra_top - Icarus Verilog top for the C test bench. It holds ra_top, the regs the C side
// drives and the clock; ra_vpi.c (loaded with vvp -m ra_vpi) does everything else.
//
// One loop iteration is one clock cycle, the same as one ra_sim_ops.cycle() of the Verilator
// binding: with the clock low, $ra_vpi_cycle waits for the C test's next cycle() call and
// applies its inputs; the module samples the outputs once the time step has settled (a
// cbReadOnlySynch callback), i.e. with the new inputs and before the rising edge; then the
// edge. When the C test is done, $ra_vpi_cycle ends the simulation with its verdict.
//
// Build: iverilog -g2012 -I rtl/regs -s tb_ra_top -o tb.vvp sim/icarus/tb_ra_top.v <rtl>/ra_*.sv
// where <rtl> holds the RTL with always_comb spelled always @* (sim/icarus/ivl_rtl.cmake; the
// build does this in build/tests/icarus-rtl): Icarus 11.0 loops forever on the RTL as written.
// Run:   vvp -M <dir of ra_vpi.vpi> -m ra_vpi tb.vvp +transcript=FILE +latency=N
// With -DRA_NETLIST, ra_top is a synthesized netlist whose parameters are fixed (no override);
// the post-synthesis test (tests/synth/postsynth.sh) builds it so.
`default_nettype none

module tb_ra_top #(
  parameter DATA_W      = 64,
  parameter RD_INFLIGHT = 16,
  parameter WALK_CACHE  = 16,
  parameter ID_W        = 4,
  parameter PAGE_ENGINES = 1,
  parameter WR_INFLIGHT = 128,
  parameter SKID        = 2
);
  reg                 clk_i = 1'b0;
  reg                 rst_ni;
  reg  [9:0]          s_axil_awaddr;
  reg                 s_axil_awvalid;
  wire                s_axil_awready;
  reg  [31:0]         s_axil_wdata;
  reg  [3:0]          s_axil_wstrb;
  reg                 s_axil_wvalid;
  wire                s_axil_wready;
  wire [1:0]          s_axil_bresp;
  wire                s_axil_bvalid;
  reg                 s_axil_bready;
  reg  [9:0]          s_axil_araddr;
  reg                 s_axil_arvalid;
  wire                s_axil_arready;
  wire [31:0]         s_axil_rdata;
  wire [1:0]          s_axil_rresp;
  wire                s_axil_rvalid;
  reg                 s_axil_rready;
  wire [ID_W-1:0]     m_axi_awid;
  wire [47:0]         m_axi_awaddr;
  wire [7:0]          m_axi_awlen;
  wire [2:0]          m_axi_awsize;
  wire [1:0]          m_axi_awburst;
  wire [5:0]          m_axi_awatop;
  wire                m_axi_awvalid;
  reg                 m_axi_awready;
  wire [DATA_W-1:0]   m_axi_wdata;
  wire [DATA_W/8-1:0] m_axi_wstrb;
  wire                m_axi_wlast;
  wire                m_axi_wvalid;
  reg                 m_axi_wready;
  reg  [ID_W-1:0]     m_axi_bid;
  reg  [1:0]          m_axi_bresp;
  reg                 m_axi_bvalid;
  wire                m_axi_bready;
  wire [ID_W-1:0]     m_axi_arid;
  wire [47:0]         m_axi_araddr;
  wire [7:0]          m_axi_arlen;
  wire [2:0]          m_axi_arsize;
  wire [1:0]          m_axi_arburst;
  wire                m_axi_arvalid;
  reg                 m_axi_arready;
  reg  [ID_W-1:0]     m_axi_rid;
  reg  [DATA_W-1:0]   m_axi_rdata;
  reg  [1:0]          m_axi_rresp;
  reg                 m_axi_rlast;
  reg                 m_axi_rvalid;
  wire                m_axi_rready;
  wire                irq_o;

`ifdef RA_NETLIST
  ra_top dut (
`else
  ra_top #(
    .DATA_W(DATA_W), .RD_INFLIGHT(RD_INFLIGHT), .WALK_CACHE(WALK_CACHE), .ID_W(ID_W),
    .PAGE_ENGINES(PAGE_ENGINES), .WR_INFLIGHT(WR_INFLIGHT), .SKID(SKID)
  ) dut (
`endif
    .clk_i(clk_i), .rst_ni(rst_ni),
    .s_axil_awaddr(s_axil_awaddr), .s_axil_awvalid(s_axil_awvalid),
    .s_axil_awready(s_axil_awready),
    .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb), .s_axil_wvalid(s_axil_wvalid),
    .s_axil_wready(s_axil_wready),
    .s_axil_bresp(s_axil_bresp), .s_axil_bvalid(s_axil_bvalid), .s_axil_bready(s_axil_bready),
    .s_axil_araddr(s_axil_araddr), .s_axil_arvalid(s_axil_arvalid),
    .s_axil_arready(s_axil_arready),
    .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp), .s_axil_rvalid(s_axil_rvalid),
    .s_axil_rready(s_axil_rready),
    .m_axi_awid(m_axi_awid), .m_axi_awaddr(m_axi_awaddr), .m_axi_awlen(m_axi_awlen),
    .m_axi_awsize(m_axi_awsize), .m_axi_awburst(m_axi_awburst), .m_axi_awatop(m_axi_awatop),
    .m_axi_awvalid(m_axi_awvalid), .m_axi_awready(m_axi_awready),
    .m_axi_wdata(m_axi_wdata), .m_axi_wstrb(m_axi_wstrb), .m_axi_wlast(m_axi_wlast),
    .m_axi_wvalid(m_axi_wvalid), .m_axi_wready(m_axi_wready),
    .m_axi_bid(m_axi_bid), .m_axi_bresp(m_axi_bresp), .m_axi_bvalid(m_axi_bvalid),
    .m_axi_bready(m_axi_bready),
    .m_axi_arid(m_axi_arid), .m_axi_araddr(m_axi_araddr), .m_axi_arlen(m_axi_arlen),
    .m_axi_arsize(m_axi_arsize), .m_axi_arburst(m_axi_arburst),
    .m_axi_arvalid(m_axi_arvalid), .m_axi_arready(m_axi_arready),
    .m_axi_rid(m_axi_rid), .m_axi_rdata(m_axi_rdata), .m_axi_rresp(m_axi_rresp),
    .m_axi_rlast(m_axi_rlast), .m_axi_rvalid(m_axi_rvalid), .m_axi_rready(m_axi_rready),
    .irq_o(irq_o)
  );

  // The clock: low while the C side applies inputs and samples outputs, then one rising edge.
  // Once the C test is finished, $ra_vpi_cycle calls $finish and the loop stops there.
  initial begin
    forever begin
      $ra_vpi_cycle;
      #5 clk_i = 1'b1;
      #5 clk_i = 1'b0;
    end
  end
endmodule

`default_nettype wire

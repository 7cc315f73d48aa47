// reclaim-accel: memory-port multiplexer.
//
// The engines share one internal memory port (docs/rtl.md, "Memory port"); ra_cmd says which
// of them owns it (sel_i, the MP_SEL_* codes of ra_top). The owner's requests go to the AXI
// master and the master's readys and valids come back to it; every other port sees them low.
// Port k is bit k of the one-bit vectors and slice k of the wide ones, so adding an engine is
// one more port (NP) and its slice. Read data, last, error and mp_wr_idle are shared: the
// engines take them from the master directly.

`default_nettype none

`include "ra_mp.svh"

module ra_mp_mux #(
  parameter NP = 4   // ports (engines); port k is owner code k
) (
  input  wire [$clog2(NP)-1:0] sel_i,
  `RA_MP_MUX_PORTS(NP)  // the engines' vectors, then the master side (rtl/regs/ra_mp.svh)
);

  wire [NP-1:0] own = {{(NP-1){1'b0}}, 1'b1} << sel_i;   // the owner, one-hot

  // port 0 unless another owns the port; constant-index part-selects only (a variable one
  // would make Yosys build a shifter as wide as the vectors)
  always_comb begin
    m_rd_req_valid_o = rd_req_valid_i[0];
    m_rd_req_addr_o  = rd_req_addr_i[47:0];
    m_rd_req_line_o  = rd_req_line_i[0];
    m_rd_ready_o     = rd_ready_i[0];
    m_rd_take2_o     = rd_take2_i[0];
    m_wr_valid_o     = wr_valid_i[0];
    m_wr_addr_o      = wr_addr_i[47:0];
    m_wr_data_o      = wr_data_i[63:0];
    m_at_valid_o     = at_valid_i[0];
    m_at_addr_o      = at_addr_i[47:0];
    m_at_mask_o      = at_mask_i[63:0];
    for (int k = 1; k < NP; k++) begin
      if (own[k]) begin
        m_rd_req_valid_o = rd_req_valid_i[k];
        m_rd_req_addr_o  = rd_req_addr_i[48*k +: 48];
        m_rd_req_line_o  = rd_req_line_i[k];
        m_rd_ready_o     = rd_ready_i[k];
        m_rd_take2_o     = rd_take2_i[k];
        m_wr_valid_o     = wr_valid_i[k];
        m_wr_addr_o      = wr_addr_i[48*k +: 48];
        m_wr_data_o      = wr_data_i[64*k +: 64];
        m_at_valid_o     = at_valid_i[k];
        m_at_addr_o      = at_addr_i[48*k +: 48];
        m_at_mask_o      = at_mask_i[64*k +: 64];
      end
    end
  end

  assign rd_req_ready_o = own & {NP{m_rd_req_ready_i}};
  assign rd_valid_o     = own & {NP{m_rd_valid_i}};
  assign wr_ready_o     = own & {NP{m_wr_ready_i}};
  assign at_ready_o     = own & {NP{m_at_ready_i}};

endmodule

`default_nettype wire

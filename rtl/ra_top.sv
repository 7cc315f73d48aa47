// reclaim-accel: top level.
//
// docs/rtl.md: the AXI4-Lite CSR slave (ra_csr), the command engine (ra_cmd), the WALK engine
// (ra_ptw), the SCAN engine (ra_scan), the page engines HASH, CMP and COPY (ra_page, left out
// with PAGE_ENGINES = 0) and the AXI4 master (ra_axi_master). Only one engine uses the internal
// memory port at a time; ra_cmd says which one (mp_sel, codes below, the same as in ra_cmd) and
// this module steers the port to it: the owner's requests go to the master, the other engines
// see every ready and valid low. Read data, last and mp_wr_idle are shared. Counter increments
// reach ra_csr by index (RA_CNT_* in ra_regs.vh).

`default_nettype none

`include "ra_regs.vh"
`include "ra_mp.svh"

module ra_top #(
  // defaults, legal ranges and meanings: rtl/regs/ra_regs.json "params" (docs/registers.md)
  parameter DATA_W       = `RA_PARAM_DATA_W_DEFAULT,       // memory data width: 64 or 128
  parameter RD_INFLIGHT  = `RA_PARAM_RD_INFLIGHT_DEFAULT,  // read bursts outstanding
  parameter WR_INFLIGHT  = `RA_PARAM_WR_INFLIGHT_DEFAULT,  // writes and atomics awaiting B
  parameter WALK_CACHE   = `RA_PARAM_WALK_CACHE_DEFAULT,   // walk-cache entries (0: none)
  parameter ID_W         = `RA_PARAM_ID_W_DEFAULT,         // AXI ID width
  parameter PAGE_ENGINES = `RA_PARAM_PAGE_ENGINES_DEFAULT, // HASH, CMP, COPY present
  parameter HASH_FAST    = `RA_PARAM_HASH_FAST_DEFAULT,    // checksum: 1 word/cycle, or 1/8
  parameter SCAN_ENGINE  = `RA_PARAM_SCAN_ENGINE_DEFAULT,  // SCAN present
  parameter CNT_W        = `RA_PARAM_CNT_W_DEFAULT,        // counter width (PERF_CAP.WIDTH)
  parameter WINDOWS      = `RA_PARAM_WINDOWS_DEFAULT,      // DMA windows implemented
  parameter SKID         = `RA_PARAM_SKID_DEFAULT          // AXI master FIFO entries
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  `RA_AXIL_S_PORTS,   // AXI4-Lite CSR slave, 32-bit data, 10-bit address
  `RA_AXI_M_PORTS,     // AXI4 master, 48-bit addresses
  output wire                 irq_o
);


  localparam NC = `RA_NUM_COUNTERS;  // performance counters
  localparam NW = `RA_NUM_WINDOWS;   // DMA windows

  // memory port owner codes (as in ra_cmd)
  localparam [1:0] MP_SEL_CMD  = 2'd0;
  localparam [1:0] MP_SEL_PTW  = 2'd1;
  localparam [1:0] MP_SEL_SCAN = 2'd2;
  localparam [1:0] MP_SEL_PAGE = 2'd3;

  // an illegal parameter value fails elaboration (rtl/regs/ra_regs.json "params")
  `RA_PARAM_CHECKS

  // ---------------------------------------------------------------------------------------
  // Signals
  // ---------------------------------------------------------------------------------------
  // CSR <-> command engine
  wire          enable, soft_reset, ring_fault_clr;
  wire  [5:0]   pa_bits;
  wire  [47:0]  sq_base, cq_base;
  wire  [3:0]   sq_log2, cq_log2;
  wire  [15:0]  sq_tail, cq_head, sq_head, cq_tail;
  wire  [48*NW-1:0] win_base, win_limit;
  wire          busy, ring_fault, ring_fault_set, cmd_done, ev_command, ev_cmd_error;
  wire  [4*NC-1:0]  cnt_inc;

  // command engine -> engines
  wire  [511:0] cmd;
  wire          ptw_start, ptw_done, scan_start, scan_done;
  wire          page_start, page_done;
  wire  [255:0] ptw_cpl, scan_cpl, page_cpl;
  wire  [1:0]   mp_sel;

  // engine events
  wire  [3:0]   ptw_ev_desc_read, scan_ev_desc_read;
  wire          ptw_ev_walk, ptw_ev_wc_hit, ptw_ev_wc_miss, ptw_ev_fault;
  wire  [1:0]   scan_ev_pte_scanned, scan_ev_young, scan_ev_dirty;
  wire          scan_ev_af_cleared, scan_ev_fault;
  wire          page_ev_hashed, page_ev_zero, page_ev_compare, page_ev_copy;
  wire  [1:0]   page_ev_fault;
  wire  [3:0]   page_ev_bytes;
  wire  [3:0]   ev_rd_beats, ev_wr_beats;
  wire          ev_atomic;

  // memory port: port k of the mp_* vectors is the engine with owner code k (MP_SEL_*), m_*
  // the master's side after ra_mp_mux (rtl/regs/ra_mp.svh)
  localparam NP = 4;
  `RA_MP_WIRES(NP)
  wire          bus_err_clr;   // ra_cmd -> master: clear the bus-error flags
  wire  [2:0]   bus_err;       // master -> ra_cmd: sticky {atomic, write, read} errors

  // ---------------------------------------------------------------------------------------
  // CSR slave
  // ---------------------------------------------------------------------------------------
  ra_csr #(
    .DATA_W      (DATA_W),
    .RD_INFLIGHT  (RD_INFLIGHT),
    .WALK_CACHE   (WALK_CACHE),
    .PAGE_ENGINES (PAGE_ENGINES),
    .SCAN_ENGINE  (SCAN_ENGINE),
    .CNT_W        (CNT_W),
    .WINDOWS      (WINDOWS)
  ) u_csr (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    `RA_AXIL_S_CONNECT,
    .busy_i           (busy),
    .sq_head_i        (sq_head),
    .cq_tail_i        (cq_tail),
    .ring_fault_i     (ring_fault),
    .cmd_done_i       (cmd_done),
    .ring_fault_set_i (ring_fault_set),
    .cnt_inc_i        (cnt_inc),
    .enable_o         (enable),
    .pa_bits_o        (pa_bits),
    .sq_base_o        (sq_base),
    .sq_log2_o        (sq_log2),
    .sq_tail_o        (sq_tail),
    .cq_base_o        (cq_base),
    .cq_log2_o        (cq_log2),
    .cq_head_o        (cq_head),
    .win_base_o       (win_base),
    .win_limit_o      (win_limit),
    .soft_reset_o     (soft_reset),
    .ring_fault_clr_o (ring_fault_clr),
    .irq_o            (irq_o)
  );

  // ---------------------------------------------------------------------------------------
  // Command engine
  // ---------------------------------------------------------------------------------------
  ra_cmd #(
    .PAGE_ENGINES (PAGE_ENGINES),
    .SCAN_ENGINE  (SCAN_ENGINE)
  ) u_cmd (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .enable_i          (enable),
    .soft_reset_i      (soft_reset),
    .ring_fault_clr_i  (ring_fault_clr),
    .sq_base_i         (sq_base),
    .sq_log2_i         (sq_log2),
    .sq_tail_i         (sq_tail),
    .cq_base_i         (cq_base),
    .cq_log2_i         (cq_log2),
    .cq_head_i         (cq_head),
    .win_base_i        (win_base),
    .win_limit_i       (win_limit),
    .sq_head_o         (sq_head),
    .cq_tail_o         (cq_tail),
    .ring_fault_o      (ring_fault),
    .ring_fault_set_o  (ring_fault_set),
    .cmd_done_o        (cmd_done),
    .ev_command_o      (ev_command),
    .ev_cmd_error_o    (ev_cmd_error),
    .busy_o            (busy),
    .cmd_o             (cmd),
    .ptw_start_o       (ptw_start),
    .ptw_done_i        (ptw_done),
    .ptw_cpl_i         (ptw_cpl),
    .scan_start_o      (scan_start),
    .scan_done_i       (scan_done),
    .scan_cpl_i        (scan_cpl),
    .page_start_o      (page_start),
    .page_done_i       (page_done),
    .page_cpl_i        (page_cpl),
    .mp_sel_o          (mp_sel),
    `RA_MP_CONNECT(MP_SEL_CMD),
    .bus_err_i         (bus_err),
    .bus_err_clr_o     (bus_err_clr)
  );

  // ---------------------------------------------------------------------------------------
  // WALK engine
  // ---------------------------------------------------------------------------------------
  ra_ptw #(
    .WALK_CACHE (WALK_CACHE)
  ) u_ptw (
    `RA_ENGINE_CONNECT(ptw_start, ptw_done, ptw_cpl),
    `RA_MP_CONNECT(MP_SEL_PTW),
    .ev_desc_read_o    (ptw_ev_desc_read),
    .ev_walk_o         (ptw_ev_walk),
    .ev_wc_hit_o       (ptw_ev_wc_hit),
    .ev_wc_miss_o      (ptw_ev_wc_miss),
    .ev_fault_o        (ptw_ev_fault)
  );

  // ---------------------------------------------------------------------------------------
  // SCAN engine
  // ---------------------------------------------------------------------------------------
  generate
    if (SCAN_ENGINE != 0) begin : g_scan
      ra_scan #(
        .DATA_W      (DATA_W),
        .RD_INFLIGHT (RD_INFLIGHT)
      ) u_scan (
        `RA_ENGINE_CONNECT(scan_start, scan_done, scan_cpl),
        `RA_MP_CONNECT_WIDE(MP_SEL_SCAN),
        .ev_desc_read_o    (scan_ev_desc_read),
        .ev_pte_scanned_o  (scan_ev_pte_scanned),
        .ev_young_o        (scan_ev_young),
        .ev_af_cleared_o   (scan_ev_af_cleared),
        .ev_dirty_o        (scan_ev_dirty),
        .ev_fault_o        (scan_ev_fault)
      );
    end else begin : g_no_scan
      assign scan_done           = 1'b0;
      assign scan_cpl            = 256'h0;
      `RA_MP_TIE_OFF(MP_SEL_SCAN)
      assign scan_ev_desc_read   = 4'd0;
      assign scan_ev_pte_scanned = 2'd0;
      assign scan_ev_young       = 2'd0;
      assign scan_ev_af_cleared  = 1'b0;
      assign scan_ev_dirty       = 2'd0;
      assign scan_ev_fault       = 1'b0;
      wire unused_scan;
      assign unused_scan = ^{scan_start, m_rd_pair, m_rd_data_hi};
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Page engines HASH, CMP, COPY (absent with PAGE_ENGINES = 0: ra_cmd never starts them)
  // ---------------------------------------------------------------------------------------
  generate
    if (PAGE_ENGINES != 0) begin : g_page
      ra_page #(
        .HASH_FAST (HASH_FAST)
      ) u_page (
        `RA_ENGINE_CONNECT(page_start, page_done, page_cpl),
        `RA_MP_CONNECT(MP_SEL_PAGE),
        .ev_fault_o        (page_ev_fault),
        .ev_hashed_o       (page_ev_hashed),
        .ev_zero_o         (page_ev_zero),
        .ev_bytes_hashed_o (page_ev_bytes),
        .ev_compare_o      (page_ev_compare),
        .ev_copy_o         (page_ev_copy)
      );
      assign mp_rd_take2[MP_SEL_PAGE] = 1'b0;
    end else begin : g_no_page
      assign page_done         = 1'b0;
      assign page_cpl          = 256'h0;
      `RA_MP_TIE_OFF(MP_SEL_PAGE)
      assign page_ev_fault     = 2'd0;
      assign page_ev_hashed    = 1'b0;
      assign page_ev_zero      = 1'b0;
      assign page_ev_bytes     = 4'd0;
      assign page_ev_compare   = 1'b0;
      assign page_ev_copy      = 1'b0;
      wire unused_page;
      assign unused_page = page_start;
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Memory port mux (owner chosen by ra_cmd); only SCAN takes two words of a beat at once
  // ---------------------------------------------------------------------------------------
  assign mp_rd_take2[MP_SEL_CMD] = 1'b0;
  assign mp_rd_take2[MP_SEL_PTW] = 1'b0;

  ra_mp_mux #(
    .NP (NP)
  ) u_mp_mux (
    .sel_i (mp_sel),
    `RA_MP_MUX_CONNECT
  );

  // ---------------------------------------------------------------------------------------
  // AXI4 master
  // ---------------------------------------------------------------------------------------
  ra_axi_master #(
    .DATA_W      (DATA_W),
    .RD_INFLIGHT (RD_INFLIGHT),
    .WR_INFLIGHT (WR_INFLIGHT),
    .ID_W        (ID_W),
    .SKID        (SKID)
  ) u_axi_master (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    `RA_MP_MASTER_CONNECT,
    .bus_err_o         (bus_err),
    .bus_err_clr_i     (bus_err_clr),
    `RA_AXI_M_CONNECT,
    .ev_rd_beats_o     (ev_rd_beats),
    .ev_wr_beats_o     (ev_wr_beats),
    .ev_atomic_o       (ev_atomic)
  );

  // ---------------------------------------------------------------------------------------
  // Counter increments by index (cycles and busy_cycles are counted inside ra_csr). Only one
  // engine runs at a time, so the sums of the engines' events never overflow.
  // ---------------------------------------------------------------------------------------
  assign cnt_inc[4*`RA_CNT_CYCLES            +: 4] = 4'd0;
  assign cnt_inc[4*`RA_CNT_BUSY_CYCLES       +: 4] = 4'd0;
  assign cnt_inc[4*`RA_CNT_COMMANDS          +: 4] = {3'b000, ev_command};
  assign cnt_inc[4*`RA_CNT_DESC_READ         +: 4] = ptw_ev_desc_read + scan_ev_desc_read;
  assign cnt_inc[4*`RA_CNT_PTE_SCANNED       +: 4] = {2'b00, scan_ev_pte_scanned};
  assign cnt_inc[4*`RA_CNT_YOUNG_FOUND       +: 4] = {2'b00, scan_ev_young};
  assign cnt_inc[4*`RA_CNT_AF_CLEARED        +: 4] = {3'b000, scan_ev_af_cleared};
  assign cnt_inc[4*`RA_CNT_DIRTY_FOUND       +: 4] = {2'b00, scan_ev_dirty};
  assign cnt_inc[4*`RA_CNT_WALKS             +: 4] = {3'b000, ptw_ev_walk};
  assign cnt_inc[4*`RA_CNT_WALK_CACHE_HITS   +: 4] = {3'b000, ptw_ev_wc_hit};
  assign cnt_inc[4*`RA_CNT_WALK_CACHE_MISSES +: 4] = {3'b000, ptw_ev_wc_miss};
  assign cnt_inc[4*`RA_CNT_MEM_READ_BEATS    +: 4] = ev_rd_beats;
  assign cnt_inc[4*`RA_CNT_MEM_WRITE_BEATS   +: 4] = ev_wr_beats;
  assign cnt_inc[4*`RA_CNT_ATOMIC_OPS        +: 4] = {3'b000, ev_atomic};
  assign cnt_inc[4*`RA_CNT_FAULTS            +: 4] = {3'b000, ptw_ev_fault} +
                                                     {3'b000, scan_ev_fault} +
                                                     {2'b00, page_ev_fault};
  assign cnt_inc[4*`RA_CNT_PAGES_HASHED      +: 4] = {3'b000, page_ev_hashed};
  assign cnt_inc[4*`RA_CNT_BYTES_HASHED      +: 4] = page_ev_bytes;   // 8 per word hashed
  assign cnt_inc[4*`RA_CNT_COMPARES          +: 4] = {3'b000, page_ev_compare};
  assign cnt_inc[4*`RA_CNT_COPIES            +: 4] = {3'b000, page_ev_copy};
  assign cnt_inc[4*`RA_CNT_CMD_ERRORS        +: 4] = {3'b000, ev_cmd_error};
  assign cnt_inc[4*`RA_CNT_ZERO_PAGES        +: 4] = {3'b000, page_ev_zero};

endmodule

`default_nettype wire

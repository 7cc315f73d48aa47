// reclaim-accel: internal memory port -> AXI4 master (with the AXI5 AWATOP atomic).
//
// Engine side: the memory port of docs/rtl.md ("Internal memory port"), seen from the master
// (directions mirrored). AXI side: docs/rtl.md ("AXI use").
//
// Reads
// - A read request enters a 2-entry skid FIFO and leaves it as one AR: a line read is an INCR
//   burst of 64 bytes (ARLEN = 64/(DATA_W/8)-1, ARSIZE = log2(DATA_W/8)), a word read is one
//   8-byte transfer (ARLEN = 0, ARSIZE = 3). All reads use ID 0, so data returns in order.
// - At most RD_INFLIGHT read bursts are outstanding on AXI (AR accepted, last R beat not yet
//   accepted). On the 128-bit bus every accepted AR queues {line, addr[3]} in an info FIFO
//   until the engine has taken the last word of that request. Beats whose burst is no longer
//   outstanding sit in the 2-entry R FIFO, so the info FIFO needs RD_INFLIGHT + 2 entries.
// - R beats with ID 0 enter a 2-entry R FIFO. The atomics are AtomicStores, which have no R
//   response; an R beat with any other ID (which a correct slave does not send) is accepted and
//   dropped at once.
// - DATA_W = 64: each beat is one word. DATA_W = 128: a line beat is delivered as two words
//   (low lane first); a word read delivers only the lane addressed by addr[3].
// - With the engine keeping mp_rd_ready_i high, one beat per cycle flows from R to the engine
//   (on a 128-bit bus a line beat takes two cycles, one per word, unless the engine takes both:
//   while mp_rd_pair_o is 1 the head is a line beat with neither word taken, mp_rd_data_hi_o is
//   its second word, and mp_rd_take2_i with the handshake takes the two words in one cycle; the
//   SCAN engine does, the others keep it 0).
//
// Writes and atomics
// - A write or an atomic enters a 2-entry skid FIFO (a write is taken before an atomic offered
//   in the same cycle), so one of them is accepted per cycle while the FIFO drains.
// - The FIFO head drives AW and W together; each is held until its own handshake, and the
//   head leaves once both have been accepted. Writes: ID 0, AWLEN 0, AWSIZE 3, AWATOP 0.
//   Atomics: ID 1, AWATOP = 6'b01_0_001 (AtomicStore, little endian, CLR), mask as W data.
//   On a 128-bit bus the word is driven on both lanes and WSTRB selects the lane addr[3].
// - Responses expected: one B per write and per atomic (an AtomicStore has no R response, so
//   atomics never compete with read data for the R channel). mp_wr_idle_o is 1 when the FIFO
//   is empty and every expected B has been received.
// - At most B_MAX (= WR_INFLIGHT) B responses are expected at a time (further writes and
//   atomics wait in the FIFO).
// - SKID = 1 (small FPGA builds) gives each of the three FIFOs a single entry: the same
//   transactions in the same order, at most one read beat every other cycle.
// - The four FIFOs (AR, read info, R, AW/W) are ra_fifo instances with their data reset to 0
//   (their heads drive the bus outputs while they are empty).
// - Bus errors (docs/device.md, "Bus errors"): an R beat of a read burst whose RRESP is not
//   OKAY enters the R FIFO with zero data (its words read as 0) and mp_rd_err_o set on its
//   words, and sets the sticky flag bus_err_o[0]; a B of a plain write that is not OKAY sets
//   bus_err_o[1]; a B of an atomic that is not OKAY sets bus_err_o[2]. bus_err_clr_i clears the flags (an error taken
//   in the same cycle is kept). Timing and transactions do not depend on the response codes.
//
// Events: ev_rd_beats_o counts R beats of read bursts (ID 0), ev_wr_beats_o W beats of plain
// writes, ev_atomic_o atomic AW handshakes.

`default_nettype none

`include "ra_mp.svh"

module ra_axi_master #(
  parameter DATA_W      = 64,  // AXI data width in bits: 64 or 128
  parameter RD_INFLIGHT = 16,  // read bursts outstanding on AXI at most (1..32)
  parameter WR_INFLIGHT = 128, // write/atomic B responses outstanding at most (1..255)
  parameter ID_W        = 4,   // AXI ID width (>= 1)
  parameter SKID        = 2    // entries of the AR, R and AW/W FIFOs: 2 (full rate) or 1 (small)
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  `RA_MP_MASTER_PORTS, // the memory port, master side (docs/registers.md, "Memory port")
  output logic [2:0]          bus_err_o,          // sticky: {atomic, write, read} got an error
  input  wire                 bus_err_clr_i,      // pulse: clear bus_err_o
  `RA_AXI_M_PORTS,     // AXI4 master (docs/registers.md, "Buses")
  // counter increments for this cycle
  output logic [3:0]          ev_rd_beats_o,      // mem_read_beats
  output logic [3:0]          ev_wr_beats_o,      // mem_write_beats
  output logic                ev_atomic_o         // atomic_ops
);

  // ---------------------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------------------
  localparam WIDE       = (DATA_W == 128);          // 1: 128-bit bus, two words per beat
  localparam INFO_DEPTH = RD_INFLIGHT + 2;          // entries of the read info FIFO (WIDE)
  localparam RD_CW      = $clog2(RD_INFLIGHT + 1);  // outstanding-burst count width
  localparam B_MAX      = WR_INFLIGHT;              // B responses expected at most
  localparam B_W        = $clog2(B_MAX + 1);        // width of the B count

  localparam [7:0]         LINE_LEN   = WIDE ? 8'd3 : 8'd7;       // ARLEN of a line
  localparam [2:0]         LINE_SIZE  = WIDE ? 3'd4 : 3'd3;       // ARSIZE of a line
  localparam [2:0]         WORD_SIZE  = 3'd3;                     // AxSIZE of a word
  localparam [1:0]         BURST_INCR = 2'b01;
  localparam [5:0]         ATOP_CLR   = 6'b01_0_001;              // AtomicStore, LE, CLR
  localparam [ID_W-1:0]    ID_PLAIN   = {ID_W{1'b0}};             // reads and writes
  localparam [ID_W-1:0]    ID_ATOMIC  = {{(ID_W-1){1'b0}}, 1'b1}; // atomics
  localparam [31:0]        RD_MAX32    = RD_INFLIGHT;             // outstanding bursts max
  localparam [RD_CW-1:0]   RD_MAX     = RD_MAX32[RD_CW-1:0];
  localparam [31:0]        B_MAX32    = B_MAX;
  localparam [B_W-1:0]     B_LIMIT    = B_MAX32[B_W-1:0];         // send the head below this

  // ---------------------------------------------------------------------------------------
  // AR: SKID-entry request FIFO {line, addr}
  // ---------------------------------------------------------------------------------------
  logic        arf_empty, arf_full;
  logic [48:0] arf_head;                // {line, addr}

  logic [RD_CW-1:0]   rd_out_q;         // read bursts outstanding on AXI
  logic               info_full;        // read info FIFO full
  logic               ar_hs;            // AR handshake
  logic               r_hs;             // R handshake (any ID)
  logic               r_data_beat;      // R beat of a read burst (ID 0)
  logic               r_burst_end;      // last R beat of a read burst accepted

  assign mp_rd_req_ready_o = ~arf_full;

  ra_fifo #(.WIDTH(49), .DEPTH(SKID), .RESET_DATA(1)) u_ar_fifo (
    .clk_i(clk_i), .rst_ni(rst_ni), .clr_i(1'b0),
    .push_i(mp_rd_req_valid_i), .wdata_i({mp_rd_req_line_i, mp_rd_req_addr_i}),
    .pop_i(ar_hs), .rdata_o(arf_head), .empty_o(arf_empty), .full_o(arf_full)
  );

  assign m_axi_arid    = ID_PLAIN;
  assign m_axi_araddr  = arf_head[47:0];
  assign m_axi_arlen   = arf_head[48] ? LINE_LEN : 8'd0;
  assign m_axi_arsize  = arf_head[48] ? LINE_SIZE : WORD_SIZE;
  assign m_axi_arburst = BURST_INCR;
  // rd_out_q and the info FIFO only fall while AR waits, so ARVALID stays up until accepted
  assign m_axi_arvalid = ~arf_empty && (rd_out_q != RD_MAX) && ~info_full;
  assign ar_hs   = m_axi_arvalid & m_axi_arready;

  // outstanding read bursts on AXI
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rd_out_q <= {RD_CW{1'b0}};
    end else begin
      rd_out_q <= rd_out_q + {{(RD_CW-1){1'b0}}, ar_hs} - {{(RD_CW-1){1'b0}}, r_burst_end};
    end
  end

  // ---------------------------------------------------------------------------------------
  // Read info FIFO: {line, addr[3]} of every accepted AR, popped with the request's last word
  // (128-bit bus only: a 64-bit beat is one word, the request kind and lane are not needed).
  // It never limits AR: its entries are the bursts outstanding on AXI (at most RD_INFLIGHT,
  // and AR waits for that count first) plus those whose last beat waits in the R FIFO.
  // ---------------------------------------------------------------------------------------
  logic                  info_pop;       // last word of the head request delivered
  logic                  head_line;      // head request is a line read
  logic                  head_lane;      // head request's addr[3]

  generate
    if (WIDE) begin : g_info
      logic info_empty;

      ra_fifo #(.WIDTH(2), .DEPTH(INFO_DEPTH), .RESET_DATA(1)) u_info_fifo (
        .clk_i(clk_i), .rst_ni(rst_ni), .clr_i(1'b0),
        .push_i(ar_hs), .wdata_i({arf_head[48], arf_head[3]}),
        .pop_i(info_pop), .rdata_o({head_line, head_lane}), .empty_o(info_empty),
        .full_o(info_full)
      );

      logic unused_info_empty;  // a word is only delivered for a request in the FIFO
      assign unused_info_empty = info_empty;
    end else begin : g_no_info
      assign head_line = 1'b0;
      assign head_lane = 1'b0;
      assign info_full = 1'b0;
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // R: SKID-entry beat FIFO {err, last, data} for ID 0; other IDs (atomics) dropped
  // ---------------------------------------------------------------------------------------
  logic              rf_empty, rf_full;
  logic              rf_pop;
  logic [DATA_W+1:0] rf_head;            // {err, last, data}
  logic              r_plain;            // R beat carries ID 0

  assign r_plain      = (m_axi_rid == ID_PLAIN);
  assign m_axi_rready = ~r_plain | ~rf_full;
  assign r_hs         = m_axi_rvalid & m_axi_rready;
  assign r_data_beat  = r_hs & r_plain;
  assign r_burst_end  = r_data_beat & m_axi_rlast;
  // a beat answered with an error carries no data: its words read as 0
  logic [DATA_W-1:0] r_data_ok;
  logic              r_err;
  assign r_err        = (m_axi_rresp != 2'b00);
  assign r_data_ok    = r_err ? {DATA_W{1'b0}} : m_axi_rdata;

  ra_fifo #(.WIDTH(DATA_W + 2), .DEPTH(SKID), .RESET_DATA(1)) u_r_fifo (
    .clk_i(clk_i), .rst_ni(rst_ni), .clr_i(1'b0),
    .push_i(r_data_beat), .wdata_i({r_err, m_axi_rlast, r_data_ok}),
    .pop_i(rf_pop), .rdata_o(rf_head), .empty_o(rf_empty), .full_o(rf_full)
  );

  // ---------------------------------------------------------------------------------------
  // Word delivery to the engine
  // ---------------------------------------------------------------------------------------
  logic rd_hs;   // word handshake with the engine

  assign mp_rd_valid_o = ~rf_empty;
  assign mp_rd_err_o   = rf_head[DATA_W+1];
  assign rd_hs         = mp_rd_valid_o & mp_rd_ready_i;
  logic rd_last_any;  // the request's last word is taken in this handshake
  assign info_pop      = rd_hs & rd_last_any;

  generate
    if (WIDE) begin : g_wide
      logic        half_q, half_d;   // 1: the high word of the head line beat is next
      logic [63:0] word_lo, word_hi;  // the two lanes of the head beat
      logic        beat_last;        // the head beat is the last of its burst

      assign word_lo   = rf_head[63:0];
      assign word_hi   = rf_head[127:64];
      assign beat_last = rf_head[DATA_W];

      always_comb begin
        half_d       = half_q;
        mp_rd_data_o = word_lo;
        mp_rd_last_o = 1'b1;
        rf_pop       = 1'b0;
        if (head_line) begin
          mp_rd_data_o = half_q ? word_hi : word_lo;
          mp_rd_last_o = half_q & beat_last;
          if (rd_hs) begin
            half_d = ~half_q & ~mp_rd_take2_i;
            rf_pop = half_q | mp_rd_take2_i;
          end
        end else begin
          mp_rd_data_o = head_lane ? word_hi : word_lo;
          rf_pop       = rd_hs;
        end
      end

      assign mp_rd_pair_o    = head_line & ~half_q;
      assign mp_rd_data_hi_o = word_hi;
      assign rd_last_any     = mp_rd_last_o | (mp_rd_pair_o & mp_rd_take2_i & beat_last);

      always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
          half_q <= 1'b0;
        end else begin
          half_q <= half_d;
        end
      end
    end else begin : g_narrow
      assign mp_rd_data_o = rf_head[63:0];
      assign mp_rd_last_o = rf_head[DATA_W];
      assign rf_pop       = rd_hs;
      assign mp_rd_pair_o    = 1'b0;
      assign mp_rd_data_hi_o = 64'd0;
      assign rd_last_any     = mp_rd_last_o;

      logic unused_info;
      assign unused_info = ^{head_line, head_lane, info_pop, mp_rd_take2_i};
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // AW/W: SKID-entry write FIFO {atomic, addr, data}
  // ---------------------------------------------------------------------------------------
  logic         wf_empty, wf_full;
  logic         wf_pop;
  logic [112:0] wf_in;                   // {atomic, addr[47:0], data[63:0]}
  logic [112:0] wf_head;
  logic         head_atomic;
  logic         aw_done_q, aw_done_d;    // AW of the head accepted
  logic         w_done_q, w_done_d;      // W of the head accepted
  logic         aw_hs, w_hs, b_hs;
  logic [B_W-1:0]  b_pend_q, b_pend_d;   // B responses expected
  logic         pend_ok;                 // room to send the head

  assign mp_wr_ready_o = ~wf_full;
  assign mp_at_ready_o = ~wf_full & ~mp_wr_valid_i;
  assign wf_in   = mp_wr_valid_i ? {1'b0, mp_wr_addr_i, mp_wr_data_i}
                                 : {1'b1, mp_at_addr_i, mp_at_mask_i};

  ra_fifo #(.WIDTH(113), .DEPTH(SKID), .RESET_DATA(1)) u_w_fifo (
    .clk_i(clk_i), .rst_ni(rst_ni), .clr_i(1'b0),
    .push_i(mp_wr_valid_i | mp_at_valid_i), .wdata_i(wf_in),
    .pop_i(wf_pop), .rdata_o(wf_head), .empty_o(wf_empty), .full_o(wf_full)
  );
  assign head_atomic = wf_head[112];

  // the counts only fall while the head waits, so AWVALID/WVALID stay up until accepted
  assign pend_ok = (b_pend_q != B_LIMIT);

  assign m_axi_awid    = head_atomic ? ID_ATOMIC : ID_PLAIN;
  assign m_axi_awaddr  = wf_head[111:64];
  assign m_axi_awlen   = 8'd0;
  assign m_axi_awsize  = WORD_SIZE;
  assign m_axi_awburst = BURST_INCR;
  assign m_axi_awatop  = head_atomic ? ATOP_CLR : 6'b00_0_000;
  assign m_axi_awvalid = ~wf_empty & ~aw_done_q & pend_ok;
  assign m_axi_wlast   = 1'b1;
  assign m_axi_wvalid  = ~wf_empty & ~w_done_q & pend_ok;
  assign m_axi_bready  = 1'b1;

  generate
    if (WIDE) begin : g_wide_w
      assign m_axi_wdata = {wf_head[63:0], wf_head[63:0]};
      assign m_axi_wstrb = wf_head[64+3] ? 16'hff00 : 16'h00ff;
    end else begin : g_narrow_w
      assign m_axi_wdata = wf_head[63:0];
      assign m_axi_wstrb = 8'hff;
    end
  endgenerate

  assign aw_hs  = m_axi_awvalid & m_axi_awready;
  assign w_hs   = m_axi_wvalid & m_axi_wready;
  assign b_hs   = m_axi_bvalid & m_axi_bready;
  assign wf_pop = ~wf_empty & (aw_done_q | aw_hs) & (w_done_q | w_hs);

  always_comb begin
    aw_done_d = aw_done_q;
    w_done_d  = w_done_q;
    b_pend_d  = b_pend_q;
    if (aw_hs) begin
      aw_done_d = 1'b1;
    end
    if (w_hs) begin
      w_done_d = 1'b1;
    end
    if (wf_pop) begin
      aw_done_d = 1'b0;
      w_done_d  = 1'b0;
      b_pend_d  = b_pend_d + {{(B_W-1){1'b0}}, 1'b1};
    end
    if (b_hs) begin
      b_pend_d = b_pend_d - {{(B_W-1){1'b0}}, 1'b1};
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      aw_done_q <= 1'b0;
      w_done_q  <= 1'b0;
      b_pend_q  <= {B_W{1'b0}};
    end else begin
      aw_done_q <= aw_done_d;
      w_done_q  <= w_done_d;
      b_pend_q  <= b_pend_d;
    end
  end

  assign mp_wr_idle_o = wf_empty && (b_pend_q == {B_W{1'b0}});

  // ---------------------------------------------------------------------------------------
  // Events
  // ---------------------------------------------------------------------------------------
  assign ev_rd_beats_o = {3'b000, r_data_beat};
  assign ev_wr_beats_o = {3'b000, w_hs & ~head_atomic};
  assign ev_atomic_o   = aw_hs & head_atomic;

  // ---------------------------------------------------------------------------------------
  // Bus errors: sticky flags {atomic, write, read}
  // ---------------------------------------------------------------------------------------
  logic [2:0] berr_q, berr_set;

  assign berr_set[0] = r_data_beat & (m_axi_rresp != 2'b00);
  assign berr_set[1] = b_hs & (m_axi_bid == ID_PLAIN) & (m_axi_bresp != 2'b00);
  assign berr_set[2] = b_hs & (m_axi_bid != ID_PLAIN) & (m_axi_bresp != 2'b00);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      berr_q <= 3'b000;
    end else begin
      berr_q <= (berr_q & {3{~bus_err_clr_i}}) | berr_set;
    end
  end

  assign bus_err_o = berr_q;

endmodule

`default_nettype wire

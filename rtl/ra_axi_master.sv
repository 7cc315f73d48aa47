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
//   accepted). For every accepted AR, {line, addr[3]} is queued in an info FIFO until the
//   engine has taken the last word of that request. Beats whose burst is no longer outstanding
//   sit in the 2-entry R FIFO, so the info FIFO needs RD_INFLIGHT + 2 entries.
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
// - Bus errors (docs/device.md, "Bus errors"): an R beat of a read burst whose RRESP is not
//   OKAY enters the R FIFO with zero data (its words read as 0) and mp_rd_err_o set on its
//   words, and sets the sticky flag bus_err_o[0]; a B of a plain write that is not OKAY sets
//   bus_err_o[1]; a B of an atomic that is not OKAY sets bus_err_o[2]. bus_err_clr_i clears the flags (an error taken
//   in the same cycle is kept). Timing and transactions do not depend on the response codes.
//
// Events: ev_rd_beats_o counts R beats of read bursts (ID 0), ev_wr_beats_o W beats of plain
// writes, ev_atomic_o atomic AW handshakes.

`default_nettype none

module ra_axi_master #(
  parameter DATA_W      = 64,  // AXI data width in bits: 64 or 128
  parameter RD_INFLIGHT = 16,  // read bursts outstanding on AXI at most (1..32)
  parameter WR_INFLIGHT = 128, // write/atomic B responses outstanding at most (1..255)
  parameter ID_W        = 4,   // AXI ID width (>= 1)
  parameter SKID        = 2    // entries of the AR, R and AW/W FIFOs: 2 (full rate) or 1 (small)
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  // internal memory port (from the engine that owns it)
  input  wire                 mp_rd_req_valid_i,  // read request
  output logic                mp_rd_req_ready_o,
  input  wire  [47:0]         mp_rd_req_addr_i,   // line: 64-byte aligned; word: 8-byte aligned
  input  wire                 mp_rd_req_line_i,   // 1: 64-byte line, 0: one 8-byte word
  output logic                mp_rd_valid_o,      // returned word
  input  wire                 mp_rd_ready_i,
  output logic [63:0]         mp_rd_data_o,
  output logic                mp_rd_last_o,       // last word of its request
  output logic                mp_rd_err_o,        // the word's beat was answered with an error
  output logic                mp_rd_pair_o,       // 128-bit: both words of a line beat wait
  output logic [63:0]         mp_rd_data_hi_o,    // ... the second one (mp_rd_data_o the first)
  input  wire                 mp_rd_take2_i,      // with mp_rd_ready_i: take both words at once
  input  wire                 mp_wr_valid_i,      // single 8-byte write
  output logic                mp_wr_ready_o,
  input  wire  [47:0]         mp_wr_addr_i,
  input  wire  [63:0]         mp_wr_data_i,
  input  wire                 mp_at_valid_i,      // AtomicStore-CLR of 8 bytes
  output logic                mp_at_ready_o,
  input  wire  [47:0]         mp_at_addr_i,
  input  wire  [63:0]         mp_at_mask_i,
  output logic                mp_wr_idle_o,       // no write or atomic outstanding
  output logic [2:0]          bus_err_o,          // sticky: {atomic, write, read} got an error
  input  wire                 bus_err_clr_i,      // pulse: clear bus_err_o
  // AXI4 master
  output logic [ID_W-1:0]     m_axi_awid,
  output logic [47:0]         m_axi_awaddr,
  output logic [7:0]          m_axi_awlen,
  output logic [2:0]          m_axi_awsize,
  output logic [1:0]          m_axi_awburst,
  output logic [5:0]          m_axi_awatop,
  output logic                m_axi_awvalid,
  input  wire                 m_axi_awready,
  output logic [DATA_W-1:0]   m_axi_wdata,
  output logic [DATA_W/8-1:0] m_axi_wstrb,
  output logic                m_axi_wlast,
  output logic                m_axi_wvalid,
  input  wire                 m_axi_wready,
  input  wire  [ID_W-1:0]     m_axi_bid,
  input  wire  [1:0]          m_axi_bresp,
  input  wire                 m_axi_bvalid,
  output logic                m_axi_bready,
  output logic [ID_W-1:0]     m_axi_arid,
  output logic [47:0]         m_axi_araddr,
  output logic [7:0]          m_axi_arlen,
  output logic [2:0]          m_axi_arsize,
  output logic [1:0]          m_axi_arburst,
  output logic                m_axi_arvalid,
  input  wire                 m_axi_arready,
  input  wire  [ID_W-1:0]     m_axi_rid,
  input  wire  [DATA_W-1:0]   m_axi_rdata,
  input  wire  [1:0]          m_axi_rresp,
  input  wire                 m_axi_rlast,
  input  wire                 m_axi_rvalid,
  output logic                m_axi_rready,
  // counter increments for this cycle
  output logic [3:0]          ev_rd_beats_o,      // mem_read_beats
  output logic [3:0]          ev_wr_beats_o,      // mem_write_beats
  output logic                ev_atomic_o         // atomic_ops
);

  // ---------------------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------------------
  localparam WIDE       = (DATA_W == 128);          // 1: 128-bit bus, two words per beat
  localparam INFO_DEPTH = RD_INFLIGHT + 2;          // entries of the read info FIFO
  localparam INFO_PW    = $clog2(INFO_DEPTH);       // info FIFO pointer width
  localparam INFO_CW    = $clog2(INFO_DEPTH + 1);   // info FIFO count width
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
  localparam [31:0]        INFO_LAST32 = INFO_DEPTH - 1;          // last info FIFO index
  localparam [31:0]        INFO_FULL32 = INFO_DEPTH;              // info FIFO count when full
  localparam [31:0]        RD_MAX32    = RD_INFLIGHT;             // outstanding bursts max
  localparam [INFO_PW-1:0] INFO_LAST  = INFO_LAST32[INFO_PW-1:0];
  localparam [INFO_CW-1:0] INFO_FULL  = INFO_FULL32[INFO_CW-1:0];
  localparam [RD_CW-1:0]   RD_MAX     = RD_MAX32[RD_CW-1:0];
  localparam [31:0]        B_MAX32    = B_MAX;
  localparam [B_W-1:0]     B_LIMIT    = B_MAX32[B_W-1:0];         // send the head below this
  // SKID = 1: the pointers stay 0, so entry 1 of each FIFO is never written (and is removed)
  localparam [1:0]         FIFO_FULL  = (SKID == 1) ? 2'd1 : 2'd2;   // entries when full
  localparam [0:0]         TWO        = (SKID != 1) ? 1'b1 : 1'b0;

  // ---------------------------------------------------------------------------------------
  // AR: 2-entry request FIFO {addr, line}
  // ---------------------------------------------------------------------------------------
  logic [48:0] arf_q0, arf_q1;          // entries: {line, addr}
  logic        arf_wp_q, arf_rp_q;      // write / read pointers
  logic [1:0]  arf_cnt_q;               // entries held
  logic        arf_push, arf_pop;
  logic [48:0] arf_head;

  logic [RD_CW-1:0]   rd_out_q;         // read bursts outstanding on AXI
  logic [INFO_CW-1:0] info_cnt_q;       // info FIFO entries held
  logic               ar_hs;            // AR handshake
  logic               r_hs;             // R handshake (any ID)
  logic               r_data_beat;      // R beat of a read burst (ID 0)
  logic               r_burst_end;      // last R beat of a read burst accepted

  assign mp_rd_req_ready_o = (arf_cnt_q != FIFO_FULL);
  assign arf_push = mp_rd_req_valid_i & mp_rd_req_ready_o;
  assign arf_head = arf_rp_q ? arf_q1 : arf_q0;

  assign m_axi_arid    = ID_PLAIN;
  assign m_axi_araddr  = arf_head[47:0];
  assign m_axi_arlen   = arf_head[48] ? LINE_LEN : 8'd0;
  assign m_axi_arsize  = arf_head[48] ? LINE_SIZE : WORD_SIZE;
  assign m_axi_arburst = BURST_INCR;
  // rd_out_q and info_cnt_q only fall while AR waits, so ARVALID stays up until accepted
  assign m_axi_arvalid = (arf_cnt_q != 2'd0) && (rd_out_q != RD_MAX) && (info_cnt_q != INFO_FULL);
  assign ar_hs   = m_axi_arvalid & m_axi_arready;
  assign arf_pop = ar_hs;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      arf_q0    <= 49'h0;
      arf_q1    <= 49'h0;
      arf_wp_q  <= 1'b0;
      arf_rp_q  <= 1'b0;
      arf_cnt_q <= 2'd0;
    end else begin
      if (arf_push) begin
        if (arf_wp_q) begin
          arf_q1 <= {mp_rd_req_line_i, mp_rd_req_addr_i};
        end else begin
          arf_q0 <= {mp_rd_req_line_i, mp_rd_req_addr_i};
        end
        arf_wp_q <= TWO & ~arf_wp_q;
      end
      if (arf_pop) begin
        arf_rp_q <= TWO & ~arf_rp_q;
      end
      arf_cnt_q <= arf_cnt_q + {1'b0, arf_push} - {1'b0, arf_pop};
    end
  end

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
  // ---------------------------------------------------------------------------------------
  logic [INFO_DEPTH-1:0] info_line_q;    // entry i: line read
  logic [INFO_DEPTH-1:0] info_lane_q;    // entry i: addr[3] of a word read
  logic [INFO_PW-1:0]    info_wp_q, info_rp_q;
  logic                  info_pop;       // last word of the head request delivered
  logic                  head_line;      // head request is a line read
  logic                  head_lane;      // head request's addr[3]

  assign head_line = info_line_q[info_rp_q];
  assign head_lane = info_lane_q[info_rp_q];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      info_line_q <= {INFO_DEPTH{1'b0}};
      info_lane_q <= {INFO_DEPTH{1'b0}};
      info_wp_q   <= {INFO_PW{1'b0}};
      info_rp_q   <= {INFO_PW{1'b0}};
      info_cnt_q  <= {INFO_CW{1'b0}};
    end else begin
      if (ar_hs) begin
        info_line_q[info_wp_q] <= arf_head[48];
        info_lane_q[info_wp_q] <= arf_head[3];
        info_wp_q <= (info_wp_q == INFO_LAST) ? {INFO_PW{1'b0}} : info_wp_q + 1'b1;
      end
      if (info_pop) begin
        info_rp_q <= (info_rp_q == INFO_LAST) ? {INFO_PW{1'b0}} : info_rp_q + 1'b1;
      end
      info_cnt_q <= info_cnt_q + {{(INFO_CW-1){1'b0}}, ar_hs} - {{(INFO_CW-1){1'b0}}, info_pop};
    end
  end

  // ---------------------------------------------------------------------------------------
  // R: 2-entry beat FIFO {err, last, data} for ID 0; other IDs (atomics) dropped
  // ---------------------------------------------------------------------------------------
  logic [DATA_W+1:0] rf_q0, rf_q1;       // entries: {err, last, data}
  logic            rf_wp_q, rf_rp_q;
  logic [1:0]      rf_cnt_q;
  logic            rf_push, rf_pop;
  logic [DATA_W+1:0] rf_head;
  logic            r_plain;              // R beat carries ID 0

  assign r_plain      = (m_axi_rid == ID_PLAIN);
  assign m_axi_rready = ~r_plain | (rf_cnt_q != FIFO_FULL);
  assign r_hs         = m_axi_rvalid & m_axi_rready;
  assign r_data_beat  = r_hs & r_plain;
  assign r_burst_end  = r_data_beat & m_axi_rlast;
  assign rf_push      = r_data_beat;
  assign rf_head      = rf_rp_q ? rf_q1 : rf_q0;
  // a beat answered with an error carries no data: its words read as 0
  logic [DATA_W-1:0] r_data_ok;
  logic              r_err;
  assign r_err        = (m_axi_rresp != 2'b00);
  assign r_data_ok    = r_err ? {DATA_W{1'b0}} : m_axi_rdata;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rf_q0    <= {(DATA_W+2){1'b0}};
      rf_q1    <= {(DATA_W+2){1'b0}};
      rf_wp_q  <= 1'b0;
      rf_rp_q  <= 1'b0;
      rf_cnt_q <= 2'd0;
    end else begin
      if (rf_push) begin
        if (rf_wp_q) begin
          rf_q1 <= {r_err, m_axi_rlast, r_data_ok};
        end else begin
          rf_q0 <= {r_err, m_axi_rlast, r_data_ok};
        end
        rf_wp_q <= TWO & ~rf_wp_q;
      end
      if (rf_pop) begin
        rf_rp_q <= TWO & ~rf_rp_q;
      end
      rf_cnt_q <= rf_cnt_q + {1'b0, rf_push} - {1'b0, rf_pop};
    end
  end

  // ---------------------------------------------------------------------------------------
  // Word delivery to the engine
  // ---------------------------------------------------------------------------------------
  logic rd_hs;   // word handshake with the engine

  assign mp_rd_valid_o = (rf_cnt_q != 2'd0);
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

      // a 64-bit beat is one word: the request kind and lane are not needed
      logic unused_info;
      assign unused_info = ^{head_line, head_lane, mp_rd_take2_i};
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // AW/W: 2-entry write FIFO {atomic, addr, data}
  // ---------------------------------------------------------------------------------------
  logic [112:0] wf_q0, wf_q1;            // entries: {atomic, addr[47:0], data[63:0]}
  logic         wf_wp_q, wf_rp_q;
  logic [1:0]   wf_cnt_q;
  logic         wf_push, wf_pop;
  logic [112:0] wf_in;
  logic [112:0] wf_head;
  logic         head_atomic;
  logic         aw_done_q, aw_done_d;    // AW of the head accepted
  logic         w_done_q, w_done_d;      // W of the head accepted
  logic         aw_hs, w_hs, b_hs;
  logic [B_W-1:0]  b_pend_q, b_pend_d;   // B responses expected
  logic         pend_ok;                 // room to send the head

  assign mp_wr_ready_o = (wf_cnt_q != FIFO_FULL);
  assign mp_at_ready_o = (wf_cnt_q != FIFO_FULL) & ~mp_wr_valid_i;
  assign wf_push = (mp_wr_valid_i | mp_at_valid_i) & (wf_cnt_q != FIFO_FULL);
  assign wf_in   = mp_wr_valid_i ? {1'b0, mp_wr_addr_i, mp_wr_data_i}
                                 : {1'b1, mp_at_addr_i, mp_at_mask_i};
  assign wf_head = wf_rp_q ? wf_q1 : wf_q0;
  assign head_atomic = wf_head[112];

  // the counts only fall while the head waits, so AWVALID/WVALID stay up until accepted
  assign pend_ok = (b_pend_q != B_LIMIT);

  assign m_axi_awid    = head_atomic ? ID_ATOMIC : ID_PLAIN;
  assign m_axi_awaddr  = wf_head[111:64];
  assign m_axi_awlen   = 8'd0;
  assign m_axi_awsize  = WORD_SIZE;
  assign m_axi_awburst = BURST_INCR;
  assign m_axi_awatop  = head_atomic ? ATOP_CLR : 6'b00_0_000;
  assign m_axi_awvalid = (wf_cnt_q != 2'd0) & ~aw_done_q & pend_ok;
  assign m_axi_wlast   = 1'b1;
  assign m_axi_wvalid  = (wf_cnt_q != 2'd0) & ~w_done_q & pend_ok;
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
  assign wf_pop = (wf_cnt_q != 2'd0) & (aw_done_q | aw_hs) & (w_done_q | w_hs);

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
      wf_q0     <= 113'h0;
      wf_q1     <= 113'h0;
      wf_wp_q   <= 1'b0;
      wf_rp_q   <= 1'b0;
      wf_cnt_q  <= 2'd0;
      aw_done_q <= 1'b0;
      w_done_q  <= 1'b0;
      b_pend_q  <= {B_W{1'b0}};
    end else begin
      if (wf_push) begin
        if (wf_wp_q) begin
          wf_q1 <= wf_in;
        end else begin
          wf_q0 <= wf_in;
        end
        wf_wp_q <= TWO & ~wf_wp_q;
      end
      if (wf_pop) begin
        wf_rp_q <= TWO & ~wf_rp_q;
      end
      wf_cnt_q  <= wf_cnt_q + {1'b0, wf_push} - {1'b0, wf_pop};
      aw_done_q <= aw_done_d;
      w_done_q  <= w_done_d;
      b_pend_q  <= b_pend_d;
    end
  end

  assign mp_wr_idle_o = (wf_cnt_q == 2'd0) && (b_pend_q == {B_W{1'b0}});

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

// reclaim-accel: AXI4-Lite CSR slave, registers, 64-bit performance counters and interrupt.
//
// Register map: docs/registers.md (generated from rtl/regs/ra_regs.json, defines in
// ra_regs.vh). Behaviour: docs/device.md; ports: docs/rtl.md ("ra_csr").
//
// AXI4-Lite: AW and W are captured independently (either may come first), the write is
// performed once both are held and no B response is pending, then B (OKAY) is raised. A read
// is accepted when no R response is pending; its data is taken from the registers in the
// cycle of the AR handshake. Unmapped offsets read 0 and ignore writes; WSTRB is honoured per
// byte. The AXI4-Lite channel state is reset by rst_ni only, so a soft reset never breaks a
// handshake in progress (the write that requests it still gets its B response).
//
// Register notes:
// - CTRL.SOFT_RESET (wp) returns every register, the counters, PERF_OVF, INT_STATUS and the
//   counter HI shadows to their reset values at the end of the write cycle; it is ignored
//   while busy_i. ra_cmd gets soft_reset_o to zero SQ_HEAD, CQ_TAIL and RING_FAULT.
// - CTRL.CNT_CLEAR (wp) zeroes every counter, its HI shadow and PERF_OVF (not INT_STATUS).
// - Writing CTRL with ENABLE=0 pulses ring_fault_clr_o.
// - PA_BITS: a write whose field value (bits 5:0) is outside 32..48 is ignored.
// - SQ_TAIL and CQ_HEAD store the written value masked to the ring size programmed at the
//   time of the write; a later change of *_SIZE does not re-mask them (as the C model).
// - Counters: counter i adds cnt_inc_i[4i+3:4i] every cycle (cycles adds 1, busy_cycles adds
//   busy_i; their cnt_inc_i slots are ignored) unless CTRL.CNT_FREEZE. A counter that wraps
//   sets its PERF_OVF bit and INT_STATUS.CNT_OVF. A software write to a counter half replaces
//   that half and wins over the increment of the same cycle. Reading CNT_*_LO copies that
//   counter's bits 63:32 into its own shadow, which CNT_*_HI returns.
// - Hardware set wins over a W1C clear of the same bit in the same cycle.

`default_nettype none

`include "ra_regs.vh"
`include "ra_mp.svh"

module ra_csr #(
  parameter DATA_W      = 64,  // memory data width in bits (64 or 128), shown in CAP.DATA_BYTES
  parameter RD_INFLIGHT = 16,  // read bursts the memory port keeps in flight, shown in CAP
  parameter WALK_CACHE  = 16,  // walk-cache entries (0: none), shown in CAP
  parameter PAGE_ENGINES = 1,  // HASH, CMP and COPY present (CAP.ENGINES bits 4:2)
  parameter SCAN_ENGINE = 1,   // SCAN present (CAP.ENGINES bit 1)
  parameter CNT_W       = 64,  // performance-counter width in bits, 16..64 (PERF_CAP.WIDTH)
  parameter WINDOWS     = 4    // DMA windows implemented, 1..4 (the others read 0, ignore writes)
) (
  input  wire                            clk_i,
  input  wire                            rst_ni,
  `RA_AXIL_S_PORTS,    // AXI4-Lite slave, 32-bit data, 10-bit address
  // device state (from ra_cmd)
  input  wire                            busy_i,            // STATUS.BUSY
  input  wire  [15:0]                    sq_head_i,         // SQ_HEAD
  input  wire  [15:0]                    cq_tail_i,         // CQ_TAIL
  input  wire                            ring_fault_i,      // STATUS.RING_FAULT
  input  wire                            cmd_done_i,        // pulse: set INT_STATUS.CMD_DONE
  input  wire                            ring_fault_set_i,  // pulse: set INT_STATUS.RING_FAULT
  input  wire  [4*`RA_NUM_COUNTERS-1:0]  cnt_inc_i,         // counter i += bits 4i+3:4i
  // configuration
  output logic                           enable_o,          // CTRL.ENABLE
  output logic [5:0]                     pa_bits_o,         // PA_BITS
  output logic [47:0]                    sq_base_o,         // submission ring base
  output logic [3:0]                     sq_log2_o,         // SQ_SIZE.LOG2
  output logic [15:0]                    sq_tail_o,         // SQ_TAIL
  output logic [47:0]                    cq_base_o,         // completion ring base
  output logic [3:0]                     cq_log2_o,         // CQ_SIZE.LOG2
  output logic [15:0]                    cq_head_o,         // CQ_HEAD
  output logic [48*`RA_NUM_WINDOWS-1:0]  win_base_o,        // window i base, [48i+47:48i]
  output logic [48*`RA_NUM_WINDOWS-1:0]  win_limit_o,       // window i limit (exclusive)
  output logic                           soft_reset_o,      // pulse: soft reset (not busy)
  output logic                           ring_fault_clr_o,  // pulse: CTRL written, ENABLE=0
  output logic                           irq_o              // |(INT_STATUS & ~INT_MASK)
);

  // ---------------------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------------------
  localparam NC = `RA_NUM_COUNTERS;  // number of performance counters
  localparam NW = `RA_NUM_WINDOWS;   // number of DMA windows

  localparam [9:0]  WIN_BASE   = `RA_WIN_BASE;   // offset of WIN0_BASE_LO
  localparam [9:0]  PERF_BASE  = `RA_PERF_BASE;  // offset of the first CNT_*_LO
  localparam [31:0] ID_VALUE   = `RA_ID;
  localparam [15:0] VER_MAJOR  = `RA_VERSION_MAJOR;
  localparam [15:0] VER_MINOR  = `RA_VERSION_MINOR;
  localparam [31:0] DATA_BYTES = DATA_W / 8;
  localparam [31:0] WC_ENTRIES = WALK_CACHE;
  localparam [31:0] RD_BURSTS  = RD_INFLIGHT;
  localparam [4:0]  ENGINES    = {(PAGE_ENGINES != 0) ? 3'b111 : 3'b000,  // HASH, CMP, COPY
                                  (SCAN_ENGINE != 0), 1'b1};               // SCAN, WALK
  localparam [31:0] CAP_VALUE  = {3'b000, ENGINES, RD_BURSTS[7:0], WC_ENTRIES[7:0],
                                  DATA_BYTES[7:0]};
  localparam [31:0] NC32       = NC;
  localparam [31:0] CNT_W32    = CNT_W;
  localparam [63:0] CNT_MASK   = {64{1'b1}} >> (64 - CNT_W);  // implemented counter bits
  localparam [31:0] PERF_CAP_VALUE = {16'h0000, CNT_W32[7:0], NC32[7:0]};

  localparam [2:0]  INT_MASK_RESET = 3'b111;
  localparam [5:0]  PA_BITS_RESET  = 6'd48;

  // ring index mask for a ring of 2^log2 entries
  function automatic [15:0] ring_mask(input [3:0] log2);
    ring_mask = (16'd1 << log2) - 16'd1;
  endfunction

  // ---------------------------------------------------------------------------------------
  // AXI4-Lite channel state (reset by rst_ni only)
  // ---------------------------------------------------------------------------------------
  logic        aw_full_q, aw_full_d;
  logic [9:2]  aw_addr_q, aw_addr_d;
  logic [9:2]  awaddr_word;   // word address of the incoming AW
  logic        w_full_q, w_full_d;
  logic [31:0] w_data_q, w_data_d;
  logic [3:0]  w_strb_q, w_strb_d;
  logic        bvalid_q, bvalid_d;
  logic        rvalid_q, rvalid_d;
  logic [31:0] rdata_q, rdata_d;

  logic        wr_en;     // perform the held write this cycle
  logic [9:0]  waddr;     // its word address
  logic [31:0] wmask;     // its byte-enable mask
  logic [31:0] wval;      // its data, disabled bytes zero
  logic        ar_hs;     // read address accepted this cycle
  logic [9:0]  raddr;     // its word address

  assign s_axil_awready = ~aw_full_q;
  assign s_axil_wready  = ~w_full_q;
  assign s_axil_bvalid  = bvalid_q;
  assign s_axil_bresp   = 2'b00;
  assign s_axil_arready = ~rvalid_q;
  assign s_axil_rvalid  = rvalid_q;
  assign s_axil_rdata   = rdata_q;
  assign s_axil_rresp   = 2'b00;

  assign awaddr_word = s_axil_awaddr[9:2];
  assign wr_en = aw_full_q & w_full_q & ~bvalid_q;
  assign waddr = {aw_addr_q, 2'b00};
  assign wmask = {{8{w_strb_q[3]}}, {8{w_strb_q[2]}}, {8{w_strb_q[1]}}, {8{w_strb_q[0]}}};
  assign wval  = w_data_q & wmask;
  assign ar_hs = s_axil_arvalid & ~rvalid_q;
  assign raddr = {s_axil_araddr[9:2], 2'b00};

  always_comb begin
    aw_full_d = aw_full_q;
    aw_addr_d = aw_addr_q;
    w_full_d  = w_full_q;
    w_data_d  = w_data_q;
    w_strb_d  = w_strb_q;
    bvalid_d  = bvalid_q;
    rvalid_d  = rvalid_q;
    if (s_axil_awvalid && !aw_full_q) begin
      aw_full_d = 1'b1;
      aw_addr_d = awaddr_word;
    end
    if (s_axil_wvalid && !w_full_q) begin
      w_full_d = 1'b1;
      w_data_d = s_axil_wdata;
      w_strb_d = s_axil_wstrb;
    end
    if (bvalid_q && s_axil_bready) begin
      bvalid_d = 1'b0;
    end
    if (wr_en) begin
      aw_full_d = 1'b0;
      w_full_d  = 1'b0;
      bvalid_d  = 1'b1;
    end
    if (rvalid_q && s_axil_rready) begin
      rvalid_d = 1'b0;
    end
    if (ar_hs) begin
      rvalid_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      aw_full_q <= 1'b0;
      aw_addr_q <= 8'h00;
      w_full_q  <= 1'b0;
      w_data_q  <= 32'h0;
      w_strb_q  <= 4'h0;
      bvalid_q  <= 1'b0;
      rvalid_q  <= 1'b0;
      rdata_q   <= 32'h0;
    end else begin
      aw_full_q <= aw_full_d;
      aw_addr_q <= aw_addr_d;
      w_full_q  <= w_full_d;
      w_data_q  <= w_data_d;
      w_strb_q  <= w_strb_d;
      bvalid_q  <= bvalid_d;
      rvalid_q  <= rvalid_d;
      rdata_q   <= rdata_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Control and configuration registers (soft reset first, then the software write)
  // ---------------------------------------------------------------------------------------
  logic          enable_q;
  logic          freeze_q;
  logic [2:0]    int_status_q, int_status_d;
  logic [2:0]    int_mask_q;
  logic [5:0]    pa_bits_q;
  logic [31:6]   sq_base_lo_q;  // SQ_BASE bits 31:6
  logic [47:32]  sq_base_hi_q;  // SQ_BASE bits 47:32
  logic [3:0]    sq_log2_q;
  logic [15:0]   sq_tail_q;
  logic [31:5]   cq_base_lo_q;  // CQ_BASE bits 31:5
  logic [47:32]  cq_base_hi_q;  // CQ_BASE bits 47:32
  logic [3:0]    cq_log2_q;
  logic [15:0]   cq_head_q;
  logic [NC-1:0] perf_ovf_q, perf_ovf_d;

  logic          wr_ctrl;        // CTRL written with byte 0 enabled
  logic          soft_rst;       // CTRL.SOFT_RESET written 1 while not busy
  logic          cnt_clr;        // CTRL.CNT_CLEAR written 1
  logic          rf_clr;         // CTRL written with ENABLE = 0
  logic          pa_bits_legal;  // written PA_BITS field value in 32..48
  wire  [2:0]    int_status_set; // hardware events setting INT_STATUS bits (but CNT_OVF)
  logic [2:0]    int_status_clr; // W1C clear of INT_STATUS bits
  logic [NC-1:0] perf_ovf_clr;   // W1C clear of PERF_OVF bits

  assign wr_ctrl       = wr_en & (waddr == `RA_REG_CTRL) & w_strb_q[0];
  assign soft_rst      = wr_ctrl & w_data_q[`RA_CTRL_SOFT_RESET_LSB] & ~busy_i;
  assign cnt_clr       = wr_ctrl & w_data_q[`RA_CTRL_CNT_CLEAR_LSB];
  assign rf_clr        = wr_ctrl & ~w_data_q[`RA_CTRL_ENABLE_LSB];
  assign pa_bits_legal = (wval[5:0] >= 6'd32) && (wval[5:0] <= 6'd48);

  // hardware events win over a W1C clear of the same bit in the same cycle
  assign int_status_set[`RA_INT_STATUS_CMD_DONE_LSB]   = cmd_done_i;
  assign int_status_set[`RA_INT_STATUS_RING_FAULT_LSB] = ring_fault_set_i;
  assign int_status_set[`RA_INT_STATUS_CNT_OVF_LSB]    = 1'b0;  // at the counters' clock edge
  assign int_status_clr = (wr_en && (waddr == `RA_REG_INT_STATUS)) ? wval[2:0] : 3'b000;
  assign perf_ovf_clr   = (wr_en && (waddr == `RA_REG_PERF_OVF)) ? wval[NC-1:0] : {NC{1'b0}};

  // INT_STATUS and PERF_OVF without the counter wraps, which the counters' clock edge adds
  // (a wrap never comes with a soft reset or a counter clear)
  assign int_status_d = soft_rst ? 3'b000 : (int_status_q & ~int_status_clr) | int_status_set;
  assign perf_ovf_d   = (soft_rst | cnt_clr) ? {NC{1'b0}} : (perf_ovf_q & ~perf_ovf_clr);

  // DMA windows: WINi_{BASE,LIMIT}_{LO,HI} at WIN_BASE + 16*i + {0x0, 0x4, 0x8, 0xc}; the
  // address bits 47:12 of window i are [36i+35:36i] (bits 31:12 below, 47:32 above); a window
  // beyond WINDOWS is constant zero (empty, its checks fold away)
  logic [36*NW-1:0] win_base_q, win_limit_q;
  integer wi;

  // Every register keeps its value except in the cycle of a soft reset or of a software write
  // to it, so the block does nothing in most cycles (which also keeps the Verilated model fast).
  always_ff @(posedge clk_i) begin
    if (!rst_ni || soft_rst) begin
      enable_q     <= 1'b0;
      freeze_q     <= 1'b0;
      int_mask_q   <= INT_MASK_RESET;
      pa_bits_q    <= PA_BITS_RESET;
      sq_base_lo_q <= 26'h0;
      sq_base_hi_q <= 16'h0;
      sq_log2_q    <= 4'h0;
      sq_tail_q    <= 16'h0;
      cq_base_lo_q <= 27'h0;
      cq_base_hi_q <= 16'h0;
      cq_log2_q    <= 4'h0;
      cq_head_q    <= 16'h0;
      win_base_q   <= {36*NW{1'b0}};
      win_limit_q  <= {36*NW{1'b0}};
    end else if (wr_en) begin
      case (waddr)
        `RA_REG_CTRL: begin
          if (w_strb_q[0]) begin
            enable_q <= w_data_q[`RA_CTRL_ENABLE_LSB];
            freeze_q <= w_data_q[`RA_CTRL_CNT_FREEZE_LSB];
          end
        end
        `RA_REG_INT_MASK:   int_mask_q   <= (int_mask_q & ~wmask[2:0]) | wval[2:0];
        `RA_REG_PA_BITS: begin
          if (w_strb_q[0] && pa_bits_legal) begin
            pa_bits_q <= wval[5:0];
          end
        end
        `RA_REG_SQ_BASE_LO: sq_base_lo_q <= (sq_base_lo_q & ~wmask[31:6]) | wval[31:6];
        `RA_REG_SQ_BASE_HI: sq_base_hi_q <= (sq_base_hi_q & ~wmask[15:0]) | wval[15:0];
        `RA_REG_SQ_SIZE:    sq_log2_q    <= (sq_log2_q & ~wmask[3:0]) | wval[3:0];
        `RA_REG_SQ_TAIL:    sq_tail_q    <= ((sq_tail_q & ~wmask[15:0]) | wval[15:0]) &
                                            ring_mask(sq_log2_q);
        `RA_REG_CQ_BASE_LO: cq_base_lo_q <= (cq_base_lo_q & ~wmask[31:5]) | wval[31:5];
        `RA_REG_CQ_BASE_HI: cq_base_hi_q <= (cq_base_hi_q & ~wmask[15:0]) | wval[15:0];
        `RA_REG_CQ_SIZE:    cq_log2_q    <= (cq_log2_q & ~wmask[3:0]) | wval[3:0];
        `RA_REG_CQ_HEAD:    cq_head_q    <= ((cq_head_q & ~wmask[15:0]) | wval[15:0]) &
                                            ring_mask(cq_log2_q);
        default: ;
      endcase
      for (wi = 0; wi < WINDOWS; wi = wi + 1) begin
        if (waddr == WIN_BASE + {wi[5:0], 4'h0}) begin
          win_base_q[36*wi +: 20] <= (win_base_q[36*wi +: 20] & ~wmask[31:12]) | wval[31:12];
        end
        if (waddr == WIN_BASE + {wi[5:0], 4'h4}) begin
          win_base_q[36*wi + 20 +: 16] <= (win_base_q[36*wi + 20 +: 16] & ~wmask[15:0]) |
                                          wval[15:0];
        end
        if (waddr == WIN_BASE + {wi[5:0], 4'h8}) begin
          win_limit_q[36*wi +: 20] <= (win_limit_q[36*wi +: 20] & ~wmask[31:12]) | wval[31:12];
        end
        if (waddr == WIN_BASE + {wi[5:0], 4'hc}) begin
          win_limit_q[36*wi + 20 +: 16] <= (win_limit_q[36*wi + 20 +: 16] & ~wmask[15:0]) |
                                           wval[15:0];
        end
      end
    end
  end

  genvar gi;
  generate
    for (gi = 0; gi < NW; gi = gi + 1) begin : g_win
      // a window beyond WINDOWS is constant zero (empty): its flops have no load and are
      // removed, and the DMA checks of every engine fold it away
      assign win_base_o[48*gi +: 48]  = (gi < WINDOWS) ? {win_base_q[36*gi +: 36], 12'h000}
                                                       : 48'h0;
      assign win_limit_o[48*gi +: 48] = (gi < WINDOWS) ? {win_limit_q[36*gi +: 36], 12'h000}
                                                       : 48'h0;
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Performance counters: CNT_i_LO at PERF_BASE + 8*i, CNT_i_HI at PERF_BASE + 8*i + 4
  //
  // The counters, their HI shadows, their wraps (PERF_OVF, INT_STATUS.CNT_OVF) are computed
  // in the always_ff below, not as _d signals: the increments come from the AXI handshakes,
  // i.e. from ra_top's inputs, and Verilator evaluates combinational logic that depends on
  // inputs in every eval() (twice per clock cycle in the harness) and again after the clock
  // edge, but the body of an always_ff only at the edge. The block is written so that a
  // cycle with no register access and no counter near its wrap only adds the increments
  // (docs/flows.md, simulation speed).
  // ---------------------------------------------------------------------------------------
  logic [64*NC-1:0] cnt_q;       // counter i is [64i+63:64i]
  logic [32*NC-1:0] shadow_q;    // HI half latched by the last read of CNT_i_LO
  wire  [64*NC-1:0] cnt_keep;    // implemented counter bits (constant)
  wire  [4*NC-1:0]  cnt_inc;     // increment of counter i this cycle
  wire  [NC-1:0]    cnt_near;    // counter i's bits CNT_W-1:4 all ones: it may wrap
  wire              cnt_zero;    // clear or soft reset: every counter and shadow to 0

  assign cnt_zero = cnt_clr | soft_rst;

  generate
    for (gi = 0; gi < NC; gi = gi + 1) begin : g_cnt
      // a counter of an engine that is left out is constant zero (reads 0, ignores writes)
      // (the engine tags of ra_regs.json)
      localparam [NC-1:0] OF_SCAN = `RA_CNT_OF_SCAN;
      localparam [NC-1:0] OF_PAGE = `RA_CNT_OF_PAGE;
      localparam PRESENT = !((SCAN_ENGINE == 0) && OF_SCAN[gi]) &&
                           !((PAGE_ENGINES == 0) && OF_PAGE[gi]);
      // bits at and above CNT_W are constant zero (removed by synthesis), a counter wraps
      // from 2^CNT_W - 1 to 0
      localparam [63:0] KEEP = PRESENT ? CNT_MASK : 64'h0;

      assign cnt_keep[64*gi +: 64] = KEEP;
      assign cnt_near[gi] = PRESENT && (&cnt_q[64*gi + 4 +: CNT_W - 4]);
      if (gi == `RA_CNT_CYCLES) begin : g_inc_cycles
        assign cnt_inc[4*gi +: 4] = 4'd1;
      end else if (gi == `RA_CNT_BUSY_CYCLES) begin : g_inc_busy
        assign cnt_inc[4*gi +: 4] = {3'b000, busy_i};
      end else begin : g_inc_event
        assign cnt_inc[4*gi +: 4] = cnt_inc_i[4*gi +: 4];
      end
    end
  endgenerate

  // Counter i wrapped: it counts (no clear, no software write to it, not frozen) and bit
  // CNT_W of its value + increment (a 65-bit sum when CNT_W = 64) is set. An increment below
  // 16 carries out of bit CNT_W-1 only through bits CNT_W-1:4 all ones (cnt_near), so no
  // adder wider than 5 bits is needed.
  function automatic [NC-1:0] cnt_wraps(input [64*NC-1:0] cq, input [4*NC-1:0] inc,
                                        input [NC-1:0] near, input wr, input [9:3] addr);
    integer j;
    logic [63:0] v;
    logic        c;
    logic        counts;
    begin
      for (j = 0; j < NC; j = j + 1) begin
        v = cq[64*j +: 64];
        c = near[j] & (({1'b0, v[3:0]} + {1'b0, inc[4*j +: 4]}) > 5'd15);
        counts = !(wr && (addr == PERF_BASE[9:3] + j[6:0]));
        cnt_wraps[j] = counts & ((CNT_W == 64) ? c : (v[(CNT_W < 64) ? CNT_W : 0] ^ c));
      end
    end
  endfunction

  integer ci;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      cnt_q        <= {64*NC{1'b0}};
      shadow_q     <= {32*NC{1'b0}};
      perf_ovf_q   <= {NC{1'b0}};
      int_status_q <= 3'b000;
    end else if (cnt_zero) begin
      // clear or soft reset (the wraps are zero)
      cnt_q        <= {64*NC{1'b0}};
      shadow_q     <= {32*NC{1'b0}};
      perf_ovf_q   <= perf_ovf_d;
      int_status_q <= int_status_d;
    end else begin
      // Clear, else a software write to a counter half (which replaces that half), else hold
      // while frozen, else count. The common cycle (no write, not frozen) only adds; the
      // other branch is the whole choice, one expression per counter (splitting it into
      // separate writes made synthesis build each counter's muxes twice: +30% LUTs).
      if (wr_en || freeze_q) begin
        for (ci = 0; ci < NC; ci = ci + 1) begin
          cnt_q[64*ci +: 64] <= cnt_keep[64*ci +: 64] &
                                ((wr_en && (waddr == PERF_BASE + {ci[6:0], 3'b000})) ?
                                   {cnt_q[64*ci + 32 +: 32], (cnt_q[64*ci +: 32] & ~wmask) | wval} :
                                 (wr_en && (waddr == PERF_BASE + {ci[6:0], 3'b100})) ?
                                   {(cnt_q[64*ci + 32 +: 32] & ~wmask) | wval, cnt_q[64*ci +: 32]} :
                                 freeze_q ? cnt_q[64*ci +: 64] :
                                   cnt_q[64*ci +: 64] + {60'h0, cnt_inc[4*ci +: 4]});
        end
      end else begin
        for (ci = 0; ci < NC; ci = ci + 1) begin
          cnt_q[64*ci +: 64] <= cnt_keep[64*ci +: 64] &
                                (cnt_q[64*ci +: 64] + {60'h0, cnt_inc[4*ci +: 4]});
        end
      end
      // a read of CNT_i_LO copies the HI half
      if (ar_hs && (raddr >= PERF_BASE)) begin
        for (ci = 0; ci < NC; ci = ci + 1) begin
          if (raddr == PERF_BASE + {ci[6:0], 3'b000}) begin
            shadow_q[32*ci +: 32] <= cnt_keep[64*ci + 32 +: 32] & cnt_q[64*ci + 32 +: 32];
          end
        end
      end
      if (!freeze_q && (|cnt_near)) begin
        perf_ovf_q   <= perf_ovf_d | cnt_wraps(cnt_q, cnt_inc, cnt_near, wr_en, waddr[9:3]);
        int_status_q <= int_status_d |
                        ({2'b00, |cnt_wraps(cnt_q, cnt_inc, cnt_near, wr_en, waddr[9:3])} <<
                         `RA_INT_STATUS_CNT_OVF_LSB);
      end else begin
        perf_ovf_q   <= perf_ovf_d;
        int_status_q <= int_status_d;
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Read data (taken in the cycle of the AR handshake, built only then)
  // ---------------------------------------------------------------------------------------
  integer ri;

  always_comb begin
    ri      = 0;
    rdata_d = rdata_q;
    if (ar_hs) begin
      rdata_d = 32'h0;
      case (raddr)
        `RA_REG_ID:         rdata_d = ID_VALUE;
        `RA_REG_VERSION:    rdata_d = {VER_MAJOR, VER_MINOR};
        `RA_REG_CAP:        rdata_d = CAP_VALUE;
        `RA_REG_CTRL:       rdata_d = {29'h0, freeze_q, 1'b0, enable_q};
        `RA_REG_STATUS:     rdata_d = {30'h0, ring_fault_i, busy_i};
        `RA_REG_INT_STATUS: rdata_d = {29'h0, int_status_q};
        `RA_REG_INT_MASK:   rdata_d = {29'h0, int_mask_q};
        `RA_REG_PA_BITS:    rdata_d = {26'h0, pa_bits_q};
        `RA_REG_SQ_BASE_LO: rdata_d = {sq_base_lo_q, 6'h0};
        `RA_REG_SQ_BASE_HI: rdata_d = {16'h0, sq_base_hi_q};
        `RA_REG_SQ_SIZE:    rdata_d = {28'h0, sq_log2_q};
        `RA_REG_SQ_HEAD:    rdata_d = {16'h0, sq_head_i};
        `RA_REG_SQ_TAIL:    rdata_d = {16'h0, sq_tail_q};
        `RA_REG_CQ_BASE_LO: rdata_d = {cq_base_lo_q, 5'h0};
        `RA_REG_CQ_BASE_HI: rdata_d = {16'h0, cq_base_hi_q};
        `RA_REG_CQ_SIZE:    rdata_d = {28'h0, cq_log2_q};
        `RA_REG_CQ_HEAD:    rdata_d = {16'h0, cq_head_q};
        `RA_REG_CQ_TAIL:    rdata_d = {16'h0, cq_tail_i};
        `RA_REG_PERF_CAP:   rdata_d = PERF_CAP_VALUE;
        `RA_REG_PERF_OVF:   rdata_d = {{(32-NC){1'b0}}, perf_ovf_q};
        default: ;
      endcase
      // window i at WIN_BASE + 16*i: BASE_LO, BASE_HI, LIMIT_LO, LIMIT_HI (the windows beyond
      // WINDOWS hold 0)
      for (ri = 0; ri < WINDOWS; ri = ri + 1) begin
        if (raddr == WIN_BASE + {ri[5:0], 4'h0}) begin
          rdata_d = rdata_d | {win_base_q[36*ri +: 20], 12'h000};
        end
        if (raddr == WIN_BASE + {ri[5:0], 4'h4}) begin
          rdata_d = rdata_d | {16'h0000, win_base_q[36*ri + 20 +: 16]};
        end
        if (raddr == WIN_BASE + {ri[5:0], 4'h8}) begin
          rdata_d = rdata_d | {win_limit_q[36*ri +: 20], 12'h000};
        end
        if (raddr == WIN_BASE + {ri[5:0], 4'hc}) begin
          rdata_d = rdata_d | {16'h0000, win_limit_q[36*ri + 20 +: 16]};
        end
      end
      // counter i at PERF_BASE + 8*i: LO, then the HI shadow
      for (ri = 0; ri < NC; ri = ri + 1) begin
        if (raddr == PERF_BASE + {ri[6:0], 3'b000}) begin
          rdata_d = rdata_d | cnt_q[64*ri +: 32];
        end
        if (raddr == PERF_BASE + {ri[6:0], 3'b100}) begin
          rdata_d = rdata_d | shadow_q[32*ri +: 32];
        end
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------------------
  assign enable_o         = enable_q;
  assign pa_bits_o        = pa_bits_q;
  assign sq_base_o        = {sq_base_hi_q, sq_base_lo_q, 6'h00};
  assign sq_log2_o        = sq_log2_q;
  assign sq_tail_o        = sq_tail_q;
  assign cq_base_o        = {cq_base_hi_q, cq_base_lo_q, 5'h00};
  assign cq_log2_o        = cq_log2_q;
  assign cq_head_o        = cq_head_q;
  assign soft_reset_o     = soft_rst;
  assign ring_fault_clr_o = rf_clr;
  assign irq_o            = |(int_status_q & ~int_mask_q);

  // the cycles and busy_cycles slots of cnt_inc_i are driven inside this module
  logic unused_cnt_inc;
  assign unused_cnt_inc = ^{cnt_inc_i[4*`RA_CNT_CYCLES +: 4],
                            cnt_inc_i[4*`RA_CNT_BUSY_CYCLES +: 4]};

  // registers are word aligned: the byte offset within the word is ignored
  logic unused_addr_lsbs;
  assign unused_addr_lsbs = ^{s_axil_awaddr[1:0], s_axil_araddr[1:0]};

endmodule

`default_nettype wire

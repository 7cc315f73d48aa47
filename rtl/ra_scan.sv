// reclaim-accel: SCAN engine (access-flag scanner).
//
// Scans the translation tables under a TTBR for the VA range [start, end) (docs/device.md,
// sections "Translation format", "Command descriptor", "Completion entry", "SCAN", "Memory access
// pattern"). Ports follow docs/rtl.md ("Internal memory port", "Engine control").
//
// Algorithm (the spec, as numbered steps):
//  1. Check the command: BAD_ARGS (flags, reserved fields, TTBR[11:0], start/end alignment,
//     start >= end, end > 2^48, bitmap and record-list alignment), then DMA (young bitmap, dirty
//     bitmap with REPORT_DIRTY, record list when its capacity is non-zero, each inside one
//     window). An error completes at once, with no memory access.
//  2. TTBR base at or above 2^PA_BITS: one address-size record (level 0, VA = start); go to 6.
//  3. Depth first, ascending VA, starting with the level-0 table: at each table visited, read
//     each 64-byte line holding an entry of the range once, in ascending order (a line outside
//     every window is a bus record instead and its entries are skipped) and interpret its
//     in-range entries in order, descending into a table entry completely before the next one.
//     The first in-range entry delivered with a bus error (mp_rd_err_i) is a bus record instead,
//     and the rest of its line is skipped.
//  4. Per entry (pte_scanned): invalid -> nothing; level-0 block or level-3 '01' -> translation
//     record; table -> address-size record if its address is at or above 2^PA_BITS, else
//     descend; page or block -> address-size record if its output address is, else a leaf.
//  5. Leaf: AF=1 -> young (bitmap bits, AtomicStore-CLR of bit 10 with CLEAR_AF); DBM=1, AP[2]=0
//     with REPORT_DIRTY -> dirty (bitmap bits); a block also gives a block record. Records past
//     the capacity are counted, not written (TRUNCATED).
//  6. Write the remaining bitmap words, wait for every write and atomic to be acknowledged,
//     complete.
//
// Micro-architecture:
// - Front end (f_*): walks the upper levels from line buffers (8 descriptors per level 0..2, each
//   line read once) and issues line reads, up to RD_INFLIGHT outstanding. For every step of the
//   traversal it pushes one work item, in traversal order, into a queue: a level-3 line read, an
//   upper-level line read (data goes to the line buffer of that level; the front end waits for
//   it), an upper-level entry to interpret, a bus record, the TTBR record, the end.
// - Back end: consumes the queue in order, together with the returning read data (in request
//   order). Stage 0 turns each item or in-range level-3 word into a micro-op; stage 1 interprets
//   one descriptor per cycle (counts, records, bitmap writer, atomic FIFO). Level-3 lines of the
//   next tables are requested while the current ones are processed, so table boundaries do not
//   drain the pipeline.
// - DATA_W = 128: the memory port offers both words of a line beat at once (mp_rd_pair_i), and
//   stage 0 takes them together: two in-range level-3 descriptors make one pair micro-op. Stage
//   1 interprets both in one cycle when neither gives a record, the budget is not reached at
//   either, at most one of them is a young leaf to clear (one atomic per cycle) and, with RUNS,
//   they extend or begin at most one run within its capacity; the bitmap writer then sets their
//   two pages with per-page bits. Otherwise stage 1 interprets the first one alone and keeps the
//   second as a single micro-op for the next cycle, so every stop, record and run is taken
//   exactly as one descriptor at a time.
// - Read/atomic ordering: the scan reads lines ahead of the atomics that clear AF in earlier
//   lines. With CLEAR_AF, a line of a table that may hold descriptors cleared earlier in the
//   command (the table is also one of the tables above it on the current path, at its first
//   line, or one of the last HIST tables the traversal left) is read only after the back end has
//   drained and every atomic is acknowledged, so aliased tables read as in a sequential scan.

`default_nettype none
`include "ra_regs.vh"
`include "ra_mp.svh"

module ra_scan #(
  parameter DATA_W      = 64, // memory data width: 128 takes two level-3 descriptors per cycle
  parameter RD_INFLIGHT = 16  // line reads the engine may have outstanding (1..32)
) (
  `RA_ENGINE_PORTS,  // clock, reset, start/cmd, PA_BITS, windows, done/cpl (docs/registers.md)

  `RA_MP_PORTS_WIDE, // memory port with the 128-bit pair (docs/registers.md)

  // events (one-cycle pulses to the performance counters)
  output logic [3:0]   ev_desc_read_o,     // descriptors delivered this cycle
  output logic [1:0]   ev_pte_scanned_o,   // descriptors interpreted (2 only with DATA_W 128)
  output logic [1:0]   ev_young_o,         // young leaves
  output logic         ev_af_cleared_o,    // one AF test-and-clear issued
  output logic [1:0]   ev_dirty_o,         // dirty leaves (REPORT_DIRTY)
  output logic         ev_fault_o          // one fault record
);

  // loop indices of constant-index writes, one per process (a variable part-select on the
  // left would make Yosys build a shifter as wide as the vector)
  integer kl, kt;

  localparam QDEPTH = RD_INFLIGHT + 4;  // work-queue entries: reads in flight + a few others
  localparam HIST   = 8;                // tables remembered after the traversal leaves them
  localparam OCW    = 7;                // outstanding-read counter width

  localparam PAIR = (DATA_W == 128);    // two level-3 descriptors per cycle

  localparam integer   RD_I   = RD_INFLIGHT;
  localparam [OCW-1:0] RD_MAX = RD_I[OCW-1:0];  // outstanding-read limit

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Command fields
  //////////////////////////////////////////////////////////////////////////////////////////////

  // arg0 start VA, arg1 end VA (exclusive), arg2 young bitmap (RUNS: run list), arg3 dirty
  // bitmap (RUNS: run capacity), arg4 record list, arg5 record capacity, budget descriptors
  // at most (0: no limit); the opcode is decoded by ra_cmd, TTBR bits 63:48 (ASID) ignored
  `include "ra_desc_fields.svh"
  `include "ra_layouts.svh"

  logic flag_clear_af, flag_dirty, flag_runs;
  assign flag_clear_af = cmd_flags[`RA_SCAN_CLEAR_AF_BIT];
  assign flag_dirty    = cmd_flags[`RA_SCAN_REPORT_DIRTY_BIT];
  assign flag_runs     = cmd_flags[`RA_SCAN_RUNS_BIT];

  // BAD_ARGS
  logic bad_args;
  assign bad_args = (cmd_flags[7:3] != 5'd0) || (cmd_rsvd != 16'd0) ||
                    ((cmd_budget != 32'd0) && (cmd_budget < 32'd4)) ||
                    (cmd_ttbr[11:0] != 12'd0) ||
                    (cmd_arg0[11:0] != 12'd0) || (cmd_arg1[11:0] != 12'd0) ||
                    (cmd_arg0 >= cmd_arg1) || (cmd_arg1 > 64'h0001_0000_0000_0000) ||
                    (cmd_arg4[3:0] != 4'd0) ||
                    (flag_runs ? ((cmd_arg2[3:0] != 4'd0) || (cmd_arg3 == 64'd0) ||
                                  (cmd_arg3[63:32] != 32'd0))
                               : ((cmd_arg2[2:0] != 3'd0) ||
                                  (flag_dirty && (cmd_arg3[2:0] != 3'd0))));

  // bitmap length: W = ceil(pages / 64) words (meaningful when bad_args is 0)
  logic [36:0] npages;
  logic [36:0] npages_r;
  assign npages   = cmd_arg1[48:12] - {1'b0, cmd_arg0[47:12]};
  assign npages_r = npages + 37'd63;

  logic unused_npages;
  assign unused_npages = ^npages_r[5:0];

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Control state machine
  //////////////////////////////////////////////////////////////////////////////////////////////

  localparam [2:0] C_IDLE  = 3'd0;  // waiting for start_i
  localparam [2:0] C_CHECK = 3'd1;  // BAD_ARGS, derived values registered
  localparam [2:0] C_DMA   = 3'd2;  // DMA checks of the buffers
  localparam [2:0] C_RUN   = 3'd3;  // traversal
  localparam [2:0] C_FLUSH = 3'd4;  // local write/atomic queues draining, then mp_wr_idle_i
  localparam [2:0] C_DONE  = 3'd5;  // done_o

  logic [2:0]   c_state_q, c_state_d;
  logic         bad_args_q;
  logic [35:0]  startp_q;            // start VA [47:12]
  logic [36:0]  endp_q;              // end VA [48:12]
  logic [30:0]  nwords_q;            // bitmap words
  logic         clear_af_q, rep_dirty_q;
  logic         runs_q;              // RUNS: run list instead of bitmaps
  logic [31:0]  budget_q;            // descriptors to interpret at most (0: no limit)
  logic [31:0]  rcap_q;              // RUNS: run list capacity
  logic [47:4]  runbase_q;           // RUNS: run list address
  logic [47:0]  pa_mask_q;           // address bits at or above PA_BITS
  logic [47:0]  ybase_q, dbase_q;
  logic [47:4]  rbase_q;
  logic [31:0]  cap_q;
  logic [35:0]  ttbr_q;
  logic [255:0] cpl_q, cpl_d;
  logic [7:0]   cpl_flags;            // TRUNCATED, BUS_READ, RESUME
  logic         run_start;           // the traversal starts (pulse)
  logic         end_seen_q;          // the back end has processed the end item

  logic [48:0] pa_low;               // 2^PA_BITS - 1
  assign pa_low = (49'd1 << pa_bits_i) - 49'd1;

  logic unused_pa_low;
  assign unused_pa_low = pa_low[48];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      bad_args_q  <= 1'b0;
      startp_q    <= 36'd0;
      endp_q      <= 37'd0;
      nwords_q    <= 31'd0;
      clear_af_q  <= 1'b0;
      rep_dirty_q <= 1'b0;
      runs_q      <= 1'b0;
      budget_q    <= 32'd0;
      rcap_q      <= 32'd0;
      runbase_q   <= 44'd0;
      pa_mask_q   <= 48'd0;
      ybase_q     <= 48'd0;
      dbase_q     <= 48'd0;
      rbase_q     <= 44'd0;
      cap_q       <= 32'd0;
      ttbr_q      <= 36'd0;
    end else if (c_state_q == C_CHECK) begin
      bad_args_q  <= bad_args;
      startp_q    <= cmd_arg0[47:12];
      endp_q      <= cmd_arg1[48:12];
      nwords_q    <= flag_runs ? 31'd0 : npages_r[36:6];
      clear_af_q  <= flag_clear_af;
      rep_dirty_q <= flag_dirty;
      runs_q      <= flag_runs;
      budget_q    <= cmd_budget;
      rcap_q      <= cmd_arg3[31:0];
      runbase_q   <= cmd_arg2[47:4];
      pa_mask_q   <= (pa_bits_i >= 6'd48) ? 48'd0 : ~pa_low[47:0];
      ybase_q     <= cmd_arg2[47:0];
      dbase_q     <= cmd_arg3[47:0];
      rbase_q     <= cmd_arg4[47:4];
      cap_q       <= cmd_arg5;
      ttbr_q      <= cmd_ttbr[47:12];
    end
  end

  // DMA checks of the buffers (registered lengths, addresses from the stable command)
  logic [47:0] bm_len, rec_len, y_len, run_len;
  logic        y_ok, d_ok, r_ok, dma_bad;

  assign bm_len  = {14'd0, nwords_q, 3'd0};
  assign run_len = {12'd0, rcap_q, 4'd0};
  assign y_len   = runs_q ? run_len : bm_len;   // young bitmap, or the run list
  assign rec_len = {12'd0, cap_q, 4'd0};

  ra_dma_check u_ybm_check (
    .addr_i      (cmd_arg2[47:0]),
    .len_i       (y_len),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (y_ok)
  );

  ra_dma_check u_dbm_check (
    .addr_i      (cmd_arg3[47:0]),
    .len_i       (bm_len),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (d_ok)
  );

  ra_dma_check u_rec_check (
    .addr_i      (cmd_arg4[47:0]),
    .len_i       (rec_len),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (r_ok)
  );

  // ra_dma_check forms the end address on 49 bits; addresses with bits 63:48 set are outside
  assign dma_bad = (cmd_arg2[63:48] != 16'd0) || !y_ok ||
                   (rep_dirty_q && !runs_q && ((cmd_arg3[63:48] != 16'd0) || !d_ok)) ||
                   ((cap_q != 32'd0) && ((cmd_arg4[63:48] != 16'd0) || !r_ok));

  // completion counts and first fault (maintained by the back end)
  logic [31:0] cnt_young_q, cnt_rec_q, cnt_pte_q, cnt_dirty_q;
  logic [31:0] used_q;   // budget units: descriptors interpreted plus bus records made
  logic        ff_vld_q, trunc_q;
  logic [31:0] run_cnt_q;            // RUNS: runs begun
  logic        stop_q;               // stopped (budget or run capacity): RESUME
  logic [35:0] resume_q;             // the resume VA [47:12]
  logic        rerr_q;               // a bus record came from a read error: BUS_READ
  logic        run_open_q;           // RUNS: a run is open: pages [run_p0_q, run_p1_q) - start
  logic [35:0] run_p0_q;
  logic [36:0] run_p1_q;
  logic        run_y_q, run_d_q;     // ... its state
  logic [1:0]  ff_kind_q, ff_lvl_q;
  logic [35:0] ff_va_q;

  // everything written/atomic handed over and acknowledged
  logic flush_idle;

  always_comb begin
    c_state_d = c_state_q;
    cpl_d     = cpl_q;
    run_start = 1'b0;
    done_o    = 1'b0;
    case (c_state_q)
      C_IDLE: begin
        if (start_i) begin
          c_state_d = C_CHECK;
        end
      end
      C_CHECK: begin
        c_state_d = C_DMA;
      end
      C_DMA: begin
        if (bad_args_q || dma_bad) begin
          cpl_d        = ra_cpl_pack(cmd_tag, bad_args_q ? `RA_ST_BAD_ARGS : `RA_ST_DMA, 8'd0,
                                     8'd0, 8'd0, 64'd0, 32'd0, 32'd0, 32'd0, 32'd0);
          c_state_d    = C_DONE;
        end else begin
          run_start = 1'b1;
          c_state_d = C_RUN;
        end
      end
      C_RUN: begin
        if (end_seen_q) begin
          c_state_d = C_FLUSH;
        end
      end
      C_FLUSH: begin
        if (flush_idle) begin
          // count0 young leaves, count1 records, count2 descriptors interpreted, count3
          // dirty leaves (RUNS: runs); with RESUME the VA field is the resume VA
          cpl_d = ra_cpl_pack(cmd_tag, `RA_ST_OK, {6'd0, ff_kind_q}, {6'd0, ff_lvl_q},
                              cpl_flags, {16'd0, stop_q ? resume_q : ff_va_q, 12'd0},
                              cnt_young_q, cnt_rec_q, cnt_pte_q,
                              runs_q ? run_cnt_q : cnt_dirty_q);
          c_state_d = C_DONE;
        end
      end
      C_DONE: begin
        done_o    = 1'b1;
        c_state_d = C_IDLE;
      end
      default: begin
        c_state_d = C_IDLE;
      end
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      c_state_q <= C_IDLE;
      cpl_q     <= 256'd0;
    end else begin
      c_state_q <= c_state_d;
      cpl_q     <= cpl_d;
    end
  end

  assign cpl_o = cpl_q;

  always_comb begin
    cpl_flags                          = 8'd0;
    cpl_flags[`RA_CPL_TRUNCATED_BIT]   = trunc_q;
    cpl_flags[`RA_CPL_BUS_READ_BIT]    = rerr_q;
    cpl_flags[`RA_CPL_RESUME_BIT]      = stop_q;
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Work queue (front end -> back end), in traversal order
  //////////////////////////////////////////////////////////////////////////////////////////////

  localparam [2:0] K_LEAF  = 3'd0;  // level-3 line read: interpret its in-range words
  localparam [2:0] K_UPPER = 3'd1;  // upper-level line read: fill the line buffer of lvl
  localparam [2:0] K_ENTRY = 3'd2;  // upper-level entry first of the line buffer of lvl
  localparam [2:0] K_BUS   = 3'd3;  // bus record (level lvl, VA va)
  localparam [2:0] K_TTBR  = 3'd4;  // TTBR address-size record (VA va)
  localparam [2:0] K_END   = 3'd5;  // end of the traversal

  // item: {kind[2:0], lvl[1:0], line address [47:6], first[2:0], last[2:0], VA [47:12]}
  localparam IW = 3 + 2 + 42 + 3 + 3 + 36;

  logic          q_push, q_pop, q_empty, q_full;
  logic [IW-1:0] q_wdata, q_rdata;

  ra_fifo #(
    .WIDTH (IW),
    .DEPTH (QDEPTH)
  ) u_queue (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .clr_i   (run_start),
    .push_i  (q_push),
    .wdata_i (q_wdata),
    .pop_i   (q_pop),
    .rdata_o (q_rdata),
    .empty_o (q_empty),
    .full_o  (q_full)
  );

  logic [2:0]  h_kind;
  logic [1:0]  h_lvl;
  logic [41:0] h_addr;
  logic [2:0]  h_first, h_last;
  logic [35:0] h_va;

  assign h_kind  = q_rdata[88:86];
  assign h_lvl   = q_rdata[85:84];
  assign h_addr  = q_rdata[83:42];
  assign h_first = q_rdata[41:39];
  assign h_last  = q_rdata[38:36];
  assign h_va    = q_rdata[35:0];

  // line reads issued and not yet consumed by the back end
  logic [OCW-1:0] ocnt_q, ocnt_d;
  logic           rd_issue, rd_retire;

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Line buffers of levels 0..2 (written by the back end, read by both ends)
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic [24*64-1:0] lbuf_q;          // descriptor k of level l at [(8l+k)*64 +: 64]
  logic [23:0]      lerr_q;          // descriptor k of level l was answered with a bus error
  logic [3*42-1:0]  lbuf_addr_q;     // line address [47:6] of level l at [42l +: 42]
  logic             lbuf_we;
  logic [4:0]       lbuf_widx;
  logic             lbuf_addr_we;
  logic [1:0]       lbuf_addr_lvl;
  logic             fill_q;          // an upper-level line has been written (front end waits)
  logic             fill_set, fill_clr;

  always_ff @(posedge clk_i) begin
    for (kl = 0; kl < 24; kl = kl + 1) begin
      if (lbuf_we && (lbuf_widx == kl[4:0])) begin
        lbuf_q[64*kl +: 64] <= mp_rd_data_i;
        lerr_q[kl]          <= mp_rd_err_i;
      end
    end
    for (kl = 0; kl < 3; kl = kl + 1) begin
      if (lbuf_addr_we && (lbuf_addr_lvl == kl[1:0])) lbuf_addr_q[42*kl +: 42] <= h_addr;
    end
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Front end: traversal cursor, line reads, work items
  //////////////////////////////////////////////////////////////////////////////////////////////

  localparam [2:0] F_IDLE  = 3'd0;  // not running
  localparam [2:0] F_ROOT  = 3'd1;  // TTBR check
  localparam [2:0] F_LINE  = 3'd2;  // read (or bus-fault) the line holding entry idx of lvl
  localparam [2:0] F_WAIT  = 3'd3;  // wait for an upper-level line to fill its buffer
  localparam [2:0] F_ENTRY = 3'd4;  // interpret upper-level entry idx of lvl
  localparam [2:0] F_NEXT  = 3'd5;  // after an advance: end, leave a table, or next line/entry
  localparam [2:0] F_DRAIN = 3'd6;  // wait until every earlier atomic is acknowledged
  localparam [2:0] F_END   = 3'd7;  // push the end item

  logic [2:0]       f_state_q, f_state_d;
  logic [1:0]       f_lvl_q, f_lvl_d;          // level of the current table
  logic [36:0]      f_va_q, f_va_d;            // next VA to cover, [48:12]
  logic [4*36-1:0]  f_tbl_q, f_tbl_d;          // table address [47:12] of level l at [36l +: 36]
  logic             f_first_q, f_first_d;      // next line is the first one of a table visit
  logic             f_drained_q, f_drained_d;  // a drain completed for the next line
  logic [HIST*36-1:0] hist_q, hist_d;          // tables the traversal left, newest at 0
  logic [HIST-1:0]    hist_vld_q, hist_vld_d;

  logic [5:0]  f_sh;           // VA shift of the current level, in pages
  logic [1:0]  f_lvl_p1;       // level of a child table
  logic [8:0]  f_idx;          // entry index in the current table
  logic [36:0] f_emask, f_lmask;
  logic [36:0] f_ebase, f_lbase, f_enext, f_lnext;
  logic [36:0] f_endm1;        // last page of the range
  logic [36:0] f_endm1_sh;
  logic [36:0] f_va_sh;
  logic        f_same_line;
  logic [2:0]  f_last;
  logic [35:0] f_tbl;          // current table
  logic [47:0] f_line_addr;
  logic        f_line_ok;
  logic [63:0] f_desc;         // current upper-level entry
  logic        f_derr;         // it was answered with a bus error
  logic        f_desc_tbl;     // it is a table descriptor whose address is below 2^PA_BITS
  logic        f_ttbr_bad;
  logic        f_hist_hit, f_stack_hit, f_hazard;
  logic        drain_ok;

  always_comb begin
    case (f_lvl_q)
      2'd0:    f_sh = 6'd27;
      2'd1:    f_sh = 6'd18;
      2'd2:    f_sh = 6'd9;
      default: f_sh = 6'd0;
    endcase
  end

  assign f_lvl_p1    = f_lvl_q + 2'd1;
  assign f_va_sh     = f_va_q >> f_sh;
  assign f_idx       = f_va_sh[8:0];
  assign f_emask     = (37'd1 << f_sh) - 37'd1;
  assign f_lmask     = (37'd8 << f_sh) - 37'd1;
  assign f_ebase     = f_va_q & ~f_emask;
  assign f_lbase     = f_va_q & ~f_lmask;
  assign f_enext     = f_ebase + (37'd1 << f_sh);
  assign f_lnext     = f_lbase + (37'd8 << f_sh);
  assign f_endm1     = endp_q - 37'd1;
  assign f_endm1_sh  = f_endm1 >> f_sh;
  assign f_same_line = (((f_endm1 ^ f_va_q) & ~f_lmask) == 37'd0);
  assign f_last      = f_same_line ? f_endm1_sh[2:0] : 3'd7;
  assign f_tbl       = f_tbl_q[f_lvl_q*36 +: 36];
  assign f_line_addr = {f_tbl, f_idx[8:3], 6'd0};
  assign f_desc      = lbuf_q[{f_lvl_q, f_idx[2:0]}*64 +: 64];
  assign f_derr      = lerr_q[{f_lvl_q, f_idx[2:0]}];
  assign f_desc_tbl  = (f_desc[1:0] == 2'b11) && ((f_desc[47:12] & pa_mask_q[47:12]) == 36'd0);
  assign f_ttbr_bad  = ((ttbr_q & pa_mask_q[47:12]) != 36'd0);

  logic unused_f;
  assign unused_f = ^{f_va_sh[36:9], f_endm1_sh[36:3], f_desc[63:48], f_desc[11:2]};

  ra_dma_check u_line_check (
    .addr_i      (f_line_addr),
    .len_i       (48'd64),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (f_line_ok)
  );

  // read-after-atomic hazards (CLEAR_AF only)
  logic [HIST-1:0] f_hist_eq;
  logic [2:0]      f_stack_eq;

  genvar gh;
  generate
    for (gh = 0; gh < HIST; gh = gh + 1) begin : g_hist
      assign f_hist_eq[gh] = hist_vld_q[gh] && (hist_q[gh*36 +: 36] == f_tbl);
    end
  endgenerate

  // tables above the current one on the path (levels below f_lvl_q)
  assign f_stack_eq[0] = (f_lvl_q > 2'd0) && (f_tbl_q[0*36 +: 36] == f_tbl);
  assign f_stack_eq[1] = (f_lvl_q > 2'd1) && (f_tbl_q[1*36 +: 36] == f_tbl);
  assign f_stack_eq[2] = (f_lvl_q > 2'd2) && (f_tbl_q[2*36 +: 36] == f_tbl);
  assign f_hist_hit    = |f_hist_eq;
  assign f_stack_hit   = |f_stack_eq;
  assign f_hazard = clear_af_q && !f_drained_q && (f_hist_hit || (f_first_q && f_stack_hit));

  // work items and history shift (selects kept out of the always_comb for Icarus)
  logic [IW-1:0]      f_item_ttbr, f_item_bus, f_item_rerr, f_item_line, f_item_entry;
  logic [IW-1:0]      f_item_end;
  logic [HIST*36-1:0] f_hist_push;
  logic [HIST-1:0]    f_hist_vld_push;
  logic [35:0]        f_child;
  logic [2:0]         f_idx_lo;

  assign f_idx_lo        = f_idx[2:0];
  assign f_child         = f_desc[47:12];
  assign f_item_ttbr     = {K_TTBR, 2'd0, 42'd0, 3'd0, 3'd0, startp_q};
  assign f_item_bus      = {K_BUS, f_lvl_q, 42'd0, 3'd0, 3'd0, f_ebase[35:0]};
  // a bus record for an entry answered with a bus error: "first" bit 0 marks it
  assign f_item_rerr     = {K_BUS, f_lvl_q, 42'd0, 3'd1, 3'd0, f_ebase[35:0]};
  assign f_item_line     = {(f_lvl_q == 2'd3) ? K_LEAF : K_UPPER, f_lvl_q, f_line_addr[47:6],
                            f_idx[2:0], f_last, f_lbase[35:0]};
  assign f_item_entry    = {K_ENTRY, f_lvl_q, 42'd0, f_idx[2:0], 3'd0, f_ebase[35:0]};
  assign f_item_end      = {K_END, 2'd0, 42'd0, 3'd0, 3'd0, 36'd0};
  assign f_hist_push     = {hist_q[(HIST-1)*36-1:0], f_tbl};
  assign f_hist_vld_push = {hist_vld_q[HIST-2:0], 1'b1};

  always_comb begin
    kt          = 0;
    f_state_d         = f_state_q;
    f_lvl_d           = f_lvl_q;
    f_va_d            = f_va_q;
    f_tbl_d           = f_tbl_q;
    f_first_d         = f_first_q;
    f_drained_d       = f_drained_q;
    hist_d            = hist_q;
    hist_vld_d        = hist_vld_q;
    q_push            = 1'b0;
    q_wdata           = {IW{1'b0}};
    mp_rd_req_valid_o = 1'b0;
    rd_issue          = 1'b0;
    fill_clr          = 1'b0;

    if (run_start) begin
      f_state_d   = F_ROOT;
      f_lvl_d     = 2'd0;
      f_va_d      = {1'b0, startp_q};
      f_tbl_d     = {108'd0, ttbr_q};
      f_first_d   = 1'b1;
      f_drained_d = 1'b0;
      hist_vld_d  = {HIST{1'b0}};
    end else if (stop_q && (f_state_q != F_IDLE) && (f_state_q != F_END)) begin
      // the back end stopped the scan (budget, run capacity): no further reads; the items
      // already queued are drained by the back end
      f_state_d = F_END;
    end else begin
      case (f_state_q)
        F_IDLE: begin
        end

        F_ROOT: begin
          if (f_ttbr_bad) begin
            if (!q_full) begin
              q_push    = 1'b1;
              q_wdata   = f_item_ttbr;
              f_state_d = F_END;
            end
          end else begin
            f_state_d = F_LINE;
          end
        end

        F_LINE: begin
          if (!f_line_ok) begin
            // bus record at the first in-range entry of the line; its entries are skipped
            if (!q_full) begin
              q_push    = 1'b1;
              q_wdata   = f_item_bus;
              f_va_d    = f_lnext;
              f_state_d = F_NEXT;
            end
          end else if (f_hazard) begin
            f_state_d = F_DRAIN;
          end else if (!q_full && (ocnt_q < RD_MAX)) begin
            mp_rd_req_valid_o = 1'b1;
            if (mp_rd_req_ready_i) begin
              rd_issue    = 1'b1;
              q_push      = 1'b1;
              q_wdata     = f_item_line;
              f_first_d   = 1'b0;
              f_drained_d = 1'b0;
              if (f_lvl_q == 2'd3) begin
                f_va_d    = f_lnext;
                f_state_d = F_NEXT;
              end else begin
                f_state_d = F_WAIT;
              end
            end
          end
        end

        F_WAIT: begin
          if (fill_q) begin
            fill_clr  = 1'b1;
            f_state_d = F_ENTRY;
          end
        end

        F_ENTRY: begin
          if (!q_full) begin
            q_push  = 1'b1;
            q_wdata = f_item_entry;
            if (f_derr) begin
              // answered with a bus error: a bus record at this entry; the rest of the line
              // is skipped
              q_wdata   = f_item_rerr;
              f_va_d    = f_lnext;
              f_state_d = F_NEXT;
            end else if (f_desc_tbl) begin
              // descend: the child's first entry is the one holding f_va_q
              for (kt = 0; kt < 4; kt = kt + 1) begin
                if (f_lvl_p1 == kt[1:0]) f_tbl_d[36*kt +: 36] = f_child;
              end
              f_lvl_d     = f_lvl_p1;
              f_first_d   = 1'b1;
              f_drained_d = 1'b0;
              f_state_d   = F_LINE;
            end else begin
              f_va_d    = f_enext;
              f_state_d = F_NEXT;
            end
          end
        end

        F_NEXT: begin
          if (f_va_q >= endp_q) begin
            f_state_d = F_END;
          end else if ((f_lvl_q != 2'd0) && (f_idx == 9'd0)) begin
            // the table of this level is finished: back to its parent entry's level
            f_lvl_d    = f_lvl_q - 2'd1;
            hist_d     = f_hist_push;
            hist_vld_d = f_hist_vld_push;
          end else if ((f_lvl_q == 2'd3) || (f_idx_lo == 3'd0)) begin
            f_state_d = F_LINE;
          end else begin
            f_state_d = F_ENTRY;
          end
        end

        F_DRAIN: begin
          if (drain_ok) begin
            f_drained_d = 1'b1;
            hist_vld_d  = {HIST{1'b0}};
            f_state_d   = F_LINE;
          end
        end

        F_END: begin
          if (!q_full) begin
            q_push    = 1'b1;
            q_wdata   = f_item_end;
            f_state_d = F_IDLE;
          end
        end

        default: begin
          f_state_d = F_IDLE;
        end
      endcase
    end
  end

  assign mp_rd_req_addr_o = f_line_addr;
  assign mp_rd_req_line_o = 1'b1;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      f_state_q   <= F_IDLE;
      f_lvl_q     <= 2'd0;
      f_va_q      <= 37'd0;
      f_tbl_q     <= {4*36{1'b0}};
      f_first_q   <= 1'b0;
      f_drained_q <= 1'b0;
      hist_q      <= {HIST*36{1'b0}};
      hist_vld_q  <= {HIST{1'b0}};
    end else begin
      f_state_q   <= f_state_d;
      f_lvl_q     <= f_lvl_d;
      f_va_q      <= f_va_d;
      f_tbl_q     <= f_tbl_d;
      f_first_q   <= f_first_d;
      f_drained_q <= f_drained_d;
      hist_q      <= hist_d;
      hist_vld_q  <= hist_vld_d;
    end
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Back end, stage 0: queue head + read data -> micro-op
  //////////////////////////////////////////////////////////////////////////////////////////////

  localparam [1:0] U_DESC = 2'd0;  // interpret a descriptor
  localparam [1:0] U_BUS  = 2'd1;  // bus record
  localparam [1:0] U_TTBR = 2'd2;  // TTBR address-size record
  localparam [1:0] U_END  = 2'd3;  // finish the bitmaps

  logic        uop_vld_q;
  logic [1:0]  uop_kind_q;
  logic [1:0]  uop_lvl_q;
  logic [63:0] uop_desc_q;
  logic [35:0] uop_va_q;      // entry VA [47:12] (its base)
  logic [44:0] uop_daddr_q;   // descriptor address [47:3]
  logic [35:0] uop_p0_q;      // first page of the leaf's range (bitmap index)
  logic [36:0] uop_p1_q;      // one past its last page
  logic        uop_rerr_q;    // a bus record for a read answered with a bus error
  logic        uop_pair_q;    // DATA_W 128: a pair; the second descriptor (next VA) in desc2
  logic [63:0] uop_desc2_q;

  logic        s0_load;
  logic [1:0]  s0_kind;
  logic [1:0]  s0_lvl;
  logic [63:0] s0_desc;
  logic [35:0] s0_va;
  logic [44:0] s0_daddr;
  logic [35:0] s0_p0;
  logic [36:0] s0_p1;
  logic        s0_rerr;
  logic        s0_pair;
  logic        s1_fire, s1_free;
  logic        s1_adv;         // the micro-op leaves stage 1 (not only the first of a pair)
  logic        s1_split;       // the first descriptor of a pair is done alone
  logic [36:0] p1_next;        // uop_p1_q + 1: the end of the pair's second page
  logic [2:0]  beat_q, beat_d;
  logic        h_inr;
  logic        h_use;          // this level-3 word is interpreted (in range, line not skipped)
  logic        lskip_q, lskip_d; // the rest of the level-3 line is skipped (bus error)
  logic [41:0] h_lbuf_addr;

  assign s1_free     = !uop_vld_q || s1_adv;
  assign h_inr       = (beat_q >= h_first) && (beat_q <= h_last);
  assign h_use       = h_inr && !lskip_q;
  assign h_lbuf_addr = lbuf_addr_q[h_lvl*42 +: 42];

  logic [35:0] h_va_word;      // VA of the level-3 entry of this beat
  assign h_va_word   = {h_va[35:3], beat_q};

  // DATA_W 128: both words of a beat at once (beat_q even); word b is the second one
  logic        pair_rd, h_use_b, h_any, h_take;
  logic [2:0]  beat_b;
  assign pair_rd = PAIR && mp_rd_pair_i && !beat_q[0];
  assign beat_b  = {beat_q[2:1], 1'b1};
  assign h_use_b = (beat_b >= h_first) && (beat_b <= h_last) && !lskip_q;
  assign h_any   = h_use || h_use_b;
  assign h_take  = pair_rd ? h_any : h_use;  // a word of this beat is interpreted

  always_comb begin
    s0_load        = 1'b0;
    s0_kind        = U_DESC;
    s0_lvl         = h_lvl;
    s0_desc        = mp_rd_data_i;
    s0_va          = h_va;
    s0_daddr       = {h_addr, beat_q};
    s0_rerr        = 1'b0;
    s0_pair        = 1'b0;
    q_pop          = 1'b0;
    mp_rd_ready_o  = 1'b0;
    mp_rd_take2_o  = 1'b0;
    beat_d         = beat_q;
    lskip_d        = lskip_q;
    rd_retire      = 1'b0;
    lbuf_we        = 1'b0;
    lbuf_widx      = {h_lvl, beat_q};
    lbuf_addr_we   = 1'b0;
    lbuf_addr_lvl  = h_lvl;
    fill_set       = 1'b0;
    ev_desc_read_o = 4'd0;
    if (!q_empty) begin
      case (h_kind)
        K_LEAF: begin
          // one word of the beat, or both (a pair micro-op when both are interpreted, else the
          // one that is); answered with a bus error: a bus record at the first in-range entry,
          // and the rest of the line is skipped
          mp_rd_ready_o = h_take ? s1_free : 1'b1;
          mp_rd_take2_o = pair_rd;
          s0_va         = h_va_word;
          if (pair_rd) begin
            s0_va    = h_use ? h_va_word : {h_va[35:3], beat_b};
            s0_daddr = {h_addr, h_use ? beat_q : beat_b};
            s0_desc  = h_use ? mp_rd_data_i : mp_rd_data_hi_i;
            s0_pair  = h_use && h_use_b && !mp_rd_err_i;
          end
          if (mp_rd_err_i) begin
            s0_kind = U_BUS;
            s0_desc = 64'd0;
            s0_rerr = 1'b1;
          end
          if (mp_rd_valid_i && mp_rd_ready_o) begin
            ev_desc_read_o = pair_rd ? 4'd2 : 4'd1;
            beat_d         = beat_q + (pair_rd ? 3'd2 : 3'd1);
            s0_load        = h_take && !stop_q;
            if (h_take && mp_rd_err_i) begin
              lskip_d = 1'b1;
            end
            if (beat_d == 3'd0) begin  // the line's last beat was taken
              q_pop     = 1'b1;
              rd_retire = 1'b1;
              lskip_d   = 1'b0;
            end
          end
        end
        K_UPPER: begin
          mp_rd_ready_o = 1'b1;
          if (mp_rd_valid_i) begin
            ev_desc_read_o = 4'd1;
            beat_d         = beat_q + 3'd1;
            lbuf_we        = 1'b1;
            if (beat_q == 3'd7) begin
              q_pop        = 1'b1;
              rd_retire    = 1'b1;
              lbuf_addr_we = 1'b1;
              fill_set     = 1'b1;
            end
          end
        end
        K_ENTRY: begin
          s0_desc  = lbuf_q[{h_lvl, h_first}*64 +: 64];
          s0_daddr = {h_lbuf_addr, h_first};
          if (s1_free) begin
            s0_load = !stop_q;
            q_pop   = 1'b1;
          end
        end
        K_BUS: begin
          s0_kind = U_BUS;
          s0_desc = 64'd0;
          s0_rerr = h_first[0];
          if (s1_free) begin
            s0_load = !stop_q;
            q_pop   = 1'b1;
          end
        end
        K_TTBR: begin
          s0_kind = U_TTBR;
          s0_desc = 64'd0;
          if (s1_free) begin
            s0_load = !stop_q;
            q_pop   = 1'b1;
          end
        end
        default: begin  // K_END
          s0_kind = U_END;
          s0_desc = 64'd0;
          if (s1_free) begin
            s0_load = 1'b1;
            q_pop   = 1'b1;
          end
        end
      endcase
    end
  end

  // bitmap range of a leaf at s0_va: [max(base, start), min(base + span, end)) - start
  logic [36:0] s0_base, s0_top, s0_lo, s0_hi, s0_p0_x;
  logic [36:0] s0_span;

  always_comb begin
    case (s0_lvl)
      2'd1:    s0_span = 37'd1 << 18;
      2'd2:    s0_span = 37'd1 << 9;
      default: s0_span = 37'd1;
    endcase
  end
  assign s0_base = {1'b0, s0_va};
  assign s0_top  = s0_base + s0_span;
  assign s0_lo   = (s0_base > {1'b0, startp_q}) ? s0_base : {1'b0, startp_q};
  assign s0_hi   = (s0_top < endp_q) ? s0_top : endp_q;
  assign s0_p0_x = s0_lo - {1'b0, startp_q};
  assign s0_p0   = s0_p0_x[35:0];
  assign s0_p1   = s0_hi - {1'b0, startp_q};

  logic unused_s0;
  assign unused_s0 = ^{s0_p0_x[36], mp_rd_last_i};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      uop_vld_q   <= 1'b0;
      uop_kind_q  <= U_DESC;
      uop_lvl_q   <= 2'd0;
      uop_desc_q  <= 64'd0;
      uop_va_q    <= 36'd0;
      uop_daddr_q <= 45'd0;
      uop_p0_q    <= 36'd0;
      uop_p1_q    <= 37'd0;
      uop_rerr_q  <= 1'b0;
      uop_pair_q  <= 1'b0;
      uop_desc2_q <= 64'd0;
    end else begin
      if (run_start) begin
        uop_vld_q <= 1'b0;
      end else if (s0_load) begin
        uop_vld_q <= 1'b1;
      end else if (s1_adv) begin
        uop_vld_q <= 1'b0;
      end
      if (s0_load) begin
        uop_kind_q  <= s0_kind;
        uop_lvl_q   <= s0_lvl;
        uop_desc_q  <= s0_desc;
        uop_va_q    <= s0_va;
        uop_daddr_q <= s0_daddr;
        uop_p0_q    <= s0_p0;
        uop_p1_q    <= s0_p1;
        uop_rerr_q  <= s0_rerr;
        uop_pair_q  <= PAIR && s0_pair;
        uop_desc2_q <= PAIR ? mp_rd_data_hi_i : 64'd0;
      end else if (s1_split) begin
        // the first descriptor of the pair is done: the second one (VA, address and page one
        // above) stays as a single micro-op
        uop_desc_q  <= uop_desc2_q;
        uop_va_q    <= {uop_va_q[35:1], 1'b1};
        uop_daddr_q <= {uop_daddr_q[44:1], 1'b1};
        uop_p0_q    <= uop_p1_q[35:0];
        uop_p1_q    <= p1_next;
        uop_pair_q  <= 1'b0;
      end
    end
  end

  always_comb begin
    ocnt_d = ocnt_q;
    if (rd_issue && !rd_retire) begin
      ocnt_d = ocnt_q + {{(OCW-1){1'b0}}, 1'b1};
    end else if (rd_retire && !rd_issue) begin
      ocnt_d = ocnt_q - {{(OCW-1){1'b0}}, 1'b1};
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ocnt_q  <= {OCW{1'b0}};
      beat_q  <= 3'd0;
      fill_q  <= 1'b0;
      lskip_q <= 1'b0;
    end else if (run_start) begin
      ocnt_q  <= {OCW{1'b0}};
      beat_q  <= 3'd0;
      fill_q  <= 1'b0;
      lskip_q <= 1'b0;
    end else begin
      ocnt_q  <= ocnt_d;
      beat_q  <= beat_d;
      lskip_q <= lskip_d;
      if (fill_set) begin
        fill_q <= 1'b1;
      end else if (fill_clr) begin
        fill_q <= 1'b0;
      end
    end
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Back end, stage 1: interpret one micro-op per cycle
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic        d_valid, d_table;
  logic        is_tbl, is_page, is_blk, is_trans;
  logic [47:0] leaf_oa;
  logic        tbl_bad, oa_bad;
  logic        leaf, rec_addr_sz;
  logic        young, dirty;
  logic        rec_v;
  logic [1:0]  rec_type;
  logic [63:0] rec_w1;        // the record's descriptor word
  logic        rec_wr;                 // the record is written (not past the capacity)
  logic        need_set, need_at;
  logic        ok_at, ok_rec;
  logic        is_desc, is_bus, is_end;

  // resources
  logic        at_full, at_empty, at_push, at_pop;
  logic [44:0] at_rdata;
  logic        rf_full, rf_empty, rf_push, rf_pop;
  logic [171:0] rf_wdata, rf_rdata;
  logic        bm_set_valid, bm_set_done, bm_fin_valid, bm_fin_done, bm_idle;

  assign is_desc = uop_vld_q && (uop_kind_q == U_DESC);
  assign is_bus  = uop_vld_q && (uop_kind_q == U_BUS);
  assign is_end  = uop_vld_q && (uop_kind_q == U_END);

  assign d_valid  = (uop_kind_q == U_DESC) && uop_desc_q[0];
  assign d_table  = uop_desc_q[1];
  assign is_tbl   = d_valid && d_table && (uop_lvl_q != 2'd3);
  assign is_page  = d_valid && d_table && (uop_lvl_q == 2'd3);
  assign is_blk   = d_valid && !d_table && ((uop_lvl_q == 2'd1) || (uop_lvl_q == 2'd2));
  assign is_trans = d_valid && !d_table && ((uop_lvl_q == 2'd0) || (uop_lvl_q == 2'd3));

  logic [47:0] oa_l1, oa_l2, oa_l3;
  assign oa_l1   = {uop_desc_q[47:30], 30'd0};
  assign oa_l2   = {uop_desc_q[47:21], 21'd0};
  assign oa_l3   = {uop_desc_q[47:12], 12'd0};
  assign leaf_oa = (uop_lvl_q == 2'd1) ? oa_l1 : (uop_lvl_q == 2'd2) ? oa_l2 : oa_l3;

  assign tbl_bad     = ((uop_desc_q[47:12] & pa_mask_q[47:12]) != 36'd0);
  assign oa_bad      = ((leaf_oa & pa_mask_q) != 48'd0);
  assign leaf        = (is_page || is_blk) && !oa_bad;
  assign rec_addr_sz = (is_tbl && tbl_bad) || ((is_page || is_blk) && oa_bad);
  assign young       = leaf && uop_desc_q[10];
  assign dirty       = leaf && rep_dirty_q && uop_desc_q[51] && !uop_desc_q[7];

  // DATA_W 128, a pair micro-op: the second descriptor (level 3, page uop_p1_q), and whether
  // both are interpreted this cycle (pf) or the first alone (s1_split)
  logic        b_page, b_rec, b_leaf, b_young, b_dirty, a_rec, a_rep, b_rep;
  logic        m_y, m_d, m_rep, m_ext, pf;
  logic [35:0] m_p0;
  logic [36:0] m_p1;
  logic [1:0]  pat_y, pat_d;
  logic        l_young, l_dirty;   // the leaf state this cycle (both of a pair on pf)
  logic [35:0] l_p0;
  logic [36:0] l_p1;

  assign p1_next = uop_p1_q + 37'd1;
  assign b_page  = (uop_desc2_q[1:0] == 2'b11) &&
                   ((uop_desc2_q[47:12] & pa_mask_q[47:12]) == 36'd0);
  assign b_rec   = uop_desc2_q[0] && !b_page;   // '01' at level 3, or an address-size page
  assign b_leaf  = b_page;
  assign b_young = b_leaf && uop_desc2_q[10];
  assign b_dirty = b_leaf && rep_dirty_q && uop_desc2_q[51] && !uop_desc2_q[7];
  assign a_rec   = is_trans || rec_addr_sz;
  assign a_rep   = young || dirty;
  assign b_rep   = b_young || b_dirty;
  // the pages the pair reports, as one leaf (RUNS: only when both have one state)
  assign m_y     = a_rep ? young : b_young;
  assign m_d     = a_rep ? dirty : b_dirty;
  assign m_rep   = a_rep || b_rep;
  assign m_p0    = a_rep ? uop_p0_q : uop_p1_q[35:0];
  assign m_p1    = b_rep ? p1_next : uop_p1_q;
  assign m_ext   = run_open_q && (run_p1_q == {1'b0, m_p0}) && (run_y_q == m_y) &&
                   (run_d_q == m_d);
  // bitmap bits of pages m_p0 and m_p0 + 1
  assign pat_y   = a_rep ? {b_young, young} : {1'b0, b_young};
  assign pat_d   = a_rep ? {b_dirty, dirty} : {1'b0, b_dirty};
  assign pf      = PAIR && uop_vld_q && uop_pair_q && !stop_q && !a_rec && !b_rec &&
                   ((budget_q == 32'd0) || ((budget_q - used_q) > 32'd1)) &&
                   !(clear_af_q && young && b_young) &&
                   !(runs_q && a_rep && b_rep && ((young != b_young) || (dirty != b_dirty))) &&
                   !(runs_q && m_rep && !m_ext && (run_cnt_q == rcap_q));
  assign l_young = pf ? m_y : young;
  assign l_dirty = pf ? m_d : dirty;
  assign l_p0    = pf ? m_p0 : uop_p0_q;
  assign l_p1    = pf ? m_p1 : uop_p1_q;

  // stop and discard (docs/device.md, "Budget and resume"): a descriptor or bus record that
  // would exceed the budget, or a reported leaf that would begin a run past the capacity, is
  // not made; the scan stops there, and every micro-op after it except the end is dropped
  logic reported, run_ext, s1_stop, s1_disc, s1_act, run_close, end_flush;
  logic [35:0] stop_va;

  assign reported = l_young || l_dirty;
  assign run_ext  = run_open_q && (run_p1_q == {1'b0, l_p0}) && (run_y_q == l_young) &&
                    (run_d_q == l_dirty);
  assign s1_stop  = (is_desc || is_bus) && !stop_q && !pf &&
                    (((budget_q != 32'd0) && (used_q == budget_q)) ||
                     (is_desc && runs_q && reported && !run_ext && (run_cnt_q == rcap_q)));
  assign s1_disc  = uop_vld_q && stop_q && (uop_kind_q != U_END);
  assign s1_act   = !s1_stop && !s1_disc;
  assign stop_va  = (uop_va_q > startp_q) ? uop_va_q : startp_q;
  // RUNS: a reported leaf that begins a run writes the open one; the end writes the last one
  assign run_close = is_desc && s1_act && runs_q && reported && !run_ext && run_open_q;
  assign end_flush = is_end && run_open_q;

  always_comb begin
    rec_v    = 1'b0;
    rec_type = 2'd0;
    rec_w1   = 64'd0;
    case (uop_kind_q)
      U_DESC: begin
        rec_v    = is_trans || rec_addr_sz || (leaf && is_blk && !runs_q);
        rec_type = is_trans ? `RA_FAULT_TRANSLATION :
                   rec_addr_sz ? `RA_FAULT_ADDRESS_SIZE : 2'd0;
        rec_w1   = uop_desc_q;
      end
      U_BUS: begin
        rec_v    = 1'b1;
        rec_type = `RA_FAULT_BUS;
      end
      U_TTBR: begin
        rec_v    = 1'b1;
        rec_type = `RA_FAULT_ADDRESS_SIZE;
      end
      default: begin
      end
    endcase
    rec_v = rec_v && s1_act;
  end

  // the record (docs/registers.md, SCAN_REC); rec_w1 is the descriptor
  logic [127:0] rec_entry;
  assign rec_entry = ra_scan_rec_pack({uop_va_q, 12'd0}, uop_lvl_q, {2'd0, rec_type}, young,
                                      dirty, rec_w1);
  assign rec_wr = rec_v && !trunc_q && (cnt_rec_q < cap_q);

  assign need_set = is_desc && s1_act && !runs_q && reported;
  assign need_at  = is_desc && s1_act && clear_af_q && (young || (pf && b_young));
  assign ok_at    = !need_at || !at_full;
  assign ok_rec   = !(rec_wr || run_close) || !rf_full;

  assign bm_set_valid = need_set && ok_at && ok_rec;
  assign bm_fin_valid = is_end;

  always_comb begin
    s1_fire = 1'b0;
    if (uop_vld_q) begin
      if (s1_stop || s1_disc) begin
        s1_fire = 1'b1;
      end else if (uop_kind_q == U_END) begin
        s1_fire = bm_fin_done && !run_open_q;
      end else if (need_set) begin
        s1_fire = bm_set_done;
      end else begin
        s1_fire = ok_at && ok_rec;
      end
    end
  end

  // a run (docs/registers.md, SCAN_RUN): VA of its first page, young, dirty, page count
  logic [35:0] run_vpn;
  logic [36:0] run_npages;
  logic [63:0] run_w0, run_w1;
  logic [31:0] run_idx;
  logic        run_push;
  assign run_vpn    = startp_q + run_p0_q;
  assign run_npages = run_p1_q - {1'b0, run_p0_q};
  assign {run_w1, run_w0} = ra_scan_run_pack({run_vpn, 12'd0}, run_y_q, run_d_q,
                                             {27'd0, run_npages});
  assign run_idx    = run_cnt_q - 32'd1;
  assign run_push   = (s1_fire && run_close) || (end_flush && !rf_full);

  logic s1_done;   // the micro-op is interpreted (fired, not stopped or dropped)
  assign s1_done  = s1_fire && s1_act;
  assign s1_split = PAIR && uop_pair_q && !pf && s1_done;
  assign s1_adv   = s1_fire && !s1_split;
  assign at_push  = s1_done && need_at;
  assign rf_push  = (s1_done && rec_wr) || run_push;
  assign rf_wdata = run_push ? {runbase_q + {12'd0, run_idx}, run_w0, run_w1}
                             : {rbase_q + {12'd0, cnt_rec_q}, rec_entry[63:0],
                                rec_entry[127:64]};

  assign ev_pte_scanned_o = {s1_done && is_desc && pf, s1_done && is_desc && !pf};
  assign ev_young_o       = !s1_done ? 2'd0 :
                            pf ? ({1'b0, young} + {1'b0, b_young}) : {1'b0, young};
  assign ev_af_cleared_o  = at_push;
  assign ev_dirty_o       = !s1_done ? 2'd0 :
                            pf ? ({1'b0, dirty} + {1'b0, b_dirty}) : {1'b0, dirty};
  assign ev_fault_o       = s1_done && rec_v && (rec_type != 2'd0);

  // the open run (RUNS)
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      run_open_q <= 1'b0;
      run_cnt_q  <= 32'd0;
      run_p0_q   <= 36'd0;
      run_p1_q   <= 37'd0;
      run_y_q    <= 1'b0;
      run_d_q    <= 1'b0;
      stop_q     <= 1'b0;
      resume_q   <= 36'd0;
    end else if (run_start) begin
      run_open_q <= 1'b0;
      run_cnt_q  <= 32'd0;
      stop_q     <= 1'b0;
    end else begin
      if (s1_fire && s1_stop) begin
        stop_q   <= 1'b1;
        resume_q <= stop_va;
      end
      if (end_flush && !rf_full) begin
        run_open_q <= 1'b0;
      end
      if (s1_done && is_desc && runs_q && reported) begin
        if (run_ext) begin
          run_p1_q <= l_p1;
        end else begin
          run_open_q <= 1'b1;
          run_cnt_q  <= run_cnt_q + 32'd1;
          run_p0_q   <= l_p0;
          run_p1_q   <= l_p1;
          run_y_q    <= l_young;
          run_d_q    <= l_dirty;
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni || run_start) begin
      cnt_young_q <= 32'd0;
      cnt_rec_q   <= 32'd0;
      cnt_pte_q   <= 32'd0;
      used_q      <= 32'd0;
      cnt_dirty_q <= 32'd0;
      trunc_q     <= 1'b0;
      ff_vld_q    <= 1'b0;
      ff_kind_q   <= 2'd0;
      ff_lvl_q    <= 2'd0;
      ff_va_q     <= 36'd0;
      end_seen_q  <= 1'b0;
      rerr_q      <= 1'b0;
    end else if (s1_done) begin
      if (uop_kind_q == U_BUS && uop_rerr_q) begin
        rerr_q <= 1'b1;
      end
      if (ev_pte_scanned_o != 2'd0) begin
        cnt_pte_q <= cnt_pte_q + (PAIR ? {30'd0, ev_pte_scanned_o} : 32'd1);
        used_q    <= used_q + (PAIR ? {30'd0, ev_pte_scanned_o} : 32'd1);
      end
      if (is_bus) begin
        used_q <= used_q + 32'd1;
      end
      if (ev_young_o != 2'd0) begin
        cnt_young_q <= cnt_young_q + (PAIR ? {30'd0, ev_young_o} : 32'd1);
      end
      if (ev_dirty_o != 2'd0) begin
        cnt_dirty_q <= cnt_dirty_q + (PAIR ? {30'd0, ev_dirty_o} : 32'd1);
      end
      if (rec_v) begin
        cnt_rec_q <= cnt_rec_q + 32'd1;
        if (!rec_wr) begin
          trunc_q <= 1'b1;
        end
      end
      if (ev_fault_o && !ff_vld_q) begin
        ff_vld_q  <= 1'b1;
        ff_kind_q <= rec_type;
        ff_lvl_q  <= uop_lvl_q;
        ff_va_q   <= uop_va_q;
      end
      if (is_end) begin
        end_seen_q <= 1'b1;
      end
    end
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Bitmaps, records, atomics
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic        bm_wr_valid, bm_wr_ready;
  logic [47:0] bm_wr_addr;
  logic [63:0] bm_wr_data;

  ra_bitmap_wr #(
    .PAIR (PAIR ? 1 : 0)
  ) u_bitmap (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .init_i      (run_start),
    .nwords_i    (nwords_q),
    .ybase_i     (ybase_q),
    .dbase_i     (dbase_q),
    .dirty_en_i  (rep_dirty_q),
    .set_valid_i (bm_set_valid),
    .set_p0_i    (l_p0),
    .set_p1_i    (l_p1),
    .set_y_i     (l_young),
    .set_d_i     (l_dirty),
    .set_pat_i   (pf),
    .set_ybits_i (pat_y),
    .set_dbits_i (pat_d),
    .set_done_o  (bm_set_done),
    .fin_valid_i (bm_fin_valid),
    .fin_done_o  (bm_fin_done),
    .idle_o      (bm_idle),
    .wr_valid_o  (bm_wr_valid),
    .wr_ready_i  (bm_wr_ready),
    .wr_addr_o   (bm_wr_addr),
    .wr_data_o   (bm_wr_data)
  );

  // records: {address [47:4], word 0, word 1}
  ra_fifo #(
    .WIDTH (172),
    .DEPTH (2)
  ) u_rec_fifo (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .clr_i   (run_start),
    .push_i  (rf_push),
    .wdata_i (rf_wdata),
    .pop_i   (rf_pop),
    .rdata_o (rf_rdata),
    .empty_o (rf_empty),
    .full_o  (rf_full)
  );

  // AF clears: descriptor address [47:3] (of the pair's second one when only it is young)
  logic [44:0] at_wdata;
  assign at_wdata = (pf && !young) ? {uop_daddr_q[44:1], 1'b1} : uop_daddr_q;

  ra_fifo #(
    .WIDTH (45),
    .DEPTH (2)
  ) u_at_fifo (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .clr_i   (run_start),
    .push_i  (at_push),
    .wdata_i (at_wdata),
    .pop_i   (at_pop),
    .rdata_o (at_rdata),
    .empty_o (at_empty),
    .full_o  (at_full)
  );

  assign mp_at_valid_o = !at_empty;
  assign mp_at_addr_o  = {at_rdata, 3'd0};
  assign mp_at_mask_o  = 64'd1 << 10;
  assign at_pop        = mp_at_valid_o && mp_at_ready_i;

  // write port: record words and bitmap words, alternating when both wait
  logic rsub_q, rsub_d;   // 1: word 1 of the head record is next
  logic rr_q, rr_d;       // 1: the bitmap has priority
  logic sel_rec;
  logic hs_q;             // a write or atomic handshake happened last cycle

  logic [47:0] rf_addr;
  logic [63:0] rf_w0, rf_w1;
  assign rf_addr = {rf_rdata[171:128], rsub_q, 3'd0};
  assign rf_w0   = rf_rdata[127:64];
  assign rf_w1   = rf_rdata[63:0];

  assign sel_rec       = !rf_empty && (!bm_wr_valid || !rr_q || rsub_q);
  assign mp_wr_valid_o = !rf_empty || bm_wr_valid;
  assign mp_wr_addr_o  = sel_rec ? rf_addr : bm_wr_addr;
  assign mp_wr_data_o  = sel_rec ? (rsub_q ? rf_w1 : rf_w0) : bm_wr_data;
  assign bm_wr_ready   = !sel_rec && mp_wr_ready_i;

  always_comb begin
    rf_pop        = 1'b0;
    rsub_d        = rsub_q;
    rr_d          = rr_q;
    if (mp_wr_valid_o && mp_wr_ready_i) begin
      if (sel_rec) begin
        if (rsub_q) begin
          rf_pop = 1'b1;
          rsub_d = 1'b0;
          rr_d   = 1'b1;
        end else begin
          rsub_d = 1'b1;
        end
      end else begin
        rr_d = 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rsub_q <= 1'b0;
      rr_q   <= 1'b0;
      hs_q   <= 1'b0;
    end else begin
      rsub_q <= rsub_d;
      rr_q   <= rr_d;
      hs_q   <= (mp_wr_valid_o && mp_wr_ready_i) || at_pop;
    end
  end

  // nothing left to hand over, nothing handed over last cycle, every response received
  logic local_idle;
  assign local_idle = rf_empty && !rsub_q && bm_idle && at_empty && !hs_q;
  assign flush_idle = local_idle && mp_wr_idle_i;

  // the front end may read a line that earlier atomics may have changed
  assign drain_ok = q_empty && !uop_vld_q && at_empty && !hs_q && mp_wr_idle_i;

endmodule

`default_nettype wire

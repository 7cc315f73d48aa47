// reclaim-accel: WALK engine (page-table walker).
//
// Translates a list of VAs through an AArch64 VMSAv8-64 stage-1, 4 KiB granule, 48-bit VA,
// four-level table (docs/device.md, sections "Translation format", "Command descriptor", "WALK",
// "Memory access pattern"). Ports follow docs/rtl.md ("Internal memory port", "Engine control").
//
// A VA-list word or a descriptor delivered with a bus error (mp_rd_err_i) makes that VA a bus
// fault (level 0, or the level read); a failed VA is not walked.
//
// One memory request is outstanding at a time: a 64-byte line of the VA list, or one descriptor
// word. Result writes are posted (not waited for); the engine waits for mp_wr_idle_i once, at the
// end, before it pulses done_o.

`default_nettype none
`include "ra_regs.vh"
`include "ra_mp.svh"

module ra_ptw #(
  parameter WALK_CACHE = 16  // walk-cache entries (0 disables the cache, max 64)
) (
  `RA_ENGINE_PORTS,  // clock, reset, start/cmd, PA_BITS, windows, done/cpl (docs/registers.md)

  `RA_MP_PORTS,     // memory port (docs/registers.md, "Memory port")

  // events (one-cycle pulses to the performance counters)
  output logic [3:0]   ev_desc_read_o,     // descriptors delivered this cycle
  output logic         ev_walk_o,          // one VA walked (faulting ones included)
  output logic         ev_wc_hit_o,        // walk-cache lookup hit
  output logic         ev_wc_miss_o,       // walk-cache lookup miss
  output logic         ev_fault_o          // one VA's result carries a fault
);

  integer k;  // loop index of constant-index writes (a variable part-select on the left
              // would make Yosys build a shifter as wide as the vector)

  localparam WC_EN = (WALK_CACHE > 0) ? 1 : 0;  // a walk cache is built

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Command fields
  //////////////////////////////////////////////////////////////////////////////////////////////

  `include "ra_desc_fields.svh"
  `include "ra_layouts.svh"

  // the opcode is decoded by ra_cmd; TTBR bits 63:48 (ASID) are ignored
  // BAD_ARGS: reserved bits, flags, arg3..arg5, TTBR[11:0], alignment, count 0 or > 2^20
  logic bad_args;
  assign bad_args = (cmd_flags != 8'd0) || (cmd_rsvd != 16'd0) || (cmd_budget != 32'd0) ||
                    (cmd_arg3 != 64'd0) || (cmd_arg4 != 64'd0) || (cmd_arg5 != 32'd0) ||
                    (cmd_ttbr[11:0] != 12'd0) || (cmd_arg0[2:0] != 3'd0) ||
                    (cmd_arg1[3:0] != 4'd0) || (cmd_arg2 == 64'd0) ||
                    (cmd_arg2 > 64'h0000_0000_0010_0000);

  // DMA: VA list [arg0, arg0+8*count) and results [arg1, arg1+16*count) each inside one window.
  // Only meaningful when bad_args is 0 (count <= 2^20, so the lengths fit easily). An address
  // with bits 63:48 set, or a buffer ending beyond 2^48, is inside no window.
  logic [20:0] count;
  logic [47:0] list_len, res_len;
  logic [48:0] list_end, res_end;
  logic        list_ok, res_ok, dma_bad;

  assign count    = cmd_arg2[20:0];
  assign list_len = {24'd0, count, 3'd0};
  assign res_len  = {23'd0, count, 4'd0};
  assign list_end = {1'b0, cmd_arg0[47:0]} + {1'b0, list_len};
  assign res_end  = {1'b0, cmd_arg1[47:0]} + {1'b0, res_len};

  ra_dma_check u_list_check (
    .addr_i      (cmd_arg0[47:0]),
    .len_i       (list_len),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (list_ok)
  );

  ra_dma_check u_res_check (
    .addr_i      (cmd_arg1[47:0]),
    .len_i       (res_len),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (res_ok)
  );

  assign dma_bad = (cmd_arg0[63:48] != 16'd0) || list_end[48] || !list_ok ||
                   (cmd_arg1[63:48] != 16'd0) || res_end[48]  || !res_ok;

  logic unused_end;
  assign unused_end = ^{list_end[47:0], res_end[47:0]};

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Physical address size: bits at or above PA_BITS (latched at start_i)
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic [48:0] pa_low;    // 2^PA_BITS - 1
  logic [47:0] pa_mask_q, pa_mask_d;

  assign pa_low = (49'd1 << pa_bits_i) - 49'd1;

  logic unused_pa_low;
  assign unused_pa_low = pa_low[48];

  //////////////////////////////////////////////////////////////////////////////////////////////
  // State
  //////////////////////////////////////////////////////////////////////////////////////////////

  localparam [3:0] ST_IDLE      = 4'd0;  // wait for start_i
  localparam [3:0] ST_CHECK     = 4'd1;  // BAD_ARGS / DMA checks
  localparam [3:0] ST_LINE_REQ  = 4'd2;  // request a VA-list line
  localparam [3:0] ST_LINE_DATA = 4'd3;  // receive its 8 words
  localparam [3:0] ST_VA        = 4'd4;  // steps 1..3 for the next VA
  localparam [3:0] ST_DESC_REQ  = 4'd5;  // step 4: bus check, descriptor read request
  localparam [3:0] ST_DESC_DATA = 4'd6;  // step 5: interpret the descriptor
  localparam [3:0] ST_WR0       = 4'd7;  // result word 0
  localparam [3:0] ST_WR1       = 4'd8;  // result word 1, then next VA
  localparam [3:0] ST_FIN       = 4'd9;  // wait for every write to be acknowledged

  logic [3:0]   state_q, state_d;
  logic [7:0]   status_q, status_d;     // completion status
  logic [47:6]  line_q, line_d;         // address of the current VA-list line
  logic [2:0]   beat_q, beat_d;         // word index while receiving a line
  logic [511:0] vbuf_q, vbuf_d;         // the current VA-list line
  logic [2:0]   wptr_q, wptr_d;         // word of vbuf_q holding the current VA
  logic [7:0]   verr_q, verr_d;         // words of vbuf_q delivered with a bus error
  logic [20:0]  remain_q, remain_d;     // VAs left, the current one included
  logic [47:4]  res_addr_q, res_addr_d; // address of the current result
  logic [63:0]  va_q, va_d;             // the current VA
  logic [1:0]   level_q, level_d;       // level being walked
  logic [47:12] table_q, table_d;       // table being walked
  logic [47:0]  res_pa_q, res_pa_d;     // result: output PA (0 on a fault)
  logic [1:0]   res_level_q, res_level_d;
  logic [1:0]   res_kind_q, res_kind_d;
  logic [1:0]   res_start_q, res_start_d;   // result: the level it began at (> 0: a cache hit)
  logic [63:0]  res_desc_q, res_desc_d;
  logic [127:0] res_entry;              // the WALK result (docs/registers.md, WALK_RES)
  logic [63:0]  res_word0;
  logic [20:0]  faults_q, faults_d;     // faulted VAs
  logic [1:0]   ff_kind_q, ff_kind_d;   // first fault: kind, level, VA
  logic [1:0]   ff_level_q, ff_level_d;
  logic [63:0]  ff_va_q, ff_va_d;
  logic         done_q, done_d;
  logic [3:0]   ev_desc_read_q, ev_desc_read_d;
  logic         ev_walk_q, ev_walk_d;
  logic         ev_wc_hit_q, ev_wc_hit_d;
  logic         ev_wc_miss_q, ev_wc_miss_d;
  logic         ev_fault_q, ev_fault_d;

  // the VA at wptr_q in the line buffer
  logic [63:0] va_cur;
  logic        va_top_bad;
  assign va_cur     = vbuf_q[{wptr_q, 6'd0} +: 64];
  assign va_top_bad = (va_cur[63:48] != 16'h0000) && (va_cur[63:48] != 16'hffff);

  // slices used by the FSM
  logic [47:6]  list_line0;   // first VA-list line
  logic [2:0]   list_word0;   // word of the first VA in it
  logic [47:4]  res_base;     // first result
  logic [47:12] ttbr_base;    // level-0 table
  logic [47:0]  pa_mask_new;  // bits at or above pa_bits_i
  assign list_line0  = cmd_arg0[47:6];
  assign list_word0  = cmd_arg0[5:3];
  assign res_base    = cmd_arg1[47:4];
  assign ttbr_base   = cmd_ttbr[47:12];
  assign pa_mask_new = ~pa_low[47:0];

  assign res_entry = ra_walk_res_pack(res_pa_q, res_level_q, res_kind_q, res_start_q != 2'd0,
                                      res_start_q, res_desc_q);
  assign res_word0 = res_entry[63:0];

  // completion entry (fault fields and counts are 0 for an error completion)
  logic         cpl_ok;
  logic [255:0] cpl_new;
  assign cpl_ok  = (status_q == `RA_ST_OK);
  // count0 VAs translated, count1 faults
  assign cpl_new = ra_cpl_pack(cmd_tag, status_q, cpl_ok ? {6'd0, ff_kind_q} : 8'd0,
                               cpl_ok ? {6'd0, ff_level_q} : 8'd0, 8'd0,
                               cpl_ok ? ff_va_q : 64'd0, cpl_ok ? {11'd0, count} : 32'd0,
                               cpl_ok ? {11'd0, faults_q} : 32'd0, 32'd0, 32'd0);

  // step 4: descriptor address = table + 8 * index(level)
  logic [8:0]  desc_idx;
  logic [47:0] desc_addr;
  logic        desc_ok;

  assign desc_idx = (level_q == 2'd0) ? va_q[47:39] :
                    (level_q == 2'd1) ? va_q[38:30] :
                    (level_q == 2'd2) ? va_q[29:21] : va_q[20:12];

  assign desc_addr = {table_q, desc_idx, 3'd0};

  ra_dma_check u_desc_check (
    .addr_i      (desc_addr),
    .len_i       (48'd8),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (desc_ok)
  );

  // the descriptor as it arrives, decoded
  logic [63:0] rd_desc;
  logic        ttbr_above, tbl_above, page_above, blk1_above, blk2_above;
  logic        desc_v, desc_b1;     // bits 0 and 1
  logic [47:12] desc_tbl;           // table / page address field
  logic [47:0] page_pa, blk1_pa, blk2_pa;

  assign rd_desc    = mp_rd_data_i;
  assign desc_v     = rd_desc[0];
  assign desc_b1    = rd_desc[1];
  assign desc_tbl   = rd_desc[47:12];
  assign page_pa    = {rd_desc[47:12], va_q[11:0]};
  assign blk1_pa    = {rd_desc[47:30], va_q[29:0]};
  assign blk2_pa    = {rd_desc[47:21], va_q[20:0]};
  assign ttbr_above = |(cmd_ttbr[47:12] & pa_mask_q[47:12]);
  assign tbl_above  = |(rd_desc[47:12] & pa_mask_q[47:12]);
  assign page_above = tbl_above;                                // same field, desc[47:12]
  assign blk1_above = |(rd_desc[47:30] & pa_mask_q[47:30]);
  assign blk2_above = |(rd_desc[47:21] & pa_mask_q[47:21]);

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Walk cache
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic         wc_hit;
  logic [1:0]   wc_hit_level;
  logic [47:12] wc_hit_table;
  logic         wc_ins;

  generate
    if (WC_EN != 0) begin : g_wc
      ra_walk_cache #(
        .ENTRIES (WALK_CACHE)
      ) u_walk_cache (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .flush_i     (start_i),
        .lookup_i    (state_q == ST_VA),
        .lookup_va_i (va_cur[47:21]),
        .hit_o       (wc_hit),
        .hit_level_o (wc_hit_level),
        .hit_table_o (wc_hit_table),
        .ins_i       (wc_ins),
        .ins_level_i (level_q),
        .ins_va_i    (va_q[47:21]),
        .ins_table_i (desc_tbl)
      );
    end else begin : g_no_wc
      assign wc_hit       = 1'b0;
      assign wc_hit_level = 2'd0;
      assign wc_hit_table = '0;
      logic unused_wc;
      assign unused_wc = wc_ins;
    end
  endgenerate

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Walker FSM
  //
  // Translation of one VA (docs/device.md, WALK):
  //  1. VA[63:48] not all equal (neither 0x0000 nor 0xffff): translation fault, level 0, PA 0,
  //     descriptor 0. No lookup, no read.
  //  2. TTBR base (ttbr[47:12] << 12) at or above 2^PA_BITS: address-size fault, level 0,
  //     descriptor 0. No lookup, no read.
  //  3. With a walk cache: look up the deepest valid entry whose tag matches (level 2 tag
  //     VA[47:21], then level 1 VA[47:30], then level 0 VA[47:39]). Hit: count walk_cache_hits,
  //     continue at level L+1 with the cached table address. Miss: count walk_cache_misses,
  //     start at level 0 with the TTBR base. Without a walk cache: start at level 0, no count.
  //  4. At level L: descriptor address = table + 8 * VA index of level L (VA[47:39], [38:30],
  //     [29:21], [20:12]). If [addr, addr+8) is outside every DMA window: bus fault, level L,
  //     descriptor 0, and no read is issued. Otherwise one single-word read (desc_read += 1).
  //  5. Interpret the descriptor d at level L:
  //     a. d[0] = 0: translation fault, level L (d reported).
  //     b. L = 3: d[1] = 0 ('01'): translation fault. d[1] = 1: 4 KiB page, output address
  //        d[47:12] << 12; at or above 2^PA_BITS: address-size fault (d reported); else
  //        PA = OA | VA[11:0].
  //     c. L = 0..2, d[1] = 1: table at d[47:12] << 12; at or above 2^PA_BITS: address-size
  //        fault, level L (d reported). Else insert {L, tag(VA, L), table} into the walk cache
  //        at the round-robin pointer and go to step 4 at level L+1.
  //     d. L = 0, '01': translation fault (block at level 0).
  //     e. L = 1 or 2, '01': block; output address d[47:30] << 30 (L1) or d[47:21] << 21 (L2);
  //        at or above 2^PA_BITS: address-size fault; else PA = OA | VA[29:0] or VA[20:0].
  //  6. Write the result at arg1 + 16*i: word 0 = PA[47:0] | level << 56 | fault kind << 60,
  //     word 1 = the descriptor (leaf or faulting; 0 for steps 1, 2 and bus faults). A fault
  //     counts `faults`; the first one in list order is reported in the completion.
  //
  // The VA list is read one 64-byte line at a time, each line holding part of
  // [arg0, arg0 + 8*count) exactly once, in ascending order: the first line is arg0 & ~63, the
  // next one is fetched when the VA after word 7 of a line is needed.
  //////////////////////////////////////////////////////////////////////////////////////////////

  always_comb begin
    k              = 0;
    // defaults
    state_d        = state_q;
    status_d       = status_q;
    pa_mask_d      = pa_mask_q;
    line_d         = line_q;
    beat_d         = beat_q;
    vbuf_d         = vbuf_q;
    verr_d         = verr_q;
    wptr_d         = wptr_q;
    remain_d       = remain_q;
    res_addr_d     = res_addr_q;
    va_d           = va_q;
    level_d        = level_q;
    table_d        = table_q;
    res_pa_d       = res_pa_q;
    res_level_d    = res_level_q;
    res_kind_d     = res_kind_q;
    res_start_d    = res_start_q;
    res_desc_d     = res_desc_q;
    faults_d       = faults_q;
    ff_kind_d      = ff_kind_q;
    ff_level_d     = ff_level_q;
    ff_va_d        = ff_va_q;
    done_d         = 1'b0;
    ev_desc_read_d = 4'd0;
    ev_walk_d      = 1'b0;
    ev_wc_hit_d    = 1'b0;
    ev_wc_miss_d   = 1'b0;
    ev_fault_d     = 1'b0;
    wc_ins         = 1'b0;

    mp_rd_req_valid_o = 1'b0;
    mp_rd_req_addr_o  = {line_q, 6'd0};
    mp_rd_req_line_o  = 1'b0;
    mp_rd_ready_o     = 1'b0;
    mp_wr_valid_o     = 1'b0;
    mp_wr_addr_o      = {res_addr_q, 4'd0};
    mp_wr_data_o      = res_word0;

    case (state_q)
      ST_IDLE: begin
        if (start_i) begin
          pa_mask_d  = pa_mask_new;
          status_d   = `RA_ST_OK;
          faults_d   = '0;
          ff_kind_d  = `RA_FAULT_NONE;
          ff_level_d = 2'd0;
          ff_va_d    = '0;
          state_d    = ST_CHECK;
        end
      end

      ST_CHECK: begin
        line_d     = list_line0;
        wptr_d     = list_word0;
        remain_d   = count;
        res_addr_d = res_base;
        if (bad_args) begin
          status_d = `RA_ST_BAD_ARGS;
          state_d  = ST_FIN;
        end else if (dma_bad) begin
          status_d = `RA_ST_DMA;
          state_d  = ST_FIN;
        end else begin
          state_d  = ST_LINE_REQ;
        end
      end

      ST_LINE_REQ: begin
        mp_rd_req_valid_o = 1'b1;
        mp_rd_req_addr_o  = {line_q, 6'd0};
        mp_rd_req_line_o  = 1'b1;
        if (mp_rd_req_ready_i) begin
          beat_d  = 3'd0;
          state_d = ST_LINE_DATA;
        end
      end

      ST_LINE_DATA: begin
        mp_rd_ready_o = 1'b1;
        if (mp_rd_valid_i) begin
          for (k = 0; k < 8; k = k + 1) begin
            if (beat_q == k[2:0]) begin
              vbuf_d[64*k +: 64] = mp_rd_data_i;
              verr_d[k]          = mp_rd_err_i;
            end
          end
          beat_d = beat_q + 3'd1;
          if (mp_rd_last_i) begin
            state_d = ST_VA;
          end
        end
      end

      // steps 1..3
      ST_VA: begin
        va_d        = va_cur;
        ev_walk_d   = 1'b1;
        res_pa_d    = '0;
        res_level_d = 2'd0;
        res_desc_d  = '0;
        res_start_d = 2'd0;
        if (verr_q[wptr_q]) begin
          // the list word was answered with a bus error: no VA, no walk
          res_kind_d = `RA_FAULT_BUS;
          state_d    = ST_WR0;
        end else if (va_top_bad) begin
          res_kind_d = `RA_FAULT_TRANSLATION;
          state_d    = ST_WR0;
        end else if (ttbr_above) begin
          res_kind_d = `RA_FAULT_ADDRESS_SIZE;
          state_d    = ST_WR0;
        end else begin
          res_kind_d = `RA_FAULT_NONE;
          level_d    = 2'd0;
          table_d    = ttbr_base;
          if (WC_EN != 0) begin
            if (wc_hit) begin
              ev_wc_hit_d  = 1'b1;
              res_start_d  = wc_hit_level + 2'd1;
              level_d     = wc_hit_level + 2'd1;
              table_d     = wc_hit_table;
            end else begin
              ev_wc_miss_d = 1'b1;
            end
          end
          state_d = ST_DESC_REQ;
        end
      end

      // step 4
      ST_DESC_REQ: begin
        if (!desc_ok) begin
          res_kind_d  = `RA_FAULT_BUS;
          res_level_d = level_q;
          res_pa_d    = '0;
          res_desc_d  = '0;
          state_d     = ST_WR0;
        end else begin
          mp_rd_req_valid_o = 1'b1;
          mp_rd_req_addr_o  = desc_addr;
          mp_rd_req_line_o  = 1'b0;
          if (mp_rd_req_ready_i) begin
            state_d = ST_DESC_DATA;
          end
        end
      end

      // step 5
      ST_DESC_DATA: begin
        mp_rd_ready_o = 1'b1;
        if (mp_rd_valid_i) begin
          ev_desc_read_d = 4'd1;
          res_level_d    = level_q;
          res_desc_d     = rd_desc;
          res_pa_d       = '0;
          res_kind_d     = `RA_FAULT_NONE;
          state_d        = ST_WR0;
          if (mp_rd_err_i) begin
            // the descriptor read was answered with a bus error: a bus fault at this level
            res_kind_d = `RA_FAULT_BUS;
            res_desc_d = '0;
          end else if (!desc_v) begin
            // 5a: invalid
            res_kind_d = `RA_FAULT_TRANSLATION;
          end else if (level_q == 2'd3) begin
            if (!desc_b1) begin
              // 5b: '01' at level 3
              res_kind_d = `RA_FAULT_TRANSLATION;
            end else if (page_above) begin
              res_kind_d = `RA_FAULT_ADDRESS_SIZE;
            end else begin
              res_pa_d = page_pa;
            end
          end else if (desc_b1) begin
            // 5c: table
            if (tbl_above) begin
              res_kind_d = `RA_FAULT_ADDRESS_SIZE;
            end else begin
              wc_ins  = 1'b1;
              table_d = desc_tbl;
              level_d = level_q + 2'd1;
              state_d = ST_DESC_REQ;
            end
          end else if (level_q == 2'd0) begin
            // 5d: block at level 0
            res_kind_d = `RA_FAULT_TRANSLATION;
          end else if (level_q == 2'd1) begin
            // 5e: 1 GiB block
            if (blk1_above) begin
              res_kind_d = `RA_FAULT_ADDRESS_SIZE;
            end else begin
              res_pa_d = blk1_pa;
            end
          end else begin
            // 5e: 2 MiB block
            if (blk2_above) begin
              res_kind_d = `RA_FAULT_ADDRESS_SIZE;
            end else begin
              res_pa_d = blk2_pa;
            end
          end
        end
      end

      // step 6
      ST_WR0: begin
        mp_wr_valid_o = 1'b1;
        mp_wr_addr_o  = {res_addr_q, 4'd0};
        mp_wr_data_o  = res_word0;
        if (mp_wr_ready_i) begin
          state_d = ST_WR1;
        end
      end

      ST_WR1: begin
        mp_wr_valid_o = 1'b1;
        mp_wr_addr_o  = {res_addr_q, 4'd8};
        mp_wr_data_o  = res_entry[127:64];
        if (mp_wr_ready_i) begin
          if (res_kind_q != `RA_FAULT_NONE) begin
            ev_fault_d = 1'b1;
            faults_d   = faults_q + 21'd1;
            if (faults_q == 21'd0) begin
              ff_kind_d  = res_kind_q;
              ff_level_d = res_level_q;
              ff_va_d    = va_q;
            end
          end
          res_addr_d = res_addr_q + 44'd1;
          remain_d   = remain_q - 21'd1;
          if (remain_q == 21'd1) begin
            state_d = ST_FIN;
          end else if (wptr_q == 3'd7) begin
            wptr_d  = 3'd0;
            line_d  = line_q + 42'd1;
            state_d = ST_LINE_REQ;
          end else begin
            wptr_d  = wptr_q + 3'd1;
            state_d = ST_VA;
          end
        end
      end

      ST_FIN: begin
        if (mp_wr_idle_i) begin
          done_d  = 1'b1;
          state_d = ST_IDLE;
        end
      end

      default: begin
        state_d = ST_IDLE;
      end
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q        <= ST_IDLE;
      status_q       <= `RA_ST_OK;
      pa_mask_q      <= '0;
      line_q         <= '0;
      beat_q         <= '0;
      vbuf_q         <= '0;
      verr_q         <= '0;
      wptr_q         <= '0;
      remain_q       <= '0;
      res_addr_q     <= '0;
      va_q           <= '0;
      level_q        <= '0;
      table_q        <= '0;
      res_pa_q       <= '0;
      res_level_q    <= '0;
      res_start_q    <= 2'd0;
      res_kind_q     <= '0;
      res_desc_q     <= '0;
      faults_q       <= '0;
      ff_kind_q      <= '0;
      ff_level_q     <= '0;
      ff_va_q        <= '0;
      done_q         <= 1'b0;
      ev_desc_read_q <= '0;
      ev_walk_q      <= 1'b0;
      ev_wc_hit_q    <= 1'b0;
      ev_wc_miss_q   <= 1'b0;
      ev_fault_q     <= 1'b0;
    end else begin
      state_q        <= state_d;
      status_q       <= status_d;
      pa_mask_q      <= pa_mask_d;
      line_q         <= line_d;
      beat_q         <= beat_d;
      vbuf_q         <= vbuf_d;
      verr_q         <= verr_d;
      wptr_q         <= wptr_d;
      remain_q       <= remain_d;
      res_addr_q     <= res_addr_d;
      va_q           <= va_d;
      level_q        <= level_d;
      table_q        <= table_d;
      res_pa_q       <= res_pa_d;
      res_level_q    <= res_level_d;
      res_start_q    <= res_start_d;
      res_kind_q     <= res_kind_d;
      res_desc_q     <= res_desc_d;
      faults_q       <= faults_d;
      ff_kind_q      <= ff_kind_d;
      ff_level_q     <= ff_level_d;
      ff_va_q        <= ff_va_d;
      done_q         <= done_d;
      ev_desc_read_q <= ev_desc_read_d;
      ev_walk_q      <= ev_walk_d;
      ev_wc_hit_q    <= ev_wc_hit_d;
      ev_wc_miss_q   <= ev_wc_miss_d;
      ev_fault_q     <= ev_fault_d;
    end
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Outputs
  //////////////////////////////////////////////////////////////////////////////////////////////

  assign done_o         = done_q;
  // the completion is built from fields that hold from the end of the command until the next
  // start_i (cmd_i holds until then too)
  assign cpl_o          = cpl_new;
  assign ev_desc_read_o = ev_desc_read_q;
  assign ev_walk_o      = ev_walk_q;
  assign ev_wc_hit_o    = ev_wc_hit_q;
  assign ev_wc_miss_o   = ev_wc_miss_q;
  assign ev_fault_o     = ev_fault_q;

  // WALK issues no atomics
  assign mp_at_valid_o  = 1'b0;
  assign mp_at_addr_o   = '0;
  assign mp_at_mask_o   = '0;

  logic unused_at;
  assign unused_at = mp_at_ready_i;

endmodule

`default_nettype wire

// reclaim-accel: page engines HASH, CMP and COPY.
//
// Works on 4 KiB pages given by physical address (docs/device.md, sections "Command descriptor",
// "Completion entry", "HASH, CMP, COPY", "Memory access pattern"). Ports follow docs/rtl.md
// ("Internal memory port", "Engine control").
//
// Algorithm (the spec, as numbered steps):
//  1. Check the command: BAD_ARGS (flags, reserved fields, TTBR, arg3..arg5 non-zero; list
//     alignment 8 for HASH, 16 for CMP and COPY; result alignment 8; count 0 or > 2^20), then
//     DMA (list [arg0, arg0 + 8 or 16 * count) and results [arg1, arg1 + 8 * count) each inside
//     one window). An error completes at once, with no memory access.
//  2. For each entry in list order (the list is read one 64-byte line at a time, each line that
//     holds part of it read once, in ascending order): check the page PA, or the pair's first
//     then second PA: not 4 KiB aligned or at/above 2^PA_BITS -> address-size fault; the page not
//     inside one window -> bus fault. A fault counts `faults`, the first one goes to the
//     completion (kind, level = which PA of the pair, VA field = that PA) and its result is the
//     fault word; nothing of its pages is touched.
//  3. HASH: read the page as 64 lines; result = XXH64 low 32 bits | ZERO << 32.
//     CMP: read line k of a then line k of b, k = 0..63; result = EQUAL << 32 or the offset of
//     the first differing byte. COPY: read line k of the source and write its 8 words to the
//     destination's line k, k = 0..63; result = 1.
//  4. One 8-byte result per entry at arg1 + 8*i, in list order; completion: count0 = entries
//     without a fault, count1 = faulted entries, count2 = zero pages (HASH) / equal pairs (CMP).
//  Bus errors (docs/device.md, "Bus errors"): a list word answered with an error makes its PA a
//  bus fault (checked first, before the address-size and window checks of that PA); a page line
//  answered with an error makes the entry a bus fault at the PA of the first such line (its
//  lines are all read, COPY writes what it read, which is 0 for the failed words).
//
// Micro-architecture:
// - Front end (states F_*): takes the entries one at a time from a one-line list buffer, checks
//   their PAs and issues the read requests of their pages (as many in flight as the memory port
//   accepts: the master keeps RD_INFLIGHT bursts outstanding). For every group of requests (a
//   list line, a page entry) and for every faulted entry it pushes one item into the work queue,
//   in request order. At the last entry of a list line it requests the next line before that
//   entry's pages, so its data has arrived by the time the entry after it is needed and the page
//   reads of consecutive entries follow each other without a gap.
// - Back end (states B_*): consumes the queue in order together with the returning read data
//   (which comes back in request order), one word per cycle: list words into the list buffer;
//   HASH words into ra_xxh64; CMP words into a one-line buffer (line of a) and a byte
//   comparator (line of b), the result one cycle after the last word (B_CMPE); COPY words
//   straight out as single-word writes. Each entry leaves one ticket in the result queue.
// - Writer: writes the results from the result queue in order (a HASH ticket waits for its
//   checksum, which ra_xxh64 produces while the next page streams in). COPY data is written
//   only while the result queue is empty, so entry i's result precedes entry i+1's data.
// - At most one page entry waits in the work queue besides the one the back end works on.
// - Read/write ordering: reads run ahead of the writes of earlier entries. A read that may see
//   bytes written earlier in the command - a list line overlapping the result list, any read
//   inside the result list's pages, or inside the destination page of a COPY entry queued, in
//   progress or just finished - is issued only once the back end has drained and every write is
//   acknowledged, so every read sees memory as a sequential execution would. (The entry before
//   the last finished COPY has all its writes acknowledged: its 513 writes precede the last
//   one's 513, and the master has at most WR_INFLIGHT + 2 <= 257 writes unacknowledged.)

`default_nettype none
`include "ra_regs.vh"
`include "ra_mp.svh"

module ra_page #(
  parameter HASH_FAST = 1  // 1: checksum at one word per cycle; 0: one word per 8 cycles, small
) (
  `RA_ENGINE_PORTS,  // clock, reset, start/cmd, PA_BITS, windows, done/cpl (docs/registers.md)

  `RA_MP_PORTS,     // memory port (docs/registers.md, "Memory port")

  // events (to the performance counters)
  output logic [1:0]   ev_fault_o,         // entries faulted this cycle (0..2)
  output logic         ev_hashed_o,        // one page hashed (its result written)
  output logic         ev_zero_o,          // ... and it held only zero bytes
  output logic [3:0]   ev_bytes_hashed_o,  // bytes fed to the checksum this cycle (0 or 8)
  output logic         ev_compare_o,       // one pair compared
  output logic         ev_copy_o           // one page copied
);

  integer k;  // loop index of constant-index writes (a variable part-select on the left
              // would make Yosys build a shifter as wide as the vector)

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Command fields and checks
  //////////////////////////////////////////////////////////////////////////////////////////////

  `include "ra_desc_fields.svh"
  `include "ra_layouts.svh"

  // ra_cmd starts this engine for opcodes 3..5 only
  logic is_hash, is_cmp, is_copy, is_pair;
  assign is_hash = (cmd_opcode == `RA_OP_HASH);
  assign is_cmp  = (cmd_opcode == `RA_OP_CMP);
  assign is_copy = (cmd_opcode == `RA_OP_COPY);
  assign is_pair = ~is_hash;

  logic bad_args;
  assign bad_args = (cmd_flags != 8'd0) || (cmd_rsvd != 16'd0) || (cmd_budget != 32'd0) ||
                    (cmd_ttbr != 64'd0) || (cmd_arg3 != 64'd0) || (cmd_arg4 != 64'd0) ||
                    (cmd_arg5 != 32'd0) || (cmd_arg0[2:0] != 3'd0) ||
                    (is_pair && cmd_arg0[3]) || (cmd_arg1[2:0] != 3'd0) ||
                    (cmd_arg2 == 64'd0) || (cmd_arg2 > 64'h0000_0000_0010_0000);

  // DMA: list [arg0, arg0 + 8|16 * count), results [arg1, arg1 + 8 * count). Only meaningful
  // when bad_args is 0 (count <= 2^20). An address with bits 63:48 set, or a buffer ending beyond
  // 2^48, is inside no window.
  logic [20:0] count;
  logic [47:0] list_len, res_len;
  logic [48:0] list_end, res_end;
  logic        list_ok, res_ok, dma_bad;

  assign count    = cmd_arg2[20:0];
  assign list_len = is_pair ? {23'd0, count, 4'd0} : {24'd0, count, 3'd0};
  assign res_len  = {24'd0, count, 3'd0};
  assign list_end = {1'b0, cmd_arg0[47:0]} + {1'b0, list_len};
  assign res_end  = {1'b0, cmd_arg1[47:0]} + {1'b0, res_len};

  assign dma_bad = (cmd_arg0[63:48] != 16'd0) || list_end[48] || !list_ok ||
                   (cmd_arg1[63:48] != 16'd0) || res_end[48]  || !res_ok;

  // the last result word's address: the result list spans lines res_lo_line..res_hi_line and
  // pages res_lo_pg..res_hi_pg (valid once the checks passed)
  logic [47:0] res_last;
  logic [47:6] res_lo_line, res_hi_line;
  logic [47:12] res_lo_pg, res_hi_pg;
  assign res_last    = cmd_arg1[47:0] + res_len - 48'd8;
  assign res_lo_line = cmd_arg1[47:6];
  assign res_hi_line = res_last[47:6];
  assign res_lo_pg   = cmd_arg1[47:12];
  assign res_hi_pg   = res_last[47:12];

  logic unused_cmd;
  assign unused_cmd = ^{list_end[47:0], res_end[47:0], res_last[5:0], is_cmp};

  //////////////////////////////////////////////////////////////////////////////////////////////
  // State
  //////////////////////////////////////////////////////////////////////////////////////////////

  // front end states
  localparam [3:0] F_IDLE   = 4'd0;   // wait for start_i
  localparam [3:0] F_CHECK  = 4'd1;   // BAD_ARGS / DMA checks
  localparam [3:0] F_LIST   = 4'd2;   // request the list line lline_q (on demand)
  localparam [3:0] F_WAIT   = 4'd3;   // wait for the list line
  localparam [3:0] F_ENTRY  = 4'd4;   // take the entry's PAs from the list buffer
  localparam [3:0] F_DECIDE = 4'd5;   // last entry of its line: request the next line early
  localparam [3:0] F_PUT    = 4'd6;   // fault item, or page item (waits for a hazard to drain)
  localparam [3:0] F_ISSUE  = 4'd7;   // page line requests
  localparam [3:0] F_NEXT   = 4'd8;   // next entry
  localparam [3:0] F_END    = 4'd9;   // wait for the back end and the writer
  localparam [3:0] F_FIN    = 4'd10;  // wait for every write to be acknowledged

  // back end states
  localparam [2:0] B_IDLE = 3'd0;     // take the next work item
  localparam [2:0] B_LIST = 3'd1;     // 8 list words into the list buffer
  localparam [2:0] B_HASH = 3'd2;     // 512 words into the checksum
  localparam [2:0] B_CMP  = 3'd3;     // 1024 words: line k of a, line k of b
  localparam [2:0] B_COPY = 3'd4;     // 512 words out as writes
  localparam [2:0] B_CMPE = 3'd5;     // CMP result ticket

  // work items: {kind[1:0], fault kind[1:0], second PA}
  localparam [1:0] IT_LIST  = 2'd0;   // one list line
  localparam [1:0] IT_FAULT = 2'd1;   // a faulted entry (no data)
  localparam [1:0] IT_PAGE  = 2'd2;   // a page entry (its lines)
  localparam WQ_W = 5;
  localparam WQ_D = 4;

  // result tickets: {data fault, checksum pending, fault kind[1:0], second PA, bit 32, bits 11:0}
  // (a data fault - a page line answered with a bus error - still waits for its checksum)
  localparam RQ_W = 18;
  localparam RQ_D = 4;

  logic [3:0]   f_state_q, f_state_d;
  logic [7:0]   status_q, status_d;
  logic [47:12] pa_mask_q, pa_mask_d;   // PA bits at or above PA_BITS
  logic [20:0]  idx_q, idx_d;           // entry being processed
  logic [2:0]   wp_q, wp_d;             // its first word in the list line
  logic [47:6]  lline_q, lline_d;       // list line last requested
  logic         pf_q, pf_d;             // the next entry's line was requested early
  logic [63:0]  a_q, b_q;               // the entry's PAs (a / source, b / destination)
  logic         a_err_q, b_err_q;       // ... their list words were answered with a bus error
  logic [20:0]  ff_idx_q, ff_idx_d;     // entry of the first fault found by the front end
  logic [6:0]   rq_q, rq_d;             // page line requests made
  logic [20:0]  good_q, good_d;         // entries without a fault
  logic [20:0]  faults_q, faults_d;
  logic [1:0]   ff_kind_q, ff_kind_d;   // first fault
  logic         ff_which_q, ff_which_d;
  logic [63:0]  ff_pa_q, ff_pa_d;
  logic         pend_q, pend_d;         // a page item waits in the work queue
  logic [47:12] pend_dst_q, pend_dst_d; // ... its destination page (COPY)
  logic [47:12] pend_a_q, pend_a_d;     // ... its first page

  logic [2:0]   b_state_q, b_state_d;
  logic [9:0]   bj_q, bj_d;             // word of the item
  logic [511:0] lbuf_q;                 // list line (written word by word)
  logic [7:0]   lberr_q;                // ... words answered with a bus error
  logic [47:12] cur_a_q, cur_a_d;       // first page of the back end's entry
  logic         derr_q, derr_d;         // ... one of its page lines got a bus error
  logic         dwhich_q, dwhich_d;     // ... the first such line was of the pair's second page
  logic [20:0]  bidx_q, bidx_d;         // entry of the back end's item
  logic [20:0]  dfaults_q, dfaults_d;   // entries faulted by data bus errors
  logic         dff_v_q, dff_v_d;       // first of them: valid, entry, which PA, that PA
  logic [20:0]  dff_idx_q, dff_idx_d;
  logic         dff_which_q, dff_which_d;
  logic [47:12] dff_pg_q, dff_pg_d;
  logic         ev_dfault_q, ev_dfault_d;
  logic         be_end;                 // the back end's page entry ends (its ticket pushed)
  logic         lbuf_v_q, lbuf_v_d;     // ... holds the line last requested
  logic [511:0] abuf_q;                 // CMP: line k of a (written word by word)
  logic         cfound_q;               // CMP: a difference was found
  logic [11:0]  coff_q;                 // ... at this offset
  logic [47:12] cur_dst_q, cur_dst_d;   // COPY destination of the back end's entry
  logic         cur_v_q, cur_v_d;
  logic [47:12] prev_dst_q, prev_dst_d; // ... of the last entry it finished
  logic         prev_v_q, prev_v_d;

  logic [47:3]  res_addr_q, res_addr_d; // next result
  logic [20:0]  zeq_q, zeq_d;           // zero pages / equal pairs

  logic         done_q, done_d;
  logic [255:0] cpl_q;                  // completion entry (loaded with done)
  logic         ev_fault_q, ev_fault_d;
  logic         ev_hashed_q, ev_hashed_d;
  logic         ev_zero_q, ev_zero_d;
  logic         ev_bytes_q, ev_bytes_d;
  logic         ev_compare_q, ev_compare_d;
  logic         ev_copy_q, ev_copy_d;

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Queues and the checksum unit
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic             wq_push, wq_pop, wq_empty, wq_full;
  logic [WQ_W-1:0]  wq_wdata, wq_head;
  logic             rq_push, rq_pop, rq_empty, rq_full;
  logic [RQ_W-1:0]  rq_wdata, rq_head;

  ra_fifo #(
    .WIDTH (WQ_W),
    .DEPTH (WQ_D)
  ) u_work_q (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .clr_i   (start_i),
    .push_i  (wq_push),
    .wdata_i (wq_wdata),
    .pop_i   (wq_pop),
    .rdata_o (wq_head),
    .empty_o (wq_empty),
    .full_o  (wq_full)
  );

  ra_fifo #(
    .WIDTH (RQ_W),
    .DEPTH (RQ_D)
  ) u_res_q (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .clr_i   (start_i),
    .push_i  (rq_push),
    .wdata_i (rq_wdata),
    .pop_i   (rq_pop),
    .rdata_o (rq_head),
    .empty_o (rq_empty),
    .full_o  (rq_full)
  );

  logic        h_in_valid, h_in_ready, h_out_valid, h_out_ready, h_out_zero;
  logic [31:0] h_out_hash;

  ra_xxh64 #(
    .FAST (HASH_FAST)
  ) u_xxh64 (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .clear_i     (start_i),
    .in_valid_i  (h_in_valid),
    .in_ready_o  (h_in_ready),
    .in_data_i   (mp_rd_data_i),
    .out_valid_o (h_out_valid),
    .out_ready_i (h_out_ready),
    .out_hash_o  (h_out_hash),
    .out_zero_o  (h_out_zero)
  );

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Front end: PA checks and hazards
  //////////////////////////////////////////////////////////////////////////////////////////////

  // an entry's PA: address size (misaligned, or at/above 2^PA_BITS), then bus (page not inside
  // one window)
  logic a_as, b_as, a_win, b_win;
  assign a_as = (a_q[11:0] != 12'd0) || (a_q[63:48] != 16'd0) || ((a_q[47:12] & pa_mask_q) != '0);
  assign b_as = (b_q[11:0] != 12'd0) || (b_q[63:48] != 16'd0) || ((b_q[47:12] & pa_mask_q) != '0);

  // two window checks, shared: the list and the result buffer in F_CHECK, then the entry's
  // pages (a / source, b / destination)
  logic        chk_cmd;
  logic [47:0] chk0_addr, chk0_len, chk1_addr, chk1_len;
  logic        chk0_ok, chk1_ok;

  assign chk_cmd   = (f_state_q == F_CHECK);
  assign chk0_addr = chk_cmd ? cmd_arg0[47:0] : a_q[47:0];
  assign chk0_len  = chk_cmd ? list_len : 48'd4096;
  assign chk1_addr = chk_cmd ? cmd_arg1[47:0] : b_q[47:0];
  assign chk1_len  = chk_cmd ? res_len : 48'd4096;

  ra_dma_check u_check0 (
    .addr_i      (chk0_addr),
    .len_i       (chk0_len),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (chk0_ok)
  );

  ra_dma_check u_check1 (
    .addr_i      (chk1_addr),
    .len_i       (chk1_len),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (chk1_ok)
  );

  assign list_ok = chk0_ok;
  assign res_ok  = chk1_ok;
  assign a_win   = chk0_ok;
  assign b_win   = chk1_ok;

  logic        ent_fault;    // the entry faulted
  logic [1:0]  ent_kind;
  logic        ent_which;    // 1: the pair's second PA
  logic [63:0] ent_fpa;

  always_comb begin
    ent_fault = 1'b1;
    ent_which = 1'b0;
    ent_fpa   = a_q;
    ent_kind  = `RA_FAULT_NONE;
    if (a_err_q) begin
      ent_kind = `RA_FAULT_BUS;
    end else if (a_as) begin
      ent_kind = `RA_FAULT_ADDRESS_SIZE;
    end else if (!a_win) begin
      ent_kind = `RA_FAULT_BUS;
    end else if (is_pair && b_err_q) begin
      ent_kind  = `RA_FAULT_BUS;
      ent_which = 1'b1;
      ent_fpa   = b_q;
    end else if (is_pair && b_as) begin
      ent_kind  = `RA_FAULT_ADDRESS_SIZE;
      ent_which = 1'b1;
      ent_fpa   = b_q;
    end else if (is_pair && !b_win) begin
      ent_kind  = `RA_FAULT_BUS;
      ent_which = 1'b1;
      ent_fpa   = b_q;
    end else begin
      ent_fault = 1'b0;
    end
  end

  // hazards: the page or line may hold bytes written by earlier entries (result list, COPY
  // destinations queued, in progress or just finished)
  logic [47:12] a_pg, b_pg, ll_pg, lnext_pg;
  logic [47:6]  lline_next;
  logic         haz_a, haz_b, haz_ll, haz_lnext, drained;

  assign a_pg       = a_q[47:12];
  assign b_pg       = b_q[47:12];
  assign lline_next = lline_q + 42'd1;
  assign ll_pg      = lline_q[47:12];
  assign lnext_pg   = lline_next[47:12];

  function automatic dst_hit(input [47:12] pg, input cur_v, input [47:12] cur,
                             input pend_v, input [47:12] pend, input prev_v, input [47:12] prev);
    dst_hit = (cur_v && (pg == cur)) || (pend_v && (pg == pend)) || (prev_v && (pg == prev));
  endfunction

  logic pend_copy;
  assign pend_copy = pend_q & is_copy;

  assign haz_a = ((a_pg >= res_lo_pg) && (a_pg <= res_hi_pg)) ||
                 dst_hit(a_pg, cur_v_q, cur_dst_q, pend_copy, pend_dst_q, prev_v_q, prev_dst_q);
  assign haz_b = is_cmp && (b_pg >= res_lo_pg) && (b_pg <= res_hi_pg);
  assign haz_ll = ((lline_q >= res_lo_line) && (lline_q <= res_hi_line)) ||
                  dst_hit(ll_pg, cur_v_q, cur_dst_q, pend_copy, pend_dst_q, prev_v_q, prev_dst_q);
  // the early request of the next line also precedes this entry's own COPY writes
  assign haz_lnext = ((lline_next >= res_lo_line) && (lline_next <= res_hi_line)) ||
                     dst_hit(lnext_pg, cur_v_q, cur_dst_q, pend_copy, pend_dst_q, prev_v_q,
                             prev_dst_q) ||
                     (is_copy && !ent_fault && (lnext_pg == b_pg));

  // nothing queued, in progress or unacknowledged
  assign drained = wq_empty && (b_state_q == B_IDLE) && rq_empty && mp_wr_idle_i;

  logic [2:0]  wp_b;          // word of the pair's second PA
  assign wp_b = wp_q + 3'd1;

  // the entry is the last one in its list line (and another one follows)
  logic line_end, more;
  assign line_end = is_pair ? (wp_q == 3'd6) : (wp_q == 3'd7);
  assign more     = (idx_q != count - 21'd1);

  // page line request address
  logic [47:0] page_req;
  logic        page_req_last;
  assign page_req      = is_cmp ? {(rq_q[0] ? b_pg : a_pg), rq_q[6:1], 6'd0}
                                : {a_pg, rq_q[5:0], 6'd0};
  assign page_req_last = is_cmp ? (rq_q == 7'h7f) : (rq_q[5:0] == 6'h3f);


  logic [2:0]   wp_first;      // word of entry 0 in the first list line
  logic [47:12] pa_mask_new;
  logic [48:0]  pa_low;        // 2^PA_BITS - 1
  logic [47:6]  list_line0;    // first list line
  logic [47:3]  res_word0;     // first result
  assign wp_first    = is_pair ? {cmd_arg0[5:4], 1'b0} : cmd_arg0[5:3];
  assign list_line0  = cmd_arg0[47:6];
  assign res_word0   = cmd_arg1[47:3];
  assign pa_low      = (49'd1 << pa_bits_i) - 49'd1;
  assign pa_mask_new = ~pa_low[47:12];

  logic unused_pa_low;
  assign unused_pa_low = ^{pa_low[48], pa_low[11:0]};

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Front end FSM
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic f_rd_valid;           // front-end read request
  logic [47:0] f_rd_addr;
  logic f_lclr;               // a list line was requested: the buffer no longer holds it
  logic be_pop_page;          // the back end took the waiting page item

  always_comb begin
    f_state_d  = f_state_q;
    status_d   = status_q;
    pa_mask_d  = pa_mask_q;
    idx_d      = idx_q;
    wp_d       = wp_q;
    lline_d    = lline_q;
    pf_d       = pf_q;
    rq_d       = rq_q;
    good_d     = good_q;
    faults_d   = faults_q;
    ff_kind_d  = ff_kind_q;
    ff_which_d = ff_which_q;
    ff_pa_d    = ff_pa_q;
    ff_idx_d   = ff_idx_q;
    pend_d     = pend_q;
    pend_dst_d = pend_dst_q;
    pend_a_d   = pend_a_q;
    done_d     = 1'b0;
    ev_fault_d = 1'b0;
    f_rd_valid = 1'b0;
    f_rd_addr  = page_req;
    f_lclr     = 1'b0;
    wq_push    = 1'b0;
    wq_wdata   = {IT_PAGE, 3'b000};

    if (be_pop_page) begin
      pend_d = 1'b0;
    end

    case (f_state_q)
      F_IDLE: begin
        if (start_i) begin
          status_d   = `RA_ST_OK;
          pa_mask_d  = pa_mask_new;
          good_d     = '0;
          faults_d   = '0;
          ff_kind_d  = `RA_FAULT_NONE;
          ff_which_d = 1'b0;
          ff_pa_d    = '0;
          pend_d     = 1'b0;
          pf_d       = 1'b0;
          f_state_d  = F_CHECK;
        end
      end

      F_CHECK: begin
        idx_d   = '0;
        wp_d    = wp_first;
        lline_d = list_line0;
        if (bad_args) begin
          status_d = `RA_ST_BAD_ARGS;
          f_state_d = F_FIN;
        end else if (dma_bad) begin
          status_d = `RA_ST_DMA;
          f_state_d = F_FIN;
        end else begin
          f_state_d = F_LIST;
        end
      end

      // on-demand list line (first line, or after an early request was unsafe)
      F_LIST: begin
        f_rd_addr = {lline_q, 6'd0};
        if ((!haz_ll || drained) && !wq_full) begin
          f_rd_valid = 1'b1;
          if (mp_rd_req_ready_i) begin
            wq_push  = 1'b1;
            wq_wdata = {IT_LIST, 3'b000};
            f_lclr   = 1'b1;
            f_state_d = F_WAIT;
          end
        end
      end

      F_WAIT: begin
        if (lbuf_v_q) begin
          f_state_d = F_ENTRY;
        end
      end

      // (a_q and b_q are loaded from the list buffer in this state)
      F_ENTRY: begin
        f_state_d = F_DECIDE;
      end

      // request the next list line before this entry's pages, unless it may be written first
      F_DECIDE: begin
        f_rd_addr = {lline_next, 6'd0};
        if (line_end && more && !haz_lnext) begin
          if (!wq_full) begin
            f_rd_valid = 1'b1;
            if (mp_rd_req_ready_i) begin
              wq_push  = 1'b1;
              wq_wdata = {IT_LIST, 3'b000};
              f_lclr   = 1'b1;
              pf_d     = 1'b1;
              lline_d  = lline_next;
              f_state_d = F_PUT;
            end
          end
        end else begin
          f_state_d = F_PUT;
        end
      end

      F_PUT: begin
        if (ent_fault) begin
          if (!wq_full) begin
            wq_push    = 1'b1;
            wq_wdata   = {IT_FAULT, ent_kind, ent_which};
            ev_fault_d = 1'b1;
            faults_d   = faults_q + 21'd1;
            if (faults_q == 21'd0) begin
              ff_kind_d  = ent_kind;
              ff_which_d = ent_which;
              ff_pa_d    = ent_fpa;
              ff_idx_d   = idx_q;
            end
            f_state_d = F_NEXT;
          end
        end else if ((!(haz_a || haz_b) || drained) && !pend_q && !wq_full) begin
          wq_push    = 1'b1;
          wq_wdata   = {IT_PAGE, 3'b000};
          pend_d     = 1'b1;
          pend_dst_d = b_pg;
          pend_a_d   = a_pg;
          good_d     = good_q + 21'd1;
          rq_d       = '0;
          f_state_d  = F_ISSUE;
        end
      end

      F_ISSUE: begin
        f_rd_valid = 1'b1;
        f_rd_addr  = page_req;
        if (mp_rd_req_ready_i) begin
          rq_d = rq_q + 7'd1;
          if (page_req_last) begin
            f_state_d = F_NEXT;
          end
        end
      end

      F_NEXT: begin
        if (!more) begin
          f_state_d = F_END;
        end else begin
          idx_d = idx_q + 21'd1;
          wp_d  = wp_q + (is_pair ? 3'd2 : 3'd1);
          if (!line_end) begin
            f_state_d = F_ENTRY;
          end else if (pf_q) begin
            pf_d  = 1'b0;
            f_state_d = F_WAIT;
          end else begin
            lline_d = lline_next;
            f_state_d = F_LIST;
          end
        end
      end

      F_END: begin
        if (wq_empty && (b_state_q == B_IDLE) && rq_empty) begin
          f_state_d = F_FIN;
        end
      end

      F_FIN: begin
        if (mp_wr_idle_i) begin
          done_d = 1'b1;
          f_state_d = F_IDLE;
        end
      end

      default: f_state_d = F_IDLE;
    endcase
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Back end
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic [1:0]  wq_kind, wq_fkind;
  logic        wq_which;
  assign wq_kind  = wq_head[4:3];
  assign wq_fkind = wq_head[2:1];
  assign wq_which = wq_head[0];

  // CMP: the lowest (first in memory order) non-zero byte of a word's difference (d != 0)
  function automatic [2:0] first_byte(input [63:0] d);
    first_byte = (d[7:0] != 8'd0)   ? 3'd0 : (d[15:8] != 8'd0)  ? 3'd1 :
                 (d[23:16] != 8'd0) ? 3'd2 : (d[31:24] != 8'd0) ? 3'd3 :
                 (d[39:32] != 8'd0) ? 3'd4 : (d[47:40] != 8'd0) ? 3'd5 :
                 (d[55:48] != 8'd0) ? 3'd6 : (d[63:56] != 8'd0) ? 3'd7 : 3'd0;
  endfunction

  logic rd_hs;               // a word is taken from the memory port
  logic b_ready;             // the back end takes a word
  logic be_lset;             // the list line has arrived
  logic b_wr_valid;          // COPY data write
  logic last512, last1024;   // the word is the last of a HASH / COPY or of a CMP item

  // HASH: into the checksum; CMP: always; COPY: out as a write once no result waits (entry i's
  // result before entry i+1's data). The last word of an item needs room for its ticket.
  assign last512  = (bj_q[8:0] == 9'h1ff);
  assign last1024 = (bj_q == 10'h3ff);
  assign b_ready  = (b_state_q == B_LIST) ||
                    ((b_state_q == B_HASH) && h_in_ready && (!last512 || !rq_full)) ||
                    (b_state_q == B_CMP) ||
                    ((b_state_q == B_COPY) && mp_wr_ready_i && rq_empty);
  assign rd_hs    = mp_rd_valid_i & b_ready;

  logic [2:0] bj_w;          // word within the line
  logic       bj_b;          // CMP: the word is from line k of b
  logic [47:0] copy_addr;    // COPY: destination of the word
  assign bj_w      = bj_q[2:0];
  assign bj_b      = bj_q[3];
  assign copy_addr = {cur_dst_q, bj_q[8:0], 3'd0};
  assign mp_rd_ready_o = b_ready;
  assign h_in_valid    = (b_state_q == B_HASH) && mp_rd_valid_i && (!last512 || !rq_full);
  assign b_wr_valid    = (b_state_q == B_COPY) && mp_rd_valid_i && rq_empty;

  always_comb begin
    b_state_d    = b_state_q;
    bj_d         = bj_q;
    cur_dst_d    = cur_dst_q;
    cur_v_d      = cur_v_q;
    prev_dst_d   = prev_dst_q;
    prev_v_d     = prev_v_q;
    wq_pop       = 1'b0;
    rq_push      = 1'b0;
    rq_wdata     = '0;
    be_pop_page  = 1'b0;
    ev_bytes_d   = 1'b0;
    ev_compare_d = 1'b0;
    ev_copy_d    = 1'b0;
    be_lset      = 1'b0;
    cur_a_d      = cur_a_q;
    derr_d       = derr_q;
    dwhich_d     = dwhich_q;
    bidx_d       = bidx_q;
    dfaults_d    = dfaults_q;
    dff_v_d      = dff_v_q;
    dff_idx_d    = dff_idx_q;
    dff_which_d  = dff_which_q;
    dff_pg_d     = dff_pg_q;
    ev_dfault_d  = 1'b0;
    be_end       = 1'b0;

    // a page line answered with a bus error: the entry faults at the first such line's page
    if (rd_hs && mp_rd_err_i && !derr_q &&
        ((b_state_q == B_HASH) || (b_state_q == B_CMP) || (b_state_q == B_COPY))) begin
      derr_d   = 1'b1;
      dwhich_d = (b_state_q == B_CMP) && bj_b;
    end

    case (b_state_q)
      B_IDLE: begin
        bj_d     = '0;
        derr_d   = 1'b0;
        dwhich_d = 1'b0;
        if (!wq_empty) begin
          if (wq_kind == IT_LIST) begin
            wq_pop = 1'b1;
            b_state_d = B_LIST;
          end else if (wq_kind == IT_FAULT) begin
            if (!rq_full) begin
              wq_pop   = 1'b1;
              rq_push  = 1'b1;
              rq_wdata = {2'b00, wq_fkind, wq_which, 13'd0};
              bidx_d   = bidx_q + 21'd1;
            end
          end else begin
            wq_pop      = 1'b1;
            be_pop_page = 1'b1;
            cur_dst_d   = pend_dst_q;
            cur_a_d     = pend_a_q;
            cur_v_d     = is_copy;
            b_state_d   = is_hash ? B_HASH : is_cmp ? B_CMP : B_COPY;
          end
        end
      end

      B_LIST: begin
        if (rd_hs) begin
          bj_d = bj_q + 10'd1;
          if (bj_w == 3'd7) begin
            be_lset = 1'b1;
            b_state_d = B_IDLE;
          end
        end
      end

      B_HASH: begin
        if (rd_hs) begin
          bj_d       = bj_q + 10'd1;
          ev_bytes_d = 1'b1;
          if (last512) begin
            rq_push    = 1'b1;
            rq_wdata   = {derr_d, 1'b1, derr_d ? `RA_FAULT_BUS : `RA_FAULT_NONE, 14'd0};
            be_end     = 1'b1;
          end
        end
      end

      // (the compare itself is in the line buffers' always_ff)
      B_CMP: begin
        if (rd_hs) begin
          bj_d = bj_q + 10'd1;
          if (last1024) begin
            b_state_d = B_CMPE;
          end
        end
      end

      B_CMPE: begin
        if (!rq_full) begin
          rq_push      = 1'b1;
          rq_wdata     = derr_q ? {1'b1, 1'b0, `RA_FAULT_BUS, dwhich_q, 13'd0}
                                : {2'b00, 2'b00, 1'b0, !cfound_q, cfound_q ? coff_q : 12'd0};
          be_end       = 1'b1;
          ev_compare_d = 1'b1;
        end
      end

      B_COPY: begin
        if (rd_hs) begin
          bj_d = bj_q + 10'd1;
          if (last512) begin
            rq_push    = 1'b1;
            rq_wdata   = derr_d ? {1'b1, 1'b0, `RA_FAULT_BUS, 14'd0}
                                : {2'b00, 2'b00, 1'b0, 1'b0, 12'd1};
            be_end     = 1'b1;
            ev_copy_d  = 1'b1;
          end
        end
      end

      default: b_state_d = B_IDLE;
    endcase

    // a page entry's ticket was pushed: the entry ends (a page line answered with a bus error
    // makes it a fault, counted here in list order), and the back end is free again
    if (be_end) begin
      bidx_d     = bidx_q + 21'd1;
      prev_dst_d = cur_dst_q;
      prev_v_d   = cur_v_q;
      cur_v_d    = 1'b0;
      b_state_d  = B_IDLE;
      if (derr_d) begin
        dfaults_d   = dfaults_q + 21'd1;
        ev_dfault_d = 1'b1;
        if (!dff_v_q) begin
          dff_v_d     = 1'b1;
          dff_idx_d   = bidx_q;
          dff_which_d = dwhich_d;
          dff_pg_d    = dwhich_d ? cur_dst_q : cur_a_q;
        end
      end
    end

    if (start_i) begin
      b_state_d = B_IDLE;
      cur_v_d   = 1'b0;
      prev_v_d  = 1'b0;
      bidx_d    = '0;
      dfaults_d = '0;
      dff_v_d   = 1'b0;
    end
  end

  // list buffer valid: cleared when the front end requests a line, set when it has arrived
  assign lbuf_v_d = !start_i && ((lbuf_v_q && !f_lclr) || be_lset);

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Writer: results in order; COPY data when no result waits
  //////////////////////////////////////////////////////////////////////////////////////////////

  logic        rq_hpend;      // the head waits for a checksum
  logic [63:0] rq_word;       // the head's result word
  logic        w_valid;
  logic        w_zeq;         // the result counts as a zero page / equal pair

  assign rq_hpend = rq_head[16];
  // the result word (PAGE_RES) from the queue entry: [11:0] CMP offset or COPY's COPIED,
  // [12] FLAG, [13] SECOND, [15:14] fault kind; a HASH entry takes the checksum unit's output
  always_comb begin
    rq_word = '0;
    if (rq_hpend && !rq_head[17]) begin
      rq_word[`RA_PAGE_RES_HASH_MSB:`RA_PAGE_RES_HASH_LSB] = h_out_hash;
      rq_word[`RA_PAGE_RES_FLAG_LSB]                       = h_out_zero;
    end else begin
      rq_word[`RA_PAGE_RES_OFFSET_MSB:`RA_PAGE_RES_OFFSET_LSB] = rq_head[11:0];
      rq_word[`RA_PAGE_RES_FLAG_LSB]                           = rq_head[12];
      rq_word[`RA_PAGE_RES_SECOND_LSB]                         = rq_head[13];
      rq_word[`RA_PAGE_RES_FAULT_MSB:`RA_PAGE_RES_FAULT_LSB]   = rq_head[15:14];
    end
  end
  assign w_valid  = !rq_empty && (!rq_hpend || h_out_valid);
  assign w_zeq    = rq_word[`RA_PAGE_RES_FLAG_LSB] &&
                    (rq_word[`RA_PAGE_RES_FAULT_MSB:`RA_PAGE_RES_FAULT_LSB] == 2'd0);

  always_comb begin
    res_addr_d  = res_addr_q;
    zeq_d       = zeq_q;
    rq_pop      = 1'b0;
    h_out_ready = 1'b0;
    ev_hashed_d = 1'b0;
    ev_zero_d   = 1'b0;
    mp_wr_valid_o = b_wr_valid;
    mp_wr_addr_o  = copy_addr;
    mp_wr_data_o  = mp_rd_data_i;
    if (f_state_q == F_CHECK) begin
      res_addr_d = res_word0;
      zeq_d      = '0;
    end
    if (!rq_empty) begin
      mp_wr_valid_o = w_valid;
      mp_wr_addr_o  = {res_addr_q, 3'd0};
      mp_wr_data_o  = rq_word;
      if (w_valid && mp_wr_ready_i) begin
        rq_pop      = 1'b1;
        h_out_ready = rq_hpend;
        ev_hashed_d = rq_hpend;
        ev_zero_d   = rq_hpend && w_zeq;
        res_addr_d  = res_addr_q + 45'd1;
        zeq_d       = zeq_q + {20'd0, w_zeq};
      end
    end
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Registers
  //////////////////////////////////////////////////////////////////////////////////////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      f_state_q    <= F_IDLE;
      status_q     <= `RA_ST_OK;
      pend_q       <= 1'b0;
      pf_q         <= 1'b0;
      b_state_q    <= B_IDLE;
      lbuf_v_q     <= 1'b0;
      cur_v_q      <= 1'b0;
      prev_v_q     <= 1'b0;
      done_q       <= 1'b0;
      ev_fault_q   <= 1'b0;
      ev_hashed_q  <= 1'b0;
      ev_zero_q    <= 1'b0;
      ev_bytes_q   <= 1'b0;
      ev_compare_q <= 1'b0;
      ev_copy_q    <= 1'b0;
      ev_dfault_q  <= 1'b0;
      derr_q       <= 1'b0;
      dff_v_q      <= 1'b0;
    end else begin
      f_state_q    <= f_state_d;
      status_q     <= status_d;
      pend_q       <= pend_d;
      pf_q         <= pf_d;
      b_state_q    <= b_state_d;
      lbuf_v_q     <= lbuf_v_d;
      cur_v_q      <= cur_v_d;
      prev_v_q     <= prev_v_d;
      done_q       <= done_d;
      ev_fault_q   <= ev_fault_d;
      ev_hashed_q  <= ev_hashed_d;
      ev_zero_q    <= ev_zero_d;
      ev_bytes_q   <= ev_bytes_d;
      ev_compare_q <= ev_compare_d;
      ev_copy_q    <= ev_copy_d;
      ev_dfault_q  <= ev_dfault_d;
      derr_q       <= derr_d;
      dff_v_q      <= dff_v_d;
    end
  end

  // datapath registers (every one is loaded before it is used in a command)
  always_ff @(posedge clk_i) begin
    pa_mask_q  <= pa_mask_d;
    idx_q      <= idx_d;
    wp_q       <= wp_d;
    lline_q    <= lline_d;
    rq_q       <= rq_d;
    good_q     <= good_d;
    faults_q   <= faults_d;
    ff_kind_q  <= ff_kind_d;
    ff_which_q <= ff_which_d;
    ff_pa_q    <= ff_pa_d;
    pend_dst_q <= pend_dst_d;
    pend_a_q   <= pend_a_d;
    ff_idx_q   <= ff_idx_d;
    cur_a_q    <= cur_a_d;
    dwhich_q   <= dwhich_d;
    bidx_q     <= bidx_d;
    dfaults_q  <= dfaults_d;
    dff_idx_q  <= dff_idx_d;
    dff_which_q <= dff_which_d;
    dff_pg_q   <= dff_pg_d;
    bj_q       <= bj_d;
    cur_dst_q  <= cur_dst_d;
    prev_dst_q <= prev_dst_d;
    res_addr_q <= res_addr_d;
    zeq_q      <= zeq_d;
  end

  // line buffers, one word per cycle: list words in B_LIST, words of line a in B_CMP. CMP:
  // each word of line b against the same word of line a; the first difference of the pair is
  // kept (line k, word w, byte).
  always_ff @(posedge clk_i) begin
    for (k = 0; k < 8; k = k + 1) begin
      if (rd_hs && (b_state_q == B_LIST) && (bj_w == k[2:0])) begin
        lbuf_q[64*k +: 64] <= mp_rd_data_i;
        lberr_q[k]         <= mp_rd_err_i;
      end
      if (rd_hs && (b_state_q == B_CMP) && !bj_b && (bj_w == k[2:0])) begin
        abuf_q[64*k +: 64] <= mp_rd_data_i;
      end
    end
    if (b_state_q == B_IDLE) begin
      cfound_q <= 1'b0;
    end else if (rd_hs && (b_state_q == B_CMP) && bj_b && !cfound_q &&
                 (abuf_q[{bj_w, 6'd0} +: 64] != mp_rd_data_i)) begin
      cfound_q <= 1'b1;
      coff_q   <= {bj_q[9:4], bj_w, first_byte(abuf_q[{bj_w, 6'd0} +: 64] ^ mp_rd_data_i)};
    end
  end

  // the entry's PAs, from the list buffer
  always_ff @(posedge clk_i) begin
    if (f_state_q == F_ENTRY) begin
      a_q     <= lbuf_q[{wp_q, 6'd0} +: 64];
      b_q     <= is_pair ? lbuf_q[{wp_b, 6'd0} +: 64] : 64'd0;
      a_err_q <= lberr_q[wp_q];
      b_err_q <= is_pair && lberr_q[wp_b];
    end
  end

  // faults of both kinds; the first fault is the one of the lower entry (an entry faults once)
  logic [20:0] all_faults, all_good;
  logic        use_dff;
  logic [63:0] cpl_ff_pa;
  logic        cpl_ff_which;
  logic [1:0]  cpl_ff_kind;
  assign all_faults   = faults_q + dfaults_q;
  assign all_good     = good_q - dfaults_q;
  assign use_dff      = dff_v_q && ((faults_q == 21'd0) || (dff_idx_q < ff_idx_q));
  assign cpl_ff_pa    = use_dff ? {16'd0, dff_pg_q, 12'd0} : ff_pa_q;
  assign cpl_ff_which = use_dff ? dff_which_q : ff_which_q;
  assign cpl_ff_kind  = use_dff ? `RA_FAULT_BUS : ff_kind_q;

  // completion entry, loaded with done (fault fields and counts are 0 for an error completion)
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      cpl_q <= '0;
    end else if (done_d) begin
      if (status_q == `RA_ST_OK) begin
        // count0 entries done, count1 faulted entries, count2 zero pages / equal pairs;
        // the first fault's level field says which PA of the entry
        cpl_q <= ra_cpl_pack(cmd_tag, status_q, {6'd0, cpl_ff_kind}, {7'd0, cpl_ff_which},
                             8'd0, cpl_ff_pa, {11'd0, all_good}, {11'd0, all_faults},
                             {11'd0, zeq_q}, 32'd0);
      end else begin
        cpl_q <= ra_cpl_pack(cmd_tag, status_q, 8'd0, 8'd0, 8'd0, 64'd0, 32'd0, 32'd0, 32'd0,
                             32'd0);
      end
    end
  end

  //////////////////////////////////////////////////////////////////////////////////////////////
  // Outputs
  //////////////////////////////////////////////////////////////////////////////////////////////

  assign done_o            = done_q;
  assign cpl_o             = cpl_q;
  assign mp_rd_req_valid_o = f_rd_valid;
  assign mp_rd_req_addr_o  = f_rd_addr;
  assign mp_rd_req_line_o  = 1'b1;
  assign ev_fault_o        = {ev_fault_q & ev_dfault_q, ev_fault_q ^ ev_dfault_q};
  assign ev_hashed_o       = ev_hashed_q;
  assign ev_zero_o         = ev_zero_q;
  assign ev_bytes_hashed_o = ev_bytes_q ? 4'd8 : 4'd0;
  assign ev_compare_o      = ev_compare_q;
  assign ev_copy_o         = ev_copy_q;

  // the page engines issue no atomics; line ends are counted, not taken from the port
  assign mp_at_valid_o = 1'b0;
  assign mp_at_addr_o  = '0;
  assign mp_at_mask_o  = '0;

  logic unused_port;
  assign unused_port = ^{mp_at_ready_i, mp_rd_last_i};

endmodule

`default_nettype wire

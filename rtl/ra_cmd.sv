// reclaim-accel: command engine (ring fetch, decode, dispatch, completion write).
//
// docs/device.md, "Programming model", "Command descriptor", "Completion entry":
//  1. Idle until ENABLE = 1, both ring sizes non-zero, RING_FAULT = 0, SQ_HEAD != SQ_TAIL and
//     the completion ring is not full ((CQ_TAIL + 1) mod n != CQ_HEAD).
//  2. Before any access, the command line SQ_BASE + 64*SQ_HEAD and the completion entry
//     CQ_BASE + 32*CQ_TAIL must both lie inside a DMA window; otherwise set RING_FAULT (STATUS
//     and INT_STATUS) and stop with no memory access: the indexes do not move and the command
//     is fetched again once the fault is cleared (as the C model does).
//  3. Read the command with one 64-byte line read (word k is bytes 8k..8k+7).
//  4. Dispatch on the opcode: WALK -> ra_ptw, SCAN -> ra_scan, HASH, CMP and COPY -> ra_page
//     when PAGE_ENGINES = 1 (start pulse, then wait for the engine's done pulse and take its
//     completion entry; each engine checks its own arguments). Any other opcode (HASH, CMP and
//     COPY too when PAGE_ENGINES = 0) -> BAD_OPCODE completion: tag echoed, status 1, everything
//     else 0, nothing else read or written.
//  5. Check the completion entry again (the windows may have been reprogrammed while the
//     command ran): outside every window -> RING_FAULT and stop, nothing written. The entry
//     is 32-byte aligned and windows are 4 KiB granular, so checking the whole entry once is
//     the same as checking each of its words.
//  Bus errors (docs/device.md, "Bus errors"; the master keeps sticky flags bus_err_i =
//  {atomic, write, read}, cleared by bus_err_clr_o when a fetch starts and when the command's
//  errors are taken): a read error on the command line -> RING_FAULT, nothing executed, the
//  indexes do not move. Before the completion check the module waits until every write and
//  atomic has been acknowledged (mp_wr_idle_i), then takes the flags: any set -> status BUS
//  and completion flags bits 1..3 = {read, write, atomic}. SCAN reports read errors itself (a
//  bus record made by one sets its completion's BUS_READ flag; the reads it made ahead of a
//  stop and discarded are not reported), so the read flag is not taken for it; a flag set in
//  the engine's completion also makes the status BUS. A write error on the completion words ->
//  RING_FAULT, the indexes do not move.
//  6. Write the entry as 4 single-word writes (word k = cpl[64k+63:64k]), wait until every
//     write has been acknowledged (mp_wr_idle_i), then advance CQ_TAIL and SQ_HEAD (modulo
//     their ring sizes) and pulse cmd_done_o / ev_command_o.
//
// The engine that owns the memory port is given by mp_sel_o (MP_SEL_* below; ra_top muxes
// the port with the same codes): the chosen engine from its start pulse until its done pulse,
// this module otherwise. Soft reset (only issued while not busy) zeroes SQ_HEAD, CQ_TAIL and
// RING_FAULT; writing CTRL.ENABLE = 0 (ring_fault_clr_i) clears RING_FAULT.

`default_nettype none

`include "ra_regs.vh"
`include "ra_mp.svh"

module ra_cmd #(
  parameter PAGE_ENGINES = 1, // 1: HASH, CMP and COPY go to ra_page; 0: they are BAD_OPCODE
  parameter SCAN_ENGINE  = 1  // 1: SCAN goes to ra_scan; 0: it is BAD_OPCODE
) (
  input  wire                            clk_i,
  input  wire                            rst_ni,
  // configuration and control (from ra_csr)
  input  wire                            enable_i,          // CTRL.ENABLE
  input  wire                            soft_reset_i,      // pulse: soft reset
  input  wire                            ring_fault_clr_i,  // pulse: clear RING_FAULT
  input  wire  [47:0]                    sq_base_i,         // submission ring base
  input  wire  [3:0]                     sq_log2_i,         // submission ring log2 size
  input  wire  [15:0]                    sq_tail_i,         // SQ_TAIL
  input  wire  [47:0]                    cq_base_i,         // completion ring base
  input  wire  [3:0]                     cq_log2_i,         // completion ring log2 size
  input  wire  [15:0]                    cq_head_i,         // CQ_HEAD
  input  wire  [48*`RA_NUM_WINDOWS-1:0]  win_base_i,        // DMA window bases
  input  wire  [48*`RA_NUM_WINDOWS-1:0]  win_limit_i,       // DMA window limits (exclusive)
  // state (to ra_csr)
  output logic [15:0]                    sq_head_o,         // SQ_HEAD
  output logic [15:0]                    cq_tail_o,         // CQ_TAIL
  output logic                           ring_fault_o,      // STATUS.RING_FAULT
  output logic                           ring_fault_set_o,  // pulse: ring fault detected
  output logic                           cmd_done_o,        // pulse: completion written
  output logic                           ev_command_o,      // pulse: count `commands`
  output logic                           ev_cmd_error_o,    // pulse: count `cmd_errors`
  output logic                           busy_o,            // STATUS.BUSY
  // engines
  output logic [511:0]                   cmd_o,             // command descriptor
  output logic                           ptw_start_o,       // pulse: start ra_ptw (WALK)
  input  wire                            ptw_done_i,
  input  wire  [255:0]                   ptw_cpl_i,
  output logic                           scan_start_o,      // pulse: start ra_scan (SCAN)
  input  wire                            scan_done_i,
  input  wire  [255:0]                   scan_cpl_i,
  output logic                           page_start_o,      // pulse: start ra_page (HASH..COPY)
  input  wire                            page_done_i,
  input  wire  [255:0]                   page_cpl_i,
  output logic [1:0]                     mp_sel_o,          // memory port owner (MP_SEL_*)
  `RA_MP_PORTS,     // memory port (docs/registers.md, "Memory port")
  // bus errors (from ra_axi_master)
  input  wire  [2:0]                     bus_err_i,         // sticky {atomic, write, read}
  output logic                           bus_err_clr_o      // pulse: clear bus_err_i
);

  `include "ra_layouts.svh"

  // memory port owner codes (ra_top uses the same values)
  localparam [1:0] MP_SEL_CMD  = 2'd0;
  localparam [1:0] MP_SEL_PTW  = 2'd1;
  localparam [1:0] MP_SEL_SCAN = 2'd2;
  localparam [1:0] MP_SEL_PAGE = 2'd3;

  // states
  localparam [2:0] ST_IDLE       = 3'd0;  // wait for a command to fetch
  localparam [2:0] ST_FETCH_REQ  = 3'd1;  // issue the command line read
  localparam [2:0] ST_FETCH_DATA = 3'd2;  // take the 8 words of the command
  localparam [2:0] ST_DISPATCH   = 3'd3;  // decode the opcode, start an engine
  localparam [2:0] ST_EXEC       = 3'd4;  // wait for the engine's done pulse
  localparam [2:0] ST_CPL_CHECK  = 3'd5;  // check the completion entry again
  localparam [2:0] ST_CPL_WR     = 3'd6;  // write the 4 words of the completion entry
  localparam [2:0] ST_CPL_WAIT   = 3'd7;  // wait for the writes to be acknowledged

  localparam [47:0] LINE_BYTES = 48'd64;  // command entry / line size
  localparam [47:0] CPL_BYTES  = 48'd32;  // completion entry size

  logic [2:0]   state_q, state_d;
  logic [15:0]  sq_head_q, sq_head_d;
  logic [15:0]  cq_tail_q, cq_tail_d;
  logic         ring_fault_q, ring_fault_d;
  logic [511:0] cmd_q, cmd_d;        // command descriptor
  logic [47:0]  addr_q, addr_d;      // command line / completion entry address
  logic [2:0]   word_q, word_d;      // word index within the line / entry
  logic [1:0]   eng_q, eng_d;      // the running engine (MP_SEL_*)
  logic [2:0]   berr_q, berr_d;      // bus errors of the command {atomic, write, read}
  logic [255:0] cpl_base;            // completion before the bus-error status

  logic [15:0]  sq_mask, cq_mask;    // ring index masks
  logic [48:0]  sq_line;             // SQ_BASE + 64*SQ_HEAD (bit 48: beyond 2^48)
  logic [48:0]  cq_entry;            // CQ_BASE + 32*CQ_TAIL (bit 48: beyond 2^48)
  logic         cq_full;
  logic         can_fetch;
  logic [7:0]   opcode;
  logic         sq_chk_ok;           // command line inside a window
  logic         cq_chk_ok;           // completion entry inside a window
  logic         eng_done;
  logic         page_op;             // HASH, CMP or COPY, with the page engines present
  logic [255:0] eng_cpl;
  logic         sq_line_ok;          // command line inside a window (and below 2^48)
  logic         cq_entry_ok;         // completion entry inside a window (and below 2^48)
  logic [47:0]  sq_line_addr, cq_entry_addr;
  logic [255:0] cpl_bad_opcode;      // BAD_OPCODE completion for the fetched command
  logic [255:0] cpl_cur;             // the completion entry being written
  logic [2:0]   cpl_bus_base;        // the engine's own BUS_* completion flags
  logic [47:0]  cpl_word_addr;       // address of completion word word_q
  logic [63:0]  cpl_word;            // completion word word_q
  logic         cpl_word_last;       // word_q is the last completion word

  assign sq_mask        = (16'd1 << sq_log2_i) - 16'd1;
  assign cq_mask        = (16'd1 << cq_log2_i) - 16'd1;
  assign sq_line        = {1'b0, sq_base_i} + {27'h0, sq_head_q, 6'h00};
  assign cq_entry       = {1'b0, cq_base_i} + {28'h0, cq_tail_q, 5'h00};
  assign sq_line_addr   = sq_line[47:0];
  assign cq_entry_addr  = cq_entry[47:0];
  assign sq_line_ok     = sq_chk_ok & ~sq_line[48];
  assign cq_entry_ok    = cq_chk_ok & ~cq_entry[48];
  assign cq_full        = (((cq_tail_q + 16'd1) & cq_mask) == cq_head_i);
  assign can_fetch      = enable_i && (sq_log2_i != 4'd0) && (cq_log2_i != 4'd0) &&
                          !ring_fault_q && (sq_head_q != sq_tail_i) && !cq_full &&
                          !ring_fault_clr_i && !soft_reset_i;
  assign opcode         = cmd_q[`RA_DESC_OPCODE_MSB:`RA_DESC_OPCODE_LSB];
  assign cpl_bad_opcode = ra_cpl_pack(cmd_q[`RA_DESC_TAG_MSB:`RA_DESC_TAG_LSB], `RA_ST_BAD_OPCODE,
                                      8'd0, 8'd0, 8'd0, 64'd0, 32'd0, 32'd0, 32'd0, 32'd0);
  assign cpl_word_addr  = {addr_q[47:5], word_q[1:0], 3'b000};
  // the completion entry: the engine's (held from its done pulse until its next start), or
  // BAD_OPCODE (eng_q = MP_SEL_CMD) built from the held command
  assign cpl_base       = (eng_q == MP_SEL_CMD) ? cpl_bad_opcode : eng_cpl;
  // a command whose accesses got a bus error: status BUS, flags BUS_READ, BUS_WRITE and
  // BUS_ATOMIC (consecutive bits) from berr_q {atomic, write, read} and the engine's own
  assign cpl_bus_base   = cpl_base[`RA_CPL_FLAGS_LSB + `RA_CPL_BUS_ATOMIC_BIT :
                                   `RA_CPL_FLAGS_LSB + `RA_CPL_BUS_READ_BIT];
  always_comb begin
    cpl_cur = cpl_base;
    if ((berr_q != 3'b000) || (cpl_bus_base != 3'b000)) begin
      cpl_cur[`RA_CPL_STATUS_MSB:`RA_CPL_STATUS_LSB] = `RA_ST_BUS;
      cpl_cur[`RA_CPL_FLAGS_LSB + `RA_CPL_BUS_ATOMIC_BIT :
              `RA_CPL_FLAGS_LSB + `RA_CPL_BUS_READ_BIT] = berr_q | cpl_bus_base;
    end
  end
  assign cpl_word       = cpl_cur[64*word_q[1:0] +: 64];
  assign cpl_word_last  = (word_q[1:0] == 2'd3);
  assign page_op        = (PAGE_ENGINES != 0) && ((opcode == `RA_OP_HASH) ||
                          (opcode == `RA_OP_CMP) || (opcode == `RA_OP_COPY));
  assign eng_done       = (eng_q == MP_SEL_SCAN) ? scan_done_i :
                          (eng_q == MP_SEL_PAGE) ? page_done_i : ptw_done_i;
  assign eng_cpl        = (eng_q == MP_SEL_SCAN) ? scan_cpl_i :
                          (eng_q == MP_SEL_PAGE) ? page_cpl_i : ptw_cpl_i;

  // window checks of the command line and of the completion entry
  ra_dma_check u_dma_check_sq (
    .addr_i      (sq_line_addr),
    .len_i       (LINE_BYTES),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (sq_chk_ok)
  );

  ra_dma_check u_dma_check_cq (
    .addr_i      (cq_entry_addr),
    .len_i       (CPL_BYTES),
    .win_base_i  (win_base_i),
    .win_limit_i (win_limit_i),
    .ok_o        (cq_chk_ok)
  );

  integer k;  // word of the command line (constant-index writes: no shifter)

  always_comb begin
    k                 = 0;
    state_d           = state_q;
    sq_head_d         = sq_head_q;
    cq_tail_d         = cq_tail_q;
    ring_fault_d      = ring_fault_q;
    cmd_d             = cmd_q;
    addr_d            = addr_q;
    word_d            = word_q;
    eng_d             = eng_q;
    berr_d            = berr_q;
    bus_err_clr_o     = 1'b0;
    ring_fault_set_o  = 1'b0;
    cmd_done_o        = 1'b0;
    ptw_start_o       = 1'b0;
    scan_start_o      = 1'b0;
    page_start_o      = 1'b0;
    mp_sel_o          = MP_SEL_CMD;
    mp_rd_req_valid_o = 1'b0;
    mp_rd_ready_o     = 1'b0;
    mp_wr_valid_o     = 1'b0;
    mp_wr_addr_o      = cpl_word_addr;
    mp_wr_data_o      = cpl_word;

    if (ring_fault_clr_i) begin
      ring_fault_d = 1'b0;
    end

    case (state_q)
      ST_IDLE: begin
        if (can_fetch) begin
          if (sq_line_ok && cq_entry_ok) begin
            addr_d        = sq_line_addr;
            state_d       = ST_FETCH_REQ;
            bus_err_clr_o = 1'b1;
          end else begin
            ring_fault_d     = 1'b1;
            ring_fault_set_o = 1'b1;
          end
        end
      end

      ST_FETCH_REQ: begin
        mp_rd_req_valid_o = 1'b1;
        if (mp_rd_req_ready_i) begin
          word_d  = 3'd0;
          state_d = ST_FETCH_DATA;
        end
      end

      ST_FETCH_DATA: begin
        mp_rd_ready_o = 1'b1;
        if (mp_rd_valid_i) begin
          for (k = 0; k < 8; k = k + 1) begin
            if (word_q == k[2:0]) cmd_d[64*k +: 64] = mp_rd_data_i;
          end
          word_d = word_q + 3'd1;
          if (mp_rd_last_i) begin
            state_d = ST_DISPATCH;
          end
        end
      end

      ST_DISPATCH: begin
        if (bus_err_i[0]) begin
          // the command line read got an error: not a command
          ring_fault_d     = 1'b1;
          ring_fault_set_o = 1'b1;
          state_d          = ST_IDLE;
        end else if (opcode == `RA_OP_WALK) begin
          ptw_start_o = 1'b1;
          eng_d       = MP_SEL_PTW;
          mp_sel_o    = MP_SEL_PTW;
          state_d     = ST_EXEC;
        end else if ((SCAN_ENGINE != 0) && (opcode == `RA_OP_SCAN)) begin
          scan_start_o = 1'b1;
          eng_d        = MP_SEL_SCAN;
          mp_sel_o     = MP_SEL_SCAN;
          state_d      = ST_EXEC;
        end else if (page_op) begin
          page_start_o = 1'b1;
          eng_d        = MP_SEL_PAGE;
          mp_sel_o     = MP_SEL_PAGE;
          state_d      = ST_EXEC;
        end else begin
          // unknown opcode or absent engine (HASH, CMP, COPY without the page engines)
          eng_d   = MP_SEL_CMD;
          state_d = ST_CPL_CHECK;
        end
      end

      ST_EXEC: begin
        mp_sel_o = eng_q;
        if (eng_done) begin
          state_d = ST_CPL_CHECK;
        end
      end

      ST_CPL_CHECK: begin
        if (!mp_wr_idle_i) begin
          // wait for every write and atomic of the command to be acknowledged
        end else if (cq_entry_ok) begin
          // SCAN reports its read errors itself (the reads ahead of a stop are not its own)
          berr_d        = {bus_err_i[2:1], bus_err_i[0] & (eng_q != MP_SEL_SCAN)};
          bus_err_clr_o = 1'b1;
          addr_d  = cq_entry_addr;
          word_d  = 3'd0;
          state_d = ST_CPL_WR;
        end else begin
          ring_fault_d     = 1'b1;
          ring_fault_set_o = 1'b1;
          state_d          = ST_IDLE;
        end
      end

      ST_CPL_WR: begin
        mp_wr_valid_o = 1'b1;
        if (mp_wr_ready_i) begin
          word_d = word_q + 3'd1;
          if (cpl_word_last) begin
            state_d = ST_CPL_WAIT;
          end
        end
      end

      ST_CPL_WAIT: begin
        if (mp_wr_idle_i && bus_err_i[1]) begin
          // a completion word write got an error: the entry is not delivered
          ring_fault_d     = 1'b1;
          ring_fault_set_o = 1'b1;
          state_d          = ST_IDLE;
        end else if (mp_wr_idle_i) begin
          sq_head_d  = (sq_head_q + 16'd1) & sq_mask;
          cq_tail_d  = (cq_tail_q + 16'd1) & cq_mask;
          cmd_done_o = 1'b1;
          state_d    = ST_IDLE;
        end
      end

      default: state_d = ST_IDLE;
    endcase

    // soft reset is only issued while idle (not busy)
    if (soft_reset_i) begin
      state_d          = ST_IDLE;
      sq_head_d        = 16'h0;
      cq_tail_d        = 16'h0;
      ring_fault_d     = 1'b0;
      ring_fault_set_o = 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q      <= ST_IDLE;
      sq_head_q    <= 16'h0;
      cq_tail_q    <= 16'h0;
      ring_fault_q <= 1'b0;
      cmd_q        <= 512'h0;
      addr_q       <= 48'h0;
      word_q       <= 3'd0;
      eng_q        <= MP_SEL_PTW;
      berr_q       <= 3'b000;
    end else begin
      state_q      <= state_d;
      sq_head_q    <= sq_head_d;
      cq_tail_q    <= cq_tail_d;
      ring_fault_q <= ring_fault_d;
      cmd_q        <= cmd_d;
      addr_q       <= addr_d;
      word_q       <= word_d;
      eng_q        <= eng_d;
      berr_q       <= berr_d;
    end
  end

  assign sq_head_o        = sq_head_q;
  assign cq_tail_o        = cq_tail_q;
  assign ring_fault_o     = ring_fault_q;
  assign ev_command_o     = cmd_done_o;
  assign ev_cmd_error_o   = cmd_done_o && (cpl_cur[`RA_CPL_STATUS_MSB:`RA_CPL_STATUS_LSB] !=
                                           `RA_ST_OK);
  assign busy_o           = (state_q != ST_IDLE);
  assign cmd_o            = cmd_q;
  assign mp_rd_req_addr_o = addr_q;
  assign mp_rd_req_line_o = 1'b1;
  assign mp_at_valid_o    = 1'b0;
  assign mp_at_addr_o     = 48'h0;
  assign mp_at_mask_o     = 64'h0;

  // the command engine never issues atomics; a ring read answered with an error is seen
  // through bus_err_i (RING_FAULT), not word by word
  logic unused_mp;
  assign unused_mp = ^{mp_at_ready_i, mp_rd_err_i};

endmodule

`default_nettype wire

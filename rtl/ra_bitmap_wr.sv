// reclaim-accel: SCAN bitmap writer.
//
// Builds the young bitmap (and, with dirty_en_i, the dirty bitmap) of a SCAN from page ranges
// given in ascending order, and writes every word of both exactly once, zeros included, as
// single 8-byte writes (docs/device.md, SCAN, "Bitmaps").
//
// - wcur_q is the index of the word being accumulated in accy_q/accd_q. Words below it have been
//   handed to the output FIFO; words above it are still all zero.
// - A set request [p0, p1) (p0 >= 64*wcur_q, ranges ascending and disjoint) first emits the
//   accumulated word and any zero words below word p0/64, then emits the words it fills up to
//   (excluding) the word holding page p1-1, which it leaves in the accumulator. One word is
//   emitted per cycle; set_done_o marks the cycle the request completes. A request that only
//   touches the accumulated word, or the word right after it, completes in one cycle.
// - With set_pat_i the request sets per-page bits instead: page set_p0_i + k gets young bit
//   set_ybits_i[k] and dirty bit set_dbits_i[k], k = 0, 1 (set_p1_i <= set_p0_i + 2; the SCAN
//   engine's two descriptors of a 128-bit beat). Such a request touches one word or two
//   neighbours; it completes like the others.
// - A finish request emits the accumulated word and the zero words up to word nwords_i-1;
//   fin_done_o is 1 once every word has been emitted.
// - Emitted words go through a 2-entry FIFO to the write port: young word at ybase + 8*i, then
//   (with dirty_en_i) dirty word at dbase + 8*i.

`default_nettype none

module ra_bitmap_wr #(
  parameter PAIR = 0             // 1: per-page requests (set_pat_i) are used; 0: ignored
) (
  input  wire         clk_i,
  input  wire         rst_ni,

  input  wire         init_i,       // start of a command: word 0, nothing accumulated
  input  wire  [30:0] nwords_i,     // bitmap length in words (1 .. 2^30)
  input  wire  [47:0] ybase_i,      // young bitmap address (8-byte aligned)
  input  wire  [47:0] dbase_i,      // dirty bitmap address (8-byte aligned)
  input  wire         dirty_en_i,   // write the dirty bitmap too

  input  wire         set_valid_i,  // set pages [set_p0_i, set_p1_i) (held until set_done_o)
  input  wire  [35:0] set_p0_i,     // first page index
  input  wire  [36:0] set_p1_i,     // one past the last page index (> set_p0_i)
  input  wire         set_y_i,      // set the bits in the young bitmap
  input  wire         set_d_i,      // set the bits in the dirty bitmap
  input  wire         set_pat_i,    // per-page bits (below) instead of set_y_i/set_d_i (PAIR)
  input  wire  [1:0]   set_ybits_i,  // young bits of pages set_p0_i and set_p0_i + 1
  input  wire  [1:0]   set_dbits_i,  // dirty bits of pages set_p0_i and set_p0_i + 1
  output logic        set_done_o,   // the request completes this cycle

  input  wire         fin_valid_i,  // emit the remaining words (held until fin_done_o)
  output logic        fin_done_o,   // every word has been emitted
  output logic        idle_o,       // no emitted word waiting for the write port

  output logic        wr_valid_o,   // single 8-byte write
  input  wire         wr_ready_i,
  output logic [47:0] wr_addr_o,
  output logic [63:0] wr_data_o
);

  localparam EW = 30 + 64 + 64;  // emitted entry: {index, young word, dirty word}

  logic [30:0] wcur_q, wcur_d;
  logic [63:0] accy_q, accy_d, accd_q, accd_d;

  // request decode
  logic [29:0] w0, wl;         // first and last word touched by the request
  logic [36:0] pl;             // last page of the request
  logic [30:0] w0_x, wl_x, wnext;
  logic [5:0]  lo, hi;
  logic [63:0] mask, mask_one;

  assign pl    = set_p1_i - 37'd1;
  assign w0    = set_p0_i[35:6];
  assign wl    = pl[35:6];
  assign w0_x  = {1'b0, w0};
  assign wl_x  = {1'b0, wl};
  assign wnext = wcur_q + 31'd1;

  // bits lo..hi of a word
  function automatic [63:0] bit_range(input [5:0] l, input [5:0] h);
    bit_range = ({64{1'b1}} << l) & ({64{1'b1}} >> (6'd63 - h));
  endfunction

  assign lo = (wcur_q == w0_x) ? set_p0_i[5:0] : 6'd0;
  assign hi = (wcur_q == wl_x) ? pl[5:0] : 6'd63;
  assign mask     = bit_range(lo, hi);
  assign mask_one = bit_range(set_p0_i[5:0], pl[5:0]);

  logic unused_pl;
  assign unused_pl = pl[36];

  // bits of the current word (set_pat_i: the per-page bits, in word w0 or in the next one)
  logic [63:0] dec, pat_y_lo, pat_d_lo, pat_y_hi, pat_d_hi, bits_y, bits_d, first_y, first_d;
  logic        pat;
  assign pat      = (PAIR != 0) && set_pat_i;
  assign dec      = 64'd1 << set_p0_i[5:0];
  assign pat_y_lo = ({64{set_ybits_i[0]}} & dec) | ({64{set_ybits_i[1]}} & {dec[62:0], 1'b0});
  assign pat_d_lo = ({64{set_dbits_i[0]}} & dec) | ({64{set_dbits_i[1]}} & {dec[62:0], 1'b0});
  assign pat_y_hi = {63'd0, set_ybits_i[1] & dec[63]};
  assign pat_d_hi = {63'd0, set_dbits_i[1] & dec[63]};
  assign bits_y   = pat ? ((wcur_q == w0_x) ? pat_y_lo : pat_y_hi)
                              : (set_y_i ? mask : 64'd0);
  assign bits_d   = pat ? ((wcur_q == w0_x) ? pat_d_lo : pat_d_hi)
                              : (set_d_i ? mask : 64'd0);
  // the request's bits when it begins in a fresh word w0 and ends there
  assign first_y  = pat ? pat_y_lo : (set_y_i ? mask_one : 64'd0);
  assign first_d  = pat ? pat_d_lo : (set_d_i ? mask_one : 64'd0);

  // output FIFO
  logic          ef_push, ef_pop, ef_empty, ef_full;
  logic [EW-1:0] ef_wdata, ef_rdata;
  logic [29:0]   wcur_idx;

  assign wcur_idx = wcur_q[29:0];

  always_comb begin
    wcur_d     = wcur_q;
    accy_d     = accy_q;
    accd_d     = accd_q;
    set_done_o = 1'b0;
    ef_push    = 1'b0;
    ef_wdata   = {wcur_idx, accy_q, accd_q};
    if (init_i) begin
      wcur_d = 31'd0;
      accy_d = 64'd0;
      accd_d = 64'd0;
    end else if (set_valid_i) begin
      if (wcur_q < w0_x) begin
        // emit the accumulated word (then zero words) until the request's first word
        if (!ef_full) begin
          ef_push = 1'b1;
          if ((wnext == w0_x) && (w0 == wl)) begin
            wcur_d     = w0_x;
            accy_d     = first_y;
            accd_d     = first_d;
            set_done_o = 1'b1;
          end else begin
            wcur_d = wnext;
            accy_d = 64'd0;
            accd_d = 64'd0;
          end
        end
      end else if (wcur_q == wl_x) begin
        // last word of the request: keep it in the accumulator
        accy_d     = accy_q | bits_y;
        accd_d     = accd_q | bits_d;
        set_done_o = 1'b1;
      end else if (!ef_full) begin
        // a word the request covers up to its end: emit it
        ef_push  = 1'b1;
        ef_wdata = {wcur_idx, accy_q | bits_y, accd_q | bits_d};
        wcur_d   = wnext;
        accy_d   = 64'd0;
        accd_d   = 64'd0;
      end
    end else if (fin_valid_i) begin
      if ((wcur_q < nwords_i) && !ef_full) begin
        ef_push = 1'b1;
        wcur_d  = wnext;
        accy_d  = 64'd0;
        accd_d  = 64'd0;
      end
    end
  end

  assign fin_done_o = (wcur_q == nwords_i);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wcur_q <= 31'd0;
      accy_q <= 64'd0;
      accd_q <= 64'd0;
    end else begin
      wcur_q <= wcur_d;
      accy_q <= accy_d;
      accd_q <= accd_d;
    end
  end

  ra_fifo #(
    .WIDTH (EW),
    .DEPTH (2)
  ) u_emit_fifo (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .clr_i   (init_i),
    .push_i  (ef_push),
    .wdata_i (ef_wdata),
    .pop_i   (ef_pop),
    .rdata_o (ef_rdata),
    .empty_o (ef_empty),
    .full_o  (ef_full)
  );

  // write sequencer: young word, then dirty word
  logic        sub_q, sub_d;  // 1: the dirty word of the head entry is next
  logic [29:0] e_idx;
  logic [63:0] e_y, e_d;
  logic [47:0] e_off;

  assign e_idx = ef_rdata[EW-1 -: 30];
  assign e_y   = ef_rdata[127:64];
  assign e_d   = ef_rdata[63:0];
  assign e_off = {15'd0, e_idx, 3'd0};

  assign wr_valid_o = !ef_empty;
  assign wr_addr_o  = sub_q ? (dbase_i + e_off) : (ybase_i + e_off);
  assign wr_data_o  = sub_q ? e_d : e_y;

  always_comb begin
    ef_pop = 1'b0;
    sub_d  = sub_q;
    if (init_i) begin
      sub_d = 1'b0;
    end else if (!ef_empty && wr_ready_i) begin
      if (!sub_q && dirty_en_i) begin
        sub_d = 1'b1;
      end else begin
        sub_d  = 1'b0;
        ef_pop = 1'b1;
      end
    end
  end

  assign idle_o = ef_empty;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sub_q <= 1'b0;
    end else begin
      sub_q <= sub_d;
    end
  end

endmodule

`default_nettype wire

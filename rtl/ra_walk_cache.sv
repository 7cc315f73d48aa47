// reclaim-accel: walk cache of upper-level table descriptors (used by ra_ptw).
//
// Fully associative, ENTRIES entries, each {level, tag, table address}, as docs/device.md (WALK)
// specifies:
// - An entry of level L (0..2) is made from a table descriptor read at level L; it holds the
//   address of the level L+1 table and is tagged with the VA bits that index levels 0..L:
//   level 0 VA[47:39], level 1 VA[47:30], level 2 VA[47:21].
// - Lookup (combinational): the deepest valid entry whose tag matches; level 2 before level 1
//   before level 0. Duplicates of one {level, tag} cannot arise (a matching entry would have
//   been hit instead of the descriptor being read), so among equals the lowest index is taken.
// - Insertion writes the entry at the replacement pointer (valid or not) and advances the
//   pointer by one, wrapping after ENTRIES-1 (round-robin).
// - flush_i invalidates every entry and returns the pointer to entry 0 (start of each command).

`default_nettype none

module ra_walk_cache #(
  parameter ENTRIES = 16  // number of entries (1..64)
) (
  input  wire          clk_i,
  input  wire          rst_ni,
  input  wire          flush_i,      // invalidate all entries, replacement pointer to entry 0
  // lookup
  input  wire  [47:21] lookup_va_i,  // VA bits of the walk being started
  output logic         hit_o,        // a valid entry matches
  output logic [1:0]   hit_level_o,  // level of the deepest matching entry (0..2)
  output logic [47:12] hit_table_o,  // its next-level table address, bits 47:12
  // insertion
  input  wire          ins_i,        // insert one entry at the replacement pointer
  input  wire  [1:0]   ins_level_i,  // level of the table descriptor (0..2)
  input  wire  [47:21] ins_va_i,     // VA of the walk; bits below the level's tag are dropped
  input  wire  [47:12] ins_table_i   // next-level table address, bits 47:12
);

  integer k;  // loop index of constant-index writes (a variable part-select on the left
              // would make Yosys build a shifter as wide as the vector)

  localparam PTR_W = (ENTRIES > 1) ? $clog2(ENTRIES) : 1;  // replacement pointer width
  localparam TAG_W = 27;                                   // VA[47:21]
  localparam TBL_W = 36;                                   // table address bits 47:12

  // tag masks: which of VA[47:21] belong to the tag of a level-L entry
  localparam [TAG_W-1:0] MASK_L0 = {9'h1ff, 18'h0};        // VA[47:39]
  localparam [TAG_W-1:0] MASK_L1 = {18'h3ffff, 9'h0};      // VA[47:30]
  localparam [TAG_W-1:0] MASK_L2 = {TAG_W{1'b1}};          // VA[47:21]
  localparam [31:0]      LAST  = ENTRIES - 1;             // last entry index

  logic [ENTRIES-1:0]       valid_q, valid_d;
  logic [2*ENTRIES-1:0]     level_q, level_d;
  logic [TAG_W*ENTRIES-1:0] tag_q, tag_d;
  logic [TBL_W*ENTRIES-1:0] table_q, table_d;
  logic [PTR_W-1:0]         ptr_q, ptr_d;

  // per-entry match, split by the entry's level
  logic [ENTRIES-1:0] match_l0, match_l1, match_l2;

  genvar gi;
  generate
    for (gi = 0; gi < ENTRIES; gi = gi + 1) begin : g_match
      logic [1:0]       lvl;
      logic [TAG_W-1:0] tag;
      logic [TAG_W-1:0] mask;
      logic             eq;
      assign lvl  = level_q[2*gi +: 2];
      assign tag  = tag_q[TAG_W*gi +: TAG_W];
      assign mask = (lvl == 2'd2) ? MASK_L2 : (lvl == 2'd1) ? MASK_L1 : MASK_L0;
      assign eq   = ((lookup_va_i & mask) == tag);
      assign match_l0[gi] = valid_q[gi] && eq && (lvl == 2'd0);
      assign match_l1[gi] = valid_q[gi] && eq && (lvl == 2'd1);
      assign match_l2[gi] = valid_q[gi] && eq && (lvl == 2'd2);
    end
  endgenerate

  // lookup: deepest level first, lowest index among entries of that level
  logic [ENTRIES-1:0] sel;
  logic               found;
  always_comb begin : p_lookup
    integer i;
    hit_o       = 1'b0;
    hit_level_o = 2'd0;
    hit_table_o = '0;
    sel         = match_l0;
    found       = 1'b0;
    if (|match_l2) begin
      sel         = match_l2;
      hit_level_o = 2'd2;
    end else if (|match_l1) begin
      sel         = match_l1;
      hit_level_o = 2'd1;
    end
    hit_o = |sel;
    for (i = 0; i < ENTRIES; i = i + 1) begin
      if (sel[i] && !found) begin
        hit_table_o = table_q[TBL_W*i +: TBL_W];
        found       = 1'b1;
      end
    end
  end

  // insertion and flush
  logic [TAG_W-1:0] ins_tag;
  assign ins_tag = (ins_level_i == 2'd2) ? (ins_va_i & MASK_L2) :
                   (ins_level_i == 2'd1) ? (ins_va_i & MASK_L1) : (ins_va_i & MASK_L0);

  always_comb begin : p_update
    k       = 0;
    valid_d = valid_q;
    level_d = level_q;
    tag_d   = tag_q;
    table_d = table_q;
    ptr_d   = ptr_q;
    if (flush_i) begin
      valid_d = '0;
      ptr_d   = '0;
    end else if (ins_i) begin
      for (k = 0; k < ENTRIES; k = k + 1) begin
        if (ptr_q == k[PTR_W-1:0]) begin
          valid_d[k]                  = 1'b1;
          level_d[2*k +: 2]           = ins_level_i;
          tag_d[TAG_W*k +: TAG_W]     = ins_tag;
          table_d[TBL_W*k +: TBL_W]   = ins_table_i;
        end
      end
      if (ptr_q == LAST[PTR_W-1:0]) begin
        ptr_d = '0;
      end else begin
        ptr_d = ptr_q + 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= '0;
      level_q <= '0;
      tag_q   <= '0;
      table_q <= '0;
      ptr_q   <= '0;
    end else begin
      valid_q <= valid_d;
      level_q <= level_d;
      tag_q   <= tag_d;
      table_q <= table_d;
      ptr_q   <= ptr_d;
    end
  end

endmodule

`default_nettype wire

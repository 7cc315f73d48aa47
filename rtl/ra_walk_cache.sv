// reclaim-accel: walk cache of upper-level table descriptors (used by ra_ptw).
//
// Fully associative, ENTRIES entries, each {level, tag, table address}, as docs/device.md (WALK)
// specifies:
// - An entry of level L (0..2) is made from a table descriptor read at level L; it holds the
//   address of the level L+1 table and is tagged with the VA bits that index levels 0..L:
//   level 0 VA[47:39], level 1 VA[47:30], level 2 VA[47:21].
// - Lookup (combinational, in a cycle with lookup_i; the outputs are 0 otherwise): the deepest
//   valid entry whose tag matches; level 2 before level 1 before level 0. Duplicates of one
//   {level, tag} cannot arise (a matching entry would have been hit instead of the descriptor
//   being read), so among equals the lowest index is taken.
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
  input  wire          lookup_i,     // look up lookup_va_i this cycle (else the hit outputs are 0)
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

  localparam PTR_W = (ENTRIES > 1) ? $clog2(ENTRIES) : 1;  // replacement pointer width
  localparam TAG_W = 27;                                   // VA[47:21]
  localparam TBL_W = 36;                                   // table address bits 47:12

  // tag masks: which of VA[47:21] belong to the tag of a level-L entry
  localparam [TAG_W-1:0] MASK_L0 = {9'h1ff, 18'h0};        // VA[47:39]
  localparam [TAG_W-1:0] MASK_L1 = {18'h3ffff, 9'h0};      // VA[47:30]
  localparam [TAG_W-1:0] MASK_L2 = {TAG_W{1'b1}};          // VA[47:21]
  localparam [31:0]      LAST  = ENTRIES - 1;             // last entry index

  logic [ENTRIES-1:0]       valid_q;
  logic [2*ENTRIES-1:0]     level_q;
  logic [TAG_W*ENTRIES-1:0] tag_q;
  logic [TBL_W*ENTRIES-1:0] table_q;
  logic [PTR_W-1:0]         ptr_q;

  // Lookup, only in a cycle that asks for one (the outputs are 0 otherwise, and the Verilated
  // model skips the compares in all other cycles): deepest level first, lowest index among the
  // entries of that level.
  logic [ENTRIES-1:0] match_l0, match_l1, match_l2;  // per-entry match, by the entry's level
  logic [ENTRIES-1:0] sel;
  logic               found;
  always_comb begin : p_lookup
    integer i;
    logic [1:0]       lvl;
    logic [TAG_W-1:0] mask;
    logic             eq;
    i           = 0;
    lvl         = 2'd0;
    mask        = '0;
    eq          = 1'b0;
    match_l0    = '0;
    match_l1    = '0;
    match_l2    = '0;
    sel         = '0;
    found       = 1'b0;
    hit_o       = 1'b0;
    hit_level_o = 2'd0;
    hit_table_o = '0;
    if (lookup_i) begin
      for (i = 0; i < ENTRIES; i = i + 1) begin
        lvl  = level_q[2*i +: 2];
        mask = (lvl == 2'd2) ? MASK_L2 : (lvl == 2'd1) ? MASK_L1 : MASK_L0;
        eq   = ((lookup_va_i & mask) == tag_q[TAG_W*i +: TAG_W]);
        match_l0[i] = valid_q[i] && eq && (lvl == 2'd0);
        match_l1[i] = valid_q[i] && eq && (lvl == 2'd1);
        match_l2[i] = valid_q[i] && eq && (lvl == 2'd2);
      end
      sel = match_l0;
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
  end

  // insertion and flush (constant-index writes: a variable part-select on the left would make
  // Yosys build a shifter as wide as the vector)
  logic [TAG_W-1:0] ins_tag;
  assign ins_tag = (ins_level_i == 2'd2) ? (ins_va_i & MASK_L2) :
                   (ins_level_i == 2'd1) ? (ins_va_i & MASK_L1) : (ins_va_i & MASK_L0);

  integer k;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= '0;
      level_q <= '0;
      tag_q   <= '0;
      table_q <= '0;
      ptr_q   <= '0;
    end else if (flush_i) begin
      valid_q <= '0;
      ptr_q   <= '0;
    end else if (ins_i) begin
      for (k = 0; k < ENTRIES; k = k + 1) begin
        if (ptr_q == k[PTR_W-1:0]) begin
          valid_q[k]                <= 1'b1;
          level_q[2*k +: 2]         <= ins_level_i;
          tag_q[TAG_W*k +: TAG_W]   <= ins_tag;
          table_q[TBL_W*k +: TBL_W] <= ins_table_i;
        end
      end
      ptr_q <= (ptr_q == LAST[PTR_W-1:0]) ? '0 : ptr_q + 1'b1;
    end
  end

endmodule

`default_nettype wire

// reclaim-accel: DMA window check (combinational).
//
// ok_o is 1 when the byte range [addr_i, addr_i + len_i) lies entirely inside one of the
// RA_NUM_WINDOWS DMA windows, window i being [base_i, limit_i) (docs/device.md, "DMA windows").
// - A window with limit <= base is empty and contains nothing.
// - The end address is formed on 49 bits, so a range that runs past 2^48 never wraps around
//   into a window.
// - len_i is 48 bits wide so that engines can check whole buffers (WALK lists, SCAN bitmaps and
//   record lists) with one instance. The first byte must lie in the window (base <= addr_i <
//   limit) even for an empty range (len_i = 0), as the C model's dma_inside() does.

`default_nettype none

`include "ra_regs.vh"

module ra_dma_check (
  input  wire  [47:0]                    addr_i,       // first byte of the range
  input  wire  [47:0]                    len_i,        // length of the range in bytes
  input  wire  [48*`RA_NUM_WINDOWS-1:0]  win_base_i,   // window i base is [48i+47:48i]
  input  wire  [48*`RA_NUM_WINDOWS-1:0]  win_limit_i,  // window i limit (exclusive)
  output logic                           ok_o          // range inside one window
);

  logic [48:0]                 end_addr;  // addr_i + len_i, one past the last byte
  logic [`RA_NUM_WINDOWS-1:0]  in_win;    // range inside window i

  assign end_addr = {1'b0, addr_i} + {1'b0, len_i};

  genvar gi;
  generate
    for (gi = 0; gi < `RA_NUM_WINDOWS; gi = gi + 1) begin : g_win
      logic [47:0] base;
      logic [47:0] limit;
      assign base       = win_base_i[48*gi +: 48];
      assign limit      = win_limit_i[48*gi +: 48];
      assign in_win[gi] = (limit > base) && (addr_i >= base) && (addr_i < limit) &&
                          (end_addr <= {1'b0, limit});
    end
  endgenerate

  assign ok_o = |in_win;

endmodule

`default_nettype wire

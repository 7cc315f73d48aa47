// reclaim-accel: the generic small synchronous FIFO (SCAN engine, page engines, bitmap writer).
//
// DEPTH entries of WIDTH bits, first-word-fall-through (rdata_o is the head whenever empty_o is
// 0). A push into a full FIFO and a pop from an empty one are ignored. clr_i empties it.
// Storage is an array written at the tail pointer; the data is reset to 0 only with
// RESET_DATA = 1 (the AXI master's FIFOs, whose heads drive the bus while empty), the pointers
// always. Without the reset, synthesis may map the array to LUT RAM.

`default_nettype none

module ra_fifo #(
  parameter WIDTH      = 8,  // entry width in bits (>= 1)
  parameter DEPTH      = 2,  // number of entries (>= 1)
  parameter RESET_DATA = 0   // 1: the entries are reset to 0 as well
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  input  wire              clr_i,    // empty the FIFO (synchronous)
  input  wire              push_i,   // write wdata_i at the tail
  input  wire  [WIDTH-1:0] wdata_i,
  input  wire              pop_i,    // drop the head
  output logic [WIDTH-1:0] rdata_o,  // head entry (valid when !empty_o)
  output logic             empty_o,
  output logic             full_o
);

  localparam PW = (DEPTH > 2) ? $clog2(DEPTH) : 1;  // pointer width
  localparam CW = $clog2(DEPTH + 1);                 // count width

  localparam integer  LAST_I   = DEPTH - 1;
  localparam integer  FULL_I   = DEPTH;
  localparam [PW-1:0] PTR_LAST = LAST_I[PW-1:0];     // last pointer value
  localparam [CW-1:0] CNT_FULL = FULL_I[CW-1:0];     // count when full
  localparam [PW-1:0] PTR_ONE  = 1;
  localparam [CW-1:0] CNT_ONE  = 1;

  logic [PW-1:0]          wptr_q, wptr_d, rptr_q, rptr_d;  // constant 0 when DEPTH = 1
  logic [CW-1:0]          cnt_q, cnt_d;
  logic                   do_push, do_pop;

  assign empty_o = (cnt_q == {CW{1'b0}});
  assign full_o  = (cnt_q == CNT_FULL);
  assign do_push = push_i && !full_o && !clr_i;
  assign do_pop  = pop_i && !empty_o && !clr_i;

  always_comb begin
    wptr_d = wptr_q;
    rptr_d = rptr_q;
    cnt_d  = cnt_q;
    if (clr_i) begin
      wptr_d = {PW{1'b0}};
      rptr_d = {PW{1'b0}};
      cnt_d  = {CW{1'b0}};
    end else begin
      if (do_push) begin
        wptr_d = ((DEPTH == 1) || (wptr_q == PTR_LAST)) ? {PW{1'b0}} : wptr_q + PTR_ONE;
      end
      if (do_pop) begin
        rptr_d = ((DEPTH == 1) || (rptr_q == PTR_LAST)) ? {PW{1'b0}} : rptr_q + PTR_ONE;
      end
      if (do_push && !do_pop) begin
        cnt_d = cnt_q + CNT_ONE;
      end else if (do_pop && !do_push) begin
        cnt_d = cnt_q - CNT_ONE;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wptr_q <= {PW{1'b0}};
      rptr_q <= {PW{1'b0}};
      cnt_q  <= {CW{1'b0}};
    end else begin
      wptr_q <= wptr_d;
      rptr_q <= rptr_d;
      cnt_q  <= cnt_d;
    end
  end

  // The entries, an array: written at the tail pointer, read at the head (the Verilated model
  // copies one entry per push). Without a data reset synthesis may map it to LUT RAM; with the
  // reset, mem2reg makes Yosys keep it as flops with one write enable per entry (a reset loop
  // over a memory would otherwise become a memory with DEPTH write ports, several times larger).
  generate
    if (RESET_DATA != 0) begin : g_reset_data
      (* mem2reg *) logic [WIDTH-1:0] mem_q [DEPTH];
      integer k;
      assign rdata_o = mem_q[rptr_q];
      always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
          for (k = 0; k < DEPTH; k = k + 1) begin
            mem_q[k] <= {WIDTH{1'b0}};
          end
        end else if (do_push) begin
          mem_q[wptr_q] <= wdata_i;
        end
      end
    end else begin : g_mem
      logic [WIDTH-1:0] mem_q [DEPTH];
      assign rdata_o = mem_q[rptr_q];
      always_ff @(posedge clk_i) begin
        if (do_push) begin
          mem_q[wptr_q] <= wdata_i;
        end
      end
    end
  endgenerate

endmodule

`default_nettype wire

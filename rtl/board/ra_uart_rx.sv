// reclaim-accel board: UART receiver, 8 data bits, no parity, 1 stop bit (8N1), LSB first.
//
// The line is synchronised with two flops. A start bit is a falling edge that is still low half
// a bit later; each data bit is sampled in the middle of its bit time, CLKS_PER_BIT clocks
// apart. valid_o pulses for one clock with the byte once the stop bit has been sampled high; a
// low stop bit drops the byte and pulses ferr_o instead (framing error), and the receiver waits
// for the line to go high again before it looks for the next start bit.

`default_nettype none

module ra_uart_rx #(
  parameter CLKS_PER_BIT = 104  // clock cycles per bit (clock / baud rate), >= 4
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        rx_i,     // serial line, idle high
  output logic       valid_o,  // pulse: data_o holds a received byte
  output logic [7:0] data_o,
  output logic       ferr_o    // pulse: framing error (stop bit low)
);

  localparam CW = $clog2(CLKS_PER_BIT + 1);
  localparam integer  HALF_I = CLKS_PER_BIT / 2 - 1;
  localparam integer  FULL_I = CLKS_PER_BIT - 1;
  localparam [CW-1:0] HALF   = HALF_I[CW-1:0];
  localparam [CW-1:0] FULL   = FULL_I[CW-1:0];

  localparam [1:0] ST_IDLE  = 2'd0;  // waiting for a falling edge
  localparam [1:0] ST_START = 2'd1;  // half a bit into the start bit
  localparam [1:0] ST_DATA  = 2'd2;  // sampling data bits, then the stop bit
  localparam [1:0] ST_BREAK = 2'd3;  // framing error: wait for the line to go high

  logic [1:0]    sync_q;            // two-flop synchroniser, sync_q[1] is the line
  logic [1:0]    state_q;
  logic [CW-1:0] cnt_q;             // clocks left until the next sample
  logic [3:0]    bit_q;             // bits sampled in ST_DATA (8 data, then stop)
  logic [7:0]    shift_q;
  logic          line;

  assign line = sync_q[1];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sync_q  <= 2'b11;
      state_q <= ST_IDLE;
      cnt_q   <= {CW{1'b0}};
      bit_q   <= 4'd0;
      shift_q <= 8'h00;
      valid_o <= 1'b0;
      data_o  <= 8'h00;
      ferr_o  <= 1'b0;
    end else begin
      sync_q  <= {sync_q[0], rx_i};
      valid_o <= 1'b0;
      ferr_o  <= 1'b0;
      case (state_q)
        ST_IDLE: begin
          if (!line) begin
            state_q <= ST_START;
            cnt_q   <= HALF;
          end
        end
        ST_START: begin
          if (cnt_q != {CW{1'b0}}) begin
            cnt_q <= cnt_q - 1'b1;
          end else if (line) begin
            state_q <= ST_IDLE;          // a glitch, not a start bit
          end else begin
            state_q <= ST_DATA;
            cnt_q   <= FULL;
            bit_q   <= 4'd0;
          end
        end
        ST_DATA: begin
          if (cnt_q != {CW{1'b0}}) begin
            cnt_q <= cnt_q - 1'b1;
          end else if (bit_q != 4'd8) begin
            shift_q <= {line, shift_q[7:1]};
            bit_q   <= bit_q + 4'd1;
            cnt_q   <= FULL;
          end else if (line) begin
            valid_o <= 1'b1;
            data_o  <= shift_q;
            state_q <= ST_IDLE;
          end else begin
            ferr_o  <= 1'b1;
            state_q <= ST_BREAK;
          end
        end
        default: begin                  // ST_BREAK
          if (line) begin
            state_q <= ST_IDLE;
          end
        end
      endcase
    end
  end

endmodule

`default_nettype wire

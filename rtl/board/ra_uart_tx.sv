// reclaim-accel board: UART transmitter, 8N1, LSB first.
//
// A byte offered with valid_i while ready_o is high is sent as a start bit, 8 data bits and a
// stop bit, each CLKS_PER_BIT clocks long; ready_o is low until the stop bit has been sent.

`default_nettype none

module ra_uart_tx #(
  parameter CLKS_PER_BIT = 104  // clock cycles per bit, >= 2
) (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       valid_i,  // a byte to send
  input  wire [7:0] data_i,
  output logic      ready_o,  // idle: the byte is taken when valid_i is high
  output logic      tx_o      // serial line, idle high
);

  localparam CW = $clog2(CLKS_PER_BIT + 1);
  localparam integer  FULL_I = CLKS_PER_BIT - 1;
  localparam [CW-1:0] FULL   = FULL_I[CW-1:0];

  logic [8:0]    shift_q;   // {stop, data}: the bits after the start bit, sent from bit 0
  logic [3:0]    left_q;    // bits still to start after the current one
  logic [CW-1:0] cnt_q;     // clocks left in the current bit

  assign ready_o = (left_q == 4'd0) && (cnt_q == {CW{1'b0}});

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      shift_q <= 9'h1ff;
      left_q  <= 4'd0;
      cnt_q   <= {CW{1'b0}};
      tx_o    <= 1'b1;
    end else if (cnt_q != {CW{1'b0}}) begin
      cnt_q <= cnt_q - 1'b1;
    end else if (left_q != 4'd0) begin
      tx_o    <= shift_q[0];
      shift_q <= {1'b1, shift_q[8:1]};
      left_q  <= left_q - 4'd1;
      cnt_q   <= FULL;
    end else if (valid_i) begin
      tx_o    <= 1'b0;                  // start bit
      shift_q <= {1'b1, data_i};
      left_q  <= 4'd9;
      cnt_q   <= FULL;
    end
  end

endmodule

`default_nettype wire

// reclaim-accel board top for the Lattice iCE40-HX8K breakout board (iCE40HX8K-CT256, 12 MHz
// oscillator, FTDI FT2232H whose second channel is the UART): ra_board with 16 KiB of block RAM
// as the device's memory and the WALK engine (the configuration that fits the HX8K's 7,680
// logic cells, docs/fpga.md). Pins: rtl/board/hx8k.pcf.
//
//   led_o[0]  on while the device's memory is busy       led_o[1]  the device's interrupt
//   led_o[2]  heartbeat (about 0.7 Hz)                    led_o[7:3] off

`default_nettype none

module ra_board_hx8k #(
  parameter CLK_HZ = 12000000,
  parameter BAUD   = 115200
) (
  input  wire       clk_i,
  input  wire       uart_rx_i,
  output wire       uart_tx_o,
  output wire [7:0] led_o
);

  wire busy, irq;

  ra_board #(
    .CLK_HZ (CLK_HZ), .BAUD (BAUD), .AW (11), .SPRAM (0)
  ) u_board (
    .clk_i (clk_i), .rst_ni (1'b1), .uart_rx_i (uart_rx_i), .uart_tx_o (uart_tx_o),
    .busy_o (busy), .irq_o (irq)
  );

  logic [23:0] beat_q = 24'd0;
  always_ff @(posedge clk_i) beat_q <= beat_q + 24'd1;

  assign led_o = {5'b00000, beat_q[23], irq, busy};

endmodule

`default_nettype wire

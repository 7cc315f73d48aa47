// Behavioural model of the iCE40 UP5K single-port RAM SB_SPRAM256KA (16 K x 16), for
// simulating the board top with Verilator and Icarus. Only what ra_board_mem uses is modelled:
// with CHIPSELECT high, a write stores the nibbles whose MASKWREN bit is 1; a read presents the
// word on DATAOUT after the clock edge, and DATAOUT holds until the next read. STANDBY, SLEEP and
// POWEROFF (active low) are expected at their running values (0, 0, 1).
`default_nettype none

module SB_SPRAM256KA (
  input  wire [13:0] ADDRESS,
  input  wire [15:0] DATAIN,
  input  wire [3:0]  MASKWREN,
  input  wire        WREN,
  input  wire        CHIPSELECT,
  input  wire        CLOCK,
  input  wire        STANDBY,
  input  wire        SLEEP,
  input  wire        POWEROFF,
  output reg  [15:0] DATAOUT
);

  reg [15:0] mem [0:16383];
  integer n;

  always @(posedge CLOCK) begin
    if (CHIPSELECT && !STANDBY && !SLEEP && POWEROFF) begin
      if (WREN) begin
        for (n = 0; n < 4; n = n + 1) begin
          if (MASKWREN[n]) mem[ADDRESS][4*n +: 4] <= DATAIN[4*n +: 4];
        end
      end else begin
        DATAOUT <= mem[ADDRESS];
      end
    end
  end

endmodule

`default_nettype wire

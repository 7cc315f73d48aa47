// reclaim-accel board: on-chip memory behind an AXI4 slave, as the device's memory.
//
// 2^AW words of 64 bits at physical addresses [MEM_BASE, MEM_BASE + 8 * 2^AW), MEM_BASE a
// multiple of the memory's size (so decoding compares the upper address bits). With SPRAM = 1
// the words live in four iCE40 UP5K single-port RAMs (SB_SPRAM256KA, 16 K x 16 each, one per
// 16-bit lane, byte writes through the nibble mask): AW = 14 gives 128 KiB. With SPRAM = 0 they
// are an inferred synchronous RAM (block RAM on other parts).
//
// The slave serves what ra_top's AXI4 master issues (docs/rtl.md, "ra_top ports"): INCR read
// bursts of 8-byte beats, single-beat writes with byte strobes, and the AtomicStore-CLR (AWATOP
// 6'b01_0_001): the word is written back with the write data's bits cleared, then B (an
// AtomicStore has no R response). Reads and writes proceed independently (one burst
// and one write at a time), so writes are never stuck behind read data the master holds back.
// An access outside the memory reads zero, writes nothing and gets SLVERR; so does a write of
// fewer than 8 bytes to the block RAM build (SPRAM = 0), which writes whole words only.
//
// The host port (the UART bridge) gets the memory between transactions: host_req_i is held
// until host_ack_o, which for a read comes with host_rdata_o (valid in that cycle only).

`default_nettype none

module ra_board_mem #(
  parameter        AW       = 14,               // word-address bits (2^AW 8-byte words)
  parameter [47:0] MEM_BASE = 48'h0000_4000_0000,  // physical address of word 0
  parameter        ID_W     = 1,
  parameter        SPRAM    = 1,                // 1: SB_SPRAM256KA (iCE40 UP5K), 0: inferred
  parameter        ATOMICS  = 1                 // 0: an atomic changes nothing, gets SLVERR
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // AXI4 slave (ra_top's master; AxSIZE 3, no WRAP bursts)
  input  wire  [ID_W-1:0]  s_axi_awid,
  input  wire  [47:0]      s_axi_awaddr,
  input  wire  [5:0]       s_axi_awatop,
  input  wire              s_axi_awvalid,
  output logic             s_axi_awready,
  input  wire  [63:0]      s_axi_wdata,
  input  wire  [7:0]       s_axi_wstrb,
  input  wire              s_axi_wvalid,
  output logic             s_axi_wready,
  output logic [ID_W-1:0]  s_axi_bid,
  output logic [1:0]       s_axi_bresp,
  output logic             s_axi_bvalid,
  input  wire              s_axi_bready,
  input  wire  [ID_W-1:0]  s_axi_arid,
  input  wire  [47:0]      s_axi_araddr,
  input  wire  [7:0]       s_axi_arlen,
  input  wire              s_axi_arvalid,
  output logic             s_axi_arready,
  output logic [ID_W-1:0]  s_axi_rid,
  output logic [63:0]      s_axi_rdata,
  output logic [1:0]       s_axi_rresp,
  output logic             s_axi_rlast,
  output logic             s_axi_rvalid,
  input  wire              s_axi_rready,
  // host port
  input  wire              host_req_i,    // held until host_ack_o
  input  wire              host_we_i,
  input  wire  [AW-1:0]    host_addr_i,   // word address
  input  wire  [63:0]      host_wdata_i,
  output logic             host_ack_o,    // pulse
  output logic [63:0]      host_rdata_o   // read data, valid with host_ack_o
);

  localparam [1:0] OKAY   = 2'b00;
  localparam [1:0] SLVERR = 2'b10;

  // ---------------------------------------------------------------------------------------
  // RAM: one access per cycle, read data the cycle after a read
  // ---------------------------------------------------------------------------------------
  logic          ram_en, ram_we;
  logic [AW-1:0] ram_addr;
  logic [63:0]   ram_wdata, ram_rdata;
  logic [7:0]    ram_wstrb;

  genvar gi;
  generate
    if (SPRAM != 0) begin : g_spram
      for (gi = 0; gi < 4; gi = gi + 1) begin : g_lane
        logic [15:0] dout;
        SB_SPRAM256KA u_ram (
          .ADDRESS    (ram_addr),
          .DATAIN     (ram_wdata[16*gi +: 16]),
          .MASKWREN   ({ram_wstrb[2*gi+1], ram_wstrb[2*gi+1], ram_wstrb[2*gi], ram_wstrb[2*gi]}),
          .WREN       (ram_we),
          .CHIPSELECT (ram_en),
          .CLOCK      (clk_i),
          .STANDBY    (1'b0),
          .SLEEP      (1'b0),
          .POWEROFF   (1'b1),
          .DATAOUT    (dout)
        );
        assign ram_rdata[16*gi +: 16] = dout;
      end
    end else begin : g_infer
      // Whole-word writes: ra_top's master always writes all 8 bytes of a 64-bit bus (and the
      // host port writes words), and without byte enables an iCE40 maps the RAM as 32 blocks
      // of 2048 x 2 bits sharing one address, instead of 8 banks of 256 x 16 with a read
      // multiplexer (which the HX8K's router struggled with). A partial write is refused with
      // SLVERR (see wr_part below).
      logic [63:0] mem_q [0:(1<<AW)-1];
      logic [63:0] rd_q;
      always_ff @(posedge clk_i) begin
        if (ram_en) begin
          if (ram_we) begin
            mem_q[ram_addr] <= ram_wdata;
          end else begin
            rd_q <= mem_q[ram_addr];
          end
        end
      end
      assign ram_rdata = rd_q;
      wire unused_wstrb;
      assign unused_wstrb = ^ram_wstrb;
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Address decode: word index of a byte address, and whether it is inside the memory
  // ---------------------------------------------------------------------------------------
  // (bits 2:0 of a select the byte in the word: every access here is a whole word). A burst
  // never crosses a 4 KiB boundary, so it is inside or outside the memory as a whole.
  function automatic [AW:0] decode(input [47:3] a);  // {outside, word index}
    decode = {a[47:AW+3] != MEM_BASE[47:AW+3], a[AW+2:3]};
  endfunction

  generate
    if (MEM_BASE[AW+2:0] != 0) begin : g_bad_mem_base
      ra_board_mem_illegal_parameter_MEM_BASE u_illegal ();
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Two state machines, one per direction, sharing the RAM port (reads first, then writes).
  // The write side must progress while a read beat waits: ra_axi_master may hold read data
  // back (RREADY low) until its writes and atomics have gone out. So a read beat is captured
  // (data_q) and offered only in a cycle where RREADY is high, and the R channel is never held
  // by a beat the master is not taking. This relies on ra_axi_master's RREADY not depending on
  // RVALID (it depends on its R FIFO), a deviation from the AXI rule that RVALID must not wait
  // for RREADY: this slave is for ra_top.
  // ---------------------------------------------------------------------------------------
  localparam [1:0] R_IDLE  = 2'd0;
  localparam [1:0] R_RD    = 2'd1;  // read beat: address to the RAM (when granted)
  localparam [1:0] R_CAP   = 2'd2;  // capture the RAM output
  localparam [1:0] R_VALID = 2'd3;  // R beat held: offered while RREADY is high

  localparam [2:0] W_IDLE  = 3'd0;
  localparam [2:0] W_DATA  = 3'd1;  // plain write: take W and write it (when granted)
  localparam [2:0] W_ARD   = 3'd2;  // atomic: read the old word (when granted)
  localparam [2:0] W_ACAP  = 3'd3;  // atomic: capture it
  localparam [2:0] W_AWR   = 3'd4;  // atomic: take W, write old & ~mask (when granted)
  localparam [2:0] W_B     = 3'd7;  // B offered

  logic [1:0]      r_state_q;
  logic [ID_W-1:0] r_id_q;
  logic [AW-1:0]   r_addr_q;
  logic            r_bad_q;
  logic [7:0]      r_left_q;      // beats after the current one
  logic [63:0]     data_q;        // the read beat
  logic [2:0]      w_state_q;
  logic [ID_W-1:0] w_id_q;
  logic [AW-1:0]   w_addr_q;
  logic            w_bad_q;
  logic [63:0]     old_q;         // the atomic's old word
  logic            hrd_q;         // a host read was issued last cycle
  logic            idle, r_gnt, w_need, w_gnt, host_go, wr_part;
  logic [AW:0]     ar_dec, aw_dec;

  assign ar_dec  = decode(s_axi_araddr[47:3]);
  assign aw_dec  = decode(s_axi_awaddr[47:3]);
  assign idle    = (r_state_q == R_IDLE) && (w_state_q == W_IDLE) && !hrd_q;
  assign host_go = idle && host_req_i;
  assign r_gnt   = (r_state_q == R_RD);
  assign w_need  = ((w_state_q == W_DATA) || (w_state_q == W_AWR)) ? s_axi_wvalid :
                   (w_state_q == W_ARD);
  assign w_gnt   = w_need && !r_gnt;
  // a write of less than 8 bytes: the block RAM build (SPRAM = 0) writes whole words only
  assign wr_part = (SPRAM == 0) && (s_axi_wstrb != 8'hff);

  assign host_rdata_o = ram_rdata;  // valid with host_ack_o
  assign host_ack_o   = hrd_q || (host_go && host_we_i);

  always_comb begin
    ram_en    = 1'b0;
    ram_we    = 1'b0;
    ram_addr  = w_addr_q;
    ram_wdata = s_axi_wdata;
    ram_wstrb = s_axi_wstrb;
    if (host_go) begin
      ram_en    = 1'b1;
      ram_we    = host_we_i;
      ram_addr  = host_addr_i;
      ram_wdata = host_wdata_i;
      ram_wstrb = 8'hff;
    end else if (r_gnt) begin
      ram_en   = !r_bad_q;
      ram_addr = r_addr_q;
    end else if (w_gnt) begin
      ram_en = !w_bad_q && !(wr_part && (w_state_q != W_ARD));
      ram_we = (w_state_q != W_ARD);
      if (w_state_q == W_AWR) begin
        ram_wdata = old_q & ~s_axi_wdata;
      end
    end
  end

  // AXI handshakes
  // the host gets the RAM when both sides are idle (for one or two cycles, so a device
  // transaction is never held up for long: the device may wait on its own writes)
  assign s_axi_arready = (r_state_q == R_IDLE) && !host_go && !hrd_q;
  assign s_axi_awready = (w_state_q == W_IDLE) && !host_go && !hrd_q;
  assign s_axi_wready  = w_gnt && (w_state_q != W_ARD);
  assign s_axi_bvalid  = (w_state_q == W_B);
  assign s_axi_bid     = w_id_q;
  assign s_axi_bresp   = w_bad_q ? SLVERR : OKAY;

  always_comb begin
    s_axi_rvalid = 1'b0;
    s_axi_rid    = r_id_q;
    s_axi_rdata  = data_q;
    s_axi_rresp  = r_bad_q ? SLVERR : OKAY;
    s_axi_rlast  = (r_left_q == 8'd0);
    if (r_state_q == R_VALID) begin
      s_axi_rvalid = s_axi_rready;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      r_state_q <= R_IDLE;
      r_id_q    <= {ID_W{1'b0}};
      r_addr_q  <= {AW{1'b0}};
      r_bad_q   <= 1'b0;
      r_left_q  <= 8'd0;
      data_q    <= 64'd0;
      w_state_q <= W_IDLE;
      w_id_q    <= {ID_W{1'b0}};
      w_addr_q  <= {AW{1'b0}};
      w_bad_q   <= 1'b0;
      old_q     <= 64'd0;
      hrd_q     <= 1'b0;
    end else begin
      hrd_q <= host_go && !host_we_i;

      // read side
      case (r_state_q)
        R_IDLE: begin
          if (s_axi_arvalid && s_axi_arready) begin
            r_id_q    <= s_axi_arid;
            r_addr_q  <= ar_dec[AW-1:0];
            r_bad_q   <= ar_dec[AW];
            r_left_q  <= s_axi_arlen;
            r_state_q <= R_RD;
          end
        end
        R_RD:  r_state_q <= R_CAP;
        R_CAP: begin
          data_q    <= r_bad_q ? 64'd0 : ram_rdata;
          r_state_q <= R_VALID;
        end
        default: begin  // R_VALID
          if (s_axi_rready) begin
            if (r_left_q == 8'd0) begin
              r_state_q <= R_IDLE;
            end else begin
              r_left_q  <= r_left_q - 8'd1;
              r_addr_q  <= r_addr_q + 1'b1;
              r_state_q <= R_RD;
            end
          end
        end
      endcase

      // write side
      case (w_state_q)
        W_IDLE: begin
          if (s_axi_awvalid && s_axi_awready) begin
            w_id_q    <= s_axi_awid;
            w_addr_q  <= aw_dec[AW-1:0];
            // without ATOMICS an atomic is refused: W taken, SLVERR, no write
            w_bad_q   <= aw_dec[AW] || ((s_axi_awatop != 6'd0) && (ATOMICS == 0));
            w_state_q <= (s_axi_awatop == 6'd0) ? W_DATA : (ATOMICS != 0) ? W_ARD : W_AWR;
          end
        end
        W_DATA: begin
          if (w_gnt) begin
            w_bad_q   <= w_bad_q | wr_part;
            w_state_q <= W_B;
          end
        end
        W_ARD:  if (w_gnt) w_state_q <= W_ACAP;
        W_ACAP: begin
          old_q     <= (w_bad_q || (ATOMICS == 0)) ? 64'd0 : ram_rdata;
          w_state_q <= W_AWR;
        end
        W_AWR: begin
          if (w_gnt) begin
            w_bad_q   <= w_bad_q | wr_part;
            w_state_q <= W_B;
          end
        end
        default: if (s_axi_bready) w_state_q <= W_IDLE;  // W_B
      endcase
    end
  end

  wire unused_mem;
  assign unused_mem = ^{s_axi_awaddr[2:0], s_axi_araddr[2:0]};

endmodule

`default_nettype wire

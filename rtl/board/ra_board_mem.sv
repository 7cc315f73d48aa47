// reclaim-accel board: on-chip memory behind an AXI4 slave, as the device's memory.
//
// 2^AW words of 64 bits at physical addresses [MEM_BASE, MEM_BASE + 8 * 2^AW), MEM_BASE a
// multiple of the memory's size (so decoding compares the upper address bits). With SPRAM = 1
// the words live in four iCE40 UP5K single-port RAMs (SB_SPRAM256KA, 16 K x 16 each, one per
// 16-bit lane, byte writes through the nibble mask): AW = 14 gives 128 KiB. With SPRAM = 0 they
// are an inferred synchronous RAM (block RAM on other parts).
//
// The slave serves what ra_top's AXI4 master issues (docs/rtl.md, "ra_top ports"): INCR read
// bursts of 8-byte beats, single-beat writes with byte strobes, and the AtomicLoad-CLR (AWATOP
// 6'b10_0_001): the old word returns on R with the atomic's ID, the word is written back with
// the write data's bits cleared, then B. One transaction at a time, in the order AR, AW. An
// access outside the memory reads zero and writes nothing, with SLVERR.
//
// The host port (the UART bridge) gets the memory between transactions: host_req_i is held
// until host_ack_o, which for a read comes with host_rdata_o.

`default_nettype none

module ra_board_mem #(
  parameter        AW       = 14,               // word-address bits (2^AW 8-byte words)
  parameter [47:0] MEM_BASE = 48'h0000_4000_0000,  // physical address of word 0
  parameter        ID_W     = 1,
  parameter        SPRAM    = 1                 // 1: SB_SPRAM256KA (iCE40 UP5K), 0: inferred
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
  output logic [63:0]      host_rdata_o   // read data, valid with host_ack_o and held after
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
      logic [63:0] mem_q [0:(1<<AW)-1];
      logic [63:0] rd_q;
      integer bi;
      always_ff @(posedge clk_i) begin
        if (ram_en) begin
          if (ram_we) begin
            for (bi = 0; bi < 8; bi = bi + 1) begin
              if (ram_wstrb[bi]) mem_q[ram_addr][8*bi +: 8] <= ram_wdata[8*bi +: 8];
            end
          end else begin
            rd_q <= mem_q[ram_addr];
          end
        end
      end
      assign ram_rdata = rd_q;
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
  // Transaction state machine
  // ---------------------------------------------------------------------------------------
  localparam [3:0] S_IDLE   = 4'd0;
  localparam [3:0] S_RD     = 4'd1;  // read beat: address to the RAM
  localparam [3:0] S_RCAP   = 4'd2;  // capture the RAM output
  localparam [3:0] S_R      = 4'd3;  // R beat offered
  localparam [3:0] S_W      = 4'd4;  // waiting for the W beat
  localparam [3:0] S_WR     = 4'd5;  // plain write to the RAM
  localparam [3:0] S_ARD    = 4'd6;  // atomic: read the old word
  localparam [3:0] S_ACAP   = 4'd7;  // atomic: capture it
  localparam [3:0] S_AWR    = 4'd8;  // atomic: write old & ~mask
  localparam [3:0] S_AR     = 4'd9;  // atomic: old word offered on R
  localparam [3:0] S_B      = 4'd10; // B offered
  localparam [3:0] S_HRD    = 4'd11; // host read: capture

  logic [3:0]      state_q;
  logic [ID_W-1:0] id_q;
  logic [AW-1:0]   addr_q;       // word index of the current beat
  logic            bad_q;        // the burst is outside the memory
  logic [7:0]      left_q;       // beats after the current one
  logic            atomic_q;
  logic [63:0]     data_q;       // read data or the old word of an atomic
  logic [63:0]     wdata_q;
  logic [7:0]      wstrb_q;
  logic [AW:0]     ar_dec, aw_dec;

  assign ar_dec     = decode(s_axi_araddr[47:3]);
  assign aw_dec     = decode(s_axi_awaddr[47:3]);

  always_comb begin
    ram_en        = 1'b0;
    ram_we        = 1'b0;
    ram_addr      = addr_q;
    ram_wdata     = wdata_q;
    ram_wstrb     = wstrb_q;
    s_axi_arready = 1'b0;
    s_axi_awready = 1'b0;
    s_axi_wready  = 1'b0;
    s_axi_rvalid  = 1'b0;
    s_axi_rdata   = data_q;
    s_axi_rid     = id_q;
    s_axi_rresp   = bad_q ? SLVERR : OKAY;
    s_axi_rlast   = 1'b0;
    s_axi_bvalid  = 1'b0;
    s_axi_bid     = id_q;
    s_axi_bresp   = bad_q ? SLVERR : OKAY;
    case (state_q)
      S_IDLE: begin
        if (host_req_i) begin
          ram_en    = 1'b1;
          ram_we    = host_we_i;
          ram_addr  = host_addr_i;
          ram_wdata = host_wdata_i;
          ram_wstrb = 8'hff;
        end else if (s_axi_arvalid) begin
          s_axi_arready = 1'b1;
        end else if (s_axi_awvalid) begin
          s_axi_awready = 1'b1;
        end
      end
      S_RD:   ram_en = !bad_q;
      S_R: begin
        s_axi_rvalid = 1'b1;
        s_axi_rlast  = (left_q == 8'd0);
      end
      S_W:    s_axi_wready = 1'b1;
      S_WR: begin
        ram_en = !bad_q;
        ram_we = 1'b1;
      end
      S_ARD:  ram_en = !bad_q;
      S_AWR: begin
        ram_en    = !bad_q;
        ram_we    = 1'b1;
        ram_wdata = data_q & ~wdata_q;
      end
      S_AR: begin
        s_axi_rvalid = 1'b1;
        s_axi_rlast  = 1'b1;
      end
      S_B:    s_axi_bvalid = 1'b1;
      default: ;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q      <= S_IDLE;
      id_q         <= {ID_W{1'b0}};
      addr_q       <= {AW{1'b0}};
      bad_q        <= 1'b0;
      left_q       <= 8'd0;
      atomic_q     <= 1'b0;
      data_q       <= 64'd0;
      wdata_q      <= 64'd0;
      wstrb_q      <= 8'd0;
      host_ack_o   <= 1'b0;
      host_rdata_o <= 64'd0;
    end else begin
      host_ack_o <= 1'b0;
      case (state_q)
        S_IDLE: begin
          if (host_req_i) begin
            if (host_we_i) begin
              host_ack_o <= 1'b1;
            end else begin
              state_q <= S_HRD;
            end
          end else if (s_axi_arvalid) begin
            id_q    <= s_axi_arid;
            addr_q  <= ar_dec[AW-1:0];
            bad_q   <= ar_dec[AW];
            left_q  <= s_axi_arlen;
            state_q <= S_RD;
          end else if (s_axi_awvalid) begin
            id_q     <= s_axi_awid;
            addr_q   <= aw_dec[AW-1:0];
            bad_q    <= aw_dec[AW];
            atomic_q <= (s_axi_awatop != 6'd0);
            state_q  <= S_W;
          end
        end
        S_HRD: begin
          host_rdata_o <= ram_rdata;
          host_ack_o   <= 1'b1;
          state_q      <= S_IDLE;
        end
        S_RD:   state_q <= S_RCAP;
        S_RCAP: begin
          data_q  <= bad_q ? 64'd0 : ram_rdata;
          state_q <= S_R;
        end
        S_R: begin
          if (s_axi_rready) begin
            if (left_q == 8'd0) begin
              state_q <= S_IDLE;
            end else begin
              left_q  <= left_q - 8'd1;
              addr_q  <= addr_q + 1'b1;
              state_q <= S_RD;
            end
          end
        end
        S_W: begin
          if (s_axi_wvalid) begin
            wdata_q <= s_axi_wdata;
            wstrb_q <= s_axi_wstrb;
            state_q <= atomic_q ? S_ARD : S_WR;
          end
        end
        S_WR:   state_q <= S_B;
        S_ARD:  state_q <= S_ACAP;
        S_ACAP: begin
          data_q  <= bad_q ? 64'd0 : ram_rdata;
          state_q <= S_AWR;
        end
        S_AWR:  state_q <= S_AR;
        S_AR:   if (s_axi_rready) state_q <= S_B;
        S_B:    if (s_axi_bready) state_q <= S_IDLE;
        default: state_q <= S_IDLE;
      endcase
    end
  end

  wire unused_mem;
  assign unused_mem = ^{s_axi_awaddr[2:0], s_axi_araddr[2:0]};

endmodule

`default_nettype wire

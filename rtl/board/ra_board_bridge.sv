// reclaim-accel board: UART protocol bridge (docs/fpga.md, "Serial protocol").
//
// Requests from the host arrive as bytes from ra_uart_rx; each is an opcode followed by
// little-endian arguments, and gets exactly one reply that starts with the opcode | 0x80:
//
//   0x01 PING                                  -> 0x81 'R' 'A' 'B' PROTO MEM_LOG2 BASE[4] KHZ[3]
//   0x02 CSR_RD  off[2]                        -> 0x82 RRESP data[4]
//   0x03 CSR_WR  off[2] data[4]                -> 0x83 BRESP
//   0x04 MEM_RD  addr[4] n                     -> 0x84 ST, then (ST = 0) n+1 words of 8 bytes
//   0x05 MEM_WR  addr[4] n, n+1 words[8]       -> 0x85 ST
//   0x06 MEM_ZERO addr[4] n[2]                 -> 0x86 ST  (n+1 words set to zero)
//   anything else                              -> 0xee opcode
//
// CSR accesses go to the device over AXI4-Lite; memory accesses go to the on-chip memory's
// host port (ra_board_mem), word by word. addr is a physical byte address (bits 2:0 ignored);
// ST is 0, or 1 when the words are not all inside [MEM_BASE, MEM_BASE + 2^(AW+3)) (MEM_WR then
// consumes its data and writes nothing). A request whose bytes stop arriving for TIMEOUT clocks
// is dropped without a reply, so the host can always resynchronise by pausing.

`default_nettype none

module ra_board_bridge #(
  parameter        AW       = 14,                   // memory word-address bits
  parameter [31:0] MEM_BASE = 32'h4000_0000,        // physical address of memory word 0
  parameter [23:0] CLK_KHZ  = 24'd12000,            // clock, reported by PING
  parameter        TIMEOUT  = 1200000               // clocks of silence that drop a request
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // UART
  input  wire              rx_valid_i,
  input  wire  [7:0]       rx_data_i,
  output logic             tx_valid_o,
  output logic [7:0]       tx_data_o,
  input  wire              tx_ready_i,
  // AXI4-Lite master (the device's CSRs)
  output logic [9:0]       m_axil_awaddr,
  output logic             m_axil_awvalid,
  input  wire              m_axil_awready,
  output logic [31:0]      m_axil_wdata,
  output logic             m_axil_wvalid,
  input  wire              m_axil_wready,
  input  wire  [1:0]       m_axil_bresp,
  input  wire              m_axil_bvalid,
  output logic             m_axil_bready,
  output logic [9:0]       m_axil_araddr,
  output logic             m_axil_arvalid,
  input  wire              m_axil_arready,
  input  wire  [31:0]      m_axil_rdata,
  input  wire  [1:0]       m_axil_rresp,
  input  wire              m_axil_rvalid,
  output logic             m_axil_rready,
  // memory host port
  output logic             mem_req_o,
  output logic             mem_we_o,
  output logic [AW-1:0]    mem_addr_o,
  output logic [63:0]      mem_wdata_o,
  input  wire              mem_ack_i,
  input  wire  [63:0]      mem_rdata_i
);

  localparam [7:0] OP_PING     = 8'h01;
  localparam [7:0] OP_CSR_RD   = 8'h02;
  localparam [7:0] OP_CSR_WR   = 8'h03;
  localparam [7:0] OP_MEM_RD   = 8'h04;
  localparam [7:0] OP_MEM_WR   = 8'h05;
  localparam [7:0] OP_MEM_ZERO = 8'h06;
  localparam [7:0] PROTO       = 8'h01;
  localparam integer MEM_LOG2_I = AW + 3;
  localparam [7:0] MEM_LOG2    = MEM_LOG2_I[7:0];

  localparam TW = $clog2(TIMEOUT + 1);
  localparam integer  TIMEOUT_I = TIMEOUT;
  localparam [TW-1:0] TMO       = TIMEOUT_I[TW-1:0];

  localparam [3:0] ST_OP    = 4'd0;   // waiting for an opcode
  localparam [3:0] ST_ARG   = 4'd1;   // collecting arguments
  localparam [3:0] ST_EXEC  = 4'd2;   // dispatch
  localparam [3:0] ST_SEND  = 4'd3;   // sending txbuf, then go to next_q
  localparam [3:0] ST_CRA   = 4'd4;   // CSR read: address
  localparam [3:0] ST_CRR   = 4'd5;   // CSR read: data
  localparam [3:0] ST_CW    = 4'd6;   // CSR write: address and data
  localparam [3:0] ST_CB    = 4'd7;   // CSR write: response
  localparam [3:0] ST_MRD   = 4'd8;   // memory read of one word
  localparam [3:0] ST_WDATA = 4'd9;   // MEM_WR: collecting one word
  localparam [3:0] ST_MWR   = 4'd10;  // memory write of one word (MEM_WR, MEM_ZERO)
  localparam [3:0] ST_MNEXT = 4'd11;  // after a word: next one, or the reply

  logic [3:0]    state_q, next_q;
  logic [7:0]    op_q;
  logic [47:0]   arg_q;        // arguments, byte k at [8k +: 8]
  logic [2:0]    idx_q;        // argument or data bytes received
  logic [2:0]    nargs;        // arguments of op_q
  // a reply is sent as bytes tidx_q .. tend_q - 1 of {payload (8 bytes), status, header}:
  // byte 0 the header, byte 1 the status, bytes 2..9 pay_q; PING's bytes are constants
  logic [7:0]    hdr_q, st_q;
  logic [63:0]   pay_q;
  logic [3:0]    tidx_q, tend_q;
  logic [7:0]    tx_byte, ping_byte;
  logic [AW-1:0] waddr_q;      // current word
  logic [15:0]   left_q;       // words after the current one
  logic          bad_q;        // range error of the current request
  logic [63:0]   wbuf_q;       // MEM_WR word being received
  logic [TW-1:0] idle_q;       // clocks since the last byte of a request
  logic          aw_done_q, w_done_q;

  // range check of [arg addr, + (n + 1) words) for the memory requests
  logic [AW-1:0] word;         // word index of addr in the memory
  logic [16:0]   nwords;       // n + 1
  logic [17:0]   end_word;     // first word after the range (MEM_BASE is size-aligned)
  logic          range_bad;
  logic          wide_n;       // MEM_ZERO has a 16-bit count, the others 8 bits

  assign wide_n    = (op_q == OP_MEM_ZERO);
  assign word      = arg_q[AW+2:3];
  assign nwords    = (wide_n ? {1'b0, arg_q[47:32]} : {9'h000, arg_q[39:32]}) + 17'd1;
  assign end_word  = {{(18-AW){1'b0}}, word} + {1'b0, nwords};
  assign range_bad = (arg_q[31:AW+3] != MEM_BASE[31:AW+3]) || (end_word > (18'd1 << AW));

  always_comb begin
    case (op_q)
      OP_PING:     nargs = 3'd0;
      OP_CSR_RD:   nargs = 3'd2;
      OP_CSR_WR:   nargs = 3'd6;
      OP_MEM_RD:   nargs = 3'd5;
      OP_MEM_WR:   nargs = 3'd5;
      OP_MEM_ZERO: nargs = 3'd6;
      default:     nargs = 3'd0;
    endcase
  end

  always_comb begin
    case (tidx_q)
      4'd0:    ping_byte = 8'h81;
      4'd1:    ping_byte = 8'h52;                  // 'R'
      4'd2:    ping_byte = 8'h41;                  // 'A'
      4'd3:    ping_byte = 8'h42;                  // 'B'
      4'd4:    ping_byte = PROTO;
      4'd5:    ping_byte = MEM_LOG2;
      4'd6:    ping_byte = MEM_BASE[7:0];
      4'd7:    ping_byte = MEM_BASE[15:8];
      4'd8:    ping_byte = MEM_BASE[23:16];
      4'd9:    ping_byte = MEM_BASE[31:24];
      4'd10:   ping_byte = CLK_KHZ[7:0];
      4'd11:   ping_byte = CLK_KHZ[15:8];
      default: ping_byte = CLK_KHZ[23:16];
    endcase
    case (tidx_q)
      4'd0:    tx_byte = hdr_q;
      4'd1:    tx_byte = st_q;
      4'd2:    tx_byte = pay_q[7:0];
      4'd3:    tx_byte = pay_q[15:8];
      4'd4:    tx_byte = pay_q[23:16];
      4'd5:    tx_byte = pay_q[31:24];
      4'd6:    tx_byte = pay_q[39:32];
      4'd7:    tx_byte = pay_q[47:40];
      4'd8:    tx_byte = pay_q[55:48];
      default: tx_byte = pay_q[63:56];
    endcase
  end

  assign tx_valid_o     = (state_q == ST_SEND);
  assign tx_data_o      = (op_q == OP_PING) ? ping_byte : tx_byte;
  assign m_axil_awaddr  = arg_q[9:0];
  assign m_axil_araddr  = arg_q[9:0];
  assign m_axil_wdata   = arg_q[47:16];
  assign m_axil_awvalid = (state_q == ST_CW) && !aw_done_q;
  assign m_axil_wvalid  = (state_q == ST_CW) && !w_done_q;
  assign m_axil_bready  = (state_q == ST_CB);
  assign m_axil_arvalid = (state_q == ST_CRA);
  assign m_axil_rready  = (state_q == ST_CRR);
  assign mem_req_o      = (state_q == ST_MRD) || (state_q == ST_MWR);
  assign mem_we_o       = (state_q == ST_MWR);
  assign mem_addr_o     = waddr_q;
  assign mem_wdata_o    = (op_q == OP_MEM_WR) ? wbuf_q : 64'd0;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q   <= ST_OP;
      next_q    <= ST_OP;
      op_q      <= 8'h00;
      arg_q     <= 48'd0;
      idx_q     <= 3'd0;
      hdr_q     <= 8'h00;
      st_q      <= 8'h00;
      pay_q     <= 64'd0;
      tidx_q    <= 4'd0;
      tend_q    <= 4'd0;
      waddr_q   <= {AW{1'b0}};
      left_q    <= 16'd0;
      bad_q     <= 1'b0;
      wbuf_q    <= 64'd0;
      idle_q    <= {TW{1'b0}};
      aw_done_q <= 1'b0;
      w_done_q  <= 1'b0;
    end else begin
      // silence inside a request drops it
      if (rx_valid_i || state_q == ST_OP) begin
        idle_q <= {TW{1'b0}};
      end else if (idle_q != TMO) begin
        idle_q <= idle_q + 1'b1;
      end
      case (state_q)
        ST_OP: begin
          idx_q <= 3'd0;
          if (rx_valid_i) begin
            op_q    <= rx_data_i;
            arg_q   <= 48'd0;
            state_q <= ST_ARG;
          end
        end
        ST_ARG: begin
          if (idx_q == nargs) begin
            state_q <= ST_EXEC;
          end else if (rx_valid_i) begin
            arg_q[8*idx_q +: 8] <= rx_data_i;
            idx_q               <= idx_q + 3'd1;
          end else if (idle_q == TMO) begin
            state_q <= ST_OP;
          end
        end
        ST_EXEC: begin
          next_q    <= ST_OP;
          waddr_q   <= word;
          left_q    <= nwords[15:0] - 16'd1;
          bad_q     <= range_bad;
          idx_q     <= 3'd0;
          aw_done_q <= 1'b0;
          w_done_q  <= 1'b0;
          hdr_q     <= op_q | 8'h80;
          st_q      <= {7'd0, range_bad};
          tidx_q    <= 4'd0;
          tend_q    <= 4'd2;
          case (op_q)
            OP_PING: begin
              tend_q  <= 4'd13;
              state_q <= ST_SEND;
            end
            OP_CSR_RD:   state_q <= ST_CRA;
            OP_CSR_WR:   state_q <= ST_CW;
            OP_MEM_RD: begin
              next_q  <= range_bad ? ST_OP : ST_MRD;
              state_q <= ST_SEND;
            end
            OP_MEM_WR:   state_q <= ST_WDATA;
            OP_MEM_ZERO: state_q <= range_bad ? ST_MNEXT : ST_MWR;
            default: begin
              hdr_q   <= 8'hee;
              st_q    <= op_q;
              state_q <= ST_SEND;
            end
          endcase
        end
        ST_SEND: begin
          if (tx_ready_i) begin
            tidx_q <= tidx_q + 4'd1;
            if (tidx_q + 4'd1 == tend_q) begin
              state_q <= next_q;
            end
          end
        end
        ST_CRA: if (m_axil_arready) state_q <= ST_CRR;
        ST_CRR: begin
          if (m_axil_rvalid) begin
            st_q    <= {6'd0, m_axil_rresp};
            pay_q   <= {32'd0, m_axil_rdata};
            tend_q  <= 4'd6;
            state_q <= ST_SEND;
          end
        end
        ST_CW: begin
          if (m_axil_awready) aw_done_q <= 1'b1;
          if (m_axil_wready)  w_done_q  <= 1'b1;
          if ((aw_done_q || m_axil_awready) && (w_done_q || m_axil_wready)) begin
            state_q <= ST_CB;
          end
        end
        ST_CB: begin
          if (m_axil_bvalid) begin
            st_q    <= {6'd0, m_axil_bresp};
            state_q <= ST_SEND;
          end
        end
        ST_MRD: begin
          if (mem_ack_i) begin
            pay_q   <= mem_rdata_i;
            tidx_q  <= 4'd2;
            tend_q  <= 4'd10;
            next_q  <= (left_q == 16'd0) ? ST_OP : ST_MRD;
            waddr_q <= waddr_q + 1'b1;
            left_q  <= left_q - 16'd1;
            state_q <= ST_SEND;
          end
        end
        ST_WDATA: begin
          if (rx_valid_i) begin
            wbuf_q[8*idx_q +: 8] <= rx_data_i;
            idx_q                <= idx_q + 3'd1;
            if (idx_q == 3'd7) begin
              state_q <= bad_q ? ST_MNEXT : ST_MWR;
            end
          end else if (idle_q == TMO) begin
            state_q <= ST_OP;
          end
        end
        ST_MWR: if (mem_ack_i) state_q <= ST_MNEXT;
        ST_MNEXT: begin
          waddr_q <= waddr_q + 1'b1;
          left_q  <= left_q - 16'd1;
          if (left_q == 16'd0 || (bad_q && op_q == OP_MEM_ZERO)) begin
            tidx_q  <= 4'd0;
            tend_q  <= 4'd2;
            state_q <= ST_SEND;
          end else begin
            state_q <= (op_q == OP_MEM_WR) ? ST_WDATA : ST_MWR;
          end
        end
        default: state_q <= ST_OP;
      endcase
    end
  end

  wire unused_bridge;
  assign unused_bridge = ^{arg_q[2:0], MEM_BASE[AW+2:0]};

endmodule

`default_nettype wire

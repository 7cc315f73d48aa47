// reclaim-accel board core: the device (ra_top), its memory in on-chip RAM (ra_board_mem) and
// a serial port through which the host reads and writes the device's CSRs and memory
// (ra_board_bridge; docs/fpga.md). Board tops (ra_board_hx8k, ...) wrap it with their pins.
//
//   uart_rx_i / uart_tx_o   CLK_HZ / BAUD clocks per bit, 8N1
//   rst_ni                  held low, resets the board logic (a push button, or 1)
//   busy_o                  a memory transaction is in progress (for an LED)
//   irq_o                   the device's interrupt line
//
// Reset: iCE40 and ECP5 flops configure to 0, so a 4-bit counter holds reset for 15 clocks
// after configuration (and while rst_ni is low).

`default_nettype none

module ra_board #(
  parameter        CLK_HZ       = 12000000,
  parameter        BAUD         = 115200,
  parameter        AW           = 11,                // 2^AW 64-bit words (11: 16 KiB)
  parameter [31:0] MEM_BASE     = 32'h4000_0000,
  parameter        SPRAM        = 0,                 // 1: iCE40 UP5K SPRAM, 0: block RAM
  // the device's configuration (defaults: what fits an iCE40 HX8K, docs/fpga.md)
  parameter        SCAN_ENGINE  = 0,
  parameter        PAGE_ENGINES = 0,
  parameter        HASH_FAST    = 0,
  parameter        WALK_CACHE   = 0,
  parameter        RD_INFLIGHT  = 1,
  parameter        WR_INFLIGHT  = 1,
  parameter        CNT_W        = 20,                // 20-bit counters (PERF_CAP.WIDTH)
  parameter        WINDOWS      = 1,
  parameter        SKID         = 1
) (
  input  wire  clk_i,
  input  wire  rst_ni,
  input  wire  uart_rx_i,
  output wire  uart_tx_o,
  output wire  busy_o,
  output wire  irq_o
);

  localparam CLKS_PER_BIT = (CLK_HZ + BAUD / 2) / BAUD;
  localparam [23:0] CLK_KHZ = CLK_HZ / 1000;

  // ---------------------------------------------------------------------------------------
  // Reset
  // ---------------------------------------------------------------------------------------
  logic [3:0] por_q = 4'd0;
  logic       rst_n;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      por_q <= 4'd0;
    end else if (por_q != 4'hf) begin
      por_q <= por_q + 4'd1;
    end
  end
  assign rst_n = (por_q == 4'hf);

  // ---------------------------------------------------------------------------------------
  // UART and bridge
  // ---------------------------------------------------------------------------------------
  wire       rx_valid, rx_ferr, tx_valid, tx_ready;
  wire [7:0] rx_data, tx_data;

  ra_uart_rx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_rx (
    .clk_i (clk_i), .rst_ni (rst_n), .rx_i (uart_rx_i),
    .valid_o (rx_valid), .data_o (rx_data), .ferr_o (rx_ferr)
  );

  ra_uart_tx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_tx (
    .clk_i (clk_i), .rst_ni (rst_n), .valid_i (tx_valid), .data_i (tx_data),
    .ready_o (tx_ready), .tx_o (uart_tx_o)
  );

  wire [9:0]  csr_awaddr, csr_araddr;
  wire        csr_awvalid, csr_awready, csr_wvalid, csr_wready, csr_bvalid, csr_bready;
  wire        csr_arvalid, csr_arready, csr_rvalid, csr_rready;
  wire [31:0] csr_wdata, csr_rdata;
  wire [1:0]  csr_bresp, csr_rresp;
  wire        host_req, host_we, host_ack;
  wire [AW-1:0] host_addr;
  wire [63:0] host_wdata, host_rdata;

  ra_board_bridge #(
    .AW (AW), .MEM_BASE (MEM_BASE), .CLK_KHZ (CLK_KHZ), .TIMEOUT (CLK_HZ / 10)
  ) u_bridge (
    .clk_i (clk_i), .rst_ni (rst_n),
    .rx_valid_i (rx_valid), .rx_data_i (rx_data),
    .tx_valid_o (tx_valid), .tx_data_o (tx_data), .tx_ready_i (tx_ready),
    .m_axil_awaddr (csr_awaddr), .m_axil_awvalid (csr_awvalid), .m_axil_awready (csr_awready),
    .m_axil_wdata (csr_wdata), .m_axil_wvalid (csr_wvalid), .m_axil_wready (csr_wready),
    .m_axil_bresp (csr_bresp), .m_axil_bvalid (csr_bvalid), .m_axil_bready (csr_bready),
    .m_axil_araddr (csr_araddr), .m_axil_arvalid (csr_arvalid), .m_axil_arready (csr_arready),
    .m_axil_rdata (csr_rdata), .m_axil_rresp (csr_rresp), .m_axil_rvalid (csr_rvalid),
    .m_axil_rready (csr_rready),
    .mem_req_o (host_req), .mem_we_o (host_we), .mem_addr_o (host_addr),
    .mem_wdata_o (host_wdata), .mem_ack_i (host_ack), .mem_rdata_i (host_rdata)
  );

  // ---------------------------------------------------------------------------------------
  // The device
  // ---------------------------------------------------------------------------------------
  wire        awid, bid, arid, rid;
  wire [47:0] awaddr, araddr;
  wire [7:0]  awlen, arlen;
  wire [2:0]  awsize, arsize;
  wire [1:0]  awburst, arburst, bresp, rresp;
  wire [5:0]  awatop;
  wire        awvalid, awready, wlast, wvalid, wready, bvalid, bready;
  wire        arvalid, arready, rlast, rvalid, rready, irq;
  wire [63:0] wdata, rdata;
  wire [7:0]  wstrb;

  ra_top #(
    .DATA_W (64), .RD_INFLIGHT (RD_INFLIGHT), .WR_INFLIGHT (WR_INFLIGHT),
    .WALK_CACHE (WALK_CACHE), .ID_W (1), .PAGE_ENGINES (PAGE_ENGINES), .HASH_FAST (HASH_FAST),
    .SCAN_ENGINE (SCAN_ENGINE), .CNT_W (CNT_W), .WINDOWS (WINDOWS), .SKID (SKID)
  ) u_dev (
    .clk_i (clk_i), .rst_ni (rst_n),
    .s_axil_awaddr (csr_awaddr), .s_axil_awvalid (csr_awvalid), .s_axil_awready (csr_awready),
    .s_axil_wdata (csr_wdata), .s_axil_wstrb (4'hf), .s_axil_wvalid (csr_wvalid),
    .s_axil_wready (csr_wready), .s_axil_bresp (csr_bresp), .s_axil_bvalid (csr_bvalid),
    .s_axil_bready (csr_bready), .s_axil_araddr (csr_araddr), .s_axil_arvalid (csr_arvalid),
    .s_axil_arready (csr_arready), .s_axil_rdata (csr_rdata), .s_axil_rresp (csr_rresp),
    .s_axil_rvalid (csr_rvalid), .s_axil_rready (csr_rready),
    .m_axi_awid (awid), .m_axi_awaddr (awaddr), .m_axi_awlen (awlen), .m_axi_awsize (awsize),
    .m_axi_awburst (awburst), .m_axi_awatop (awatop), .m_axi_awvalid (awvalid),
    .m_axi_awready (awready), .m_axi_wdata (wdata), .m_axi_wstrb (wstrb), .m_axi_wlast (wlast),
    .m_axi_wvalid (wvalid), .m_axi_wready (wready), .m_axi_bid (bid), .m_axi_bresp (bresp),
    .m_axi_bvalid (bvalid), .m_axi_bready (bready), .m_axi_arid (arid), .m_axi_araddr (araddr),
    .m_axi_arlen (arlen), .m_axi_arsize (arsize), .m_axi_arburst (arburst),
    .m_axi_arvalid (arvalid), .m_axi_arready (arready), .m_axi_rid (rid), .m_axi_rdata (rdata),
    .m_axi_rresp (rresp), .m_axi_rlast (rlast), .m_axi_rvalid (rvalid), .m_axi_rready (rready),
    .irq_o (irq)
  );

  ra_board_mem #(
    .AW (AW), .MEM_BASE ({16'h0000, MEM_BASE}), .ID_W (1), .SPRAM (SPRAM),
    // atomics come only from SCAN (CLEAR_AF): without it the memory needs no atomic datapath
    .ATOMICS (SCAN_ENGINE)
  ) u_mem (
    .clk_i (clk_i), .rst_ni (rst_n),
    .s_axi_awid (awid), .s_axi_awaddr (awaddr), .s_axi_awatop (awatop),
    .s_axi_awvalid (awvalid), .s_axi_awready (awready), .s_axi_wdata (wdata),
    .s_axi_wstrb (wstrb), .s_axi_wvalid (wvalid), .s_axi_wready (wready), .s_axi_bid (bid),
    .s_axi_bresp (bresp), .s_axi_bvalid (bvalid), .s_axi_bready (bready),
    .s_axi_arid (arid), .s_axi_araddr (araddr), .s_axi_arlen (arlen),
    .s_axi_arvalid (arvalid), .s_axi_arready (arready), .s_axi_rid (rid),
    .s_axi_rdata (rdata), .s_axi_rresp (rresp), .s_axi_rlast (rlast), .s_axi_rvalid (rvalid),
    .s_axi_rready (rready),
    .host_req_i (host_req), .host_we_i (host_we), .host_addr_i (host_addr),
    .host_wdata_i (host_wdata), .host_ack_o (host_ack), .host_rdata_o (host_rdata)
  );

  // ---------------------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------------------
  logic busy_q;
  always_ff @(posedge clk_i) busy_q <= arvalid | awvalid | rvalid;
  assign busy_o = busy_q;
  assign irq_o  = irq;

  wire unused_board;
  assign unused_board = ^{awlen, awsize, awburst, arsize, arburst, wlast, rx_ferr};

endmodule

`default_nettype wire

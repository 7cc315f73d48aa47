// reclaim-accel: XXH64 of 4096-byte pages (the HASH engine's datapath).
//
// XXH64 with seed 0 over a 4096-byte page fed as 512 little-endian 64-bit words, and the page's
// zero flag (docs/device.md, "HASH, CMP, COPY"; sim/model/ra_model.c, ra_xxh64()):
//   lanes v0..v3 = seed + P1 + P2, seed + P2, seed, seed - P1
//   word j (j = 0..511) goes to lane j mod 4: v = rotl64(v + word * P2, 31) * P1
//   h = rotl(v0, 1) + rotl(v1, 7) + rotl(v2, 12) + rotl(v3, 18)
//   for i = 0..3: h = (h ^ (rotl64(v_i * P2, 31) * P1)) * P1 + P4
//   h += 4096
//   h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
// out_hash_o is h[31:0]; out_zero_o is 1 when all 512 words were 0. All products are the low
// 64 bits of a 64 x 64 multiplication. Pages follow each other without any marker: the module
// counts words, and clear_i (start of a command) drops everything in progress.
//
// FAST = 1 (bus rate, one word per cycle):
// - The word rounds run in a free-running pipeline of two constant multipliers, word * P2 and
//   r * P1, each split into three 32 x 32 partial products (low x low full width, the two cross
//   products low halves only) registered in one stage and summed in the next:
//     accept: s1 = partial products of word * P2
//     +1:     s2 = m = word * P2
//     +2:     r1 = rotl64(lane + m, 31)   (lane = the seed for words 0..3, else the lane register)
//     +3:     r2 = partial products of r1 * P1
//     +4:     lane register = r2 summed   (words 508..511 also load the final lanes v_i)
//   The lane register a word reads at +2 was written by the word 4 places earlier at its +4,
//   at least two cycles before, so the pipeline never stalls and holds no hazard logic.
// - The finalization (14 multiplications) runs in the sequencer below on the final lanes,
//   about 60 cycles, while the next page streams in. Words 508..511 of the next page, which
//   overwrite the final lanes, wait until the sequencer is idle (never in steady state: 512
//   words take at least 512 cycles).
// - Cost: six 32 x 32 multipliers (two pipelined 64 x 64 -> 64 constant multiplications), the
//   sequencer's 64 x 16 multiplier, 1,161 flops (Yosys: 30,864 generic cells).
//
// FAST = 0 (small, for FPGAs of the iCE40 class):
// - No pipeline: the sequencer does every round with its one 64 x 16 multiplier, each 64 x 64
//   -> 64 multiplication in four cycles (one 16-bit digit of the constant per cycle), so one
//   word every 8 cycles (1 byte per cycle); the next word is accepted in the last cycle of the
//   current round. Finalization as for FAST = 1; the page after it waits. 513 flops (Yosys:
//   13,737 generic cells).
//
// Sequencer multiplier: x * K for K in {P1, P2, P3}: four cycles, cycle c adds
// (x << 16c) * K[16c+15:16c] to an accumulator (only the low 64 bits are kept).

`default_nettype none

module ra_xxh64 #(
  parameter FAST = 1  // 1: one word per cycle (pipelined multipliers); 0: one word per 8 cycles
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         clear_i,      // drop every page in progress and a pending result
  // words of the pages, in order
  input  wire         in_valid_i,
  output logic        in_ready_o,
  input  wire  [63:0] in_data_i,
  // one result per page, in order
  output logic        out_valid_o,
  input  wire         out_ready_i,
  output logic [31:0] out_hash_o,   // low 32 bits of XXH64(page, seed 0)
  output logic        out_zero_o    // every byte of the page is 0
);

  // loop indices of constant-index writes, one per process (a variable part-select on the
  // left would make Yosys build a shifter as wide as the vector)
  integer kp;

  localparam [63:0] P1    = 64'h9E3779B185EBCA87;
  localparam [63:0] P2    = 64'hC2B2AE3D27D4EB4F;
  localparam [63:0] P3    = 64'h165667B19E3779F9;
  localparam [63:0] P4    = 64'h85EBCA77C2B2AE63;
  localparam [63:0] LEN   = 64'd4096;
  // lane seeds for seed 0
  localparam [63:0] SEED0 = P1 + P2;
  localparam [63:0] SEED1 = P2;
  localparam [63:0] SEED2 = 64'd0;
  localparam [63:0] SEED3 = 64'd0 - P1;

  // multiplier constant select
  localparam [1:0] K_P1 = 2'd0;
  localparam [1:0] K_P2 = 2'd1;
  localparam [1:0] K_P3 = 2'd2;

  // sequencer states
  localparam [3:0] ST_IDLE = 4'd0;  // wait for a word (FAST = 0) or for final lanes
  localparam [3:0] ST_R1   = 4'd1;  // FAST = 0: m = word * P2
  localparam [3:0] ST_R2   = 4'd2;  // FAST = 0: lane = rotl64(lane + m, 31) * P1
  localparam [3:0] ST_F0   = 4'd3;  // h = rotl(v0, 1) + rotl(v1, 7) + rotl(v2, 12) + rotl(v3, 18)
  localparam [3:0] ST_FA   = 4'd4;  // x = v_i * P2
  localparam [3:0] ST_FB   = 4'd5;  // x = rotl64(x, 31) * P1
  localparam [3:0] ST_FC   = 4'd6;  // h = (h ^ x) * P1 + P4 (+ 4096 after v3)
  localparam [3:0] ST_FD   = 4'd7;  // h = (h ^ h >> 33) * P2
  localparam [3:0] ST_FE   = 4'd8;  // h = (h ^ h >> 29) * P3; result h ^ h >> 32
  localparam [3:0] ST_WOUT = 4'd9;  // result waits for the output register

  function automatic [63:0] rotl64(input [63:0] x, input integer r);
    rotl64 = (x << r) | (x >> (64 - r));
  endfunction

  function automatic [63:0] seed(input [1:0] lane);
    case (lane)
      2'd0:    seed = SEED0;
      2'd1:    seed = SEED1;
      2'd2:    seed = SEED2;
      default: seed = SEED3;
    endcase
  endfunction

  // ---------------------------------------------------------------------------------------
  // Input side: word index within the page, zero flag
  // ---------------------------------------------------------------------------------------
  logic [8:0]   wcnt_q, wcnt_d;      // index of the next word of the page
  logic         zacc_q, zacc_d;      // words 0..wcnt-1 of this page were all 0
  logic         zfin_q, zfin_d;      // zero flag of the page being finalized
  logic         in_hs;               // a word is accepted
  logic         round_start;         // small engine: the word taken starts a round
  logic         in_first;            // it is word 0..3 (its lane starts from the seed)
  logic         in_lastl;            // it is word 508..511 (its lane result is final)
  logic         in_last;             // it is word 511
  logic [1:0]   in_lane;

  assign in_hs    = in_valid_i & in_ready_o;
  assign in_lane  = wcnt_q[1:0];
  assign in_first = (wcnt_q[8:2] == 7'd0);
  assign in_lastl = (wcnt_q[8:2] == 7'h7f);
  assign in_last  = (wcnt_q == 9'h1ff);

  always_comb begin
    wcnt_d = wcnt_q;
    zacc_d = zacc_q;
    zfin_d = zfin_q;
    if (clear_i) begin
      wcnt_d = 9'd0;
      zacc_d = 1'b1;
    end else if (in_hs) begin
      wcnt_d = wcnt_q + 9'd1;
      zacc_d = in_last ? 1'b1 : (zacc_q & (in_data_i == 64'd0));
      if (in_last) begin
        zfin_d = zacc_q & (in_data_i == 64'd0);
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Lane registers (written by the pipeline with FAST = 1, by the sequencer otherwise)
  // ---------------------------------------------------------------------------------------
  logic [255:0] lane_q;              // lane i at [64i+63:64i]
  logic [255:0] fin_v;               // final lanes the finalization reads

  // pipeline write port (FAST = 1)
  logic         p_we;                // write lane p_lane with p_val
  logic [1:0]   p_lane;
  logic [63:0]  p_val;
  logic         p_fin;               // word 511 done: final lanes complete
  logic         p_busy;              // a word 508..511 is still in the pipeline

  // sequencer write port (FAST = 0)
  logic         q_we;
  logic [1:0]   q_lane;
  logic [63:0]  q_val;

  // (p_we and q_we are never both set: one of the two ports is tied off)
  always_ff @(posedge clk_i) begin
    for (kp = 0; kp < 4; kp = kp + 1) begin
      if (p_we && (p_lane == kp[1:0])) lane_q[64*kp +: 64] <= p_val;
      if (q_we && (q_lane == kp[1:0])) lane_q[64*kp +: 64] <= q_val;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Round pipeline (FAST = 1)
  // ---------------------------------------------------------------------------------------
  generate
    if (FAST != 0) begin : g_pipe
      localparam [31:0] P1L = P1[31:0];
      localparam [31:0] P1H = P1[63:32];
      localparam [31:0] P2L = P2[31:0];
      localparam [31:0] P2H = P2[63:32];

      logic        s1_v, s2_v, r1_v, r2_v;
      logic [1:0]  s1_lane, s2_lane, r1_lane, r2_lane;
      logic        s1_first, s2_first;
      logic        s1_lastl, s2_lastl, r1_lastl, r2_lastl;
      logic [63:0] s1_ll, r2_ll;      // low x low partial products
      logic [31:0] s1_lh, s1_hl;      // cross partial products (low halves)
      logic [31:0] r2_lh, r2_hl;
      logic [63:0] s2_m;              // word * P2
      logic [63:0] r1_r;              // rotl64(lane + m, 31)
      logic [255:0] fin_q;            // final lanes

      // stage inputs
      logic [63:0] m_sum, r_in, a_sum;
      assign m_sum = s1_ll + {s1_lh + s1_hl, 32'd0};
      assign r_in  = rotl64((s2_first ? seed(s2_lane) : lane_q[64*s2_lane +: 64]) + s2_m, 31);
      assign a_sum = r2_ll + {r2_lh + r2_hl, 32'd0};

      always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
          s1_v <= 1'b0;
          s2_v <= 1'b0;
          r1_v <= 1'b0;
          r2_v <= 1'b0;
        end else begin
          s1_v <= in_hs & ~clear_i;
          s2_v <= s1_v & ~clear_i;
          r1_v <= s2_v & ~clear_i;
          r2_v <= r1_v & ~clear_i;
        end
      end

      // stage data: loaded with the stage's valid bit only
      always_ff @(posedge clk_i) begin
        if (in_hs) begin
          s1_lane  <= in_lane;
          s1_first <= in_first;
          s1_lastl <= in_lastl;
          s1_ll    <= {32'd0, in_data_i[31:0]} * {32'd0, P2L};
          s1_lh    <= in_data_i[31:0] * P2H;
          s1_hl    <= in_data_i[63:32] * P2L;
        end
        if (s1_v) begin
          s2_lane  <= s1_lane;
          s2_first <= s1_first;
          s2_lastl <= s1_lastl;
          s2_m     <= m_sum;
        end
        if (s2_v) begin
          r1_lane  <= s2_lane;
          r1_lastl <= s2_lastl;
          r1_r     <= r_in;
        end
        if (r1_v) begin
          r2_lane  <= r1_lane;
          r2_lastl <= r1_lastl;
          r2_ll    <= {32'd0, r1_r[31:0]} * {32'd0, P1L};
          r2_lh    <= r1_r[31:0] * P1H;
          r2_hl    <= r1_r[63:32] * P1L;
        end
      end

      integer kf;  // loop index (constant-index writes)

      // final lanes: loaded by words 508..511
      always_ff @(posedge clk_i) begin
        for (kf = 0; kf < 4; kf = kf + 1) begin
          if (r2_v && r2_lastl && (r2_lane == kf[1:0])) fin_q[64*kf +: 64] <= a_sum;
        end
      end

      assign p_we   = r2_v;
      assign p_lane = r2_lane;
      assign p_val  = a_sum;
      assign p_fin  = r2_v & r2_lastl & (r2_lane == 2'd3);
      assign p_busy = (s1_v & s1_lastl) | (s2_v & s2_lastl) | (r1_v & r1_lastl) |
                      (r2_v & r2_lastl);
      assign fin_v  = fin_q;
    end else begin : g_no_pipe
      assign p_we   = 1'b0;
      assign p_lane = 2'd0;
      assign p_val  = 64'd0;
      assign p_fin  = 1'b0;
      assign p_busy = 1'b0;
      assign fin_v  = lane_q;

      logic unused_lastl;
      assign unused_lastl = in_lastl;
    end
  endgenerate

  // ---------------------------------------------------------------------------------------
  // Sequencer: rounds (FAST = 0) and finalization, on one 64 x 16 multiplier
  // ---------------------------------------------------------------------------------------
  logic [3:0]   state_q, state_d;
  logic [63:0]  mx_q, mx_d;          // multiplicand, shifted left 16 bits per cycle
  logic [63:0]  macc_q, macc_d;      // product so far
  logic [1:0]   mk_q, mk_d;          // constant (K_*)
  logic [1:0]   mcnt_q, mcnt_d;      // digit of the constant used this cycle
  logic [63:0]  h_q, h_d;            // finalization state; held result in ST_WOUT
  logic [1:0]   fi_q, fi_d;          // lane being merged
  logic [1:0]   rl_q, rl_d;          // FAST = 0: lane of the word in the round
  logic         rfirst_q, rfirst_d;  // ... it starts from the seed
  logic         rlast_q, rlast_d;    // ... it is word 511
  logic         ov_q, ov_d;          // output register full
  logic [31:0]  oh_q, oh_d;
  logic         oz_q, oz_d;

  logic [63:0]  kval, mprod, mres, hsum, hn, hl;
  logic [63:0]  fin_v0;              // final lane 0
  logic [63:0]  fin_vn;              // final lane fi_q + 1
  logic [1:0]   fi_next;
  logic [31:0]  mres_fold;           // low 32 bits of mres ^ mres >> 32
  logic [31:0]  h_lo;
  logic [15:0]  kdig;
  logic         mdone;               // last cycle of a multiplication
  logic         mul_st;              // the state multiplies

  assign kval   = (mk_q == K_P1) ? P1 : (mk_q == K_P2) ? P2 : P3;
  assign kdig   = kval[16*mcnt_q +: 16];
  assign mprod  = macc_q + mx_q * {48'd0, kdig};
  assign mres   = mprod;
  assign mul_st = (state_q == ST_R1) || (state_q == ST_R2) || (state_q == ST_FA) ||
                  (state_q == ST_FB) || (state_q == ST_FC) || (state_q == ST_FD) ||
                  (state_q == ST_FE);
  assign mdone  = mul_st && (mcnt_q == 2'd3);
  assign hsum   = rotl64(fin_v[63:0], 1) + rotl64(fin_v[127:64], 7) +
                  rotl64(fin_v[191:128], 12) + rotl64(fin_v[255:192], 18);
  assign fin_v0    = fin_v[63:0];
  assign fi_next   = fi_q + 2'd1;
  assign fin_vn    = fin_v[64*fi_next +: 64];
  assign mres_fold = mres[31:0] ^ mres[63:32];
  assign h_lo      = h_q[31:0];
  assign hn     = mres + P4;                       // after a merge
  assign hl     = hn + LEN;                        // after the last merge

  // input ready
  always_comb begin
    if (FAST != 0) begin
      // words 508..511 overwrite the final lanes: word 508 waits until the previous page's
      // finalization is over (it then cannot start again before this page's word 511)
      in_ready_o = !((wcnt_q == 9'd508) && ((state_q != ST_IDLE) || p_busy));
    end else begin
      in_ready_o = (state_q == ST_IDLE) || ((state_q == ST_R2) && mdone && !rlast_q);
    end
  end

  always_comb begin
    state_d  = state_q;
    mx_d     = mx_q;
    macc_d   = macc_q;
    mk_d     = mk_q;
    mcnt_d   = mcnt_q;
    h_d      = h_q;
    fi_d     = fi_q;
    rl_d     = rl_q;
    rfirst_d = rfirst_q;
    rlast_d  = rlast_q;
    ov_d     = ov_q;
    oh_d     = oh_q;
    oz_d     = oz_q;
    q_we     = 1'b0;
    q_lane   = rl_q;
    q_val    = mres;
    round_start = 1'b0;

    if (ov_q && out_ready_i) begin
      ov_d = 1'b0;
    end

    // a multiplication in progress: next digit
    if (mul_st && !mdone) begin
      macc_d = mprod;
      mx_d   = mx_q << 16;
      mcnt_d = mcnt_q + 2'd1;
    end

    case (state_q)
      ST_IDLE: begin
        if (FAST == 0 && in_hs) begin
          round_start = 1'b1;
        end else if (p_fin) begin
          state_d = ST_F0;
        end
      end

      ST_R1: begin
        if (mdone) begin
          mx_d   = rotl64((rfirst_q ? seed(rl_q) : lane_q[64*rl_q +: 64]) + mres, 31);
          macc_d = 64'd0;
          mcnt_d = 2'd0;
          mk_d   = K_P1;
          state_d = ST_R2;
        end
      end

      ST_R2: begin
        if (mdone) begin
          q_we = 1'b1;
          if (rlast_q) begin
            state_d  = ST_F0;
          end else if (in_hs) begin
            round_start = 1'b1;
          end else begin
            state_d = ST_IDLE;
          end
        end
      end

      ST_F0: begin
        h_d    = hsum;
        fi_d   = 2'd0;
        mx_d   = fin_v0;
        macc_d = 64'd0;
        mcnt_d = 2'd0;
        mk_d   = K_P2;
        state_d = ST_FA;
      end

      ST_FA: begin
        if (mdone) begin
          mx_d   = rotl64(mres, 31);
          macc_d = 64'd0;
          mcnt_d = 2'd0;
          mk_d   = K_P1;
          state_d = ST_FB;
        end
      end

      ST_FB: begin
        if (mdone) begin
          mx_d   = h_q ^ mres;
          macc_d = 64'd0;
          mcnt_d = 2'd0;
          mk_d   = K_P1;
          state_d = ST_FC;
        end
      end

      ST_FC: begin
        if (mdone) begin
          macc_d = 64'd0;
          mcnt_d = 2'd0;
          if (fi_q == 2'd3) begin
            mx_d = hl ^ (hl >> 33);
            mk_d = K_P2;
            state_d = ST_FD;
          end else begin
            h_d  = hn;
            fi_d = fi_next;
            mx_d = fin_vn;
            mk_d = K_P2;
            state_d = ST_FA;
          end
        end
      end

      ST_FD: begin
        if (mdone) begin
          mx_d   = mres ^ (mres >> 29);
          macc_d = 64'd0;
          mcnt_d = 2'd0;
          mk_d   = K_P3;
          state_d = ST_FE;
        end
      end

      ST_FE: begin
        if (mdone) begin
          h_d = mres ^ (mres >> 32);
          if (!ov_q) begin
            ov_d = 1'b1;
            oh_d = mres_fold;
            oz_d = zfin_q;
            state_d = ST_IDLE;
          end else begin
            state_d = ST_WOUT;
          end
        end
      end

      ST_WOUT: begin
        if (!ov_q) begin
          ov_d = 1'b1;
          oh_d = h_lo;
          oz_d = zfin_q;
          state_d = ST_IDLE;
        end
      end

      default: state_d = ST_IDLE;
    endcase

    // small engine: a word taken starts its round (first multiplication by P2)
    if (round_start) begin
      mx_d     = in_data_i;
      macc_d   = 64'd0;
      mcnt_d   = 2'd0;
      mk_d     = K_P2;
      rl_d     = in_lane;
      rfirst_d = in_first;
      rlast_d  = in_last;
      state_d  = ST_R1;
    end

    if (clear_i) begin
      state_d = ST_IDLE;
      ov_d = 1'b0;
      q_we = 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wcnt_q  <= 9'd0;
      zacc_q  <= 1'b1;
      zfin_q  <= 1'b0;
      state_q <= ST_IDLE;
      ov_q    <= 1'b0;
    end else begin
      wcnt_q  <= wcnt_d;
      zacc_q  <= zacc_d;
      zfin_q  <= zfin_d;
      state_q <= state_d;
      ov_q    <= ov_d;
    end
  end

  // datapath registers (no reset needed)
  always_ff @(posedge clk_i) begin
    mx_q     <= mx_d;
    macc_q   <= macc_d;
    mk_q     <= mk_d;
    mcnt_q   <= mcnt_d;
    h_q      <= h_d;
    fi_q     <= fi_d;
    rl_q     <= rl_d;
    rfirst_q <= rfirst_d;
    rlast_q  <= rlast_d;
    oh_q     <= oh_d;
    oz_q     <= oz_d;
  end

  assign out_valid_o = ov_q;
  assign out_hash_o  = oh_q;
  assign out_zero_o  = oz_q;

endmodule

`default_nettype wire

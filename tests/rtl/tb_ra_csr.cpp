// Self-checking Verilator test bench for ra_csr: the register map against the generated register
// description, with random stalls on all five AXI4-Lite channels.
//
// The oracle is a cycle-by-cycle model of the slave written from docs/registers.md,
// docs/device.md ("Programming model", "Counters") and docs/rtl.md ("ra_csr"). Its register map
// comes from tb_regs_table.h, which tb_regs_table.py writes from rtl/regs/ra_regs.json at build
// time: every register's offset, per-field access (ro, rw, w1c, wp) and reset value. What the
// JSON gives only in prose is written here: the parameter-dependent fields (CAP, PERF_CAP), the
// fields that show inputs (STATUS, SQ_HEAD, CQ_TAIL), the two wp actions, PA_BITS' legal range,
// SQ_TAIL/CQ_HEAD masked to the ring size, and the counters (cycles and busy_cycles counted
// inside, the rest from cnt_inc_i; CNT_W bits; the HI shadow latched by a read of LO; freeze,
// clear, wrap into PERF_OVF and INT_STATUS.CNT_OVF; counters of a left-out engine constant 0).
//
// Channel timing as documented in rtl/ra_csr.sv: AW and W are each held in a one-entry buffer
// (ready while it is empty), the write is performed at the clock edge where both are held and
// no B is pending, and BVALID rises with it; a read is accepted while no R is pending, with the
// register values of the cycle of its AR handshake. Every cycle the bench compares the five
// ready/valid outputs, BRESP/RRESP (OKAY), RDATA while RVALID, every configuration output,
// irq_o and the soft_reset_o / ring_fault_clr_o pulses with the oracle.
//
// Phases: every offset read after reset; every unmapped offset written with ones and read back;
// directed counter checks (LO/HI latching, wrap, freeze, clear); then random traffic (mapped,
// unmapped and counter offsets, random data and strobes, rare soft resets) under swept stall
// probabilities, with random busy_i, ring-fault and command-done inputs and counter increments.
// The run fails when a behaviour was not exercised (no wrap, no effective W1C, ...).
//
// Built by tests/CMakeLists.txt for several parameter sets (TB_* below, the same values given
// to Verilator with -G).
// Usage: tb_ra_csr [--seed N] [--waves FILE.fst] (the seed is printed; waves are off by default).

#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "Vtb_top.h"
#include "tb_regs_table.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "tb_util.h"
#include "tb_verilated.h"

#ifndef TB_DATA_W
#define TB_DATA_W 64
#endif
#ifndef TB_RD_INFLIGHT
#define TB_RD_INFLIGHT 16
#endif
#ifndef TB_WALK_CACHE
#define TB_WALK_CACHE 16
#endif
#ifndef TB_PAGE_ENGINES
#define TB_PAGE_ENGINES 1
#endif
#ifndef TB_SCAN_ENGINE
#define TB_SCAN_ENGINE 1
#endif
#ifndef TB_CNT_W
#define TB_CNT_W 64
#endif
#ifndef TB_WINDOWS
#define TB_WINDOWS 4
#endif

namespace {

constexpr unsigned NC = TB_NUM_COUNTERS;
constexpr unsigned NWORDS = TB_CSR_BYTES / 4;
constexpr uint64_t CNT_MASK = TB_CNT_W >= 64 ? ~0ull : (1ull << TB_CNT_W) - 1;


// ---------------------------------------------------------------------------------------------
// The register map, from the generated table
// ---------------------------------------------------------------------------------------------
struct Reg {
  const TbReg* d = nullptr;  // nullptr: unmapped (or a window or counter left out)
  uint32_t ro = 0, rw = 0, w1c = 0, wp = 0;  // bits by access
  uint32_t reset = 0;                          // reset value, parameter fields included
};
Reg map[NWORDS];

uint32_t fmask(const TbField& f) {
  return (f.width >= 32 ? ~0u : ((1u << f.width) - 1)) << f.lsb;
}
bool is(const TbReg* d, const char* name) { return d && !std::strcmp(d->name, name); }
bool counter_present(unsigned i) {
  const char* e = TB_COUNTERS[i].engine;
  if (!std::strcmp(e, "scan")) return TB_SCAN_ENGINE != 0;
  if (!std::strcmp(e, "page")) return TB_PAGE_ENGINES != 0;
  return true;
}

// the value of a field whose reset is "param" (docs/registers.md, docs/rtl.md)
uint32_t param_field(const TbReg& r, const TbField& f) {
  std::string n = std::string(r.name) + "." + f.name;
  if (n == "CAP.DATA_BYTES") return TB_DATA_W / 8;
  if (n == "CAP.WALK_CACHE") return TB_WALK_CACHE;
  if (n == "CAP.RD_INFLIGHT") return TB_RD_INFLIGHT;
  if (n == "CAP.ENGINES")  // bit 0 WALK, 1 SCAN, 2 HASH, 3 CMP, 4 COPY
    return 1u | (TB_SCAN_ENGINE ? 2u : 0u) | (TB_PAGE_ENGINES ? 0x1cu : 0u);
  if (n == "PERF_CAP.NUM") return NC;
  if (n == "PERF_CAP.WIDTH") return TB_CNT_W;
  err("no oracle for the parameter field %s", n.c_str());
  return 0;
}

void build_map() {
  for (unsigned k = 0; k < TB_NUM_REGS; k++) {
    const TbReg& r = TB_REGS[k];
    if (r.offset % 4 || r.offset >= TB_CSR_BYTES) {
      err("register %s at 0x%x: outside the CSR space", r.name, r.offset);
      continue;
    }
    if (r.window >= TB_WINDOWS) continue;                          // not implemented: unmapped
    if (r.counter >= 0 && !counter_present(unsigned(r.counter))) continue;  // constant 0
    Reg& m = map[r.offset / 4];
    if (m.d) err("registers %s and %s at the same offset", m.d->name, r.name);
    m.d = &r;
    for (unsigned j = 0; j < r.nfields; j++) {
      const TbField& f = r.fields[j];
      uint32_t fm = fmask(f);
      uint32_t v = f.param ? param_field(r, f) : f.reset;
      m.reset |= (v << f.lsb) & fm;
      if (!std::strcmp(f.access, "ro")) m.ro |= fm;
      else if (!std::strcmp(f.access, "rw")) m.rw |= fm;
      else if (!std::strcmp(f.access, "w1c")) m.w1c |= fm;
      else m.wp |= fm;
    }
    if (r.counter >= 0) m.rw = ~0u;
    if (is(&r, "PERF_OVF")) m.w1c &= (NC >= 32 ? ~0u : (1u << NC) - 1);
  }
}

unsigned off_of(const char* name) {
  for (unsigned w = 0; w < NWORDS; w++)
    if (is(map[w].d, name)) return w * 4;
  err("register %s not in the description", name);
  return 0;
}
uint32_t field_mask(const char* reg, const char* field) {
  const TbReg* d = map[off_of(reg) / 4].d;
  for (unsigned j = 0; d && j < d->nfields; j++)
    if (!std::strcmp(d->fields[j].name, field)) return fmask(d->fields[j]);
  err("field %s.%s not in the description", reg, field);
  return 0;
}
unsigned field_lsb(const char* reg, const char* field) {
  uint32_t m = field_mask(reg, field);
  unsigned l = 0;
  while (m && !(m & 1)) {
    m >>= 1;
    l++;
  }
  return l;
}

// offsets and fields the oracle gives a meaning (looked up once)
unsigned O_CTRL, O_STATUS, O_INT_STATUS, O_INT_MASK, O_PA_BITS, O_SQ_BASE_LO, O_SQ_BASE_HI,
    O_SQ_SIZE, O_SQ_HEAD, O_SQ_TAIL, O_CQ_BASE_LO, O_CQ_BASE_HI, O_CQ_SIZE, O_CQ_HEAD, O_CQ_TAIL,
    O_PERF_OVF;
uint32_t M_ENABLE, M_SOFT_RESET, M_FREEZE, M_CNT_CLEAR, M_BUSY, M_RING_FAULT, M_I_CMD_DONE,
    M_I_RING_FAULT, M_I_CNT_OVF, M_PA_BITS;
int C_CYCLES = -1, C_BUSY = -1;

void lookup() {
  O_CTRL = off_of("CTRL");
  O_STATUS = off_of("STATUS");
  O_INT_STATUS = off_of("INT_STATUS");
  O_INT_MASK = off_of("INT_MASK");
  O_PA_BITS = off_of("PA_BITS");
  O_SQ_BASE_LO = off_of("SQ_BASE_LO");
  O_SQ_BASE_HI = off_of("SQ_BASE_HI");
  O_SQ_SIZE = off_of("SQ_SIZE");
  O_SQ_HEAD = off_of("SQ_HEAD");
  O_SQ_TAIL = off_of("SQ_TAIL");
  O_CQ_BASE_LO = off_of("CQ_BASE_LO");
  O_CQ_BASE_HI = off_of("CQ_BASE_HI");
  O_CQ_SIZE = off_of("CQ_SIZE");
  O_CQ_HEAD = off_of("CQ_HEAD");
  O_CQ_TAIL = off_of("CQ_TAIL");
  O_PERF_OVF = off_of("PERF_OVF");
  M_ENABLE = field_mask("CTRL", "ENABLE");
  M_SOFT_RESET = field_mask("CTRL", "SOFT_RESET");
  M_FREEZE = field_mask("CTRL", "CNT_FREEZE");
  M_CNT_CLEAR = field_mask("CTRL", "CNT_CLEAR");
  M_BUSY = field_mask("STATUS", "BUSY");
  M_RING_FAULT = field_mask("STATUS", "RING_FAULT");
  M_I_CMD_DONE = field_mask("INT_STATUS", "CMD_DONE");
  M_I_RING_FAULT = field_mask("INT_STATUS", "RING_FAULT");
  M_I_CNT_OVF = field_mask("INT_STATUS", "CNT_OVF");
  M_PA_BITS = field_mask("PA_BITS", "VALUE");
  for (unsigned i = 0; i < NC; i++) {
    if (!std::strcmp(TB_COUNTERS[i].name, "cycles")) C_CYCLES = int(i);
    if (!std::strcmp(TB_COUNTERS[i].name, "busy_cycles")) C_BUSY = int(i);
  }
  if (C_CYCLES < 0 || C_BUSY < 0) err("counters cycles and busy_cycles not in the description");
  for (unsigned w = 0; w < NWORDS; w++) {  // every wp bit must have an action below
    uint32_t unknown = map[w].wp & ~((w * 4 == O_CTRL) ? (M_SOFT_RESET | M_CNT_CLEAR) : 0u);
    if (unknown) err("no oracle for the wp bits 0x%x of %s", unknown, map[w].d->name);
  }
}

// ---------------------------------------------------------------------------------------------
// Oracle state
// ---------------------------------------------------------------------------------------------
struct Inputs {
  bool busy, ring_fault, cmd_done, ring_fault_set;
  uint16_t sq_head, cq_tail;
  uint8_t inc[NC];
};
Inputs in;

uint32_t val[NWORDS];   // stored bits (rw and w1c) of every plain register
uint64_t cnt[NC];
uint32_t shadow[NC];

void oracle_reset() {
  for (unsigned w = 0; w < NWORDS; w++) val[w] = map[w].reset & (map[w].rw | map[w].w1c);
  for (unsigned i = 0; i < NC; i++) cnt[i] = shadow[i] = 0;
}

uint32_t ring_mask(uint32_t log2) { return uint32_t((1u << (log2 & 15)) - 1) & 0xffff; }

uint32_t oracle_read(unsigned off) {
  const Reg& m = map[(off & (TB_CSR_BYTES - 1)) / 4];
  if (!m.d) return 0;
  if (m.d->counter >= 0) {
    unsigned i = unsigned(m.d->counter);
    return m.d->hi ? shadow[i] : uint32_t(cnt[i]);
  }
  unsigned a = off & ~3u;
  uint32_t v = (val[a / 4] & (m.rw | m.w1c)) | (m.reset & m.ro);
  if (a == O_STATUS) v = (in.busy ? M_BUSY : 0) | (in.ring_fault ? M_RING_FAULT : 0);
  if (a == O_SQ_HEAD) v = in.sq_head & m.ro;
  if (a == O_CQ_TAIL) v = in.cq_tail & m.ro;
  return v;
}

// a write performed at this edge
struct Wr {
  bool valid;
  unsigned off;
  uint32_t data;
  unsigned strb;
};
uint32_t bytemask(unsigned strb) {
  uint32_t m = 0;
  for (int b = 0; b < 4; b++)
    if (strb & (1u << b)) m |= 0xffu << (8 * b);
  return m;
}

// coverage
struct Cov {
  unsigned wraps, w1c_clears, soft_resets, soft_ignored, cnt_clears, shadow_stale, pa_ignored,
      tail_masked, unmapped_reads, unmapped_writes, freeze_cycles, reads, writes, irq_cycles,
      aw_first, w_first, aw_w_together;
} cov;

bool ctrl_write(const Wr& w) { return w.valid && (w.off & ~3u) == O_CTRL && (w.strb & 1); }
bool soft_reset_of(const Wr& w) { return ctrl_write(w) && (w.data & M_SOFT_RESET) && !in.busy; }

// one clock edge: the write @w (if any), the AR handshake of @ar_off (if @ar)
void oracle_edge(const Wr& w, bool ar, unsigned ar_off) {
  bool soft = soft_reset_of(w);
  bool clr = ctrl_write(w) && (w.data & M_CNT_CLEAR);
  bool freeze = val[O_CTRL / 4] & M_FREEZE;
  if (ctrl_write(w) && (w.data & M_SOFT_RESET) && in.busy) cov.soft_ignored++;
  uint32_t bm = w.valid ? bytemask(w.strb) : 0;
  unsigned wa = w.off & ~3u & (TB_CSR_BYTES - 1);
  const Reg& wm = map[wa / 4];
  if (w.valid && !wm.d) cov.unmapped_writes++;

  // counters and shadows
  uint32_t wraps = 0;
  uint32_t new_shadow[NC];
  for (unsigned i = 0; i < NC; i++) {
    new_shadow[i] = shadow[i];
    if (!counter_present(i)) continue;
    if (ar && map[(ar_off & ~3u) / 4].d && map[(ar_off & ~3u) / 4].d->counter == int(i) &&
        !map[(ar_off & ~3u) / 4].d->hi) {
      new_shadow[i] = uint32_t(cnt[i] >> 32);
      if (new_shadow[i] != shadow[i]) cov.shadow_stale++;
    }
    bool wr_this = w.valid && wm.d && wm.d->counter == int(i);
    if (soft || clr) {
      cnt[i] = 0;
      new_shadow[i] = 0;
    } else if (wr_this) {
      uint64_t half = wm.d->hi ? cnt[i] >> 32 : cnt[i] & 0xffffffffu;
      half = (half & ~uint64_t(bm)) | (w.data & bm);
      cnt[i] = wm.d->hi ? (half << 32) | (cnt[i] & 0xffffffffu)
                        : (cnt[i] & 0xffffffff00000000ull) | half;
      cnt[i] &= CNT_MASK;
    } else if (!freeze) {
      uint64_t inc = int(i) == C_CYCLES ? 1 : int(i) == C_BUSY ? in.busy : in.inc[i];
      uint64_t sum = cnt[i] + inc;
      bool wrap = TB_CNT_W >= 64 ? sum < cnt[i] : sum > CNT_MASK;
      cnt[i] = sum & CNT_MASK;
      if (wrap) {
        wraps |= 1u << i;
        cov.wraps++;
      }
    }
  }
  for (unsigned i = 0; i < NC; i++) shadow[i] = new_shadow[i];
  if (freeze) cov.freeze_cycles++;
  if (clr) cov.cnt_clears++;

  // interrupt status and overflow: hardware set wins over a W1C clear of the same cycle
  uint32_t set = (in.cmd_done ? M_I_CMD_DONE : 0) | (in.ring_fault_set ? M_I_RING_FAULT : 0) |
                 (wraps ? M_I_CNT_OVF : 0);
  uint32_t is_clr = 0, ovf_clr = 0;
  if (w.valid && wm.d && !soft) {
    uint32_t c = w.data & bm & wm.w1c;
    if (c & val[wa / 4]) cov.w1c_clears++;
    if (wa == O_INT_STATUS) is_clr = c;
    else if (wa == O_PERF_OVF) ovf_clr = c;
    else if (c) err("test bench: no oracle for the w1c bits of %s", wm.d->name);
  }
  val[O_INT_STATUS / 4] = (val[O_INT_STATUS / 4] & ~is_clr) | set;
  val[O_PERF_OVF / 4] = clr ? 0 : (val[O_PERF_OVF / 4] & ~ovf_clr) | wraps;

  // plain read-write registers
  if (w.valid && wm.d && wm.d->counter < 0 && wm.rw && !soft) {
    uint32_t v = (val[wa / 4] & ~(bm & wm.rw)) | (w.data & bm & wm.rw);
    if (wa == O_PA_BITS) {
      uint32_t pa = (v & M_PA_BITS) >> field_lsb("PA_BITS", "VALUE");
      if (pa < 32 || pa > 48) {
        v = val[wa / 4];
        cov.pa_ignored++;
      }
    }
    if (wa == O_SQ_TAIL || wa == O_CQ_HEAD) {
      uint32_t lg = val[(wa == O_SQ_TAIL ? O_SQ_SIZE : O_CQ_SIZE) / 4];
      if (v & ~ring_mask(lg)) cov.tail_masked++;
      v &= ring_mask(lg);
    }
    val[wa / 4] = (val[wa / 4] & ~wm.rw) | v;
  }
  if (soft) {
    oracle_reset();
    cov.soft_resets++;
  }
}

// ---------------------------------------------------------------------------------------------
// AXI4-Lite master with stalls, channel oracle
// ---------------------------------------------------------------------------------------------
struct Op {
  bool write;
  unsigned off;
  uint32_t data;
  unsigned strb;
};
std::deque<Op> aw_todo, w_todo, ar_todo;  // to present on AW, W, AR
bool aw_on, w_on, ar_on;                  // presenting the front item
unsigned stall_pct;                       // probability of holding a valid or a ready back
std::deque<uint32_t> rd_results;          // read data in order (directed phases)
bool keep_results;

// channel oracle
bool o_aw_full, o_w_full, o_b_pend, o_r_pend;
Op o_aw, o_w;
uint32_t o_rdata;
unsigned o_ar_off;

uint64_t wide(const VlWide<6>& v, unsigned lsb, unsigned width) {
  uint64_t r = 0;
  for (unsigned k = 0; k < width; k++)
    r |= uint64_t((v[(lsb + k) / 32] >> ((lsb + k) % 32)) & 1) << k;
  return r;
}

void drive() {
  if (!aw_on && !aw_todo.empty() && !chance(stall_pct)) aw_on = true;
  if (!w_on && !w_todo.empty() && !chance(stall_pct)) w_on = true;
  if (!ar_on && !ar_todo.empty() && !chance(stall_pct)) ar_on = true;
  top->s_axil_awvalid = aw_on;
  top->s_axil_awaddr = aw_on ? aw_todo.front().off : unsigned(rnd() & 0x3ff);
  top->s_axil_wvalid = w_on;
  top->s_axil_wdata = w_on ? w_todo.front().data : uint32_t(rnd());
  top->s_axil_wstrb = w_on ? w_todo.front().strb : unsigned(rnd() & 15);
  top->s_axil_arvalid = ar_on;
  top->s_axil_araddr = ar_on ? ar_todo.front().off : unsigned(rnd() & 0x3ff);
  top->s_axil_bready = !chance(stall_pct);
  top->s_axil_rready = !chance(stall_pct);

  top->busy_i = in.busy;
  top->ring_fault_i = in.ring_fault;
  top->cmd_done_i = in.cmd_done;
  top->ring_fault_set_i = in.ring_fault_set;
  top->sq_head_i = in.sq_head;
  top->cq_tail_i = in.cq_tail;
  for (unsigned k = 0; k < (4 * NC + 31) / 32; k++) top->cnt_inc_i[k] = 0;
  for (unsigned i = 0; i < NC; i++)
    top->cnt_inc_i[(4 * i) / 32] |= uint32_t(in.inc[i]) << ((4 * i) % 32);
}

unsigned events_pct = 5;  // how busy the device side is
bool quiet;               // inputs idle: not busy, no events, no increments

void next_inputs() {
  if (quiet) {
    std::memset(&in, 0, sizeof in);
    return;
  }
  if (chance(3)) in.busy = !in.busy;
  if (chance(2)) in.ring_fault = !in.ring_fault;
  in.cmd_done = chance(events_pct);
  in.ring_fault_set = chance(events_pct / 2);
  if (chance(5)) in.sq_head = uint16_t(rnd());
  if (chance(5)) in.cq_tail = uint16_t(rnd());
  for (unsigned i = 0; i < NC; i++) in.inc[i] = chance(30) ? uint8_t(rnd() & 15) : 0;
}

void check_outputs(const Wr& w) {
  if (top->s_axil_awready != !o_aw_full)
    err("AWREADY %d, expected %d", top->s_axil_awready, !o_aw_full);
  if (top->s_axil_wready != !o_w_full) err("WREADY %d, expected %d", top->s_axil_wready, !o_w_full);
  if (top->s_axil_bvalid != o_b_pend) err("BVALID %d, expected %d", top->s_axil_bvalid, o_b_pend);
  if (top->s_axil_arready != !o_r_pend)
    err("ARREADY %d, expected %d", top->s_axil_arready, !o_r_pend);
  if (top->s_axil_rvalid != o_r_pend) err("RVALID %d, expected %d", top->s_axil_rvalid, o_r_pend);
  if (o_b_pend && top->s_axil_bresp != 0) err("BRESP %u", top->s_axil_bresp);
  if (o_r_pend && top->s_axil_rresp != 0) err("RRESP %u", top->s_axil_rresp);
  if (o_r_pend && top->s_axil_rdata != o_rdata) {
    const Reg& m = map[(o_ar_off & 0x3fc) / 4];
    err("read 0x%03x (%s): 0x%08x, expected 0x%08x", o_ar_off, m.d ? m.d->name : "unmapped",
        top->s_axil_rdata, o_rdata);
  }

  bool soft = soft_reset_of(w);
  bool rfc = ctrl_write(w) && !(w.data & M_ENABLE);
  if (top->soft_reset_o != soft) err("soft_reset_o %d, expected %d", top->soft_reset_o, soft);
  if (top->ring_fault_clr_o != rfc)
    err("ring_fault_clr_o %d, expected %d", top->ring_fault_clr_o, rfc);

  auto base = [](unsigned lo, unsigned hi) {
    return uint64_t(oracle_read(lo)) | uint64_t(oracle_read(hi)) << 32;
  };
  uint32_t ctrl = oracle_read(O_CTRL);
  bool en = ctrl & M_ENABLE;
  if (top->enable_o != en) err("enable_o %d, expected %d", top->enable_o, en);
  unsigned pa = (oracle_read(O_PA_BITS) & M_PA_BITS) >> field_lsb("PA_BITS", "VALUE");
  if (top->pa_bits_o != pa) err("pa_bits_o %u, expected %u", top->pa_bits_o, pa);
  if (top->sq_base_o != base(O_SQ_BASE_LO, O_SQ_BASE_HI))
    err("sq_base_o 0x%012" PRIx64 ", expected 0x%012" PRIx64, uint64_t(top->sq_base_o),
        base(O_SQ_BASE_LO, O_SQ_BASE_HI));
  if (top->cq_base_o != base(O_CQ_BASE_LO, O_CQ_BASE_HI))
    err("cq_base_o 0x%012" PRIx64 ", expected 0x%012" PRIx64, uint64_t(top->cq_base_o),
        base(O_CQ_BASE_LO, O_CQ_BASE_HI));
  if (top->sq_log2_o != oracle_read(O_SQ_SIZE)) err("sq_log2_o %u", top->sq_log2_o);
  if (top->cq_log2_o != oracle_read(O_CQ_SIZE)) err("cq_log2_o %u", top->cq_log2_o);
  if (top->sq_tail_o != oracle_read(O_SQ_TAIL))
    err("sq_tail_o 0x%x, expected 0x%x", top->sq_tail_o, oracle_read(O_SQ_TAIL));
  if (top->cq_head_o != oracle_read(O_CQ_HEAD))
    err("cq_head_o 0x%x, expected 0x%x", top->cq_head_o, oracle_read(O_CQ_HEAD));
  for (unsigned i = 0; i < TB_NUM_WINDOWS; i++) {
    char n[4][24];
    std::snprintf(n[0], sizeof n[0], "WIN%u_BASE_LO", i);
    std::snprintf(n[1], sizeof n[1], "WIN%u_BASE_HI", i);
    std::snprintf(n[2], sizeof n[2], "WIN%u_LIMIT_LO", i);
    std::snprintf(n[3], sizeof n[3], "WIN%u_LIMIT_HI", i);
    uint64_t eb = 0, el = 0;
    if (i < TB_WINDOWS) {
      eb = base(off_of(n[0]), off_of(n[1]));
      el = base(off_of(n[2]), off_of(n[3]));
    }
    uint64_t gb = wide(top->win_base_o, 48 * i, 48), gl = wide(top->win_limit_o, 48 * i, 48);
    if (gb != eb || gl != el)
      err("window %u: [0x%" PRIx64 ", 0x%" PRIx64 "), expected [0x%" PRIx64 ", 0x%" PRIx64 ")",
          i, gb, gl, eb, el);
  }
  bool irq = (oracle_read(O_INT_STATUS) & ~oracle_read(O_INT_MASK)) != 0;
  if (top->irq_o != irq) err("irq_o %d, expected %d", top->irq_o, irq);
  cov.irq_cycles += irq;
}

void tick() {
  drive();
  top->clk_i = 0;
  top->eval();
  if (waves) waves->dump(2 * cycle_no);

  Wr w{};
  if (o_aw_full && o_w_full && !o_b_pend) w = {true, o_aw.off, o_w.data, o_w.strb};
  check_outputs(w);

  bool aw = top->s_axil_awvalid && top->s_axil_awready;
  bool wh = top->s_axil_wvalid && top->s_axil_wready;
  bool ar = top->s_axil_arvalid && top->s_axil_arready;
  bool b = top->s_axil_bvalid && top->s_axil_bready;
  bool r = top->s_axil_rvalid && top->s_axil_rready;
  unsigned ar_off = top->s_axil_araddr;

  // channel oracle, then the registers at this edge
  if (aw && wh) cov.aw_w_together++;
  else if (aw && !o_w_full) cov.aw_first++;
  else if (wh && !o_aw_full) cov.w_first++;
  uint32_t rdata = ar ? oracle_read(ar_off) : 0;
  if (r) {
    if (keep_results) rd_results.push_back(top->s_axil_rdata);
    o_r_pend = false;
  }
  if (b) o_b_pend = false;
  if (w.valid) {
    o_aw_full = o_w_full = false;
    o_b_pend = true;
    cov.writes++;
  }
  if (aw) {
    o_aw_full = true;
    o_aw = aw_todo.front();
    aw_todo.pop_front();
    aw_on = false;
  }
  if (wh) {
    o_w_full = true;
    o_w = w_todo.front();
    w_todo.pop_front();
    w_on = false;
  }
  if (ar) {
    o_r_pend = true;
    o_rdata = rdata;
    o_ar_off = ar_off;
    ar_todo.pop_front();
    ar_on = false;
    cov.reads++;
    if (!map[(ar_off & 0x3fc) / 4].d) cov.unmapped_reads++;
  }
  oracle_edge(w, ar, ar_off);

  top->clk_i = 1;
  top->eval();
  if (waves) waves->dump(2 * cycle_no + 1);
  cycle_no++;
  next_inputs();
}

void write(unsigned off, uint32_t data, unsigned strb = 15) {
  aw_todo.push_back({true, off, data, strb});
  w_todo.push_back({true, off, data, strb});
}
void read(unsigned off) { ar_todo.push_back({false, off, 0, 0}); }
bool idle() {
  return aw_todo.empty() && w_todo.empty() && ar_todo.empty() && !o_aw_full && !o_w_full &&
         !o_b_pend && !o_r_pend;
}
void drain() {
  uint64_t limit = cycle_no + 100000;
  while (!idle() && cycle_no < limit) tick();
  if (!idle()) err("the AXI4-Lite channels hang");
}
// read @off now (after everything queued) and return the data
uint32_t read_now(unsigned off) {
  drain();
  keep_results = true;
  rd_results.clear();
  read(off);
  drain();
  keep_results = false;
  return rd_results.empty() ? 0xdeadbeef : rd_results.back();
}

void do_reset() {
  top->rst_ni = 0;
  aw_todo.clear();
  w_todo.clear();
  ar_todo.clear();
  aw_on = w_on = ar_on = false;
  for (int i = 0; i < 4; i++) {
    drive();
    top->clk_i = 0;
    top->eval();
    top->clk_i = 1;
    top->eval();
  }
  top->rst_ni = 1;
  o_aw_full = o_w_full = o_b_pend = o_r_pend = false;
  oracle_reset();
}

// random traffic: @n operations under @stall % stalls
void random_phase(unsigned n, unsigned stall) {
  stall_pct = stall;
  std::vector<unsigned> mapped, counters;
  for (unsigned w = 0; w < NWORDS; w++) {
    if (!map[w].d) continue;
    (map[w].d->counter >= 0 ? counters : mapped).push_back(w * 4);
  }
  for (unsigned k = 0; k < n; k++) {
    unsigned p = unsigned(rnd() % 100), off;
    if (p < 5) off = O_CTRL;
    else if (p < 45) off = mapped[rnd() % mapped.size()];
    else if (p < 75) off = counters[rnd() % counters.size()];
    else off = unsigned(rnd() % TB_CSR_BYTES);  // any offset, low bits included
    uint32_t data = uint32_t(rnd());
    if (chance(30)) {  // near a wrap: all ones in the implemented bits, minus a little
      uint64_t v = (CNT_MASK - (rnd() % 64));
      data = (off & 4) ? uint32_t(v >> 32) : uint32_t(v);
    }
    if ((off & ~3u) == O_CTRL) {
      data &= ~(M_SOFT_RESET | M_CNT_CLEAR);
      if (chance(10)) data |= M_SOFT_RESET;
      if (chance(8)) data |= M_CNT_CLEAR;
    }
    if ((off & ~3u) == O_PA_BITS && chance(50)) data = 30 + unsigned(rnd() % 22);
    if ((off & ~3u) == O_SQ_SIZE || (off & ~3u) == O_CQ_SIZE) data &= 0xf;
    unsigned strb = chance(70) ? 15 : unsigned(rnd() & 15);
    if (chance(50)) write(off, data, strb);
    else read(off);
    // let the traffic run a little ahead, not all at once
    while (aw_todo.size() + ar_todo.size() > 4) tick();
  }
  drain();
}

}  // namespace

int main(int argc, char** argv) {
  tb_open(argc, argv, "tb_ra_csr");

  build_map();
  lookup();
  std::memset(&in, 0, sizeof in);
  do_reset();

  // 1. every offset after reset (inputs quiet: busy 0, no events), without stalls
  stall_pct = 0;
  quiet = true;
  for (unsigned off = 0; off < TB_CSR_BYTES; off += 4) {
    uint32_t want = map[off / 4].d && map[off / 4].d->counter < 0 ? map[off / 4].reset : 0;
    uint32_t got = read_now(off);
    if (map[off / 4].d && (off == O_STATUS || off == O_SQ_HEAD || off == O_CQ_TAIL)) continue;
    if (map[off / 4].d && map[off / 4].d->counter >= 0) continue;  // counting since reset
    if (got != want)
      err("after reset 0x%03x (%s): 0x%08x, expected 0x%08x", off,
          map[off / 4].d ? map[off / 4].d->name : "unmapped", got, want);
  }

  // 2. every unmapped offset written with ones, then read back (0)
  for (unsigned off = 0; off < TB_CSR_BYTES; off += 4)
    if (!map[off / 4].d) write(off, ~0u);
  for (unsigned off = 0; off < TB_CSR_BYTES; off += 4)
    if (!map[off / 4].d && read_now(off) != 0) err("unmapped 0x%03x reads non-zero", off);

  quiet = false;

  // 3. directed counter checks on `cycles` (the oracle checks every read data as well)
  unsigned lo = off_of("CNT_CYCLES_LO"), hi = off_of("CNT_CYCLES_HI");
  uint64_t top_val = CNT_MASK - 40;
  write(hi, uint32_t(top_val >> 32));
  write(lo, uint32_t(top_val));
  drain();
  uint32_t l1 = read_now(lo);
  for (int i = 0; i < 30; i++) tick();
  uint32_t h1 = read_now(hi);  // the HI latched by the LO read, not the current one
  if (TB_CNT_W > 32 && h1 != uint32_t(top_val >> 32))
    err("CNT_CYCLES_HI 0x%08x after the LO read 0x%08x, expected the latched 0x%08x", h1, l1,
        uint32_t(top_val >> 32));
  for (int i = 0; i < 60; i++) tick();  // wraps
  unsigned c_bit = unsigned(C_CYCLES);
  if (!(read_now(O_PERF_OVF) & (1u << c_bit))) err("PERF_OVF: cycles did not wrap");
  if (!(read_now(O_INT_STATUS) & M_I_CNT_OVF)) err("INT_STATUS.CNT_OVF not set by the wrap");
  write(O_INT_MASK, ~M_I_CNT_OVF & 7u);
  drain();
  for (int i = 0; i < 2; i++) tick();
  if (!top->irq_o) err("irq_o low with CNT_OVF set and unmasked");
  write(O_PERF_OVF, ~0u);
  write(O_INT_STATUS, M_I_CNT_OVF);
  write(O_CTRL, M_FREEZE);
  drain();
  uint32_t f1 = read_now(lo);
  for (int i = 0; i < 20; i++) tick();
  if (read_now(lo) != f1) err("CNT_FREEZE: cycles moved");
  write(O_CTRL, M_CNT_CLEAR | M_FREEZE);
  drain();
  if (read_now(lo) != 0 || read_now(O_PERF_OVF) != 0) err("CNT_CLEAR: cycles or PERF_OVF not 0");
  write(O_CTRL, 0);
  drain();

  // 4. PA_BITS at and beyond both ends of its legal range 32..48
  unsigned pa_lsb = field_lsb("PA_BITS", "VALUE");
  for (unsigned v : {40u, 31u, 32u, 0u, 48u, 49u, 63u, 33u, 47u}) {
    write(O_PA_BITS, v << pa_lsb);
    unsigned got = (read_now(O_PA_BITS) & M_PA_BITS) >> pa_lsb;
    if ((v >= 32 && v <= 48) != (got == v)) err("PA_BITS written %u reads %u", v, got);
  }

  // 5. random traffic under swept stalls; device-side events at two rates
  const unsigned stalls[] = {0, 25, 50, 80};
  unsigned phases = 0;
  for (unsigned s : stalls)
    for (unsigned ev : {5u, 40u}) {
      events_pct = ev;
      random_phase(3000, s);
      phases++;
    }
  // every offset once more, then reset and the reset values again
  for (unsigned off = 0; off < TB_CSR_BYTES; off += 4) read(off);
  drain();

  struct {
    const char* what;
    unsigned n;
  } need[] = {{"counter wraps", cov.wraps},
              {"effective W1C clears", cov.w1c_clears},
              {"soft resets", cov.soft_resets},
              {"soft resets ignored while busy", cov.soft_ignored},
              {"CNT_CLEAR writes", cov.cnt_clears},
              {"LO reads latching a new HI", TB_CNT_W > 32 ? cov.shadow_stale : 1},
              {"PA_BITS writes out of range", cov.pa_ignored},
              {"SQ_TAIL/CQ_HEAD writes masked", cov.tail_masked},
              {"unmapped reads", cov.unmapped_reads},
              {"unmapped writes", cov.unmapped_writes},
              {"frozen cycles", cov.freeze_cycles},
              {"cycles with irq_o", cov.irq_cycles},
              {"AW before W", cov.aw_first},
              {"W before AW", cov.w_first},
              {"AW with W", cov.aw_w_together}};
  for (auto& c : need)
    if (!c.n) err("not exercised: %s", c.what);

  std::printf("tb_ra_csr (DATA_W %d RD_INFLIGHT %d WALK_CACHE %d PAGE_ENGINES %d SCAN_ENGINE %d "
              "CNT_W %d WINDOWS %d), seed %" PRIu64 ": %u random phases, %" PRIu64 " cycles, %u "
              "reads (%u unmapped), %u writes, %u wraps, %u W1C clears, %u soft resets (%u "
              "ignored while busy), %u counter clears: %s\n",
              TB_DATA_W, TB_RD_INFLIGHT, TB_WALK_CACHE, TB_PAGE_ENGINES, TB_SCAN_ENGINE, TB_CNT_W,
              TB_WINDOWS, seed, phases, cycle_no, cov.reads, cov.unmapped_reads, cov.writes,
              cov.wraps, cov.w1c_clears, cov.soft_resets, cov.soft_ignored, cov.cnt_clears,
              failed ? "FAIL" : "ok");
  return tb_close();
}

// tb_ra_scan.cpp - self-checking Verilator testbench for ra_scan (the SCAN engine) alone.
//
// Build and run (from the repository root):
//   verilator --cc --exe --build -j 1 -Irtl/regs --top-module ra_scan -Mdir /tmp/tb_ra_scan \
//     rtl/ra_scan.sv rtl/ra_bitmap_wr.sv rtl/ra_fifo.sv rtl/ra_dma_check.sv \
//     $PWD/tests/rtl/tb_ra_scan.cpp -o tb_ra_scan
//   /tmp/tb_ra_scan/tb_ra_scan
// Other RD_INFLIGHT values: add -GRD_INFLIGHT=N -CFLAGS -DTB_RD_INFLIGHT=N. The 128-bit build
// (two level-3 descriptors per cycle): -GDATA_W=128 -CFLAGS -DTB_W128.
//
// The memory responder on the internal memory port keeps up to `max_inflight` line reads in
// flight, samples memory when a read is accepted and returns the data in request order after
// `rd_lat` cycles, one word per cycle (optional random gaps). Writes are applied when accepted;
// atomics are applied atomically when they complete, `wr_lat` cycles after acceptance (so a read
// issued before that sees the old value). mp_wr_idle_i is 0 while a write or atomic is pending.
// Optional random stalls on every ready signal, and the atomic-after-write priority of
// ra_axi_master (mp_at_ready_i low while mp_wr_valid_o is high).
//
// Every directed case states its expected bitmaps, records, atomics, counts and completion, worked
// out by hand from the layout it builds; the checker also verifies the whole memory image (only
// the expected words change, bitmap and record words written exactly once, AF cleared where an
// atomic was expected), the line reads (count, inside the windows, outstanding limit), the event
// pulses against the counts, and that done_o comes only with nothing outstanding.
//
// With TB_W128 the responder behaves like ra_axi_master on a 128-bit bus: at an even word of a
// line it offers both words of the beat (mp_rd_pair_i, mp_rd_data_hi_i) and the engine may take
// them together (mp_rd_take2_o). The "pairs" cases (single L3 table: odd and even positions,
// young and old descriptors in one beat, faults and bus errors in the second half of a beat,
// budget and run-capacity stops between the two descriptors of a beat and the resumed scans)
// are checked against ref_l3, a small reference of the spec for one level-3 table, in every
// build.

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "Vra_scan.h"
#include "tb_desc.h"
#include "verilated.h"

namespace {

constexpr uint64_t AF = 1ull << 10;
constexpr uint64_t AP2 = 1ull << 7;
constexpr uint64_t DBM = 1ull << 51;
constexpr uint64_t KB4 = 4096;
constexpr uint64_t MB2 = 2ull << 20;
constexpr uint64_t GB1 = 1ull << 30;
constexpr uint64_t GB512 = 1ull << 39;
#ifndef TB_RD_INFLIGHT
#define TB_RD_INFLIGHT 16  // the RD_INFLIGHT the model was built with (-GRD_INFLIGHT=...)
#endif
constexpr int RD_INFLIGHT = TB_RD_INFLIGHT;
#ifdef TB_W128
constexpr bool W128 = true;   // the engine was built with DATA_W = 128
#else
constexpr bool W128 = false;
#endif

// memory map of the tests
constexpr uint64_t WIN0_BASE = 0x00100000, WIN0_LIMIT = 0x00800000;  // tables
constexpr uint64_t WIN1_BASE = 0x01000000, WIN1_LIMIT = 0x01200000;  // bitmaps, records
constexpr uint64_t OUT_TBL = 0x00900000;                             // outside every window
constexpr uint64_t YBM = 0x01000000, DBM_BUF = 0x01100000, REC = 0x011f0000;

uint64_t T(int k) { return WIN0_BASE + (uint64_t)k * KB4; }
uint64_t tbl(uint64_t a) { return a | 3; }
uint64_t page(uint64_t pa, uint64_t attr) { return pa | 3 | attr; }
uint64_t blk(uint64_t pa, uint64_t attr) { return pa | 1 | attr; }
uint64_t rec0(uint64_t va, int lvl, int type, bool y, bool d) {
  uint64_t w[RA_SCAN_REC_WORDS] = {0, 0};
  ra_scan_rec_set_va(w, va & 0xffffffffffffull);
  ra_scan_rec_set_level(w, uint64_t(lvl));
  ra_scan_rec_set_type(w, uint64_t(type));
  ra_scan_rec_set_young(w, y);
  ra_scan_rec_set_dirty(w, d);
  return w[0];
}
// word 0 of a run (SCAN with RUNS): its first VA and whether it is young and dirty
uint64_t run0(uint64_t va, bool y, bool d) {
  uint64_t w[RA_SCAN_RUN_WORDS] = {0, 0};
  ra_scan_run_set_va(w, va);
  ra_scan_run_set_young(w, y);
  ra_scan_run_set_dirty(w, d);
  return w[0];
}

enum { REC_BLOCK = 0, REC_TRANS = 1, REC_ADDR = 2, REC_BUS = 3 };
enum { ST_OK = 0, ST_BAD_ARGS = 2, ST_DMA = 3 };
enum { F_CLEAR_AF = 1, F_DIRTY = 2, F_RUNS = 4 };
enum { CPL_TRUNC = 1, CPL_BUS_READ = 2, CPL_RESUME = 16 };

struct Mem {
  std::unordered_map<uint64_t, uint64_t> w;
  std::set<uint64_t> errl;  // lines whose reads are answered with a bus error (data 0)
  uint64_t rd(uint64_t a) const {
    auto it = w.find(a);
    return it == w.end() ? 0 : it->second;
  }
  void set(uint64_t a, uint64_t v) { w[a] = v; }
};

struct Cmd {
  uint8_t opcode = 2, flags = 0;
  uint16_t rsvd0 = 0;
  uint32_t tag = 0x5ca11ed0, rsvd1 = 0, cap = 64;
  uint64_t ttbr = 0, start = 0, end = 0, ybm = YBM, dbm = DBM_BUF, rec = REC;
  unsigned pa_bits = 48;
  uint64_t wbase[4] = {WIN0_BASE, WIN1_BASE, 0, 0};
  uint64_t wlimit[4] = {WIN0_LIMIT, WIN1_LIMIT, 0, 0};
};

struct Expect {
  uint8_t status = ST_OK, fkind = 0, flvl = 0, flags = 0;
  uint64_t fva = 0;
  uint32_t c[4] = {0, 0, 0, 0};   // young, records, pte_scanned, dirty
  uint32_t faults = 0;            // fault records (events)
  int64_t dirty = -1;             // dirty leaves, if not count3 (RUNS)
  uint64_t lines = 0;             // line reads
  uint64_t lines_max = 0;         // if set: at most this many (reads ahead of a stop)
  std::vector<uint64_t> ybm, dbm;  // expected bitmap words (dbm empty without REPORT_DIRTY)
  std::vector<std::pair<uint64_t, uint64_t>> recs;  // records written
  std::vector<uint64_t> atomics;  // atomic addresses, in order
};

struct Bus {
  int rd_lat = 20;         // cycles from read acceptance to first data
  int wr_lat = 10;         // cycles from write/atomic acceptance to completion
  int max_inflight = 64;   // line reads the responder accepts (the engine limits itself too)
  int p_rd_req = 100, p_rd_beat = 100, p_wr = 100, p_at = 100;  // percent ready/valid
  bool master_prio = false;  // mp_at_ready_i low while mp_wr_valid_o (ra_axi_master)
};

void set_bits(std::vector<uint64_t> &bm, uint64_t p0, uint64_t p1) {
  for (uint64_t p = p0; p < p1; p++) bm[p / 64] |= 1ull << (p % 64);
}

uint64_t nwords(uint64_t s, uint64_t e) { return ((e - s) / KB4 + 63) / 64; }

class Tb {
 public:
  Tb() : top_(new Vra_scan) {
    top_->clk_i = 0;
    top_->rst_ni = 0;
    top_->start_i = 0;
    for (int i = 0; i < 4; i++) cycle_only();
    top_->rst_ni = 1;
    cycle_only();
  }
  ~Tb() {
    top_->final();
    delete top_;
  }

  int passed = 0, failed = 0;
  uint64_t last_cycles = 0;

  // run one command and check it against exp; memory is mem (modified in place)
  bool run(const char *name, Mem &mem, const Cmd &c, const Expect &e, const Bus &bus,
           uint64_t max_cycles = 5000000) {
    name_ = name;
    errors_ = 0;
    mem_ = &mem;
    bus_ = bus;
    Mem before = mem;
    reads_.clear();
    pend_.clear();
    rd_lines_.clear();
    wr_count_.clear();
    atomics_.clear();
    ev_desc_ = ev_pte_ = ev_young_ = ev_af_ = ev_dirty_ = ev_fault_ = 0;
    outstanding_ = 0;
    set_cmd(c);
    for (int i = 0; i < 4; i++) {
      set48(top_->win_base_i, i, c.wbase[i]);
      set48(top_->win_limit_i, i, c.wlimit[i]);
    }
    top_->pa_bits_i = c.pa_bits;
    top_->start_i = 1;
    bool done = false;
    uint64_t cyc = 0;
    while (!done && cyc < max_cycles) {
      done = step();
      top_->start_i = 0;
      cyc++;
    }
    last_cycles = cyc;
    if (!done) err("timeout after %llu cycles", (unsigned long long)cyc);
    // a few idle cycles: nothing may move after done_o
    for (int i = 0; i < 4 && done; i++) {
      if (step()) err("second done_o");
    }
    if (done) check(before, c, e);
    bool ok = errors_ == 0;
    std::printf("%-44s %s (%llu cycles)\n", name, ok ? "ok" : "FAILED",
                (unsigned long long)cyc);
    if (ok) passed++; else failed++;
    return ok;
  }

 private:
  struct Rd {
    uint64_t ready_at;
    uint64_t data[8];
    int beat;
    bool err;
  };
  struct Pend {
    uint64_t done_at;
    bool atomic;
    uint64_t addr;
  };

  Vra_scan *top_;
  uint64_t now_ = 0;
  const char *name_ = "";
  int errors_ = 0;
  Mem *mem_ = nullptr;
  Bus bus_;
  std::deque<Rd> reads_;
  std::deque<Pend> pend_;
  std::vector<uint64_t> rd_lines_;
  std::map<uint64_t, int> wr_count_;
  std::vector<uint64_t> atomics_;
  uint64_t ev_desc_, ev_pte_, ev_young_, ev_af_, ev_dirty_, ev_fault_;
  int outstanding_;
  uint32_t cpl_[8];
  uint64_t lfsr_ = 0x9e3779b97f4a7c15ull;

  bool chance(int pct) {
    if (pct >= 100) return true;
    lfsr_ ^= lfsr_ << 13;
    lfsr_ ^= lfsr_ >> 7;
    lfsr_ ^= lfsr_ << 17;
    return (int)(lfsr_ % 100) < pct;
  }

  void err(const char *fmt, ...) __attribute__((format(printf, 2, 3))) {
    if (errors_ < 12) {
      va_list ap;
      va_start(ap, fmt);
      std::printf("  [%s] ", name_);
      std::vprintf(fmt, ap);
      std::printf("\n");
      va_end(ap);
    }
    errors_++;
  }

  template <typename W>
  static void set48(W &w, int i, uint64_t v) {
    for (int b = 0; b < 48; b++) {
      int bit = 48 * i + b;
      uint32_t m = 1u << (bit % 32);
      if ((v >> b) & 1) w[bit / 32] |= m; else w[bit / 32] &= ~m;
    }
  }

  void set_cmd(const Cmd &c) {
    tb_drive_desc(top_->cmd_i, ra_command{c.opcode, c.flags, c.rsvd0, c.tag, c.ttbr,
                                          {c.start, c.end, c.ybm, c.dbm, c.rec}, c.cap, c.rsvd1});
  }

  void cycle_only() {
    top_->clk_i = 0;
    top_->eval();
    top_->clk_i = 1;
    top_->eval();
    now_++;
  }

  bool in_window(uint64_t a, uint64_t len) {
    for (int i = 0; i < 4; i++) {
      uint64_t b = 0, l = 0;
      for (int k = 0; k < 48; k++) {
        int bit = 48 * i + k;
        b |= (uint64_t)((top_->win_base_i[bit / 32] >> (bit % 32)) & 1) << k;
        l |= (uint64_t)((top_->win_limit_i[bit / 32] >> (bit % 32)) & 1) << k;
      }
      if (l > b && a >= b && a < l && len <= l - a) return true;
    }
    return false;
  }

  // one clock cycle; returns done_o of this cycle
  bool step() {
    // inputs from the responder state
    bool rd_req_ready = (int)reads_.size() < bus_.max_inflight && chance(bus_.p_rd_req);
    bool rd_valid = !reads_.empty() && reads_.front().ready_at <= now_ && chance(bus_.p_rd_beat);
    top_->mp_rd_req_ready_i = rd_req_ready;
    top_->mp_rd_valid_i = rd_valid;
    int bt = rd_valid ? reads_.front().beat : 0;
    // 128-bit bus: both words of a beat are offered at an even word
    bool pair = W128 && rd_valid && (bt % 2) == 0;
    top_->mp_rd_data_i = rd_valid ? reads_.front().data[bt] : 0xdeadbeefdeadbeefull;
    top_->mp_rd_pair_i = pair;
    top_->mp_rd_data_hi_i = pair ? reads_.front().data[bt + 1] : 0xfeedfacefeedfaceull;
    top_->mp_rd_last_i = rd_valid && bt == 7;
    top_->mp_rd_err_i = rd_valid && reads_.front().err;
    top_->mp_wr_ready_i = chance(bus_.p_wr);
    bool at_ready = chance(bus_.p_at);
    top_->mp_at_ready_i = at_ready;
    top_->mp_wr_idle_i = pend_.empty();
    top_->clk_i = 0;
    top_->eval();
    if (bus_.master_prio && top_->mp_wr_valid_o) {
      top_->mp_at_ready_i = 0;
      top_->eval();
    }

    // sample
    bool done = top_->done_o;
    bool rq = top_->mp_rd_req_valid_o && top_->mp_rd_req_ready_i;
    uint64_t rq_addr = top_->mp_rd_req_addr_o;
    bool rq_line = top_->mp_rd_req_line_o;
    bool beat = rd_valid && top_->mp_rd_ready_o;
    bool take2 = beat && pair && top_->mp_rd_take2_o;
    bool wr = top_->mp_wr_valid_o && top_->mp_wr_ready_i;
    uint64_t wa = top_->mp_wr_addr_o, wd = top_->mp_wr_data_o;
    bool at = top_->mp_at_valid_o && top_->mp_at_ready_i;
    uint64_t aa = top_->mp_at_addr_o, am = top_->mp_at_mask_o;
    ev_desc_ += top_->ev_desc_read_o;
    ev_pte_ += top_->ev_pte_scanned_o;
    ev_young_ += top_->ev_young_o;
    ev_af_ += top_->ev_af_cleared_o;
    ev_dirty_ += top_->ev_dirty_o;
    ev_fault_ += top_->ev_fault_o;
    if (done) {
      if (!pend_.empty()) err("done_o with %zu writes/atomics outstanding", pend_.size());
      for (int i = 0; i < 8; i++) cpl_[i] = top_->cpl_o[i];
    }

    top_->clk_i = 1;
    top_->eval();

    // responder state update
    if (rq) {
      if (!rq_line) err("word read issued (SCAN reads lines only)");
      if (rq_addr & 63) err("unaligned line read 0x%llx", (unsigned long long)rq_addr);
      if (!in_window(rq_addr, 64))
        err("line read outside the windows 0x%llx", (unsigned long long)rq_addr);
      Rd r;
      r.ready_at = now_ + bus_.rd_lat;
      r.beat = 0;
      r.err = mem_->errl.count(rq_addr) != 0;
      for (int i = 0; i < 8; i++) r.data[i] = r.err ? 0 : mem_->rd(rq_addr + 8 * i);
      reads_.push_back(r);
      rd_lines_.push_back(rq_addr);
      outstanding_++;
      if (outstanding_ > RD_INFLIGHT) err("more than %d line reads outstanding", RD_INFLIGHT);
    }
    if (beat) {
      reads_.front().beat += take2 ? 2 : 1;
      if (reads_.front().beat == 8) {
        reads_.pop_front();
        outstanding_--;
      }
    }
    if (wr) {
      if (wa & 7) err("unaligned write 0x%llx", (unsigned long long)wa);
      mem_->set(wa, wd);
      wr_count_[wa]++;
      pend_.push_back({now_ + bus_.wr_lat, false, wa});
    }
    if (at) {
      if (aa & 7) err("unaligned atomic 0x%llx", (unsigned long long)aa);
      if (am != AF) err("atomic mask 0x%llx", (unsigned long long)am);
      atomics_.push_back(aa);
      pend_.push_back({now_ + bus_.wr_lat, true, aa});
    }
    // completions (in order; all have the same latency)
    while (!pend_.empty() && pend_.front().done_at <= now_) {
      if (pend_.front().atomic) {
        uint64_t a = pend_.front().addr;
        mem_->set(a, mem_->rd(a) & ~AF);
      }
      pend_.pop_front();
    }
    now_++;
    return done;
  }

  void check(const Mem &before, const Cmd &c, const Expect &e) {
    // completion
    uint64_t cw[RA_CPL_WORDS];
    ra_cpl got;
    tb_cpl_words(cpl_, cw);
    ra_cpl_unpack(cw, &got);
    uint32_t tag = got.tag;
    uint8_t st = got.status, fk = got.fault_kind, fl = got.fault_level, fg = got.flags;
    uint64_t fva = got.fault_va;
    if (tag != c.tag) err("tag 0x%x", tag);
    if (st != e.status) err("status %u, expected %u", st, e.status);
    if (fk != e.fkind || fl != e.flvl || fva != e.fva)
      err("first fault kind %u level %u va 0x%llx, expected %u %u 0x%llx", fk, fl,
          (unsigned long long)fva, e.fkind, e.flvl, (unsigned long long)e.fva);
    if (fg != e.flags) err("flags 0x%x, expected 0x%x", fg, e.flags);
    for (int i = 0; i < 4; i++)
      if (got.count[i] != e.c[i]) err("count%d %u, expected %u", i, got.count[i], e.c[i]);

    // events
    if (ev_desc_ != 8 * rd_lines_.size()) err("ev_desc_read %llu", (unsigned long long)ev_desc_);
    if (ev_pte_ != e.c[2]) err("ev_pte_scanned %llu", (unsigned long long)ev_pte_);
    if (ev_young_ != e.c[0]) err("ev_young %llu", (unsigned long long)ev_young_);
    if (ev_dirty_ != (e.dirty >= 0 ? (uint64_t)e.dirty : e.c[3]))
      err("ev_dirty %llu", (unsigned long long)ev_dirty_);
    if (ev_af_ != e.atomics.size()) err("ev_af_cleared %llu", (unsigned long long)ev_af_);
    if (ev_fault_ != e.faults) err("ev_fault %llu, expected %u", (unsigned long long)ev_fault_,
                                   e.faults);

    // reads
    if (e.lines_max ? (rd_lines_.size() < e.lines || rd_lines_.size() > e.lines_max)
                    : rd_lines_.size() != e.lines)
      err("%zu line reads, expected %llu..%llu", rd_lines_.size(), (unsigned long long)e.lines,
          (unsigned long long)(e.lines_max ? e.lines_max : e.lines));

    // atomics, in order
    if (atomics_ != e.atomics) {
      err("%zu atomics, expected %zu", atomics_.size(), e.atomics.size());
      for (size_t i = 0; i < atomics_.size() && i < e.atomics.size(); i++)
        if (atomics_[i] != e.atomics[i]) {
          err("atomic %zu at 0x%llx, expected 0x%llx", i, (unsigned long long)atomics_[i],
              (unsigned long long)e.atomics[i]);
          break;
        }
    }

    // expected memory image
    Mem exp = before;
    std::map<uint64_t, int> exp_wr;
    for (uint64_t a : e.atomics) exp.set(a, exp.rd(a) & ~AF);
    for (size_t i = 0; i < e.ybm.size(); i++) {
      exp.set(c.ybm + 8 * i, e.ybm[i]);
      exp_wr[c.ybm + 8 * i]++;
    }
    for (size_t i = 0; i < e.dbm.size(); i++) {
      exp.set(c.dbm + 8 * i, e.dbm[i]);
      exp_wr[c.dbm + 8 * i]++;
    }
    for (size_t i = 0; i < e.recs.size(); i++) {
      exp.set(c.rec + 16 * i, e.recs[i].first);
      exp.set(c.rec + 16 * i + 8, e.recs[i].second);
      exp_wr[c.rec + 16 * i]++;
      exp_wr[c.rec + 16 * i + 8]++;
    }
    if (wr_count_ != exp_wr) {
      err("write pattern differs: %zu addresses written, expected %zu", wr_count_.size(),
          exp_wr.size());
      for (auto &kv : wr_count_) {
        auto it = exp_wr.find(kv.first);
        if (it == exp_wr.end() || it->second != kv.second) {
          err("address 0x%llx written %d times, expected %d", (unsigned long long)kv.first,
              kv.second, it == exp_wr.end() ? 0 : it->second);
          break;
        }
      }
      for (auto &kv : exp_wr)
        if (!wr_count_.count(kv.first)) {
          err("address 0x%llx not written", (unsigned long long)kv.first);
          break;
        }
    }
    int shown = 0;
    auto cmp = [&](uint64_t a) {
      uint64_t got = mem_->rd(a), want = exp.rd(a);
      if (got == want) return;
      if (shown++ < 4)
        err("memory 0x%llx = 0x%016llx, expected 0x%016llx", (unsigned long long)a,
            (unsigned long long)got, (unsigned long long)want);
      else
        errors_++;
    };
    for (auto &kv : mem_->w) cmp(kv.first);
    for (auto &kv : exp.w)
      if (!mem_->w.count(kv.first)) cmp(kv.first);
  }
};

// ------------------------------------------------------------------------------------------
// Directed cases
// ------------------------------------------------------------------------------------------

// Pages under one L3 table: young, clean/dirty, invalid, '01' fault, address size, out of range.
void t_pages(Tb &tb, const Bus &bus, const char *name) {
  Mem m;
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(T(2)));
  m.set(T(2), tbl(T(3)));
  uint64_t e[11] = {
      page(0x40000000, AF),               // 0 young
      page(0x40001000, AP2 | DBM),        // 1 writable-clean
      0x40002002,                         // 2 invalid (bit 0 = 0)
      page(0x40003000, AF | DBM),         // 3 young, dirty
      page(0x40004000, DBM),              // 4 dirty
      0x40005001,                         // 5 '01' at level 3: translation
      page(1ull << 40, AF),               // 6 output address >= 2^40: address size
      page(0x40007000, AF),               // 7..9 young
      page(0x40008000, AF),
      page(0x40009000, AF | AP2),
      page(0x4000a000, AF | DBM),         // 10 outside the range: untouched
  };
  for (int i = 0; i < 11; i++) m.set(T(3) + 8 * i, e[i]);
  Cmd c;
  c.ttbr = T(0) | (0xabcdull << 48);  // ASID bits ignored
  c.start = 0;
  c.end = 10 * KB4;
  c.flags = F_CLEAR_AF | F_DIRTY;
  c.pa_bits = 40;
  Expect x;
  x.ybm = {0x389};  // pages 0, 3, 7, 8, 9
  x.dbm = {0x18};   // pages 3, 4
  x.recs = {{rec0(5 * KB4, 3, REC_TRANS, 0, 0), e[5]}, {rec0(6 * KB4, 3, REC_ADDR, 0, 0), e[6]}};
  x.atomics = {T(3), T(3) + 24, T(3) + 56, T(3) + 64, T(3) + 72};
  x.lines = 5;  // L0, L1, L2, L3 lines 0 and 1
  x.c[0] = 5;
  x.c[1] = 2;
  x.c[2] = 13;
  x.c[3] = 2;
  x.faults = 2;
  x.fkind = REC_TRANS;
  x.flvl = 3;
  x.fva = 5 * KB4;
  tb.run(name, m, c, x, bus);
}

// 1 GiB and 2 MiB blocks, a start in the middle of an L1 entry's span, a partial L2 block at the
// end, an L3 table in between, with or without CLEAR_AF / REPORT_DIRTY.
void t_blocks(Tb &tb, const Bus &bus, uint8_t flags, const char *name) {
  Mem m;
  uint64_t l1_1 = blk(0x80000000 | 0x12345000, AF | DBM);  // bits 29:12 ignored in the OA
  uint64_t l2_0 = blk(0x40000000, AF);
  uint64_t l2_3 = blk(0x40600000, AP2 | DBM);
  uint64_t p0 = page(0x50000000, AF), p511 = page(0x50001000, AF | DBM);
  m.set(T(0), tbl(T(1)));
  m.set(T(1) + 0, 0);                 // L1[0] invalid (partly in range)
  m.set(T(1) + 8, l1_1);              // L1[1] 1 GiB block, young, dirty
  m.set(T(1) + 16, tbl(T(2)));        // L1[2] table
  m.set(T(1) + 24, blk(0xc0000000, AF));  // L1[3] outside the range
  m.set(T(2) + 0, l2_0);              // L2[0] 2 MiB block, young
  m.set(T(2) + 8, 0x7fffe);           // L2[1] invalid
  m.set(T(2) + 16, tbl(T(3)));        // L2[2] table
  m.set(T(2) + 24, l2_3);             // L2[3] block, writable-clean, old; partly in range
  m.set(T(2) + 32, blk(0x40800000, AF));  // L2[4] outside the range
  m.set(T(3) + 0, p0);
  m.set(T(3) + 8 * 511, p511);
  Cmd c;
  c.ttbr = T(0);
  c.start = GB1 - 2 * KB4;
  c.end = 2 * GB1 + 3 * MB2 + 4 * KB4;
  c.flags = flags;
  bool clr = flags & F_CLEAR_AF, rd = flags & F_DIRTY;
  Expect x;
  uint64_t W = nwords(c.start, c.end);  // 263686 pages -> 4121 words
  x.ybm.assign(W, 0);
  set_bits(x.ybm, 2, 262146);        // L1[1]: [1G, 2G)
  set_bits(x.ybm, 262146, 262658);   // L2[0]: [2G, 2G+2M)
  set_bits(x.ybm, 263170, 263171);   // L3[0] at 2G+4M
  set_bits(x.ybm, 263681, 263682);   // L3[511]
  if (rd) {
    x.dbm.assign(W, 0);
    set_bits(x.dbm, 2, 262146);
    set_bits(x.dbm, 263681, 263682);
  }
  x.recs = {{rec0(GB1, 1, REC_BLOCK, 1, rd), l1_1},
            {rec0(2 * GB1, 2, REC_BLOCK, 1, 0), l2_0},
            {rec0(2 * GB1 + 3 * MB2, 2, REC_BLOCK, 0, 0), l2_3}};
  if (clr) x.atomics = {T(1) + 8, T(2), T(3), T(3) + 8 * 511};
  x.lines = 67;
  x.c[0] = 4;
  x.c[1] = 3;
  x.c[2] = 1 + 3 + 4 + 512;
  x.c[3] = rd ? 2 : 0;
  tb.run(name, m, c, x, bus);
}

// Level-0 block (translation) next to a valid subtree, across the L0 boundary at 512 GiB.
void t_l0_fault(Tb &tb, const Bus &bus) {
  Mem m;
  uint64_t l0_1 = blk(0x8000000000ull, AF);
  m.set(T(0), tbl(T(1)));
  m.set(T(0) + 8, l0_1);
  m.set(T(1) + 8 * 511, tbl(T(2)));
  m.set(T(2) + 8 * 511, tbl(T(3)));
  m.set(T(3) + 8 * 510, page(0x1000, AF));
  m.set(T(3) + 8 * 511, page(0x2000, 0));
  Cmd c;
  c.ttbr = T(0);
  c.start = GB512 - 2 * KB4;
  c.end = GB512 + 2 * KB4;
  c.flags = F_CLEAR_AF;
  Expect x;
  x.ybm = {0x1};
  x.recs = {{rec0(GB512, 0, REC_TRANS, 0, 0), l0_1}};
  x.atomics = {T(3) + 8 * 510};
  x.lines = 4;
  x.c[0] = 1;
  x.c[1] = 1;
  x.c[2] = 6;
  x.faults = 1;
  x.fkind = REC_TRANS;
  x.flvl = 0;
  x.fva = GB512;
  tb.run("L0 block fault across 512 GiB", m, c, x, bus);
}

// TTBR at or above 2^PA_BITS: one record, no read, bitmaps still written (zeros).
void t_ttbr_addr(Tb &tb, const Bus &bus) {
  Mem m;
  Cmd c;
  c.ttbr = 1ull << 40;
  c.pa_bits = 40;
  c.start = 0x10000;
  c.end = c.start + 130 * KB4;
  c.flags = F_DIRTY | F_CLEAR_AF;
  Expect x;
  x.ybm.assign(3, 0);
  x.dbm.assign(3, 0);
  x.recs = {{rec0(c.start, 0, REC_ADDR, 0, 0), 0}};
  x.c[1] = 1;
  x.faults = 1;
  x.fkind = REC_ADDR;
  x.flvl = 0;
  x.fva = c.start;
  tb.run("TTBR address size", m, c, x, bus);
}

// Address-size records for tables, blocks and pages at levels 1..3.
void t_addr_size(Tb &tb, const Bus &bus) {
  Mem m;
  uint64_t l1_0 = tbl(1ull << 40), l1_1 = blk(1ull << 40, AF);
  uint64_t l2_0 = tbl(1ull << 41), l2_1 = blk((1ull << 40) | (1ull << 21), AF);
  uint64_t p0 = page(1ull << 40, AF), p1 = page(0xfffff000ull | (0xffull << 32), AF);
  m.set(T(0), tbl(T(1)));
  m.set(T(1) + 0, l1_0);
  m.set(T(1) + 8, l1_1);
  m.set(T(1) + 16, tbl(T(2)));
  m.set(T(2) + 0, l2_0);
  m.set(T(2) + 8, l2_1);
  m.set(T(2) + 16, tbl(T(3)));
  m.set(T(3) + 0, p0);
  m.set(T(3) + 8, p1);
  Cmd c;
  c.ttbr = T(0);
  c.pa_bits = 40;
  c.start = 0;
  c.end = 2 * GB1 + 2 * MB2 + 2 * KB4;
  c.flags = F_CLEAR_AF;
  Expect x;
  x.ybm.assign(nwords(c.start, c.end), 0);  // 525314 pages -> 8209 words
  set_bits(x.ybm, 525313, 525314);
  x.recs = {{rec0(0, 1, REC_ADDR, 0, 0), l1_0},
            {rec0(GB1, 1, REC_ADDR, 0, 0), l1_1},
            {rec0(2 * GB1, 2, REC_ADDR, 0, 0), l2_0},
            {rec0(2 * GB1 + MB2, 2, REC_ADDR, 0, 0), l2_1},
            {rec0(2 * GB1 + 2 * MB2, 3, REC_ADDR, 0, 0), p0}};
  x.atomics = {T(3) + 8};
  x.lines = 4;
  x.c[0] = 1;
  x.c[1] = 5;
  x.c[2] = 1 + 3 + 3 + 2;
  x.faults = 5;
  x.fkind = REC_ADDR;
  x.flvl = 1;
  x.fva = 0;
  tb.run("address size: tables, blocks, pages", m, c, x, bus);
}

// An L2 table outside every window: one bus record per line, its entries skipped.
void t_bus_l2(Tb &tb, const Bus &bus) {
  Mem m;
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(OUT_TBL));
  Cmd c;
  c.ttbr = T(0);
  c.start = 0;
  c.end = 10 * MB2;
  Expect x;
  x.ybm.assign(80, 0);
  x.recs = {{rec0(0, 2, REC_BUS, 0, 0), 0}, {rec0(8 * MB2, 2, REC_BUS, 0, 0), 0}};
  x.lines = 2;
  x.c[1] = 2;
  x.c[2] = 2;
  x.faults = 2;
  x.fkind = REC_BUS;
  x.flvl = 2;
  x.fva = 0;
  tb.run("bus fault: L2 table outside the windows", m, c, x, bus);
}

// An L3 table outside the windows with a range starting mid-line; capacity 2 of 3 records.
void t_bus_l3_trunc(Tb &tb, const Bus &bus) {
  Mem m;
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(T(2)));
  m.set(T(2), tbl(OUT_TBL));
  Cmd c;
  c.ttbr = T(0);
  c.start = 5 * KB4;
  c.end = 20 * KB4;
  c.cap = 2;
  Expect x;
  x.ybm = {0};
  x.recs = {{rec0(5 * KB4, 3, REC_BUS, 0, 0), 0}, {rec0(8 * KB4, 3, REC_BUS, 0, 0), 0}};
  x.lines = 3;
  x.c[1] = 3;
  x.c[2] = 3;
  x.faults = 3;
  x.fkind = REC_BUS;
  x.flvl = 3;
  x.fva = 5 * KB4;
  x.flags = 1;
  tb.run("bus fault: L3 lines, truncated records", m, c, x, bus);
}

// The level-0 table itself outside the windows.
void t_bus_l0(Tb &tb, const Bus &bus) {
  Mem m;
  Cmd c;
  c.ttbr = OUT_TBL;
  c.start = KB4;
  c.end = 3 * KB4;
  Expect x;
  x.ybm = {0};
  x.recs = {{rec0(0, 0, REC_BUS, 0, 0), 0}};
  x.c[1] = 1;
  x.faults = 1;
  x.fkind = REC_BUS;
  x.flvl = 0;
  x.fva = 0;
  tb.run("bus fault: L0 table outside the windows", m, c, x, bus);
}

// 20 '01' entries at level 3 with capacity 5 (and 0, with a record address in no window).
void t_overflow(Tb &tb, const Bus &bus, uint32_t cap) {
  Mem m;
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(T(2)));
  m.set(T(2), tbl(T(3)));
  for (int i = 0; i < 20; i++) m.set(T(3) + 8 * i, 0x60000001ull + ((uint64_t)i << 12));
  Cmd c;
  c.ttbr = T(0);
  c.start = 0;
  c.end = 20 * KB4;
  c.cap = cap;
  if (cap == 0) c.rec = 0x7fff0000;  // in no window: not checked when the capacity is 0
  Expect x;
  x.ybm = {0};
  for (uint32_t i = 0; i < cap; i++)
    x.recs.push_back({rec0(i * KB4, 3, REC_TRANS, 0, 0), 0x60000001ull + ((uint64_t)i << 12)});
  x.lines = 6;
  x.c[1] = 20;
  x.c[2] = 23;
  x.faults = 20;
  x.fkind = REC_TRANS;
  x.flvl = 3;
  x.fva = 0;
  x.flags = 1;
  tb.run(cap ? "record overflow (capacity 5)" : "record overflow (capacity 0)", m, c, x, bus);
}

// Invalid entries at every upper level: skipped silently, long runs of zero words.
void t_invalid(Tb &tb, const Bus &bus) {
  {
    Mem m;
    m.set(T(0), 0);
    m.set(T(0) + 8, 2);  // bit 1 only: invalid
    Cmd c;
    c.ttbr = T(0);
    c.start = GB512 - 2 * KB4;
    c.end = GB512 + 2 * KB4;
    c.flags = F_DIRTY;
    Expect x;
    x.ybm = {0};
    x.dbm = {0};
    x.lines = 1;
    x.c[2] = 2;
    tb.run("invalid L0 entries", m, c, x, bus);
  }
  {
    Mem m;
    m.set(T(0), tbl(T(1)));
    m.set(T(1) + 0, 0);
    m.set(T(1) + 8, 0xfffffffffffffffeull);  // bit 0 clear: invalid whatever the rest
    m.set(T(1) + 16, tbl(T(2)));  // L2 table with no valid entry
    Cmd c;
    c.ttbr = T(0);
    c.start = 0;
    c.end = 3 * GB1;
    Expect x;
    x.ybm.assign(12288, 0);
    x.lines = 2 + 64;  // L0, L1, all 64 lines of the L2 table
    x.c[2] = 1 + 3 + 512;
    tb.run("invalid L1 entries, long zero runs", m, c, x, bus);
  }
}

// The top of the address space: end = 2^48.
void t_top(Tb &tb, const Bus &bus) {
  Mem m;
  m.set(T(0) + 8 * 511, tbl(T(1)));
  m.set(T(1) + 8 * 511, tbl(T(2)));
  m.set(T(2) + 8 * 511, tbl(T(3)));
  m.set(T(3) + 8 * 510, page(0x5000, AF | DBM));
  m.set(T(3) + 8 * 511, page(0x6000, AF | DBM | AP2));
  Cmd c;
  c.ttbr = T(0);
  c.start = (1ull << 48) - 2 * KB4;
  c.end = 1ull << 48;
  c.flags = F_DIRTY;
  Expect x;
  x.ybm = {0x3};
  x.dbm = {0x1};
  x.lines = 4;
  x.c[0] = 2;
  x.c[2] = 5;  // one entry at each of L0, L1, L2, two at L3
  x.c[3] = 1;
  tb.run("end = 2^48", m, c, x, bus);
}

// Two L2 entries sharing one L3 table (CLEAR_AF): the second visit sees AF already cleared.
void t_alias_sibling(Tb &tb, Bus bus) {
  Mem m;
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(T(2)));
  m.set(T(2) + 0, tbl(T(3)));
  m.set(T(2) + 8, tbl(T(3)));
  for (int i = 0; i < 512; i++) m.set(T(3) + 8 * i, page(0x10000000 + i * KB4, AF));
  Cmd c;
  c.ttbr = T(0);
  c.start = 0;
  c.end = 2 * MB2;
  c.flags = F_CLEAR_AF;
  bus.wr_lat = 1000;  // atomics complete long after they are issued
  Expect x;
  x.ybm.assign(16, 0);
  set_bits(x.ybm, 0, 512);
  for (int i = 0; i < 512; i++) x.atomics.push_back(T(3) + 8 * i);
  x.lines = 3 + 128;
  x.c[0] = 512;
  x.c[2] = 1 + 1 + 2 + 1024;
  tb.run("aliased L3 table, CLEAR_AF, slow atomics", m, c, x, bus);
}

// An L2 table that is also its own L3 table: the block's AF clear is seen by the L3 pass.
void t_alias_self(Tb &tb, Bus bus) {
  Mem m;
  uint64_t P = T(2);
  uint64_t d0 = blk(0x200000, AF), d1 = tbl(P) | AF;
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(P));
  m.set(P + 0, d0);
  m.set(P + 8, d1);
  Cmd c;
  c.ttbr = T(0);
  c.start = 0;
  c.end = MB2 + 2 * KB4;
  c.flags = F_CLEAR_AF;
  bus.wr_lat = 1000;
  Expect x;
  x.ybm.assign(9, 0);
  set_bits(x.ybm, 0, 512);
  set_bits(x.ybm, 513, 514);
  x.recs = {{rec0(0, 2, REC_BLOCK, 1, 0), d0}, {rec0(MB2, 3, REC_TRANS, 0, 0), d0 & ~AF}};
  x.atomics = {P, P + 8};
  x.lines = 4;
  x.c[0] = 2;
  x.c[1] = 2;
  x.c[2] = 6;
  x.faults = 1;
  x.fkind = REC_TRANS;
  x.flvl = 3;
  x.fva = MB2;
  tb.run("self-referencing table, CLEAR_AF, slow atomics", m, c, x, bus);
}

// BAD_ARGS and DMA checks: error completions with no memory access.
void t_errors(Tb &tb, const Bus &bus) {
  struct Case {
    const char *name;
    uint8_t status;
    void (*mod)(Cmd &);
  };
  static const Case cases[] = {
      {"flags bit 3", ST_BAD_ARGS, [](Cmd &c) { c.flags = 8; }},
      {"RUNS, capacity 0", ST_BAD_ARGS, [](Cmd &c) { c.flags = 4; c.dbm = 0; }},
      {"reserved 0x02", ST_BAD_ARGS, [](Cmd &c) { c.rsvd0 = 0x100; }},
      {"budget 3", ST_BAD_ARGS, [](Cmd &c) { c.rsvd1 = 3; }},
      {"ttbr[11:0]", ST_BAD_ARGS, [](Cmd &c) { c.ttbr |= 0x800; }},
      {"start unaligned", ST_BAD_ARGS, [](Cmd &c) { c.start |= 0x200; }},
      {"end unaligned", ST_BAD_ARGS, [](Cmd &c) { c.end |= 1; }},
      {"start == end", ST_BAD_ARGS, [](Cmd &c) { c.end = c.start; }},
      {"start > end", ST_BAD_ARGS, [](Cmd &c) { c.start = c.end + KB4; }},
      {"end > 2^48", ST_BAD_ARGS, [](Cmd &c) { c.end = (1ull << 48) + KB4; }},
      {"end 2^63 (huge)", ST_BAD_ARGS, [](Cmd &c) { c.end = 1ull << 63; }},
      {"young bitmap unaligned", ST_BAD_ARGS, [](Cmd &c) { c.ybm |= 4; }},
      {"dirty bitmap unaligned", ST_BAD_ARGS, [](Cmd &c) { c.flags = F_DIRTY; c.dbm |= 2; }},
      {"record list unaligned", ST_BAD_ARGS, [](Cmd &c) { c.rec |= 8; }},
      {"record list unaligned, cap 0", ST_BAD_ARGS, [](Cmd &c) { c.rec |= 8; c.cap = 0; }},
      {"bad args before DMA", ST_BAD_ARGS, [](Cmd &c) { c.ybm = 0x7000000; c.rsvd1 = 1; }},
      {"young bitmap outside", ST_DMA, [](Cmd &c) { c.ybm = 0x7000000; }},
      {"young bitmap bit 48", ST_DMA, [](Cmd &c) { c.ybm |= 1ull << 48; }},
      {"young bitmap crosses the limit", ST_DMA, [](Cmd &c) { c.ybm = WIN1_LIMIT - 8; }},
      {"dirty bitmap outside", ST_DMA, [](Cmd &c) { c.flags = F_DIRTY; c.dbm = 0x7000000; }},
      {"record list crosses the limit", ST_DMA,
       [](Cmd &c) { c.rec = WIN1_LIMIT - 16 * 4; c.cap = 5; }},
      {"record list in the other window", ST_DMA, [](Cmd &c) { c.rec = WIN0_LIMIT - 16; c.cap = 2; }},
      {"record list bit 63", ST_DMA, [](Cmd &c) { c.rec |= 1ull << 63; }},
  };
  for (const Case &k : cases) {
    Mem m;
    m.set(T(0), 0);
    Cmd c;
    c.ttbr = T(0);
    c.start = 0x200000;
    c.end = 0x200000 + 100 * KB4;  // 2 words
    c.tag = 0xe0000000u + (uint32_t)(&k - cases);
    k.mod(c);
    Expect x;
    x.status = k.status;
    std::string n = std::string("error: ") + k.name;
    tb.run(n.c_str(), m, c, x, bus);
  }
  // not errors: dirty bitmap ignored without REPORT_DIRTY, records ignored with capacity 0
  {
    Mem m;
    Cmd c;
    c.ttbr = T(0);
    c.start = 0;
    c.end = KB4;
    c.dbm = 0x7000003;
    c.rec = 0x7000000;
    c.cap = 0;
    Expect x;
    x.ybm = {0};
    x.lines = 1;
    x.c[2] = 1;
    tb.run("dirty bitmap and records unchecked", m, c, x, bus);
  }
}

// Dense 1 GiB: one L1 entry -> 512 L3 tables -> 262144 young pages.
void t_dense(Tb &tb, uint8_t flags, const char *name) {
  Mem m;
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(T(2)));
  for (int t = 0; t < 512; t++) {
    m.set(T(2) + 8 * t, tbl(T(3 + t)));
    for (int i = 0; i < 512; i++)
      m.set(T(3 + t) + 8 * i, page(0x40000000ull + ((uint64_t)(t * 512 + i) << 12), AF | DBM));
  }
  Cmd c;
  c.ttbr = T(0);
  c.start = 0;
  c.end = GB1;
  c.flags = flags;
  c.dbm = 0x01100000;
  Bus bus;
  bus.rd_lat = 100;
  bus.wr_lat = 100;
  bus.max_inflight = 64;
  bus.master_prio = true;
  Expect x;
  x.ybm.assign(4096, ~0ull);
  if (flags & F_DIRTY) x.dbm.assign(4096, ~0ull);
  if (flags & F_CLEAR_AF)
    for (int t = 0; t < 512; t++)
      for (int i = 0; i < 512; i++) x.atomics.push_back(T(3 + t) + 8 * i);
  x.lines = 2 + 64 + 512 * 64;
  x.c[0] = 262144;
  x.c[2] = 262144 + 512 + 2;
  x.c[3] = (flags & F_DIRTY) ? 262144 : 0;
  if (tb.run(name, m, c, x, bus))
    std::printf("  perf: %llu cycles, %.4f cycles per leaf PTE, %.3f leaf PTEs per cycle "
                "(bus limit %d)\n",
                (unsigned long long)tb.last_cycles, (double)tb.last_cycles / 262144.0,
                262144.0 / (double)tb.last_cycles, W128 ? 2 : 1);
}

// ------------------------------------------------------------------------------------------
// Two descriptors per beat (DATA_W = 128): cases on one L3 table, checked against ref_l3
// ------------------------------------------------------------------------------------------

// The expected result of a SCAN of [c.start, c.end) (below 2 MiB) over T(0) -> T(1) -> T(2) ->
// T(3), from the descriptors in m: docs/device.md "SCAN", "Runs", "Budget and resume", for one
// level-3 table (three upper-level descriptors interpreted first, the budget counting them).
Expect ref_l3(const Mem &m, const Cmd &c) {
  Expect x;
  const bool runs = c.flags & F_RUNS, rd = c.flags & F_DIRTY, clr = c.flags & F_CLEAR_AF;
  const uint64_t i0 = c.start / KB4, i1 = c.end / KB4, lim = 1ull << c.pa_bits;
  const uint32_t budget = c.rsvd1;
  if (!runs) {
    x.ybm.assign(nwords(c.start, c.end), 0);
    if (rd) x.dbm.assign(nwords(c.start, c.end), 0);
  }
  uint32_t pte = 3, used = 3, nruns = 0;  // used: the budget's units (descriptors, bus records)
  bool ro = false, ry = false, rdy = false, stopped = false;
  uint64_t r0 = 0, r1 = 0;
  auto rec = [&](uint64_t va, int type, uint64_t d) {
    if (x.c[1] < c.cap) x.recs.push_back({rec0(va, 3, type, 0, 0), d});
    else x.flags |= CPL_TRUNC;
    x.c[1]++;
    if (x.faults++ == 0) {
      x.fkind = (uint8_t)type;
      x.flvl = 3;
      x.fva = va;
    }
  };
  auto run_write = [&]() {
    if (!ro) return;
    x.ybm.push_back(run0(r0 * KB4, ry, rdy));
    x.ybm.push_back(r1 - r0);
    ro = false;
  };
  x.lines = 3;
  uint64_t all_lines = 3 + (i1 - 1) / 8 - i0 / 8 + 1;
  for (uint64_t line = i0 / 8; line <= (i1 - 1) / 8 && !stopped; line++) {
    x.lines++;
    bool err = m.errl.count(T(3) + 64 * line) != 0;
    for (uint64_t i = std::max(line * 8, i0); i < std::min(line * 8 + 8, i1); i++) {
      uint64_t va = i * KB4, d = m.rd(T(3) + 8 * i);
      auto stop = [&]() {
        stopped = true;
        x.flags |= CPL_RESUME;
        x.fva = va;
        x.lines_max = all_lines;
      };
      if (err) {
        // a bus record is a unit of the budget too: a stop comes before it
        if (budget && used == budget) {
          stop();
          break;
        }
        used++;
        rec(va, REC_BUS, 0);
        x.flags |= CPL_BUS_READ;
        break;
      }
      bool leaf = (d & 3) == 3 && (d & 0xfffffffff000ull) < lim;
      bool y = leaf && (d & AF), dd = leaf && rd && (d & DBM) && !(d & AP2);
      bool ext = ro && r1 == i && ry == y && rdy == dd;
      if ((budget && used == budget) || (runs && (y || dd) && !ext && nruns == c.dbm)) {
        stop();
        break;
      }
      pte++;
      used++;
      if (!(d & 1)) continue;
      if ((d & 3) == 1) { rec(va, REC_TRANS, d); continue; }
      if (!leaf) { rec(va, REC_ADDR, d); continue; }
      if (y) {
        x.c[0]++;
        if (clr) x.atomics.push_back(T(3) + 8 * i);
      }
      if (dd) x.c[3]++;
      if (!(y || dd)) continue;
      if (runs) {
        if (ext) {
          r1 = i + 1;
        } else {
          run_write();
          ro = true;
          r0 = i;
          r1 = i + 1;
          ry = y;
          rdy = dd;
          nruns++;
        }
      } else {
        uint64_t p = i - i0;
        if (y) x.ybm[p / 64] |= 1ull << (p % 64);
        if (dd) x.dbm[p / 64] |= 1ull << (p % 64);
      }
    }
  }
  run_write();
  x.c[2] = pte;
  if (runs) {
    x.dirty = x.c[3];
    x.c[3] = nruns;
  }
  return x;
}

void l3_path(Mem &m) {
  m.set(T(0), tbl(T(1)));
  m.set(T(1), tbl(T(2)));
  m.set(T(2), tbl(T(3)));
}

// The directed pattern: per beat (entries 2k, 2k+1) young/old, old/young, both young, invalid
// and '01' (a level-3 block: translation) and address-size pages in either half, dirty and
// writable-clean pages, and runs of one state crossing beats.
void pair_pattern(Mem &m) {
  l3_path(m);
  const uint64_t O = 0x40000000;
  uint64_t e[40] = {
      page(O, AF), page(O, 0),                         // 0: young, old
      page(O, 0), page(O, AF),                         // 2: old, young
      page(O, AF), page(O, AF),                        // 4: both young
      0x12344000, page(O, AF),                         // 6: invalid, young
      page(O, AF), 0x40000001,                         // 8: young, '01'
      page(O, AF), page(1ull << 40, AF),               // 10: young, address size
      page(O, AF | DBM), page(O, AF | DBM),            // 12: young+dirty twice
      page(O, AF | DBM | AP2), page(O, AF | DBM),      // 14: young clean, young dirty
      page(O, DBM), page(O, DBM),                      // 16: dirty, dirty
      page(O, DBM), page(O, AF),                       // 18: dirty, young
      0x40000001, page(O, AF),                         // 20: '01', young
      page(1ull << 41, 0), 0,                          // 22: address size, invalid
      page(O, AF), page(O, AF),                        // 24..31: young
      page(O, AF), page(O, AF),
      page(O, AF), page(O, AF),
      page(O, AF), page(O, AF),
      0, 0,                                            // 32: invalid, invalid
      page(O, AF), page(O, 0),                         // 34: young, old
      page(O, AF | DBM), 0x40000001,                   // 36: young dirty, '01'
      page(O, AF), page(O, AF),                        // 38: young, young
  };
  // entries 40..127: the same kinds in another order (pairs across bitmap words with an odd
  // start: entries 64 and 65 are bits 63 and 64)
  for (int i = 0; i < 128; i++) {
    uint64_t d = e[i < 40 ? i : (i * 7) % 40];
    m.set(T(3) + 8 * i, d + (d & 1 ? (uint64_t)i << 12 : 0));
  }
}

void pair_case(Tb &tb, const Bus &bus, Mem &m, const Cmd &c, const char *name) {
  Expect x = ref_l3(m, c);
  tb.run(name, m, c, x, bus);
}

Cmd pair_cmd(uint64_t start, uint64_t end, uint8_t flags) {
  Cmd c;
  c.ttbr = T(0);
  c.start = start;
  c.end = end;
  c.flags = flags;
  c.pa_bits = 40;
  if (flags & F_RUNS) {
    c.ybm = YBM;   // run list
    c.dbm = 64;    // run capacity
  }
  return c;
}

// A scan in pieces: budget (and run capacity) stops, each continued from its resume VA with the
// memory the previous piece left (AF cleared), until the range is done.
void pair_resume(Tb &tb, const Bus &bus, uint8_t flags, uint32_t budget, uint32_t rcap,
                 uint64_t start, uint64_t end, const char *name) {
  Mem m;
  pair_pattern(m);
  uint64_t s = start;
  for (int piece = 0; piece < 64 && s < end; piece++) {
    Cmd c = pair_cmd(s, end, flags);
    c.rsvd1 = budget;
    if (flags & F_RUNS) c.dbm = rcap;
    Expect x = ref_l3(m, c);
    std::string n = std::string(name) + " #" + std::to_string(piece);
    tb.run(n.c_str(), m, c, x, bus);
    if (!(x.flags & CPL_RESUME)) break;
    s = x.fva;
  }
}

void t_pairs(Tb &tb, const Bus &fast, const Bus &slow) {
  static const uint8_t flagsets[] = {0, F_CLEAR_AF, F_DIRTY, F_CLEAR_AF | F_DIRTY, F_RUNS,
                                     F_RUNS | F_DIRTY, F_RUNS | F_CLEAR_AF | F_DIRTY};
  // even and odd starts and ends
  for (uint8_t f : flagsets) {
    for (int k = 0; k < 4; k++) {
      uint64_t s = (k & 1) ? KB4 : 0, e = (k & 2) ? 127 * KB4 : 128 * KB4;
      Mem m;
      pair_pattern(m);
      std::string n = "pairs: flags " + std::to_string(f) + " [" + std::to_string(s / KB4) +
                      ", " + std::to_string(e / KB4) + ")";
      pair_case(tb, k == 3 ? slow : fast, m, pair_cmd(s, e, f), n.c_str());
    }
  }
  // a bus error on the line of entries 8..15, the range starting at entry 9 (the second
  // descriptor of a beat) or 10
  for (uint64_t s : {9, 10}) {
    Mem m;
    pair_pattern(m);
    m.errl.insert(T(3) + 64);
    std::string n = "pairs: bus error, start " + std::to_string(s);
    pair_case(tb, fast, m, pair_cmd(s * KB4, 40 * KB4, F_CLEAR_AF | F_DIRTY), n.c_str());
  }
  // budget stops at every position of a beat (the 3 upper-level descriptors count), resumed
  for (uint32_t b : {4, 5, 6, 7, 9, 12}) {
    std::string n = "pairs: budget " + std::to_string(b);
    pair_resume(tb, fast, F_CLEAR_AF | F_DIRTY, b, 0, KB4, 40 * KB4, n.c_str());
    n += ", RUNS";
    pair_resume(tb, b == 5 ? slow : fast, F_RUNS | F_DIRTY, b, 64, 0, 40 * KB4, n.c_str());
  }
  // run capacity stops (runs begin at either descriptor of a beat), resumed
  for (uint32_t cap : {1, 2, 3}) {
    std::string n = "pairs: run capacity " + std::to_string(cap);
    pair_resume(tb, fast, F_RUNS | F_DIRTY | F_CLEAR_AF, 0, cap, 0, 40 * KB4, n.c_str());
    n += ", budget 11";
    pair_resume(tb, fast, F_RUNS, 11, cap, KB4, 39 * KB4, n.c_str());
  }
  // random tables: every descriptor kind at random positions, random ranges, budgets, flags
  uint64_t r = 0x2545f4914f6cdd1dull;
  auto rnd = [&]() {
    r ^= r << 13;
    r ^= r >> 7;
    r ^= r << 17;
    return r;
  };
  for (int t = 0; t < 24; t++) {
    Mem m;
    l3_path(m);
    for (int i = 0; i < 128; i++) {
      uint64_t pa = 0x40000000ull + ((uint64_t)i << 12), d;
      switch (rnd() % 8) {
        case 0: d = 0; break;
        case 1: d = pa | 1; break;
        case 2: d = page(pa | (1ull << 40), AF); break;
        case 3: d = page(pa, 0); break;
        default: d = page(pa, (rnd() & 1 ? AF : 0) | (rnd() & 1 ? DBM : 0) |
                                  (rnd() & 1 ? AP2 : 0));
      }
      m.set(T(3) + 8 * i, d);
    }
    if (t % 6 == 5) m.errl.insert(T(3) + 64 * (rnd() % 16));
    uint64_t s = rnd() % 64, e = s + 1 + rnd() % (128 - s);
    uint8_t f = (uint8_t)(rnd() % 8);
    if ((f & F_RUNS) && (rnd() & 1)) f |= F_DIRTY;
    uint32_t budget = (rnd() % 3) ? 0 : 4 + (uint32_t)(rnd() % 40);
    uint32_t rcap = 1 + (uint32_t)(rnd() % 6);
    Cmd c = pair_cmd(s * KB4, e * KB4, f);
    c.rsvd1 = budget;
    if (f & F_RUNS) c.dbm = rcap;
    c.cap = (uint32_t)(rnd() % 8);
    if (c.cap == 0) c.rec = 0x7fff0000;
    std::string n = "pairs: random " + std::to_string(t) + " flags " + std::to_string(f) +
                    " [" + std::to_string(s) + ", " + std::to_string(e) + ") budget " +
                    std::to_string(budget);
    pair_case(tb, (t & 1) ? slow : fast, m, c, n.c_str());
  }
}

}  // namespace

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  Tb tb;
  Bus fast;  // defaults: latency 20, no stalls
  Bus slow;  // random stalls everywhere, few reads accepted, master's write priority
  slow.rd_lat = 37;
  slow.wr_lat = 23;
  slow.max_inflight = 3;
  slow.p_rd_req = 60;
  slow.p_rd_beat = 70;
  slow.p_wr = 50;
  slow.p_at = 60;
  slow.master_prio = true;

  t_errors(tb, fast);
  t_pages(tb, fast, "pages: young, dirty, faults");
  t_pages(tb, slow, "pages (random stalls)");
  t_blocks(tb, fast, F_CLEAR_AF | F_DIRTY, "blocks L1/L2, CLEAR_AF + REPORT_DIRTY");
  t_blocks(tb, fast, 0, "blocks L1/L2, no flags");
  t_blocks(tb, slow, F_DIRTY, "blocks L1/L2, REPORT_DIRTY (random stalls)");
  t_l0_fault(tb, fast);
  t_ttbr_addr(tb, fast);
  t_addr_size(tb, fast);
  t_bus_l2(tb, fast);
  t_bus_l3_trunc(tb, fast);
  t_bus_l0(tb, fast);
  t_overflow(tb, fast, 5);
  t_overflow(tb, slow, 0);
  t_invalid(tb, fast);
  t_top(tb, fast);
  t_alias_sibling(tb, fast);
  t_alias_self(tb, fast);
  t_alias_self(tb, slow);
  t_pairs(tb, fast, slow);
  t_dense(tb, 0, "dense 1 GiB, no flags, latency 100");
  t_dense(tb, F_CLEAR_AF | F_DIRTY, "dense 1 GiB, CLEAR_AF + REPORT_DIRTY, latency 100");

  std::printf("tb_ra_scan: %d passed, %d failed\n", tb.passed, tb.failed);
  return tb.failed ? 1 : 0;
}

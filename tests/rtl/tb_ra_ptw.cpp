// Self-checking Verilator test bench for ra_ptw (WALK engine) with the default WALK_CACHE = 16.
//
// A small in-order memory responder drives the internal memory port (docs/rtl.md) from a sparse
// word memory, with a few cycles of read latency, random ready stalls and delayed write
// acknowledgements. Every access is checked against the DMA windows, and every result, the
// completion entry and the event counts are compared with values worked out by hand below.
//
// Build (from the repository root):
//   verilator --cc --exe --build -j 1 -Wall -Irtl/regs --top-module ra_ptw --Mdir /tmp/tb_ra_ptw \
//     rtl/ra_ptw.sv rtl/ra_walk_cache.sv rtl/ra_dma_check.sv "$PWD/tests/rtl/tb_ra_ptw.cpp" -o tb_ra_ptw
//   /tmp/tb_ra_ptw/tb_ra_ptw

#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "Vra_ptw.h"
#include "tb_desc.h"
#include "verilated.h"

namespace {

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

constexpr uint8_t ST_OK = 0, ST_BAD_ARGS = 2, ST_DMA = 3;
constexpr unsigned F_NONE = 0, F_TRANS = 1, F_ASIZE = 2, F_BUS = 3;

constexpr uint64_t T0 = 0x100000;    // level-0 table (TTBR)
constexpr uint64_t T1A = 0x101000;   // level-1 table
constexpr uint64_t T2A = 0x102000;   // level-2 table
constexpr uint64_t T3A = 0x103000;   // level-3 table
constexpr uint64_t OUTSIDE_L1 = 0x900000;  // a level-1 table outside every window
constexpr uint64_t OUTSIDE_L3 = 0x901000;  // a level-3 table outside every window
constexpr uint64_t POISON = 0x5a5a5a5a5a5a5a5aull;

uint64_t va(uint64_t l0, uint64_t l1, uint64_t l2, uint64_t l3, uint64_t off) {
  return (l0 << 39) | (l1 << 30) | (l2 << 21) | (l3 << 12) | off;
}

// ---------------------------------------------------------------------------------------------
// Memory and windows
// ---------------------------------------------------------------------------------------------

std::map<uint64_t, uint64_t> mem;  // 8-byte aligned address -> word
struct Window { uint64_t base, limit; };
Window win[4];

uint64_t rd(uint64_t a) {
  auto it = mem.find(a);
  return it == mem.end() ? 0 : it->second;
}

bool inside(uint64_t a, uint64_t len) {
  for (const Window& w : win) {
    if (w.limit > w.base && a >= w.base && a + len <= w.limit) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

std::unique_ptr<VerilatedContext> ctx;
std::unique_ptr<Vra_ptw> top;
uint64_t cycle_no = 0;
uint32_t lfsr = 0x1234567u;
std::vector<std::string> errors;  // errors of the current test

uint32_t rnd() {
  lfsr ^= lfsr << 13;
  lfsr ^= lfsr >> 17;
  lfsr ^= lfsr << 5;
  return lfsr;
}

void err(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void err(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  errors.push_back(buf);
}

struct RdReq {
  uint64_t addr;
  bool line;
  uint64_t due;  // first cycle its data may be returned
  int beat;
};
std::deque<RdReq> rd_q;
std::deque<uint64_t> wr_acks;  // cycles at which outstanding writes are acknowledged

// what one command did
struct Obs {
  std::vector<uint64_t> line_reads;
  std::vector<uint64_t> word_reads;
  std::vector<uint64_t> writes;
  uint64_t ev_desc = 0, ev_walk = 0, ev_hit = 0, ev_miss = 0, ev_fault = 0, done = 0;
};
Obs obs;

void set_win() {
  for (int i = 0; i < 4; i++) {
    for (int k = 0; k < 48; k++) {
      int bit = 48 * i + k;
      uint32_t m = 1u << (bit % 32);
      if ((win[i].base >> k) & 1) top->win_base_i[bit / 32] |= m;
      else top->win_base_i[bit / 32] &= ~m;
      if ((win[i].limit >> k) & 1) top->win_limit_i[bit / 32] |= m;
      else top->win_limit_i[bit / 32] &= ~m;
    }
  }
}

// drive the responder's outputs for the coming cycle
void drive_inputs() {
  top->mp_rd_req_ready_i = (rnd() % 4) != 0;
  top->mp_wr_ready_i = (rnd() % 4) != 0;
  top->mp_at_ready_i = 1;
  top->mp_wr_idle_i = wr_acks.empty();
  if (!rd_q.empty() && rd_q.front().due <= cycle_no && (rnd() % 8) != 0) {
    const RdReq& r = rd_q.front();
    top->mp_rd_valid_i = 1;
    top->mp_rd_data_i = rd(r.addr + 8 * r.beat);
    top->mp_rd_last_i = !r.line || r.beat == 7;
    top->mp_rd_err_i = 0;
  } else {
    top->mp_rd_valid_i = 0;
    top->mp_rd_data_i = 0xbadbadbadbadbadbull;
    top->mp_rd_last_i = 0;
  }
}

// one clock cycle: sample handshakes before the edge, apply them after it
void tick() {
  top->clk_i = 0;
  top->eval();

  bool rd_req = top->mp_rd_req_valid_o && top->mp_rd_req_ready_i;
  bool rd_beat = top->mp_rd_valid_i && top->mp_rd_ready_o;
  bool wr = top->mp_wr_valid_o && top->mp_wr_ready_i;
  uint64_t rq_addr = top->mp_rd_req_addr_o;
  bool rq_line = top->mp_rd_req_line_o;
  uint64_t w_addr = top->mp_wr_addr_o, w_data = top->mp_wr_data_o;

  if (top->rst_ni) {
    obs.ev_desc += top->ev_desc_read_o;
    obs.ev_walk += top->ev_walk_o;
    obs.ev_hit += top->ev_wc_hit_o;
    obs.ev_miss += top->ev_wc_miss_o;
    obs.ev_fault += top->ev_fault_o;
    obs.done += top->done_o;
    if (top->mp_at_valid_o) err("atomic issued at cycle %" PRIu64, cycle_no);
  }

  top->clk_i = 1;
  top->eval();
  cycle_no++;

  if (rd_req) {
    if (rq_line) {
      if (rq_addr & 63) err("line read 0x%" PRIx64 " not 64-byte aligned", rq_addr);
      if (!inside(rq_addr, 64)) err("line read 0x%" PRIx64 " outside the windows", rq_addr);
      obs.line_reads.push_back(rq_addr);
    } else {
      if (rq_addr & 7) err("word read 0x%" PRIx64 " not 8-byte aligned", rq_addr);
      if (!inside(rq_addr, 8)) err("word read 0x%" PRIx64 " outside the windows", rq_addr);
      obs.word_reads.push_back(rq_addr);
    }
    rd_q.push_back({rq_addr, rq_line, cycle_no + 2 + rnd() % 5, 0});
  }
  if (rd_beat) {
    RdReq& r = rd_q.front();
    if (++r.beat == (r.line ? 8 : 1)) rd_q.pop_front();
  }
  if (wr) {
    if (w_addr & 7) err("write 0x%" PRIx64 " not 8-byte aligned", w_addr);
    if (!inside(w_addr, 8)) err("write 0x%" PRIx64 " outside the windows", w_addr);
    mem[w_addr] = w_data;
    obs.writes.push_back(w_addr);
    wr_acks.push_back(cycle_no + 1 + rnd() % 8);
  }
  while (!wr_acks.empty() && wr_acks.front() <= cycle_no) wr_acks.pop_front();
  drive_inputs();
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

struct Cmd {
  uint8_t opcode = 1, flags = 0;
  uint16_t rsvd0 = 0;
  uint32_t tag = 0;
  uint64_t ttbr = T0, arg0 = 0, arg1 = 0, arg2 = 0, arg3 = 0, arg4 = 0;
  uint32_t arg5 = 0, rsvd1 = 0;
};

struct Expect {
  uint8_t status = ST_OK;
  unsigned ff_kind = 0, ff_level = 0;
  uint64_t ff_va = 0;
  uint32_t faults = 0;
  uint64_t hits = 0, misses = 0, desc = 0;
};

struct Res {  // one expected result
  uint64_t pa;
  unsigned level, kind;
  uint64_t desc;
};

void set_cmd(const Cmd& c) {
  tb_drive_desc(top->cmd_i, ra_command{c.opcode, c.flags, c.rsvd0, c.tag, c.ttbr,
                                       {c.arg0, c.arg1, c.arg2, c.arg3, c.arg4}, c.arg5, c.rsvd1});
}

int passed = 0, failed = 0;

// Runs one command and checks it. vas are written at arg0 (when given), results must match res.
void run(const char* name, const Cmd& c, unsigned pa_bits, const std::vector<uint64_t>& vas,
         const std::vector<Res>& res, const Expect& e) {
  errors.clear();
  obs = Obs();
  for (size_t i = 0; i < vas.size(); i++) mem[c.arg0 + 8 * i] = vas[i];
  uint64_t n = res.size();
  for (uint64_t i = 0; i < 2 * n; i++) mem[c.arg1 + 8 * i] = POISON;

  set_cmd(c);
  top->pa_bits_i = pa_bits;
  top->start_i = 1;
  tick();
  top->start_i = 0;
  // scribble pa_bits after start: the engine latches it
  top->pa_bits_i = 48;

  uint64_t limit = cycle_no + 200000;
  while (!obs.done && cycle_no < limit) tick();
  if (!obs.done) err("timeout: no done_o");
  if (!wr_acks.empty()) err("done_o with %zu writes unacknowledged", wr_acks.size());

  // completion
  uint64_t cw[RA_CPL_WORDS];
  tb_cpl_words(top->cpl_o, cw);
  uint64_t count0 = e.status == ST_OK ? c.arg2 : 0;
  ra_cpl xc = {};
  uint64_t exp_cw[RA_CPL_WORDS];
  xc.tag = c.tag;
  xc.status = e.status;
  xc.fault_kind = uint8_t(e.ff_kind);
  xc.fault_level = uint8_t(e.ff_level);
  xc.fault_va = e.ff_va;
  xc.count[0] = uint32_t(count0);
  xc.count[1] = e.faults;
  ra_cpl_pack(&xc, exp_cw);
  for (int i = 0; i < 4; i++) {
    if (cw[i] != exp_cw[i]) {
      err("completion word %d = 0x%016" PRIx64 ", expected 0x%016" PRIx64, i, cw[i], exp_cw[i]);
    }
  }

  // results
  if (e.status == ST_OK) {
    uint64_t cached = 0;  // results with bit 62 (CACHED): one per walk-cache hit
    for (uint64_t i = 0; i < n; i++) {
      uint64_t got[RA_WALK_RES_WORDS] = {rd(c.arg1 + 16 * i), rd(c.arg1 + 16 * i + 8)};
      uint64_t x[RA_WALK_RES_WORDS] = {0, 0};
      ra_walk_res_set_pa(x, res[i].pa);
      ra_walk_res_set_level(x, res[i].level);
      ra_walk_res_set_fault(x, res[i].kind);
      ra_walk_res_set_desc(x, res[i].desc);
      cached += ra_walk_res_cached(got);
      // START: the level the walk began at, above 0 exactly when it began at a cached table,
      // and not below the leaf or fault
      uint64_t start = ra_walk_res_start(got);
      if ((start != 0) != (ra_walk_res_cached(got) != 0) || start > res[i].level)
        err("result %" PRIu64 ": START %" PRIu64 " with CACHED %" PRIu64 " (level %u)", i, start,
            ra_walk_res_cached(got), res[i].level);
      ra_walk_res_set_cached(got, 0);
      ra_walk_res_set_start(got, 0);
      if (got[0] != x[0] || got[1] != x[1]) {
        err("result %" PRIu64 " = {0x%016" PRIx64 ", 0x%016" PRIx64 "}, expected {0x%016" PRIx64
            ", 0x%016" PRIx64 "}", i, got[0], got[1], x[0], x[1]);
      }
    }
    if (cached != e.hits)
      err("%" PRIu64 " results say CACHED, expected one per walk-cache hit (%" PRIu64 ")",
          cached, e.hits);
  }

  // memory accesses
  std::vector<uint64_t> exp_lines;
  uint64_t exp_writes = 0;
  if (e.status == ST_OK) {
    for (uint64_t l = c.arg0 & ~63ull; l < c.arg0 + 8 * c.arg2; l += 64) exp_lines.push_back(l);
    exp_writes = 2 * c.arg2;
  }
  if (obs.line_reads != exp_lines) {
    err("%zu VA-list line reads, expected %zu (ascending, each once)", obs.line_reads.size(),
        exp_lines.size());
  }
  if (obs.writes.size() != exp_writes) {
    err("%zu writes, expected %" PRIu64, obs.writes.size(), exp_writes);
  }
  std::set<uint64_t> wset(obs.writes.begin(), obs.writes.end());
  if (wset.size() != obs.writes.size()) err("an address was written twice");
  for (uint64_t a : obs.writes) {
    if (a < c.arg1 || a >= c.arg1 + 16 * c.arg2) err("write 0x%" PRIx64 " outside results", a);
  }
  if (obs.word_reads.size() != e.desc) {
    err("%zu descriptor reads, expected %" PRIu64, obs.word_reads.size(), e.desc);
  }

  // events
  uint64_t walks = e.status == ST_OK ? c.arg2 : 0;
  if (obs.ev_desc != e.desc) err("ev_desc_read %" PRIu64 ", expected %" PRIu64, obs.ev_desc, e.desc);
  if (obs.ev_walk != walks) err("ev_walk %" PRIu64 ", expected %" PRIu64, obs.ev_walk, walks);
  if (obs.ev_hit != e.hits) err("ev_wc_hit %" PRIu64 ", expected %" PRIu64, obs.ev_hit, e.hits);
  if (obs.ev_miss != e.misses) {
    err("ev_wc_miss %" PRIu64 ", expected %" PRIu64, obs.ev_miss, e.misses);
  }
  if (obs.ev_fault != e.faults) {
    err("ev_fault %" PRIu64 ", expected %u", obs.ev_fault, e.faults);
  }

  // done_o is a single pulse and the completion is held afterwards
  for (int i = 0; i < 10; i++) tick();
  if (obs.done != 1) err("done_o pulsed %" PRIu64 " times", obs.done);
  uint64_t held[RA_CPL_WORDS];
  tb_cpl_words(top->cpl_o, held);
  for (int i = 0; i < 4; i++) {
    if (held[i] != cw[i]) err("completion word %d not held after done_o", i);
  }
  if (obs.ev_walk != walks || obs.ev_desc != e.desc) err("events after done_o");

  if (errors.empty()) {
    passed++;
    printf("PASS %s\n", name);
  } else {
    failed++;
    printf("FAIL %s\n", name);
    for (const std::string& s : errors) printf("    %s\n", s.c_str());
  }
}

// an error completion: nothing read or written
void run_err(const char* name, const Cmd& c, uint8_t status) {
  Expect e;
  e.status = status;
  run(name, c, 40, {}, {}, e);
}

// ---------------------------------------------------------------------------------------------
// Page tables (PA_BITS = 40 unless said otherwise)
// ---------------------------------------------------------------------------------------------

void build_tables() {
  auto put = [](uint64_t table, unsigned idx, uint64_t d) { mem[table + 8 * idx] = d; };
  // level 0
  put(T0, 0, T1A | 3);                      // table
  put(T0, 1, 0x0000000040000401ull);        // block at level 0: translation fault
  put(T0, 2, 0x0000000012345000ull);        // invalid (bit 0 = 0)
  put(T0, 3, 0x0000010000000003ull);        // table at 2^40: address-size fault
  put(T0, 4, OUTSIDE_L1 | 3);               // table outside every window
  put(T0, 511, T1A | 3);                    // upper half shares T1A
  // level 1
  put(T1A, 0, T2A | 3);                     // table
  put(T1A, 1, 0x0000000040000401ull);       // 1 GiB block, OA 0x40000000
  put(T1A, 2, 0x0000010000000401ull);       // 1 GiB block, OA 2^40: address-size fault
  put(T1A, 3, 0x00000000dead0000ull);       // invalid
  put(T1A, 4, 0x00080000bfe00401ull);       // 1 GiB block, OA 0x80000000 (bits 29:21, 51 ignored)
  put(T1A, 5, 0x000000ffc0000401ull);       // 1 GiB block, OA 0xff_c0000000 (top of 40-bit PA)
  // level 2
  put(T2A, 0, T3A | 3);                     // table
  put(T2A, 1, 0x0000000012600401ull);       // 2 MiB block, OA 0x12600000
  put(T2A, 2, OUTSIDE_L3 | 3);              // table outside every window
  put(T2A, 3, 0x0000000000000ff0ull);       // invalid
  put(T2A, 4, 0x0000010000000003ull);       // table at 2^40: address-size fault
  put(T2A, 5, 0x000000ffffe00401ull);       // 2 MiB block, OA 0xff_ffe00000
  put(T2A, 6, 0x0000010000000401ull);       // 2 MiB block at 2^40: address-size fault
  for (unsigned i = 8; i < 24; i++) put(T2A, i, T3A | 3);  // all share T3A
  // level 3
  for (unsigned i = 0; i < 16; i++) put(T3A, i, (0x2000000ull + 0x1000ull * i) | 0x403);
  put(T3A, 16, 0x0000000003000401ull);      // '01' at level 3: translation fault
  put(T3A, 17, 0x0000000003000402ull);      // invalid
  put(T3A, 18, 0x0000010000000403ull);      // page at 2^40: address-size fault
  put(T3A, 19, 0x000f00fffffff783ull);      // page, OA 0xff_fffff000 (bits 51:48 ignored)
}

}  // namespace

int main(int argc, char** argv) {
  ctx.reset(new VerilatedContext);
  ctx->commandArgs(argc, argv);
  top.reset(new Vra_ptw(ctx.get()));

  // windows: W0 tables and lists, W1 results, W2 adjacent to W0, W3 empty (limit < base)
  win[0] = {0x100000, 0x200000};
  win[1] = {0x300000, 0x400000};
  win[2] = {0x200000, 0x210000};
  win[3] = {0x80000000, 0x70000000};
  set_win();
  build_tables();

  top->rst_ni = 0;
  top->start_i = 0;
  top->pa_bits_i = 40;
  set_cmd(Cmd());
  drive_inputs();
  for (int i = 0; i < 5; i++) tick();
  top->rst_ni = 1;
  for (int i = 0; i < 3; i++) tick();

  // -------------------------------------------------------------------------------------------
  // 1. Mixed list, PA_BITS = 40, list not line-aligned (4 lines), walk cache starting empty.
  //    Cache entries as they are inserted: e0 L0(0)->T1A, e1 L1(0,0)->T2A, e2 L2(0,0,0)->T3A,
  //    e3 L0(4)->0x900000, e4 L2(0,0,2)->0x901000, e5 L0(511)->T1A, e6 L1(511,0)->T2A,
  //    e7 L2(511,0,0)->T3A.
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x11111111;
    c.arg0 = 0x110018;  // word 3 of line 0x110000; last VA at 0x1100d0 -> 4 lines
    c.arg1 = 0x300010;
    c.arg2 = 24;
    std::vector<uint64_t> v = {
        va(0, 0, 0, 5, 0x123),          // 0 miss; L0,L1,L2,L3 reads; 4 KiB page
        va(0, 0, 0, 6, 0xfff),          // 1 hit L2; page
        va(0, 1, 0x12, 0x34, 0x567),    // 2 hit L0; 1 GiB block
        va(1, 0, 0, 0, 0x10),           // 3 miss; L0 block -> translation L0 (first fault)
        va(2, 0, 0, 0, 0x777),          // 4 miss; invalid -> translation L0
        va(3, 0, 0, 0, 0),              // 5 miss; table above PA -> address size L0
        va(4, 7, 0, 0, 0),              // 6 miss; L1 table outside windows -> bus L1
        va(0, 2, 0, 0, 0),              // 7 hit L0; 1 GiB block above PA -> address size L1
        va(0, 3, 0, 0, 0),              // 8 hit L0; invalid -> translation L1
        va(0, 4, 0x1ff, 0x1ff, 0xabc),  // 9 hit L0; 1 GiB block, OA low bits ignored
        va(0, 5, 0, 0, 1),              // 10 hit L0; 1 GiB block at the top of the PA
        va(0, 0, 1, 0x55, 0x321),       // 11 hit L1; 2 MiB block
        va(0, 0, 2, 3, 0),              // 12 hit L1; L3 table outside windows -> bus L3
        va(0, 0, 3, 0, 0),              // 13 hit L1; invalid -> translation L2
        va(0, 0, 4, 0, 0),              // 14 hit L1; table above PA -> address size L2
        va(0, 0, 5, 0x1ff, 0xfff),      // 15 hit L1; 2 MiB block at the top of the PA
        va(0, 0, 6, 0, 0),              // 16 hit L1; 2 MiB block above PA -> address size L2
        va(0, 0, 0, 16, 0),             // 17 hit L2; '01' at L3 -> translation L3
        va(0, 0, 0, 17, 0),             // 18 hit L2; invalid -> translation L3
        va(0, 0, 0, 18, 8),             // 19 hit L2; page above PA -> address size L3
        0x0001000000001000ull,          // 20 VA[63:48] not all equal -> translation L0
        0xffffff8000005abcull,          // 21 upper half, L0 index 511: miss, 4 reads, page
        0x8000000000000000ull,          // 22 VA[63:48] not all equal -> translation L0
        va(0, 0, 0, 19, 0x7ff),         // 23 hit L2; page, descriptor bits 51:48 ignored
    };
    std::vector<Res> r = {
        {0x2005123, 3, F_NONE, 0x2005403},
        {0x2006fff, 3, F_NONE, 0x2006403},
        {0x42434567, 1, F_NONE, 0x40000401},
        {0, 0, F_TRANS, 0x40000401},
        {0, 0, F_TRANS, 0x12345000},
        {0, 0, F_ASIZE, 0x10000000003ull},
        {0, 1, F_BUS, 0},
        {0, 1, F_ASIZE, 0x10000000401ull},
        {0, 1, F_TRANS, 0xdead0000},
        {0xbffffabc, 1, F_NONE, 0x00080000bfe00401ull},
        {0xffc0000001ull, 1, F_NONE, 0xffc0000401ull},
        {0x12655321, 2, F_NONE, 0x12600401},
        {0, 3, F_BUS, 0},
        {0, 2, F_TRANS, 0xff0},
        {0, 2, F_ASIZE, 0x10000000003ull},
        {0xffffffffffull, 2, F_NONE, 0xffffe00401ull},
        {0, 2, F_ASIZE, 0x10000000401ull},
        {0, 3, F_TRANS, 0x3000401},
        {0, 3, F_TRANS, 0x3000402},
        {0, 3, F_ASIZE, 0x10000000403ull},
        {0, 0, F_TRANS, 0},
        {0x2005abc, 3, F_NONE, 0x2005403},
        {0, 0, F_TRANS, 0},
        {0xfffffff7ffull, 3, F_NONE, 0x000f00fffffff783ull},
    };
    Expect e;
    e.ff_kind = F_TRANS;
    e.ff_level = 0;
    e.ff_va = va(1, 0, 0, 0, 0x10);
    e.faults = 15;   // 3,4,5,6,7,8,12,13,14,16,17,18,19,20,22
    e.misses = 6;    // 0,3,4,5,6,21
    e.hits = 16;     // all others except 20 and 22 (no lookup)
    e.desc = 28;     // 4 (VA 0) + 4 (VA 21) + 1 each for the 20 others but 20 and 22
    run("mixed list (pages, blocks, faults, upper half)", c, 40, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 2. Sequential list: 16 pages of one level-3 table. The cache of command 1 must be gone:
  //    the first VA misses (4 reads), the 15 others hit the level-2 entry (1 read each).
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x22222222;
    c.arg0 = 0x111000;  // 2 lines
    c.arg1 = 0x310000;
    c.arg2 = 16;
    std::vector<uint64_t> v;
    std::vector<Res> r;
    for (uint64_t i = 0; i < 16; i++) {
      v.push_back(va(0, 0, 0, i, 8 * i));
      r.push_back({0x2000000 + 0x1000 * i + 8 * i, 3, F_NONE, (0x2000000 + 0x1000 * i) | 0x403});
    }
    Expect e;
    e.misses = 1;
    e.hits = 15;
    e.desc = 19;
    run("sequential list: walk-cache hits and misses", c, 40, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 3. Round-robin replacement (16 entries). Level-2 entries 8..23 all point to T3A.
  //    r0  va(0,0,8,0)   miss: e0=L0(0) e1=L1(0,0) e2=L2(8); 4 reads; ptr 3
  //    r1..r14 l2=9..22  hit L1(e1): read L2 (insert e3..e15, then e0 for l2=22), L3; 2 reads
  //                      ptr wraps to 1; the L0(0) entry (e0) is gone
  //    r15 va(0,1,0,0)   no L2/L1/L0 match: miss; read L0 (insert e1: evicts L1(0,0)), L1 block;
  //                      2 reads; ptr 2
  //    r16 va(0,0,8,1)   hit L2(8) at e2; 1 read
  //    r17 va(0,0,9,0)   hit L2(9) at e3; 1 read
  //    r18 va(0,0,23,0)  no L2(23), L1(0,0) evicted, hit L0(0) at e1: read L1 (insert e2:
  //                      evicts L2(8)), L2 (insert e3: evicts L2(9)), L3; 3 reads; ptr 4
  //    r19 va(0,0,8,2)   L2(8) evicted: hit L1(0,0) at e2; read L2 (insert e4: evicts L2(10)),
  //                      L3; 2 reads; ptr 5
  //    r20 va(0,0,10,0)  L2(10) evicted: hit L1; 2 reads (insert e5: evicts L2(11)); ptr 6
  //    r21 va(0,0,11,0)  L2(11) evicted: hit L1; 2 reads
  //    misses 2, hits 20, reads 4 + 14*2 + 2 + 1 + 1 + 3 + 2 + 2 + 2 = 45
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x33333333;
    c.arg0 = 0x112000;
    c.arg1 = 0x320000;
    c.arg2 = 22;
    std::vector<uint64_t> v;
    std::vector<Res> r;
    v.push_back(va(0, 0, 8, 0, 0));
    r.push_back({0x2000000, 3, F_NONE, 0x2000403});
    for (uint64_t k = 1; k <= 14; k++) {
      v.push_back(va(0, 0, 8 + k, 0, k));
      r.push_back({0x2000000 + k, 3, F_NONE, 0x2000403});
    }
    v.push_back(va(0, 1, 0, 0, 0x42));
    r.push_back({0x40000042, 1, F_NONE, 0x40000401});
    v.push_back(va(0, 0, 8, 1, 0));
    r.push_back({0x2001000, 3, F_NONE, 0x2001403});
    v.push_back(va(0, 0, 9, 0, 0x10));
    r.push_back({0x2000010, 3, F_NONE, 0x2000403});
    v.push_back(va(0, 0, 23, 0, 0));
    r.push_back({0x2000000, 3, F_NONE, 0x2000403});
    v.push_back(va(0, 0, 8, 2, 0));
    r.push_back({0x2002000, 3, F_NONE, 0x2002403});
    v.push_back(va(0, 0, 10, 0, 0));
    r.push_back({0x2000000, 3, F_NONE, 0x2000403});
    v.push_back(va(0, 0, 11, 0, 0));
    r.push_back({0x2000000, 3, F_NONE, 0x2000403});
    Expect e;
    e.misses = 2;
    e.hits = 20;
    e.desc = 45;
    run("walk cache round-robin replacement", c, 40, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 4. TTBR at 2^32 with PA_BITS = 32 (ASID bits set, ignored): address-size at level 0 with no
  //    lookup and no read; the VA check (step 1) comes first.
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x44444444;
    c.ttbr = 0xabcd000100000000ull;
    c.arg0 = 0x113000;
    c.arg1 = 0x330000;
    c.arg2 = 3;
    std::vector<uint64_t> v = {0x1000, 0x0001000000000000ull, 0x2000};
    std::vector<Res> r = {{0, 0, F_ASIZE, 0}, {0, 0, F_TRANS, 0}, {0, 0, F_ASIZE, 0}};
    Expect e;
    e.ff_kind = F_ASIZE;
    e.ff_va = 0x1000;
    e.faults = 3;
    run("TTBR above PA size", c, 32, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 5. PA_BITS = 32, ASID bits in TTBR: a block below 2^32 translates, one above faults.
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x55555555;
    c.ttbr = 0xffff000000100000ull;
    c.arg0 = 0x113040;
    c.arg1 = 0x340000;
    c.arg2 = 2;
    std::vector<uint64_t> v = {va(0, 4, 0x1ff, 0x1ff, 0xabc), va(0, 5, 0, 0, 1)};
    std::vector<Res> r = {{0xbffffabc, 1, F_NONE, 0x00080000bfe00401ull},
                          {0, 1, F_ASIZE, 0xffc0000401ull}};
    Expect e;
    e.ff_kind = F_ASIZE;
    e.ff_level = 1;
    e.ff_va = va(0, 5, 0, 0, 1);
    e.faults = 1;
    e.misses = 1;
    e.hits = 1;
    e.desc = 3;
    run("PA_BITS 32: block below and above", c, 32, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 6. TTBR outside every window: bus fault at level 0, no read (each VA misses the cache).
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x66666666;
    c.ttbr = 0x900000;
    c.arg0 = 0x113080;
    c.arg1 = 0x350000;
    c.arg2 = 2;
    std::vector<uint64_t> v = {0x1000, va(5, 0, 0, 0, 0)};
    std::vector<Res> r = {{0, 0, F_BUS, 0}, {0, 0, F_BUS, 0}};
    Expect e;
    e.ff_kind = F_BUS;
    e.ff_va = 0x1000;
    e.faults = 2;
    e.misses = 2;
    run("TTBR outside the windows", c, 40, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 7. Buffers ending exactly at a window limit: list in W2 [0x20fff0, 0x210000), results at
  //    [0x3fffe0, 0x400000).
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x77777777;
    c.arg0 = 0x20fff0;
    c.arg1 = 0x3fffe0;
    c.arg2 = 2;
    std::vector<uint64_t> v = {va(0, 0, 0, 5, 0x123), 0x00ab000000000000ull};
    std::vector<Res> r = {{0x2005123, 3, F_NONE, 0x2005403}, {0, 0, F_TRANS, 0}};
    Expect e;
    e.ff_kind = F_TRANS;
    e.ff_va = 0x00ab000000000000ull;
    e.faults = 1;
    e.misses = 1;
    e.desc = 4;
    run("buffers ending at a window limit", c, 40, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 8. Single VA, list at the last word of a line.
  // -------------------------------------------------------------------------------------------
  {
    Cmd c;
    c.tag = 0x88888888;
    c.arg0 = 0x113138;
    c.arg1 = 0x360000;
    c.arg2 = 1;
    std::vector<uint64_t> v = {va(0, 0, 1, 0, 0x1234)};
    std::vector<Res> r = {{0x12601234, 2, F_NONE, 0x12600401}};
    Expect e;
    e.misses = 1;
    e.desc = 3;
    run("single VA, 2 MiB block", c, 40, v, r, e);
  }

  // -------------------------------------------------------------------------------------------
  // 9. BAD_ARGS: each gives an error completion with nothing read or written.
  // -------------------------------------------------------------------------------------------
  Cmd good;
  good.tag = 0x99990000;
  good.arg0 = 0x114000;
  good.arg1 = 0x370000;
  good.arg2 = 4;
  {
    Cmd c = good; c.tag++; c.flags = 1;                   run_err("BAD_ARGS flags", c, ST_BAD_ARGS);
    c = good; c.tag += 2; c.rsvd0 = 0x100;                run_err("BAD_ARGS reserved 0x02", c, ST_BAD_ARGS);
    c = good; c.tag += 3; c.rsvd1 = 0x80000000u;          run_err("BAD_ARGS reserved 0x3c", c, ST_BAD_ARGS);
    c = good; c.tag += 4; c.ttbr = T0 | 0x800;            run_err("BAD_ARGS ttbr[11:0]", c, ST_BAD_ARGS);
    c = good; c.tag += 5; c.arg0 += 4;                    run_err("BAD_ARGS list alignment", c, ST_BAD_ARGS);
    c = good; c.tag += 6; c.arg1 += 8;                    run_err("BAD_ARGS result alignment", c, ST_BAD_ARGS);
    c = good; c.tag += 7; c.arg2 = 0;                     run_err("BAD_ARGS count 0", c, ST_BAD_ARGS);
    c = good; c.tag += 8; c.arg2 = (1u << 20) + 1;        run_err("BAD_ARGS count 2^20+1", c, ST_BAD_ARGS);
    c = good; c.tag += 9; c.arg2 = 0x8000000000000004ull; run_err("BAD_ARGS count bit 63", c, ST_BAD_ARGS);
    c = good; c.tag += 10; c.arg3 = 1;                    run_err("BAD_ARGS arg3", c, ST_BAD_ARGS);
    c = good; c.tag += 11; c.arg4 = 1ull << 63;           run_err("BAD_ARGS arg4", c, ST_BAD_ARGS);
    c = good; c.tag += 12; c.arg5 = 1;                    run_err("BAD_ARGS arg5", c, ST_BAD_ARGS);
    c = good; c.tag += 13; c.flags = 0x80; c.arg0 = 0x900000;
    run_err("BAD_ARGS before DMA", c, ST_BAD_ARGS);
  }

  // -------------------------------------------------------------------------------------------
  // 10. DMA: buffers not inside one window.
  // -------------------------------------------------------------------------------------------
  {
    Cmd c = good; c.tag += 20; c.arg2 = 1u << 20;         run_err("DMA count 2^20 (8 MiB list)", c, ST_DMA);
    c = good; c.tag += 21; c.arg0 = 0x900000;             run_err("DMA list outside", c, ST_DMA);
    c = good; c.tag += 22; c.arg1 = 0x3ffff0; c.arg2 = 2; run_err("DMA results past limit", c, ST_DMA);
    c = good; c.tag += 23; c.arg0 = 0x1ffff8; c.arg2 = 2; run_err("DMA list across two windows", c, ST_DMA);
    c = good; c.tag += 24; c.arg0 |= 1ull << 48;          run_err("DMA list address bit 48", c, ST_DMA);
    c = good; c.tag += 25; c.arg1 |= 1ull << 63;          run_err("DMA result address bit 63", c, ST_DMA);
    c = good; c.tag += 26; c.arg1 = 0x80000000;           run_err("DMA results in empty window", c, ST_DMA);
  }

  // -------------------------------------------------------------------------------------------
  // 11. After the errors, a good command still works (and misses: the cache was invalidated).
  // -------------------------------------------------------------------------------------------
  {
    Cmd c = good;
    std::vector<uint64_t> v = {va(0, 0, 0, 1, 0), va(0, 0, 0, 2, 0), va(0, 1, 0, 0, 0),
                               va(0, 0, 0, 3, 0xff8)};
    std::vector<Res> r = {{0x2001000, 3, F_NONE, 0x2001403},
                          {0x2002000, 3, F_NONE, 0x2002403},
                          {0x40000000, 1, F_NONE, 0x40000401},
                          {0x2003ff8, 3, F_NONE, 0x2003403}};
    Expect e;
    e.misses = 1;
    e.hits = 3;
    e.desc = 4 + 1 + 1 + 1;
    run("good command after errors", c, 40, v, r, e);
  }

  printf("tb_ra_ptw: %d passed, %d failed\n", passed, failed);
  top->final();
  return failed == 0 ? 0 : 1;
}

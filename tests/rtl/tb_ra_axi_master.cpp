// Self-checking Verilator test bench for ra_axi_master: stall and backpressure sweeps, and bus
// errors (docs/device.md, "Bus errors").
//
// An AXI slave model in C++ answers AR, AW/W (plain writes and AtomicStore-CLR) with random
// latencies, holds ARREADY, AWREADY and WREADY low and delays RVALID and BVALID (keeping a valid
// up until its handshake) with a swept probability, and answers every access that touches a
// poisoned 64-byte line with SLVERR or DECERR (the access is not performed). The engine side
// issues a random mix of line reads, word reads, writes and atomics and holds mp_rd_ready low
// with a swept probability. Checked, per phase of the sweep:
// - every read word arrives in order with the right data and last flag, and is 0 when its beat
//   was answered with an error (the slave drives garbage on error beats), with mp_rd_err_o set
//   exactly on the words of such beats;
// - AR/AW/W keep valid and payload stable until their handshake, bursts have the documented
//   length and size, IDs are 0 for reads and writes and 1 for atomics;
// - memory afterwards: every write and atomic performed unless its line is poisoned;
// - bus_err_o = {atomic, write, read} is exactly "an error of that kind was answered", stays
//   set until bus_err_clr_i and is 0 afterwards; event counts match the bus;
// - no hang: every phase drains (mp_wr_idle_o, every read delivered) within a bound.
//
// Built twice by tests/CMakeLists.txt: the default parameters (DATA_W 64, SKID 2), and
// TB_W128 (DATA_W 128, SKID 1, RD_INFLIGHT 2, WR_INFLIGHT 2).

#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <vector>

#ifdef TB_W128
#include "Vra_axi_master_w128.h"
using Top = Vra_axi_master_w128;
constexpr unsigned DW = 128;
#else
#include "Vra_axi_master.h"
using Top = Vra_axi_master;
constexpr unsigned DW = 64;
#endif
#include "verilated.h"
#include "tb_util.h"

namespace {

constexpr unsigned DB = DW / 8;                 // bytes per beat
constexpr uint64_t RD_BASE = 0x10000, RD_SIZE = 0x8000;
constexpr uint64_t WR_BASE = 0x40000, WR_SIZE = 0x2000;
constexpr uint64_t AT_BASE = 0x80000, AT_SIZE = 0x2000;

std::unique_ptr<VerilatedContext> ctx;
std::unique_ptr<Top> top;

uint64_t init_word(uint64_t a) { return (a * 0x9e3779b97f4a7c15ull) ^ 0x0123456789abcdefull; }

// ---------------------------------------------------------------------------------------------
// Slave model
// ---------------------------------------------------------------------------------------------
std::map<uint64_t, uint64_t> mem;      // word address -> value
std::map<uint64_t, unsigned> poison;   // line address -> response code (2 or 3)
unsigned stall_pct;                    // slave ready/valid stall probability

uint64_t rd_mem(uint64_t a) {
  auto it = mem.find(a);
  return it == mem.end() ? init_word(a) : it->second;
}
unsigned resp_of(uint64_t a) {
  auto it = poison.find(a & ~uint64_t(63));
  return it == poison.end() ? 0 : it->second;
}

struct RBeat {
  unsigned id;
  uint64_t w[2];
  unsigned resp;
  bool last;
  uint64_t due;
};
struct BResp {
  unsigned id, resp;
  uint64_t due;
};
struct Aw {
  uint64_t addr;
  unsigned id, len, size, atop;
};
struct Wb {
  uint64_t w[2];
  unsigned strb;
  bool last;
};
std::deque<RBeat> rq;
std::deque<BResp> bq;
std::deque<Aw> awq;
std::deque<Wb> wq;
bool r_shown, b_shown;
// bus-side tallies
uint64_t bus_rd_beats, bus_wr_beats, bus_atomics;
bool bus_rd_err, bus_wr_err, bus_at_err;
// protocol: the previous cycle's unaccepted valids and payloads
bool ar_pend, aw_pend, w_pend;
uint64_t ar_last_addr, aw_last_addr, w_last_data;

void set_rdata(const RBeat* b) {
#ifdef TB_W128
  for (int i = 0; i < 4; i++)
    top->m_axi_rdata[i] = b ? uint32_t(b->w[i / 2] >> (32 * (i & 1))) : 0;
#else
  top->m_axi_rdata = b ? b->w[0] : 0;
#endif
}
void get_wdata(uint64_t w[2]) {
#ifdef TB_W128
  w[0] = uint64_t(top->m_axi_wdata[0]) | uint64_t(top->m_axi_wdata[1]) << 32;
  w[1] = uint64_t(top->m_axi_wdata[2]) | uint64_t(top->m_axi_wdata[3]) << 32;
#else
  w[0] = top->m_axi_wdata;
  w[1] = 0;
#endif
}

void slave_drive() {
  top->m_axi_arready = !chance(stall_pct);
  top->m_axi_awready = !chance(stall_pct);
  top->m_axi_wready = !chance(stall_pct);
  top->m_axi_rvalid = 0;
  set_rdata(nullptr);
  top->m_axi_rresp = 0;
  top->m_axi_rlast = 0;
  top->m_axi_rid = 0;
  if (!rq.empty() && rq.front().due <= cycle_no && (r_shown || !chance(stall_pct))) {
    const RBeat& b = rq.front();
    r_shown = true;
    top->m_axi_rvalid = 1;
    top->m_axi_rid = b.id;
    top->m_axi_rresp = b.resp;
    top->m_axi_rlast = b.last;
    set_rdata(&b);
  }
  top->m_axi_bvalid = 0;
  top->m_axi_bid = 0;
  top->m_axi_bresp = 0;
  if (!bq.empty() && bq.front().due <= cycle_no && (b_shown || !chance(stall_pct))) {
    b_shown = true;
    top->m_axi_bvalid = 1;
    top->m_axi_bid = bq.front().id;
    top->m_axi_bresp = bq.front().resp;
  }
}

// take the AR/AW/W handshakes sampled this cycle into the model
void slave_accept(bool ar, uint64_t araddr, unsigned arlen, unsigned arsize, unsigned arid,
                  bool aw, const Aw& awr, bool w, const Wb& wb) {
  if (ar) {
    uint64_t due = cycle_no + 1 + rnd() % 8;
    unsigned size = 1u << arsize;
    if (arid != 0) err("read with ID %u", arid);
    bool line = arlen != 0;
    if (line) {
      if (arlen != 64 / DB - 1 || size != DB || (araddr & 63))
        err("line read 0x%" PRIx64 ": len %u size %u", araddr, arlen, size);
    } else if (arsize != 3 || (araddr & 7)) {
      err("word read 0x%" PRIx64 ": size %u", araddr, size);
    }
    for (unsigned i = 0; i <= arlen; i++) {
      RBeat b{};
      uint64_t a = araddr + uint64_t(i) * size;
      b.id = 0;
      b.resp = resp_of(a);
      b.last = i == arlen;
      b.due = due + i;
      uint64_t lane0 = a & ~uint64_t(DB - 1);
      for (unsigned l = 0; l < DB / 8; l++)
        b.w[l] = b.resp ? 0xbad0bad0bad0bad1ull ^ a : rd_mem(lane0 + 8 * l);
      rq.push_back(b);
    }
  }
  if (aw) awq.push_back(awr);
  if (w) wq.push_back(wb);
  while (!awq.empty() && !wq.empty()) {
    Aw a = awq.front();
    Wb d = wq.front();
    awq.pop_front();
    wq.pop_front();
    unsigned lane = unsigned(a.addr & (DB - 1)) / 8;
    unsigned resp = resp_of(a.addr);
    uint64_t due = cycle_no + 1 + rnd() % 6;
    if (a.len != 0 || a.size != 8 || (a.addr & 7) || !d.last)
      err("write 0x%" PRIx64 ": len %u size %u last %d", a.addr, a.len, a.size, d.last);
    if (d.strb != (0xffu << (8 * lane))) err("write 0x%" PRIx64 ": strobe 0x%x", a.addr, d.strb);
    if (a.atop) {
      // AtomicStore CLR: the word is cleared, B only (no R beat)
      if (a.atop != 0x11 || a.id != 1) err("atomic 0x%" PRIx64 ": atop 0x%x id %u", a.addr,
                                           a.atop, a.id);
      uint64_t old = rd_mem(a.addr);
      if (!resp) mem[a.addr] = old & ~d.w[lane];
      else bus_at_err = true;
      bq.push_back({a.id, resp, due});
    } else {
      if (a.id != 0) err("write 0x%" PRIx64 " with ID %u", a.addr, a.id);
      if (!resp) mem[a.addr] = d.w[lane];
      else bus_wr_err = true;
      bq.push_back({a.id, resp, due});
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Engine side
// ---------------------------------------------------------------------------------------------
struct Op {
  int kind;  // 0 line read, 1 word read, 2 write, 3 atomic
  uint64_t addr, data;
};
std::deque<Op> rd_ops, wr_ops;            // to issue
struct ExpWord {
  uint64_t value;
  bool last, err;
};
std::deque<ExpWord> exp_words;             // expected read words {value, last, error}
unsigned rd_ready_pct;                    // probability the engine takes a word
uint64_t ev_rd, ev_wr, ev_at;
unsigned flag_phases[3];                   // phases that answered a read/write/atomic error
std::map<uint64_t, uint64_t> expect;       // memory as the accepted writes and atomics leave it

void engine_drive() {
  top->mp_rd_req_valid_i = 0;
  top->mp_rd_req_addr_i = 0;
  top->mp_rd_req_line_i = 0;
  if (!rd_ops.empty()) {
    top->mp_rd_req_valid_i = 1;
    top->mp_rd_req_addr_i = rd_ops.front().addr;
    top->mp_rd_req_line_i = rd_ops.front().kind == 0;
  }
  top->mp_rd_ready_i = chance(rd_ready_pct);
  top->mp_wr_valid_i = 0;
  top->mp_at_valid_i = 0;
  top->mp_wr_addr_i = 0;
  top->mp_wr_data_i = 0;
  top->mp_at_addr_i = 0;
  top->mp_at_mask_i = 0;
  if (!wr_ops.empty()) {
    const Op& o = wr_ops.front();
    if (o.kind == 2) {
      top->mp_wr_valid_i = 1;
      top->mp_wr_addr_i = o.addr;
      top->mp_wr_data_i = o.data;
    } else {
      top->mp_at_valid_i = 1;
      top->mp_at_addr_i = o.addr;
      top->mp_at_mask_i = o.data;
    }
  }
}

void tick(bool clr = false) {
  slave_drive();
  engine_drive();
  top->bus_err_clr_i = clr;
  top->clk_i = 0;
  top->eval();

  // protocol: valid and payload stable until accepted
  if (ar_pend && (!top->m_axi_arvalid || top->m_axi_araddr != ar_last_addr))
    err("AR changed before its handshake");
  if (aw_pend && (!top->m_axi_awvalid || top->m_axi_awaddr != aw_last_addr))
    err("AW changed before its handshake");
  uint64_t wd[2];
  get_wdata(wd);
  if (w_pend && (!top->m_axi_wvalid || wd[0] != w_last_data)) err("W changed before its handshake");

  bool ar = top->m_axi_arvalid && top->m_axi_arready;
  bool aw = top->m_axi_awvalid && top->m_axi_awready;
  bool w = top->m_axi_wvalid && top->m_axi_wready;
  bool r = top->m_axi_rvalid && top->m_axi_rready;
  bool b = top->m_axi_bvalid && top->m_axi_bready;
  bool rreq = top->mp_rd_req_valid_i && top->mp_rd_req_ready_o;
  bool rd = top->mp_rd_valid_o && top->mp_rd_ready_i;
  bool wr = top->mp_wr_valid_i && top->mp_wr_ready_o;
  bool at = top->mp_at_valid_i && top->mp_at_ready_o;
  ar_pend = top->m_axi_arvalid && !ar;
  aw_pend = top->m_axi_awvalid && !aw;
  w_pend = top->m_axi_wvalid && !w;
  ar_last_addr = top->m_axi_araddr;
  aw_last_addr = top->m_axi_awaddr;
  w_last_data = wd[0];
  Aw awr{top->m_axi_awaddr, top->m_axi_awid, top->m_axi_awlen, 1u << top->m_axi_awsize,
         top->m_axi_awatop};
  Wb wb{{wd[0], wd[1]}, top->m_axi_wstrb, bool(top->m_axi_wlast)};
  uint64_t araddr = top->m_axi_araddr;
  unsigned arlen = top->m_axi_arlen, arsize = top->m_axi_arsize, arid = top->m_axi_arid;
  uint64_t rdata = top->mp_rd_data_o;
  bool rlast = top->mp_rd_last_o;
  bool rerr = top->mp_rd_err_o;
  if (r && top->m_axi_rid == 0) {
    bus_rd_beats++;
    if (top->m_axi_rresp) bus_rd_err = true;
  }
  if (w && !top->m_axi_awatop) bus_wr_beats++;
  if (aw && top->m_axi_awatop) bus_atomics++;
  ev_rd += top->ev_rd_beats_o;
  ev_wr += top->ev_wr_beats_o;
  ev_at += top->ev_atomic_o;

  top->clk_i = 1;
  top->eval();
  cycle_no++;

  if (r) {
    rq.pop_front();
    r_shown = false;
  }
  if (b) {
    bq.pop_front();
    b_shown = false;
  }
  slave_accept(ar, araddr, arlen, arsize, arid, aw, awr, w, wb);
  if (rreq) {
    const Op& o = rd_ops.front();
    unsigned n = o.kind == 0 ? 8 : 1;
    for (unsigned i = 0; i < n; i++) {
      uint64_t a = o.addr + 8 * i;
      exp_words.push_back({resp_of(a) ? 0 : rd_mem(a), i == n - 1, resp_of(a) != 0});
    }
    rd_ops.pop_front();
  }
  if (rd) {
    if (exp_words.empty()) {
      err("read word 0x%016" PRIx64 " not expected", rdata);
    } else {
      const ExpWord& e = exp_words.front();
      if (rdata != e.value || rlast != e.last || rerr != e.err)
        err("read word 0x%016" PRIx64 " last %d error %d, expected 0x%016" PRIx64
            " last %d error %d", rdata, rlast, rerr, e.value, e.last, e.err);
      exp_words.pop_front();
    }
  }
  if (wr || at) {
    const Op& o = wr_ops.front();
    if (wr != (o.kind == 2) || at != (o.kind == 3)) err("write port took the wrong request");
    if (!resp_of(o.addr)) {
      auto it = expect.find(o.addr);
      uint64_t old = it == expect.end() ? init_word(o.addr) : it->second;
      expect[o.addr] = o.kind == 2 ? o.data : old & ~o.data;
    }
    wr_ops.pop_front();
  }
}

void reset() {
  top->rst_ni = 0;
  for (int i = 0; i < 4; i++) tick();
  top->rst_ni = 1;
  tick();
}

// one phase of the sweep: @n random operations, stalls @stall %, engine takes words @ready %
void phase(unsigned n, unsigned stall, unsigned ready, unsigned npoison) {
  stall_pct = stall;
  rd_ready_pct = ready;
  poison.clear();
  for (unsigned i = 0; i < npoison; i++) {
    uint64_t base = (i % 3 == 0) ? RD_BASE : (i % 3 == 1) ? WR_BASE : AT_BASE;
    uint64_t size = (i % 3 == 0) ? RD_SIZE : (i % 3 == 1) ? WR_SIZE : AT_SIZE;
    poison[base + (rnd() % (size / 64)) * 64] = 2 + unsigned(rnd() & 1);
  }
  // concentrate the accesses so that poisoned lines are hit
  std::vector<uint64_t> lines;
  for (auto& p : poison) lines.push_back(p.first);
  bool exp_rd = false, exp_wr = false, exp_at = false;
  for (unsigned i = 0; i < n; i++) {
    Op o{};
    o.kind = int(rnd() % 4);
    uint64_t base = o.kind < 2 ? RD_BASE : o.kind == 2 ? WR_BASE : AT_BASE;
    uint64_t size = o.kind < 2 ? RD_SIZE : o.kind == 2 ? WR_SIZE : AT_SIZE;
    uint64_t line = base + (rnd() % (size / 64)) * 64;
    if (!lines.empty() && chance(10)) {
      uint64_t l = lines[rnd() % lines.size()];
      if (l >= base && l < base + size) line = l;
    }
    o.addr = o.kind == 0 ? line : line + 8 * (rnd() % 8);
    o.data = o.kind == 3 ? (uint64_t(1) << (rnd() % 64)) | (uint64_t(1) << 10) : rnd();
    bool p = resp_of(o.addr) != 0;
    if (o.kind < 2) {
      exp_rd |= p;
      rd_ops.push_back(o);
    } else {
      (o.kind == 2 ? exp_wr : exp_at) |= p;
      wr_ops.push_back(o);
    }
  }
  bus_rd_err = bus_wr_err = bus_at_err = false;
  uint64_t limit = cycle_no + 200000;
  while ((!rd_ops.empty() || !wr_ops.empty() || !exp_words.empty() || !top->mp_wr_idle_o ||
          !rq.empty() || !bq.empty()) && cycle_no < limit)
    tick();
  if (cycle_no >= limit) {
    err("phase (stall %u%%, ready %u%%) hangs: %zu reads, %zu writes to issue, %zu words due",
        stall, ready, rd_ops.size(), wr_ops.size(), exp_words.size());
    rd_ops.clear();
    wr_ops.clear();
    exp_words.clear();
    rq.clear();
    bq.clear();
    reset();
    return;
  }
  for (int i = 0; i < 3; i++) tick();
  unsigned want = (exp_at ? 4u : 0u) | (exp_wr ? 2u : 0u) | (exp_rd ? 1u : 0u);
  unsigned bus = (bus_at_err ? 4u : 0u) | (bus_wr_err ? 2u : 0u) | (bus_rd_err ? 1u : 0u);
  for (int k = 0; k < 3; k++) flag_phases[k] += (bus >> k) & 1;
  if (want != bus) err("test bench: errors answered 0x%x, expected 0x%x", bus, want);
  if (top->bus_err_o != bus)
    err("phase (stall %u%%, ready %u%%): bus_err_o 0x%x, errors answered 0x%x", stall, ready,
        top->bus_err_o, bus);
  tick(true);
  tick();
  if (top->bus_err_o) err("bus_err_o 0x%x after the clear", top->bus_err_o);
  for (auto& e : expect)
    if (rd_mem(e.first) != e.second)
      err("memory 0x%" PRIx64 ": 0x%016" PRIx64 ", expected 0x%016" PRIx64, e.first,
          rd_mem(e.first), e.second);
  for (auto& m : mem)
    if (!expect.count(m.first)) err("memory 0x%" PRIx64 " written unexpectedly", m.first);
  if (ev_rd != bus_rd_beats || ev_wr != bus_wr_beats || ev_at != bus_atomics)
    err("events %" PRIu64 "/%" PRIu64 "/%" PRIu64 ", bus %" PRIu64 "/%" PRIu64 "/%" PRIu64, ev_rd,
        ev_wr, ev_at, bus_rd_beats, bus_wr_beats, bus_atomics);
}

}  // namespace

int main(int argc, char** argv) {
  tb_name = "tb_ra_axi_master";
  ctx.reset(new VerilatedContext);
  ctx->commandArgs(argc, argv);
  top.reset(new Top{ctx.get()});
  reset();

  unsigned phases = 0, with_err = 0;
  const unsigned stalls[] = {0, 30, 60, 90};
  const unsigned readies[] = {100, 50, 10};
  for (unsigned s : stalls)
    for (unsigned r : readies)
      for (unsigned np : {0u, 3u, 9u}) {
        phase(300, s, r, np);
        phases++;
        with_err += np != 0;
      }
  std::printf("tb_ra_axi_master (DATA_W %u): %u phases (%u with poisoned lines), %" PRIu64
              " cycles, %" PRIu64 " read beats, %" PRIu64 " writes, %" PRIu64 " atomics; errors "
              "answered on reads/writes/atomics in %u/%u/%u phases: %s\n",
              DW, phases, with_err, cycle_no, bus_rd_beats, bus_wr_beats, bus_atomics,
              flag_phases[0], flag_phases[1], flag_phases[2], failed ? "FAIL" : "ok");
  top->final();
  return failed ? 1 : 0;
}

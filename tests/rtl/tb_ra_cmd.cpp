// Self-checking Verilator test bench for ra_cmd (command engine): rings, fetch, dispatch,
// completions, ring faults, bus errors and the interrupt pulses, with random stalls on the memory
// port and random engine latencies.
//
// The bench plays the rest of the device around ra_cmd, each part written from docs/device.md
// ("Programming model", "Completion entry", "Bus errors") and docs/rtl.md:
// - a driver that writes 64-byte commands (random opcodes, valid and not) into the submission
//   ring and advances SQ_TAIL, and consumes completions from the completion ring at random
//   times (so that the completion ring fills up); ring sizes 2^1..2^5, different for the two
//   rings, bases placed so that each ring spans two 4 KiB pages covered by two DMA windows;
// - a memory port with a sparse memory: random ready stalls on requests and writes, read data
//   after a random latency with random gaps, write acknowledgements after a random latency
//   (mp_wr_idle_i), poisoned words answered with an error (read data 0) and the master's sticky
//   bus-error flags {atomic, write, read}, cleared by bus_err_clr_o;
// - the three engines: a start pulse is answered by a done pulse after a random latency with a
//   random completion entry (garbage on cpl_i before done, held after), and an engine may get
//   bus errors of its own, some of them only with write acknowledgements that arrive after its
//   done pulse (ra_cmd must wait for mp_wr_idle_i before it takes the flags).
// The oracle checks, every cycle: while idle, that a fetch starts exactly when the documented
// condition holds (ENABLE, ring sizes, no fault, SQ_HEAD != SQ_TAIL, completion ring not full)
// and the command line and completion entry lie in a window, and that a ring fault is raised
// instead when one of them does not; the line read (address, one 64-byte line) of the command at
// SQ_HEAD; the dispatch (the right start pulse for the opcode and the build, mp_sel_o, cmd_o equal
// to the command and stable while the engine runs, the port left alone meanwhile); BAD_OPCODE
// completions (tag, status 1, all else 0); the 4 completion words (address CQ_BASE + 32*CQ_TAIL,
// the engine's entry; status BUS with flags bits 1..3 when its accesses got errors, except the
// read flag for SCAN, which reports its read errors in its own entry, or when the engine's own
// entry carries BUS_* flags); cmd_done_o (= ev_command_o) only once the words are acknowledged,
// then SQ_HEAD and CQ_TAIL advanced modulo their ring sizes; ring faults on a read error of the
// command line, a completion entry outside every window at completion time (windows
// reprogrammed while the command ran) and a write error on a completion word, each with the
// indexes unchanged; recovery by ring_fault_clr_i (the command is fetched and executed again);
// soft reset. The completion ring's contents are checked by the driver as it consumes them.
//
// Built by tests/CMakeLists.txt for several parameter sets (TB_PAGE_ENGINES, TB_SCAN_ENGINE, the
// same values given to Verilator with -G).
// Usage: tb_ra_cmd [--seed N] [--waves FILE.fst] (the seed is printed; waves are off by default).

#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "Vtb_top.h"
#include "ra_regs.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "tb_util.h"
#include "tb_verilated.h"

#ifndef TB_PAGE_ENGINES
#define TB_PAGE_ENGINES 1
#endif
#ifndef TB_SCAN_ENGINE
#define TB_SCAN_ENGINE 1
#endif

namespace {

// memory-port owner codes (docs/rtl.md)
constexpr unsigned SEL_CMD = 0, SEL_PTW = 1, SEL_SCAN = 2, SEL_PAGE = 3;
constexpr uint64_t PAGE = 4096;


template <size_t N>
uint64_t get64(const VlWide<N>& v, unsigned word) {
  return uint64_t(v[2 * word]) | uint64_t(v[2 * word + 1]) << 32;
}
template <size_t N>
void put48(VlWide<N>& v, unsigned i, uint64_t x) {
  for (unsigned k = 0; k < 48; k++) {
    unsigned bit = 48 * i + k;
    uint32_t m = 1u << (bit % 32);
    if ((x >> k) & 1) v[bit / 32] |= m;
    else v[bit / 32] &= ~m;
  }
}

// ---------------------------------------------------------------------------------------------
// Memory and windows
// ---------------------------------------------------------------------------------------------
std::map<uint64_t, uint64_t> mem;  // word address -> value
std::set<uint64_t> poison;         // word addresses answered with an error
struct Window {
  uint64_t base, limit;
};
Window win[4];

uint64_t rd_mem(uint64_t a) {
  auto it = mem.find(a);
  return it == mem.end() ? (a * 0x9e3779b97f4a7c15ull) ^ 0x5555aaaa5555aaaaull : it->second;
}
bool inside(uint64_t a, uint64_t len) {
  if (a + len > (1ull << 48)) return false;
  for (const Window& w : win)
    if (w.limit > w.base && a >= w.base && a + len <= w.limit) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Configuration (what ra_csr would drive) and the driver
// ---------------------------------------------------------------------------------------------
struct Cfg {
  bool enable;
  uint64_t sq_base, cq_base;
  unsigned sq_log2, cq_log2;
  uint16_t sq_tail, cq_head;
  bool soft_reset, clr;
} cfg;
Window full_win[4];  // the phase's windows, restored by the fault handler

unsigned sq_mask() { return (1u << cfg.sq_log2) - 1; }
unsigned cq_mask() { return (1u << cfg.cq_log2) - 1; }

struct Cmd {
  uint64_t w[8];
  unsigned slot;
};
std::deque<Cmd> submitted;             // in ring order, not yet completed
struct Cpl {
  uint64_t w[4];
  unsigned index;
};
std::deque<Cpl> delivered;             // completions written, not yet consumed by the driver
unsigned submit_pct, consume_pct;

unsigned engine_of(uint8_t op) {  // the engine for an opcode in this build, SEL_CMD: BAD_OPCODE
  if (op == RA_OP_WALK) return SEL_PTW;
  if (op == RA_OP_SCAN) return TB_SCAN_ENGINE ? SEL_SCAN : SEL_CMD;
  if (op == RA_OP_HASH || op == RA_OP_CMP || op == RA_OP_COPY)
    return TB_PAGE_ENGINES ? SEL_PAGE : SEL_CMD;
  return SEL_CMD;
}

// ---------------------------------------------------------------------------------------------
// Memory port, bus-error flags and engines (the bench's side)
// ---------------------------------------------------------------------------------------------
struct Beat {
  uint64_t data;
  bool err, last;
  uint64_t due;
};
std::deque<Beat> beats;        // read data to deliver, in order
bool beat_shown;
struct Ack {
  uint64_t addr, data, due;
  unsigned err;                // bus-error bits the acknowledgement raises
  bool cmd;                    // a write of ra_cmd (else an engine's access)
};
std::vector<Ack> acks;         // outstanding writes and atomics
unsigned flags;                // sticky {atomic, write, read}
unsigned stall_pct;

struct Engine {
  unsigned active;             // SEL_PTW.. while running, 0 when idle
  uint64_t done_at;
  uint64_t cpl[4];             // the entry it will deliver / has delivered
  uint64_t held[3][4];         // cpl_i of each engine as driven
  unsigned err_bits;           // bus errors of its run
  std::vector<std::pair<uint64_t, unsigned>> read_errs;  // (cycle, bits) during the run
} eng;
unsigned eng_lat_max;
unsigned eng_err_pct;

// ---------------------------------------------------------------------------------------------
// Oracle of the command in progress
// ---------------------------------------------------------------------------------------------
enum Phase { P_IDLE, P_FETCH, P_DATA, P_DISPATCH, P_EXEC, P_CPL, P_ACK };
struct Cur {
  Phase ph;
  Cmd cmd;
  uint64_t line, entry;
  bool req_seen;
  unsigned nbeats;
  bool line_bad;               // the line read got an error
  uint64_t got[8];             // the line as read (words answered with an error read 0)
  unsigned sel;
  unsigned nwr;
  uint64_t exp[4];
  bool cq_bad_at_cpl;          // the entry is outside every window when the completion is due
} cur;
unsigned inject_pct;           // chance of a fault injected at a fetch

struct Stats {
  unsigned done, bad_opcode, bus_status, engine_runs[4], fault_idle, fault_read, fault_cq_window,
      fault_cq_write, cq_full_cycles, wraps_sq, wraps_cq, late_errs, reexec;
} st;
bool refetch;                  // the next fetch repeats a command after a fault

void drive() {
  top->enable_i = cfg.enable;
  top->soft_reset_i = cfg.soft_reset;
  top->ring_fault_clr_i = cfg.clr;
  top->sq_base_i = cfg.sq_base;
  top->sq_log2_i = cfg.sq_log2;
  top->sq_tail_i = cfg.sq_tail;
  top->cq_base_i = cfg.cq_base;
  top->cq_log2_i = cfg.cq_log2;
  top->cq_head_i = cfg.cq_head;
  for (unsigned i = 0; i < 4; i++) {
    put48(top->win_base_i, i, win[i].base);
    put48(top->win_limit_i, i, win[i].limit);
  }
  // memory port
  top->mp_rd_req_ready_i = !chance(stall_pct);
  top->mp_wr_ready_i = !chance(stall_pct);
  top->mp_at_ready_i = !chance(stall_pct);
  top->mp_rd_valid_i = 0;
  top->mp_rd_last_i = 0;
  top->mp_rd_data_i = rnd();
  if (!beats.empty() && beats.front().due <= cycle_no && (beat_shown || !chance(stall_pct))) {
    beat_shown = true;
    top->mp_rd_valid_i = 1;
    top->mp_rd_data_i = beats.front().data;
    top->mp_rd_last_i = beats.front().last;
  }
  top->mp_wr_idle_i = acks.empty();
  top->bus_err_i = flags;
  // engines: done pulse and completion entry
  top->ptw_done_i = top->scan_done_i = top->page_done_i = 0;
  for (unsigned e = 0; e < 3; e++) {
    VlWide<8>& c = e == 0 ? top->ptw_cpl_i : e == 1 ? top->scan_cpl_i : top->page_cpl_i;
    bool running = eng.active == e + 1 && cycle_no < eng.done_at;
    for (unsigned k = 0; k < 8; k++)
      c[k] = running ? uint32_t(rnd()) : uint32_t(eng.held[e][k / 2] >> (32 * (k % 2)));
  }
  if (eng.active && cycle_no == eng.done_at) {
    unsigned e = eng.active - 1;
    for (unsigned k = 0; k < 4; k++) eng.held[e][k] = eng.cpl[k];
    VlWide<8>& c = e == 0 ? top->ptw_cpl_i : e == 1 ? top->scan_cpl_i : top->page_cpl_i;
    for (unsigned k = 0; k < 8; k++) c[k] = uint32_t(eng.cpl[k / 2] >> (32 * (k % 2)));
    (e == 0 ? top->ptw_done_i : e == 1 ? top->scan_done_i : top->page_done_i) = 1;
  }
}

bool cq_full() { return ((top->cq_tail_o + 1u) & cq_mask()) == cfg.cq_head; }

uint64_t cmd_word(unsigned k) { return get64(top->cmd_o, k); }

void start_engine(unsigned sel) {
  eng.active = sel;
  eng.done_at = cycle_no + rnd() % eng_lat_max;  // the cycle after the start at the earliest
  for (unsigned k = 0; k < 4; k++) eng.cpl[k] = rnd();
  // status OK..DMA; flags TRUNCATED, RESUME and now and then BUS_* bits the engine reports
  // itself (SCAN's read errors)
  unsigned eflags = unsigned(rnd() & 0xf1);
  if (chance(10)) eflags |= unsigned(rnd() & 0xe);
  ra_cpl_set_status(eng.cpl, rnd() % 4);
  ra_cpl_set_flags(eng.cpl, eflags);
  eng.err_bits = 0;
  eng.read_errs.clear();
  if (chance(eng_err_pct)) {
    // a read error during the run, write or atomic errors with acknowledgements that may come
    // after the done pulse
    if (chance(50)) {
      eng.read_errs.push_back({cycle_no + 1 + rnd() % (eng.done_at - cycle_no + 1), 1u});
      eng.err_bits |= 1;
    }
    unsigned n = 1 + unsigned(rnd() % 3);
    for (unsigned i = 0; i < n; i++) {
      unsigned bits = chance(50) ? 2u : 4u;
      uint64_t due = cycle_no + 1 + rnd() % (eng.done_at - cycle_no + 20);
      acks.push_back({0, 0, due, bits, false});
      eng.err_bits |= bits;
      if (due > eng.done_at) st.late_errs++;
    }
  }
  if (chance(40)) acks.push_back({0, 0, cycle_no + 1 + rnd() % (eng_lat_max + 10), 0, false});
}

// the completion ra_cmd must write for the current command
void expect_cpl() {
  if (cur.sel == SEL_CMD) {
    cur.exp[0] = cur.exp[1] = cur.exp[2] = cur.exp[3] = 0;
    ra_cpl_set_tag(cur.exp, ra_desc_tag(cur.cmd.w));
    ra_cpl_set_status(cur.exp, RA_ST_BAD_OPCODE);
  } else {
    for (unsigned k = 0; k < 4; k++) cur.exp[k] = eng.cpl[k];
    // the master's flags, but not the read flag for SCAN, which reports its read errors in its
    // own completion; BUS_* flags from either make the status BUS
    unsigned berr = eng.err_bits & (cur.sel == SEL_SCAN ? 6u : 7u);
    unsigned own = unsigned(ra_cpl_flags(cur.exp)) & (RA_CPL_BUS_READ | RA_CPL_BUS_WRITE |
                                                       RA_CPL_BUS_ATOMIC);
    if (berr || own) {
      unsigned f = ((berr & 1) ? RA_CPL_BUS_READ : 0) | ((berr & 2) ? RA_CPL_BUS_WRITE : 0) |
                   ((berr & 4) ? RA_CPL_BUS_ATOMIC : 0);
      ra_cpl_set_status(cur.exp, RA_ST_BUS);
      ra_cpl_set_flags(cur.exp, f | ra_cpl_flags(cur.exp));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One cycle
// ---------------------------------------------------------------------------------------------
unsigned fault_fix_at;  // cycle at which the fault handler acts (0: none pending)

uint64_t pause_until;  // the driver holds ENABLE low until then

void tick() {
  const Phase ph0 = cur.ph;
  drive();
  top->clk_i = 0;
  top->eval();
  if (waves) waves->dump(2 * cycle_no);

  // ---- checks on this cycle's outputs, before the edge ----
  bool busy = top->busy_o;
  unsigned head = top->sq_head_o, tail = top->cq_tail_o;
  bool fault = top->ring_fault_o;
  bool fset = top->ring_fault_set_o, done = top->cmd_done_o;
  bool rq = top->mp_rd_req_valid_o && top->mp_rd_req_ready_i;
  bool rb = top->mp_rd_valid_i && top->mp_rd_ready_o;
  bool wr = top->mp_wr_valid_o && top->mp_wr_ready_i;
  unsigned starts = top->ptw_start_o + top->scan_start_o + top->page_start_o;
  if (top->ev_command_o != top->cmd_done_o) err("ev_command_o differs from cmd_done_o");
  // cmd_errors counts the completions whose status (as the oracle has it) is not OK
  bool want_cerr = done && ra_cpl_status(cur.exp) != RA_ST_OK;
  if (bool(top->ev_cmd_error_o) != want_cerr)
    err("ev_cmd_error_o %u, expected %u", unsigned(top->ev_cmd_error_o), unsigned(want_cerr));
  if (top->mp_at_valid_o) err("ra_cmd issued an atomic");
  if (starts > 1) err("two start pulses at once");
  if (top->mp_rd_req_valid_o && !top->mp_rd_req_line_o) err("word read, expected a line");
  bool eligible = cfg.enable && cfg.sq_log2 && cfg.cq_log2 && !fault && head != cfg.sq_tail &&
                  !cq_full() && !cfg.clr && !cfg.soft_reset;
  uint64_t line = cfg.sq_base + 64ull * head, entry = cfg.cq_base + 32ull * tail;
  bool win_ok = inside(line, 64) && inside(entry, 32);
  if (cq_full() && cfg.enable && head != cfg.sq_tail && !busy) st.cq_full_cycles++;

  if (cur.ph == P_IDLE) {
    if (busy) err("busy_o while idle");
    if (rq || top->mp_wr_valid_o || starts) err("memory access or start while idle");
    if (top->mp_sel_o != SEL_CMD) err("mp_sel_o %u while idle", top->mp_sel_o);
    if (fset != (eligible && !win_ok))
      err("ring_fault_set_o %d while idle, expected %d (line 0x%" PRIx64 ", entry 0x%" PRIx64 ")",
          fset, eligible && !win_ok, line, entry);
    if (top->bus_err_clr_o != (eligible && win_ok))
      err("bus_err_clr_o %d at idle, expected %d", top->bus_err_clr_o, eligible && win_ok);
    if (done) err("cmd_done_o while idle");
  } else {
    if (!busy) err("busy_o low during a command (phase %d)", int(cur.ph));
  }
  if (cur.ph != P_IDLE && cur.ph != P_EXEC && cur.ph != P_DISPATCH && top->mp_sel_o != SEL_CMD)
    err("mp_sel_o %u outside the engine's run", top->mp_sel_o);
  if (rq) {
    if (cur.ph != P_FETCH || cur.req_seen) err("unexpected read request");
    if (top->mp_rd_req_addr_o != cur.line)
      err("command read 0x%" PRIx64 ", expected 0x%" PRIx64, uint64_t(top->mp_rd_req_addr_o),
          cur.line);
  }
  if (rb && cur.ph != P_FETCH && cur.ph != P_DATA) err("read data taken outside a fetch");
  if (cur.ph == P_DISPATCH) {
    for (unsigned k = 0; k < 8; k++) {
      if (cmd_word(k) != cur.got[k])
        err("cmd_o word %u 0x%016" PRIx64 ", expected 0x%016" PRIx64, k, cmd_word(k),
            cur.got[k]);
      if (!cur.line_bad && cur.got[k] != cur.cmd.w[k])
        err("test bench: the line is not the command");
    }
    if (cur.line_bad) {
      if (!fset || starts) err("command line read error: no ring fault (or an engine started)");
    } else if (fset) {
      err("ring fault at dispatch without a read error");
    } else {
      cur.sel = engine_of(uint8_t(ra_desc_opcode(cur.cmd.w)));
      unsigned want_ptw = cur.sel == SEL_PTW, want_scan = cur.sel == SEL_SCAN,
               want_page = cur.sel == SEL_PAGE;
      if (top->ptw_start_o != want_ptw || top->scan_start_o != want_scan ||
          top->page_start_o != want_page)
        err("opcode %u: starts ptw %u scan %u page %u, expected %u %u %u",
            unsigned(ra_desc_opcode(cur.cmd.w)), top->ptw_start_o, top->scan_start_o,
            top->page_start_o, want_ptw, want_scan, want_page);
      if (starts && top->mp_sel_o != cur.sel) err("mp_sel_o %u at start, expected %u",
                                                   top->mp_sel_o, cur.sel);
    }
  } else if (starts) {
    err("start pulse outside dispatch");
  }
  if (cur.ph == P_EXEC) {
    if (top->mp_sel_o != cur.sel) err("mp_sel_o %u while engine %u runs", top->mp_sel_o, cur.sel);
    if (top->mp_rd_req_valid_o || top->mp_wr_valid_o)
      err("ra_cmd used the port while an engine ran");
    for (unsigned k = 0; k < 8; k++)
      if (cmd_word(k) != cur.cmd.w[k]) err("cmd_o word %u changed while the engine ran", k);
  }
  if (cur.ph == P_CPL || cur.ph == P_ACK) {
    if (fset) {
      bool pois = false;
      for (unsigned k = 0; k < 4; k++) pois |= poison.count(cur.entry + 8 * k) != 0;
      bool cmd_acks = false;
      for (const Ack& a : acks) cmd_acks |= a.cmd;
      if (cur.ph == P_CPL && (!cur.cq_bad_at_cpl || cur.nwr))
        err("ring fault before the completion words, entry inside a window");
      if (cur.ph == P_ACK && (!pois || cmd_acks))
        err("ring fault after the completion words without a write error");
    }
    if (cur.ph == P_CPL && !fset && cur.cq_bad_at_cpl && top->mp_wr_valid_o)
      err("completion written outside every window (entry 0x%" PRIx64 ")", cur.entry);
  }
  if (wr) {
    if (cur.ph != P_CPL || cur.nwr >= 4) {
      err("unexpected write 0x%" PRIx64, uint64_t(top->mp_wr_addr_o));
    } else {
      uint64_t a = cur.entry + 8 * cur.nwr;
      if (cur.nwr == 0) {
        expect_cpl();
        if (!acks.empty()) err("completion written before every write was acknowledged");
      }
      if (top->mp_wr_addr_o != a || top->mp_wr_data_o != cur.exp[cur.nwr])
        err("completion word %u: 0x%016" PRIx64 " at 0x%" PRIx64 ", expected 0x%016" PRIx64
            " at 0x%" PRIx64 " (opcode %u)", cur.nwr, uint64_t(top->mp_wr_data_o),
            uint64_t(top->mp_wr_addr_o), cur.exp[cur.nwr], a,
            unsigned(ra_desc_opcode(cur.cmd.w)));
    }
  }
  if (done) {
    bool cmd_acks = false, pois = false;
    for (const Ack& a : acks) cmd_acks |= a.cmd;
    for (unsigned k = 0; k < 4; k++) pois |= poison.count(cur.entry + 8 * k) != 0;
    if (cur.ph != P_ACK || cur.nwr != 4 || cmd_acks || pois)
      err("cmd_done_o before the completion was written and acknowledged (or with an error)");
  }
  if (fset && done) err("ring fault and cmd_done at once");
  bool clr_pulse = top->bus_err_clr_o;

  // ---- the edge ----
  top->clk_i = 1;
  top->eval();
  if (waves) waves->dump(2 * cycle_no + 1);
  cycle_no++;

  // memory port: read data, writes, acknowledgements, flags
  unsigned new_err = 0;
  if (rb) {
    if (beats.empty()) {
      err("read data taken that was never offered");
    } else {
      new_err |= beats.front().err ? 1u : 0u;
      beats.pop_front();
      beat_shown = false;
      if (cur.ph == P_FETCH || cur.ph == P_DATA) {
        cur.ph = P_DATA;
        if (++cur.nbeats == 8) cur.ph = P_DISPATCH;
      }
    }
  }
  if (rq) {
    cur.req_seen = true;
    uint64_t due = cycle_no + rnd() % 8;
    for (unsigned k = 0; k < 8; k++) {
      uint64_t a = cur.line + 8 * k;
      bool e = poison.count(a) != 0;
      cur.line_bad |= e;
      cur.got[k] = e ? 0 : rd_mem(a);
      beats.push_back({cur.got[k], e, k == 7, due + k});
    }
  }
  if (wr) {
    acks.push_back({uint64_t(top->mp_wr_addr_o), uint64_t(top->mp_wr_data_o),
                    cycle_no + rnd() % 10, 0, true});
    if (++cur.nwr == 4) cur.ph = P_ACK;
  }
  for (size_t i = 0; i < acks.size();) {
    if (acks[i].due <= cycle_no && (i == 0 || !chance(stall_pct))) {
      const Ack& a = acks[i];
      if (a.cmd) {
        if (poison.count(a.addr)) new_err |= 2;
        else mem[a.addr] = a.data;
      }
      new_err |= a.err;
      acks.erase(acks.begin() + long(i));
    } else {
      i++;
    }
  }
  for (auto& re : eng.read_errs)
    if (re.first == cycle_no) new_err |= re.second;
  if (clr_pulse) flags = 0;
  flags |= new_err;

  // the command's progress
  if (cur.ph == P_IDLE && eligible) {
    if (win_ok) {
      if (!top->busy_o) err("no fetch although a command is due");
      cur = Cur{};
      cur.ph = P_FETCH;
      cur.line = line;
      cur.entry = entry;
      if (submitted.empty() || submitted.front().slot != head) {
        err("fetch of slot %u, no command submitted there", head);
      } else {
        cur.cmd = submitted.front();
      }
      if (refetch) st.reexec++;
      refetch = false;
      // inject a fault for this run: a read error on the line, a write error on a completion
      // word, or the completion ring's window removed before the completion
      if (chance(inject_pct)) {
        unsigned kind = unsigned(rnd() % 3);
        if (kind == 0) poison.insert(line + 8 * (rnd() % 8));
        else if (kind == 1) poison.insert(entry + 8 * (rnd() % 4));
        else
          for (Window& w : win)
            if (w.limit > w.base && entry >= w.base && entry + 32 <= w.limit) w.limit = w.base;
      }
    } else {
      if (!top->ring_fault_o || top->busy_o) err("no ring fault although the ring is outside");
      st.fault_idle++;
    }
  } else if (cur.ph == P_IDLE && (top->busy_o || top->ring_fault_o != fault)) {
    if (!(cfg.clr && !top->ring_fault_o) && !(cfg.soft_reset && !top->ring_fault_o))
      err("state changed while idle without a due command (busy %d fault %d)", top->busy_o,
          top->ring_fault_o);
  }
  if (fset) {
    if (cur.ph == P_DISPATCH) st.fault_read++;
    else if (cur.ph == P_CPL) st.fault_cq_window++;
    else if (cur.ph == P_ACK) st.fault_cq_write++;
    if (cur.ph != P_IDLE) {
      cur.ph = P_IDLE;
      refetch = true;
    }
    if (top->sq_head_o != head || top->cq_tail_o != tail) err("indexes moved with a ring fault");
    if (!top->ring_fault_o || top->busy_o) err("ring fault pulse without RING_FAULT or with BUSY");
  } else if (ph0 == P_DISPATCH) {
    if (cur.line_bad) err("no ring fault after a command read error");
    cur.ph = cur.sel == SEL_CMD ? P_CPL : P_EXEC;
    if (cur.sel == SEL_CMD) {
      st.bad_opcode++;
      cur.cq_bad_at_cpl = !inside(cur.entry, 32);
    } else {
      st.engine_runs[cur.sel]++;
      start_engine(cur.sel);
    }
  } else if (cur.ph == P_EXEC && eng.active && cycle_no > eng.done_at) {
    eng.active = 0;
    cur.ph = P_CPL;
    cur.cq_bad_at_cpl = !inside(cur.entry, 32);
  }
  if (done) {
    st.done++;
    if (ra_cpl_status(cur.exp) == RA_ST_BUS) st.bus_status++;
    unsigned nh = (head + 1) & sq_mask(), nt = (tail + 1) & cq_mask();
    if (nh < head) st.wraps_sq++;
    if (nt < tail) st.wraps_cq++;
    if (top->sq_head_o != nh || top->cq_tail_o != nt)
      err("after a completion SQ_HEAD %u CQ_TAIL %u, expected %u %u", top->sq_head_o,
          top->cq_tail_o, nh, nt);
    if (top->busy_o) err("busy after the completion");
    Cpl c{};
    for (unsigned k = 0; k < 4; k++) c.w[k] = cur.exp[k];
    c.index = tail;
    delivered.push_back(c);
    submitted.pop_front();
    cur.ph = P_IDLE;
  } else if (!fset && !cfg.soft_reset && (top->sq_head_o != head || top->cq_tail_o != tail)) {
    err("indexes moved without a completion");
  }
  if (cfg.soft_reset) {
    if (top->sq_head_o || top->cq_tail_o || top->ring_fault_o || top->busy_o)
      err("soft reset left SQ_HEAD %u CQ_TAIL %u RING_FAULT %u BUSY %u", top->sq_head_o,
          top->cq_tail_o, top->ring_fault_o, top->busy_o);
  } else if (cfg.clr && top->ring_fault_o) {
    err("ring_fault_clr_i did not clear RING_FAULT");
  } else if (fault && !fset && !top->ring_fault_o && !cfg.clr) {
    err("RING_FAULT dropped by itself");
  }

  // ---- the driver for the next cycle ----
  cfg.soft_reset = false;
  cfg.clr = false;
  if (!cfg.enable && !top->ring_fault_o && cycle_no >= pause_until) cfg.enable = true;
  if (top->ring_fault_o && !fault_fix_at) fault_fix_at = unsigned(cycle_no + 1 + rnd() % 20);
  if (fault_fix_at && cycle_no >= fault_fix_at) {
    // the handler: restore the windows, drop the poison, CTRL.ENABLE = 0 clears the fault
    for (unsigned i = 0; i < 4; i++) win[i] = full_win[i];
    poison.clear();
    cfg.enable = false;
    cfg.clr = true;
    fault_fix_at = 0;
  } else if (cfg.enable && chance(1)) {
    cfg.enable = false;  // the driver pauses now and then
    pause_until = cycle_no + rnd() % 30;
  }
  if (chance(submit_pct) && ((cfg.sq_tail + 1u) & sq_mask()) != top->sq_head_o) {
    Cmd c{};
    for (auto& w : c.w) w = rnd();
    uint8_t op = chance(75) ? uint8_t(1 + rnd() % 5) : uint8_t(rnd());
    ra_desc_set_opcode(c.w, op);
    c.slot = cfg.sq_tail;
    for (unsigned k = 0; k < 8; k++) mem[cfg.sq_base + 64ull * c.slot + 8 * k] = c.w[k];
    submitted.push_back(c);
    cfg.sq_tail = uint16_t((cfg.sq_tail + 1) & sq_mask());
  }
  if (!delivered.empty() && chance(consume_pct)) {
    const Cpl& c = delivered.front();
    if (c.index != cfg.cq_head)
      err("completion at %u, driver expects it at %u", c.index, cfg.cq_head);
    for (unsigned k = 0; k < 4; k++) {
      uint64_t a = cfg.cq_base + 32ull * cfg.cq_head + 8 * k;
      if (rd_mem(a) != c.w[k])
        err("completion ring entry %u word %u: 0x%016" PRIx64 ", expected 0x%016" PRIx64,
            cfg.cq_head, k, rd_mem(a), c.w[k]);
    }
    delivered.pop_front();
    cfg.cq_head = uint16_t((cfg.cq_head + 1) & cq_mask());
  }
}

void reset() {
  top->rst_ni = 0;
  for (int i = 0; i < 4; i++) {
    drive();
    top->clk_i = 0;
    top->eval();
    top->clk_i = 1;
    top->eval();
  }
  top->rst_ni = 1;
}

// wait until everything submitted is completed and consumed, and nothing is outstanding
void drain(uint64_t limit) {
  unsigned save = submit_pct;
  submit_pct = 0;
  uint64_t end = cycle_no + limit;
  while ((!submitted.empty() || !delivered.empty() || cur.ph != P_IDLE || !acks.empty() ||
          top->ring_fault_o || fault_fix_at) && cycle_no < end)
    tick();
  if (cycle_no >= end)
    err("hang: %zu commands not completed, phase %d, RING_FAULT %d, ENABLE %d", submitted.size(),
        int(cur.ph), top->ring_fault_o, cfg.enable);
  submit_pct = save;
}

// a soft reset once everything is done
void soft_reset() {
  drain(200000);
  submit_pct = consume_pct = 0;
  cfg.enable = true;
  cfg.soft_reset = true;  // soft reset only while idle: zero SQ_HEAD, CQ_TAIL, RING_FAULT
  tick();
  cfg.sq_tail = cfg.cq_head = 0;
}

// one phase: new rings and windows (after a soft reset), @ncycles cycles of traffic; rings of
// 2^1..2^5 entries (@big: 2^6..2^9)
void phase(unsigned ncycles, unsigned stall, unsigned inject, bool split_windows, bool big) {
  soft_reset();
  cfg.sq_log2 = (big ? 6 : 1) + unsigned(rnd() % (big ? 4 : 5));
  cfg.cq_log2 = (big ? 6 : 1) + unsigned(rnd() % (big ? 4 : 5));
  // rings across a page boundary: the entries before it in one window, the rest in another
  uint64_t sq_page = 0x100000 + PAGE * (rnd() % 64), cq_page = 0x800000 + PAGE * (rnd() % 64);
  cfg.sq_base = sq_page + PAGE - 64ull * (rnd() % (1u << cfg.sq_log2) % (PAGE / 64));
  cfg.cq_base = cq_page + PAGE - 32ull * (rnd() % (1u << cfg.cq_log2) % (PAGE / 32));
  auto up = [](uint64_t a) { return (a + PAGE - 1) & ~(PAGE - 1); };
  full_win[0] = {sq_page, sq_page + PAGE};
  full_win[1] = {cq_page, cq_page + PAGE};
  full_win[2] = {sq_page + PAGE, up(cfg.sq_base + (64ull << cfg.sq_log2))};
  full_win[3] = {cq_page + PAGE, up(cfg.cq_base + (32ull << cfg.cq_log2))};
  for (unsigned i = 0; i < 4; i++) win[i] = full_win[i];
  if (split_windows) {
    // the second page of one ring uncovered until the fault handler restores it
    win[2 + rnd() % 2].limit = 0;
  }
  stall_pct = stall;
  inject_pct = inject;
  eng_lat_max = 1 + unsigned(rnd() % 40);
  eng_err_pct = 20;
  submit_pct = 5 + unsigned(rnd() % 60);
  consume_pct = 5 + unsigned(rnd() % 60);
  for (unsigned i = 0; i < ncycles; i++) tick();
}

}  // namespace

int main(int argc, char** argv) {
  tb_open(argc, argv, "tb_ra_cmd");
  std::memset(&cfg, 0, sizeof cfg);
  reset();

  unsigned phases = 0;
  for (unsigned stall : {0u, 30u, 60u, 90u})
    for (unsigned inject : {0u, 10u})
      for (bool split : {false, true}) {
        phase(15000, stall, inject, split, false);
        phases++;
      }
  for (unsigned stall : {0u, 50u}) {
    phase(40000, stall, 5, false, true);
    phases++;
  }

  // a ring size of 0: nothing is fetched, whatever the indexes say (the idle checks in tick())
  soft_reset();
  for (unsigned z = 0; z < 2; z++) {
    cfg.sq_log2 = z ? 3 : 0;
    cfg.cq_log2 = z ? 0 : 3;
    cfg.sq_tail = 1;
    for (unsigned i = 0; i < 50; i++) tick();
    if (top->busy_o || top->sq_head_o) err("a command fetched with a ring size of 0");
  }
  cfg.sq_tail = 0;
  drain(200000);

  struct {
    const char* what;
    unsigned n;
  } need[] = {{"completions", st.done},
              {"BAD_OPCODE completions", st.bad_opcode},
              {"BUS completions", st.bus_status},
              {"WALK runs", st.engine_runs[SEL_PTW]},
              {"SCAN runs", TB_SCAN_ENGINE ? st.engine_runs[SEL_SCAN] : 1},
              {"page-engine runs", TB_PAGE_ENGINES ? st.engine_runs[SEL_PAGE] : 1},
              {"ring faults at fetch (windows)", st.fault_idle},
              {"ring faults on a command read error", st.fault_read},
              {"ring faults on the completion's window", st.fault_cq_window},
              {"ring faults on a completion write error", st.fault_cq_write},
              {"commands executed again after a fault", st.reexec},
              {"cycles with the completion ring full", st.cq_full_cycles},
              {"submission ring wraps", st.wraps_sq},
              {"completion ring wraps", st.wraps_cq},
              {"engine errors acknowledged after done", st.late_errs}};
  for (auto& c : need)
    if (!c.n) err("not exercised: %s", c.what);
  if (TB_SCAN_ENGINE == 0 && st.engine_runs[SEL_SCAN]) err("SCAN started without the engine");
  if (TB_PAGE_ENGINES == 0 && st.engine_runs[SEL_PAGE]) err("page engine started without it");

  std::printf("tb_ra_cmd (PAGE_ENGINES %d SCAN_ENGINE %d), seed %" PRIu64 ": %u phases, %" PRIu64
              " cycles, %u completions (%u BAD_OPCODE, %u BUS), engine runs WALK %u SCAN %u "
              "page %u, ring faults: %u windows at fetch, %u read errors, %u completion windows, "
              "%u completion write errors, %u re-executions, ring wraps SQ %u CQ %u: %s\n",
              TB_PAGE_ENGINES, TB_SCAN_ENGINE, seed, phases, cycle_no, st.done, st.bad_opcode,
              st.bus_status, st.engine_runs[SEL_PTW], st.engine_runs[SEL_SCAN],
              st.engine_runs[SEL_PAGE], st.fault_idle, st.fault_read, st.fault_cq_window,
              st.fault_cq_write, st.reexec, st.wraps_sq, st.wraps_cq, failed ? "FAIL" : "ok");
  return tb_close();
}

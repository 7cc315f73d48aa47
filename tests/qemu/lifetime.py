#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""lifetime.py - QEMU lifetime and liveness test of the reclaim-accel device (ctest -L qemu).

Drives qemu-system-aarch64 (-M virt) through the qtest protocol, with no guest: the test writes
guest RAM, PCI configuration space (ECAM) and BAR0 itself, and asks QMP questions meanwhile.
The device sits behind a pcie-root-port.

  unplug-copy  a COPY whose destination is the root port's configuration page, with the Slot
               Control word turned to power off: the device unplugs itself in the middle of its
               own command. QEMU must neither crash nor report to ASan, QMP must answer, and the
               device must be gone from query-pci.
  unplug-walk  the same through WALK results (a result word lands on Slot Control).
  sbr-copy     a COPY that sets Secondary Bus Reset in the root port's Bridge Control: the
               device is reset in the middle of its command; it must come back in reset state.
  liveness     tables aliased onto themselves (one table whose 512 entries point to itself), a
               SCAN of [0, 2^48) (refused: BAD_ARGS), the same with RUNS and a budget of 2^18
               (accepted: stops with RESUME after 2^18 descriptors; budget 2^18 + 1 or 0:
               BAD_ARGS), 64 SCANs of 1 GiB (the driver's largest,
               with REPORT_DIRTY: 262,144 young and dirty pages each, checked), the largest
               WALK, HASH, CMP and COPY this device accepts, and one entry more of each
               (BAD_ARGS). QMP query-status is sent every 5 ms throughout; its longest answer
               must stay under 100 ms. Run on both binaries: the limit is checked on the
               normal one (ASan makes the model about 3 times slower; its figure is printed).

  rtl-unplug-copy, rtl-unplug-walk, rtl-sbr-copy
               the same three with -device reclaim-accel,backend=rtl: the Verilated RTL in an
               ra-serve process (environment RA_SERVE) performs the command; ra-serve must end
               normally when QEMU drops the device (no protocol errors). Run only with RA_SERVE.
  rtl-version  a simulator that answers HELLO with another protocol version: QEMU refuses to
               create the device and names both versions.
  rtl-liveness liveness with backend=rtl, shortened (the RTL is slow): the refused SCANs, two
               SCANs of 1 GiB, WALK at its limit, one entry more than the limit of each engine;
               QMP must answer within 100 ms while the RTL runs in slices.

  tests/qemu/lifetime.py QEMU QEMU_ASAN WORKDIR [TEST...]
      QEMU, QEMU_ASAN: the last two lines of scripts/build-qemu --asan
"""
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from ra_regs import (CPL_FLAG, OP, REG, SCAN_FLAG, ST, WIN_BASE, WIN_STRIDE, pack,  # noqa: E402
                     unpack)

ECAM = 0x4010000000
RAM = 0x40000000
BAR0 = 0x10000000
RP = (0, 1, 0)          # the root port, 00:01.0
DEV = (1, 0, 0)         # the device behind it, 01:00.0
LIMIT_MS = 100.0

# Registers, codes and layouts: from rtl/regs/ra_regs.json (tests/ra_regs.py)
CTRL, STATUS, INT_STATUS, INT_MASK = (REG[n] for n in ("CTRL", "STATUS", "INT_STATUS", "INT_MASK"))
SQ_BASE_LO, SQ_BASE_HI, SQ_SIZE, SQ_HEAD, SQ_TAIL = (
    REG["SQ_" + n] for n in ("BASE_LO", "BASE_HI", "SIZE", "HEAD", "TAIL"))
CQ_BASE_LO, CQ_BASE_HI, CQ_SIZE, CQ_HEAD, CQ_TAIL = (
    REG["CQ_" + n] for n in ("BASE_LO", "BASE_HI", "SIZE", "HEAD", "TAIL"))
OP_WALK, OP_SCAN, OP_HASH, OP_CMP, OP_COPY = (
    OP[n] for n in ("WALK", "SCAN", "HASH", "CMP", "COPY"))
ST_OK, ST_BAD_ARGS = ST["OK"], ST["BAD_ARGS"]
SCAN_REPORT_DIRTY, SCAN_RUNS = SCAN_FLAG["REPORT_DIRTY"], SCAN_FLAG["RUNS"]

SQ = RAM + 0x100000     # 256 entries
CQ = RAM + 0x110000     # 256 entries
SQ_LOG2 = CQ_LOG2 = 8
DATA = RAM + 0x200000

failures = []


def check(cond, what):
    print(("CHECK PASS: " if cond else "CHECK FAIL: ") + what, flush=True)
    if not cond:
        failures.append(what)


def cfg(bdf, off):
    b, d, f = bdf
    return ECAM + (b << 20) + (d << 15) + (f << 12) + off


class Qemu:
    def __init__(self, qemu, work, name, rtl=False):
        self.work = work
        self.name = name
        dev = "reclaim-accel,id=ra,bus=rp"
        self.serve = None
        if rtl:
            sock = os.path.join(work, name + ".serve")
            self.serve_err = open(os.path.join(work, name + ".serve.stderr"), "w")
            self.serve = subprocess.Popen([os.environ["RA_SERVE"], "--socket", sock],
                                          stdout=self.serve_err, stderr=subprocess.STDOUT)
            dev += ",backend=rtl,rtl-socket=" + sock
        qs, ms = os.path.join(work, name + ".qtest"), os.path.join(work, name + ".qmp")
        lq, lm = socket.socket(socket.AF_UNIX), socket.socket(socket.AF_UNIX)
        for s, p in ((lq, qs), (lm, ms)):
            if os.path.exists(p):
                os.unlink(p)
            s.bind(p)
            s.listen(1)
        self.errpath = os.path.join(work, name + ".stderr")
        self.err = open(self.errpath, "w")
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1")
        self.proc = subprocess.Popen(
            [qemu, "-M", "virt", "-accel", "qtest", "-qtest", "unix:" + qs, "-qtest-log", "/dev/null", "-qmp", "unix:" + ms,
             "-m", "256", "-display", "none", "-nic", "none", "-nodefaults",
             "-device", "pcie-root-port,id=rp,chassis=1,slot=1,addr=1.0",
             "-device", dev, "-d", "guest_errors",
             "-D", os.path.join(work, name + ".log")],
            stdout=self.err, stderr=subprocess.STDOUT, env=env)
        lq.settimeout(30)
        lm.settimeout(30)
        self.q, _ = lq.accept()
        self.m, _ = lm.accept()
        lq.close()
        lm.close()
        self.qf = self.q.makefile("rb")
        self.mf = self.m.makefile("rb")
        self.qmp_lock = threading.Lock()
        json.loads(self.mf.readline())                  # greeting
        self.qmp("qmp_capabilities")
        self.lat = []
        self.stop = threading.Event()

    # --- qtest ---
    def qt(self, line):
        self.q.sendall((line + "\n").encode())
        while True:
            r = self.qf.readline().decode()
            if not r:
                raise RuntimeError("qtest connection closed (QEMU died?) at: " + line)
            if r.startswith("IRQ"):
                continue
            if not r.startswith("OK"):
                raise RuntimeError("qtest: %s -> %s" % (line, r.strip()))
            return r.split()[1] if len(r.split()) > 1 else None

    def rl(self, a):
        return int(self.qt("readl 0x%x" % a), 16)

    def rw(self, a):
        return int(self.qt("readw 0x%x" % a), 16)

    def rb(self, a):
        return int(self.qt("readb 0x%x" % a), 16)

    def wl(self, a, v):
        self.qt("writel 0x%x 0x%x" % (a, v))

    def ww(self, a, v):
        self.qt("writew 0x%x 0x%x" % (a, v))

    def wmem(self, a, data):
        for i in range(0, len(data), 1 << 16):
            chunk = data[i:i + (1 << 16)]
            self.qt("write 0x%x 0x%x 0x%s" % (a + i, len(chunk), chunk.hex()))

    def rmem(self, a, n):
        return bytes.fromhex(self.qt("read 0x%x 0x%x" % (a, n))[2:])

    def reg(self, off):
        return self.rl(BAR0 + off)

    def wreg(self, off, v):
        self.wl(BAR0 + off, v & 0xffffffff)

    # --- QMP ---
    def qmp(self, cmd, **args):
        with self.qmp_lock:
            self.m.sendall(json.dumps({"execute": cmd, "arguments": args}).encode())
            while True:
                r = json.loads(self.mf.readline())
                if "event" in r:
                    continue
                if "error" in r:
                    raise RuntimeError("QMP %s: %s" % (cmd, r["error"]))
                return r["return"]

    def pinger(self):
        while not self.stop.is_set():
            t = time.monotonic()
            self.qmp("query-status")
            self.lat.append((time.monotonic() - t) * 1000.0)
            time.sleep(0.005)

    def close(self):
        try:
            self.qmp("quit")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.err.close()
        with open(self.errpath) as f:
            err = f.read()
        if self.serve:
            # ra-serve ends when QEMU drops the device (end of the stream).
            try:
                rc = self.serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.serve.kill()
                rc = self.serve.wait()
            self.serve_err.close()
            with open(os.path.join(self.work, self.name + ".serve.stderr")) as f:
                serr = f.read()
            check(rc == 0 and "0 protocol errors" in serr,
                  "%s: ra-serve ended normally (status %s): %s" % (self.name, rc, serr.strip()[-200:]))
        return err

    # --- the platform: root port, device, rings ---
    def setup(self):
        self.wl(cfg(RP, 0x18), 0x00010100)                  # buses 0 -> 1..1
        self.wl(cfg(RP, 0x20), 0x10001000)                  # memory window 0x10000000, 1 MiB
        self.ww(cfg(RP, 0x04), 0x0006)
        ids = self.rl(cfg(DEV, 0))
        check(ids == 0x52411234, "reclaim-accel found behind the root port (ids 0x%08x)" % ids)
        self.wl(cfg(DEV, 0x10), BAR0)
        self.ww(cfg(DEV, 0x04), 0x0006)
        self.win(0, RAM, RAM + (256 << 20))
        self.wreg(SQ_BASE_LO, SQ)
        self.wreg(SQ_BASE_HI, 0)
        self.wreg(CQ_BASE_LO, CQ)
        self.wreg(CQ_BASE_HI, 0)
        self.wreg(SQ_SIZE, SQ_LOG2)
        self.wreg(CQ_SIZE, CQ_LOG2)
        self.wreg(CTRL, 1)
        self.tail = 0
        self.head = 0

    def win(self, n, base, limit):
        w = WIN_BASE + WIN_STRIDE * n
        for off, v in ((0x0, base), (0x4, base >> 32), (0x8, limit), (0xc, limit >> 32)):
            self.wreg(w + off, v)

    def pcie_cap(self, bdf):
        p = self.rb(cfg(bdf, 0x34))
        while p:
            if self.rb(cfg(bdf, p)) == 0x10:
                return p
            p = self.rb(cfg(bdf, p + 1))
        raise RuntimeError("no PCIe capability")

    def queue(self, op, flags=0, tag=0, ttbr=0, a=(0, 0, 0, 0, 0, 0), budget=0):
        d = pack("DESC", opcode=op, flags=flags, tag=tag, ttbr=ttbr, arg0=a[0], arg1=a[1],
                 arg2=a[2], arg3=a[3], arg4=a[4], arg5=a[5], budget=budget)
        self.wmem(SQ + 64 * self.tail, d)
        self.tail = (self.tail + 1) % (1 << SQ_LOG2)

    def ring(self):
        self.wreg(SQ_TAIL, self.tail)

    def wait(self, n, timeout=120):
        """Waits for n completions; returns them (tag, status, count0..3)."""
        t = time.monotonic()
        want = (self.head + n) % (1 << CQ_LOG2)
        while self.reg(CQ_TAIL) != want:
            if time.monotonic() - t > timeout:
                raise RuntimeError("no completion after %d s" % timeout)
            time.sleep(0.002)
        out = []
        for _ in range(n):
            e = unpack("CPL", self.rmem(CQ + 32 * self.head, 32))
            out.append((e["tag"], e["status"], e["count0"], e["count1"], e["count2"],
                        e["count3"]))
            self.head = (self.head + 1) % (1 << CQ_LOG2)
        self.wreg(CQ_HEAD, self.head)
        return out


def asan_clean(q, err, what):
    check("AddressSanitizer" not in err and q.proc.returncode == 0,
          "%s: QEMU exited normally (status %s), no ASan report" % (what, q.proc.returncode))
    if "AddressSanitizer" in err or q.proc.returncode:
        i = err.find("=" * 20)
        print(err[i:i + 6000] if i >= 0 else err[-3000:])


def unplug(qemu, work, how, rtl=False):
    q = Qemu(qemu, work, ("rtl-" if rtl else "") + "unplug-" + how, rtl)
    q.setup()
    cap = q.pcie_cap(RP)
    sltctl = cap + 0x18
    rp_page = cfg(RP, 0)
    q.win(1, rp_page, rp_page + 0x1000)
    before = q.rw(cfg(RP, sltctl))
    off = 0x0703            # power controller off (PCC), power indicator off, ABPE, PFDE
    if how == "copy":
        snap = bytearray(q.rmem(rp_page, 0x1000))
        struct.pack_into("<H", snap, sltctl, before | 0x0700)
        q.wmem(DATA, bytes(snap))
        q.wmem(DATA + 0x1000, struct.pack("<QQ", DATA, rp_page))
        q.queue(OP_COPY, tag=0x77, a=(DATA + 0x1000, DATA + 0x2000, 1, 0, 0, 0))
    else:
        # WALK: the result of a VA is {PA | level << 56, descriptor} at arg1. One VA whose
        # result puts 0x0703 into Slot Control's 16 bits: through the descriptor (a page leaf
        # whose output address or attributes carry it) or through the PA (OA | page offset).
        a = rp_page + sltctl
        word, sh = (a >> 3) & 1, (a & 7) * 8
        va = 0
        if word == 1:
            leaf = (off << sh) | 0x403 if sh else RAM | off
        elif sh in (16, 32):
            leaf = (off << sh) | 0x403
        elif sh == 0:
            leaf, va = RAM | 0x403, off
        else:
            raise RuntimeError("Slot Control at 0x%x: no WALK result word fits" % sltctl)
        t = DATA + 0x10000
        q.wmem(t, struct.pack("<Q", (t + 0x1000) | 3))
        q.wmem(t + 0x1000, struct.pack("<Q", (t + 0x2000) | 3))
        q.wmem(t + 0x2000, struct.pack("<Q", (t + 0x3000) | 3))
        q.wmem(t + 0x3000, struct.pack("<Q", leaf))
        q.wmem(DATA, struct.pack("<Q", va))
        q.queue(OP_WALK, tag=0x77, ttbr=t, a=(DATA, a & ~15, 1, 0, 0, 0))
    before_pci = json.dumps(q.qmp("query-pci"))
    check('"qdev_id": "ra"' in before_pci, "%s: the device is in query-pci before" % how)
    q.ring()
    time.sleep(0.5)
    try:
        st = q.qmp("query-status")
        ok = st.get("status") in ("running", "paused", "prelaunch")
        pci = json.dumps(q.qmp("query-pci"))
    except Exception as e:      # noqa: BLE001
        ok, pci = False, str(e)
    check(ok, "unplug by %s: QMP answers after the device unplugged itself" % how)
    check('"qdev_id": "ra"' not in pci, "unplug by %s: the device is gone from query-pci" % how)
    err = q.close()
    asan_clean(q, err, "unplug by " + how)


def sbr(qemu, work, rtl=False):
    q = Qemu(qemu, work, ("rtl-" if rtl else "") + "sbr-copy", rtl)
    q.setup()
    rp_page = cfg(RP, 0)
    q.win(1, rp_page, rp_page + 0x1000)
    snap = bytearray(q.rmem(rp_page, 0x1000))
    snap[0x3e] |= 0x40                                  # Bridge Control: Secondary Bus Reset
    q.wmem(DATA, bytes(snap))
    q.wmem(DATA + 0x1000, struct.pack("<QQ", DATA, rp_page))
    q.queue(OP_COPY, tag=0x78, a=(DATA + 0x1000, DATA + 0x2000, 1, 0, 0, 0))
    q.ring()
    time.sleep(0.5)
    q.ww(cfg(RP, 0x3e), q.rw(cfg(RP, 0x3e)) & ~0x40)    # leave reset
    q.wl(cfg(DEV, 0x10), BAR0)
    q.ww(cfg(DEV, 0x04), 0x0006)
    ctrl, sqh = q.reg(CTRL), q.reg(SQ_HEAD)
    check(ctrl == 0 and sqh == 0,
          "reset by its own DMA: the device comes back in reset state (CTRL %d, SQ_HEAD %d)"
          % (ctrl, sqh))
    q.setup()
    q.wmem(DATA, bytes(range(256)) * 16)
    q.wmem(DATA + 0x1000, struct.pack("<Q", DATA))
    q.queue(OP_HASH, tag=0x79, a=(DATA + 0x1000, DATA + 0x2000, 1, 0, 0, 0))
    q.ring()
    c = q.wait(1)[0]
    check(c[0] == 0x79 and c[1] == ST_OK and c[2] == 1, "reset by its own DMA: the device "
          "works afterwards (HASH completion %s)" % (c,))
    check(q.qmp("query-status").get("status") is not None, "reset by its own DMA: QMP answers")
    err = q.close()
    asan_clean(q, err, "reset by its own DMA")


def liveness(qemu, work, timing=True, rtl=False):
    q = Qemu(qemu, work, ("rtl-" if rtl else "") +
             ("liveness-asan" if not timing else "liveness"), rtl)
    q.setup()
    t = DATA                                            # the aliased table
    ent = t | (1 << 51) | 0x403                         # table / young, DBM, writable page
    q.wmem(t, struct.pack("<Q", ent) * 512)
    ybm, dbm = DATA + 0x100000, DATA + 0x200000         # 32 KiB each for 1 GiB
    th = threading.Thread(target=q.pinger, daemon=True)
    th.start()
    time.sleep(0.1)

    def timed(n, what):
        t0 = time.monotonic()
        q.ring()
        c = q.wait(n, timeout=600)
        dt = time.monotonic() - t0
        mx = max(q.lat) if q.lat else 0.0
        print("liveness: %s: %d commands in %.1f ms; longest QMP answer so far %.1f ms"
              % (what, n, dt * 1000, mx), flush=True)
        return c

    # SCAN of the whole VA space over the aliased tables (2^36 leaves): refused.
    q.queue(OP_SCAN, SCAN_REPORT_DIRTY, 1, t, (0, 1 << 48, ybm, dbm, 0, 0))
    c = timed(1, "SCAN [0, 2^48)")[0]
    check(c[1] == ST_BAD_ARGS and c[0] == 1, "SCAN of [0, 2^48) over aliased tables: BAD_ARGS "
          "(%s)" % (c,))
    # With RUNS and a budget of 2^18 descriptors any span is accepted (the budget bounds the
    # work): the aliased space is one young and dirty run, the scan stops with RESUME after
    # 2^18 descriptors. A budget of 2^18 + 1, or none, is refused.
    runs = SCAN_RUNS | SCAN_REPORT_DIRTY
    q.queue(OP_SCAN, runs, 3, t, (0, 1 << 48, ybm, 1, 0, 0), budget=1 << 18)
    c = timed(1, "SCAN RUNS [0, 2^48) budget 2^18")[0]
    cpl = unpack("CPL", q.rmem(CQ + 32 * ((q.head - 1) % (1 << CQ_LOG2)), 32))
    run = unpack("SCAN_RUN", q.rmem(ybm, 16))
    check(c[1] == ST_OK and c[4] == 1 << 18 and c[5] == 1 and cpl["flags"] & CPL_FLAG["RESUME"]
          and run["va"] == 0 and run["young"] and run["dirty"] and run["pages"] > 0,
          "SCAN RUNS of [0, 2^48) with budget 2^18: OK, RESUME after 2^18 descriptors, one run "
          "from VA 0 of %d pages (%s)" % (run["pages"], c,))
    # Tables whose entries point at lines the device cannot read (outside every window): the
    # bus record of each line is a unit of the budget too, so the same budget bounds the lines
    # visited (64 per table descriptor otherwise).
    t0, t1, far = DATA + 0x300000, DATA + 0x301000, RAM + (512 << 20)
    q.wmem(t0, struct.pack("<Q", t1 | 3) * 512)
    q.wmem(t1, struct.pack("<Q", far | 3) * 512)
    q.queue(OP_SCAN, runs, 6, t0, (0, 1 << 48, ybm, 1, 0, 0), budget=1 << 18)
    c = timed(1, "SCAN RUNS [0, 2^48) over unreadable tables, budget 2^18")[0]
    cpl = unpack("CPL", q.rmem(CQ + 32 * ((q.head - 1) % (1 << CQ_LOG2)), 32))
    check(c[1] == ST_OK and cpl["flags"] & CPL_FLAG["RESUME"] and 0 < c[3] < 1 << 18 and
          c[3] + c[4] == 1 << 18,
          "SCAN RUNS over tables of unreadable lines with budget 2^18: OK, RESUME after 2^18 "
          "descriptors and bus records together (%s)" % (c,))
    q.queue(OP_SCAN, runs, 4, t, (0, 1 << 48, ybm, 1, 0, 0), budget=(1 << 18) + 1)
    q.queue(OP_SCAN, runs, 5, t, (0, 1 << 48, ybm, 1, 0, 0), budget=0)
    c = timed(2, "SCAN RUNS [0, 2^48) budget 2^18 + 1 and 0")
    check(all(x[1] == ST_BAD_ARGS for x in c), "SCAN RUNS of [0, 2^48) with budget 2^18 + 1 "
          "or 0: BAD_ARGS (%s)" % (c,))
    q.wmem(ybm, bytes(32768))
    # One page more than 1 GiB: refused; exactly 1 GiB: done.
    q.queue(OP_SCAN, SCAN_REPORT_DIRTY, 2, t, (0, (1 << 30) + 4096, ybm, dbm, 0, 0))
    c = timed(1, "SCAN 1 GiB + 4 KiB")[0]
    check(c[1] == ST_BAD_ARGS, "SCAN of 2^18 + 1 pages: BAD_ARGS (%s)" % (c,))
    want = (ST_OK, 1 << 18, 0, 1 + 1 + 512 + (1 << 18), 1 << 18)
    nscan = 2 if rtl else 64
    for i in range(nscan):
        q.queue(OP_SCAN, SCAN_REPORT_DIRTY, 100 + i, t,
                ((i << 30) + (1 << 39), (i << 30) + (1 << 39) + (1 << 30), ybm, dbm, 0, 0))
    cs = timed(nscan, "%d SCANs of 1 GiB with REPORT_DIRTY (2^18 young and dirty leaves each)"
               % nscan)
    check(all(c[1:] == want for c in cs) and [c[0] for c in cs] == list(range(100, 100 + nscan)),
          "%d SCANs of 1 GiB: each OK, 262,144 young and dirty leaves, 262,658 descriptors"
          % nscan)
    bm = q.rmem(ybm, 32768) + q.rmem(dbm, 32768)
    check(bm == b"\xff" * 65536, "SCAN of 1 GiB: young and dirty bitmaps all ones")
    # The page engines and WALK at their limits, then one entry more.
    pages = DATA + 0x400000                             # 1 MiB of pages
    plist, res = DATA + 0x600000, DATA + 0x700000
    q.wmem(plist, b"".join(struct.pack("<QQ", pages + 0x1000 * (i % 256),
                                       pages + 0x1000 * ((i + 1) % 256)) for i in range(4097)))
    for op, mx, name in ((OP_WALK, 4096, "WALK"), (OP_HASH, 4096, "HASH"),
                         (OP_CMP, 1024, "CMP"), (OP_COPY, 256, "COPY")):
        if not rtl or op == OP_WALK:
            q.queue(op, 0, 0x200 + op, t if op == OP_WALK else 0, (plist, res, mx, 0, 0, 0))
            c = timed(1, "%s of %d" % (name, mx))[0]
            check(c[1] == ST_OK and c[2] + c[3] == mx,
                  "%s of %d entries: OK (%s)" % (name, mx, c))
        q.queue(op, 0, 0x300 + op, t if op == OP_WALK else 0, (plist, res, mx + 1, 0, 0, 0))
        c = timed(1, "%s of %d" % (name, mx + 1))[0]
        check(c[1] == ST_BAD_ARGS, "%s of %d entries: BAD_ARGS (%s)" % (name, mx + 1, c))
    # Everything at once: 16 of each.
    n = 0
    for i in range(0 if rtl else 16):
        q.queue(OP_SCAN, SCAN_REPORT_DIRTY, 0x400 + i, t, (0, 1 << 30, ybm, dbm, 0, 0))
        for op, mx in ((OP_WALK, 4096), (OP_HASH, 4096), (OP_CMP, 1024), (OP_COPY, 256)):
            q.queue(op, 0, 0x500 + i, t if op == OP_WALK else 0, (plist, res, mx, 0, 0, 0))
        n += 5
    if n:
        cs = timed(n, "16 each of SCAN 1 GiB, WALK 4096, HASH 4096, CMP 1024, COPY 256")
        check(all(c[1] == ST_OK for c in cs), "mixed queue of 80 commands at the limits: all OK")
    q.stop.set()
    th.join()
    mx = max(q.lat)
    print("liveness: %d QMP query-status answers, longest %.1f ms, median %.1f ms"
          % (len(q.lat), mx, sorted(q.lat)[len(q.lat) // 2]), flush=True)
    if timing:
        check(mx < LIMIT_MS, "QMP query-status answered within %d ms throughout (longest "
              "%.1f ms)" % (LIMIT_MS, mx))
    err = q.close()
    asan_clean(q, err, "liveness")


def rtl_version(qemu, work):
    sock = os.path.join(work, "rtl-version.serve")
    if os.path.exists(sock):
        os.unlink(sock)
    ls = socket.socket(socket.AF_UNIX)
    ls.bind(sock)
    ls.listen(1)

    def fake():
        c, _ = ls.accept()
        hdr = c.recv(8)
        typ, n = struct.unpack("<II", hdr)
        c.recv(n)
        # HELLO (1): magic "RASV", version 99, 8-byte port, latency 100, variant
        body = struct.pack("<IIII16s", 0x56535241, 99, 8, 100, b"w64")
        c.sendall(struct.pack("<II", 1, len(body)) + body)
        c.close()
    th = threading.Thread(target=fake, daemon=True)
    th.start()
    r = subprocess.run([qemu, "-M", "virt", "-display", "none", "-nic", "none", "-nodefaults",
                        "-device", "reclaim-accel,backend=rtl,rtl-socket=" + sock],
                       capture_output=True, text=True, timeout=60)
    th.join(5)
    ls.close()
    msg = (r.stdout + r.stderr).strip()
    print("rtl-version: QEMU said: %s" % msg, flush=True)
    check(r.returncode != 0 and "ra-serve speaks protocol version 99, this device version 1" in msg,
          "a simulator of protocol version 99: the device is refused with both versions named")


def main():
    qemu, asan = sys.argv[1], sys.argv[2]
    work = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="ra-lifetime-")
    os.makedirs(work, exist_ok=True)
    only = sys.argv[4:] or (["unplug-copy", "unplug-walk", "sbr-copy", "liveness-asan",
                             "liveness"] +
                            (["rtl-unplug-copy", "rtl-unplug-walk", "rtl-sbr-copy",
                              "rtl-version", "rtl-liveness"]
                             if os.environ.get("RA_SERVE") else []))
    t0 = time.monotonic()
    for name in only:
        try:
            print("--- %s" % name, flush=True)
            if name.startswith("unplug-"):
                unplug(asan, work, name[7:])
            elif name.startswith("rtl-unplug-"):
                unplug(asan, work, name[11:], rtl=True)
            elif name == "sbr-copy":
                sbr(asan, work)
            elif name == "rtl-sbr-copy":
                sbr(asan, work, rtl=True)
            elif name == "rtl-version":
                rtl_version(qemu, work)
            elif name == "rtl-liveness":
                liveness(qemu, work, rtl=True)
            elif name == "liveness-asan":
                liveness(asan, work, timing=False)
            else:
                liveness(qemu, work)
        except Exception as e:      # noqa: BLE001
            check(False, "%s: %s" % (name, e))
    print("lifetime: %.1f s, %d failed" % (time.monotonic() - t0, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

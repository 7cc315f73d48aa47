#!/usr/bin/env python3
"""test_cli - ra-sim walk/scan on a ra-mkimage demo image, against expectations computed here
from the demo layout's definition (see sim/ra_mkimage.c), on both engines; then bad input.

usage: test_cli.py BUILD_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

build = sys.argv[1]
RA_SIM = os.path.join(build, "sim", "ra-sim")
MKIMAGE = os.path.join(build, "sim", "ra-mkimage")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"test_cli: FAIL: {what}", file=sys.stderr)


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


# --- the demo layout, restated: (va, pa, level, desc) of every leaf and the bad descriptor ---
AF, AP2, DBM = 1 << 10, 1 << 7, 1 << 51
leaves = []
for i in range(16):
    leaves.append((0x400000 + 4096 * i, 0x100000000 + 4096 * i, 3, 0x100000000 + 4096 * i | AP2 | (AF if i % 2 == 0 else 0) | 3))
for i in range(64):
    leaves.append((0x10000000 + 4096 * i, 0x110000000 + 4096 * i, 3,
                   0x110000000 + 4096 * i | DBM | (AF if i % 3 == 0 else 0) | (0 if i % 5 == 0 else AP2) | 3))
leaves.append((0x20000000, 0x130000000, 2, 0x130000000 | AF | DBM | 1))
leaves.append((0x40000000, 0x140000000, 1, 0x140000000 | DBM | AP2 | 1))
leaves.append((0xbffff000, 0x180000000, 3, 0x180000000 | AF | DBM | 3))
BAD_VA = 0x10040000
SIZE = {1: 1 << 30, 2: 1 << 21, 3: 1 << 12}


def young(d):
    return bool(d & AF)


def dirty(d):
    return bool(d & DBM) and not d & AP2


with tempfile.TemporaryDirectory() as tmp:
    img = os.path.join(tmp, "demo.img")
    rc, out, err = run(MKIMAGE, "--layout", "demo", "--out", img)
    check(rc == 0, f"ra-mkimage: {err}")
    meta = json.loads(out)
    base, ttbr = meta["base"], meta["ttbr"]
    common = ["--image", img, "--base", base, "--ttbr", ttbr]

    # WALK: every leaf at an offset, the bad descriptor, an unmapped VA, a non-canonical VA
    vas, expect = [], []
    for va, pa, level, d in leaves:
        off = (va * 7 + 0x123) % SIZE[level] & ~7
        vas.append(va + off)
        expect.append({"va": hex(va + off), "pa": hex(pa + off), "level": level, "size": SIZE[level], "desc": hex(d)})
    vas += [BAD_VA, 0x30000000, 0x7fff00000000, 0x1234000000000000]
    expect += [{"va": hex(BAD_VA), "fault": "translation", "level": 3},
               {"va": hex(0x30000000), "fault": "translation", "level": 2},
               {"va": hex(0x7fff00000000), "fault": "translation", "level": 0},
               {"va": hex(0x1234000000000000), "fault": "translation", "level": 0}]
    results = {}
    for engine in ("model", "rtl"):
        rc, out, err = run(RA_SIM, "walk", *common, "--accel", engine, *[hex(v) for v in vas])
        check(rc == 0, f"walk --accel {engine}: rc {rc}: {err}")
        got = [json.loads(line) for line in out.splitlines()]
        check(len(got) == len(expect), f"walk {engine}: {len(got)} lines, expected {len(expect)}")
        for g, e in zip(got, expect):
            check(g == e, f"walk {engine}: got {g}, expected {e}")
        results[engine] = out
    check(results["model"] == results["rtl"], "walk: model and rtl outputs differ")
    # waves on request, and a slower bus (3 cycles per beat) gives the same answers
    fst = os.path.join(tmp, "walk.fst")
    rc, out, err = run(RA_SIM, "walk", *common, "--waves", fst, "--beat-cycles", "3",
                       "--latency", "17", *[hex(v) for v in vas])
    check(rc == 0 and out == results["rtl"], f"walk --waves --beat-cycles: rc {rc}: {err}")
    check(os.path.exists(fst) and os.path.getsize(fst) > 1000, "--waves wrote no FST waves")
    # every build of the device, RTL and model alike, gives the same answers
    for variant in ("w128", "nowc"):
        for engine in ("model", "rtl"):
            rc, out, err = run(RA_SIM, "walk", *common, "--accel", engine, "--variant", variant,
                               *[hex(v) for v in vas])
            check(rc == 0 and out == results["rtl"], f"walk --accel {engine} --variant {variant}: "
                  f"rc {rc}: {err}")

    # SCAN of the whole low 512 GiB with --clear --dirty, then again on the cleared image
    start, end = 0, 0xc0000000
    ey = [{"va": hex(va), "size": SIZE[l]} for va, pa, l, d in sorted(leaves) if young(d)]
    ed = [{"va": hex(va), "size": SIZE[l]} for va, pa, l, d in sorted(leaves) if dirty(d)]
    for engine in ("model", "rtl"):
        after = os.path.join(tmp, f"after-{engine}.img")
        rc, out, err = run(RA_SIM, "scan", *common, "--start", hex(start), "--end", hex(end),
                           "--clear", "--dirty", "--out", after, "--accel", engine)
        check(rc == 0, f"scan {engine}: rc {rc}: {err}")
        s = json.loads(out)
        check(s["young"] == ey, f"scan {engine}: young {s['young']} expected {ey}")
        check(s["dirty"] == ed, f"scan {engine}: dirty {s['dirty']} expected {ed}")
        check(s["faults"] == [{"va": hex(BAD_VA), "level": 3, "fault": "translation"}],
              f"scan {engine}: faults {s['faults']}")
        c = s["counters"]
        check(c["young_found"] == len(ey) and c["af_cleared"] == len(ey), f"scan {engine}: counters {c}")
        check(c["dirty_found"] == len(ed) and c["faults"] == 1, f"scan {engine}: dirty/faults {c}")
        check(os.path.getsize(after) == os.path.getsize(img), f"scan {engine}: --out size")
        rc, out, err = run(RA_SIM, "scan", "--image", after, "--base", base, "--ttbr", ttbr,
                           "--start", hex(start), "--end", hex(end), "--dirty", "--accel", engine)
        s2 = json.loads(out) if rc == 0 else {}
        check(rc == 0 and s2["young"] == [] and s2["dirty"] == ed,
              f"re-scan {engine}: young {s2.get('young')} dirty {s2.get('dirty')}")
    a, b = (open(os.path.join(tmp, f"after-{e}.img"), "rb").read() for e in ("model", "rtl"))
    check(a == b, "scan --out images of model and rtl differ")

    # Bad input: one line naming the argument, exit 2, nothing written
    short = os.path.join(tmp, "short.img")
    with open(short, "wb") as f:
        f.write(b"\0" * 1000)
    outf = os.path.join(tmp, "never.img")
    bad = [
        (["walk", "--base", base, "--ttbr", ttbr, "0x0"], "--image"),
        (["walk", "--image", os.path.join(tmp, "missing.img"), "--base", base, "--ttbr", ttbr, "0x0"], "--image"),
        (["walk", "--image", short, "--base", base, "--ttbr", ttbr, "0x0"], "--image"),
        (["walk", *common[:4], "--ttbr", "0x1000", "0x0"], "--ttbr"),
        (["walk", *common[:2], "--base", "0x40000800", "--ttbr", ttbr, "0x0"], "--base"),
        (["walk", *common, "0xzz"], "VA"),
        (["walk", *common, "--pa-bits", "50", "0x0"], "--pa-bits"),
        (["walk", *common, "--accel", "fpga", "0x0"], "--accel 'fpga'"),
        (["walk", *common, "--accel", "off", "0x0"], "--accel off"),
        (["walk", *common, "--variant", "w96", "0x0"], "--variant 'w96'"),
        (["walk", *common, "--accel", "model", "--waves", fst, "0x0"], "--waves"),
        # old spellings: refused, naming the new one
        (["walk", *common, "--engine", "rtl", "0x0"], "--accel"),
        (["walk", *common, "--engine=model", "0x0"], "--accel"),
        (["walk", *common, "--trace", fst, "0x0"], "--waves"),
        (["scan", *common, "--start", "0x0", "--end", "0x4000", "--rtl-variant", "w128"],
         "--variant"),
        (["scan", *common, "--start", "0x1800", "--end", "0x4000", "--out", outf], "--start"),
        (["scan", *common, "--start", "0x4000", "--end", "0x2000", "--out", outf], "--start"),
        (["scan", *common, "--start", "0x0", "--end", "0x2000000000000", "--out", outf], "--end"),
        (["scan", *common, "--start", "0x0", "--end", "12g4", "--out", outf], "--end"),
        (["scan", *common, "--end", "0x4000", "--out", outf], "--start"),
    ]
    for args, name in bad:
        rc, out, err = run(RA_SIM, *args)
        lines = err.strip().splitlines()
        check(rc == 2 and len(lines) == 1 and name in lines[0] and out == "",
              f"{' '.join(args)}: rc {rc}, stderr {err!r}: expected exit 2 and one line naming {name}")
    check(not os.path.exists(outf), "a rejected scan wrote its --out file")
    rc, out, err = run(RA_SIM, "--help")
    check(rc == 0 and "walk" in out and "scan" in out, "ra-sim --help")
    rc, out, err = run(RA_SIM, "frobnicate")
    check(rc == 2 and "frobnicate" in err, "unknown command")

print(f"test_cli: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

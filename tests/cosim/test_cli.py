#!/usr/bin/env python3
"""test_cli - ra-sim walk/scan on a ra-mkimage demo image, against expectations computed here
from the demo layout's definition (see sim/ra_mkimage.c), on both engines; ra-sim hash/cmp/copy
on an image of known pages against Python's own XXH64, byte comparison and copy; then bad input.

usage: test_cli.py BUILD_DIR
"""
import json
import re
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import Checks  # noqa: E402

build = sys.argv[1]
RA_SIM = os.path.join(build, "sim", "ra-sim")
MKIMAGE = os.path.join(build, "sim", "ra-mkimage")
check = Checks("test_cli")


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


# --- XXH64 (seed 0), written from the specification, for HASH's expected checksums ---
P1, P2, P3 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
P4, P5, M64 = 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5, (1 << 64) - 1


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M64


def xxh_round(acc, lane):
    return rotl((acc + lane * P2) & M64, 31) * P1 & M64


def xxh64(data, seed=0):
    n, i = len(data), 0
    le = lambda k, w: int.from_bytes(data[k:k + w], "little")
    if n >= 32:
        v = [(seed + P1 + P2) & M64, (seed + P2) & M64, seed, (seed - P1) & M64]
        while i + 32 <= n:
            v = [xxh_round(v[j], le(i + 8 * j, 8)) for j in range(4)]
            i += 32
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & M64
        for x in v:
            h = ((h ^ xxh_round(0, x)) * P1 + P4) & M64
    else:
        h = (seed + P5) & M64
    h = (h + n) & M64
    while i + 8 <= n:
        h = (rotl(h ^ xxh_round(0, le(i, 8)), 27) * P1 + P4) & M64
        i += 8
    if i + 4 <= n:
        h = (rotl(h ^ (le(i, 4) * P1 & M64), 23) * P2 + P3) & M64
        i += 4
    while i < n:
        h = rotl(h ^ (data[i] * P5 & M64), 11) * P1 & M64
        i += 1
    h = (h ^ (h >> 33)) * P2 & M64
    h = (h ^ (h >> 29)) * P3 & M64
    return h ^ (h >> 32)


# the reference's published values
check(xxh64(b"") == 0xEF46DB3751D8E999 and xxh64(b"a") == 0xD24EC4F1A98C6E5B and
      xxh64(b"abc") == 0x44BC2CF5AD770999, "the test's own XXH64 is wrong")


def young(d):
    return bool(d & AF)


def dirty(d):
    return bool(d & DBM) and not d & AP2


def merged(leaves):
    """{va, size} of leaves in VA order, adjacent ones merged into one run"""
    out = []
    for va, size in leaves:
        if out and int(out[-1]["va"], 16) + out[-1]["size"] == va:
            out[-1]["size"] += size
        else:
            out.append({"va": hex(va), "size": size})
    return out


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
            cached, start = g.pop("cached", None), g.pop("start", None)
            check(g == e, f"walk {engine}: got {g}, expected {e}")
            check(cached in ((None,) if "fault" in e else (True, False)),
                  f"walk {engine}: {g['va']}: cached {cached!r}")
            # a hit begins below level 0 and at or above the leaf; a miss at level 0
            check("fault" in e or (1 <= start <= e["level"] if cached else start == 0),
                  f"walk {engine}: {g['va']}: cached {cached!r} start {start!r}")
        # the leaves share their upper tables: with the 16-entry walk cache most walks begin
        # at a cached table, the first cannot
        hits = [json.loads(line).get("cached") for line in out.splitlines()]
        check(hits[0] is False and hits.count(True) >= len(leaves) // 2,
              f"walk {engine}: walk-cache hits {hits}")
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
            want = results["rtl"]
            if variant == "nowc":   # no walk cache: nothing cached, the rest the same
                want = re.sub(r'"cached":true,"start":\d', '"cached":false,"start":0', want)
            check(rc == 0 and out == want, f"walk --accel {engine} --variant {variant}: "
                  f"rc {rc}: {err}")

    # SCAN of the whole low 512 GiB with --clear --dirty, then again on the cleared image
    start, end = 0, 0xc0000000
    ey = merged([(va, SIZE[l]) for va, pa, l, d in sorted(leaves) if young(d)])
    ed = merged([(va, SIZE[l]) for va, pa, l, d in sorted(leaves) if dirty(d)])
    nyoung = sum(1 for va, pa, l, d in leaves if young(d))
    ndirty = sum(1 for va, pa, l, d in leaves if dirty(d))
    for engine in ("model", "rtl"):
        # the whole address space [0, 2^48) gives the same lists (run output, resumed scans)
        rc, out, err = run(RA_SIM, "scan", *common, "--start", "0x0", "--end", hex(1 << 48),
                           "--dirty", "--accel", engine)
        s = json.loads(out) if rc == 0 else {}
        check(rc == 0 and s["young"] == ey and s["dirty"] == ed and s["commands"] >= 1,
              f"scan [0, 2^48) {engine}: rc {rc} {err} young {s.get('young')} expected {ey}")
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
        check(c["young_found"] == nyoung and c["af_cleared"] == nyoung,
              f"scan {engine}: counters {c}")
        check(c["dirty_found"] == ndirty and c["faults"] == 1, f"scan {engine}: dirty/faults {c}")
        check(os.path.getsize(after) == os.path.getsize(img), f"scan {engine}: --out size")
        rc, out, err = run(RA_SIM, "scan", "--image", after, "--base", base, "--ttbr", ttbr,
                           "--start", hex(start), "--end", hex(end), "--dirty", "--accel", engine)
        s2 = json.loads(out) if rc == 0 else {}
        check(rc == 0 and s2["young"] == [] and s2["dirty"] == ed,
              f"re-scan {engine}: young {s2.get('young')} dirty {s2.get('dirty')}")
    a, b = (open(os.path.join(tmp, f"after-{e}.img"), "rb").read() for e in ("model", "rtl"))
    check(a == b, "scan --out images of model and rtl differ")

    # HASH, CMP, COPY on an image of known pages (printed seed), both engines, every build
    seed = int(os.environ.get("RA_SEED", "4711"))
    print(f"test_cli: page engines with seed {seed} (RA_SEED={seed} replays)")
    rnd = random.Random(seed)
    PB, NP, PG = 0x80000000, 32, 4096
    pages = [bytearray(rnd.randbytes(PG)) for _ in range(NP)]
    pages[1] = bytearray(PG)                          # zero page
    pages[2] = bytearray(pages[0])                    # equal to page 0
    for k, offs in ((3, (0,)), (4, (4095,)), (5, (1234, 2000)), (6, (8, 9))):
        pages[k] = bytearray(pages[0])
        for o in offs:
            pages[k][o] ^= 0x5a                       # differs from page 0 first at offs[0]
    pages[7] = bytearray(b"\xff" * PG)
    pages[8] = bytearray(PG)
    pages[8][4095] = 1                                # not a zero page
    pimg = os.path.join(tmp, "pages.img")
    with open(pimg, "wb") as f:
        f.write(b"".join(pages))
    pa = lambda k: PB + PG * k
    pcommon = ["--image", pimg, "--base", hex(PB)]
    BEYOND, OUTSIDE = 1 << 48, PB + PG * NP           # address-size fault; outside the image

    hash_in = [pa(k) for k in range(16)] + [pa(0) + 8, pa(3) + 0x800, OUTSIDE, PB - PG, BEYOND]
    hash_want = [{"pa": hex(pa(k)), "checksum": "0x%08x" % (xxh64(bytes(pages[k])) & 0xffffffff),
                  "zero": not any(pages[k])} for k in range(16)]
    hash_want += [{"pa": hex(pa(0) + 8), "fault": "address_size"},
                  {"pa": hex(pa(3) + 0x800), "fault": "address_size"},
                  {"pa": hex(OUTSIDE), "fault": "bus"}, {"pa": hex(PB - PG), "fault": "bus"},
                  {"pa": hex(BEYOND), "fault": "address_size"}]

    def first_diff(a, b):
        return next((i for i in range(PG) if a[i] != b[i]), None)

    cmp_pairs = [(pa(a), pa(b)) for a, b in ((0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (6, 0),
                                             (1, 1), (1, 8), (7, 1), (0, 0), (9, 10), (1, 2))]
    cmp_want = []
    for a, b in cmp_pairs:
        d = first_diff(pages[(a - PB) // PG], pages[(b - PB) // PG])
        cmp_want.append({"a": hex(a), "b": hex(b), "equal": True} if d is None else
                        {"a": hex(a), "b": hex(b), "equal": False, "offset": d})
    check([w.get("offset") for w in cmp_want[:6]] == [None, 0, 4095, 1234, 8, 8],
          "the CMP fixture is not what it should be")
    cmp_pairs += [(pa(0), OUTSIDE), (pa(0) + 4, pa(1)), (OUTSIDE, pa(0) + 4), (pa(2), BEYOND)]
    cmp_want += [{"a": hex(pa(0)), "b": hex(OUTSIDE), "fault": "bus", "at": "b"},
                 {"a": hex(pa(0) + 4), "b": hex(pa(1)), "fault": "address_size", "at": "a"},
                 {"a": hex(OUTSIDE), "b": hex(pa(0) + 4), "fault": "bus", "at": "a"},
                 {"a": hex(pa(2)), "b": hex(BEYOND), "fault": "address_size", "at": "b"}]

    # copies in order (16 -> 20 copies what 0 -> 16 wrote); faulting entries touch nothing
    copy_pairs = [(0, 16), (7, 17), (1, 18), (9, 9), (10, 19), (16, 20), (3, 0)]
    after = [bytearray(p) for p in pages]
    copy_want = []
    for s_, d_ in copy_pairs:
        after[d_] = bytearray(after[s_])
        copy_want.append({"src": hex(pa(s_)), "dst": hex(pa(d_)), "copied": True})
    copy_args = ["%x:%x" % (pa(s_), pa(d_)) for s_, d_ in copy_pairs]
    copy_args += ["%x:%x" % (pa(2), pa(21) + 8), "%x:%x" % (OUTSIDE, pa(21))]
    copy_want += [{"src": hex(pa(2)), "dst": hex(pa(21) + 8), "fault": "address_size",
                   "at": "dst"},
                  {"src": hex(OUTSIDE), "dst": hex(pa(21)), "fault": "bus", "at": "src"}]

    def lines(out):
        try:
            return [json.loads(line) for line in out.splitlines()]
        except ValueError:
            return None

    def expect(what, got, want):
        check(got is not None and len(got) == len(want), f"{what}: {len(got or [])} lines, "
              f"expected {len(want)}")
        for g, w in zip(got or [], want):
            check(g == w, f"{what}: got {g}, expected {w}")

    for engine in ("model", "rtl"):
        for variant in ("w64", "w128", "nowc"):
            dev = ["--accel", engine, "--variant", variant]
            rc, out, err = run(RA_SIM, "hash", *pcommon, *dev, *[hex(p) for p in hash_in])
            check(rc == 0, f"hash {engine} {variant}: rc {rc}: {err}")
            expect(f"hash {engine} {variant}", lines(out), hash_want)
            rc, out, err = run(RA_SIM, "cmp", *pcommon, *dev,
                               *["%x:%x" % p for p in cmp_pairs])
            check(rc == 0, f"cmp {engine} {variant}: rc {rc}: {err}")
            expect(f"cmp {engine} {variant}", lines(out), cmp_want)
            dst = os.path.join(tmp, f"copied-{engine}-{variant}.img")
            rc, out, err = run(RA_SIM, "copy", *pcommon, *dev, "--out", dst, *copy_args)
            check(rc == 0, f"copy {engine} {variant}: rc {rc}: {err}")
            expect(f"copy {engine} {variant}", lines(out), copy_want)
            got = open(dst, "rb").read() if os.path.exists(dst) else b""
            bad_pages = [k for k in range(NP) if got[PG * k:PG * (k + 1)] != after[k]]
            check(not bad_pages, f"copy {engine} {variant}: --out differs in pages {bad_pages}")
    # the source image is left alone; waves for the page engines too
    check(open(pimg, "rb").read() == b"".join(pages), "copy changed its --image")
    fst = os.path.join(tmp, "hash.fst")
    rc, out, err = run(RA_SIM, "hash", *pcommon, "--waves", fst, hex(pa(0)))
    check(rc == 0 and lines(out) == hash_want[:1], f"hash --waves: rc {rc}: {err}")
    check(os.path.exists(fst) and os.path.getsize(fst) > 1000, "hash --waves wrote no FST waves")
    # --pa-bits 32: a page at 4 GiB or above is an address-size fault, below it is fine
    rc, out, err = run(RA_SIM, "hash", *pcommon, "--pa-bits", "32", "--accel", "model",
                       hex(pa(0)), hex(1 << 32))
    check(rc == 0 and lines(out) == [hash_want[0], {"pa": hex(1 << 32), "fault": "address_size"}],
          f"hash --pa-bits 32: {out} {err}")

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
        (["hash", *pcommon], "PA"),
        (["hash", *pcommon, "0x8000zz00"], "PA"),
        (["hash", "--image", pimg, hex(PB)], "--base"),
        (["hash", *pcommon, "--ttbr", hex(PB), hex(PB)], "--ttbr"),
        (["hash", *pcommon, "--out", outf, hex(PB)], "--out"),
        (["hash", *pcommon, "--accel", "off", hex(PB)], "--accel off"),
        (["cmp", *pcommon, hex(PB)], "A:B"),
        (["cmp", *pcommon, "%x:" % PB], "B"),
        (["copy", *pcommon, "--out", outf, "%x:zz" % PB], "DST"),
        (["copy", *pcommon, "--out", outf, "--engine", "rtl", "%x:%x" % (PB, PB)], "--accel"),
    ]
    for args, name in bad:
        rc, out, err = run(RA_SIM, *args)
        lines = err.strip().splitlines()
        check(rc == 2 and len(lines) == 1 and name in lines[0] and out == "",
              f"{' '.join(args)}: rc {rc}, stderr {err!r}: expected exit 2 and one line naming {name}")
    check(not os.path.exists(outf), "a rejected scan wrote its --out file")
    rc, out, err = run(RA_SIM, "--help")
    check(rc == 0 and all(c in out for c in ("walk", "scan", "hash", "cmp", "copy")),
          "ra-sim --help")
    for c in ("walk", "scan", "hash", "cmp", "copy"):
        rc, out, err = run(RA_SIM, c, "--help")
        check(rc == 0 and f"ra-sim {c}" in out and "--accel" in out and "--variant" in out and
              "--waves" in out, f"ra-sim {c} --help")
    rc, out, err = run(RA_SIM, "frobnicate")
    check(rc == 2 and "frobnicate" in err, "unknown command")

check.done()

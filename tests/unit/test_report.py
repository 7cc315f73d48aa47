#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of ra-report (host/report/, docs/flows.md "Reports").

  test_report.py RA-REPORT DATA-DIR WORK-DIR

DATA-DIR is tests/data/report: two recorded runs (ra-sim run --workload zipf --scale 0.1
--interval 1000 with --accel model and --accel off), a ractl stat output and a synthesis report
in the accepted format (both written by hand), and in expected/ the exact outputs of `table`
and `csv` on them (checked by hand against ra-sim run's own report and the JSON).

Checks: tables and CSV equal the expected files (stdout and -o); plot, ab and html write
non-empty SVG and PNG files and pages that reference them; without gnuplot they say so and exit
1 while table and csv still work; malformed and truncated JSON, bad counters and bad ractl
output get one message naming the file, line and column and what was expected, and exit 2;
usage errors exit 2 and I/O errors 1.
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import Checks  # noqa: E402

TOOL, DATA, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
EXPECTED = os.path.join(DATA, "expected")
check = Checks("test_report")


def run(*args, env=None, cwd=DATA):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([TOOL] + list(args), capture_output=True, text=True, cwd=cwd, env=e)
    return p.returncode, p.stdout, p.stderr


def expect_file(name, got):
    with open(os.path.join(EXPECTED, name)) as f:
        want = f.read()
    if got != want:
        a, b = want.splitlines(), got.splitlines()
        first = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        print("  expected line %d: %r" % (first + 1, a[first] if first < len(a) else None))
        print("  got      line %d: %r" % (first + 1, b[first] if first < len(b) else None))
    check(got == want, "output equals expected/%s" % name)


def nonempty(path):
    return os.path.isfile(path) and os.path.getsize(path) > 0


def check_plots(d, names):
    for n in names:
        svg, png = os.path.join(d, n + ".svg"), os.path.join(d, n + ".png")
        check(nonempty(svg), "%s.svg written" % n)
        check(nonempty(png), "%s.png written" % n)
        if nonempty(svg):
            with open(svg) as f:
                check("<svg" in f.read(4096), "%s.svg is SVG" % n)
        if nonempty(png):
            with open(png, "rb") as f:
                check(f.read(8) == b"\x89PNG\r\n\x1a\n", "%s.png is PNG" % n)


class Tags(html.parser.HTMLParser):
    VOID = {"meta", "img", "br", "link", "hr", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.bad, self.srcs = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.srcs += [v for k, v in attrs if k == "src"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.bad += 1


def check_page(page, must_reference):
    check(nonempty(page), "%s written" % page)
    if not nonempty(page):
        return
    with open(page) as f:
        text = f.read()
    t = Tags()
    t.feed(text)
    check(text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>"),
          "%s: a whole HTML document" % page)
    check(t.bad == 0 and not t.stack, "%s: tags balanced (%d bad, open %s)" %
          (page, t.bad, t.stack))
    for n in must_reference:
        check('src="%s.svg"' % n in text, "%s references %s.svg" % (page, n))
    for s in t.srcs:
        check(nonempty(os.path.join(os.path.dirname(page), s)),
              "%s: its image %s exists next to it" % (page, s))


RUN_PLOTS = ("free", "reclaim", "scan", "faults")


def outputs():
    rc, out, err = run("table", "zipf-model.json", "zipf-off.json")
    check(rc == 0 and not err, "table: exit 0, nothing on stderr (%d %s)" % (rc, err))
    expect_file("table-zipf.txt", out)
    rc, out, err = run("table", "ractl-stat.txt", "--synth", "synth.json")
    check(rc == 0, "table of ractl stat and a synthesis report: exit 0 (%s)" % err)
    expect_file("table-ractl-synth.txt", out)
    rc, out, err = run("table", "ractl-stat.txt", "--synth", "no-such-synth.json")
    check(rc == 0 and "not found: skipped" in err, "--synth FILE that is absent is skipped")
    rc, out, err = run("csv", "zipf-model.json")
    check(rc == 0, "csv: exit 0")
    expect_file("samples-zipf-model.csv", out)
    path = os.path.join(WORK, "s.csv")
    rc, out, err = run("csv", "zipf-model.json", "-o", path)
    check(rc == 0 and out == "", "csv -o: exit 0, nothing on stdout")
    with open(path) as f:
        expect_file("samples-zipf-model.csv", f.read())
    rc, out, err = run("csv", "--counters", "zipf-model.json", "zipf-off.json")
    check(rc == 0, "csv --counters: exit 0")
    expect_file("counters-zipf.csv", out)
    rc, out, err = run("csv", "synth.json")
    expect_file("synth.csv", out)

    if not shutil.which(os.environ.get("RA_GNUPLOT") or "gnuplot"):
        print("note: gnuplot not installed: plot, ab and html outputs not checked")
    else:
        d = os.path.join(WORK, "plot")
        rc, out, err = run("plot", "zipf-model.json", "zipf-off.json", "-o", d)
        check(rc == 0, "plot: exit 0 (%s)" % err)
        check_plots(d, ["zipf-%s-%s" % (r, p) for r in ("model", "off") for p in RUN_PLOTS])
        for f in ("zipf-model.dat", "zipf-model.gp"):
            check(nonempty(os.path.join(d, f)), "plot leaves %s for redrawing" % f)
        d = os.path.join(WORK, "ab")
        rc, out, err = run("ab", "zipf-model.json", "zipf-off.json", "-o", d)
        check(rc == 0, "ab: exit 0 (%s)" % err)
        check("aging_cpu_desc_reads" in out and "ratio" in out, "ab: comparison on stdout")
        names = ["ab-time", "ab-free", "ab-progress"]
        check_plots(d, names)
        check_page(os.path.join(d, "index.html"), names)
        d = os.path.join(WORK, "html")
        page = os.path.join(d, "index.html")
        rc, out, err = run("html", "zipf-model.json", "zipf-off.json", "ractl-stat.txt",
                           "--synth", "synth.json", "--title", "zipf <model> & off", "-o", page)
        check(rc == 0, "html: exit 0 (%s)" % err)
        names = ["zipf-%s-%s" % (r, p) for r in ("model", "off") for p in RUN_PLOTS]
        names += ["compare-time", "compare-free", "compare-progress"]
        check_plots(d, names)
        check_page(page, names)
        with open(page) as f:
            text = f.read()
        check("<title>zipf &lt;model&gt; &amp; off</title>" in text, "html: title escaped")
        for needle in ("pgscan_kswapd", "af_cleared", "young_pages", "ra_top nowc (ice40 up5k)",
                       "aging_cpu_desc_reads"):
            check(needle in text, "html shows %s" % needle)

    # without gnuplot: plot and html say so and exit 1; table and csv do not need it
    nog = {"RA_GNUPLOT": "/nonexistent/gnuplot"}
    d = os.path.join(WORK, "noplot")
    rc, out, err = run("plot", "zipf-model.json", "-o", d, env=nog)
    check(rc == 1 and "gnuplot not found" in err, "plot without gnuplot: exit 1 and says so")
    check(nonempty(os.path.join(d, "zipf-model.gp")), "plot without gnuplot: script written")
    page = os.path.join(WORK, "nohtml", "index.html")
    rc, out, err = run("html", "zipf-model.json", "-o", page, env=nog)
    check(rc == 1 and "gnuplot not found" in err, "html without gnuplot: exit 1 and says so")
    check(nonempty(page) and "Plots not drawn" in open(page).read(),
          "html without gnuplot: the page says that plots were not drawn")
    page = os.path.join(WORK, "noplots2", "index.html")
    rc, out, err = run("html", "zipf-model.json", "--no-plots", "-o", page, env=nog)
    check(rc == 0 and nonempty(page), "html --no-plots: exit 0 without gnuplot")
    rc, out, err = run("table", "zipf-off.json", env=nog)
    check(rc == 0, "table works without gnuplot")
    rc, out, err = run("csv", "zipf-off.json", env=nog)
    check(rc == 0, "csv works without gnuplot")


ERR = re.compile(r"^ra-report: (?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def bad_input(name, content, line=None, col=None, needle="expected"):
    path = os.path.join(WORK, "bad", name)
    with open(path, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())
    rc, out, err = run("table", path)
    lines = err.strip().splitlines()
    m = ERR.match(lines[0]) if len(lines) == 1 else None
    check(rc == 2, "%s: exit 2 (got %d)" % (name, rc))
    check(out == "", "%s: nothing on stdout" % name)
    check(m is not None, "%s: one line 'ra-report: FILE:LINE:COL: ...' (got %r)" % (name, err))
    if not m:
        return
    check(m["file"] == path, "%s: the message names the file" % name)
    check(needle in m["msg"], "%s: the message says %r (%s)" % (name, needle, m["msg"]))
    if line is not None:
        check((int(m["line"]), int(m["col"])) == (line, col),
              "%s: at line %d, column %d (got %s:%s)" % (name, line, col, m["line"], m["col"]))


def malformed():
    os.makedirs(os.path.join(WORK, "bad"), exist_ok=True)
    with open(os.path.join(DATA, "zipf-off.json"), "rb") as f:
        good = f.read()
    # truncated anywhere: the error is at the end of the file and says so
    for cut in (1, 2, 40, 333, len(good) // 3, len(good) // 2, len(good) - 200, len(good) - 2):
        part = good[:cut]
        line = part.count(b"\n") + 1
        col = len(part) - (part.rfind(b"\n") + 1) + 1
        bad_input("trunc-%d.json" % cut, part, line, col, "end of file")
    cases = [
        ("empty.json", "", 1, 1, "empty"),
        ("spaces.json", " \n\n  ", 1, 1, "empty"),
        # jansson's messages; the position is that of the last character of the token named
        ("trailing-comma.json", '{"tool": "ra-sim run",}', 1, 23, "string or '}' expected"),
        ("trailing-comma-array.json", "[1, 2,]", 1, 7, "unexpected token near ']'"),
        ("missing-colon.json", '{"tool" "ra-sim run"}', 1, 20, "':' expected"),
        ("missing-comma.json", '{"a": 1\n "b": 2}', 2, 4, "'}' expected"),
        ("single-quotes.json", "{'tool': 1}", 1, 2, "string or '}' expected"),
        ("leading-zero.json", '{"a": 007}', 1, 7, "invalid token"),
        ("bad-number.json", '{"a": -}', 1, 7, "invalid token"),
        ("bad-fraction.json", '{"a": 1.}', 1, 8, "invalid token"),
        ("nan.json", '{"a": NaN}', 1, 9, "invalid token near 'NaN'"),
        ("bad-literal.json", '{"a": nul}', 1, 9, "invalid token near 'nul'"),
        ("bad-escape.json", '{"a": "\\x"}', 1, 9, "invalid escape"),
        ("control-char.json", '{"a": "x\ty"}', 1, 8, "control character"),
        ("lone-surrogate.json", '{"a": "\\udc00"}', 1, 14, "invalid Unicode"),
        ("nul-escape.json", '{"a": "\\u0000"}', 1, 14, "\\u0000 is not allowed"),
        ("bad-utf8.json", b'{"a": "\xc3\x28"}', 1, 7, "unable to decode byte 0xc3"),
        ("duplicate.json", '{"a": 1,\n "a": 2}', 2, 4, "duplicate object key"),
        ("after-value.json", '{"a": 1} {', 1, 10, "end of file expected"),
        ("deep.json", "[" * 2100 + "]" * 2100, 1, 2049, "maximum parsing depth"),
        ("bom.json", b"\xef\xbb\xbf{}", 1, 1, "byte order mark"),
        ("scalar.json", "42", 1, 1, "expected an ra-sim run report"),
        ("ractl-bad-value.txt", "counter.cycles 12\ncounter.walks x\n", 2, 15, "expected the value"),
        ("ractl-bad-line.txt", "counter.cycles 12\nhello\n", 2, 1, "counter.NAME VALUE"),
    ]
    for c in cases:
        bad_input(*c)
    # well-formed JSON whose content is not what ra-report reads
    text = good.decode()
    sem = [
        ("not-ra-sim.json", text.replace('"tool":"ra-sim run"', '"tool":"fio"', 1), "tool"),
        ("version.json", text.replace('"version":1', '"version":2', 1), "version 2"),
        ("string-counter.json", re.sub(r'"pgfault":(\d+)', r'"pgfault":"\1"', text, 1),
         "vmstat.pgfault: expected a non-negative integer, found a string"),
        ("negative.json", re.sub(r'"pswpin":(\d+)', r'"pswpin":-1', text, 1),
         "expected a non-negative integer, found -1"),
        ("no-vmstat.json", text.replace('"vmstat":', '"vmstatus":', 1),
         'expected a member "vmstat"'),
        ("no-total.json", text.replace('"total_cycles":', '"all_cycles":', 1),
         '"total_cycles"'),
        ("sample-missing.json", re.sub(r'("ops":2000,.*?)"pgfault":\d+,', r"\1", text, 1,
                                       re.S), 'as in samples[0]'),
        ("sample-order.json", text.replace('"ops":3000,', '"ops":30,', 1),
         "expected samples in order"),
        ("synth-no-target.json", '[{"cells": 3}]', 'expected a member "target"'),
        ("synth-bad-luts.json", '[{"target": "x", "luts": "many"}]',
         "synthesis[0].luts: expected a non-negative number"),
    ]
    for name, content, needle in sem:
        check(content != text or name.startswith("synth"), "%s: the fixture was changed" % name)
        bad_input(name, content, needle=needle)
    # content errors name the line and column of the value (or of the object missing a member)
    for name, content, line, col, needle in (
            ("pos-luts.json", '[{"target": "x",\n  "luts": "many"}]', 2, 11, "synthesis[0].luts"),
            ("pos-element.json", '[{"target": "x"}, {"target": "y", "a": [1, {}]},\n 7]', 2, 2,
             "synthesis[2]"),
            ("pos-missing.json", '[{"target": "x"}, {"target": "y", "a": [1, {}]},\n {"cells": 1}]', 2, 2,
             'expected a member "target"'),
            ("pos-null.json", '{"tool": "ra-sim run", "version": null}', 1, 35,
             "expected a non-negative integer, found null"),
            ("pos-counter.json", '{"tool": "ra-sim run", "version": 1, "config": {"workload": "w", '
             '"accel": "off", "mem_bytes": 1}, "machine": {}, "vmstat": {"a": 1,\n "b": true}}',
             2, 7, "vmstat.b: expected a non-negative integer, found true")):
        bad_input(name, content, line, col, needle)


def usage():
    for args, rc, needle in (
            ([], 2, "expected a command"),
            (["frobnicate", "x.json"], 2, "unknown command"),
            (["table"], 2, "at least one FILE"),
            (["plot", "zipf-model.json"], 2, "expected -o"),
            (["ab", "zipf-model.json", "-o", os.path.join(WORK, "x")], 2, "two FILEs"),
            (["ab", "zipf-model.json", "ractl-stat.txt", "-o", os.path.join(WORK, "x")], 2,
             "expected two run reports"),
            (["table", "--counters", "zipf-model.json"], 2, "--counters goes with csv"),
            (["table", "--bogus", "zipf-model.json"], 2, "Try 'ra-report --help'"),
            (["csv", "zipf-model.json", "zipf-off.json"], 2, "expected one FILE"),
            (["plot", "ractl-stat.txt", "-o", os.path.join(WORK, "x")], 2, "at least two samples"),
            (["table", "no-such-file.json"], 1, "No such file"),
            (["csv", "zipf-model.json", "-o", "/nonexistent-dir/x.csv"], 1, "nonexistent-dir"),
            (["table", DATA], 1, "is a directory")):
        rc_, out, err = run(*args)
        check(rc_ == rc and needle in err, "ra-report %s: exit %d and says %r (got %d: %s)" %
              (" ".join(args), rc, needle, rc_, err.strip()))
    rc, out, err = run("--help")
    check(rc == 0 and all(c in out for c in ("table", "csv", "plot", "ab", "html", "gnuplot",
                                             "Exit codes")), "--help explains everything")


CURVE_RUNS = ("curve-freq-off-1024.json", "curve-freq-off-256.json",
              "curve-freq-model-1024.json", "curve-classic-off-0.json")


def curve():
    """plot with runs that have an aging section: the curve's data is each run's aging CPU
    (aging.cpu_cycles + aging.dev_wait_cycles), pgpgin and simulated Mcycles, a block per
    policy and engine in the order first given, points by aging CPU; html shows it; the bounds
    section appears in the tables, with "-" for a ratio without a divisor"""
    import json
    d = os.path.join(WORK, "curve")
    rc, out, err = run("plot", *CURVE_RUNS, "-o", d)
    check(rc == 0, "plot of the curve runs: exit 0 (%s)" % err)
    check_plots(d, ("curve-reads", "curve-time"))
    runs = [json.load(open(os.path.join(DATA, f))) for f in CURVE_RUNS]
    series = []
    for j in runs:
        k = (j["config"]["lru"], j["config"]["accel"])
        if k not in series:
            series.append(k)
    want = []
    for k in series:
        pts = sorted((j for j in runs if (j["config"]["lru"], j["config"]["accel"]) == k),
                     key=lambda j: j["aging"]["cpu_cycles"] + j["aging"]["dev_wait_cycles"])
        want.append([(max(j["aging"]["cpu_cycles"] + j["aging"]["dev_wait_cycles"], 1),
                      j["vmstat"]["pgpgin"], round(j["time"]["total_cycles"] / 1e6, 3))
                     for j in pts])
    got, block = [], None
    with open(os.path.join(d, "curve.dat")) as f:
        for line in f:
            if line.startswith("# ") and "," in line:
                block = []
                got.append(block)
            elif line.strip() and not line.startswith("#"):
                a, r, t, _ = line.split()
                block.append((int(a), int(r), round(float(t), 3)))
    check(got == want, "curve.dat holds each run's point (%s, want %s)" % (got, want))
    check(len(series) == 3, "three series: freq/off, freq/model, classic/off")
    page = os.path.join(WORK, "curve-page", "index.html")
    rc, out, err = run("html", *CURVE_RUNS, "-o", page)
    check(rc == 0, "html of the curve runs: exit 0 (%s)" % err)
    check_page(page, ("curve-reads", "curve-time"))
    rc, out, err = run("table", "curve-freq-off-1024.json")
    check(rc == 0 and "bounds" in out and "freq_page_reads" in out and "run_over_lfu" in out,
          "table shows the bounds section")
    nul = os.path.join(WORK, "null-ratio.json")
    j = runs[0]
    j["bounds"]["run_over_opt"] = None
    with open(nul, "w") as f:
        json.dump(j, f)
    rc, out, err = run("table", nul)
    check(rc == 0 and re.search(r"run_over_opt\s+-\s*$", out, re.M) is not None,
          "a null ratio is shown as - (%s)" % err)
    rc, out, err = run("csv", "--counters", nul)
    check(rc == 0 and "bounds,run_over_opt,-" in out, "csv: a null ratio is -")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
outputs()
curve()
malformed()
usage()
check.done()

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end checks of `ra-sim run` (docs/firmware.md).

  test_run.py BUILD_DIR integrity     every workload keeps every page's content (the oracle
                                      checks each load and every page at the end), no leaks,
                                      and each workload shows the mechanism it is about
  test_run.py BUILD_DIR faults        swap full, swap/disk write and read errors: nothing is
                                      lost or corrupted; the page stays or its process is told
  test_run.py BUILD_DIR determinism   same workload and seed: identical counters with the
                                      device as RTL, as C model and with software aging
  test_run.py BUILD_DIR cli           bad arguments are refused with a message and exit 2
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import Checks  # noqa: E402

BUILD = sys.argv[1]
MODE = sys.argv[2]
SIM = os.path.join(BUILD, "sim", "ra-sim")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
check = Checks("test_run " + MODE)


def run(*args, rc=0):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    cmd = [SIM, "run", "--quiet", "--json", path] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True)
    check(p.returncode == rc, "%s: exit %d (expected %d)\n%s%s" %
          (" ".join(cmd), p.returncode, rc, p.stdout[-2000:], p.stderr[-2000:]))
    try:
        with open(path) as f:
            j = json.load(f)
    except (OSError, ValueError):
        j = None
    os.unlink(path)
    print("ran:", " ".join(args), "->", p.returncode)
    return j


def intact(j, name, live=True):
    i = j["integrity"]
    check(i["pages_verified"] > 0 or not live, name + ": pages verified")
    for k in ("page_mismatches", "unreadable", "load_mismatches", "read_mismatches",
              "leaked_swap_slots", "leaked_pages"):
        check(i[k] == 0, "%s: integrity %s = %d" % (name, k, i[k]))


def states(j):
    return {p["comm"]: p["state"] for p in j["workload"]["processes"]}


def bounds_ok(j, name):
    """The bounds section: OPT's figure as in "opt", OPT no worse than LRU or the frequency
    bound, and each ratio the quotient of its two figures (null when the divisor is 0)."""
    b = j["bounds"]
    check(b["opt_page_reads"] == j["opt"]["page_reads"] and b["frames"] == j["opt"]["frames"],
          name + ": bounds and opt agree")
    check(b["opt_page_reads"] <= b["lru_page_reads"] and b["opt_page_reads"] <=
          b["freq_page_reads"] and b["opt_page_reads"] <= b["lfu_page_reads"],
          name + ": OPT is the least")
    check(b["run_page_reads"] == j["vmstat"]["pgpgin"], name + ": the run's reads are pgpgin")
    for k, num, den in (("run_over_opt", "run", "opt"), ("run_over_lru", "run", "lru"),
                        ("run_over_freq", "run", "freq"), ("lru_over_opt", "lru", "opt"),
                        ("freq_over_opt", "freq", "opt"), ("run_over_lfu", "run", "lfu"),
                        ("lfu_over_opt", "lfu", "opt")):
        n, d = b[num + "_page_reads"], b[den + "_page_reads"]
        want = None if d == 0 else round(n / d, 4)
        check(b[k] == want, "%s: bounds.%s = %r, want %r" % (name, k, b[k], want))


def integrity():
    for lru in POLICIES:
        integrity_policy(lru)
    # what the sampled-frequency policy buys (the demo says so; docs/performance.md)
    c, f = (run("--workload", "zipf", "--accel", "model", "--lru", l) for l in ("classic", "freq"))
    check(f["vmstat"]["pgpgin"] < c["vmstat"]["pgpgin"] and
          f["vmstat"]["pgpgin"] < f["bounds"]["lru_page_reads"],
          "zipf: freq reads fewer pages than classic and than exact LRU")
    check(f["time"]["total_cycles"] * 5 < c["time"]["total_cycles"] * 4,
          "zipf: freq takes at least 20%% less simulated time than classic (%d vs %d)" %
          (f["time"]["total_cycles"], c["time"]["total_cycles"]))
    check(f["vmstat"]["freq_refault_restored"] > 0 and f["vmstat"]["aging_periodic"] > 0 and
          f["aging"]["dev_overlapped_cycles"] > 0, "zipf/freq: periodic aging and ghost counts")
    # the recorded traces: freq never reads more pages than exact LRU, and mglru never more
    # than classic (at the sizes where reclaim has work: docs/performance.md)
    for trace, mems in (("hashjoin.ratr.gz", ("4M", "5M", "6M")), ("xz.ratr.gz", ("4M", "6M"))):
        t = {}
        for lru in ("freq", "mglru", "classic"):
            for mem in mems:
                t[lru, mem] = run("--workload", "trace:" + os.path.join(DATA, trace), "--accel",
                                  "model", "--mem", mem, "--lru", lru)
                intact(t[lru, mem], "%s/%s/%s" % (trace, lru, mem))
        for mem in mems:
            f, m, c = t["freq", mem], t["mglru", mem], t["classic", mem]
            check(f["vmstat"]["pgpgin"] <= f["bounds"]["lru_page_reads"],
                  "%s %s: freq reads no more than exact LRU (%d vs %d)" %
                  (trace, mem, f["vmstat"]["pgpgin"], f["bounds"]["lru_page_reads"]))
            check(m["vmstat"]["pgpgin"] <= c["vmstat"]["pgpgin"],
                  "%s %s: mglru reads no more than classic (%d vs %d)" %
                  (trace, mem, m["vmstat"]["pgpgin"], c["vmstat"]["pgpgin"]))
    x = run("--workload", "trace:" + os.path.join(DATA, "xz.ratr.gz"), "--accel", "model",
            "--mem", "4M")
    check(10 * x["vmstat"]["pgpgin"] <= 9 * x["bounds"]["lru_page_reads"],
          "xz 4M: freq reads at least 10%% fewer pages than exact LRU (%d vs %d)" %
          (x["vmstat"]["pgpgin"], x["bounds"]["lru_page_reads"]))
    # MGLRU's thrashing protection: with min_ttl longer than zipf's working set survives,
    # reclaim refuses and the OOM killer runs, as Linux does
    j = run("--workload", "zipf", "--accel", "off", "--lru", "mglru", "--min-ttl", "2000")
    check(j["vmstat"]["mglru_min_ttl_protect"] > 0 and j["vmstat"]["oom_kill"] == 1,
          "mglru --min-ttl: reclaim refuses, the OOM killer runs")
    j = run("--workload", "zipf", "--accel", "off", "--lru", "mglru")
    check(j["vmstat"]["mglru_min_ttl_protect"] == 0 and j["vmstat"]["oom_kill"] == 0,
          "mglru without --min-ttl: no protection, no OOM kill")
    # a zero divisor is null in the JSON and "-" in the text report
    j = run("--workload", "ksm-vms", "--accel", "off", "--mem", "8M")
    check(j["bounds"]["opt_page_reads"] == 0 and j["bounds"]["run_over_opt"] is None and
          j["opt"]["ratio"] is None, "ksm-vms: no reads, ratios null")
    p = subprocess.run([SIM, "run", "--quiet", "--workload", "ksm-vms", "--accel", "off",
                        "--mem", "8M"], capture_output=True, text=True)
    check("(- OPT)" in p.stdout and "0.000x" not in p.stdout, "text: a zero divisor prints -")
    # proactive compaction that makes no progress defers (Linux's proactive_defer)
    j = run("--workload", "zipf", "--accel", "off", "--proactiveness", "90")
    v = j["vmstat"]
    check(v["compact_daemon_defer"] > 0 and v["compact_daemon_defer"] > v["compact_daemon_wake"],
          "zipf: proactive compaction defers (%d wakes, %d deferred)" %
          (v["compact_daemon_wake"], v["compact_daemon_defer"]))
    check(v["pgmigrate_fail"] < 20 * max(v["pgmigrate_success"], 1),
          "zipf: proactive compaction does not fail migrations in vain (%d ok, %d failed)" %
          (v["pgmigrate_success"], v["pgmigrate_fail"]))


def integrity_policy(lru):
    P = ("--lru", lru)
    for accel in ("off", "model"):
        j = run("--workload", "zipf", "--accel", accel, *P)
        v = j["vmstat"]
        name = "zipf/%s/%s" % (lru, accel)
        intact(j, name)
        bounds_ok(j, name)
        check(v["pswpout"] > 1000 and v["pswpin"] > 1000, name + ": swaps")
        check(v["pgmajfault"] == v["pswpin"], name + ": every major fault is a swap-in")
        check(v["kswapd_wake"] > 0 and v["pgsteal_kswapd"] > 0, name + ": kswapd reclaims")
        check(v["workingset_refault"] > 0, name + ": refaults")
        if lru == "classic":
            check(v["workingset_activate"] > 0, name + ": refaults activate")
        elif lru == "freq":
            check(v["freq_samples"] + v["freq_repeats"] >= v["aging_young"] and
                  v["freq_repeats"] > 0, name + ": every young PTE counted")
        else:
            check(v["mglru_aging"] > 0 and v["mglru_walk_promoted"] > 0,
                  name + ": generations made by page-table walks")
        check(j["opt"]["page_reads"] <= v["pgpgin"], name + ": OPT reads no more than the run")
    j = run("--workload", "stream-file", "--accel", "off", *P)
    v = j["vmstat"]
    intact(j, "stream-file/" + lru)
    if lru != "mglru":
        check(v["pswpout"] == 0 and v["pswpin"] == 0,
              "stream-file: the hot anon set stays resident")
        check(v["pgmajfault"] == j["opt"]["page_reads"], "stream-file: major faults equal OPT's")
    else:   # MGLRU lets a few hot anon pages go (docs/firmware.md): within 1% of OPT
        check(100 * v["pgmajfault"] <= 101 * j["opt"]["page_reads"],
              "stream-file/mglru: major faults within 1%% of OPT's (%d vs %d)" %
              (v["pgmajfault"], j["opt"]["page_reads"]))
    j = run("--workload", "mixed", "--accel", "off", *P)
    v = j["vmstat"]
    intact(j, "mixed")
    check(v["slabs_scanned"] > 0 and v["slabs_freed"] > 0, "mixed: the dentry shrinker works")
    check(v["pgwriteback"] > 0, "mixed: dirty file pages are written back")
    check(v["pswpout"] > 0 and v["pgsteal_file"] > 0, "mixed: anon and file reclaim")
    check(v["unevictable_pgs_culled"] == 0 or v["unevictable_pgs_culled"] > 0, "mixed: culled")
    check(states(j)["batch"] == "exited", "mixed: the batch job exited")
    j = run("--workload", "oom", "--accel", "off", *P)
    v = j["vmstat"]
    intact(j, "oom")
    st = states(j)
    check(v["oom_kill"] >= 1, "oom: the OOM killer ran")
    check(sum(1 for s in st.values() if s == "oom_killed") == v["oom_kill"], "oom: kills")
    check(st["service"] == "live", "oom: the small service survives")
    check(st["hog0"] == "live" or st["hog1"] == "live" or st["hog2"] == "live",
          "oom: a hog survives and keeps running")
    ksm = {}
    for accel in ("off", "model"):
        j = run("--workload", "ksm-vms", "--accel", accel, *P)
        intact(j, "ksm-vms/" + accel)
        k = j["ksm"]
        check(k["pages_sharing"] > 1000 and k["pages_shared"] > 300 and k["full_scans"] > 5,
              "ksm-vms/%s: pages merged (%s)" % (accel, k))
        check(j["vmstat"]["ksm_cow"] > 0, "ksm-vms: writes break sharing")
        ksm[accel] = j
    check(ksm["off"]["ksm"] == ksm["model"]["ksm"], "ksm-vms: the device and the CPU merge alike")
    check(ksm["model"]["vmstat"]["page_commands"] > 0 and
          ksm["off"]["vmstat"]["page_commands"] == 0, "ksm-vms: HASH/CMP on the device only with it")
    j = run("--workload", "ksm-vms", "--accel", "off", "--ksm", "off", *P)
    check(j["ksm"]["pages_sharing"] == 0, "ksm-vms --ksm off merges nothing")
    frag = {}
    for c in ("on", "off"):
        j = run("--workload", "fragment", "--accel", "model", "--compaction", c, *P)
        intact(j, "fragment/compaction " + c)
        frag[c] = j
    on, off = frag["on"], frag["off"]
    check(on["compaction"]["huge_ok"] > off["compaction"]["huge_ok"],
          "fragment: compaction makes more order-9 requests succeed (%d vs %d of %d)" %
          (on["compaction"]["huge_ok"], off["compaction"]["huge_ok"],
           on["compaction"]["huge_attempts"]))
    check(on["vmstat"]["compact_stall"] > 0 and on["vmstat"]["pgmigrate_success"] > 0 and
          on["vmstat"]["compact_migrate_scanned"] > 0 and on["vmstat"]["compact_free_scanned"] > 0,
          "fragment: direct compaction migrated pages")
    check(off["vmstat"]["pgmigrate_success"] == 0, "fragment: no migration without compaction")
    j = run("--workload", "trace:" + os.path.join(DATA, "hashjoin.ratr.gz"), "--accel", "off", *P)
    intact(j, "trace")
    bounds_ok(j, "trace/" + lru)
    check(j["opt"]["page_reads"] > 0 and j["vmstat"]["pgmajfault"] >= j["opt"]["page_reads"],
          "trace: the run reads at least as many pages as OPT")
    o = run("--workload", "trace:" + os.path.join(DATA, "hashjoin.ratr.gz"), "--policy", "opt")
    check(o is not None and o["page_reads"] == j["opt"]["page_reads"],
          "trace: --policy opt agrees with the LRU run's OPT figure")


POLICIES = ("classic", "mglru", "freq")


def faults():
    for lru in POLICIES:
        faults_policy(lru)


def faults_policy(lru):
    P = ("--lru", lru)
    j = run("--workload", "mixed", "--accel", "off", "--swap", "2M", *P)
    intact(j, "swap full")
    if lru != "mglru":  # MGLRU stops scanning anon when swap runs low (as Linux does)
        check(j["vmstat"]["swap_full"] > 0, "swap full: counted, the pages stay resident")
    j = run("--workload", "zipf", "--accel", "off", "--swap", "1M", *P)
    intact(j, "swap full, anon only", live=False)
    check(j["vmstat"]["oom_kill"] == 0 or states(j)["zipf"] == "oom_killed",
          "swap full, anon only: the process keeps its pages or is told")
    j = run("--workload", "zipf", "--accel", "off", "--fail-swap-write", "0.2", *P)
    intact(j, "swap write errors")
    check(j["vmstat"]["swap_write_error"] > 0, "swap write errors: counted")
    check(j["vmstat"]["swap_write_error"] == j["integrity"]["injected_swap_write"],
          "swap write errors: each injected error is seen")
    check(states(j)["zipf"] == "live", "swap write errors: the process is unharmed")
    j = run("--workload", "mixed", "--accel", "off", "--fail-swap-read", "0.01", *P)
    intact(j, "swap read errors")
    st = states(j)
    check(j["vmstat"]["swap_read_error"] > 0, "swap read errors: counted")
    check(j["vmstat"]["sigbus_kill"] == sum(1 for s in st.values() if s == "sigbus") and
          j["vmstat"]["sigbus_kill"] >= 1, "swap read errors: the process is told (SIGBUS)")
    j = run("--workload", "mixed", "--accel", "off", "--fail-disk-write", "0.3", *P)
    intact(j, "disk write errors")
    check(j["vmstat"]["file_write_error"] > 0, "disk write errors: counted, pages kept dirty")
    j = run("--workload", "mixed", "--accel", "off", "--fail-disk-read", "0.002", *P)
    # the processes with mapped pages may all be killed (the file server only reads)
    intact(j, "disk read errors", live=False)
    check(j["vmstat"]["file_read_error"] > 0, "disk read errors: counted")
    check(j["workload"]["file_read_errors"] + j["vmstat"]["sigbus_kill"] > 0,
          "disk read errors: read(2) returns an error or the process gets SIGBUS")


def determinism():
    for lru in POLICIES:
        determinism_policy(lru)
    sparse_output()
    # every aging interval: the device (model) and software aging decide alike
    aging = ("aging_commands", "aging_cpu_desc_reads", "aging_cpu_bitmap_reads", "aging_cpu_run_reads", "page_commands")
    for lru in POLICIES:
        for iv in ("0", "128", "4096"):
            args = ["--workload", "zipf", "--scale", "0.3", "--lru", lru, "--aging-interval", iv]
            m, o = (run(*args, "--accel", a) for a in ("model", "off"))
            intact(m, "zipf/%s/%s" % (lru, iv))
            check({k: v for k, v in o["vmstat"].items() if k not in aging} ==
                  {k: v for k, v in m["vmstat"].items() if k not in aging},
                  "zipf %s --aging-interval %s: device and software aging decide alike" %
                  (lru, iv))
    demo_claims()


def run_json(*args):
    """run() that also keeps the JSON file, for scripts that read it"""
    path = tempfile.mktemp(suffix=".json")
    p = subprocess.run([SIM, "run", "--quiet", "--json", path] + list(args),
                       capture_output=True, text=True)
    check(p.returncode == 0, "%s: exit %d" % (args, p.returncode))
    return path


def demo_claims():
    """scripts/demo's comparison (scripts/compare-runs): every line it prints is true"""
    args = ["--workload", "zipf", "--scale", "0.5"]
    dev, sw, cl = (run_json(*args, *extra) for extra in
                   (["--accel", "rtl"], ["--accel", "off"], ["--accel", "rtl", "--lru", "classic"]))
    p = subprocess.run([sys.executable, os.path.join(DATA, "..", "..", "scripts",
                                                     "compare-runs"), dev, sw, cl],
                       capture_output=True, text=True)
    out = p.stdout
    print(out)
    jd, js, jc = (json.load(open(f)) for f in (dev, sw, cl))
    for f in (dev, sw, cl):
        os.unlink(f)
    check(p.returncode == 0 and "reclaim decisions identical: yes" in out,
          "demo: device and software aging make identical decisions")
    check("CPU cycles spent aging: device %d, software %d" %
          (jd["time"]["aging_cpu"], js["time"]["aging_cpu"]) in out and
          js["time"]["aging_cpu"] > jd["time"]["aging_cpu"], "demo: aging CPU figures")
    check("page reads: freq %d, classic %d" % (jd["vmstat"]["pgpgin"], jc["vmstat"]["pgpgin"])
          in out and jd["vmstat"]["pgpgin"] < jc["vmstat"]["pgpgin"],
          "demo: freq reads fewer pages than classic")
    td, tc = jd["time"]["total_cycles"], jc["time"]["total_cycles"]
    check("total simulated time: freq %d, classic %d cycles (%.2f%% less)" %
          (td, tc, 100.0 * (tc - td) / tc) in out and td < tc, "demo: freq is faster")
    # runs that did decide differently: NO, the counters named, exit 1
    a = run_json(*args, "--accel", "off")
    b = run_json(*args, "--accel", "off", "--lru", "classic")
    p2 = subprocess.run([sys.executable, os.path.join(DATA, "..", "..", "scripts",
                                                      "compare-runs"), a, b, b],
                        capture_output=True, text=True)
    check(p2.returncode == 1 and "identical: NO" in p2.stdout and "differ: " in p2.stdout,
          "compare-runs: different decisions are reported")
    os.unlink(a)
    os.unlink(b)


def sparse_output():
    """the sparse workload: SCAN output as runs (auto picks them for the sparse range), as the
    bitmap, and software aging make the same decisions; runs cost the CPU less than the bitmap
    and the device writes less"""
    # (with runs a whole 64 GiB range is one harvest chunk, so more of its TLB entries go in
    # one ASID invalidation: tlbi_page/tlbi_asid differ by design, the TLB misses do not)
    aging = ("aging_commands", "aging_cpu_desc_reads", "aging_cpu_bitmap_reads",
             "aging_cpu_run_reads", "page_commands", "tlbi_page", "tlbi_asid")
    base = ["--workload", "sparse", "--scale", "0.2", "--mem", "8M"]
    runs = {so: run(*base, "--accel", "model", "--scan-output", so)
            for so in ("auto", "runs", "bitmap")}
    off = run(*base, "--accel", "off")
    for so, j in runs.items():
        intact(j, "sparse/" + so)
        check({k: v for k, v in j["vmstat"].items() if k not in aging} ==
              {k: v for k, v in off["vmstat"].items() if k not in aging},
              "sparse --scan-output %s: the same decisions as software aging" % so)
    a, r, b = runs["auto"], runs["runs"], runs["bitmap"]
    check(a["vmstat"] == r["vmstat"] and a["vmstat"]["aging_cpu_run_reads"] > 0 and
          a["vmstat"]["aging_cpu_bitmap_reads"] == 0, "sparse: auto reports runs")
    check(b["vmstat"]["aging_cpu_run_reads"] == 0 and b["vmstat"]["aging_cpu_bitmap_reads"] > 0,
          "sparse --scan-output bitmap: bitmaps")
    check(r["time"]["aging_cpu"] * 4 < b["time"]["aging_cpu"] and
          r["device"]["mem_write_beats"] * 4 < b["device"]["mem_write_beats"],
          "sparse: runs cost the CPU (%d against %d cycles) and the device's writes (%d against "
          "%d) less than bitmaps" % (r["time"]["aging_cpu"], b["time"]["aging_cpu"],
                                     r["device"]["mem_write_beats"],
                                     b["device"]["mem_write_beats"]))
    z = run("--workload", "zipf", "--scale", "0.3", "--accel", "model")
    check(z["vmstat"]["aging_cpu_bitmap_reads"] > 0 and z["vmstat"]["aging_cpu_run_reads"] == 0,
          "zipf: auto keeps the bitmap for a dense range")


def determinism_policy(lru):
    args = ["--workload", "mixed", "--scale", "0.3", "--seed", "7", "--lru", lru]
    if lru == "freq":
        args += ["--aging-interval", "300"]
    runs = {a: run(*args, "--accel", a) for a in ("rtl", "model", "off")}
    again = run(*args, "--accel", "model")
    # what only one of the two does: the device's commands (SCAN; HASH, CMP, COPY), the CPU's reads
    aging = ("aging_commands", "aging_cpu_desc_reads", "aging_cpu_bitmap_reads", "aging_cpu_run_reads", "page_commands")
    for a, j in runs.items():
        intact(j, "determinism/" + a)
    r, m, o = runs["rtl"], runs["model"], runs["off"]
    check(r["vmstat"] == m["vmstat"], "rtl and model: identical vmstat")
    check({k: v for k, v in r["device"].items() if k not in ("cycles", "busy_cycles")} ==
          {k: v for k, v in m["device"].items() if k not in ("cycles", "busy_cycles")},
          "rtl and model: identical device counters (but cycles)")
    check({k: v for k, v in o["vmstat"].items() if k not in aging} ==
          {k: v for k, v in m["vmstat"].items() if k not in aging},
          "device and software aging: identical reclaim decisions")
    check(r["vmstat"]["aging_commands"] > 0 and o["vmstat"]["aging_cpu_desc_reads"] > 0,
          "aging work is counted on both paths")
    check(r["device"]["af_cleared"] == r["vmstat"]["aging_young"],
          "the device cleared exactly the young bits the firmware harvested")
    for k in ("vmstat", "device", "time", "opt", "integrity"):
        check(again[k] == m[k], "same seed, same %s" % k)
    # the page engines: KSM (HASH, CMP) and compaction (COPY) on the RTL and the model
    if lru == "freq":
        check(r["vmstat"]["aging_periodic"] > 0 and r["aging"]["dev_overlapped_cycles"] > 0,
              "freq: periodic passes whose SCANs overlap the workload")
    for args in (["--workload", "ksm-vms", "--mem", "4M", "--ksm-sleep", "256", "--lru", lru],
                 ["--workload", "fragment", "--mem", "8M", "--lru", lru]):
        r, m = (run(*args, "--accel", a) for a in ("rtl", "model"))
        name = args[1]
        intact(r, name + "/rtl")
        check(r["vmstat"] == m["vmstat"] and r["ksm"] == m["ksm"] and
              r["compaction"] == m["compaction"], name + ": rtl and model: identical vmstat")
        check({k: v for k, v in r["device"].items() if k not in ("cycles", "busy_cycles")} ==
              {k: v for k, v in m["device"].items() if k not in ("cycles", "busy_cycles")},
              name + ": rtl and model: identical device counters (but cycles)")
        used = r["device"]["pages_hashed"] if name == "ksm-vms" else r["device"]["copies"]
        check(used > 0 and used == r["vmstat"]["pages_hashed" if name == "ksm-vms" else
                                                "pages_copied"],
              name + ": the device did the page work the firmware counted (%d)" % used)
    # sampling (--interval; on by default with --json) reads state and changes nothing, not
    # even the RTL's free-running cycle counter; the last sample is the end state
    plain = run(*args, "--accel", "rtl", "--interval", "0")
    check("samples" not in plain and len(r.get("samples", [])) > 100,
          "--json samples about 200 times by default; --interval 0 none")
    for k in ("vmstat", "device", "time", "opt", "integrity", "final"):
        check(plain[k] == r[k], "with and without samples: same %s" % k)
    last = r["samples"][-1]
    check(all(last[k] == r["vmstat"][k] for k in last if k in r["vmstat"]) and
          last["dev_af_cleared"] == r["device"]["af_cleared"] and
          last["cycles"] == r["time"]["total_cycles"], "the last sample is the end state")
    check(all(a["ops"] < b["ops"] and a["cycles"] <= b["cycles"] and
              a["pgfault"] <= b["pgfault"] for a, b in zip(r["samples"], r["samples"][1:])),
          "samples in order, counters cumulative")


def cli():
    for args, needle in ((["--workload", "nope"], "--workload 'nope'"),
                         (["--workload", "zipf", "--mem", "3M"], "--mem"),
                         (["--workload", "zipf", "--mem", "12X"], "--mem '12X'"),
                         (["--workload", "zipf", "--accel", "fpga"], "--accel 'fpga'"),
                         (["--workload", "zipf", "--swappiness", "300"], "--swappiness '300'"),
                         (["--workload", "zipf", "--tlb", "48"], "--tlb"),
                         (["--workload", "zipf", "--interval", "-5"], "--interval '-5'"),
                         (["--workload", "trace:/nonexistent.ratr"], "/nonexistent.ratr"),
                         (["--workload", "trace"], "--trace"),
                         (["--workload", "zipf", "--engine", "model"], "--accel"),
                         (["--workload", "zipf", "--lru", "lfu"], "--lru 'lfu'"),
                         (["--workload", "zipf", "--aging-interval", "x"], "--aging-interval 'x'"),
                         (["--workload", "zipf", "--freq-decay", "-1"], "--freq-decay '-1'"),
                         ([], "--workload is required")):
        p = subprocess.run([SIM, "run"] + args, capture_output=True, text=True)
        check(p.returncode == 2, "%s: exit %d" % (args, p.returncode))
        check(needle in p.stderr and p.stdout == "", "%s: message names %s: %r" %
              (args, needle, p.stderr))
    p = subprocess.run([SIM, "run", "--help"], capture_output=True, text=True)
    check(p.returncode == 0 and "stream-file" in p.stdout and "Exit codes" in p.stdout, "--help")
    # the workload list of the messages is the table's, as in --help
    p = subprocess.run([SIM, "run", "--workload", "nope"], capture_output=True, text=True)
    names = [l.split()[0] for l in subprocess.run([SIM, "run", "--help"], capture_output=True,
             text=True).stdout.split("--workload NAME   one of:\n")[1].splitlines()
             if l.startswith("                      ") and l.split()]
    check(names and all(n in p.stderr for n in names), "--workload message lists %s: %r" %
          (names, p.stderr))


{"integrity": integrity, "faults": faults, "determinism": determinism, "cli": cli}[MODE]()
check.done()

#!/bin/sh
# run-e2e.sh - host side of the end-to-end test (ctest -L qemu): builds (or reuses) QEMU with
# the reclaim-accel device and the arm64 guest, boots it in test mode, and passes only if the
# guest reported every expected check as passed and the console shows no kernel oops, BUG,
# WARNING or panic. Three boots (RA_E2E_BACKENDS selects them; default "model rtl both"):
#   model  every check of guest-test.sh on the device with the C model (backend=model);
#   rtl    every check again on the Verilated RTL behind ra-serve (backend=rtl);
#   both   the model and the RTL side by side (scripts/run-guest --backend both): checks R0..R6
#          of guest-test.sh, the same work on both gives the same young sets, walk frames,
#          checksums and counters (but cycles and busy_cycles).
# The rtl and both runs need RA_SERVE (the ra-serve program, third argument) and must end with
# ra-serve reporting no protocol error.
#   tests/qemu/run-e2e.sh SOURCE_DIR WORK_DIR [RA_SERVE]
set -u
src=${1:?usage: run-e2e.sh SOURCE_DIR WORK_DIR [RA_SERVE]}
work=${2:?usage: run-e2e.sh SOURCE_DIR WORK_DIR [RA_SERVE]}
ra_serve=${3:-}
runs=${RA_E2E_BACKENDS:-model rtl both}
mkdir -p "$work"
fail() { echo "qemu-e2e: FAIL: $*"; exit 1; }

t0=$(date +%s)
qemu=$("$src/scripts/build-qemu" | tail -1) || fail "scripts/build-qemu failed"
[ -x "$qemu" ] || fail "scripts/build-qemu gave no executable ($qemu)"
t1=$(date +%s)
"$src/scripts/build-guest" > "$work/build-guest.out" || fail "scripts/build-guest failed"
t2=$(date +%s)
echo "qemu-e2e: build-qemu $((t1 - t0)) s, build-guest $((t2 - t1)) s"

FULL="driver\ loaded /dev/reclaim_accel0\ present 1a: 1b: 1c: 1d: 2: 2b: 3a: 3b: 3c: 3d: 3e: \
      4a: 4b: 4c: 4d: 4e: 5a: 5b: 5c: 6a: 6b: 6c: 6d: 6e: 6f: 6g: 7a: 7b: 7c: 7d: 8a: 8b: 9: 9b: 9c: \
      10a: 10b: 10c: 10d: 10e: 11a: 11b: 12: 13a: 13b: 13c: 13d: 13e: dmesg\ clean driver\ unloaded"
BOTH="driver\ loaded R0: R1: R2a: R2b: R2c: R2d: R3: R3b: R3c: R4: R5: R7: R6: dmesg\ clean driver\ unloaded"

status=0
# boot BACKEND IDS...: one guest boot in test mode; every ID must have passed.
boot() {
    b=$1; shift
    log=$work/console-$b.log
    set -- --qemu "$qemu" --backend "$b" --test --timeout "${RA_E2E_TIMEOUT:-1200}" --log "$log"
    if [ "$b" != model ]; then
        if [ -z "$ra_serve" ] || [ ! -x "$ra_serve" ]; then
            echo "qemu-e2e: no ra-serve (third argument): the $b run is missing"; status=1; return
        fi
        set -- "$@" --ra-serve "$ra_serve"
    fi
    ts=$(date +%s)
    "$src/scripts/run-guest" "$@" > /dev/null 2> "$work/run-guest-$b.err"
    rc=$?
    te=$(date +%s)
    tr -d '\r' < "$log" > "$log.txt"
    grep -E '^(CHECK|RA-GUEST|testprog|walk|scan|scan-all|hash|idle|fuzz|race|munmap-race|stall-copy|yama|RssAnon|MemFree|both)' "$log.txt" |
        sed "s/^/[$b] /"
    grep -E 'ra-serve|reclaim-accel' "$work/run-guest-$b.err" | sed "s/^/[$b] /"
    echo "qemu-e2e: backend $b: boot+test $((te - ts)) s, guest status $rc"
    eval "set -- $ids"
    for id in "$@"; do
        grep -q "^CHECK PASS: $id" "$log.txt" || { echo "qemu-e2e: [$b] check '$id' did not pass"; status=1; }
    done
    grep -q '^CHECK FAIL' "$log.txt" && status=1
    if grep -nE 'Oops|BUG:|WARNING:|Call trace:|Kernel panic|Unable to handle kernel|Internal error:' "$log.txt"; then
        echo "qemu-e2e: [$b] kernel problem reported on the console"; status=1
    fi
    grep -q '^RA-GUEST-RESULT: passes=[0-9]* fails=0$' "$log.txt" || status=1
    if [ "$b" != model ] && ! grep -q 'ra-serve: done after .* 0 protocol errors' "$work/run-guest-$b.err"; then
        echo "qemu-e2e: [$b] ra-serve did not end cleanly"; status=1
    fi
    [ "$rc" = 0 ] || status=1
}
for b in $runs; do
    case "$b" in
        model|rtl) ids=$FULL; boot "$b";;
        both) ids=$BOTH; boot both;;
        *) echo "qemu-e2e: unknown run $b"; status=1;;
    esac
done
[ $status = 0 ] && echo "qemu-e2e: PASS" || echo "qemu-e2e: FAIL (console logs: $work/console-*.log)"
exit $status

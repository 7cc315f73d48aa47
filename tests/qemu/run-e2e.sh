#!/bin/sh
# run-e2e.sh - host side of the end-to-end test (ctest -L qemu): builds (or reuses) QEMU with
# the reclaim-accel device and the arm64 guest, boots it in test mode, and passes only if the
# guest reported every expected check as passed and the console shows no kernel oops, BUG,
# WARNING or panic.
# With RA_SERVE (the ra-serve program) it then boots the guest again with two devices, the model
# and the RTL behind ra-serve (scripts/run-guest --backend both), and the guest runs the checks
# R0..R6 of guest-test.sh: the same work on both gives the same young sets, walk frames,
# checksums and counters (but cycles), and the RTL survives a lost completion and a rebind.
# RA_E2E_BACKENDS selects the runs: "model rtl" (default), "model" or "rtl".
#   tests/qemu/run-e2e.sh SOURCE_DIR WORK_DIR [RA_SERVE]
set -u
src=${1:?usage: run-e2e.sh SOURCE_DIR WORK_DIR [RA_SERVE]}
work=${2:?usage: run-e2e.sh SOURCE_DIR WORK_DIR [RA_SERVE]}
ra_serve=${3:-}
runs=${RA_E2E_BACKENDS:-model rtl}
mkdir -p "$work"
log=$work/console.log
fail() { echo "qemu-e2e: FAIL: $*"; exit 1; }
kernel_clean() { # kernel_clean LOG: no oops, BUG, warning or panic on the console
    if grep -nE 'Oops|BUG:|WARNING:|Call trace:|Kernel panic|Unable to handle kernel|Internal error:' "$1"; then
        echo "qemu-e2e: kernel problem reported on the console ($1)"; return 1
    fi
    return 0
}

t0=$(date +%s)
qemu=$("$src/scripts/build-qemu" | tail -1) || fail "scripts/build-qemu failed"
[ -x "$qemu" ] || fail "scripts/build-qemu gave no executable ($qemu)"
t1=$(date +%s)
"$src/scripts/build-guest" > "$work/build-guest.out" || fail "scripts/build-guest failed"
t2=$(date +%s)
status=0
case " $runs " in *" model "*)
"$src/scripts/run-guest" --qemu "$qemu" --test --timeout "${RA_E2E_TIMEOUT:-1200}" \
    --log "$log" > /dev/null 2>&1
rc=$?
t3=$(date +%s)
tr -d '\r' < "$log" > "$log.txt"
grep -E '^(CHECK|RA-GUEST|testprog|walk|scan|hash|idle|fuzz|race|munmap-race|stall-copy|yama|RssAnon|MemFree)' "$log.txt"
echo "qemu-e2e: build-qemu $((t1 - t0)) s, build-guest $((t2 - t1)) s, boot+test $((t3 - t2)) s, guest status $rc"

for id in "driver loaded" "/dev/reclaim_accel0 present" 1a: 1b: 1c: 1d: "2:" 2b: 3a: 3b: 3c: 3d: 3e: \
          4a: 4b: 4c: 4d: 4e: 5a: 5b: 5c: 6a: 6b: 6c: 6d: 6e: 6f: 6g: 7a: 7b: 7c: 7d: 8a: 8b: "9:" 9b: 9c: \
          10a: 10b: 10c: 10d: 10e: 11a: 11b: "12:" "dmesg clean" "driver unloaded"; do
    grep -q "^CHECK PASS: $id" "$log.txt" || { echo "qemu-e2e: check '$id' did not pass"; status=1; }
done
grep -q '^CHECK FAIL' "$log.txt" && status=1
kernel_clean "$log.txt" || status=1
grep -q '^RA-GUEST-RESULT: passes=[0-9]* fails=0$' "$log.txt" || status=1
[ "$rc" = 0 ] || status=1
;; esac

# --- the RTL: the model and the RTL side by side in one guest -----------------------------------
case " $runs " in *" rtl "*)
if [ -z "$ra_serve" ] || [ ! -x "$ra_serve" ]; then
    echo "qemu-e2e: no ra-serve (third argument): the RTL run is missing"; status=1
else
    rlog=$work/console-rtl.log
    t4=$(date +%s)
    "$src/scripts/run-guest" --qemu "$qemu" --backend both --ra-serve "$ra_serve" --test \
        --timeout "${RA_E2E_RTL_TIMEOUT:-900}" --log "$rlog" > /dev/null 2> "$work/run-guest-rtl.err"
    rrc=$?
    t5=$(date +%s)
    tr -d '\r' < "$rlog" > "$rlog.txt"
    grep -E '^(CHECK|RA-GUEST|both|walk|hash)' "$rlog.txt"
    grep -E 'ra-serve|reclaim-accel' "$work/run-guest-rtl.err"
    echo "qemu-e2e: RTL run (model and RTL side by side): boot+test $((t5 - t4)) s, guest status $rrc"
    for id in R0: R1: R2a: R2b: R2c: R2d: R3: R4: R5: R6: "dmesg clean" "driver unloaded"; do
        grep -q "^CHECK PASS: $id" "$rlog.txt" || { echo "qemu-e2e: RTL check '$id' did not pass"; status=1; }
    done
    grep -q '^CHECK FAIL' "$rlog.txt" && status=1
    kernel_clean "$rlog.txt" || status=1
    grep -q '^RA-GUEST-RESULT: passes=[0-9]* fails=0$' "$rlog.txt" || status=1
    grep -q 'ra-serve: done after .* 0 protocol errors' "$work/run-guest-rtl.err" ||
        { echo "qemu-e2e: ra-serve did not end cleanly"; status=1; }
    [ "$rrc" = 0 ] || status=1
fi
;; esac
[ $status = 0 ] && echo "qemu-e2e: PASS" || echo "qemu-e2e: FAIL (console log: $log)"
exit $status

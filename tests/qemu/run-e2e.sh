#!/bin/sh
# run-e2e.sh - host side of the end-to-end test (ctest -L qemu): builds (or reuses) QEMU with
# the reclaim-accel device and the arm64 guest, boots it in test mode, and passes only if the
# guest reported every expected check as passed and the console shows no kernel oops, BUG,
# WARNING or panic.
#   tests/qemu/run-e2e.sh SOURCE_DIR WORK_DIR
set -u
src=${1:?usage: run-e2e.sh SOURCE_DIR WORK_DIR}
work=${2:?usage: run-e2e.sh SOURCE_DIR WORK_DIR}
mkdir -p "$work"
log=$work/console.log
fail() { echo "qemu-e2e: FAIL: $*"; exit 1; }

t0=$(date +%s)
qemu=$("$src/scripts/build-qemu" | tail -1) || fail "scripts/build-qemu failed"
[ -x "$qemu" ] || fail "scripts/build-qemu gave no executable ($qemu)"
t1=$(date +%s)
"$src/scripts/build-guest" > "$work/build-guest.out" || fail "scripts/build-guest failed"
t2=$(date +%s)
"$src/scripts/run-guest" --qemu "$qemu" --test --timeout "${RA_E2E_TIMEOUT:-1200}" \
    --log "$log" > /dev/null 2>&1
rc=$?
t3=$(date +%s)
tr -d '\r' < "$log" > "$log.txt"
grep -E '^(CHECK|RA-GUEST|testprog|walk|scan|hash|idle|fuzz|race|munmap-race|stall-copy|yama|RssAnon|MemFree)' "$log.txt"
echo "qemu-e2e: build-qemu $((t1 - t0)) s, build-guest $((t2 - t1)) s, boot+test $((t3 - t2)) s, guest status $rc"

status=0
for id in "driver loaded" "/dev/reclaim_accel0 present" 1a: 1b: 1c: 1d: "2:" 2b: 3a: 3b: 3c: 3d: 3e: \
          4a: 4b: 4c: 4d: 4e: 5a: 5b: 5c: 6a: 6b: 6c: 6d: 6e: 6f: 6g: 7a: 7b: 7c: 7d: 8a: 8b: "9:" 9b: 9c: \
          10a: 10b: 10c: 10d: 10e: 11a: 11b: "12:" "dmesg clean" "driver unloaded"; do
    grep -q "^CHECK PASS: $id" "$log.txt" || { echo "qemu-e2e: check '$id' did not pass"; status=1; }
done
grep -q '^CHECK FAIL' "$log.txt" && status=1
if grep -nE 'Oops|BUG:|WARNING:|Call trace:|Kernel panic|Unable to handle kernel|Internal error:' "$log.txt"; then
    echo "qemu-e2e: kernel problem reported on the console"; status=1
fi
grep -q '^RA-GUEST-RESULT: passes=[0-9]* fails=0$' "$log.txt" || status=1
[ "$rc" = 0 ] || status=1
[ $status = 0 ] && echo "qemu-e2e: PASS" || echo "qemu-e2e: FAIL (console log: $log)"
exit $status

#!/bin/sh
# run-lifetime.sh - host side of the QEMU lifetime and liveness test (ctest -L qemu): builds (or
# reuses) QEMU with the reclaim-accel device and its ASan variant (scripts/build-qemu --asan),
# then runs tests/qemu/lifetime.py, which drives QEMU through qtest and QMP (no guest). With
# RA_SERVE (the ra-serve program) the unplug and reset tests run on backend=rtl too.
#   tests/qemu/run-lifetime.sh SOURCE_DIR WORK_DIR [PYTHON [RA_SERVE]]
set -u
src=${1:?usage: run-lifetime.sh SOURCE_DIR WORK_DIR [PYTHON [RA_SERVE]]}
work=${2:?usage: run-lifetime.sh SOURCE_DIR WORK_DIR [PYTHON [RA_SERVE]]}
py=${3:-python3}
if [ -n "${4:-}" ]; then RA_SERVE=$4; export RA_SERVE; fi
mkdir -p "$work"
t0=$(date +%s)
out=$("$src/scripts/build-qemu" --asan) || { echo "qemu-lifetime: FAIL: scripts/build-qemu --asan"; exit 1; }
qemu=$(printf '%s\n' "$out" | tail -n2 | head -n1)
asan=$(printf '%s\n' "$out" | tail -n1)
t1=$(date +%s)
"$py" "$src/tests/qemu/lifetime.py" "$qemu" "$asan" "$work"
rc=$?
t2=$(date +%s)
echo "qemu-lifetime: build-qemu --asan $((t1 - t0)) s, tests $((t2 - t1)) s, status $rc"
exit $rc

#!/bin/sh
# icarus_directed.sh TEST_DIRECTED VVP VPI_DIR TB_VVP LATENCY WORKDIR
#
# The directed set on the RTL under Verilator (test_directed) and under Icarus Verilog (vvp
# with the ra_vpi module), at the same memory latency. Both must pass and their transcripts
# must be byte-identical. ctest test icarus-directed (tests/CMakeLists.txt).
set -u
td=$1 vvp=$2 vpidir=$3 tb=$4 lat=$5 work=$6
. "$(cd "$(dirname "$0")/.." && pwd)/transcripts.sh"
# paths survive the cd below; a vvp without a slash is looked up in PATH
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
td=$(abs "$td") vpidir=$(abs "$vpidir") tb=$(abs "$tb")
case $vvp in */*) vvp=$(abs "$vvp") ;; esac

mkdir -p "$work" && cd "$work" || exit 2
rm -f verilator.txt icarus.txt verilator.log icarus.log
fail=0

"$td" --engine rtl --variant w64 --latency "$lat" --transcript verilator.txt \
    >verilator.log 2>&1
rc=$?
tail -n 20 verilator.log
if [ $rc -ne 0 ]; then
    echo "icarus-directed: FAIL: Verilator test_directed exited with $rc"
    fail=1
fi

start=$(date +%s)
"$vvp" -n -M "$vpidir" -m ra_vpi "$tb" +transcript=icarus.txt +latency="$lat" \
    >icarus.log 2>&1
rc=$?
end=$(date +%s)
tail -n 20 icarus.log
echo "icarus-directed: vvp took $((end - start)) s"
if [ $rc -ne 0 ]; then
    echo "icarus-directed: FAIL: vvp exited with $rc"
    fail=1
fi
# belt and braces: the module prints its verdict on a line of its own
if ! grep -q '^ra_vpi: PASS' icarus.log ||
   ! grep -q '^icarus_directed: [0-9]* passed, 0 failed$' icarus.log; then
    echo "icarus-directed: FAIL: no passing verdict from the Icarus run"
    fail=1
fi

compare_transcripts icarus-directed verilator.txt icarus.txt "Verilator and Icarus" || fail=1

[ $fail -eq 0 ] && echo "icarus-directed: PASS"
exit $fail

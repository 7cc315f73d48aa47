#!/bin/sh
# postsynth.sh ROOT VVP VPI_DIR IVL_RTL_DIR WORKDIR [LATENCY]
#
# Post-synthesis simulation (ctest postsynth-directed, label synth): Yosys synthesizes ra_top
# to a flat netlist of 6-input LUTs and flip-flops (written as Verilog: each LUT is its truth
# table shifted by its inputs; flip-flops start at 0, as on an FPGA), which Icarus Verilog then
# runs through the directed WALK/SCAN test set (the C test bench, loaded with the ra_vpi
# module). The configuration is a small one
# (no page engines, 2 reads and 4 writes in flight, a 4-entry walk cache, one-entry AXI FIFOs:
# about 40 k gates) so that Icarus compiles and runs the netlist in minutes; the full ra_top
# (190 k gates) takes Icarus 7 minutes just to compile. The same set also runs on the RTL of the same
# configuration under Icarus. Both runs must pass every check, and their transcripts (every
# result, completion, counter and cycle count) must be identical: the netlist behaves like the
# RTL cycle for cycle.
# Every net is split into single bits (splitnets) before the netlist is written: Icarus passes
# a whole vector to each reader of any of its bits, so one 1,280-bit counter vector read bit
# by bit by a thousand LUTs made the run 20 times slower.
set -u
root=$1 vvp=$2 vpidir=$3 ivlrtl=$4 work=$5 lat=${6:-7}
. "$(cd "$(dirname "$0")/.." && pwd)/transcripts.sh"
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
root=$(abs "$root") vpidir=$(abs "$vpidir") ivlrtl=$(abs "$ivlrtl")
case $vvp in */*) vvp=$(abs "$vvp") ;; esac
mkdir -p "$work" && cd "$work" || exit 2
rm -f netlist.v rtl.vvp net.vvp rtl.txt net.txt rtl.log net.log
tb=$root/sim/icarus/tb_ra_top.v
fail=0

t0=$(date +%s)
params="PAGE_ENGINES=0 RD_INFLIGHT=2 WR_INFLIGHT=4 WALK_CACHE=4 SKID=1"
chp=""; ivp=""
for p in $params; do
    chp="$chp -set ${p%=*} ${p#*=}"
    ivp="$ivp -Ptb_ra_top.$p"
done
echo "postsynth: yosys synth -flatten of ra_top ($params)"
if ! yosys -q -l synth.log -p "read_verilog -sv -I$root/rtl/regs $(echo "$root"/rtl/ra_*.sv);
        chparam $chp ra_top; synth -flatten -top ra_top -lut 6; check -assert;
        setundef -zero -init; opt_clean -purge; splitnets; stat; write_verilog -noattr netlist.v" \
        >/dev/null; then
    tail -n 20 synth.log
    echo "postsynth: FAIL: synthesis"
    exit 1
fi
t1=$(date +%s)
cells=$(grep 'Number of cells' synth.log | tail -n 1 | awk '{print $4}')
echo "postsynth: netlist of $cells cells in $((t1 - t0)) s ($(wc -c <netlist.v) bytes)"

if ! iverilog -g2012 -DRA_NETLIST -s tb_ra_top -o net.vvp "$tb" netlist.v 2>net.build; then
    cat net.build; echo "postsynth: FAIL: iverilog on the netlist"; exit 1
fi
# shellcheck disable=SC2086
if ! iverilog -g2012 -I"$root/rtl/regs" $ivp -s tb_ra_top -o rtl.vvp \
        "$tb" "$ivlrtl"/ra_*.sv 2>rtl.build; then
    cat rtl.build; echo "postsynth: FAIL: iverilog on the RTL"; exit 1
fi

for k in rtl net; do
    s=$(date +%s)
    "$vvp" -n -M "$vpidir" -m ra_vpi $k.vvp +transcript=$k.txt +latency="$lat" >$k.log 2>&1
    rc=$?
    e=$(date +%s)
    tail -n 3 $k.log
    echo "postsynth: $k run took $((e - s)) s"
    if [ $rc -ne 0 ] || ! grep -q '^ra_vpi: PASS' $k.log ||
       ! grep -q '^icarus_directed: [0-9]* passed, 0 failed$' $k.log; then
        echo "postsynth: FAIL: the $k run did not pass (exit $rc, $work/$k.log)"
        fail=1
    fi
done

compare_transcripts postsynth rtl.txt net.txt "RTL and netlist" || fail=1
[ $fail -eq 0 ] && echo "postsynth: PASS"
exit $fail

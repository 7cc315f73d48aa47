#!/bin/sh
# guest-test.sh - end-to-end checks of the reclaim-accel driver, run inside the guest by /init
# (ra.mode=test). Prints "CHECK PASS: ..." / "CHECK FAIL: ..." lines, the driver's dmesg
# between "RA-DMESG-BEGIN" and "RA-DMESG-END", and exits with the number of failed checks.
#   1. scan --clear reports exactly the touched pages as young, twice, then none
#   2. walk gives the same frame as /proc/PID/pagemap for every page of the mapping
#   4. 10,000 random ioctls and scans of exiting processes: errors, no oops (dmesg checked)
#   5. idle --pageout lowers RSS; exactly the hot pages stay resident
#   6. sysfs counters agree with the work done
#   7. access control (pagemap's rule) and no physical addresses for unprivileged callers
#   8. unbinding the device under an open file, and binding it again
#   9. lost completions (debugfs fault injection): ETIMEDOUT, device reset, working device after
# (3, HASH, is not implemented by the device yet.)
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
PASSES=0
FAILS=0
ok() { echo "CHECK PASS: $*"; PASSES=$((PASSES + 1)); }
bad() { echo "CHECK FAIL: $*"; FAILS=$((FAILS + 1)); }
finish() {
    echo "RA-DMESG-BEGIN"
    dmesg
    echo "RA-DMESG-END"
    if dmesg | grep -qE 'Oops|BUG:|WARNING:|Call trace:|Unable to handle|Internal error|kernel BUG'; then
        bad "dmesg shows a kernel oops, bug or warning report"
    else
        ok "dmesg clean (no kernel oops, bug or warning reports)"
    fi
    echo "RA-GUEST-RESULT: passes=$PASSES fails=$FAILS"
    exit "$FAILS"
}

sorted() { for i in "$@"; do echo "$i"; done | sort -n | tr '\n' ' '; }
hex() { printf '0x%x' "$1"; }

# --- driver -----------------------------------------------------------------------------------
if insmod /lib/modules/reclaim_accel.ko; then ok "driver loaded"; else bad "insmod failed"; finish; fi
i=0
while [ ! -c /dev/reclaim_accel0 ] && [ $i -lt 50 ]; do usleep 100000; i=$((i + 1)); done
if [ -c /dev/reclaim_accel0 ]; then ok "/dev/reclaim_accel0 present"; else
    bad "no /dev/reclaim_accel0 (device not found?)"; lspci 2>/dev/null; finish; fi
SYS=/sys/class/misc/reclaim_accel0/device
cnt() { cat "$SYS/counters/$1"; }
dstat() { cat "$SYS/stats/$1"; }

# --- a test program driven over a FIFO -------------------------------------------------------
# start_tp NAME PAGES: starts ra-testprog; sets NAME_PID NAME_BASE NAME_END; fd 3/4 for tp/tp2.
SEQ1=0
SEQ2=0
tpcmd() { # tpcmd 1|2 command...
    n=$1; shift
    if [ "$n" = 1 ]; then SEQ1=$((SEQ1 + 1)); s=$SEQ1; echo "$*" >&3; out=/tmp/tp1.out
    else SEQ2=$((SEQ2 + 1)); s=$SEQ2; echo "$*" >&4; out=/tmp/tp2.out; fi
    j=0
    while ! grep -q "^done $s\$" $out; do
        usleep 20000; j=$((j + 1))
        [ $j -gt 1000 ] && { echo "testprog $n: no answer to '$*'"; return 1; }
    done
    return 0
}
waithdr() {
    j=0
    while ! grep -q '^pid ' "$1"; do usleep 20000; j=$((j + 1)); [ $j -gt 500 ] && return 1; done
    return 0
}

N=512
mkfifo /tmp/tp1.in
ra-testprog $N < /tmp/tp1.in > /tmp/tp1.out 2>&1 &
exec 3> /tmp/tp1.in
waithdr /tmp/tp1.out || { bad "ra-testprog did not start"; cat /tmp/tp1.out; ls -la /tmp; type usleep; finish; }
set -- $(head -1 /tmp/tp1.out)
P=$2
B=$(($4))
E=$((B + N * 4096))
echo "testprog pid $P base $(hex $B) pages $N"

scan_young() { # pages reported young in [B, E) of pid P, with --clear
    ractl scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --clear > /tmp/scan.out || return 1
    sed -n 's/^Y \([0-9]*\) .*/\1/p' /tmp/scan.out | tr '\n' ' '
}

# --- 1. young pages -------------------------------------------------------------------------
S1="0 3 7 8 9 100 200 201 202 203 204 205 206 207 208 209 300 511"
S2="1 3 50 51 52 199 200 400 510"
tpcmd 1 touch $S1
got=$(scan_young)
want=$(sorted $S1)
if [ "$got" = "$want" ]; then ok "1a: scan --clear reports exactly the touched subset ($(echo $S1 | wc -w) pages)"
else bad "1a: scan young: want [$want] got [$got]"; cat /tmp/scan.out | tail -1; fi
tpcmd 1 touch $S2
got=$(scan_young)
want=$(sorted $S2)
if [ "$got" = "$want" ]; then ok "1b: next scan reports exactly the second subset ($(echo $S2 | wc -w) pages)"
else bad "1b: scan young: want [$want] got [$got]"; fi
got=$(scan_young)
if [ -z "$got" ]; then ok "1c: a scan with nothing touched reports no young page"
else bad "1c: want no young page, got [$got]"; fi

# 1d: the same through a 3 GiB scan that the driver splits into 1 GiB device commands, the
# mapping in the middle one; only pages of the mapping are compared.
G1=1073741824
LS=$(((B / G1 - 1) * G1))
tpcmd 1 touch $S1
c0=$(cnt commands)
ractl scan --pid "$P" --start "$(hex $LS)" --end "$(hex $((LS + 3 * G1)))" --clear > /tmp/scan3.out
off=$(((B - LS) / 4096))
got=$(sed -n 's/^Y \([0-9]*\) .*/\1/p' /tmp/scan3.out | while read -r i; do
      [ "$i" -ge "$off" ] && [ "$i" -lt $((off + N)) ] && echo $((i - off)); done | tr '\n' ' ')
dc=$(($(cnt commands) - c0))
if [ "$got" = "$(sorted $S1)" ] && [ "$dc" = 3 ]; then ok "1d: a 3 GiB scan (3 device commands) reports exactly the touched subset"
else bad "1d: 3 GiB scan: want [$(sorted $S1)] in 3 commands, got [$got] in $dc"; fi

# --- 2. walk vs pagemap --------------------------------------------------------------------
MAPPED=$(sorted $S1 $S2 | tr ' ' '\n' | sed '/^$/d' | sort -un | wc -l)
ractl walk --pid "$P" --start "$(hex $B)" --pages $N --pagemap > /tmp/walk.out
rc=$?
sum=$(tail -1 /tmp/walk.out)
echo "$sum"
if [ $rc -eq 0 ] && echo "$sum" | grep -q "vas=$N translated=$MAPPED faults=$((N - MAPPED)) pagemap_match=$N pagemap_mismatch=0"
then ok "2: walk frames equal pagemap for all $N pages ($MAPPED mapped)"
else bad "2: walk vs pagemap (want translated=$MAPPED, no mismatch): $sum"; grep MISMATCH /tmp/walk.out | head; fi
if grep '^W' /tmp/walk.out | grep 'fault=0' | grep -qv 'level=3'; then bad "2b: a 4K page translated at a level other than 3"
else ok "2b: every translated page is a level-3 leaf"; fi

# --- 6. counters (before the fuzzing, with known work) --------------------------------------
S3="10 11 12 13 14 15 16 17 18 19 20 21"
tpcmd 1 touch $S3
c0_cmd=$(cnt commands); c0_y=$(cnt young_found); c0_af=$(cnt af_cleared)
c0_at=$(cnt atomic_ops); c0_pte=$(cnt pte_scanned); c0_f=$(cnt faults); c0_w=$(cnt walks)
s0_scan=$(dstat scan_ioctls); s0_yp=$(dstat young_pages); s0_ps=$(dstat pages_scanned)
s0_walk=$(dstat walk_ioctls); s0_vw=$(dstat vas_walked); s0_cmd=$(dstat commands)
got=$(scan_young)
pte=$(sed -n 's/.*pte_scanned=\([0-9]*\).*/\1/p' /tmp/scan.out)
ny=$(echo $S3 | wc -w)
c1_cmd=$(cnt commands); c1_y=$(cnt young_found); c1_af=$(cnt af_cleared)
c1_at=$(cnt atomic_ops); c1_pte=$(cnt pte_scanned); c1_f=$(cnt faults)
d="commands=$((c1_cmd - c0_cmd)) young_found=$((c1_y - c0_y)) af_cleared=$((c1_af - c0_af)) atomic_ops=$((c1_at - c0_at)) pte_scanned=$((c1_pte - c0_pte)) faults=$((c1_f - c0_f))"
want="commands=1 young_found=$ny af_cleared=$ny atomic_ops=$ny pte_scanned=$pte faults=0"
if [ "$d" = "$want" ] && [ "$got" = "$(sorted $S3)" ]; then ok "6a: device counters after one SCAN: $d"
else bad "6a: device counters after one SCAN: want [$want] got [$d] (young [$got])"; fi
d="scan_ioctls=$(($(dstat scan_ioctls) - s0_scan)) young_pages=$(($(dstat young_pages) - s0_yp)) pages_scanned=$(($(dstat pages_scanned) - s0_ps))"
want="scan_ioctls=1 young_pages=$ny pages_scanned=$N"
if [ "$d" = "$want" ]; then ok "6b: driver stats after one SCAN: $d"; else bad "6b: driver stats: want [$want] got [$d]"; fi
MAPPED=$(sorted $S1 $S2 $S3 | tr ' ' '\n' | sed '/^$/d' | sort -un | wc -l)
c1_cmd=$(cnt commands); c1_w=$(cnt walks); c1_f=$(cnt faults)
ractl walk --pid "$P" --start "$(hex $B)" --pages $N > /tmp/walk2.out
wf=$(sed -n 's/.*faults=\([0-9]*\).*/\1/p' /tmp/walk2.out | tail -1)
d="commands=$(($(cnt commands) - c1_cmd)) walks=$(($(cnt walks) - c1_w)) faults=$(($(cnt faults) - c1_f)) walk_ioctls=$(($(dstat walk_ioctls) - s0_walk)) vas_walked=$(($(dstat vas_walked) - s0_vw))"
want="commands=1 walks=$N faults=$((N - MAPPED)) walk_ioctls=1 vas_walked=$N"
if [ "$d" = "$want" ] && [ "$wf" = "$((N - MAPPED))" ]; then ok "6c: counters after one WALK: $d"
else bad "6c: counters after one WALK: want [$want] got [$d] (walk reported faults=$wf)"; fi
d="driver_commands=$(($(dstat commands) - s0_cmd))"
if [ "$d" = "driver_commands=2" ]; then ok "6d: driver command count agrees ($d)"; else bad "6d: want driver_commands=2, got $d"; fi
ractl stat > /tmp/stat.out && grep -q '^counter.commands ' /tmp/stat.out && ok "6e: ractl stat reads the counters" ||
    bad "6e: ractl stat"

# --- 5. idle --pageout -------------------------------------------------------------------------
N2=2048
mkfifo /tmp/tp2.in
ra-testprog $N2 < /tmp/tp2.in > /tmp/tp2.out 2>&1 &
exec 4> /tmp/tp2.in
waithdr /tmp/tp2.out || { bad "ra-testprog 2 did not start"; finish; }
set -- $(head -1 /tmp/tp2.out)
P2=$2
B2=$(($4))
E2=$((B2 + N2 * 4096))
tpcmd 2 touch all
ractl scan --pid "$P2" --start "$(hex $B2)" --end "$(hex $E2)" --clear --quiet > /dev/null
HOT=""
i=0
while [ $i -lt $N2 ]; do HOT="$HOT $i"; i=$((i + 16)); done
NHOT=$(echo $HOT | wc -w)
tpcmd 2 touch $HOT
rss0=$(awk '/^RssAnon:/ { print $2 }' /proc/$P2/status)
ractl idle --pid "$P2" --start "$(hex $B2)" --end "$(hex $E2)" --pageout > /tmp/idle.out
rc=$?
cat /tmp/idle.out
rss1=$(awk '/^RssAnon:/ { print $2 }' /proc/$P2/status)
tpcmd 2 resident
res=$(sed -n 's/^R \([0-9]*\)$/\1/p' /tmp/tp2.out | tr '\n' ' ')
echo "RssAnon before ${rss0} kB, after ${rss1} kB; $(grep '^resident' /tmp/tp2.out)"
cold_kb=$(((N2 - NHOT) * 4))
if [ $rc -eq 0 ] && grep -q "young=$NHOT idle=$((N2 - NHOT)) paged_out_bytes=$(((N2 - NHOT) * 4096))" /tmp/idle.out
then ok "5a: idle found exactly the $NHOT hot pages young and paged out the $((N2 - NHOT)) others"
else bad "5a: idle output (want young=$NHOT idle=$((N2 - NHOT))): $(cat /tmp/idle.out)"; fi
if [ -n "$rss0" ] && [ -n "$rss1" ] && [ $((rss0 - rss1)) -ge $((cold_kb * 9 / 10)) ]; then
    ok "5b: RSS fell by $((rss0 - rss1)) kB (cold pages: $cold_kb kB)"
else bad "5b: RSS did not fall enough: ${rss0} -> ${rss1} kB (cold $cold_kb kB)"; fi
if [ "$res" = "$(sorted $HOT)" ]; then ok "5c: exactly the $NHOT hot pages are still resident"
else bad "5c: resident pages are not exactly the hot ones: [$(echo $res | cut -c1-300)]"; fi

# --- 4. random ioctls, exiting processes -----------------------------------------------------
ractl fuzz --count 10000 --seed 1 > /tmp/fuzz.out 2>&1
rc=$?
tail -1 /tmp/fuzz.out
if [ $rc -eq 0 ] && grep -q "^fuzz ioctls=10000 .*device_errors=0" /tmp/fuzz.out
then ok "4a: 10000 random ioctls: errors only where expected"
else bad "4a: fuzz rc=$rc: $(tail -3 /tmp/fuzz.out)"; fi
ractl race --count 100 > /tmp/race.out 2>&1
rc=$?
cat /tmp/race.out
if [ $rc -eq 0 ] && grep -q "other=0" /tmp/race.out; then ok "4b: scans of exiting processes end in success or ESRCH"
else bad "4b: race rc=$rc"; fi
# The device still works after all that.
tpcmd 1 touch 5 6
got=$(scan_young)
if [ "$got" = "5 6 " ]; then ok "4c: device still answers exactly after the fuzzing"
else bad "4c: after fuzzing want [5 6 ] got [$got]"; fi
if [ "$(dstat timeouts)" = 0 ] && [ "$(dstat command_errors)" = 0 ]; then ok "4d: no command timeouts or device errors"
else bad "4d: timeouts=$(dstat timeouts) command_errors=$(dstat command_errors)"; fi

# --- 7. access control: the caller must be able to read the target as pagemap requires -----
chmod 0666 /dev/reclaim_accel0
if ractl --as-uid 1000 scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" > /tmp/perm.out 2>&1
then bad "7a: uid 1000 scanned a root process"
elif grep -q "Permission denied" /tmp/perm.out; then ok "7a: uid 1000 may not scan a root process (EACCES)"
else bad "7a: unexpected: $(cat /tmp/perm.out)"; fi
ractl --as-uid 1000 walk --pid self > /tmp/perm2.out 2>&1
rc=$?
if [ $rc = 0 ] && grep -q '^W .* pa=0x0 level=3 fault=0 ' /tmp/perm2.out; then
    ok "7b: uid 1000 may walk its own process; it is shown no physical address"
else bad "7b: own process as uid 1000 (rc $rc): $(cat /tmp/perm2.out)"; fi
ractl walk --pid self > /tmp/perm3.out 2>&1
if grep -q '^W .* pa=0x[1-9a-f][0-9a-f]* level=3 fault=0 ' /tmp/perm3.out; then
    ok "7c: root is shown the physical address"
else bad "7c: root walk of itself: $(cat /tmp/perm3.out)"; fi
chmod 0600 /dev/reclaim_accel0

# --- 8. the device goes away under an open file, and comes back -----------------------------
BDF=$(basename "$(readlink -f $SYS)")
exec 5<> /dev/reclaim_accel0
echo "$BDF" > /sys/bus/pci/drivers/reclaim_accel/unbind
if ractl --fd 5 scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" > /tmp/gone.out 2>&1; then
    bad "8a: scan through a file of an unbound device succeeded"
elif grep -q "No such device" /tmp/gone.out; then ok "8a: scan on an open file after unbind fails with ENODEV"
else bad "8a: unexpected: $(cat /tmp/gone.out)"; fi
if ractl --fd 5 walk --pid "$P" "$(hex $B)" > /tmp/gone.out 2>&1; then bad "8a: walk after unbind succeeded"
elif grep -q "No such device" /tmp/gone.out; then ok "8a: walk on an open file after unbind fails with ENODEV"
else bad "8a: walk after unbind: $(cat /tmp/gone.out)"; fi
exec 5<&-
echo "$BDF" > /sys/bus/pci/drivers/reclaim_accel/bind
i=0
while [ ! -c /dev/reclaim_accel0 ] && [ $i -lt 50 ]; do usleep 100000; i=$((i + 1)); done
tpcmd 1 touch 7 9
got=$(scan_young)
if [ "$got" = "7 9 " ]; then ok "8b: after rebinding the device scans exactly again"
else bad "8b: after rebind want [7 9 ] got [$got]"; fi

# --- 9. lost completions (debugfs fault injection): ETIMEDOUT, reset, working device after ------
BDF=$(basename "$(readlink -f $SYS)")
echo 3 > /sys/kernel/debug/reclaim_accel/$BDF/inject_timeouts
t_to=0; t_other=0
for i in 1 2 3; do
    if ractl scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --quiet > /tmp/to.out 2>&1; then
        t_other=$((t_other + 1)); echo "scan $i completed"
    elif grep -q "timed out" /tmp/to.out; then t_to=$((t_to + 1))
    else t_other=$((t_other + 1)); cat /tmp/to.out; fi
done
scan_young > /dev/null
tpcmd 1 touch 11 12
got=$(scan_young)
if [ $t_to = 3 ] && [ $t_other = 0 ] && [ "$got" = "11 12 " ] && [ "$(dstat timeouts)" = 3 ]; then
    ok "9: 3 lost completions give ETIMEDOUT, the device is reset and scans exactly again"
else bad "9: lost completions: timed out $t_to/3, other $t_other, timeouts stat $(dstat timeouts), then young [$got] (want [11 12 ])"; fi

tpcmd 1 quit
tpcmd 2 quit
# Unloading with nothing open must work too.
if rmmod reclaim_accel; then ok "driver unloaded"; else bad "rmmod failed"; fi
finish

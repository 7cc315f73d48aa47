#!/bin/sh
# guest-test.sh - end-to-end checks of the reclaim-accel driver, run inside the guest by /init
# (ra.mode=test). Prints "CHECK PASS: ..." / "CHECK FAIL: ..." lines, the driver's dmesg
# between "RA-DMESG-BEGIN" and "RA-DMESG-END", and exits with the number of failed checks.
#   1. scan --clear reports exactly the touched pages as young, twice, then none
#   2. walk gives the same frame as /proc/PID/pagemap for every page of the mapping
#   3. hash gives, for every page, the guest's reference XXH64 (low 32 bits) and zero flag;
#      absent and unreadable pages are reported as such, nothing is faulted in, and the page
#      references are dropped
#   4. 10,000 random ioctls and scans of exiting processes: errors, no oops (dmesg checked)
#   5. idle --pageout lowers RSS; exactly the hot pages stay resident
#   6. sysfs counters agree with the work done (SCAN, WALK, HASH)
#   7. access control (pagemap's rule) and no physical addresses for unprivileged callers
#   8. unbinding the device under an open file, and binding it again
#   9. lost completions (debugfs fault injection): ETIMEDOUT, device reset, working device after;
#      spurious interrupts and wake-ups are no completions; a failed reset cuts the device off
#  10. access parity: the driver grants exactly what /proc/PID/pagemap (SCAN, WALK) and
#      /proc/PID/mem (HASH) grant a uid-1000 caller; no swap entries for unprivileged callers
#  11. only VMA-covered ranges reach the device: a SCAN or WALK of a hole sends no command, and
#      SCAN with CLEAR_AF racing munmap in the same process changes no other memory
#  12. a caller blocked in a copy to user memory (userfaultfd) holds up no other caller
#  13. scan --all (RA_IOC_SCAN_RUNS, uapi 4): the whole address space of a process with a 64 GiB
#      sparse reservation gives exactly the touched pages as runs; resume between calls, clear,
#      holes, the old SCAN alongside, access parity
# With ra.backend=both on the kernel command line (scripts/run-guest --backend both: the model as
# 0000:00:01.0, the RTL in ra-serve as 0000:00:02.0) only the checks R0..R7 run instead: the same
# guest work on both devices must give the same young sets, walk frames and checksums and the
# same counters except cycles and busy_cycles; the RTL also scans a 3 GiB range in 1 GiB chunks,
# survives a lost completion (driver reset) and an unbind and bind.
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

BACKEND=$(sed -n 's/.*ra\.backend=\([a-z]*\).*/\1/p' /proc/cmdline)
# The RTL runs at about 10^5 to 10^6 cycles per second: a longer command timeout.
INSMOD_ARGS=
[ "$BACKEND" = both ] || [ "$BACKEND" = rtl ] && INSMOD_ARGS="timeout_ms=120000"

# --- driver -----------------------------------------------------------------------------------
# shellcheck disable=SC2086
if insmod /lib/modules/reclaim_accel.ko $INSMOD_ARGS; then ok "driver loaded"; else bad "insmod failed"; finish; fi
i=0
while [ ! -c /dev/reclaim_accel0 ] && [ $i -lt 50 ]; do usleep 100000; i=$((i + 1)); done
if [ -c /dev/reclaim_accel0 ]; then ok "/dev/reclaim_accel0 present"; else
    bad "no /dev/reclaim_accel0 (device not found?)"; lspci 2>/dev/null; finish; fi
SYS=/sys/class/misc/reclaim_accel0/device
cnt() { cat "$SYS/counters/$1"; }
dstat() { cat "$SYS/stats/$1"; }

# --- a test program driven over a FIFO -------------------------------------------------------
# Test programs 1, 2, 3, 5 and 6 read commands on fd 3, 4, 6, 8 and 9 and answer in /tmp/tpN.out.
SEQ1=0
SEQ2=0
SEQ3=0
SEQ5=0
SEQ6=0
SEQ7=0
tpcmd() { # tpcmd 1|2|3|5|6 command...
    n=$1; shift
    if [ "$n" = 1 ]; then SEQ1=$((SEQ1 + 1)); s=$SEQ1; echo "$*" >&3; out=/tmp/tp1.out
    elif [ "$n" = 2 ]; then SEQ2=$((SEQ2 + 1)); s=$SEQ2; echo "$*" >&4; out=/tmp/tp2.out
    elif [ "$n" = 3 ]; then SEQ3=$((SEQ3 + 1)); s=$SEQ3; echo "$*" >&6; out=/tmp/tp3.out
    elif [ "$n" = 5 ]; then SEQ5=$((SEQ5 + 1)); s=$SEQ5; echo "$*" >&8; out=/tmp/tp5.out
    elif [ "$n" = 7 ]; then SEQ7=$((SEQ7 + 1)); s=$SEQ7; echo "$*" >&7; out=/tmp/tp7.out
    else SEQ6=$((SEQ6 + 1)); s=$SEQ6; echo "$*" >&9; out=/tmp/tp6.out; fi
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

# --- R. both backends: the model (0000:00:01.0) and the RTL (0000:00:02.0) -------------------
if [ "$BACKEND" = both ]; then
    MD= RD= MS= RS=
    i=0
    while [ $i -lt 100 ]; do
        for d in /sys/class/misc/reclaim_accel*; do
            [ -e "$d/device" ] || continue
            case $(basename "$(readlink -f "$d/device")") in
                0000:00:01.0) MD=/dev/$(basename "$d"); MS=$d/device;;
                0000:00:02.0) RD=/dev/$(basename "$d"); RS=$d/device;;
            esac
        done
        [ -n "$MD" ] && [ -n "$RD" ] && [ -c "$MD" ] && [ -c "$RD" ] && break
        usleep 100000; i=$((i + 1))
    done
    if [ -n "$MD" ] && [ -n "$RD" ]; then ok "R0: two devices: the model $MD, the RTL $RD"
    else bad "R0: want the model at 00:01.0 and the RTL at 00:02.0: [$MD] [$RD]"; lspci; finish; fi
    counters() { for f in "$1"/counters/*; do echo "$(basename "$f") $(cat "$f")"; done; }
    delta() { # delta BEFORE AFTER: "name difference" per counter
        paste -d' ' "$1" "$2" | awk '{ print $1, $4 - $2 }'; }
    yscan() { # yscan DEV [--clear]: young pages of [B, E) of P
        ractl --dev "$1" scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" $2 > /tmp/rs.out ||
            { echo "scan on $1 failed: $(cat /tmp/rs.out)"; return 1; }
        sed -n 's/^Y \([0-9]*\) .*/\1/p' /tmp/rs.out | tr '\n' ' '; }

    # R1: the AF clear of each device is seen by the other: the RTL finds exactly the touched
    # pages and clears them (the model then finds none), and the other way round.
    ractl --dev "$MD" scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --clear --quiet > /dev/null
    S1="0 3 7 8 9 100 200 201 202 203 204 205 206 207 208 209 300 511"
    S2="1 3 50 51 52 199 200 400 510"
    tpcmd 1 touch $S1
    r1=$(yscan "$RD" --clear); m1=$(yscan "$MD" --clear)
    tpcmd 1 touch $S2
    m2=$(yscan "$MD" --clear); r2=$(yscan "$RD" --clear)
    if [ "$r1" = "$(sorted $S1)" ] && [ -z "$m1" ] && [ "$m2" = "$(sorted $S2)" ] && [ -z "$r2" ]; then
        ok "R1: young sets: the RTL finds exactly [$r1] and clears them, the model then none; the model finds exactly the second set, the RTL then none"
    else bad "R1: RTL [$r1] then model [$m1] (want [$(sorted $S1)] and none); model [$m2] then RTL [$r2] (want [$(sorted $S2)] and none)"; fi

    # R2: the same guest work on both: SCAN (no clear), WALK with pagemap, HASH of pages with
    # known contents. Results identical; counters identical except cycles and busy_cycles.
    tpcmd 1 fill 400-415 random 7
    tpcmd 1 fill 416-419 zero
    tpcmd 1 fill 420-423 ones
    tpcmd 1 copy 424 400
    S3="10 11 12 13 14 15 16 17 18 19 20 21 260 261 262"
    ractl --dev "$MD" scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --clear --quiet > /dev/null
    tpcmd 1 touch $S3
    counters "$MS" > /tmp/m0.cnt; counters "$RS" > /tmp/r0.cnt
    m3=$(yscan "$MD"); r3=$(yscan "$RD")
    ractl --dev "$MD" walk --pid "$P" --start "$(hex $B)" --pages $N --pagemap > /tmp/mw.out; mwr=$?
    ractl --dev "$RD" walk --pid "$P" --start "$(hex $B)" --pages $N --pagemap > /tmp/rw.out; rwr=$?
    ractl --dev "$MD" hash --pid "$P" --start "$(hex $((B + 400 * 4096)))" --pages 32 > /tmp/mh.out; mhr=$?
    ractl --dev "$RD" hash --pid "$P" --start "$(hex $((B + 400 * 4096)))" --pages 32 > /tmp/rh.out; rhr=$?
    counters "$MS" > /tmp/m1.cnt; counters "$RS" > /tmp/r1.cnt
    delta /tmp/m0.cnt /tmp/m1.cnt > /tmp/md.cnt; delta /tmp/r0.cnt /tmp/r1.cnt > /tmp/rd.cnt
    echo "both: model counters of the work: $(tr '\n' ' ' < /tmp/md.cnt)"
    echo "both: RTL counters of the work: $(tr '\n' ' ' < /tmp/rd.cnt)"
    tail -1 /tmp/rw.out; tail -1 /tmp/rh.out
    if [ "$m3" = "$(sorted $S3)" ] && [ "$r3" = "$m3" ]; then
        ok "R2a: SCAN: both devices report exactly the touched set [$r3]"
    else bad "R2a: SCAN: model [$m3] RTL [$r3] want [$(sorted $S3)]"; fi
    nw=$(grep -c '^W ' /tmp/rw.out)
    if [ $mwr = 0 ] && [ $rwr = 0 ] && [ "$nw" = $N ] && cmp -s /tmp/mw.out /tmp/rw.out &&
       grep -q "pagemap_match=$N pagemap_mismatch=0" /tmp/rw.out; then
        ok "R2b: WALK: the RTL's $nw frames are the model's and /proc/PID/pagemap's"
    else bad "R2b: WALK: rc $mwr/$rwr, $nw results, $(diff /tmp/mw.out /tmp/rw.out | head -5 | tr '\n' ' ')"; fi
    if [ $mhr = 0 ] && [ $rhr = 0 ] && cmp -s /tmp/mh.out /tmp/rh.out &&
       grep -q "pages=32 hashed=25 zero=4 absent=7 unmapped=0 faults=0" /tmp/rh.out &&
       [ "$(sed -n 's/^H 0 .*checksum=\(0x[0-9a-f]*\).*/\1/p' /tmp/rh.out)" = "$(sed -n 's/^H 24 .*checksum=\(0x[0-9a-f]*\).*/\1/p' /tmp/rh.out)" ]; then
        ok "R2c: HASH: the RTL's checksums and zero flags of 32 pages (25 hashed, 4 zero, 7 absent) are the model's; a copy's checksum is its original's"
    else bad "R2c: HASH: rc $mhr/$rhr: $(diff /tmp/mh.out /tmp/rh.out | head -5 | tr '\n' ' ')"; fi
    grep -v '^cycles \|^busy_cycles ' /tmp/md.cnt > /tmp/md2.cnt
    grep -v '^cycles \|^busy_cycles ' /tmp/rd.cnt > /tmp/rd2.cnt
    if [ -s /tmp/md2.cnt ] && cmp -s /tmp/md2.cnt /tmp/rd2.cnt && grep -q '^commands 3$' /tmp/rd2.cnt; then
        ok "R2d: counters of the same work (3 commands: SCAN, WALK, HASH) agree except cycles and busy_cycles ($(grep '^busy_cycles ' /tmp/rd.cnt) on the RTL, $(grep '^busy_cycles ' /tmp/md.cnt) estimated by the model)"
    else bad "R2d: counters differ: $(diff /tmp/md2.cnt /tmp/rd2.cnt | grep '^[<>]' | tr '\n' ' ')"; fi

    # R3: a 3 GiB SCAN with CLEAR_AF, split by the driver into 1 GiB commands, on the RTL.
    G1=1073741824
    LS=$(((B / G1 - 1) * G1))
    ractl --dev "$MD" scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --clear --quiet > /dev/null
    tpcmd 1 touch $S1
    t0=$(cut -d' ' -f1 /proc/uptime)
    ractl --dev "$RD" scan --pid "$P" --start "$(hex $LS)" --end "$(hex $((LS + 3 * G1)))" --clear > /tmp/rs3.out
    t1=$(cut -d' ' -f1 /proc/uptime)
    off=$(((B - LS) / 4096))
    got=$(sed -n 's/^Y \([0-9]*\) .*/\1/p' /tmp/rs3.out | while read -r i; do
          [ "$i" -ge "$off" ] && [ "$i" -lt $((off + N)) ] && echo $((i - off)); done | tr '\n' ' ')
    if [ "$got" = "$(sorted $S1)" ]; then ok "R3: a 3 GiB scan on the RTL reports exactly the touched subset (uptime $t0 -> $t1)"
    else bad "R3: 3 GiB scan on the RTL: want [$(sorted $S1)] got [$got]"; fi
    # R3b: the same 3 GiB scan, without clearing, on both: same output, same counters but cycles.
    tpcmd 1 touch $S2
    counters "$MS" > /tmp/m0.cnt; counters "$RS" > /tmp/r0.cnt
    ractl --dev "$MD" scan --pid "$P" --start "$(hex $LS)" --end "$(hex $((LS + 3 * G1)))" > /tmp/ms3.out
    ractl --dev "$RD" scan --pid "$P" --start "$(hex $LS)" --end "$(hex $((LS + 3 * G1)))" > /tmp/rs3.out
    counters "$MS" > /tmp/m1.cnt; counters "$RS" > /tmp/r1.cnt
    delta /tmp/m0.cnt /tmp/m1.cnt | grep -v '^cycles \|^busy_cycles ' > /tmp/md3.cnt
    delta /tmp/r0.cnt /tmp/r1.cnt | grep -v '^cycles \|^busy_cycles ' > /tmp/rd3.cnt
    if cmp -s /tmp/ms3.out /tmp/rs3.out && cmp -s /tmp/md3.cnt /tmp/rd3.cnt && grep -q '^Y ' /tmp/rs3.out; then
        ok "R3b: a 3 GiB scan on both: the same output and counters but cycles ($(grep -E '^(commands|desc_read|pte_scanned) ' /tmp/rd3.cnt | tr '\n' ' '))"
    else bad "R3b: 3 GiB scan on both differs: $(diff /tmp/ms3.out /tmp/rs3.out | head -4 | tr '\n' ' ') $(diff /tmp/md3.cnt /tmp/rd3.cnt | grep '^[<>]' | tr '\n' ' ')"; fi
    ractl --dev "$MD" scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --clear --quiet > /dev/null

    # R3c: 64 MiB of written pages (16384 leaves), a SCAN with CLEAR_AF on each device in turn
    # and a HASH of 1024 of them: the same output and counters but cycles.
    NB=16384
    mkfifo /tmp/tp2.in
    ra-testprog $NB < /tmp/tp2.in > /tmp/tp2.out 2>&1 &
    exec 4> /tmp/tp2.in
    if waithdr /tmp/tp2.out; then
        set -- $(head -1 /tmp/tp2.out)
        PB=$2; BB=$(($4)); EB=$((BB + NB * 4096))
        tpcmd 2 fill 0-1023 random 11
        tpcmd 2 touch all
        r3c=""
        for dev in "$MD" "$RD"; do
            [ "$dev" = "$MD" ] && sys=$MS || sys=$RS
            tpcmd 2 touch all
            counters "$sys" > /tmp/c0.cnt
            ractl --dev "$dev" scan --pid "$PB" --start "$(hex $BB)" --end "$(hex $EB)" --clear > /tmp/big-$(basename "$dev").out
            ractl --dev "$dev" hash --pid "$PB" --start "$(hex $BB)" --pages 1024 >> /tmp/big-$(basename "$dev").out
            counters "$sys" > /tmp/c1.cnt
            delta /tmp/c0.cnt /tmp/c1.cnt | grep -v '^cycles \|^busy_cycles ' > /tmp/big-$(basename "$dev").cnt
            r3c="$r3c $(basename "$dev"): $(grep -E '^busy_cycles ' /tmp/c1.cnt)"
        done
        tail -2 /tmp/big-$(basename "$RD").out
        if cmp -s /tmp/big-$(basename "$MD").out /tmp/big-$(basename "$RD").out &&
           cmp -s /tmp/big-$(basename "$MD").cnt /tmp/big-$(basename "$RD").cnt &&
           [ "$(grep -c '^Y ' /tmp/big-$(basename "$RD").out)" = $NB ] &&
           grep -q "pages=1024 hashed=1024 " /tmp/big-$(basename "$RD").out; then
            ok "R3c: 64 MiB written: SCAN --clear of 16384 young pages and HASH of 1024 give the same output and counters but cycles on both ($(grep -E '^(desc_read|atomic_ops|mem_read_beats) ' /tmp/big-$(basename "$RD").cnt | tr '\n' ' '))"
        else bad "R3c: 64 MiB on both differs: $(diff /tmp/big-$(basename "$MD").out /tmp/big-$(basename "$RD").out | head -4 | tr '\n' ' ') $(diff /tmp/big-$(basename "$MD").cnt /tmp/big-$(basename "$RD").cnt | grep '^[<>]' | tr '\n' ' ')"; fi
        echo "both: busy cycles after R3c:$r3c"
        tpcmd 2 quit
    else bad "R3c: ra-testprog $NB did not start"; fi

    # R4: a lost completion on the RTL (injected): ETIMEDOUT, the driver resets it, it scans again.
    RBDF=$(basename "$(readlink -f "$RS")")
    echo 1 > /sys/kernel/debug/reclaim_accel/$RBDF/inject_timeouts
    ractl --dev "$RD" scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --quiet > /tmp/to.out 2>&1; tr=$?
    tpcmd 1 touch 11 12
    got=$(yscan "$RD" --clear)
    if [ $tr != 0 ] && grep -q "timed out" /tmp/to.out && [ "$got" = "11 12 " ]; then
        ok "R4: a lost completion on the RTL: ETIMEDOUT, reset, then exactly [$got]"
    else bad "R4: lost completion: rc $tr [$(cat /tmp/to.out)], then [$got] (want [11 12 ])"; fi

    # R5: unbind and bind the RTL device; it scans exactly again.
    echo "$RBDF" > /sys/bus/pci/drivers/reclaim_accel/unbind
    echo "$RBDF" > /sys/bus/pci/drivers/reclaim_accel/bind
    i=0
    while [ ! -c "$RD" ] && [ $i -lt 50 ]; do usleep 100000; i=$((i + 1)); done
    tpcmd 1 touch 7 9
    got=$(yscan "$RD" --clear)
    if [ "$got" = "7 9 " ]; then ok "R5: after unbind and bind the RTL scans exactly again"
    else bad "R5: after rebind want [7 9 ] got [$got]"; fi

    # R7: scan --all of a process with a 64 GiB sparse reservation (64 clusters of 40 to 62
    # written pages) on both: the same runs and the same counters but cycles; guest time and
    # busy cycles of each.
    NS=16777216
    mkfifo /tmp/tp7.in
    ra-testprog $NS < /tmp/tp7.in > /tmp/tp7.out 2>&1 &
    exec 7> /tmp/tp7.in
    if waithdr /tmp/tp7.out; then
        set -- $(head -1 /tmp/tp7.out); P7=$2; B7=$(($4))
        spec=""; k=0; tot=0
        while [ $k -lt 64 ]; do
            a=$((k * 262144 + (k * 7919) % 200000)); len=$((40 + (k * 13) % 23))
            spec="$spec $a-$((a + len - 1))"; tot=$((tot + len)); k=$((k + 1))
        done
        tpcmd 7 touch $spec
        r7=""
        for dev in "$MD" "$RD"; do
            [ "$dev" = "$MD" ] && sys=$MS || sys=$RS
            n=$(basename "$dev")
            counters "$sys" > /tmp/c0.cnt
            ractl --dev "$dev" scan --pid "$P7" --all > /tmp/all-$n.out
            counters "$sys" > /tmp/c1.cnt
            delta /tmp/c0.cnt /tmp/c1.cnt > /tmp/all-$n.dcnt
            grep -v '^cycles \|^busy_cycles ' /tmp/all-$n.dcnt > /tmp/all-$n.cnt
            grep '^RUN ' /tmp/all-$n.out > /tmp/all-$n.runs
            echo "both: scan-all on $n: $(sed -n 's/^scan-runs //p' /tmp/all-$n.out) $(grep -E '^(busy_cycles|commands|desc_read|pte_scanned) ' /tmp/all-$n.dcnt | tr '\n' ' ')"
            r7="$r7 $n: $(sed -n 's/.*\(us=[0-9]*\).*/\1/p' /tmp/all-$n.out) $(grep '^busy_cycles ' /tmp/all-$n.dcnt)"
        done
        if cmp -s /tmp/all-$(basename "$MD").runs /tmp/all-$(basename "$RD").runs &&
           cmp -s /tmp/all-$(basename "$MD").cnt /tmp/all-$(basename "$RD").cnt &&
           [ "$(grep -c '^RUN ' /tmp/all-$(basename "$RD").runs)" -ge 64 ]; then
            ok "R7: scan --all of a 64 GiB sparse reservation ($tot pages touched) on both: the same runs and counters but cycles ($(grep -E '^(commands|pte_scanned) ' /tmp/all-$(basename "$RD").cnt | tr '\n' ' ');$r7)"
        else bad "R7: scan --all differs: $(diff /tmp/all-$(basename "$MD").runs /tmp/all-$(basename "$RD").runs | head -4 | tr '\n' ' ') $(diff /tmp/all-$(basename "$MD").cnt /tmp/all-$(basename "$RD").cnt | grep '^[<>]' | tr '\n' ' ')"; fi
        tpcmd 7 quit
    else bad "R7: ra-testprog $NS did not start"; fi

    # R6: no command errors or timeouts but the injected one.
    mt=$(cat "$MS/stats/timeouts"); rt=$(cat "$RS/stats/timeouts")
    me=$(cat "$MS/stats/command_errors"); re=$(cat "$RS/stats/command_errors")
    if [ "$mt $me $re" = "0 0 0" ] && [ "$rt" -le 1 ]; then ok "R6: no timeouts or command errors (but the injected one)"
    else bad "R6: timeouts model $mt RTL $rt, command errors model $me RTL $re"; fi
    tpcmd 1 quit
    if rmmod reclaim_accel; then ok "driver unloaded"; else bad "rmmod failed"; fi
    finish
fi

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

# 1d: the same through a 3 GiB scan that the driver splits into 1 GiB chunks, the mapping in
# the middle one; only pages of the mapping are compared. The driver sends one device command
# per run of adjacent VMAs in each chunk (holes get none): vma_runs counts them from the maps.
G1=1073741824
vma_runs() { # vma_runs PID START END: device commands a SCAN of [START, END) of PID takes
    n=0; cs=$2
    while [ "$cs" -lt "$3" ]; do
        ce=$((cs + G1)); [ "$ce" -gt "$3" ] && ce=$3
        prev=-1
        while read -r range _; do
            a=$((0x${range%-*})); b=$((0x${range#*-}))
            { [ "$b" -le "$cs" ] || [ "$a" -ge "$ce" ]; } && continue
            [ "$a" -lt "$cs" ] && a=$cs
            [ "$b" -gt "$ce" ] && b=$ce
            [ "$a" != "$prev" ] && n=$((n + 1))
            prev=$b
        done < /proc/$1/maps
        cs=$ce
    done
    echo $n
}
LS=$(((B / G1 - 1) * G1))
tpcmd 1 touch $S1
runs=$(vma_runs "$P" $LS $((LS + 3 * G1)))
c0=$(cnt commands)
ractl scan --pid "$P" --start "$(hex $LS)" --end "$(hex $((LS + 3 * G1)))" --clear > /tmp/scan3.out
off=$(((B - LS) / 4096))
got=$(sed -n 's/^Y \([0-9]*\) .*/\1/p' /tmp/scan3.out | while read -r i; do
      [ "$i" -ge "$off" ] && [ "$i" -lt $((off + N)) ] && echo $((i - off)); done | tr '\n' ' ')
dc=$(($(cnt commands) - c0))
if [ "$got" = "$(sorted $S1)" ] && [ "$dc" = "$runs" ] && [ "$dc" -ge 1 ]; then
    ok "1d: a 3 GiB scan ($dc device commands, one per VMA run and 1 GiB chunk) reports exactly the touched subset"
else bad "1d: 3 GiB scan: want [$(sorted $S1)] in $runs commands, got [$got] in $dc"; fi

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

# --- 3. HASH: KSM checksums of a process's pages ---------------------------------------------
# ra-testprog 3 maps N3 pages (two device commands of 4096 pages) and fills them with known
# content; its "hashref" command computes what ractl hash must report with the guest's own
# XXH64 (driver/tools/xxh64.c, checked against libxxhash on the host by test_xxh64).
#   0-15 random; 16-23 zero-filled; 24-31 all ones; 32-39 random in identical pairs (33=32,
#   35=34, ...); 40 = 0 and 41 = 24 (copies far apart); 42-47 only read (the shared zero page);
#   48-55 one non-zero byte; 56-59 random, then paged out (absent); 60-61 random, then
#   PROT_NONE (unmapped); 62-4095 untouched (absent); 4096-4099 random and 4159 all ones (the
#   second device command).
N3=4160
: > /tmp/tp3.out
mkfifo /tmp/tp3.in
ra-testprog $N3 < /tmp/tp3.in >> /tmp/tp3.out 2>&1 &
exec 6> /tmp/tp3.in
waithdr /tmp/tp3.out || { bad "ra-testprog 3 did not start"; finish; }
set -- $(head -1 /tmp/tp3.out)
P3=$2
B3=$(($4))
echo "testprog 3 pid $P3 base $(hex $B3) pages $N3"
tpcmd 3 fill 0-15 random 1
tpcmd 3 fill 16-23 zero
tpcmd 3 fill 24-31 ones
tpcmd 3 fill 32-39 random 2
for i in 32 34 36 38; do tpcmd 3 copy $((i + 1)) $i; done
tpcmd 3 copy 40 0
tpcmd 3 copy 41 24
tpcmd 3 read 42-47
tpcmd 3 touch 48-55
tpcmd 3 fill 56-59 random 3
tpcmd 3 pageout 56-59
tpcmd 3 fill 60-61 random 4
tpcmd 3 protect 60-61
tpcmd 3 fill 4096-4099 random 5
tpcmd 3 fill 4159 ones
H_HASHED=61; H_ZERO=14; H_UNMAPPED=2; H_ABSENT=$((N3 - 61 - 2))
tp3_since() { tail -n +$(($1 + 1)) /tmp/tp3.out; } # output of tp3 after line $1
tp3_lines() { wc -l < /tmp/tp3.out; }
l=$(tp3_lines); tpcmd 3 resident; res0=$(tp3_since $l | grep '^resident')
l=$(tp3_lines); tpcmd 3 hashref all; tp3_since $l | grep '^H ' > /tmp/hashref.out
ractl hash --pid "$P3" --start "$(hex $B3)" --pages $N3 > /tmp/hash.out
rc=$?
sum=$(tail -1 /tmp/hash.out)
echo "$sum"
grep '^H ' /tmp/hash.out | sed 's/ va=0x[0-9a-f]*$//' > /tmp/hash.cmp
want="pages=$N3 hashed=$H_HASHED zero=$H_ZERO absent=$H_ABSENT unmapped=$H_UNMAPPED faults=0"
if [ $rc = 0 ] && cmp -s /tmp/hash.cmp /tmp/hashref.out && [ "$(wc -l < /tmp/hash.cmp)" = $N3 ] &&
   echo "$sum" | grep -q " $want\$"; then
    ok "3a: hash equals the reference XXH64 and zero flag for all $N3 pages ($want)"
else
    bad "3a: hash vs reference (rc $rc; want $want): $sum"
    diff /tmp/hash.cmp /tmp/hashref.out 2>&1 | head -20
fi
ck() { sed -n "s/^H $1 state=hashed checksum=\(0x[0-9a-f]*\) .*/\1/p" /tmp/hash.cmp; }
pairs_ok=1
for p in 32:33 34:35 36:37 38:39 0:40 24:41 16:23 42:47 16:47; do
    a=$(ck ${p%:*}); b=$(ck ${p#*:})
    { [ -n "$a" ] && [ "$a" = "$b" ]; } || { pairs_ok=0; echo "pages ${p%:*} and ${p#*:}: $a $b"; }
done
ndist=$(for i in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 32 34 36 38 4096 4097 4098 4099 16 24 48; do
        ck $i; done | sort -u | wc -l)
if [ $pairs_ok = 1 ] && [ "$ndist" = 27 ]; then
    ok "3b: identical pages have equal checksums, 27 different pages 27 different ones"
else bad "3b: identical pages equal: $pairs_ok; distinct checksums $ndist of 27"; fi
l=$(tp3_lines); tpcmd 3 resident; res1=$(tp3_since $l | grep '^resident')
if [ "$res0" = "$res1" ] && [ "$res0" = "resident 63 swapped 4" ] &&
   grep -q '^H 56 state=absent' /tmp/hash.cmp && grep -q '^H 100 state=absent' /tmp/hash.cmp &&
   grep -q '^H 60 state=unmapped' /tmp/hash.cmp; then
    ok "3c: swapped-out and untouched pages reported absent and not faulted in ($res1)"
else bad "3c: residency before [$res0] after [$res1] (want resident 63 swapped 4)"; fi
# Limits and arguments; JSON output.
e1=$(ractl hash --pid "$P3" --start "$(hex $B3)" --pages 0 2>&1)
e2=$(ractl hash --pid "$P3" --start "$(hex $B3)" --pages 65537 2>&1)
e3=$(ractl hash --pid "$P3" --start "$(hex $((B3 + 8)))" --pages 1 2>&1)
e4=$(ractl hash --pid "$P3" --start 0x1000000000000 --pages 1 2>&1)
e5=$(ractl hash --pid 99999 --start "$(hex $B3)" --pages 1 2>&1)
# The maximum: 65536 pages from the start of the mapping (the rest is other mappings or none).
ractl hash --pid "$P3" --start "$(hex $B3)" --pages 65536 > /tmp/hashmax.out 2>&1
rc=$?
grep '^H ' /tmp/hashmax.out | head -n $N3 | sed 's/ va=0x[0-9a-f]*$//' > /tmp/hashmax.cmp
ractl hash --pid "$P3" --start "$(hex $B3)" --pages $N3 --json > /tmp/hash.json
nj=$(grep -c '"index"' /tmp/hash.json)
if echo "$e1" | grep -q "Invalid argument" && echo "$e2" | grep -q "Argument list too long" &&
   echo "$e3" | grep -q "Invalid argument" && echo "$e4" | grep -q "Invalid argument" &&
   echo "$e5" | grep -q "No such process" && [ $rc = 0 ] &&
   grep -q "^hash .* pages=65536 " /tmp/hashmax.out && cmp -s /tmp/hashmax.cmp /tmp/hashref.out &&
   [ "$nj" = $N3 ] &&
   grep -q "\"hashed\": $H_HASHED, \"zero\": $H_ZERO," /tmp/hash.json &&
   grep -q '"index": 0, "va": "0x[0-9a-f]*", "state": "hashed", "checksum": "'"$(ck 0)"'", "zero": false}' /tmp/hash.json
then ok "3d: 0 or 65537 pages, unaligned, beyond TASK_SIZE, no such pid: errors; 65536 pages and --json work"
else bad "3d: argument checks: [$e1] [$e2] [$e3] [$e4] [$e5] max rc $rc: $(tail -1 /tmp/hashmax.out); json entries $nj"; fi

# 3e: every page reference the driver takes is dropped again: the memory of a process whose
# 8192 pages (32 MiB) were hashed three times is freed when it exits. Free memory counts the
# pages on the per-CPU free lists too (MemFree does not; they hold megabytes).
memfree() { awk '/^ *pages free/ { s += $3 } /^ *count:/ { s += $2 } END { print s * 4 }' /proc/zoneinfo; }
mf0=$(memfree)
mkfifo /tmp/tp4.in
ra-testprog 8192 < /tmp/tp4.in > /tmp/tp4.out 2>&1 &
TP4=$!
exec 7> /tmp/tp4.in
if waithdr /tmp/tp4.out; then
    set -- $(head -1 /tmp/tp4.out)
    P4=$2
    B4=$(($4))
    echo "fill all random 9" >&7
    j=0
    while ! grep -q '^done 1$' /tmp/tp4.out && [ $j -lt 1000 ]; do usleep 20000; j=$((j + 1)); done
    for i in 1 2 3; do
        ractl hash --pid "$P4" --start "$(hex $B4)" --pages 8192 --quiet > /tmp/hash4.out 2>&1
    done
    mf_live=$(memfree)
    echo "quit" >&7
fi
exec 7>&-
wait $TP4
sleep 1
mf1=$(memfree)
echo "MemFree: free memory before $mf0 kB, while hashed $mf_live kB, after exit $mf1 kB; $(tail -1 /tmp/hash4.out)"
if grep -q "pages=8192 hashed=8192 zero=0 " /tmp/hash4.out && [ $((mf0 - mf_live)) -ge 30000 ] &&
   [ $((mf0 - mf1)) -lt 4096 ]; then
    ok "3e: a hashed process's 32 MiB are freed when it exits (free $mf0 -> $mf1 kB): no page references kept"
else bad "3e: free memory before $mf0, while hashed $mf_live, after exit $mf1 kB: $(tail -1 /tmp/hash4.out)"; fi

# --- 6. counters (before the fuzzing, with known work) --------------------------------------
S3="10 11 12 13 14 15 16 17 18 19 20 21"
tpcmd 1 touch $S3
c0_cmd=$(cnt commands); c0_y=$(cnt young_found); c0_af=$(cnt af_cleared)
c0_at=$(cnt atomic_ops); c0_pte=$(cnt pte_scanned); c0_f=$(cnt faults); c0_w=$(cnt walks)
s0_scan=$(dstat scan_ioctls); s0_yp=$(dstat young_pages); s0_ps=$(dstat pages_scanned)
s0_af=$(dstat af_cleared)
s0_walk=$(dstat walk_ioctls); s0_vw=$(dstat vas_walked); s0_cmd=$(dstat commands)
got=$(scan_young)
pte=$(sed -n 's/.*pte_scanned=\([0-9]*\).*/\1/p' /tmp/scan.out)
ny=$(echo $S3 | wc -w)
c1_cmd=$(cnt commands); c1_y=$(cnt young_found); c1_af=$(cnt af_cleared)
c1_at=$(cnt atomic_ops); c1_pte=$(cnt pte_scanned); c1_f=$(cnt faults)
d="commands=$((c1_cmd - c0_cmd)) young_found=$((c1_y - c0_y)) af_cleared=$((c1_af - c0_af)) atomic_ops=$((c1_at - c0_at)) pte_scanned=$((c1_pte - c0_pte)) faults=$((c1_f - c0_f))"
# the device only reads the tables: the driver clears AF under the page-table locks
want="commands=1 young_found=$ny af_cleared=0 atomic_ops=0 pte_scanned=$pte faults=0"
if [ "$d" = "$want" ] && [ "$got" = "$(sorted $S3)" ]; then ok "6a: device counters after one SCAN: $d"
else bad "6a: device counters after one SCAN: want [$want] got [$d] (young [$got])"; fi
d="scan_ioctls=$(($(dstat scan_ioctls) - s0_scan)) young_pages=$(($(dstat young_pages) - s0_yp)) pages_scanned=$(($(dstat pages_scanned) - s0_ps)) af_cleared=$(($(dstat af_cleared) - s0_af))"
want="scan_ioctls=1 young_pages=$ny pages_scanned=$N af_cleared=$ny"
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
# HASH of testprog 3 (section 3): $H_HASHED pages hashed in two device commands.
c0_cmd=$(cnt commands); c0_ph=$(cnt pages_hashed); c0_bh=$(cnt bytes_hashed); c0_f=$(cnt faults)
s0_hash=$(dstat hash_ioctls); s0_hp=$(dstat hashed_pages); s0_ap=$(dstat absent_pages); s0_cmd=$(dstat commands)
ractl hash --pid "$P3" --start "$(hex $B3)" --pages $N3 > /tmp/hash2.out
d="commands=$(($(cnt commands) - c0_cmd)) pages_hashed=$(($(cnt pages_hashed) - c0_ph)) bytes_hashed=$(($(cnt bytes_hashed) - c0_bh)) faults=$(($(cnt faults) - c0_f))"
want="commands=2 pages_hashed=$H_HASHED bytes_hashed=$((H_HASHED * 4096)) faults=0"
if [ "$d" = "$want" ]; then ok "6f: device counters after one HASH of $N3 pages: $d"
else bad "6f: device counters after one HASH: want [$want] got [$d]"; fi
d="hash_ioctls=$(($(dstat hash_ioctls) - s0_hash)) hashed_pages=$(($(dstat hashed_pages) - s0_hp)) absent_pages=$(($(dstat absent_pages) - s0_ap)) commands=$(($(dstat commands) - s0_cmd))"
want="hash_ioctls=1 hashed_pages=$H_HASHED absent_pages=$H_ABSENT commands=2"
if [ "$d" = "$want" ] && grep -q '^counter.pages_hashed ' /tmp/stat.out && grep -q '^counter.copies ' /tmp/stat.out
then ok "6g: driver stats after one HASH: $d; the new counters are in sysfs"
else bad "6g: driver stats after one HASH: want [$want] got [$d]"; fi

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
l=$(tp3_lines); tpcmd 3 hashref all; tp3_since $l | grep '^H ' > /tmp/hashref2.out
ractl hash --pid "$P3" --start "$(hex $B3)" --pages $N3 | grep '^H ' | sed 's/ va=0x[0-9a-f]*$//' > /tmp/hash3.cmp
if cmp -s /tmp/hash3.cmp /tmp/hashref2.out && [ "$(wc -l < /tmp/hash3.cmp)" = $N3 ]; then
    ok "4e: hash still equals the reference after the fuzzing"
else bad "4e: hash after fuzzing differs from the reference"; diff /tmp/hash3.cmp /tmp/hashref2.out 2>&1 | head; fi

# --- 7. access control: the caller must be able to read the target as pagemap requires -----
chmod 0666 /dev/reclaim_accel0
if ractl --as-uid 1000 scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" > /tmp/perm.out 2>&1
then bad "7a: uid 1000 scanned a root process"
elif grep -q "Permission denied" /tmp/perm.out; then ok "7a: uid 1000 may not scan a root process (EACCES)"
else bad "7a: unexpected: $(cat /tmp/perm.out)"; fi
if ractl --as-uid 1000 hash --pid "$P3" --start "$(hex $B3)" --pages 16 > /tmp/perm4.out 2>&1
then bad "7d: uid 1000 hashed a root process's pages"
elif grep -q "Permission denied" /tmp/perm4.out; then ok "7d: uid 1000 may not hash a root process (EACCES)"
else bad "7d: unexpected: $(cat /tmp/perm4.out)"; fi
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

# --- 10. access parity with /proc/PID/pagemap and /proc/PID/mem ------------------------------
# Two targets run as uid 1000: TC with an ambient capability (CAP_NET_BIND_SERVICE, so its
# permitted set is not a subset of a plain uid-1000 caller's: commoncap denies ptrace access),
# TU without. The caller runs as uid 1000 with no capabilities. The driver must grant exactly
# what the kernel grants for /proc/PID/pagemap (SCAN, WALK) and /proc/PID/mem (HASH).
chmod 0666 /dev/reclaim_accel0
N5=64
: > /tmp/tp5.out
mkfifo /tmp/tp5.in
ra-testprog --as-uid 1000 --cap 10 $N5 < /tmp/tp5.in >> /tmp/tp5.out 2>&1 &
exec 8> /tmp/tp5.in
: > /tmp/tp6.out
mkfifo /tmp/tp6.in
ra-testprog --as-uid 1000 $N5 < /tmp/tp6.in >> /tmp/tp6.out 2>&1 &
exec 9> /tmp/tp6.in
if waithdr /tmp/tp5.out && waithdr /tmp/tp6.out; then
    set -- $(head -1 /tmp/tp5.out); PC=$2; BC=$(($4))
    set -- $(head -1 /tmp/tp6.out); PU=$2; BU=$(($4))
    echo "testprog 5 (uid 1000, ambient cap): pid $PC $(grep -E '^(Uid|CapPrm|CapEff|CapAmb)' /proc/$PC/status | tr -s '\t\n' '  ')"
    echo "testprog 6 (uid 1000): pid $PU $(grep -E '^(Uid|CapPrm|CapEff)' /proc/$PU/status | tr -s '\t\n' '  ')"
    echo "yama ptrace_scope: $(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo none)"
    tpcmd 5 touch all
    tpcmd 6 touch all
    EC=$((BC + N5 * 4096)); EU=$((BU + N5 * 4096))
    u() { ractl --as-uid 1000 "$@"; }
    denied() { grep -q "Permission denied" "$1"; }

    # 10a: the capability-holding target: pagemap and mem refused, and so are scan, walk, hash,
    # by file descriptor (ractl cannot open the file) and by pid (the driver refuses).
    u readproc --pid $PC > /tmp/pa1.out 2>&1
    u readproc --pid $PC --mem > /tmp/pa2.out 2>&1
    u scan --pid $PC --start "$(hex $BC)" --end "$(hex $EC)" > /tmp/pa3.out 2>&1; r3=$?
    u walk --pid $PC --start "$(hex $BC)" --pages 4 > /tmp/pa4.out 2>&1; r4=$?
    u hash --pid $PC --start "$(hex $BC)" --pages 4 > /tmp/pa5.out 2>&1; r5=$?
    u --no-procfd scan --pid $PC --start "$(hex $BC)" --end "$(hex $EC)" > /tmp/pa6.out 2>&1; r6=$?
    u --no-procfd walk --pid $PC --start "$(hex $BC)" --pages 4 > /tmp/pa7.out 2>&1; r7=$?
    u --no-procfd hash --pid $PC --start "$(hex $BC)" --pages 4 > /tmp/pa8.out 2>&1; r8=$?
    ractl scan --pid $PC --start "$(hex $BC)" --end "$(hex $EC)" --quiet > /tmp/pa9.out 2>&1; r9=$?
    if grep -q "open=EACCES" /tmp/pa1.out && grep -q "open=EACCES" /tmp/pa2.out &&
       [ $r3 != 0 ] && denied /tmp/pa3.out && [ $r4 != 0 ] && denied /tmp/pa4.out &&
       [ $r5 != 0 ] && denied /tmp/pa5.out && [ $r6 != 0 ] && denied /tmp/pa6.out &&
       [ $r7 != 0 ] && denied /tmp/pa7.out && [ $r8 != 0 ] && denied /tmp/pa8.out && [ $r9 = 0 ]; then
        ok "10a: uid-1000 target with an ambient capability: pagemap, mem, scan, walk, hash all EACCES for a uid-1000 caller (root may scan it)"
    else bad "10a: cap target: $(cat /tmp/pa1.out /tmp/pa2.out | tr '\n' ' ') scan $r3 walk $r4 hash $r5 (pid: $r6 $r7 $r8; root $r9): $(cat /tmp/pa3.out /tmp/pa4.out /tmp/pa5.out /tmp/pa6.out /tmp/pa7.out /tmp/pa8.out | tr '\n' ' ')"; fi

    # 10b: the plain same-uid target: pagemap readable, and scan (exact young set) and walk work.
    u readproc --pid $PU > /tmp/pb1.out 2>&1; rb1=$?
    u scan --pid $PU --start "$(hex $BU)" --end "$(hex $EU)" --clear --quiet > /dev/null 2>&1
    tpcmd 6 touch 2 7
    u scan --pid $PU --start "$(hex $BU)" --end "$(hex $EU)" --clear > /tmp/pb2.out 2>&1; rb2=$?
    got=$(sed -n 's/^Y \([0-9]*\) .*/\1/p' /tmp/pb2.out | tr '\n' ' ')
    u walk --pid $PU --start "$(hex $BU)" --pages 4 > /tmp/pb3.out 2>&1; rb3=$?
    if [ $rb1 = 0 ] && grep -q "open=ok read=ok" /tmp/pb1.out && [ $rb2 = 0 ] && [ "$got" = "2 7 " ] &&
       [ $rb3 = 0 ] && [ "$(grep -c '^W .* pa=0x0 level=3 fault=0 ' /tmp/pb3.out)" = 4 ]; then
        ok "10b: uid-1000 target without capabilities: pagemap readable, scan reports exactly [2 7], walk translates (no PA shown)"
    else bad "10b: plain target: $(cat /tmp/pb1.out) scan rc $rb2 young [$got] walk rc $rb3: $(cat /tmp/pb3.out | tr '\n' ' ')"; fi

    # 10c: a plain pid names only the caller's own process; a file of the wrong kind is refused.
    u --no-procfd scan --pid $PU --start "$(hex $BU)" --end "$(hex $EU)" > /tmp/pc1.out 2>&1; rc1=$?
    u --no-procfd walk --pid self > /tmp/pc2.out 2>&1; rc2=$?
    u --procfile environ scan --pid $PU --start "$(hex $BU)" --end "$(hex $EU)" > /tmp/pc3.out 2>&1; rc3=$?
    ractl --procfile pagemap hash --pid $PU --start "$(hex $BU)" --pages 4 > /tmp/pc4.out 2>&1; rc4=$?
    ractl --procfile status walk --pid $PU "$(hex $BU)" > /tmp/pc5.out 2>&1; rc5=$?
    if [ $rc1 != 0 ] && denied /tmp/pc1.out && [ $rc2 = 0 ] &&
       [ $rc3 != 0 ] && grep -q "Invalid argument" /tmp/pc3.out &&
       [ $rc4 != 0 ] && grep -q "Invalid argument" /tmp/pc4.out &&
       [ $rc5 != 0 ] && grep -q "Invalid argument" /tmp/pc5.out; then
        ok "10c: a plain pid of another process gives EACCES, of the caller's own works; environ, status or (for hash) pagemap file descriptors give EINVAL"
    else bad "10c: pid path rc $rc1 / own $rc2, environ $rc3, pagemap for hash $rc4, status $rc5: $(cat /tmp/pc1.out /tmp/pc3.out /tmp/pc4.out /tmp/pc5.out | tr '\n' ' ')"; fi

    # 10d: HASH follows /proc/PID/mem (ptrace attach access; Yama decides among same-uid
    # processes): for each target the uid-1000 caller may hash exactly when it may open mem.
    pd=""; pd_ok=1
    for t in "$PC $BC" "$PU $BU"; do
        set -- $t
        if u readproc --pid $1 --mem > /dev/null 2>&1; then m=ok; else m=denied; fi
        if u hash --pid $1 --start "$(hex $2)" --pages 4 --quiet > /tmp/pd.out 2>&1; then h=ok
        elif denied /tmp/pd.out; then h=denied; else h="error($(cat /tmp/pd.out))"; fi
        pd="$pd pid $1: mem $m hash $h;"
        [ "$m" = "$h" ] || pd_ok=0
    done
    ractl hash --pid $PU --start "$(hex $BU)" --pages 4 --quiet > /tmp/pd2.out 2>&1 || pd_ok=0
    # Yama's ptrace_scope 1 (attach only to descendants) separates the two rules: the caller,
    # a sibling of TU, may still read TU's pagemap (scan) but not open its mem (hash).
    YS=/proc/sys/kernel/yama/ptrace_scope
    if [ -w $YS ]; then
        ys0=$(cat $YS)
        echo 1 > $YS
        if u readproc --pid $PU --mem > /dev/null 2>&1; then m=ok; else m=denied; fi
        if u hash --pid $PU --start "$(hex $BU)" --pages 4 --quiet > /tmp/pd.out 2>&1; then h=ok
        elif denied /tmp/pd.out; then h=denied; else h="error($(cat /tmp/pd.out))"; fi
        if u scan --pid $PU --start "$(hex $BU)" --end "$(hex $EU)" --quiet > /dev/null 2>&1; then sc=ok; else sc=denied; fi
        # clearing AF changes the target: mem's rule, as hash
        if u scan --pid $PU --start "$(hex $BU)" --end "$(hex $EU)" --clear --quiet > /tmp/pd3.out 2>&1; then scc=ok
        elif denied /tmp/pd3.out; then scc=denied; else scc="error($(cat /tmp/pd3.out))"; fi
        echo "$ys0" > $YS
        pd="$pd with ptrace_scope 1: mem $m hash $h scan $sc scan --clear $scc;"
        { [ "$m" = denied ] && [ "$h" = denied ] && [ "$sc" = ok ] && [ "$scc" = denied ]; } || pd_ok=0
    fi
    if [ $pd_ok = 1 ]; then ok "10d: hash and scan --clear follow /proc/PID/mem for a uid-1000 caller:$pd root may hash"
    else bad "10d: hash vs /proc/PID/mem:$pd root: $(cat /tmp/pd2.out)"; fi

    # 10e: a swapped-out page: root sees the swap entry, a caller without CAP_SYS_ADMIN 0.
    tpcmd 6 fill 1 random 8
    tpcmd 6 pageout 1
    VA1=$(hex $((BU + 4096)))
    ractl walk --pid $PU "$VA1" > /tmp/pe1.out 2>&1
    u walk --pid $PU "$VA1" > /tmp/pe2.out 2>&1
    cat /tmp/pe1.out /tmp/pe2.out | grep '^W'
    if grep -q "^W $VA1 pa=0x0 level=3 fault=1 desc=0x[1-9a-f][0-9a-f]*\$" /tmp/pe1.out &&
       grep -q "^W $VA1 pa=0x0 level=3 fault=1 desc=0x0\$" /tmp/pe2.out; then
        ok "10e: a paged-out page: root's WALK shows the swap descriptor, uid 1000's shows descriptor 0"
    else bad "10e: paged-out page: root [$(grep '^W' /tmp/pe1.out)] uid 1000 [$(grep '^W' /tmp/pe2.out)]"; fi
else
    bad "10: the uid-1000 test programs did not start: $(cat /tmp/tp5.out /tmp/tp6.out)"
fi
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
if ractl --fd 5 hash --pid "$P3" --start "$(hex $B3)" --pages 4 > /tmp/gone.out 2>&1; then bad "8a: hash after unbind succeeded"
elif grep -q "No such device" /tmp/gone.out; then ok "8a: hash on an open file after unbind fails with ENODEV"
else bad "8a: hash after unbind: $(cat /tmp/gone.out)"; fi
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

# 9b: right after each of the next 10 doorbells the interrupt handler runs (with nothing, or
# not yet, pending for the device) and the waiter is woken without a completion entry, as a
# neighbour on a shared INTx line would cause: neither may pass for a completion or a timeout.
DBG=/sys/kernel/debug/reclaim_accel/$BDF
echo 10 > $DBG/inject_spurious
to0=$(dstat timeouts); n_ok=0; got=""
for i in 1 2 3 4 5 6 7 8 9 10; do
    tpcmd 1 touch $i $((i + 100))
    got=$(scan_young)
    [ "$got" = "$i $((i + 100)) " ] && n_ok=$((n_ok + 1))
done
if [ $n_ok = 10 ] && [ "$(cat $DBG/inject_spurious)" = 0 ] && [ "$(dstat timeouts)" = "$to0" ] &&
   [ "$(dstat command_errors)" = 0 ]; then
    ok "9b: 10 scans, each with a spurious interrupt and wake-up after its doorbell, all exact; no timeout, no reset"
else bad "9b: spurious interrupts: $n_ok/10 exact (last [$got]), left $(cat $DBG/inject_spurious), timeouts $to0 -> $(dstat timeouts)"; fi

# --- 11. only ranges covered by VMAs reach the device ----------------------------------------
# 11a: a SCAN (with CLEAR_AF) and a WALK of a hole of testprog 1 send the device no command.
HS=$((0x1000000000)); HE=$((HS + G1))
hole=1
while read -r range _; do
    a=$((0x${range%-*})); b=$((0x${range#*-}))
    [ "$b" -le "$HS" ] || [ "$a" -ge "$HE" ] || hole=0
done < /proc/$P/maps
c0=$(dstat commands); d0=$(cnt commands)
ractl scan --pid "$P" --start "$(hex $HS)" --end "$(hex $HE)" --clear > /tmp/hole1.out 2>&1; rh1=$?
ractl walk --pid "$P" "$(hex $HS)" "$(hex $((HE - 4096)))" > /tmp/hole2.out 2>&1; rh2=$?
c1=$(dstat commands); d1=$(cnt commands)
tail -1 /tmp/hole1.out; tail -1 /tmp/hole2.out
if [ $hole = 1 ] && [ $rh1 = 0 ] && [ $rh2 = 0 ] && [ "$c1" = "$c0" ] && [ "$d1" = "$d0" ] &&
   grep -q " young_pages=0 .* records=0 pte_scanned=0 " /tmp/hole1.out &&
   grep -q "vas=2 translated=0 faults=2" /tmp/hole2.out &&
   [ "$(grep -c '^W .* level=0 fault=1 desc=0x0$' /tmp/hole2.out)" = 2 ]; then
    ok "11a: SCAN --clear of a 1 GiB hole and WALK of 2 VAs in it: success, nothing young, faults at level 0, no device command (commands $c0 -> $c1)"
else bad "11a: hole $hole, scan rc $rh1, walk rc $rh2, driver commands $c0 -> $c1, device $d0 -> $d1: $(cat /tmp/hole1.out /tmp/hole2.out | tr '\n' ' ')"; fi

# 11b: SCAN with CLEAR_AF of a range that another thread maps, populates and unmaps, while a
# third fills, checks and unmaps 16 MiB of 0x403 words (looks like young descriptors).
t0=$(cut -d' ' -f1 /proc/uptime)
ractl munmap-race --seconds "${RA_RACE_SECONDS:-20}" > /tmp/mrace.out 2>&1
rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
cat /tmp/mrace.out
if [ $rc = 0 ] && grep -q "^munmap-race .* other=0 .* corrupted=0$" /tmp/mrace.out; then
    ok "11b: munmap race: $(sed -n 's/^munmap-race //p' /tmp/mrace.out) (uptime $t0 -> $t1)"
else bad "11b: munmap race rc $rc: $(cat /tmp/mrace.out | tr '\n' ' ')"; fi
if [ "$(dstat timeouts)" = 3 ] && [ "$(dstat command_errors)" = 0 ]; then :; else
    bad "11b: after the race: timeouts=$(dstat timeouts) (3 injected) command_errors=$(dstat command_errors)"; fi

# --- 12. a caller stuck in a user copy holds up no one else ------------------------------------
# A SCAN whose young bitmap lies on a userfaultfd page that is not filled blocks in the
# driver's copy to user memory; another SCAN must still go through (the device mutex is not
# held across user copies); then the page is filled and the first SCAN completes too.
ractl stall-copy > /tmp/stall.out 2>&1
rc=$?
cat /tmp/stall.out
if [ $rc = 0 ] && grep -q "^stall-copy fault=1 second=ok .* first=ok$" /tmp/stall.out; then
    ok "12: a SCAN blocked in its result copy (userfaultfd) does not hold up another: $(sed -n 's/^stall-copy //p' /tmp/stall.out)"
else bad "12: stall-copy rc $rc: $(cat /tmp/stall.out | tr '\n' ' ')"; fi

# --- 13. scan --all: the whole address space as runs (RA_IOC_SCAN_RUNS) ----------------------
# Testprog 7 reserves 64 GiB (MAP_NORESERVE, 4 KiB pages only) and writes 64 clusters of 40 to
# 62 pages, one per GiB at varying offsets (3,008 pages). ractl scan --all walks every VMA of the
# process with RUNS SCANs and a budget, resuming through every RESUME: its runs inside the
# reservation must be exactly the clusters, and every run must lie inside a VMA.
NS=16777216
: > /tmp/tp7.out
mkfifo /tmp/tp7.in
ra-testprog $NS < /tmp/tp7.in > /tmp/tp7.out 2>&1 &
exec 7> /tmp/tp7.in
if waithdr /tmp/tp7.out; then
    set -- $(head -1 /tmp/tp7.out); P7=$2; B7=$(($4)); E7=$((B7 + NS * 4096))
    spec=""; : > /tmp/sp-want.txt; tot=0
    k=0
    while [ $k -lt 64 ]; do
        a=$((k * 262144 + (k * 7919) % 200000)); len=$((40 + (k * 13) % 23))
        spec="$spec $a-$((a + len - 1))"
        echo "$(hex $((B7 + a * 4096))) $len" >> /tmp/sp-want.txt
        tot=$((tot + len)); k=$((k + 1))
    done
    tpcmd 7 touch $spec
    inres() { # RUN lines inside the reservation as "VA pages", and the rest to /tmp/sp-other.txt
        : > /tmp/sp-other.txt
        grep '^RUN ' "$1" | while read -r _ va pg _; do
            v=$((va)); if [ "$v" -ge "$B7" ] && [ "$v" -lt "$E7" ]; then echo "$(hex $v) $pg"
            else echo "$va $pg" >> /tmp/sp-other.txt; fi; done; }
    # 13a: scan --all, timed in the guest and in device busy cycles.
    b0=$(cnt busy_cycles); c0=$(cnt commands); p0=$(cnt pte_scanned)
    ractl scan --pid "$P7" --all > /tmp/sa1.out 2>&1; ra1=$?
    b1=$(cnt busy_cycles); c1=$(cnt commands); p1=$(cnt pte_scanned)
    tail -1 /tmp/sa1.out
    inres /tmp/sa1.out > /tmp/sp-got.txt
    # VMAs that touch are one range (a run may continue from one into the next).
    lo=-1; hi=-1; : > /tmp/sp-vmas.txt
    while read -r range _; do
        a=$((0x${range%-*})); b=$((0x${range#*-}))
        if [ "$a" = "$hi" ]; then hi=$b; else
            [ "$lo" != -1 ] && echo "$lo $hi" >> /tmp/sp-vmas.txt; lo=$a; hi=$b; fi
    done < /proc/$P7/maps
    echo "$lo $hi" >> /tmp/sp-vmas.txt
    inmaps=1
    while read -r va pg; do
        v=$((va)); e=$((v + pg * 4096)); f=0
        while read -r lo hi; do
            [ "$v" -ge "$lo" ] && [ "$e" -le "$hi" ] && f=1
        done < /tmp/sp-vmas.txt
        [ $f = 1 ] || { inmaps=0; echo "run $va $pg outside the VMAs"; }
    done < /tmp/sp-other.txt
    echo "scan-all: whole address space of pid $P7 (64 GiB reservation, $tot pages touched): $(sed -n 's/^scan-runs //p' /tmp/sa1.out) device_commands=$((c1 - c0)) device_pte_scanned=$((p1 - p0)) busy_cycles=$((b1 - b0))"
    if [ $ra1 = 0 ] && cmp -s /tmp/sp-want.txt /tmp/sp-got.txt && [ $inmaps = 1 ]; then
        ok "13a: scan --all of a process with a 64 GiB sparse reservation: the runs inside it are exactly the 64 touched clusters ($tot pages), every other run lies within VMAs; $(sed -n 's/^scan-runs .*\(runs=[0-9]*\).*\(calls=.*\)/\1 \2/p' /tmp/sa1.out), busy_cycles=$((b1 - b0))"
    else bad "13a: scan --all rc $ra1, in VMAs $inmaps: $(diff /tmp/sp-want.txt /tmp/sp-got.txt | head -6 | tr '\n' ' ') $(tail -2 /tmp/sa1.out | tr '\n' ' ')"; fi
    # 13b: 5 runs per call (many calls, runs cut between calls merged again) and --dirty: the
    # same runs; the touched pages are dirty too. The old SCAN (uapi 1) of the first GiB agrees.
    ractl scan --pid "$P7" --all --dirty --max-runs 5 > /tmp/sa2.out 2>&1; ra2=$?
    inres /tmp/sa2.out > /tmp/sp-got2.txt
    ndirty=$(grep -c '^RUN .* young=1 dirty=1$' /tmp/sa2.out)
    ractl scan --pid "$P7" --start "$(hex $B7)" --end "$(hex $((B7 + 262144 * 4096)))" > /tmp/sa3.out 2>&1; ra3=$?
    old=$(sed -n 's/^Y \([0-9]*\) .*/\1/p' /tmp/sa3.out | sed -n '1p;$p' | tr '\n' ' ')
    set -- $(head -1 /tmp/sp-want.txt)
    if [ $ra2 = 0 ] && cmp -s /tmp/sp-want.txt /tmp/sp-got2.txt && [ "$ndirty" -ge 64 ] &&
       [ "$(sed -n 's/.*calls=\([0-9]*\).*/\1/p' /tmp/sa2.out)" -gt 10 ] &&
       [ $ra3 = 0 ] && [ "$old" = "0 $(($2 - 1)) " ]; then
        ok "13b: 5 runs per call ($(sed -n 's/.*\(calls=[0-9]*\).*/\1/p' /tmp/sa2.out)) with --dirty: the same runs, all young and dirty; the version 1 SCAN of the first GiB agrees ([$old])"
    else bad "13b: rc $ra2/$ra3, dirty runs $ndirty, old [$old]: $(diff /tmp/sp-want.txt /tmp/sp-got2.txt | head -4 | tr '\n' ' ') $(tail -1 /tmp/sa2.out)"; fi
    # 13c: --clear clears every young page of the process: the next scan finds none in the
    # reservation; two clusters touched again are found exactly.
    ractl scan --pid "$P7" --all --clear --quiet > /tmp/sa4.out 2>&1; ra4=$?
    ractl scan --pid "$P7" --all > /tmp/sa5.out 2>&1
    n5=$(inres /tmp/sa5.out | wc -l)
    tpcmd 7 touch 262144-262147 16777215
    ractl scan --pid "$P7" --all > /tmp/sa6.out 2>&1
    got6=$(inres /tmp/sa6.out | tr '\n' ' ')
    want6="$(hex $((B7 + 262144 * 4096))) 4 $(hex $((E7 - 4096))) 1 "
    if [ $ra4 = 0 ] && [ "$n5" = 0 ] && [ "$got6" = "$want6" ]; then
        ok "13c: scan --all --clear: none young after, then exactly the pages touched again [$got6]"
    else bad "13c: clear rc $ra4, young runs after $n5, after touching [$got6] want [$want6]"; fi
    # 13d: a 1 GiB hole (as in 11a) and a range beyond the process's address space: no command.
    c0=$(dstat commands); d0=$(cnt commands)
    ractl scan --pid "$P" --runs --start "$(hex $HS)" --end "$(hex $HE)" --clear > /tmp/sa7.out 2>&1; ra7=$?
    c1=$(dstat commands); d1=$(cnt commands)
    if [ $hole = 1 ] && [ $ra7 = 0 ] && [ "$c1" = "$c0" ] && [ "$d1" = "$d0" ] &&
       grep -q " runs=0 young_pages=0 dirty_pages=0 calls=1 commands=0 pte_scanned=0 " /tmp/sa7.out; then
        ok "13d: scan --runs of a 1 GiB hole: success, no runs, no device command"
    else bad "13d: hole rc $ra7, commands $c0 -> $c1, device $d0 -> $d1: $(cat /tmp/sa7.out)"; fi
    # 13e: access parity with scan: a uid-1000 caller gets EACCES for the capability-holding
    # uid-1000 target and for a plain pid of another process, and scans the plain target.
    if [ -n "$PC" ] && [ -n "$PU" ]; then
        chmod 0666 /dev/reclaim_accel0
        ractl --as-uid 1000 scan --pid "$PC" --all > /tmp/sa8.out 2>&1; r8=$?
        ractl --as-uid 1000 --no-procfd scan --pid "$PC" --all > /tmp/sa9.out 2>&1; r9=$?
        ractl --as-uid 1000 --no-procfd scan --pid "$PU" --all > /tmp/sa10.out 2>&1; r10=$?
        ractl --as-uid 1000 scan --pid "$PU" --all --clear --quiet > /dev/null 2>&1
        tpcmd 6 touch 5 6 7
        ractl --as-uid 1000 scan --pid "$PU" --all > /tmp/sa11.out 2>&1; r11=$?
        got11=$(grep '^RUN ' /tmp/sa11.out | while read -r _ va pg _; do
                [ $((va)) -ge "$BU" ] && [ $((va)) -lt "$EU" ] && echo "$(( ($((va)) - BU) / 4096 )) $pg"; done | tr '\n' ' ')
        chmod 0600 /dev/reclaim_accel0
        if [ $r8 != 0 ] && grep -q "Permission denied" /tmp/sa8.out && [ $r9 != 0 ] &&
           grep -q "Permission denied" /tmp/sa9.out && [ $r10 != 0 ] &&
           grep -q "Permission denied" /tmp/sa10.out && [ $r11 = 0 ] && [ "$got11" = "5 3 " ]; then
            ok "13e: scan --all follows pagemap's rule as scan does: EACCES for the capability holder and for plain pids of others; the plain uid-1000 target gives exactly its touched run [$got11]"
        else bad "13e: rc $r8 $r9 $r10 $r11 [$got11]: $(cat /tmp/sa8.out /tmp/sa9.out /tmp/sa10.out | tr '\n' ' ')"; fi
    else bad "13e: the uid-1000 targets of check 10 are missing"; fi
    tpcmd 7 quit
else bad "13a: ra-testprog $NS (64 GiB reservation) did not start: $(cat /tmp/tp7.out)"; fi

# 9c: a lost completion whose reset fails (injected: the device "stays busy"): the driver marks
# the device dead and switches bus mastering off (PCI command register bit 2) before it lets
# go of the target's tables; later ioctls get ENODEV; unbind and bind bring it back.
BDF=$(basename "$(readlink -f $SYS)")
DBG=/sys/kernel/debug/reclaim_accel/$BDF
cmdbyte() { dd if=/sys/bus/pci/devices/$BDF/config bs=1 skip=4 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n'; }
m0=$(cmdbyte)
echo 1 > $DBG/inject_reset_failures
echo 1 > $DBG/inject_timeouts
ractl scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --quiet > /tmp/dead1.out 2>&1; rd1=$?
ractl scan --pid "$P" --start "$(hex $B)" --end "$(hex $E)" --quiet > /tmp/dead2.out 2>&1; rd2=$?
m1=$(cmdbyte)
echo "$BDF" > /sys/bus/pci/drivers/reclaim_accel/unbind
echo "$BDF" > /sys/bus/pci/drivers/reclaim_accel/bind
i=0
while [ ! -c /dev/reclaim_accel0 ] && [ $i -lt 50 ]; do usleep 100000; i=$((i + 1)); done
m2=$(cmdbyte)
tpcmd 1 touch 13 14
got=$(scan_young)
echo "PCI command register: $m0 before, $m1 after the failed reset, $m2 after rebinding"
if [ $rd1 != 0 ] && grep -q "timed out" /tmp/dead1.out && [ $rd2 != 0 ] && grep -q "No such device" /tmp/dead2.out &&
   [ -n "$m0" ] && [ $((0x$m0 & 4)) = 4 ] && [ $((0x$m1 & 4)) = 0 ] && [ $((0x$m2 & 4)) = 4 ] &&
   dmesg | grep -q "device disabled after a failed reset (injected)" && [ "$got" = "13 14 " ]; then
    ok "9c: a failed reset leaves the device dead with bus mastering off (command $m0 -> $m1), ENODEV after; rebinding restores it ($m2) and it scans exactly"
else bad "9c: failed reset: scans rc $rd1 [$(cat /tmp/dead1.out)] then $rd2 [$(cat /tmp/dead2.out)], command register $m0 -> $m1 -> $m2, young after rebind [$got]"; fi

tpcmd 1 quit
tpcmd 2 quit
tpcmd 3 quit
tpcmd 5 quit
tpcmd 6 quit
# Unloading with nothing open must work too.
if rmmod reclaim_accel; then ok "driver unloaded"; else bad "rmmod failed"; fi
finish

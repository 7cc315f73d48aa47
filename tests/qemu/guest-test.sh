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
#   9. lost completions (debugfs fault injection): ETIMEDOUT, device reset, working device after
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
# Test programs 1, 2 and 3 read commands on fd 3, 4 and 6 and answer in /tmp/tpN.out.
SEQ1=0
SEQ2=0
SEQ3=0
tpcmd() { # tpcmd 1|2|3 command...
    n=$1; shift
    if [ "$n" = 1 ]; then SEQ1=$((SEQ1 + 1)); s=$SEQ1; echo "$*" >&3; out=/tmp/tp1.out
    elif [ "$n" = 2 ]; then SEQ2=$((SEQ2 + 1)); s=$SEQ2; echo "$*" >&4; out=/tmp/tp2.out
    else SEQ3=$((SEQ3 + 1)); s=$SEQ3; echo "$*" >&6; out=/tmp/tp3.out; fi
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

tpcmd 1 quit
tpcmd 2 quit
tpcmd 3 quit
# Unloading with nothing open must work too.
if rmmod reclaim_accel; then ok "driver unloaded"; else bad "rmmod failed"; fi
finish

#!/bin/sh
# SPDX-License-Identifier: MIT
# test_lackey.sh - tests of ra-lackey2trace (host/trace/ra_lackey2trace.c) and of the recorded
# trace tests/data/hashjoin.ratr.gz (docs/trace-format.md).
#
# Usage: test_lackey.sh RA-LACKEY2TRACE TEST_TRACE DATA-DIR WORK-DIR
#
# The committed sample of raw lackey output converts to exactly the committed, hand-checked
# files (with and without --dedup); malformed input gives exit 2 and a message naming the line;
# I/O errors give exit 1; --dedup keeps the strongest op of a run; --max stops early; the
# recorded trace parses (test_trace --check) and touches more than 1500 pages.
set -u
conv=$1
test_trace=$2
data=$3
work=$4
mkdir -p "$work" || exit 2
fails=0
checks=0

ok() {
	checks=$((checks + 1))
}

fail() {
	checks=$((checks + 1))
	fails=$((fails + 1))
	echo "test_lackey: FAIL: $*" >&2
}

# same FILE1 FILE2 WHAT: the files are identical
same() {
	if cmp "$1" "$2" >/dev/null 2>&1; then
		ok
	else
		fail "$3: $2 differs from $1"
		diff "$1" "$2" | head -20 >&2
	fi
}

# --- the committed sample, both modes, file and standard input ---
sample=$data/lackey-sample.txt
"$conv" "$sample" >"$work/plain.ratr" 2>"$work/plain.err" || fail "sample: exit $?"
same "$data/lackey-sample.ratr" "$work/plain.ratr" "sample"
"$conv" --dedup "$sample" >"$work/dedup.ratr" 2>/dev/null || fail "sample --dedup: exit $?"
same "$data/lackey-sample-dedup.ratr" "$work/dedup.ratr" "sample --dedup"
"$conv" --dedup <"$sample" >"$work/stdin.ratr" 2>/dev/null || fail "stdin: exit $?"
same "$data/lackey-sample-dedup.ratr" "$work/stdin.ratr" "sample --dedup from stdin"
"$conv" --dedup -o "$work/o.ratr" - <"$sample" >"$work/o.out" 2>/dev/null || fail "-o: exit $?"
same "$data/lackey-sample-dedup.ratr" "$work/o.ratr" "sample --dedup -o"
[ -s "$work/o.out" ] && fail "-o: standard output not empty" || ok

# the summary: 49 lines, 55 records, 7 pages (0x401a, 0x401b, 0x401c, 0x401e, 0x1fff000,
# 0x4033, 0x4032)
if grep -q '^ra-lackey2trace: 49 input lines, 55 records written, 7 distinct pages$' \
	"$work/plain.err"; then ok; else fail "summary: $(cat "$work/plain.err")"; fi

# --no-instr: only the data records
"$conv" --no-instr "$sample" 2>/dev/null | grep -v '^#' >"$work/noinstr.ratr"
grep -v '^#' "$data/lackey-sample.ratr" | grep -v '^X' >"$work/noinstr.want"
same "$work/noinstr.want" "$work/noinstr.ratr" "--no-instr"

# --max: the first N records of the full output
"$conv" --max 7 "$sample" 2>/dev/null | grep -v '^#' >"$work/max.ratr"
grep -v '^#' "$data/lackey-sample.ratr" | head -n 7 >"$work/max.want"
same "$work/max.want" "$work/max.ratr" "--max 7"
"$conv" --dedup --max=5 "$sample" 2>/dev/null | grep -v '^#' >"$work/maxd.ratr"
grep -v '^#' "$data/lackey-sample-dedup.ratr" | head -n 5 >"$work/maxd.want"
same "$work/maxd.want" "$work/maxd.ratr" "--dedup --max=5"

# --- --dedup keeps W over R over X within a run, and the run's first address ---
printf 'I  1004,4\n L 1ff8,8\nI  1010,4\n' >"$work/d1.txt"
printf 'I  1000,4\n L 1008,8\n S 1ff9,2\nI  1010,4\n L 2000,1\n' >"$work/d2.txt"
printf 'I  3ffe,4\n M 4ffe,4\n' >"$work/d3.txt"
for c in "d1:R 1000" "d2:W 1000|R 2000" "d3:X 3ff8|R 4000|R 5000|W 4ff8|W 5000"; do
	f=${c%%:*}
	want=$(echo "${c#*:}" | tr '|' '\n')
	got=$("$conv" --dedup "$work/$f.txt" 2>/dev/null | grep -v '^#')
	[ "$got" = "$want" ] && ok || fail "--dedup $f: got '$got', want '$want'"
done

# --- malformed lines: exit 2, a message with the line number and the text ---
good='==1== x\nI  0401ab70,3\n S 1fff000648,8\n'
n=0
for bad in 'X 1234,4' 'I  0401ab73' ' L 12g4,8' ' S 1000,0' ' L 1000000000000,8' \
	' L fffffffffffc,8' ' M 1000,8 x' 'I 1000,70000' ' L ,8' 'hello'; do
	n=$((n + 1))
	printf "$good%s\n S 10,8\n" "$bad" >"$work/bad$n.txt"
	"$conv" -o "$work/bad$n.ratr" "$work/bad$n.txt" 2>"$work/bad$n.err"
	rc=$?
	[ $rc -eq 2 ] && ok || fail "malformed '$bad': exit $rc, want 2"
	if grep -q "bad$n.txt:4: .*'$bad'" "$work/bad$n.err"; then
		ok
	else
		fail "malformed '$bad': message '$(cat "$work/bad$n.err")'"
	fi
	[ "$(wc -l <"$work/bad$n.err")" -eq 1 ] && ok || fail "malformed '$bad': not one line"
	[ -e "$work/bad$n.ratr" ] && fail "malformed '$bad': -o file left behind" || ok
done
# the same from standard input names <stdin>
"$conv" <"$work/bad1.txt" >/dev/null 2>"$work/stdin.err"
rc=$?
[ $rc -eq 2 ] && grep -q '<stdin>:4: ' "$work/stdin.err" && ok ||
	fail "malformed on stdin: exit $rc, '$(cat "$work/stdin.err")'"

# --- bad arguments (2), I/O errors (1), --help (0) ---
"$conv" --frobnicate "$sample" >/dev/null 2>&1
rc=$?; [ $rc -eq 2 ] && ok || fail "unknown option: exit $rc, want 2"
"$conv" --max 0 "$sample" >/dev/null 2>&1
rc=$?; [ $rc -eq 2 ] && ok || fail "--max 0: exit $rc, want 2"
"$conv" "$work/no-such-file" >/dev/null 2>&1
rc=$?; [ $rc -eq 1 ] && ok || fail "missing input: exit $rc, want 1"
"$conv" -o "$work/no-such-dir/x.ratr" "$sample" >/dev/null 2>&1
rc=$?; [ $rc -eq 1 ] && ok || fail "unwritable output: exit $rc, want 1"
if [ -w /dev/full ]; then
	"$conv" "$sample" >/dev/full 2>/dev/null
	rc=$?; [ $rc -eq 1 ] && ok || fail "write to /dev/full: exit $rc, want 1"
fi
"$conv" --help >"$work/help.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q -- '--dedup' "$work/help.txt" && grep -q 'ra-trace v1' "$work/help.txt" &&
	ok || fail "--help: exit $rc"

# --- the recorded trace ---
if "$test_trace" --check "$data/hashjoin.ratr.gz" 1500; then ok; else fail "hashjoin.ratr.gz"; fi
if "$test_trace" --check "$data/xz.ratr.gz" 2300; then ok; else fail "xz.ratr.gz"; fi

echo "test_lackey: $((checks - fails)) checks passed, $fails failed"
[ $fails -eq 0 ]

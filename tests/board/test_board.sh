#!/bin/sh
# board-pty: ra-board against the simulated FPGA boards on pseudo-terminals (docs/fpga.md).
#
# ra-board-sim (the iCE40-HX8K top: WALK only, 16 KiB): info, selftest, CSR and memory round
# trips, image loading, walk, an out-of-range access (exit 1 with a message), bad arguments
# (exit 2), a missing port (exit 3), and selftest --inject-mismatch, which must fail (the
# oracle bites). ra-board-sim-full (every engine, 128 KiB): info, selftest (SCAN and the page
# engines included), scan. Any failed step fails the test.
#
# usage: test_board.sh RA_BOARD RA_BOARD_SIM RA_BOARD_SIM_FULL WORKDIR
set -u

RB=$1
SIM=$2
SIMF=$3
DIR=$4
# the simulated UART runs at its real bit time, a few thousand bytes per second: be patient
TMO="--timeout-ms 10000"
# the full board's selftest on 24 KiB of its memory: one further L3 table and a free page
FULL_BYTES=24576

# the counters the register map defines (every build has them all; absent engines' read 0)
NCNT=$(sed -n 's/^#define RA_NUM_COUNTERS \([0-9]*\)$/\1/p' "$(dirname "$0")/../../include/ra_regs.h")
[ -n "$NCNT" ] || { echo "board-pty: cannot read RA_NUM_COUNTERS from include/ra_regs.h"; exit 1; }

rm -rf "$DIR"
mkdir -p "$DIR" || exit 1
SIM_PID=
T0=$(date +%s)

cleanup() {
	if [ -n "$SIM_PID" ]; then
		kill "$SIM_PID" 2>/dev/null
		wait "$SIM_PID" 2>/dev/null
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "board-pty: FAIL: $*"
	exit 1
}

say() {
	echo "board-pty: [$(($(date +%s) - T0)) s] $*"
}

# start_sim BINARY NAME: run it on $DIR/NAME.pty and wait for its ready line
start_sim() {
	"$1" --pty "$DIR/$2.pty" >"$DIR/$2.log" 2>&1 &
	SIM_PID=$!
	i=0
	while ! grep -q '^ra-board-sim: pty ' "$DIR/$2.log" 2>/dev/null; do
		kill -0 "$SIM_PID" 2>/dev/null || fail "$2 exited early: $(cat "$DIR/$2.log")"
		i=$((i + 1))
		[ $i -le 300 ] || fail "$2 printed no ready line within 30 s"
		sleep 0.1
	done
	PORT="$DIR/$2.pty"
	say "$(cat "$DIR/$2.log")"
}

stop_sim() {
	kill "$SIM_PID"
	wait "$SIM_PID"
	SIM_PID=
	say "$(tail -n 1 "$DIR/$1.log")"
}

# run WANT NAME ARGS...: ra-board ARGS must exit with WANT; output in $DIR/NAME.out, .err
run() {
	want=$1
	name=$2
	shift 2
	"$RB" --port "$PORT" $TMO "$@" >"$DIR/$name.out" 2>"$DIR/$name.err"
	rc=$?
	sed "s/^/  $name: /" "$DIR/$name.out" "$DIR/$name.err"
	[ "$rc" -eq "$want" ] || fail "$name: 'ra-board $*' exited $rc, expected $want"
	say "$name: exit $rc as expected"
}

# has NAME PATTERN: the output of step NAME (stdout and stderr) matches PATTERN
has() {
	cat "$DIR/$1.out" "$DIR/$1.err" | grep -q -e "$2" || fail "$1: no line matches '$2'"
}

# --- the iCE40-HX8K board ---
start_sim "$SIM" hx8k
run 0 info info
has info 'engines: *WALK (0x01)'
has info 'memory: *16 KiB at \[0x40000000, 0x40004000)'
has info "PERF_CAP: .*$NCNT counters, 20 bits wide"
has info 'DMA windows: *1$'
run 0 selftest selftest
has selftest '^selftest: PASS'
grep -q '^FAIL' "$DIR/selftest.out" && fail "selftest printed FAIL lines"

# CSR round trips (by name and by offset)
run 0 csr-wr1 csr-write PA_BITS 40
run 0 csr-rd1 csr-read 0x1c
has csr-rd1 '^0x01c PA_BITS  *0x00000028$'
run 0 csr-wr2 csr-write WIN0_LIMIT_LO 0x12345678
run 0 csr-rd2 csr-read win0_limit_lo
has csr-rd2 '0x12345000$'
run 0 csr-rd3 csr-read WIN1_LIMIT_LO
has csr-rd3 '0x00000000$'

# memory round trips
run 0 mem-zero mem-zero 0x40003f00 256
run 0 mem-wr mem-write 0x40003f08 0x0123456789abcdef 18364758544493064720
run 0 mem-rd mem-read 0x40003f00 4
has mem-rd '^0x40003f00: 0x0000000000000000$'
has mem-rd '^0x40003f08: 0x0123456789abcdef$'
has mem-rd '^0x40003f10: 0xfedcba9876543210$'
has mem-rd '^0x40003f18: 0x0000000000000000$'
# an image of 33 bytes: a word, three zero words (not sent), a last partial word
printf '\001\002\003\004\005\006\007\010' >"$DIR/img.bin"
head -c 24 /dev/zero >>"$DIR/img.bin"
printf '\377' >>"$DIR/img.bin"
run 0 mem-wr2 mem-write 0x40003f10 0x1111
run 0 load load "$DIR/img.bin" --pa 0x40003f00
has load '33 bytes at \[0x40003f00, 0x40003f28), 2 of 5 words sent'
run 0 mem-rd2 mem-read 0x40003f00 5
has mem-rd2 '^0x40003f00: 0x0807060504030201$'
has mem-rd2 '^0x40003f10: 0x0000000000000000$'
has mem-rd2 '^0x40003f20: 0x00000000000000ff$'

# WALK on the tables the selftest left (L3 table A: entry 0 a page at 0x80000000, entry 1 '01')
run 0 walk walk --ttbr 0x40000000 0x123 0x1000 0x10000000000
has walk '^completion: .*status ok walked 3 faults 2'
has walk '^va 0x0000000000000123 pa 0x000080000123 level 3'
has walk '^va 0x0000000000001000 fault translation  level 3'
has walk '^va 0x0000010000000000 fault translation  level 0'
run 0 counters counters
has counters '^walks  *3$'
has counters '^commands  *1$'

# errors: out of range (1), bad arguments (2), no port (3)
run 1 range1 mem-read 0x40004000
has range1 'outside the board memory \[0x40000000, 0x40004000)'
run 1 range2 mem-write 0x3ffffff8 1 2
has range2 'outside the board memory'
run 1 range3 mem-zero 0x40003ff8 16
run 2 badarg1 mem-read 0x4000zz00
has badarg1 "mem-read PA '0x4000zz00': expected a decimal integer"
run 2 badarg2 csr-read 0x401
has badarg2 'expected a multiple of 4 below 0x400'
run 2 badarg3 frobnicate
has badarg3 "unknown command 'frobnicate'"
run 2 badarg4 walk 0x1000
has badarg4 'walk: --ttbr PA is required'
"$RB" --port "$DIR/no-such-port" info >"$DIR/noport.out" 2>&1
rc=$?
cat "$DIR/noport.out"
[ $rc -eq 3 ] || fail "noport: exit $rc, expected 3"
grep -q 'cannot open serial port' "$DIR/noport.out" || fail "noport: no message"

# the oracle bites: a bit flipped in the model's copy of a table must fail the selftest
run 1 inject selftest --inject-mismatch
has inject '^selftest: FAIL'
has inject '^FAIL  cmd  1 WALK'
has inject '^FAIL  memory'
stop_sim hx8k

# --- the full board: SCAN and the page engines ---
start_sim "$SIMF" full
run 0 info-full info
has info-full 'engines: *WALK SCAN HASH CMP COPY (0x1f)'
has info-full 'DMA windows: *4$'
run 0 selftest-full selftest --mem-bytes $FULL_BYTES --seed 7
has selftest-full '^selftest: PASS'
has selftest-full '^ok    cmd .* SCAN '
grep -q '^FAIL' "$DIR/selftest-full.out" && fail "selftest printed FAIL lines"
run 0 scan scan --ttbr 0x40000000 --start 0 --end 0x40000 --dirty --records 16
has scan '^completion: .*status ok young'
stop_sim full

say "PASS"

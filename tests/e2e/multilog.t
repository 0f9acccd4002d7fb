#!/bin/sh
# multilog.t — multilog's behaviour on a live input: selection with + and
# -, e, =status, several directories, lines longer than 1000 bytes, the
# lock, and the signals: ALRM rotates, TERM ends at the next line
# boundary and leaves the rest of the input unread.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
ML=$(bin daemontools/multilog)
[ -x "$ML" ] || skip_all "multilog is not built"
tmpdir
track_fifo_jobs
cd "$T" || exit 255

has() { grep -q -- "$2" "$1" 2>/dev/null; }
narch() { ls "$1" | grep -c '^@'; }
narch_is() { test "$(narch "$1")" = "$2"; }
# settled PID: no signal is pending for PID and it sleeps in poll again,
# so a signal sent before has been taken (kill alone does not wait for it)
settled() {
  _st=$(cat "/proc/$1/status" 2>/dev/null) || return 1
  printf '%s\n' "$_st" | grep -Eq '^(SigPnd|ShdPnd):[[:space:]]*0+$' || return 1
  [ "$(printf '%s\n' "$_st" | grep -c -E '^(SigPnd|ShdPnd):[[:space:]]*0+$')" = 2 ] || return 1
  _w=$(cat "/proc/$1/wchan" 2>/dev/null)
  case $_w in
    *poll*) return 0 ;;
    ''|0) printf '%s\n' "$_st" | grep -q '^State:[[:space:]]*S' ;; # wchan hidden
    *) return 1 ;;
  esac
}
# drained FIFO: nothing is waiting in the FIFO (its reader has taken all;
# FIONREAD through a second, non-blocking reader consumes nothing)
drained() {
  python3 -c '
import fcntl, os, struct, sys, termios
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
n = struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
sys.exit(0 if n == 0 else 1)' "$1"
}

# --- selection, alerts, status files, several directories
cat > in <<'X'
info: starting
fatal: disk on fire
info: fatal: quoted
debug: noise
status: 3 queued
status: 4 queued
X
"$ML" '-*' '+fatal: *' e ./fatal '+*' '-debug:*' ./main '-*' '+status: *' =st ./status \
  < in 2> err
is $? 0 "a script with three directories: exit 0"
is "$(cat fatal/current)" "fatal: disk on fire" "+fatal: * picks the fatal line only"
is "$(cat err)" "fatal: disk on fire" "e sees the same selection"
is "$(cat main/current)" "info: starting
fatal: disk on fire
info: fatal: quoted
status: 3 queued
status: 4 queued" "+* then -debug:* drops the debug line"
is "$(cat status/current)" "status: 3 queued
status: 4 queued" "a third selection for the third directory"
is "$(head -n 1 st)" "status: 4 queued" "=st holds the last selected line"
is "$(wc -c < st | tr -d ' ')" 1001 "padded to 1001 bytes"

# --- long lines: patterns see the first 1000 bytes, the directory gets all
awk 'BEGIN { s = ""; for (i = 0; i < 1500; ++i) s = s "x"; print s "END"; print "short" }' > long.in
"$ML" '-*END' ./long < long.in
is "$(cat long/current)" "$(cat long.in)" "a pattern cannot see past byte 1000: the long line is kept whole"
"$ML" '-x*' ./long2 < long.in
is "$(cat long2/current)" "short" "but sees its start"
awk 'BEGIN { s = ""; for (i = 0; i < 999; ++i) s = s "y"; print s "Z"; print "ok" }' > edge.in
"$ML" '-*Z' ./edge < edge.in
is "$(cat edge/current)" "ok" "byte 1000 is still seen"
"$ML" t '-*Z' ./edge2 < edge.in
is "$(wc -l < edge2/current | tr -d ' ')" 2 "with t, the timestamp counts in the 1000 bytes"

# --- the lock: a second multilog on the same directory exits 111 at once
fifo_start a 3 "$ML" ./locked
until_ok 10 test -f locked/current
ok $? "a multilog runs on ./locked"
echo x | "$ML" ./locked > out 2>&1
is "$?" 111 "a second one exits 111"
is "$(cat out)" "multilog: fatal: unable to lock directory ./locked: temporary failure" "and says why"

# --- ALRM rotates a non-empty current, even while no input comes
echo one >&3
until_ok 10 has locked/current one
kill -ALRM "$(cat a.pid)"
until_ok 10 narch_is locked 1
ok $? "ALRM: current became an old file"
is "$(cat locked/@*)" one "holding the line"
is "$(cat locked/current)" "" "a new current is empty"
kill -ALRM "$(cat a.pid)"
printf 'two' >&3
until_ok 10 drained a.in
kill -ALRM "$(cat a.pid)"
until_ok 10 settled "$(cat a.pid)"
echo >&3
until_ok 10 has locked/current two
is "$(narch locked)" 1 "ALRM with current empty (a partial line is not in it yet): no rotation"

# --- TERM: the line under way is finished, the rest stays in the input
printf 'four\nfi' >&3
until_ok 10 has locked/current four
until_ok 10 drained a.in
kill -TERM "$(cat a.pid)"
until_ok 10 settled "$(cat a.pid)"
printf 've\nsix\n' >&3
until_ok 10 fifo_ended a
ok $? "TERM in the middle of a line: multilog ends after it"
is "$(cat a.rc)" 0 "exit 0"
is "$(cat locked/current)" "two
four
five" "the line under way was completed"
exec 3<> a.in
is "$(timeout 5 head -n 1 <&3)" "six" "the next line is still unread in the input"
exec 3>&-
is "$(ls -l locked/current | cut -c 1-10)" "-rwxr--r--" "current is marked complete (744)"

fifo_start b 4 "$ML" ./termidle
echo idle >&4
until_ok 10 has termidle/current idle
kill -TERM "$(cat b.pid)"
until_ok 10 fifo_ended b
ok $? "TERM at a line boundary: multilog ends at once"
exec 4>&-
done_testing

#!/bin/sh
# multilog-disk.t — when the disk refuses writes, multilog waits and tries
# again, saying so on stderr (not once per try), and loses nothing. The
# full disk is simulated without root by a file size limit (RLIMIT_FSIZE),
# lowered when multilog starts and raised again with prlimit(1).
. "${IM_SRC:-.}/tests/lib/tap.sh"
ML=$(bin daemontools/multilog)
[ -x "$ML" ] || skip_all "multilog is not built"
need_cmd prlimit
tmpdir
cleanup() {
  for f in "$T"/*.pid; do
    [ -f "$f" ] && [ ! -f "${f%.pid}.rc" ] && kill -9 "$(cat "$f")" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cd "$T" || exit 255
until_ok() {
  _n=$(($1 * 20)); shift
  until "$@" > /dev/null 2>&1; do
    _n=$((_n - 1)); [ $_n -gt 0 ] || return 1
    sleep 0.05
  done
}
has() { grep -q -- "$2" "$1" 2>/dev/null; }
size_is() { test "$(wc -c < "$1")" -eq "$2"; }
alive() { kill -0 "$1" 2>/dev/null && [ ! -f a.rc ]; }

awk 'BEGIN { for (i = 0; i < 300; ++i) printf "line %05d %080d\n", i, 0 }' > in
mkfifo a.in
( sh -c 'echo $$ > "$0"; exec prlimit --fsize=8192: "$@"' a.pid "$ML" s99999 ./full \
    < a.in 2> a.err
  echo $? > a.rc ) &
exec 3> a.in
until_ok 10 test -s a.pid
pid=$(cat a.pid)
cat in >&3
until_ok 10 has a.err "unable to write to ./full/current"
ok $? "a write beyond the limit fails and multilog says so"
like "$(head -n 1 a.err)" '^multilog: warning: unable to write to \./full/current: .*; pausing$' \
  "the warning"
sleep 1.5
alive "$pid"
ok $? "multilog waits rather than exit"
is "$(wc -c < full/current | tr -d ' ')" 8192 "current stops at the limit"
is "$(grep -c warning a.err)" 1 "one warning, not one per retry"

prlimit --pid "$pid" --fsize=unlimited: 2>/dev/null ||
  prlimit --pid "$pid" --fsize="$(prlimit --pid "$pid" --fsize --raw --noheadings -o HARD)":
until_ok 10 size_is full/current 27600
ok $? "once the limit is raised, the rest is written"
exec 3>&-
until_ok 10 test -s a.rc
is "$(cat a.rc)" 0 "multilog ends at the end of input, exit 0"
ok $(cmp -s full/current in; echo $?) "every line once, in order"
done_testing

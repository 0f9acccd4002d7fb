#!/bin/sh
# multilog-disk.t — when the disk refuses writes, multilog waits and tries
# again, saying so on stderr (not once per try), and loses nothing. The
# full disk is simulated without root by a file size limit (RLIMIT_FSIZE),
# lowered when multilog starts and raised again with prlimit(1).
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
ML=$(bin daemontools/multilog)
[ -x "$ML" ] || skip_all "multilog is not built"
need_cmd prlimit
tmpdir
track_fifo_jobs
cd "$T" || exit 255
has() { grep -q -- "$2" "$1" 2>/dev/null; }
size_is() { test "$(wc -c < "$1")" -eq "$2"; }

awk 'BEGIN { for (i = 0; i < 300; ++i) printf "line %05d %080d\n", i, 0 }' > in
fifo_start a 3 prlimit --fsize=8192: "$ML" s99999 ./full
pid=$(cat a.pid)
cat in >&3
until_ok 10 has a.err "unable to write to ./full/current"
ok $? "a write beyond the limit fails and multilog says so"
like "$(head -n 1 a.err)" '^multilog: warning: unable to write to \./full/current: .*; pausing$' \
  "the warning"
sleep 1.5
alive "$pid" && ! fifo_ended a
ok $? "multilog waits rather than exit"
is "$(wc -c < full/current | tr -d ' ')" 8192 "current stops at the limit"
is "$(grep -c warning a.err)" 1 "one warning, not one per retry"

prlimit --pid "$pid" --fsize=unlimited: 2>/dev/null ||
  prlimit --pid "$pid" --fsize="$(prlimit --pid "$pid" --fsize --raw --noheadings -o HARD)":
until_ok 10 size_is full/current 27600
ok $? "once the limit is raised, the rest is written"
exec 3>&-
until_ok 10 fifo_ended a
is "$(cat a.rc)" 0 "multilog ends at the end of input, exit 0"
ok $(cmp -s full/current in; echo $?) "every line once, in order"
done_testing

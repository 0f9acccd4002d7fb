#!/bin/sh
# readproctitle.t — readproctitle's usage errors, exit 0 at the end of
# input, and what ps sees: the last bytes of the input in place of the
# dots of its last argument (but the first three), whose length never
# changes; Debian's readproctitle shows the same for the same input.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
tmpdir
track_pids
rpt=$(bin daemontools/readproctitle)
usage="readproctitle: usage: readproctitle args ....."

transcript "no argument" "$usage
exit 100" "$rpt"
transcript "a last argument shorter than 5 bytes" "$usage
exit 100" "$rpt" service errors: ....
transcript "empty input: exit 0" "
exit 0" "$rpt" service errors: .....
out=$(printf 'line\n' | "$rpt" x .....; echo "exit $?")
is "$out" "exit 0" "input then end of input: exit 0, nothing written"

# title: the arguments as ps shows them
title() { tr '\0' ' ' < "/proc/$pid/cmdline"; }
# shows TEXT: ps shows TEXT
shows() { [ "$(title)" = "$1" ]; }

# sequence PROG LABEL: the same input, step by step, to PROG; ps must
# show the same after each step (Debian's readproctitle passes too)
sequence() {
  p=$1 l=$2
  rm -f "$T/in"
  mkfifo "$T/in"
  "$p" service errors: .......... < "$T/in" &
  pid=$!
  echo "$pid" >> "$T/pids"
  exec 3> "$T/in"
  until_ok 5 shows "$p service errors: .......... "
  ok $? "$l: before any input, the dots"
  printf 'abc' >&3
  until_ok 5 shows "$p service errors: .......abc "
  ok $? "$l: a little input goes at the end"
  printf 'defg\n' >&3
  until_ok 5 shows "$p service errors: ...bcdefg
 "
  ok $? "$l: more input pushes the older bytes left; the first 3 dots stay"
  printf 'supervise: fatal: unable to chdir' >&3
  until_ok 5 shows "$p service errors: ...o chdir "
  ok $? "$l: only the last bytes are kept"
  head -c 100000 /dev/zero | tr '\0' x >&3
  printf 'the end!\n' >&3
  until_ok 5 shows "$p service errors: ...e end!
 "
  ok $? "$l: a long input, its last bytes"
  exec 3>&-
  wait "$pid"
  is "$?" 0 "$l: exit 0 at the end of input"
}

if [ ! -r /proc/self/cmdline ]; then
  skip "no /proc/PID/cmdline here"
else
  sequence "$rpt" ours
  if [ -x /usr/bin/readproctitle ]; then
    sequence /usr/bin/readproctitle daemontools
  else
    skip "Debian's daemontools is not installed: no cross-check"
  fi
fi
done_testing

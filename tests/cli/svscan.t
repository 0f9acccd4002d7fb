#!/bin/sh
# svscan.t — svscan's usage, its fatal errors and exit codes, its warning
# when supervise cannot be run, and a quiet start and stop. What svscan
# does with services is tested in tests/e2e/svscan*.t and nologloss.t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
svscan=$(bin daemontools/svscan)
usage="svscan: usage: svscan [ dir ]"
unset SCANLOG

: > "$T/pids"
cleanup() {
  for p in $(cat "$T/pids"); do kill -9 "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
until_ok() {
  _n=$(($1 * 20)); shift
  until "$@" > /dev/null 2>&1; do
    _n=$((_n - 1)); [ $_n -gt 0 ] || return 1
    sleep 0.05
  done
}
gone() { ! kill -0 "$1" 2>/dev/null; }

transcript "two arguments" "$usage
exit 100" "$svscan" "$T" "$T"
transcript "an empty directory name" "$usage
exit 100" "$svscan" ""
transcript "a missing directory" "svscan: fatal: unable to chdir to $T/none: no such file or directory
exit 111" "$svscan" "$T/none"
: > "$T/file"
transcript "not a directory" "svscan: fatal: unable to chdir to $T/file: not a directory
exit 111" "$svscan" "$T/file"

# an empty service directory: svscan writes its pid file, says nothing,
# and exits 0 on SIGTERM
mkdir "$T/empty"
"$svscan" "$T/empty" > "$T/out" 2>&1 &
pid=$!
echo "$pid" >> "$T/pids"
until_ok 10 test -s "$T/empty/.svscan/pid"
is "$(cat "$T/empty/.svscan/pid" 2>/dev/null)" "$pid" "the pid file holds svscan's pid"
ok $([ ! -e "$T/empty/.svscan/pid.new" ]; echo $?) "no temporary pid file is left"
kill -TERM "$pid"
until_ok 10 gone "$pid"
wait "$pid"
is "$?" 0 "SIGTERM on an empty directory: exit 0"
is "$(cat "$T/out")" "" "and nothing said"
ok $([ ! -e "$T/empty/.svscan/pid" ]; echo $?) "the pid file is removed"

# supervise not in PATH: a warning for each start, and svscan runs on
mkdir -p "$T/sv/a"
printf '#!/bin/sh\nexec sleep 1000\n' > "$T/sv/a/run"
chmod +x "$T/sv/a/run"
PATH=$T/nothing-here SCANINTERVAL=1 "$svscan" "$T/sv" > "$T/out" 2>&1 &
pid=$!
echo "$pid" >> "$T/pids"
until_ok 10 test -s "$T/out"
is "$(head -n 1 "$T/out")" "svscan: warning: unable to start supervise a: no such file or directory" \
  "supervise not found: a warning"
twolines() { [ "$(wc -l < "$T/out")" -ge 2 ]; }
until_ok 5 twolines
ok $? "and the start is tried again at the next scan"
kill -TERM "$pid"
until_ok 10 gone "$pid"
wait "$pid"
is "$?" 0 "SIGTERM: exit 0"

# a SCANINTERVAL that is not a number of seconds
for v in 0 abc 86401 -1 ""; do
  SCANINTERVAL=$v "$svscan" "$T/empty" > "$T/out" 2>&1 &
  pid=$!
  echo "$pid" >> "$T/pids"
  until_ok 10 test -s "$T/empty/.svscan/pid"
  kill -TERM "$pid"
  until_ok 10 gone "$pid"
  wait "$pid"
  is "$?:$(cat "$T/out")" \
    "0:svscan: warning: SCANINTERVAL=$v is not a number of seconds from 1 to 86400; using 5" \
    "SCANINTERVAL=$v: a warning"
done
SCANINTERVAL=86400 "$svscan" "$T/empty" > "$T/out" 2>&1 &
pid=$!
echo "$pid" >> "$T/pids"
until_ok 10 test -s "$T/empty/.svscan/pid"
kill -TERM "$pid"
until_ok 10 gone "$pid"
wait "$pid"
is "$?:$(cat "$T/out")" "0:" "SCANINTERVAL=86400 is taken without a word"
done_testing

#!/bin/sh
# svscan.t — svscan's usage, its fatal errors and exit codes, its warning
# when supervise cannot be run, and a quiet start and stop. What svscan
# does with services is tested in tests/e2e/svscan*.t and nologloss.t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
tmpdir
track_pids
svscan=$(bin daemontools/svscan)
usage="svscan: usage: svscan [ dir ]"
unset SCANLOG

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
stop_tree "$pid"
is "$TREE_RC" 0 "SIGTERM on an empty directory: exit 0"
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
stop_tree "$pid"
is "$TREE_RC" 0 "SIGTERM: exit 0"

# interval VALUE: svscan with SCANINTERVAL=VALUE on the empty directory,
# stopped once it runs; "status:what it said"
interval() {
  SCANINTERVAL=$1 "$svscan" "$T/empty" > "$T/out" 2>&1 &
  pid=$!
  echo "$pid" >> "$T/pids"
  until_ok 10 test -s "$T/empty/.svscan/pid"
  stop_tree "$pid"
  echo "$TREE_RC:$(cat "$T/out")"
}

# a SCANINTERVAL that is not a number of seconds
for v in 0 abc 86401 -1 ""; do
  is "$(interval "$v")" \
    "0:svscan: warning: SCANINTERVAL=$v is not a number of seconds from 1 to 86400; using 5" \
    "SCANINTERVAL=$v: a warning"
done
is "$(interval 86400)" "0:" "SCANINTERVAL=86400 is taken without a word"
done_testing

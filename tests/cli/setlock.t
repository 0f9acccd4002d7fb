#!/bin/sh
# setlock.t — setlock: usage, exit codes, -n -N -x -X against a lock held
# by another process, the lock held by the child, and the same flock
# locks as Debian's daemontools setlock.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
P=$(bin daemontools/setlock)
[ -x "$P" ] || skip_all "setlock is not built"
USAGE='setlock: usage: setlock [ -nNxX ] file program [ arg ... ]'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "no program" "$USAGE
exit 100" "$P" "$T/lock"
transcript "bad option" "setlock: illegal option -- q
$USAGE
exit 100" "$P" -q "$T/lock" true
transcript "cannot open" "setlock: fatal: unable to open $T/no/lock: no such file or directory
exit 111" "$P" "$T/no/lock" true
transcript "-x: cannot open, exit 0 quietly" "
exit 0" sh -c "\"$P\" -x \"$T/no/lock\" true; echo"
transcript "-X after -x: the error again" "setlock: fatal: unable to open $T/no/lock: no such file or directory
exit 111" "$P" -xX "$T/no/lock" true
transcript "runs the program" "hello
exit 0" "$P" "$T/lock" echo hello
is "$(stat -c %a "$T/lock" 2>/dev/null)" 600 "the lock file is created with mode 600"
"$P" "$T/lock" sh -c 'exit 9' </dev/null
is "$?" 9 "the program's exit code is setlock's"
transcript "missing program" "setlock: fatal: unable to run $T/nope: no such file or directory
exit 111" "$P" "$T/lock" "$T/nope"
transcript "the program holds the lock" "setlock: fatal: unable to lock $T/lock: temporary failure
111
exit 0" "$P" "$T/lock" sh -c "\"$P\" -n \"$T/lock\" true; echo \$?"

# wait_for FILE: poll up to 10 s for it to exist
wait_for() {
  i=0
  while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  [ -e "$1" ]
}

# hold LOCKPROG FILE: a background holder of the lock; sets HOLDER
hold() {
  rm -f "$T/ready"
  "$1" "$2" sh -c 'touch "$1"; exec sleep 60' holder "$T/ready" </dev/null >/dev/null 2>&1 &
  HOLDER=$!
  PIDS="$PIDS $HOLDER"
  wait_for "$T/ready"
}
release() { kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null; }

hold "$P" "$T/lock"
ok $? "a holder takes the lock"
transcript "-n on a held lock fails" "setlock: fatal: unable to lock $T/lock: temporary failure
exit 111" "$P" -n "$T/lock" echo not-reached
transcript "-nx on a held lock: exit 0 quietly" "
exit 0" sh -c "\"$P\" -nx \"$T/lock\" echo not-reached; echo"
rm -f "$T/got"
"$P" -N "$T/lock" sh -c 'echo got > "$1"' waiter "$T/got" </dev/null >/dev/null 2>&1 &
WAITER=$!
PIDS="$PIDS $WAITER"
sleep 0.3
ok "$([ ! -e "$T/got" ]; echo $?)" "-N waits while the lock is held"
release
wait "$WAITER"
is "$?" 0 "-N: the waiter finished once the holder exited"
is "$(cat "$T/got" 2>/dev/null)" got "-N: and ran its program"
rm -f "$T/got"
"$P" -n -N "$T/lock" true </dev/null
is "$?" 0 "-N after -n: a free lock is taken"

DEB=/usr/bin/setlock
if [ -x "$DEB" ]; then
  hold "$P" "$T/lock"
  "$DEB" -n "$T/lock" true >/dev/null 2>&1
  is "$?" 111 "debian: its setlock -n sees our lock"
  release
  hold "$DEB" "$T/lock"
  "$P" -n "$T/lock" true >/dev/null 2>&1
  is "$?" 111 "debian: our setlock -n sees its lock"
  release
  for case in "" "$T/lock" "-q $T/lock true" "$T/no/lock true" "-x $T/no/lock true" \
              "$T/lock $T/nope"; do
    # shellcheck disable=SC2086
    "$P" $case </dev/null >/dev/null 2>&1; ours=$?
    # shellcheck disable=SC2086
    "$DEB" $case </dev/null >/dev/null 2>&1; theirs=$?
    is "$ours" "$theirs" "debian: same exit status for: setlock $case"
  done
  rm -f "$T/deb"
  "$DEB" "$T/deb" true
  is "$(stat -c %a "$T/deb")" "$(stat -c %a "$T/lock")" "debian: the same lock file mode"
else
  skip "Debian's daemontools setlock is not installed"
fi
done_testing

#!/bin/sh
# fghack.t — fghack: usage, exit codes, waiting for descendants that keep
# the pipe open, and the same results as Debian's daemontools fghack.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
ORPHAN=
trap '[ -n "$ORPHAN" ] && kill "$ORPHAN" 2>/dev/null; rm -rf "$T"' EXIT
P=$(bin daemontools/fghack)
[ -x "$P" ] || skip_all "fghack is not built"

transcript "no arguments" "fghack: usage: fghack child
exit 100" "$P"
transcript "missing program" "fghack: fatal: unable to run $T/nope: no such file or directory
exit 111" "$P" "$T/nope"
transcript "the child's exit code" "
exit 3" sh -c "\"$P\" sh -c 'exit 3'; r=\$?; echo; exit \$r"
transcript "a crashed child" "fghack: fatal: child crashed
exit 111" "$P" sh -c 'kill -9 $$'
transcript "output still reaches stdout" "out
exit 0" "$P" echo out

# a daemon that backgrounds itself: fghack returns only when the
# background process is done with the pipe
rm -f "$T/bg"
"$P" sh -c '(sleep 0.5; echo done > "$1") & exit 0' bg "$T/bg" </dev/null >/dev/null 2>&1
is "$?" 0 "backgrounding child: exit 0"
is "$(cat "$T/bg" 2>/dev/null)" "done" "fghack waited for the background process"

# a background process that closes every descriptor is not waited for
# (it writes its pid first, so that the test can stop it)
if command -v python3 >/dev/null 2>&1; then
  start=$(date +%s)
  "$P" python3 -c '
import os, sys, time
if os.fork() == 0:
    with open(sys.argv[1] + ".tmp", "w") as f: f.write(str(os.getpid()))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    os.closerange(0, 65536)
    time.sleep(30)
    os._exit(0)
' "$T/orphan.pid" </dev/null >/dev/null 2>&1
  elapsed=$(( $(date +%s) - start ))
  i=0
  while [ ! -s "$T/orphan.pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  ORPHAN=$(cat "$T/orphan.pid" 2>/dev/null)
  ok "$([ "$elapsed" -lt 20 ] && [ -n "$ORPHAN" ]; echo $?)" \
    "a descendant that closes the pipe is not waited for (${elapsed}s)"
  [ -n "$ORPHAN" ] && kill "$ORPHAN" 2>/dev/null
else
  skip "python3 is not installed"
fi

DEB=/usr/bin/fghack
if [ -x "$DEB" ]; then
  rm -f "$T/bg"
  "$DEB" sh -c '(sleep 0.5; echo done > "$1") & exit 0' bg "$T/bg" </dev/null >/dev/null 2>&1
  is "$(cat "$T/bg" 2>/dev/null)" "done" "debian: its fghack waits the same way"
  for case in "" "$T/nope" "sh -c exit\\ 3"; do
    eval "set -- $case"
    "$P" "$@" </dev/null >/dev/null 2>&1; ours=$?
    "$DEB" "$@" </dev/null >/dev/null 2>&1; theirs=$?
    is "$ours" "$theirs" "debian: same exit status for: fghack $case"
  done
  "$P" sh -c 'kill -9 $$' </dev/null >/dev/null 2>&1; ours=$?
  "$DEB" sh -c 'kill -9 $$' </dev/null >/dev/null 2>&1; theirs=$?
  is "$ours" "$theirs" "debian: same exit status for a crashed child"
else
  skip "Debian's daemontools fghack is not installed"
fi
done_testing

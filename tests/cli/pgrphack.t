#!/bin/sh
# pgrphack.t — pgrphack: usage, exit codes, the child leads its own
# process group and session (also when pgrphack already led one), and the
# same results as Debian's daemontools pgrphack.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin daemontools/pgrphack)
[ -x "$P" ] || skip_all "pgrphack is not built"
[ -r /proc/self/stat ] || skip_all "no /proc/self/stat"

transcript "no arguments" "pgrphack: usage: pgrphack child
exit 100" "$P"
transcript "missing program" "pgrphack: fatal: unable to run $T/nope: no such file or directory
exit 111" "$P" "$T/nope"
"$P" sh -c 'exit 12' </dev/null
is "$?" 12 "the child's exit code is pgrphack's"

# "pid pgrp session" of the program that reads /proc/self/stat (cat has
# no spaces in its name, so the fields split cleanly)
ids() { "$@" cat /proc/self/stat </dev/null | awk '{ print $1, $5, $6 }'; }
leads() { set -- $1; [ "$1" = "$2" ] && [ "$1" = "$3" ]; }

mine="$(awk '{ print $5 }' /proc/self/stat)"
got=$(ids "$P")
leads "$got"
ok $? "the child leads a new process group and session ($got)"
set -- $got
ok "$([ "$2" != "$mine" ]; echo $?)" "not the group of the test"
got=$(ids "$P" "$P")
leads "$got"
ok $? "also when pgrphack leads its session already ($got)"

DEB=/usr/bin/pgrphack
if [ -x "$DEB" ]; then
  got=$(ids "$DEB")
  leads "$got"
  ok $? "debian: its child leads its group too ($got)"
  for case in "" "$T/nope" "sh -c exit\\ 3"; do
    eval "set -- $case"
    "$P" "$@" </dev/null >/dev/null 2>&1; ours=$?
    "$DEB" "$@" </dev/null >/dev/null 2>&1; theirs=$?
    is "$ours" "$theirs" "debian: same exit status for: pgrphack $case"
  done
else
  skip "Debian's daemontools pgrphack is not installed"
fi
done_testing

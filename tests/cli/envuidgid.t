#!/bin/sh
# envuidgid.t — envuidgid: usage, exit codes, $UID and $GID for an
# account, and the same results as Debian's daemontools envuidgid.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin daemontools/envuidgid)
[ -x "$P" ] || skip_all "envuidgid is not built"
USAGE='envuidgid: usage: envuidgid account child'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "no child" "$USAGE
exit 100" "$P" nobody
transcript "unknown account" "envuidgid: fatal: unknown account no-such-user-d4
exit 111" "$P" no-such-user-d4 true

ME=$(id -un 2>/dev/null)
[ -n "$ME" ] || skip_all "the invoking user has no name"
# env, not a shell: some shells keep UID for themselves
transcript "UID and GID of the invoking user" "GID=$(id -g)
UID=$(id -u)
exit 0" sh -c "\"$P\" \"$ME\" env | grep -E '^(UID|GID)=' | sort"
transcript "UID and GID replace old values" "GID=$(id -g)
UID=$(id -u)
exit 0" sh -c "env UID=x GID=y \"$P\" \"$ME\" env | grep -E '^(UID|GID)=' | sort"
if NB=$(id -u nobody 2>/dev/null); then
  transcript "UID and GID of nobody (no privilege needed)" "GID=$(id -g nobody)
UID=$NB
exit 0" sh -c "\"$P\" nobody env | grep -E '^(UID|GID)=' | sort"
  transcript "the process itself keeps its ids" "$(id -u)
exit 0" "$P" nobody id -u
else
  skip "no user nobody"; skip "no user nobody"
fi
"$P" "$ME" sh -c 'exit 6' </dev/null
is "$?" 6 "the child's exit code is envuidgid's"
transcript "missing program" "envuidgid: fatal: unable to run $T/nope: no such file or directory
exit 111" "$P" "$ME" "$T/nope"

DEB=/usr/bin/envuidgid
if [ -x "$DEB" ]; then
  is "$("$P" "$ME" env | grep -E '^(UID|GID)=' | sort)" \
     "$("$DEB" "$ME" env | grep -E '^(UID|GID)=' | sort)" "debian: the same UID and GID"
  is "$("$P" no-such-user-d4 true 2>&1; echo "exit $?")" \
     "$("$DEB" no-such-user-d4 true 2>&1; echo "exit $?")" "debian: the same unknown account report"
  "$P" "$ME" "$T/nope" >/dev/null 2>&1; ours=$?
  "$DEB" "$ME" "$T/nope" >/dev/null 2>&1; theirs=$?
  is "$ours" "$theirs" "debian: same exit status for a missing program"
  "$P" "$ME" >/dev/null 2>&1; ours=$?
  "$DEB" "$ME" >/dev/null 2>&1; theirs=$?
  is "$ours" "$theirs" "debian: same exit status for usage"
else
  skip "Debian's daemontools envuidgid is not installed"
fi
done_testing

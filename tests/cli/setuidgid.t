#!/bin/sh
# setuidgid.t — setuidgid: usage, exit codes, dropping to nobody as root
# (uid, gid, no other groups; -s -g -e), the no-op for the invoking user
# and the failure for another one when not root, and the same results as
# Debian's daemontools setuidgid.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin daemontools/setuidgid)
[ -x "$P" ] || skip_all "setuidgid is not built"
USAGE='setuidgid: usage: setuidgid [ -e ] [ -s ] [ -g groups ] account child'
ME=$(id -un 2>/dev/null)

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "no child" "$USAGE
exit 100" "$P" nobody
transcript "bad option" "setuidgid: illegal option -- z
$USAGE
exit 100" "$P" -z nobody true
transcript "-g without groups" "setuidgid: option requires an argument -- g
$USAGE
exit 100" "$P" -g
transcript "unknown account" "setuidgid: fatal: unknown account no-such-user-d4
exit 111" "$P" no-such-user-d4 true

# the invoking user, root or not: nothing needs changing
if [ -n "$ME" ]; then
  transcript "the invoking user" "$(id -u) $(id -g)
exit 0" "$P" "$ME" sh -c 'echo "$(id -u) $(id -g)"'
  "$P" "$ME" sh -c 'exit 5' </dev/null
  is "$?" 5 "the child's exit code is setuidgid's"
  transcript "missing program" "setuidgid: fatal: unable to run $T/nope: no such file or directory
exit 111" "$P" "$ME" "$T/nope"
  HOMEDIR=$(getent passwd "$ME" | cut -d: -f6)
  transcript "-e: HOME, USER, LOGNAME" "$HOMEDIR $ME $ME
exit 0" env HOME=/x USER=x LOGNAME=x "$P" -e "$ME" sh -c 'echo "$HOME $USER $LOGNAME"'
else
  skip "the invoking user has no name"; skip "no name"; skip "no name"; skip "no name"
fi

NOBODY=$(id -u nobody 2>/dev/null)
NOGROUP=$(id -g nobody 2>/dev/null)
if [ "$(id -u)" = 0 ] && [ -n "$NOBODY" ]; then
  transcript "root: becomes nobody, with no other groups" "$NOBODY $NOGROUP $NOGROUP $NOBODY
exit 0" "$P" nobody sh -c 'echo "$(id -u) $(id -g) $(id -G) $(id -ru)"'
  transcript "root: -g adds groups by name and number" "$NOGROUP 0 7
exit 0" "$P" -g "$(getent group 0 | cut -d: -f1),7" nobody id -G
  transcript "root: -g with an unknown group" "setuidgid: fatal: unknown group no-such-group-d4
exit 111" "$P" -g 7,no-such-group-d4 nobody true
  want=$(id -G nobody | tr ' ' '\n' | sort -n | tr '\n' ' ')
  got=$("$P" -s nobody id -G </dev/null | tr ' ' '\n' | sort -n | tr '\n' ' ')
  is "$got" "$want" "root: -s gives the account's groups"
  transcript "root: cannot get root back" "setuidgid: fatal: unable to setgid: operation not permitted
exit 111" "$P" nobody "$P" root true
  # as an ordinary user: nobody naming itself is a no-op, naming root fails
  if command -v setpriv >/dev/null 2>&1; then
    AS_NOBODY="setpriv --reuid=nobody --regid=$NOGROUP --clear-groups"
    transcript "non-root: the invoking user is a no-op" "$NOBODY $NOGROUP
exit 0" $AS_NOBODY "$P" nobody sh -c 'echo "$(id -u) $(id -g)"'
    transcript "non-root: another account fails" "setuidgid: fatal: unable to setgid: operation not permitted
exit 111" $AS_NOBODY "$P" root true
  else
    skip "setpriv is not installed"; skip "setpriv is not installed"
  fi
elif [ "$(id -u)" != 0 ]; then
  skip "root only: drop to nobody"; skip "root only"; skip "root only"; skip "root only"
  skip "root only"
  transcript "non-root: the invoking user is a no-op" "$(id -u) $(id -g)
exit 0" "$P" "$ME" sh -c 'echo "$(id -u) $(id -g)"'
  transcript "non-root: another account fails" "setuidgid: fatal: unable to setgid: operation not permitted
exit 111" "$P" root true
else
  skip_all "no user nobody"
fi

# the same results as Debian's daemontools setuidgid
DEB=/usr/bin/setuidgid
if [ -x "$DEB" ] && [ "$(id -u)" = 0 ] && [ -n "$NOBODY" ]; then
  is "$("$P" nobody id 2>&1)" "$("$DEB" nobody id 2>&1)" "debian: the same identity for nobody"
  is "$("$P" no-such-user-d4 true 2>&1; echo "exit $?")" \
     "$("$DEB" no-such-user-d4 true 2>&1; echo "exit $?")" "debian: the same unknown account report"
  "$P" nobody "$T/nope" >/dev/null 2>&1; ours=$?
  "$DEB" nobody "$T/nope" >/dev/null 2>&1; theirs=$?
  is "$ours" "$theirs" "debian: same exit status for a missing program"
  "$P" nobody sh -c 'exit 4' >/dev/null 2>&1; ours=$?
  "$DEB" nobody sh -c 'exit 4' >/dev/null 2>&1; theirs=$?
  is "$ours" "$theirs" "debian: same exit status of the child"
elif [ -x "$DEB" ] && [ -n "$ME" ] && [ "$ME" != root ]; then
  "$P" root true >/dev/null 2>&1; ours=$?
  "$DEB" root true >/dev/null 2>&1; theirs=$?
  is "$ours" "$theirs" "debian: same exit status for another account when not root"
else
  skip "Debian's daemontools setuidgid is not installed"
fi
done_testing

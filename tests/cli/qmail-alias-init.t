#!/bin/sh
# qmail-alias-init.t — the alias user's .qmail-postmaster, .qmail-mailer-daemon
# and .qmail-root: targets, names, keeping and replacing, errors.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
ai=$(bin qmail/admin/qmail-alias-init)
gp=$(bin qmail/admin/qmail-getpw)
unset ASSIGNDIR QMAILHOME
export QMAILHOME="$T/qmail" ASSIGNDIR="$T/users"
A=$QMAILHOME/alias
USAGE="qmail-alias-init: usage: qmail-alias-init [-f] [-d dir] target [name ...]"

transcript "usage: no target" "$USAGE
exit 100" "$ai"
transcript "usage: an unknown option" "$USAGE
exit 100" "$ai" -x joe@example.com
QMAILHOME=qmail transcript "a relative QMAILHOME" "qmail-alias-init: fatal: QMAILHOME must be an absolute path
exit 100" "$ai" joe@example.com
for t in '|/bin/prog' 'a b' '-x' '#c' '&'; do
  transcript "a bad target: $t" "qmail-alias-init: fatal: bad target: $t (an address or a mailbox path)
exit 100" "$ai" -- "$t"
done
transcript "an empty target" "qmail-alias-init: fatal: bad target
exit 100" "$ai" ""
transcript "a bad name" "qmail-alias-init: fatal: bad name: Root (lower-case letters, digits, _ + -)
exit 100" "$ai" joe@example.com Root
transcript "a name with a slash" "qmail-alias-init: fatal: bad name: a/b (lower-case letters, digits, _ + -)
exit 100" "$ai" joe@example.com a/b
ok "$(test ! -e "$A"; echo $?)" "nothing was created by the refusals"

transcript "an address: the three defaults, the directory made" "created $A
created $A/.qmail-postmaster
created $A/.qmail-mailer-daemon
created $A/.qmail-root
exit 0" "$ai" joe@example.com
for n in postmaster mailer-daemon root; do
  is "$(cat "$A/.qmail-$n")" "&joe@example.com" ".qmail-$n forwards to the address"
  is "$(stat -c %a "$A/.qmail-$n")" 644 ".qmail-$n has mode 644"
done
is "$(stat -c %a "$A")" 755 "the alias directory has mode 755"
transcript "existing files are kept" "kept $A/.qmail-postmaster (it exists; -f replaces it)
kept $A/.qmail-mailer-daemon (it exists; -f replaces it)
kept $A/.qmail-root (it exists; -f replaces it)
exit 0" "$ai" other@example.com
is "$(cat "$A/.qmail-root")" "&joe@example.com" "a kept file is unchanged"
transcript "-f replaces them: a Maildir" "created $A/.qmail-postmaster
created $A/.qmail-mailer-daemon
created $A/.qmail-root
exit 0" "$ai" -f ./Maildir/
is "$(cat "$A/.qmail-mailer-daemon")" "./Maildir/" "a Maildir line"
transcript "other names, an mbox, an explicit forward" "created $A/.qmail-abuse
created $A/.qmail-hostmaster
exit 0" "$ai" '&ops' abuse hostmaster
is "$(cat "$A/.qmail-abuse")" "&ops" "an & target is written as it is"
transcript "-d: another directory, an mbox" "created $T/d
created $T/d/.qmail-root
exit 0" "$ai" -d "$T/d" /var/mail/ops root
is "$(cat "$T/d/.qmail-root")" "/var/mail/ops" "an mbox line"
is "$(ls -A "$A" | tr '\n' ' ')" ".qmail-abuse .qmail-hostmaster .qmail-mailer-daemon .qmail-postmaster .qmail-root " \
  "no temporary files are left"

# in a private instance qmail-getpw sends root to the alias home, where the file is
if [ "$(id -u)" != 0 ]; then
  out=$("$gp" root | tr '\0' '\n')
  home=$(echo "$out" | sed -n 4p)
  dash=$(echo "$out" | sed -n 5p)
  ext=$(echo "$out" | sed -n 6p)
  ok "$(test -f "$home/.qmail$dash$ext"; echo $?)" "qmail-getpw root names $home/.qmail$dash$ext, which exists"
  chmod 555 "$A"
  run "$ai" -f joe@example.com root
  is "$RC" 111 "an unwritable alias directory: exit 111"
  like "$OUT" "qmail-alias-init: fatal: unable to write $A/.qmail-root" "an unwritable alias directory: the message"
  chmod 755 "$A"
else
  skip "as root the alias home comes from the password database"
  skip "root writes anywhere"; skip "root"
fi
done_testing

#!/bin/sh
# maildirmake.t — maildirmake: usage, the directories it makes and their
# mode (0700 whatever the umask), and a name that exists already.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/maildirmake)
[ -x "$P" ] || skip_all "maildirmake is not built"
USAGE='maildirmake: usage: maildirmake name'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "two arguments" "$USAGE
exit 100" "$P" "$T/a" "$T/b"
transcript "an empty name" "$USAGE
exit 100" "$P" ''
transcript "made" "
exit 0" sh -c "umask 0; \"$P\" \"$T/Maildir\"; r=\$?; echo; exit \$r"
for d in "" /tmp /new /cur; do
  is "$(stat -c %a "$T/Maildir$d" 2>/dev/null)" 700 "Maildir$d is mode 700"
done
is "$(cd "$T/Maildir" && ls -A | tr '\n' ' ')" "cur new tmp " "nothing else in it"
transcript "it exists" "maildirmake: fatal: unable to mkdir $T/Maildir: file exists
exit 111" "$P" "$T/Maildir"
transcript "no parent" "maildirmake: fatal: unable to mkdir $T/no/Maildir: no such file or directory
exit 111" "$P" "$T/no/Maildir"
touch "$T/x"
transcript "a file in the way" "maildirmake: fatal: unable to mkdir $T/x: file exists
exit 111" "$P" "$T/x"
(cd "$T" && "$P" rel) && [ -d "$T/rel/new" ]
ok $? "a relative name"
done_testing

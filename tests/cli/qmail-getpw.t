#!/bin/sh
# qmail-getpw.t — the user of a local address: from a users/cdb made by
# qmail-newu, from the password database (the invoking user, root refused),
# then the alias user; the output format and the exit codes.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
gp=$(bin qmail/admin/qmail-getpw)
nu=$(bin qmail/admin/qmail-newu)
unset ASSIGNDIR QMAILHOME
export ASSIGNDIR="$T/users" QMAILHOME="$T/qmail"
mkdir "$ASSIGNDIR" "$QMAILHOME"

# q LOCAL: the output with NUL shown as |, and the exit code
q() {
  "$gp" "$@" > "$T/out" 2> "$T/err"
  rc=$?
  tr '\0' '|' < "$T/out"
  cat "$T/err"
  return $rc
}

transcript "usage: no argument" "qmail-getpw: usage: qmail-getpw local
exit 100" "$gp"
transcript "usage: two arguments" "qmail-getpw: usage: qmail-getpw local
exit 100" "$gp" a b
long=$(head -c 1004 /dev/zero | tr '\0' a)
transcript "a local part over 1003 bytes" "qmail-getpw: fatal: local part too long
exit 100" "$gp" "$long"
QMAILHOME=qmail transcript "a relative QMAILHOME" "qmail-getpw: fatal: bad QMAILHOME: invalid argument
exit 111" "$gp" joe

cat > "$ASSIGNDIR/assign" <<'EOF'
=joe:joe:503:78:/home/joe:::
+joe-:joe:503:78:/home/joe:-::
=Joe.Shmoe:joe:503:78:/home/joe:-:shmoe:
+list-:ann:504:79:/home/ann:-:lists-:
+list-vip-:vip:505:80:/home/vip:-::
.
EOF
"$nu"
ok $? "qmail-newu makes the test users/cdb"

"$gp" joe > "$T/raw"
python3 -c 'import sys; sys.exit(open(sys.argv[1], "rb").read() != b"joe\x00503\x0078\x00/home/joe\x00\x00\x00")' "$T/raw"
ok $? "six fields, each ended by a NUL, nothing else"

transcript "exact" "joe|503|78|/home/joe|||
exit 0" q joe
transcript "exact, any case" "joe|503|78|/home/joe|||
exit 0" q JOE
transcript "exact with dash and ext" "joe|503|78|/home/joe|-|shmoe|
exit 0" q joe.shmoe
transcript "wildcard: ext keeps its case" "joe|503|78|/home/joe|-|Foo-Bar|
exit 0" q joe-Foo-Bar
transcript "wildcard with a prefix" "ann|504|79|/home/ann|-|lists-Sales|
exit 0" q list-Sales
transcript "the longest wildcard wins" "vip|505|80|/home/vip|-|x|
exit 0" q list-vip-x
transcript "the empty extension of a wildcard" "joe|503|78|/home/joe|-||
exit 0" q joe-

# the password database and the alias user
me=$(id -un)
uid=$(id -u)
gid=$(id -g)
# alias_for LOCAL: what the alias user answers, and its exit code
alias_for() {
  if [ "$uid" != 0 ]; then
    printf '%s\nexit 0' "alias|$uid|$gid|$QMAILHOME/alias|-|$1|"
  elif ent=$(getent passwd alias); then
    printf '%s\nexit 0' "$(echo "$ent" | awk -F: -v l="$1" '{ printf "alias|%s|%s|%s|-|%s|", $3, $4, $6, l }')"
  else
    printf '%s\nexit 100' "qmail-getpw: fatal: no user for $1 and no alias user"
  fi
}
transcript "root is never a user: the alias takes it" "$(alias_for root)" q root
transcript "nor root-ext" "$(alias_for root-ext)" q root-ext
transcript "an unknown name goes to the alias" "$(alias_for no-such-user-here)" q no-such-user-here
transcript "upper case is kept in the alias's ext" "$(alias_for No-Such-User)" q No-Such-User

# the invoking user: a user when the home is a directory it owns that
# neither group nor others may write
home=$(getent passwd "$me" | cut -d: -f6)
mode=$(stat -c %a "$home" 2> /dev/null)
owner=$(stat -c %u "$home" 2> /dev/null)
if [ "$uid" != 0 ] && [ -d "$home" ] && [ "$owner" = "$uid" ] && \
   [ $(( 0$mode & 022 )) -eq 0 ] && [ "$me" = "$(echo "$me" | tr A-Z a-z)" ]; then
  pgid=$(getent passwd "$me" | cut -d: -f4)
  transcript "the invoking user by name" "$me|$uid|$pgid|$home|||
exit 0" q "$me"
  transcript "the invoking user with an extension" "$me|$uid|$pgid|$home|-|a-b|
exit 0" q "$me-a-b"
else
  transcript "the invoking user ($me) is not a user here: the alias" "$(alias_for "$me")" q "$me"
  transcript "nor with an extension" "$(alias_for "$me-a-b")" q "$me-a-b"
fi
if [ "$uid" != 0 ]; then
  ASSIGNDIR="$T/none" transcript "no users/cdb: the alias still answers" "$(alias_for joe-x)" q joe-x
  is "$(ASSIGNDIR="$T/none" "$gp" joe-x | tr '\0' '|')" "alias|$uid|$gid|$QMAILHOME/alias|-|joe-x|" \
    "no users/cdb: the private alias"
else
  skip "as root the alias comes from the password database"
  skip "as root"
fi

# trouble with users/cdb is temporary, and nothing is printed
mv "$ASSIGNDIR/cdb" "$T/cdb.good"
mkdir "$ASSIGNDIR/cdb"
transcript "users/cdb is a directory" "qmail-getpw: fatal: unable to look up joe in users/cdb: is a directory
exit 111" q joe
rmdir "$ASSIGNDIR/cdb"
printf 'short' > "$ASSIGNDIR/cdb"
run "$gp" joe
is "$RC" 111 "a damaged users/cdb: exit 111"
like "$OUT" "^qmail-getpw: fatal: unable to look up joe in users/cdb: " "a damaged users/cdb: the message"
"$gp" joe > "$T/out" 2> /dev/null
is "$(wc -c < "$T/out" | tr -d ' ')" 0 "a damaged users/cdb: nothing on standard output"
if [ "$uid" != 0 ]; then
  cp "$T/cdb.good" "$ASSIGNDIR/cdb"
  chmod 000 "$ASSIGNDIR/cdb"
  transcript "an unreadable users/cdb" "qmail-getpw: fatal: unable to look up joe in users/cdb: permission denied
exit 111" q joe
  chmod 644 "$ASSIGNDIR/cdb"
else
  skip "root reads any file"
fi
done_testing

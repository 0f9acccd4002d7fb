#!/bin/sh
# qmail-pw2u.t — passwd lines into users/assign, byte for byte, with every
# option and every file of ASSIGNDIR; the output goes through qmail-newu
# and qmail-getpw.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
pw=$(bin qmail/admin/qmail-pw2u)
nu=$(bin qmail/admin/qmail-newu)
gp=$(bin qmail/admin/qmail-getpw)
unset ASSIGNDIR QMAILHOME
export ASSIGNDIR="$T/users" QMAILHOME="$T/qmail"
mkdir "$ASSIGNDIR" "$QMAILHOME" "$T/h"

# the accounts' uid: ours, or as root one that is not 0 (the homes are given to it)
U=$(id -u)
[ "$U" = 0 ] && U=4321
H=$T/h
mkdir "$H/joe" "$H/bob" "$H/ann" "$H/eve"
chmod 755 "$H/joe" "$H/bob" "$H/ann"
chmod 775 "$H/eve"
: > "$H/fred"
[ "$(id -u)" = 0 ] && chown "$U" "$H/joe" "$H/bob" "$H/ann" "$H/eve" "$H/fred"

cat > "$T/passwd" <<EOF
root:x:0:0:root:/root:/bin/bash
joe:x:$U:100:Joe Shmoe,,,:$H/joe:/bin/sh
Bob:x:$U:101::$H/bob:/bin/sh
ann:x:$U:0102::$H/ann:

carl:x:$U:103::$H/carl:/bin/sh
dave:x:$U:104::/:/bin/sh
eve:x:$U:105::$H/eve:/bin/sh
fred:x:$U:106::$H/fred:/bin/sh
gina:x:$U:107::h/gina:/bin/sh
+::::::
-nis::::::
EOF

# p ARGS...: qmail-pw2u with the sample passwd on standard input
p() { "$pw" "$@" < "$T/passwd"; }

transcript "usage: an unknown option" "qmail-pw2u: usage: qmail-pw2u [-/ohHuUC] [-c char]
exit 100" "$pw" -x
transcript "usage: an argument" "qmail-pw2u: usage: qmail-pw2u [-/ohHuUC] [-c char]
exit 100" "$pw" passwd
transcript "usage: -c with two characters" "qmail-pw2u: usage: qmail-pw2u [-/ohHuUC] [-c char]
exit 100" "$pw" -c ab
transcript "usage: -c with a colon" "qmail-pw2u: usage: qmail-pw2u [-/ohHuUC] [-c char]
exit 100" "$pw" -c:
transcript "usage: -c with nothing" "qmail-pw2u: usage: qmail-pw2u [-/ohHuUC] [-c char]
exit 100" "$pw" -c
transcript "empty input: just the dot" ".
exit 0" "$pw"

transcript "default (-o -U): root, upper case, missing, foreign, writable, file and relative homes skipped" \
"=joe:joe:$U:100:$H/joe:::
+joe-:joe:$U:100:$H/joe:-::
=ann:ann:$U:102:$H/ann:::
+ann-:ann:$U:102:$H/ann:-::
.
exit 0" p
transcript "-o -U spelled out" "$(p)
exit 0" p -o -U
transcript "-u: upper-case names too" "=joe:joe:$U:100:$H/joe:::
+joe-:joe:$U:100:$H/joe:-::
=Bob:Bob:$U:101:$H/bob:::
+Bob-:Bob:$U:101:$H/bob:-::
=ann:ann:$U:102:$H/ann:::
+ann-:ann:$U:102:$H/ann:-::
.
exit 0" p -u
transcript "-u then -U: the last wins" "$(p)
exit 0" p -u -U
transcript "-H: homes not checked (a relative one still cannot be assigned)" "=joe:joe:$U:100:$H/joe:::
+joe-:joe:$U:100:$H/joe:-::
=ann:ann:$U:102:$H/ann:::
+ann-:ann:$U:102:$H/ann:-::
=carl:carl:$U:103:$H/carl:::
+carl-:carl:$U:103:$H/carl:-::
=dave:dave:$U:104:/:::
+dave-:dave:$U:104:/:-::
=eve:eve:$U:105:$H/eve:::
+eve-:eve:$U:105:$H/eve:-::
=fred:fred:$U:106:$H/fred:::
+fred-:fred:$U:106:$H/fred:-::
.
exit 0" p -H
transcript "-h: a missing home stops everything" \
"qmail-pw2u: fatal: home directory $H/carl of user carl does not exist
exit 111" p -h
grep -v '^carl:\|^gina:' "$T/passwd" > "$T/passwd2"
transcript "-h: foreign, writable and file homes are still skipped" "$(p)
exit 0" sh -c '"$1" -h < "$2"' - "$pw" "$T/passwd2"
transcript "-C: no extensions" "=joe:joe:$U:100:$H/joe:::
=ann:ann:$U:102:$H/ann:::
.
exit 0" p -C
transcript "-c+: another break" "=joe:joe:$U:100:$H/joe:::
+joe+:joe:$U:100:$H/joe:-::
=ann:ann:$U:102:$H/ann:::
+ann+:ann:$U:102:$H/ann:-::
.
exit 0" p -c+
transcript "-C then -c.: the break comes back" "=joe:joe:$U:100:$H/joe:::
+joe.:joe:$U:100:$H/joe:-::
=ann:ann:$U:102:$H/ann:::
+ann.:ann:$U:102:$H/ann:-::
.
exit 0" p -C -c .
transcript "-/: .qmail-/ext" "=joe:joe:$U:100:$H/joe:::
+joe-:joe:$U:100:$H/joe:-/::
=ann:ann:$U:102:$H/ann:::
+ann-:ann:$U:102:$H/ann:-/::
.
exit 0" p -/

# the files of ASSIGNDIR
printf 'joe\nann\n# a comment\ncarl\nBob\ndave\n' > "$ASSIGNDIR/include"
printf 'ann\n' > "$ASSIGNDIR/exclude"
printf 'joe:joe:Joe.Shmoe::js\ncarl:c\nBOB:bobby\n' > "$ASSIGNDIR/mailnames"
printf 'sales:joe:work:\nhelp:joe::\n' > "$ASSIGNDIR/subusers"
printf '=postmaster:alias:7790:2108:/var/qmail/alias:::' > "$ASSIGNDIR/append"
transcript "include, exclude, mailnames, subusers and append" "=joe:joe:$U:100:$H/joe:::
+joe-:joe:$U:100:$H/joe:-::
=Joe.Shmoe:joe:$U:100:$H/joe:::
+Joe.Shmoe-:joe:$U:100:$H/joe:-::
=js:joe:$U:100:$H/joe:::
+js-:joe:$U:100:$H/joe:-::
=sales:joe:$U:100:$H/joe:-:work:
+sales-:joe:$U:100:$H/joe:-:work-:
=help:joe:$U:100:$H/joe:-::
+help-:joe:$U:100:$H/joe:-:-:
=postmaster:alias:7790:2108:/var/qmail/alias:::
.
exit 0" p
transcript "the files with -u -/ -c+" "=joe:joe:$U:100:$H/joe:::
+joe+:joe:$U:100:$H/joe:-/::
=Joe.Shmoe:joe:$U:100:$H/joe:::
+Joe.Shmoe+:joe:$U:100:$H/joe:-/::
=js:joe:$U:100:$H/joe:::
+js+:joe:$U:100:$H/joe:-/::
=bobby:Bob:$U:101:$H/bob:::
+bobby+:Bob:$U:101:$H/bob:-/::
=sales:joe:$U:100:$H/joe:-/:work:
+sales+:joe:$U:100:$H/joe:-/:work-:
=help:joe:$U:100:$H/joe:-/::
+help+:joe:$U:100:$H/joe:-/:-:
=postmaster:alias:7790:2108:/var/qmail/alias:::
.
exit 0" p -u -/ -c+
transcript "the files with -C" "=joe:joe:$U:100:$H/joe:::
=Joe.Shmoe:joe:$U:100:$H/joe:::
=js:joe:$U:100:$H/joe:::
=sales:joe:$U:100:$H/joe:-:work:
=help:joe:$U:100:$H/joe:-::
=postmaster:alias:7790:2108:/var/qmail/alias:::
.
exit 0" p -C

# the output is what qmail-newu takes, and qmail-getpw then answers from it
p > "$ASSIGNDIR/assign"
"$nu"
ok $? "qmail-newu takes the output"
is "$("$gp" JS-Foo | tr '\0' '|')" "joe|$U|100|$H/joe|-|Foo|" "qmail-getpw: a mailname's extension"
is "$("$gp" sales-q | tr '\0' '|')" "joe|$U|100|$H/joe|-|work-q|" "qmail-getpw: a subuser's extension"
is "$("$gp" postmaster | tr '\0' '|')" "alias|7790|2108|/var/qmail/alias|||" "qmail-getpw: an appended line"

# errors in the files
printf 'sales:zed:work:\n' > "$ASSIGNDIR/subusers"
transcript "a subuser of an unknown user" "qmail-pw2u: fatal: subusers: no such user: zed
exit 100" p
printf 'sales:ann:work:\n' > "$ASSIGNDIR/subusers"
transcript "a subuser of an excluded user" "qmail-pw2u: fatal: subusers: no such user: ann
exit 100" p
printf 'nope\n' > "$ASSIGNDIR/subusers"
transcript "a bad subusers line" "qmail-pw2u: fatal: bad line in $ASSIGNDIR/subusers: nope
exit 100" p
rm "$ASSIGNDIR/subusers"
long=$(head -c 1003 /dev/zero | tr '\0' m)
printf 'joe:%s\n' "$long" > "$ASSIGNDIR/mailnames"
transcript "a mailname too long for users/assign" "qmail-pw2u: fatal: mailnames of user joe: cannot go into users/assign
exit 100" p
rm "$ASSIGNDIR/mailnames"
mkdir "$ASSIGNDIR/exclude.d" && rm "$ASSIGNDIR/exclude" && mv "$ASSIGNDIR/exclude.d" "$ASSIGNDIR/exclude"
run p
is "$RC" 111 "an exclude that cannot be read: exit 111"
like "$OUT" "^qmail-pw2u: fatal: unable to read $ASSIGNDIR/exclude: " "an exclude that cannot be read: the message"
rmdir "$ASSIGNDIR/exclude"
rm "$ASSIGNDIR/include" "$ASSIGNDIR/append"

# errors in the passwd input
printf 'joe:x:%s:100::%s/joe:\nann:x:abc:1::/h:\n' "$U" "$H" > "$T/bad"
transcript "a bad passwd line" "qmail-pw2u: fatal: standard input line 2: bad format
exit 100" sh -c '"$1" < "$2"' - "$pw" "$T/bad"
printf 'joe:x:1:1::/h\n' > "$T/bad"
transcript "six fields only" "qmail-pw2u: fatal: standard input line 1: bad format
exit 100" sh -c '"$1" < "$2"' - "$pw" "$T/bad"
{ printf 'joe:x:1:1::/'; head -c 4100 /dev/zero | tr '\0' h; printf ':\n'; } > "$T/bad"
transcript "a line over 4096 bytes" "qmail-pw2u: fatal: standard input line 1: line too long
exit 100" sh -c '"$1" < "$2"' - "$pw" "$T/bad"
printf 'joe:x:%s:100::%s/joe:/bin/sh' "$U" "$H" > "$T/nonl"
transcript "a last line without a newline" "=joe:joe:$U:100:$H/joe:::
+joe-:joe:$U:100:$H/joe:-::
.
exit 0" sh -c '"$1" < "$2"' - "$pw" "$T/nonl"
ASSIGNDIR=users transcript "a relative ASSIGNDIR" "qmail-pw2u: fatal: bad ASSIGNDIR: invalid argument
exit 111" p
done_testing

#!/bin/sh
# qmail-local-deliver.t — every kind of .qmail line with the delivered
# bytes compared exactly (Maildir, mbox, program, forward), the -default
# cascade and DEFAULT, every environment variable of qmail-command(8),
# NEWSENDER for lists, and program exit 99 / 100 around forwards.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
umask 022
QL=$(bin qmail/deliver/qmail-local)
H=$T/home
mkdir -p "$H/Maildir/tmp" "$H/Maildir/new" "$H/Maildir/cur" "$T/control"
export CONTROLDIR=$T/control
unset QMAILQUEUE DEFAULT
# a stand-in queue program: records the message, the envelope and its pid
cat > "$T/qq" <<EOF
#!/bin/sh
cat > "$T/fwd.msg" && cat <&1 > "$T/fwd.env" && echo \$\$ > "$T/fwd.pid"
EOF
chmod 755 "$T/qq"
export QMAILQUEUE=$T/qq
printf 'Subject: exact\nX: 1\n\nFrom the start\n>From quoted\n>>From twice\nFrom\nlast line without LF' > "$T/msg"
# dl LOCAL DASH EXT [SENDER]: deliver $T/msg to LOCAL@example.com, OUT and RC
dl() {
  OUT=$("$QL" -- joe "$H" "$1" "$2" "$3" example.com "${4-s@x.org}" ./Maildir/ < "$T/msg" 2>&1)
  RC=$?
}
newest() { ls -t "$H/Maildir/new" | head -n 1; }
nnew() { ls "$H/Maildir/new" | wc -l | tr -d ' '; }

# Maildir: Return-Path, Delivered-To, then the message byte for byte
dl joe "" ""
is "$RC $OUT" "0 did 1+0+0" "Maildir: exit 0, did 1+0+0"
{ printf 'Return-Path: <s@x.org>\nDelivered-To: joe@example.com\n'; cat "$T/msg"; } > "$T/want"
cmp -s "$T/want" "$H/Maildir/new/$(newest)"
ok $? "Maildir: the exact bytes"
like "$(newest)" '^[0-9]+\.M[0-9]+P[0-9]+Q0\.' "Maildir: a unique name"
is "$(ls "$H/Maildir/tmp" | wc -l | tr -d ' ')" 0 "Maildir: nothing left in tmp/"
is "$(stat -c %a "$H/Maildir/new/$(newest)")" 600 "Maildir: mode 600"

# mbox: From_ line, the two lines, quoted message, LF, empty line; twice
printf './Mailbox\n' > "$H/.qmail-mbox"
dl joe-mbox - mbox ""
is "$RC $OUT" "0 did 1+0+0" "mbox: exit 0"
dl joe-mbox - mbox 'a b@c'
is "$RC $OUT" "0 did 1+0+0" "mbox: again"
entry() {
  printf 'Return-Path: <%s>\nDelivered-To: joe-mbox@example.com\n' "$1"
  printf 'Subject: exact\nX: 1\n\n>From the start\n>>From quoted\n>>>From twice\nFrom\nlast line without LF\n\n'
}
{ entry ""; entry '"a b"@c'; } > "$T/want"
grep -v '^From ' "$H/Mailbox" | cmp -s "$T/want" -
ok $? "mbox: the exact bytes of two entries"
like "$(sed -n 1p "$H/Mailbox")" '^From MAILER-DAEMON [A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}$' \
  "mbox: From_ line of a bounce"
like "$(grep -c '^From a-b@c ' "$H/Mailbox")" '^1$' "mbox: From_ line with the blank made a '-'"
is "$(stat -c %a "$H/Mailbox")" 600 "mbox: created mode 600"

# an absolute mbox path and an absolute Maildir
mkdir -p "$T/abs/tmp" "$T/abs/new"
printf '%s\n%s\n' "$T/absbox" "$T/abs/" > "$H/.qmail-abs"
dl joe-abs - abs
is "$RC $OUT" "0 did 2+0+0" "absolute paths: exit 0"
ok $([ -s "$T/absbox" ] && [ "$(ls "$T/abs/new" | wc -l)" = 1 ]; echo $?) "absolute paths: both delivered"

# program: the message unchanged on stdin, run in the home directory
printf '|cat > progmsg; pwd > progpwd\n' > "$H/.qmail-prog"
dl joe-prog - prog
is "$RC $OUT" "0 did 0+0+1" "program: exit 0"
cmp -s "$T/msg" "$H/progmsg"
ok $? "program: the message unchanged on stdin"
is "$(cat "$H/progpwd")" "$H" "program: runs in the home directory"

# every environment variable
cat > "$H/.qmail-env-default" <<'EOF'
|for v in SENDER NEWSENDER RECIPIENT USER HOME HOST HOST2 HOST3 HOST4 LOCAL EXT EXT2 EXT3 EXT4 DEFAULT DTLINE RPLINE; do eval "printf '%s=%s|' \$v \"\${$v-unset}\""; done > envout; printf %s "$UFLINE" > ufout
EOF
OUT=$(DEFAULT=inherited "$QL" -- joe "$H" joe-Env-A.b-C-d - Env-A.b-C-d mail.dept.example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
is "$? $OUT" "0 did 0+0+1" "environment: exit 0"
is "$(cat "$H/envout")" "SENDER=s@x.org|NEWSENDER=s@x.org|RECIPIENT=joe-Env-A.b-C-d@mail.dept.example.com|USER=joe|HOME=$H|HOST=mail.dept.example.com|HOST2=mail.dept.example|HOST3=mail.dept|HOST4=mail|LOCAL=joe-Env-A.b-C-d|EXT=Env-A.b-C-d|EXT2=A.b-C-d|EXT3=C-d|EXT4=d|DEFAULT=A.b-C-d|DTLINE=Delivered-To: joe-Env-A.b-C-d@mail.dept.example.com
|RPLINE=Return-Path: <s@x.org>
|" "environment: every variable of qmail-command(8)"
like "$(cat "$H/ufout")" '^From s@x\.org [A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-9:]{8} [0-9]{4}$' "environment: UFLINE"
cp "$H/.qmail-env-default" "$H/.qmail-envexact"
dl joe-envexact - envexact
is "$(sed 's/.*DEFAULT=\([^|]*\)|.*/\1/' "$H/envout" | head -n 1)" unset "environment: DEFAULT unset for an exact file"

# the cascade: exact name, then -default names longest first, in lower case
printf './Maildir/\n' > "$H/.qmail-a:b-c"
printf '|echo one; printf %%s "$DEFAULT" > def\n' > "$H/.qmail-a:b-default"
printf '|echo two; printf %%s "$DEFAULT" > def\n' > "$H/.qmail-default"
n0=$(nnew)
dl joe-A.B-C - A.B-C
is "$RC $OUT $(nnew)" "0 did 1+0+0 $((n0 + 1))" "cascade: .qmail-a:b-c for A.B-C"
dl joe-a.b-Zed - a.b-Zed
is "$RC $OUT $(cat "$H/def")" "0 one
did 0+0+1 Zed" "cascade: .qmail-a:b-default, DEFAULT keeps its case"
dl joe-Other-Thing - Other-Thing
is "$RC $OUT $(cat "$H/def")" "0 two
did 0+0+1 Other-Thing" "cascade: .qmail-default, DEFAULT the whole extension"
dl joe - ""
is "$RC $(cat "$H/def")" "0 " "cascade: empty extension with a dash: .qmail-default, DEFAULT empty"
printf './Maildir/\n' > "$H/.qmail-::-::-etc"
n0=$(nnew)
dl joe-..-..-etc - ..-..-etc
is "$RC $OUT $(nnew)" "0 did 1+0+0 $((n0 + 1))" "cascade: ..-..-etc is .qmail-::-::-etc in the home"
rm "$H/.qmail-default"

# forwards: one injection for every address, after the other lines
printf '&a@b.c\nd@e.f\n./Maildir/\n' > "$H/.qmail-fwd"
dl joe-fwd - fwd
is "$RC $OUT" "0 did 1+2+0
qp $(cat "$T/fwd.pid")" "forward: did 1+2+0 and the queue program's pid"
{ printf 'Delivered-To: joe-fwd@example.com\n'; cat "$T/msg"; } > "$T/want"
cmp -s "$T/want" "$T/fwd.msg"
ok $? "forward: Delivered-To, then the message; no Return-Path"
is "$(tr '\0' '|' < "$T/fwd.env")" "Fs@x.org|Ta@b.c|Td@e.f||" "forward: the envelope, sender unchanged"
dl joe-fwd - fwd ""
is "$(tr '\0' '|' < "$T/fwd.env")" "F|Ta@b.c|Td@e.f||" "forward: a bounce is forwarded as a bounce"

# NEWSENDER for a list: .qmail-list-owner, .qmail-list-owner-default
printf '&a@b.c\n|printf %%s "$NEWSENDER" > ns\n' > "$H/.qmail-list"
printf '&owner@b.c\n' > "$H/.qmail-list-owner"
dl joe-list - list
is "$(tr '\0' '|' < "$T/fwd.env") $(cat "$H/ns")" "Fjoe-list-owner@example.com|Ta@b.c|| joe-list-owner@example.com" \
  "NEWSENDER: list-owner, for the forward and the program"
printf '&owner@b.c\n' > "$H/.qmail-list-owner-default"
dl joe-list - list
is "$(tr '\0' '|' < "$T/fwd.env")" "Fjoe-list-owner-@example.com-@[]|Ta@b.c||" "NEWSENDER: the VERP form"
dl joe-list - list ""
is "$(tr '\0' '|' < "$T/fwd.env")" "F|Ta@b.c||" "NEWSENDER: a bounce stays a bounce"
dl joe-list - list "#@[]"
is "$(tr '\0' '|' < "$T/fwd.env")" "F#@[]|Ta@b.c||" "NEWSENDER: so does a double bounce"

# exit 99: the rest is skipped, earlier forwards still go; 100: nothing goes
printf '&early@b.c\n|exit 99\n./Maildir/\n&late@b.c\n' > "$H/.qmail-stop"
rm -f "$T/fwd.env"; n0=$(nnew)
dl joe-stop - stop
is "$RC $(echo "$OUT" | head -n 1) $(nnew)" "0 did 0+1+1 $n0" "exit 99: did 0+1+1, no Maildir delivery"
is "$(tr '\0' '|' < "$T/fwd.env")" "Fs@x.org|Tearly@b.c||" "exit 99: the earlier forward is made, the later one not"
printf '&early@b.c\n|echo bounce it; exit 100\n./Maildir/\n' > "$H/.qmail-perm"
rm -f "$T/fwd.env"
dl joe-perm - perm
is "$RC $OUT" "100 bounce it" "exit 100: a bounce with the program's words"
ok $([ ! -e "$T/fwd.env" ]; echo $?) "exit 100: no forward"
printf './Maildir/\n|exit 111\n' > "$H/.qmail-temp"
n0=$(nnew)
dl joe-temp - temp
is "$RC $(nnew)" "111 $((n0 + 1))" "exit 111: deferred, the earlier delivery made (qmail's documented duplicate)"

# the Maildir refuses: nothing in new/, nothing left in tmp/
mkdir -p "$H/Broken/tmp"
printf './Broken/\n' > "$H/.qmail-broken"
dl joe-broken - broken
like "$RC $OUT" "^111 Delivery to ./Broken/ failed: unable to link the file into new/: no such file or directory\. \(#4\.2\.1\)$" \
  "Maildir without new/: deferred"
is "$(ls "$H/Broken/tmp" | wc -l | tr -d ' ')" 0 "Maildir without new/: tmp/ cleaned"
printf './NoBox/\n' > "$H/.qmail-nobox"
dl joe-nobox - nobox
like "$RC $OUT" "^111 Delivery to ./NoBox/ failed: unable to open the maildir" "no Maildir: deferred"
done_testing

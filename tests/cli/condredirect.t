#!/bin/sh
# condredirect.t — condredirect: usage, the variables it needs, its exit
# rules (program 0: forward and exit 99; 111 or a crash: 111; anything
# else or no such program: 0), and the rewound message and envelope it
# hands to the queue program.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/condredirect)
[ -x "$P" ] || skip_all "condredirect is not built"
unset QMAILQUEUE NEWSENDER
export SENDER=joe@example.org DTLINE='Delivered-To: me@example.com
'
printf 'Subject: hi\n\nbody\n' > "$T/msg"
cat > "$T/qq" <<QQ
#!/bin/sh
cat > "$T/got.msg"
cat <&1 > "$T/got.env"
exit \$(cat "$T/code" 2>/dev/null || echo 0)
QQ
chmod +x "$T/qq"
export QMAILQUEUE="$T/qq"
# cr ARGS: condredirect on the message file; output with the pid made N
cr() {
  _o=$("$P" "$@" < "$T/msg" 2>&1); _rc=$?
  printf '%s\n' "$_o" | sed 's/qp [0-9]*$/qp N/'
  return $_rc
}
USAGE='condredirect: usage: condredirect newaddress program [ arg ... ]'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "no program" "$USAGE
exit 100" "$P" new@example.net
transcript "SENDER unset" "condredirect: fatal: SENDER not set
exit 100" env -u SENDER "$P" new@example.net true
transcript "DTLINE unset" "condredirect: fatal: DTLINE not set
exit 100" env -u DTLINE "$P" new@example.net true

rm -f "$T/got.msg" "$T/code"
OUT=$("$P" new@example.net sh -c 'cat > /dev/null; exit 0' < "$T/msg" 2>&1); RC=$?
is "$RC" 99 "program exits 0: condredirect exits 99"
like "$OUT" '^condredirect: qp [0-9]+$' "and names the queue program's pid"
is "$(cat "$T/got.msg")" "Delivered-To: me@example.com
Subject: hi

body" "the whole message, rewound after the program read it, with the Delivered-To line"
is "$(tr '\0' '|' < "$T/got.env")" "Fjoe@example.org|Tnew@example.net||" "the envelope: SENDER to newaddress"

rm -f "$T/got.msg"
transcript "program exits 1: exit 0, nothing forwarded" "
exit 0" sh -c "\"$P\" new@example.net false < \"$T/msg\"; echo"
ok "$([ ! -e "$T/got.msg" ]; echo $?)" "nothing reached the queue"
transcript "program exits 100: exit 0" "
exit 0" sh -c "\"$P\" new@example.net sh -c 'exit 100' < \"$T/msg\"; echo"
transcript "program exits 99: exit 0" "
exit 0" sh -c "\"$P\" new@example.net sh -c 'exit 99' < \"$T/msg\"; echo"
transcript "program exits 111: exit 111" "condredirect: fatal: temporary child error
exit 111" cr new@example.net sh -c 'exit 111'
transcript "program crashes: exit 111" "condredirect: fatal: child crashed
exit 111" cr new@example.net sh -c 'kill -9 $$'
OUT=$("$P" new@example.net "$T/nonexistent" < "$T/msg" 2>&1); RC=$?
is "$OUT
exit $RC" "condredirect: warning: unable to run $T/nonexistent: no such file or directory
exit 0" "no such program: exit 0"
ok "$([ ! -e "$T/got.msg" ]; echo $?)" "still nothing forwarded"
transcript "the program gets its arguments" "a b
condredirect: qp N
exit 99" cr new@example.net sh -c 'echo "$1 $2"' sh a b

echo 31 > "$T/code"
transcript "the queue refuses for good: 100" "condredirect: fatal: qq permanently refused (#5.3.0)
exit 100" cr new@example.net true
echo 71 > "$T/code"
transcript "the queue refuses for now: 111" "condredirect: fatal: qq temporarily refused (#4.3.0)
exit 111" cr new@example.net true
rm -f "$T/code"

OUT=$(printf 'x\n' | "$P" new@example.net true 2>&1); RC=$?
is "$OUT
exit $RC" "condredirect: fatal: unable to rewind the message: illegal seek
exit 111" "a message on a pipe cannot be rewound: 111"
done_testing

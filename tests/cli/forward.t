#!/bin/sh
# forward.t — forward: usage, the variables it needs, the message and
# envelope it hands to the queue program (QMAILQUEUE, else
# PREFIX/sbin/qmail-multi), and how the queue program's exit code maps to
# its own (0 with "qp PID", 100, 111, custom 88 texts).
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/forward)
[ -x "$P" ] || skip_all "forward is not built"
unset QMAILQUEUE
export NEWSENDER=owner@example.org DTLINE='Delivered-To: joe@example.com
'
printf 'Subject: hi\n\nbody\n' > "$T/msg"

# a stand-in queue program: keeps the message and the envelope, then
# exits with the code in $T/code (a number, or a word below)
cat > "$T/qq" <<QQ
#!/bin/sh
cat > "$T/got.msg"
cat <&1 > "$T/got.env"
code=\$(cat "$T/code" 2>/dev/null)
case \$code in
  crash) kill -9 \$\$ ;;
  88D) echo "Dthat list is closed" >&2; exit 88 ;;
  88Z) echo "Zthe list is busy" >&2; exit 88 ;;
  warn) echo "qq: something to say" >&2; exit 0 ;;
esac
exit \${code:-0}
QQ
chmod +x "$T/qq"
export QMAILQUEUE="$T/qq"
env0() { tr '\0' '|' < "$T/got.env"; }
# fw ARGS: forward's output with the pid made N; its exit code
fw() {
  _o=$("$P" "$@" < "$T/msg" 2>&1); _rc=$?
  printf '%s\n' "$_o" | sed 's/qp [0-9]*$/qp N/'
  return $_rc
}

transcript "no address" "forward: usage: forward address [ address ... ]
exit 100" "$P"
transcript "NEWSENDER unset" "forward: fatal: NEWSENDER not set
exit 100" env -u NEWSENDER "$P" a@b
transcript "DTLINE unset" "forward: fatal: DTLINE not set
exit 100" env -u DTLINE "$P" a@b

rm -f "$T/code"
OUT=$("$P" a@example.net b@example.net < "$T/msg" 2>&1); RC=$?
is "$RC" 0 "forwarded: exit 0"
like "$OUT" '^forward: qp [0-9]+$' "forwarded: says the queue program's pid"
is "$(cat "$T/got.msg")" "Delivered-To: joe@example.com
Subject: hi

body" "forwarded: the Delivered-To line, then the message"
is "$(env0)" "Fowner@example.org|Ta@example.net|Tb@example.net||" "forwarded: the envelope, NEWSENDER as sender"

NEWSENDER= "$P" x@y < "$T/msg" > /dev/null 2>&1
is "$(env0)" "F|Tx@y||" "the null sender is kept"

printf '' > "$T/msg0"
"$P" x@y < "$T/msg0" > /dev/null 2>&1
is "$(cat "$T/got.msg")" "Delivered-To: joe@example.com" "an empty message gets the Delivered-To line only"

echo 31 > "$T/code"
transcript "refused for good" "forward: fatal: qq permanently refused (#5.3.0)
exit 100" "$P" a@b
echo 71 > "$T/code"
transcript "refused for now" "forward: fatal: qq temporarily refused (#4.3.0)
exit 111" "$P" a@b
echo 53 > "$T/code"
transcript "disk full" "forward: fatal: qq write error or disk full (#4.3.0)
exit 111" "$P" a@b
echo 88D > "$T/code"
transcript "custom permanent text" "forward: fatal: that list is closed
exit 100" "$P" a@b
echo 88Z > "$T/code"
transcript "custom temporary text" "forward: fatal: the list is busy
exit 111" "$P" a@b
echo crash > "$T/code"
transcript "queue program crashed" "forward: fatal: qq crashed (#4.3.0)
exit 111" "$P" a@b
echo warn > "$T/code"
transcript "what the queue program says is passed on" "qq: something to say
forward: qp N
exit 0" fw a@b
rm -f "$T/code"

QMAILQUEUE=$T/none transcript "no queue program" "forward: fatal: unable to run $T/none: no such file or directory
forward: fatal: qq internal bug (#4.3.0)
exit 111" "$P" a@b

# without QMAILQUEUE: PREFIX/sbin/qmail-multi
mkdir -p "$T/prefix/sbin"
cp "$T/qq" "$T/prefix/sbin/qmail-multi"
rm -f "$T/got.env"
OUT=$(unset QMAILQUEUE; PREFIX=$T/prefix "$P" c@d < "$T/msg" 2>&1); RC=$?
is "$RC" 0 "PREFIX/sbin/qmail-multi: exit 0"
is "$(env0)" "Fowner@example.org|Tc@d||" "PREFIX/sbin/qmail-multi: got the envelope"
OUT=$(QMAILQUEUE= PREFIX=$T/noprefix "$P" c@d < "$T/msg" 2>&1); RC=$?
is "$OUT
exit $RC" "forward: fatal: unable to run $T/noprefix/sbin/qmail-multi: no such file or directory
forward: fatal: qq internal bug (#4.3.0)
exit 111" "an empty QMAILQUEUE means PREFIX/sbin/qmail-multi"

# a large message goes through whole
head -c 3000000 /dev/urandom > "$T/big"
"$P" a@b < "$T/big" > /dev/null 2>&1
is "$?" 0 "a 3 MB message: exit 0"
{ printf 'Delivered-To: joe@example.com\n'; cat "$T/big"; } > "$T/bigwant"
cmp -s "$T/bigwant" "$T/got.msg"
ok $? "a 3 MB message arrives byte for byte"
done_testing

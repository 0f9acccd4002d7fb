#!/bin/sh
# qreceipt.t — qreceipt: usage, when it answers (its address in a
# Notice-Requested-Upon-Delivery-To field of the header, a sender that is
# not a bounce's), the notice and the arguments it hands to
# PREFIX/bin/qmail-inject (a stand-in found through PREFIX), and how that
# program's exit code maps to its own.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/qreceipt)
[ -x "$P" ] || skip_all "qreceipt is not built"
mkdir -p "$T/p/bin"
cat > "$T/p/bin/qmail-inject" <<QI
#!/bin/sh
for a in "\$@"; do printf '[%s]' "\$a"; done > "$T/args"
cat > "$T/in"
case \${QIEXIT:-0} in crash) kill -9 \$\$ ;; esac
exit \${QIEXIT:-0}
QI
chmod +x "$T/p/bin/qmail-inject"
export PREFIX="$T/p" SENDER=fred@example.org
USAGE='qreceipt: usage: qreceipt youraddress'
# qr FILE ARGS: qreceipt on the message in FILE; forgets the last notice
qr() { _f=$1; shift; rm -f "$T/args" "$T/in"; "$P" "$@" < "$_f"; }
sent() { [ -e "$T/args" ]; }

printf 'Subject: hi\nNotice-Requested-Upon-Delivery-To: Joe <JOE@Example.COM>,\n  other@example.net\n\nbody\n' > "$T/asks"
printf 'Subject: hi\nTo: joe@example.com\n\nNotice-Requested-Upon-Delivery-To: joe@example.com\n' > "$T/body"
printf 'Subject: hi\nnotice-requested-upon-delivery-to : a@b,\n\tjoe@example.com (me)\nX: y\n\n' > "$T/folded"
printf 'Notice-Requested-Upon-Delivery-To: other@example.net\n\n' > "$T/other"

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "two arguments" "$USAGE
exit 100" "$P" a@b c@d
transcript "SENDER unset" "qreceipt: fatal: SENDER not set
exit 100" env -u SENDER "$P" joe@example.com

qr "$T/asks" joe@example.com
is "$?" 0 "asked for: exit 0"
is "$(cat "$T/args" 2>/dev/null)" "[-a][-f][][--][fred@example.org]" "qmail-inject -a -f '' -- sender"
is "$(cat "$T/in" 2>/dev/null)" "From: Delivery notices <joe@example.com>
To: <fred@example.org>
Subject: delivery notice
Auto-Submitted: auto-replied

This is qreceipt. Your message was delivered to
joe@example.com
which its Notice-Requested-Upon-Delivery-To field asked for." "the notice"

qr "$T/folded" joe@example.com
ok "$(sent; echo $?)" "a folded field, any case, space before the colon"
qr "$T/body" joe@example.com
ok "$(! sent; echo $?)" "a field in the body does not count"
qr "$T/other" joe@example.com
ok "$(! sent; echo $?)" "another address: no notice"
qr "$T/asks" other@example.net
ok "$(sent; echo $?)" "the second address of the field"
rm -f "$T/args"
SENDER= "$P" joe@example.com < "$T/asks"
is "$?:$(sent; echo $?)" "0:1" "the null sender: no notice, exit 0"
SENDER='#@[]' "$P" joe@example.com < "$T/asks"
is "$?:$(sent; echo $?)" "0:1" "#@[]: no notice, exit 0"
printf 'To: x\n' > "$T/short"
qr "$T/short" joe@example.com
is "$?:$(sent; echo $?)" "0:1" "a header without an end: no notice, exit 0"

SENDER='evil@x
Bcc: all@y' "$P" joe@example.com < "$T/asks"
is "$(sed -n 2p "$T/in")" "To: <evil@x_Bcc: all@y>" "a line break in the sender cannot add a header line"

QIEXIT=100 transcript "qmail-inject fails for good: 100" "qreceipt: fatal: unable to send the notice
exit 100" qr "$T/asks" joe@example.com
QIEXIT=111 transcript "qmail-inject fails for now: 111" "qreceipt: fatal: unable to send the notice
exit 111" qr "$T/asks" joe@example.com
QIEXIT=crash transcript "qmail-inject crashes: 111" "qreceipt: fatal: qmail-inject crashed
exit 111" qr "$T/asks" joe@example.com
PREFIX=$T/none transcript "no qmail-inject: 111" "qreceipt: fatal: unable to run $T/none/bin/qmail-inject: no such file or directory
exit 111" qr "$T/asks" joe@example.com
PREFIX=relative transcript "a bad PREFIX: 111" "qreceipt: fatal: bad PREFIX: invalid argument
exit 111" qr "$T/asks" joe@example.com
done_testing

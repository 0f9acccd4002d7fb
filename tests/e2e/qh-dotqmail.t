#!/bin/sh
# qh-dotqmail.t — the .qmail helpers under the real qmail-local: preline
# gets qmail-local's From_, Return-Path and Delivered-To lines, forward and
# condredirect hand the message to the queue program with qmail-local's
# Delivered-To line and senders, condredirect's 99 skips the rest of the
# file, bouncesaying and except bounce with their text, and qreceipt
# answers through qmail-inject.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
umask 022
QL=$(bin qmail/deliver/qmail-local)
D=$(dirname "$(bin qmail/deliver/preline)")
for p in "$QL" "$D/preline" "$D/forward" "$D/condredirect" "$D/bouncesaying" "$D/except" "$D/qreceipt"; do
  [ -x "$p" ] || skip_all "$(basename "$p") is not built"
done
H=$T/home
mkdir -p "$H/Maildir/tmp" "$H/Maildir/new" "$H/Maildir/cur" "$T/control" "$T/p/bin"
export CONTROLDIR=$T/control PREFIX=$T/p
unset DEFAULT
cat > "$T/qq" <<QQ
#!/bin/sh
cat > "$T/got.msg"
cat <&1 > "$T/got.env"
exit 0
QQ
cat > "$T/p/bin/qmail-inject" <<QI
#!/bin/sh
for a in "\$@"; do printf '[%s]' "\$a"; done > "$T/inject.args"
cat > "$T/inject.in"
QI
chmod +x "$T/qq" "$T/p/bin/qmail-inject"
export QMAILQUEUE=$T/qq
printf 'Subject: test\nNotice-Requested-Upon-Delivery-To: joe-rc@example.com\n\nhello\n' > "$T/msg"
# deliver EXT: qmail-local for joe-EXT@example.com from s@x.org
deliver() {
  "$QL" -- joe "$H" "joe-$1" - "$1" example.com s@x.org ./Maildir/ < "$T/msg" 2>&1 |
    sed 's/^qp [0-9]*$/qp N/; s/qp [0-9]*$/qp N/'
}
maildir_count() { ls "$H/Maildir/new" | wc -l | tr -d ' '; }
dotqmail() { printf '%s\n' "$2" > "$H/.qmail-$1"; chmod 644 "$H/.qmail-$1"; }

dotqmail pl "|\"$D/preline\" sh -c 'cat > pl.out'"
OUT=$(deliver pl)
is "$OUT" "did 0+0+1" "preline: delivered"
like "$(sed -n 1p "$H/pl.out")" '^From s@x\.org (Mon|Tue|Wed|Thu|Fri|Sat|Sun) ' "preline: qmail-local's From_ line"
is "$(sed -n 2,4p "$H/pl.out")" "Return-Path: <s@x.org>
Delivered-To: joe-pl@example.com
Subject: test" "preline: then Return-Path, Delivered-To and the message"

rm -f "$T/got.msg" "$T/got.env"
dotqmail fw "|\"$D/forward\" a@example.net b@example.net"
OUT=$(deliver fw)
is "$OUT" "forward: qp N
did 0+0+1" "forward: delivered"
is "$(tr '\0' '|' < "$T/got.env")" "Fs@x.org|Ta@example.net|Tb@example.net||" "forward: NEWSENDER is the envelope sender"
is "$(head -n 2 "$T/got.msg")" "Delivered-To: joe-fw@example.com
Subject: test" "forward: qmail-local's Delivered-To line first"

rm -f "$T/got.msg" "$T/got.env"
N=$(maildir_count)
dotqmail cr "|\"$D/condredirect\" new@example.net grep -q '^Subject: test'
./Maildir/"
OUT=$(deliver cr)
is "$OUT" "condredirect: qp N
did 0+0+1" "condredirect: forwarded, and the Maildir line skipped"
is "$(maildir_count)" "$N" "condredirect: nothing in the Maildir"
is "$(tr '\0' '|' < "$T/got.env")" "Fs@x.org|Tnew@example.net||" "condredirect: the envelope"
is "$(head -n 2 "$T/got.msg")" "Delivered-To: joe-cr@example.com
Subject: test" "condredirect: the whole message with the Delivered-To line"

dotqmail cn "|\"$D/condredirect\" new@example.net grep -q '^Subject: other'
./Maildir/"
OUT=$(deliver cn)
is "$OUT" "did 1+0+1" "condredirect: no match, the Maildir line runs"

dotqmail bs "|\"$D/bouncesaying\" 'This address no longer accepts mail. (#5.1.1)'"
OUT=$(deliver bs; echo "exit $?")
like "$OUT" "This address no longer accepts mail\. \(#5\.1\.1\)" "bouncesaying: qmail-local reports the text"
OUT=$("$QL" -- joe "$H" joe-bs - bs example.com s@x.org ./Maildir/ < "$T/msg" > /dev/null 2>&1; echo $?)
is "$OUT" 100 "bouncesaying: qmail-local bounces (100)"

dotqmail ex "|\"$D/except\" grep -q '^Subject: test'"
OUT=$("$QL" -- joe "$H" joe-ex - ex example.com s@x.org ./Maildir/ < "$T/msg" > /dev/null 2>&1; echo $?)
is "$OUT" 100 "except: a match bounces"

dotqmail rc "./Maildir/
|\"$D/qreceipt\" joe-rc@example.com"
N=$(maildir_count)
OUT=$(deliver rc)
is "$OUT" "did 1+0+1" "qreceipt: delivered"
is "$(maildir_count)" $((N + 1)) "qreceipt: the Maildir line ran"
is "$(cat "$T/inject.args" 2>/dev/null)" "[-a][-f][][--][s@x.org]" "qreceipt: a notice to the envelope sender"
done_testing

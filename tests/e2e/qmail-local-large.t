#!/bin/sh
# qmail-local-large.t — a 50 MB message through each kind of delivery
# (Maildir, mbox, program, forward), every byte compared, in flat memory:
# qmail-local copies in chunks and never holds the message.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
umask 022
QL=$(bin qmail/deliver/qmail-local)
H=$T/home
mkdir -p "$H/Maildir/tmp" "$H/Maildir/new" "$H/Maildir/cur"
export CONTROLDIR=$T/control
unset DEFAULT
cat > "$T/qq" <<EOF
#!/bin/sh
cat > "$T/fwd.msg" && cat <&1 > /dev/null
EOF
chmod 755 "$T/qq"
export QMAILQUEUE=$T/qq
# 50 MB of lines, some of which an mbox must quote, and one very long line
{
  printf 'Subject: big\n\n'
  yes 'From the beginning of a line, a line that an mbox quotes, and more text' | head -c 25000000
  head -c 5000000 /dev/zero | tr '\0' 'x'
  printf '\n>From again\n'
  yes 'an ordinary line of the body of the message, nothing special in it....' | head -c 20000000
  printf '\nFrom the end\n'
} > "$T/msg"
size=$(stat -c %s "$T/msg")
ok $([ "$size" -ge 50000000 ]; echo $?) "a message of $size bytes"

# maxrss CMD...: run CMD with the message on fd 0; RC, OUT, and KB = its
# peak resident memory in kilobytes (empty without GNU time)
maxrss() {
  if [ -x /usr/bin/time ]; then
    OUT=$(/usr/bin/time -o "$T/rss" -f %M "$@" < "$T/msg" 2>&1); RC=$?
    KB=$(tail -n 1 "$T/rss")
  else
    OUT=$("$@" < "$T/msg" 2>&1); RC=$?
    KB=
  fi
}
# flat KB NAME: the peak memory stayed far below the message's size
flat() {
  if [ -n "$1" ]; then
    ok $([ "$1" -lt 40000 ]; echo $?) "$2: peak memory ${1} kB, far below the message"
  else
    skip "GNU time is not installed: $2 memory"
  fi
}

maxrss "$QL" -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
is "$RC $OUT" "0 did 1+0+0" "Maildir: delivered"
f=$H/Maildir/new/$(ls "$H/Maildir/new")
{ printf 'Return-Path: <s@x.org>\nDelivered-To: joe@example.com\n'; cat "$T/msg"; } | cmp -s - "$f"
ok $? "Maildir: every byte"
flat "$KB" "Maildir"
rm -f "$f"

printf './Mailbox\n' > "$H/.qmail-box"
maxrss "$QL" -- joe "$H" joe-box - box example.com s@x.org ./Maildir/
is "$RC $OUT" "0 did 1+0+0" "mbox: delivered"
tail -n +2 "$H/Mailbox" > "$T/body"
{ printf 'Return-Path: <s@x.org>\nDelivered-To: joe-box@example.com\n'
  sed 's/^\(>*From \)/>\1/' "$T/msg"; printf '\n'; } | cmp -s - "$T/body"
ok $? "mbox: every byte, quoted"
like "$(head -n 1 "$H/Mailbox")" '^From s@x\.org ' "mbox: the From_ line"
flat "$KB" "mbox"
rm -f "$H/Mailbox" "$T/body"

printf '|cat > prog.out\n' > "$H/.qmail-prog"
maxrss "$QL" -- joe "$H" joe-prog - prog example.com s@x.org ./Maildir/
is "$RC $OUT" "0 did 0+0+1" "program: delivered"
cmp -s "$T/msg" "$H/prog.out"
ok $? "program: every byte"
flat "$KB" "program"
rm -f "$H/prog.out"

printf '&a@b.c\n' > "$H/.qmail-fwd"
maxrss "$QL" -- joe "$H" joe-fwd - fwd example.com s@x.org ./Maildir/
like "$RC $OUT" "^0 did 0\+1\+0
qp [0-9]+$" "forward: queued"
{ printf 'Delivered-To: joe-fwd@example.com\n'; cat "$T/msg"; } | cmp -s - "$T/fwd.msg"
ok $? "forward: every byte"
flat "$KB" "forward"
done_testing

#!/bin/sh
# inject-deliver.t — the whole local path with the real programs:
# qmail-inject -> qmail-multi -> qmail-queue (QUEUE_COUNT=2) -> qscheduler ->
# qmail-send -> qmail-lspawn -> qmail-local -> Maildir, mbox and |program,
# with a .qmail-ext cascade, -default files, a &forward that comes back
# through the queue, and a bounce for an unknown user as a DSN; the queues
# end empty and every process started is stopped.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
need_cmd python3
for p in inject/qmail-inject queue/qmail-multi queue/qmail-queue queue/queue-fix send/qmail-send \
  send/todo-proc send/qmail-lspawn send/qmail-rspawn send/qmail-clean send/qmail-start \
  send/qscheduler deliver/qmail-local deliver/maildirmake admin/qmail-newu admin/qmail-qread; do
  [ -x "$(bin qmail/$p)" ] || skip_all "qmail/$p is not built"
done
tmpdir
track_pids
umask 022
qinst_init 2 7 > /dev/null
ok $? "a private instance with two queues"
# qmail-multi chooses the queue; nothing else may choose the programs
unset QUEUEDIR QMAILQUEUE QUEUEPROG FILTERARGS QMAILINJECT QMAILMFTFILE QMAILSUSER QMAILSHOST \
  QMAILDEFAULTHOST QMAILDEFAULTDOMAIN QMAILPLUSDOMAIN QMAILIDHOST MAILHOST MAILNAME NAME
# the From that qmail-inject adds, and the default envelope sender
export QMAILUSER=alice QMAILHOST=test.example QMAILNAME='Alice Example'
qinst_real
ok $? "the local channel runs the built qmail-local (as $QI_USER)"
Q1=$T/queue/queue1 Q2=$T/queue/queue2
H=$T/home

# joe: .qmail with a Maildir, an mbox and a program; extensions: an exact
# file, a -default cascade, a catch-all -default and a forward to ann.
# ann: no .qmail (the default delivery). alice: the sender, gets the bounce.
# Every other name goes to an alias home without .qmail files: no mailbox.
qinst_home "$H/joe" Maildir lists news other &&
  qinst_home "$H/ann" Maildir && qinst_home "$H/alice" Maildir && qinst_home "$T/alias" &&
  qinst_put "$H/joe/.qmail" ./Maildir/ ./mbox \
    '|{ printf "%s\n" "$SENDER" "$RECIPIENT" "$USER" "$LOCAL" "$HOST" "[$EXT]"; cat; } > prog.out' &&
  qinst_put "$H/joe/.qmail-lists-news" ./news/ &&
  qinst_put "$H/joe/.qmail-lists-default" ./lists/ \
    '|printf "%s %s %s\n" "$RECIPIENT" "$EXT" "$DEFAULT" >> lists.log' &&
  qinst_put "$H/joe/.qmail-default" '# anything else for joe' ./other/ \
    '|printf "%s %s %s\n" "$RECIPIENT" "$EXT" "$DEFAULT" >> other.log' &&
  qinst_put "$H/joe/.qmail-fwd" '&ann@test.example' &&
  qinst_assign "=joe:$QI_UGID:$H/joe:::" "+joe-:$QI_UGID:$H/joe:-::" "=ann:$QI_UGID:$H/ann:::" \
    "=alice:$QI_UGID:$H/alice:::" "+:$QI_UGID:$T/alias:-::"
ok $? "homes, .qmail files and users/cdb (qmail-newu)"

inject() { "$T/sbin/qmail-inject" "$@"; }

# 1. the message compared byte for byte: Date and Message-ID are given,
# From is added; Bcc and Return-Path go; header and argument recipients (-H)
printf '%s\n' 'Return-Path: <bogus@elsewhere.example>' 'To: Joe <joe@test.example>' 'Cc: ann' \
  'Bcc: joe-bcc' 'Subject: e2e one' 'Date: Tue, 24 Nov 2026 13:05:09 +0000' \
  'Message-ID: <e2e.one@test.example>' 'X-Test-Id: one' '' 'first line' 'From x' '.' '..' \
  ' leading space' '' 'last line' > "$T/m1"
inject -H -f alice joe-lists-work joe-lists-news@test.example joe-fwd joe@test.example < "$T/m1"
is "$?" 0 "qmail-inject -H -f alice, four argument recipients (one also in To): exit 0"
# what every mailbox copy holds after qmail-queue's Received line
{ printf '%s\n' 'From: Alice Example <alice@test.example>' 'To: Joe <joe@test.example>' \
    'Cc: ann@test.example' 'Subject: e2e one' 'Date: Tue, 24 Nov 2026 13:05:09 +0000' \
    'Message-ID: <e2e.one@test.example>' 'X-Test-Id: one'
  printf '\n'; sed '1,/^$/d' "$T/m1"
} > "$T/m1.body"

# 2. the bounce: nothing but To given, no -f: From, Date, Message-ID added,
# the sender is QMAILUSER@QMAILHOST
printf '%s\n' 'To: nosuch@test.example' 'Subject: e2e bounce' 'X-Test-Id: bounce' '' 'to nobody' |
  inject
is "$?" 0 "qmail-inject with header recipients only, no -f: exit 0"

# 3. a series to ann, spread over the two queues (the first with -h)
N=20 i=1 bad=0
while [ $i -le $N ]; do
  printf '%s\n' "To: ann@test.example" "Subject: series $i" 'Date: Tue, 24 Nov 2026 13:05:09 +0000' \
    "Message-ID: <series.$i@test.example>" "X-Test-Id: s$i" '' "series body $i" |
    if [ $i = 1 ]; then
      # -h: the header recipients only; the argument is ignored (else
      # alice would get a second bounce)
      inject -h -f alice@test.example nosuch-arg@test.example
    else
      inject -f alice@test.example
    fi || bad=$((bad + 1))
  i=$((i + 1))
done
is "$bad" 0 "$N more messages injected"
c1=$(ls "$Q1/todo" | wc -l | tr -d ' ') c2=$(ls "$Q2/todo" | wc -l | tr -d ' ')
is "$((c1 + c2))" $((N + 2)) "qmail-multi queued all $((N + 2)) ($c1 in queue1, $c2 in queue2)"
ok "$([ "$c1" -gt 0 ] && [ "$c2" -gt 0 ]; echo $?)" "both queues got some"

qinst_sched ./Maildir/
sched=$QI_PID
qinst_drain 15 "$Q1" "$Q2"
ok $? "qscheduler's two sets deliver everything and empty both queues" ||
  { diag "$(tail -n 30 "$T/log")"; find "$T/queue" -type f ! -path '*/lock/*' >&2; }
is "$(grep -c '^qscheduler: pid [0-9]* queue ' "$T/log")" 2 "one set per queue"
is "$(grep -c 'deferral:' "$T/log")" 0 "no delivery was deferred" || diag "$(grep 'deferral:' "$T/log")"
is "$(grep -Eci 'alert:|sanitizer|runtime error' "$T/log")" 0 "no alert and no sanitizer report in the log" ||
  diag "$(grep -Ei 'alert:|sanitizer|runtime error' "$T/log")"

# only MAILDIR: the path of the one file in MAILDIR/new, nothing when it
# has none or several
only() {
  set -- "$1"/new/*
  [ $# -eq 1 ] && [ -f "$1" ] && echo "$1"
}
# withid DIR ID: the file of DIR/new whose header says X-Test-Id: ID
withid() { grep -l "^X-Test-Id: $2\$" "$1"/new/* 2>/dev/null; }
# line FILE N: the Nth line of FILE; drop FILE N: FILE without it (the
# Received lines, checked with like on their own)
line() { sed -n "${2}p" "$1"; }
drop() { sed "${2}d" "$1"; }
RECV='^Received: \(indimail-mta [0-9]+ invoked by uid [0-9]+\); [A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+][0-9]{4}$'
UID0=$(id -u)

# --- joe: Maildir, mbox, program
f=$(only "$H/joe/Maildir")
ok "$([ -n "$f" ]; echo $?)" "joe: one message in Maildir/new"
like "$(line "$f" 3)" "^Received: \(indimail-mta [0-9]+ invoked by uid $UID0\); " "joe: qmail-queue's Received line, by the injector's uid"
{ printf '%s\n' 'Return-Path: <alice@test.example>' 'Delivered-To: joe@test.example'; cat "$T/m1.body"; } > "$T/want"
drop "$f" 3 | cmp -s "$T/want" -
ok $? "joe: Return-Path, Delivered-To, the completed header, the body unchanged (From x, '.')" ||
  diag "$(drop "$f" 3 | diff "$T/want" -)"
like "$(line "$f" 3)" "$RECV" "joe: the Received line's form"

m=$H/joe/mbox
like "$(head -n 1 "$m")" '^From alice@test\.example [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}$' \
  "joe's mbox: the From_ line with the sender and an asctime date"
{ printf '%s\n' 'Return-Path: <alice@test.example>' 'Delivered-To: joe@test.example'
  sed 's/^From x$/>From x/' "$T/m1.body"; printf '\n'; } > "$T/want"
tail -n +2 "$m" | drop /dev/stdin 3 | cmp -s "$T/want" -
ok $? "joe's mbox: the entry, with >From x quoted and an empty line after it" ||
  diag "$(tail -n +2 "$m" | drop /dev/stdin 3 | diff "$T/want" -)"

p=$H/joe/prog.out
is "$(head -n 6 "$p" 2>/dev/null)" "alice@test.example
joe@test.example
$QI_USER
joe
test.example
[]" "joe's |program: SENDER RECIPIENT USER LOCAL HOST EXT"
tail -n +7 "$p" | drop /dev/stdin 1 | cmp -s "$T/m1.body" -
ok $? "joe's |program: the message as queued on its stdin" || diag "$(tail -n +7 "$p" | diff "$T/m1.body" -)"
like "$(sed -n 7p "$p")" "$RECV" "joe's |program: starting with qmail-queue's Received line"

# --- joe's extensions
f=$(only "$H/joe/news")
ok "$([ -n "$f" ] && [ "$(line "$f" 2)" = 'Delivered-To: joe-lists-news@test.example' ]; echo $?)" \
  "joe-lists-news: its own .qmail-lists-news"
f=$(only "$H/joe/lists")
ok "$([ -n "$f" ] && [ "$(line "$f" 2)" = 'Delivered-To: joe-lists-work@test.example' ]; echo $?)" \
  "joe-lists-work: no .qmail-lists-work, so .qmail-lists-default"
is "$(cat "$H/joe/lists.log" 2>/dev/null)" "joe-lists-work@test.example lists-work work" \
  "  with EXT lists-work and DEFAULT work"
f=$(only "$H/joe/other")
ok "$([ -n "$f" ] && [ "$(line "$f" 2)" = 'Delivered-To: joe-bcc@test.example' ]; echo $?)" \
  "joe-bcc (from Bcc): .qmail-default"
is "$(cat "$H/joe/other.log" 2>/dev/null)" "joe-bcc@test.example bcc bcc" "  with EXT bcc and DEFAULT bcc"
ok "$(! grep -qi '^bcc:' "$H"/joe/*/new/* "$H"/ann/Maildir/new/*; echo $?)" "no copy shows the Bcc field"
ok "$(! grep -q 'bogus@elsewhere' "$H"/joe/*/new/* "$H"/ann/Maildir/new/*; echo $?)" \
  "nor the Return-Path of the input"

# --- ann: the Cc copy, the forwarded copy, the series
f=$(grep -L '^Delivered-To: joe-fwd@' $(withid "$H/ann/Maildir" one) 2>/dev/null)
{ printf '%s\n' 'Return-Path: <alice@test.example>' 'Delivered-To: ann@test.example'; cat "$T/m1.body"; } > "$T/want"
ok "$([ -n "$f" ] && drop "$f" 3 | cmp -s "$T/want" -; echo $?)" "ann (Cc, no .qmail): the default delivery ./Maildir/, the same bytes"
f=$(grep -l '^Delivered-To: joe-fwd@' $(withid "$H/ann/Maildir" one) 2>/dev/null)
{ printf '%s\n' 'Return-Path: <alice@test.example>' 'Delivered-To: ann@test.example' \
    'Delivered-To: joe-fwd@test.example'; cat "$T/m1.body"; } > "$T/want"
ok "$([ -n "$f" ] && sed '3d;5d' "$f" | cmp -s "$T/want" -; echo $?)" \
  "ann: the copy forwarded by joe-fwd came back through the queue: Delivered-To twice" ||
  diag "$([ -n "$f" ] && sed '3d;5d' "$f" | diff "$T/want" -)"
like "$([ -n "$f" ] && line "$f" 3)" "^Received: \(indimail-mta [0-9]+ invoked by uid $QI_UID\); " \
  "  queued again by qmail-local as $QI_USER"
like "$([ -n "$f" ] && line "$f" 5)" "$RECV" "  under the first Received line"
is "$(ls "$H/ann/Maildir/new" | wc -l | tr -d ' ')" $((N + 2)) "ann has $((N + 2)) messages"
i=1 bad=0
while [ $i -le $N ]; do
  f=$(withid "$H/ann/Maildir" "s$i")
  { printf '%s\n' 'Return-Path: <alice@test.example>' 'Delivered-To: ann@test.example' \
      'From: Alice Example <alice@test.example>' 'To: ann@test.example' "Subject: series $i" \
      'Date: Tue, 24 Nov 2026 13:05:09 +0000' "Message-ID: <series.$i@test.example>" "X-Test-Id: s$i" \
      '' "series body $i"; } > "$T/want"
  [ "$(echo "$f" | wc -w)" -eq 1 ] && drop "$f" 3 | cmp -s "$T/want" - || { bad=$((bad + 1)); diag "series $i: $f"; }
  i=$((i + 1))
done
is "$bad" 0 "the series: each message once in ann's Maildir, exactly"

# --- the bounce for nosuch, in alice's Maildir
f=$(only "$H/alice/Maildir")
ok "$([ -n "$f" ]; echo $?)" "alice (the sender) got one message: the bounce"
is "$(head -n 2 "$f" 2>/dev/null)" "Return-Path: <>
Delivered-To: alice@test.example" "  from the null sender"
is "$(python3 - "$f" <<'EOF'
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.compat32)
print('type', m.get_content_type(), m.get_param('report-type'))
print('to', m['To'])
parts = m.get_payload()
print('parts', ' '.join(p.get_content_type() for p in parts))
for block in parts[1].get_payload()[1:]:
    print('rcpt', block['Final-Recipient'].replace(' ', ''), block['Action'], block['Status'])
orig = parts[2].get_payload()
orig = orig[0] if isinstance(orig, list) else orig
print('original', orig['X-Test-Id'], orig['From'], orig['To'])
print('added', bool(orig['Date']), orig['Message-ID'].endswith('.qmail@test.example>'))
EOF
)" "type multipart/report delivery-status
to alice@test.example
parts text/plain message/delivery-status message/rfc822
rcpt rfc822;nosuch@test.example failed 5.1.1
original bounce Alice Example <alice@test.example> nosuch@test.example
added True True" "  a DSN: failed 5.1.1 for nosuch, with the original (From, Date, Message-ID added)"
like "$(grep '^Date: ' "$f" | tail -n 1)" '^Date: [A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$' \
  "  the original's added Date is RFC 5322, in UTC"
like "$(grep '^Message-ID: ' "$f" | tail -n 1)" '^Message-ID: <[0-9]{14}\.[0-9]+\.[0-9]+\.qmail@test\.example>$' \
  "  its added Message-ID is <time.pid.ns.qmail@idhost>"

# --- nothing left: queues, temporary files, processes
qinst_empty "$Q1" "$Q2"
ok $? "no message file is left in either queue"
run "$T/sbin/qmail-qread"
is "$RC:$OUT" "0:" "qmail-qread lists nothing"
run "$T/sbin/qmail-qread" -s
is "$RC:$OUT" "0:messages in queue: 0
messages in queue but not yet preprocessed: 0" "qmail-qread -s counts nothing"
is "$(find "$H" -path "$H/*/tmp/*" -type f | wc -l | tr -d ' ')" 0 "no file left in any Maildir/tmp"
is "$(grep -c '^end msg ' "$T/log")" $((N + 4)) "the log: an end msg line for each message, forward and bounce"
procs=$(tree "$sched")
qinst_stop "$sched" 15
ok $? "SIGTERM stops qscheduler (exit 0)"
for p in $procs; do until_ok 10 gone "$p"; done
ok "$(allgone $procs; echo $?)" "and every program of both sets"
done_testing

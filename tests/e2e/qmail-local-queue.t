#!/bin/sh
# qmail-local-queue.t — forwards into a real queue made by queue-fix:
# through QMAILQUEUE=qmail-queue, and through the default
# PREFIX/sbin/qmail-multi; the queued message and envelope are checked.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
umask 022
QL=$(bin qmail/deliver/qmail-local)
H=$T/home
mkdir -p "$H" "$T/sbin"
ln -s "$(bin qmail/queue/qmail-queue)" "$T/sbin/qmail-queue"
ln -s "$(bin qmail/queue/qmail-multi)" "$T/sbin/qmail-multi"
export CONTROLDIR=$T/control CONFSPLIT=7 MIN_FREE=0 QUEUEDIR=$T/queue
unset DEFAULT QMAILQUEUE QUEUEPROG FILTERARGS QUEUE_BASE QUEUE_COUNT QUEUE_START
"$(bin qmail/queue/queue-fix)" -s 7 "$T/queue" > "$T/qf.out" 2>&1
ok $? "queue-fix made a queue"
printf 'Subject: fwd\n\nbody\n' > "$T/msg"
printf '&a@b.c\nd@e.f\n' > "$H/.qmail-list"
printf '&owner@b.c\n' > "$H/.qmail-list-owner"

# check N NAME: the one message in the queue is our forward (NAME is the
# way it got there); then the queue is emptied for the next check
check() {
  n=$(ls "$T/queue/todo")
  is "$(echo "$n" | wc -w | tr -d ' ')" 1 "$2: one message in todo/"
  is "$(tr '\0' '|' < "$T/queue/todo/$n" | sed 's/^u[0-9]*|p[0-9]*|//')" \
    "Fjoe-list-owner@example.com|Ta@b.c|Td@e.f|" "$2: the envelope, from the list's owner"
  f=$T/queue/mess/$((n % 7))/$n
  like "$(head -n 1 "$f")" '^Received: \(indimail-mta [0-9]+ invoked by uid [0-9]+\); ' "$2: qmail-queue's Received line"
  { printf 'Delivered-To: joe-list@example.com\n'; cat "$T/msg"; } > "$T/want"
  tail -n +2 "$f" | cmp -s "$T/want" -
  ok $? "$2: Delivered-To, then the message"
  is "$1" "did 0+2+0
qp $(tr '\0' '\n' < "$T/queue/todo/$n" | sed -n 's/^p//p')" "$2: qp is the queue program's pid"
  rm -f "$T/queue/todo/$n" "$T/queue/intd/$n" "$f"
}

OUT=$(QMAILQUEUE=$(bin qmail/queue/qmail-queue) "$QL" -- joe "$H" joe-list - list example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
is "$?" 0 "QMAILQUEUE=qmail-queue: exit 0"
check "$OUT" "qmail-queue"

OUT=$(PREFIX=$T "$QL" -- joe "$H" joe-list - list example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
is "$?" 0 "PREFIX/sbin/qmail-multi: exit 0"
check "$OUT" "qmail-multi"

printf '&%s@b.c\n' "$(printf '%01100d' 0)" > "$H/.qmail-long"
OUT=$(PREFIX=$T "$QL" -- joe "$H" joe-long - long example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
is "$? $OUT" "100 Unable to forward the message: qq address too long. (#5.3.0)" \
  "an address qmail-queue refuses: a bounce"
is "$(ls "$T/queue/todo" | wc -l | tr -d ' ')" 0 "and nothing queued"
chmod 500 "$T/queue/todo"
if [ "$(id -u)" != 0 ]; then
  OUT=$(PREFIX=$T "$QL" -- joe "$H" joe-list - list example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
  like "$? $OUT" "^111 Unable to forward the message: qq trouble with queue/todo\. \(#4\.3\.0\)$" \
    "a queue that cannot take it: deferred"
else
  skip "root writes into a read-only todo/"
fi
chmod 750 "$T/queue/todo"
done_testing

#!/bin/sh
# qmail-rm-send.t — qmail-rm's mark-done mode against a running qmail-send:
# a deferred message whose recipients are marked done ends at its next
# turn (SIGALRM) with no further delivery and no bounce, and qmail-rm -f
# refuses to touch the queue while qmail-send holds it.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
for p in qmail/send/qmail-start qmail/send/qmail-send qmail/send/todo-proc qmail/send/qmail-lspawn \
         qmail/send/qmail-rspawn qmail/send/qmail-clean qmail/queue/qmail-queue; do
  [ -x "$(bin $p)" ] || skip_all "$p is not built"
done
tmpdir
track_pids
rm=$(bin qmail/admin/qmail-rm)
qr=$(bin qmail/admin/qmail-qread)
mkdir "$T/sbin" "$T/control"
for p in send/qmail-send send/todo-proc send/qmail-lspawn send/qmail-rspawn send/qmail-clean queue/qmail-queue; do
  ln -s "$(bin qmail/$p)" "$T/sbin/" || exit 255
done
echo example.com > "$T/control/me"
# a qmail-remote that always defers, and counts its calls
cat > "$T/remote" <<EOF
#!/bin/sh
echo "\$3" >> "$T/calls"
printf 's4.4.1 not now\0Zgoodbye\0'
EOF
chmod 755 "$T/remote"
: > "$T/calls"
unset QUEUE_BASE QUEUE_COUNT QUEUE_START
export PREFIX=$T CONTROLDIR=$T/control QUEUEDIR=$T/q CONFSPLIT=5 MIN_FREE=0 \
  QMAILREMOTE=$T/remote QMAILLOCAL=$T/remote
"$(bin qmail/queue/queue-fix)" -s 5 "$T/q" > /dev/null 2>&1
printf 'Fa@example.com\0Tz@remote.example\0Ty@remote.example\0\0' > "$T/env"
printf 'Subject: rm\n\nx\n' > "$T/msg"
"$(bin qmail/queue/qmail-queue)" < "$T/msg" 1< "$T/env"
ok $? "a message for two remote recipients queued"

"$(bin qmail/send/qmail-start)" 2> "$T/log" &
send=$!
echo "$send" >> "$T/pids"
until_ok 20 sh -c "[ \$(grep -c 'deferral' '$T/log') -eq 2 ]"
ok $? "both deliveries deferred"
is "$(wc -l < "$T/calls" | tr -d ' ')" 2 "qmail-remote ran twice"
num=$(sed -n 's/^new msg \([0-9]*\)$/\1/p' "$T/log")

run "$rm" -f -i "$num"
is "$RC $OUT" "111 qmail-rm: warning: $T/q: qmail-send is running: stop it, or leave out -f" \
  "-f refuses while qmail-send runs"
run "$rm" -p remote.example
is "$RC $OUT" "0 q/#$num <a@example.com>: marked 2 recipients done" "marked done while qmail-send runs"
kill -ALRM "$send"
until_ok 20 grep -q "^end msg $num\$" "$T/log"
ok $? "at its next turn qmail-send ends the message"
is "$(wc -l < "$T/calls" | tr -d ' ')" 2 "without another delivery"
is "$(grep -c '^bounce msg' "$T/log")" 0 "and without a bounce"
until_ok 10 sh -c "[ -z \"\$(find '$T/q' -type f ! -path '*/lock/*')\" ]"
ok $? "qmail-clean removed every file of it"
is "$("$qr" -s)" "messages in queue: 0
messages in queue but not yet preprocessed: 0" "qmail-qread: the queue is empty"
kill -TERM "$send"
until_ok 20 gone "$send"
ok $? "qmail-send stops on TERM"
done_testing

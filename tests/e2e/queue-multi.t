#!/bin/sh
# queue-multi.t — QUEUE_COUNT=4: qmail-multi spreads injections over the
# four queues, qscheduler runs a set per queue, and each queue's qmail-send
# drains its own messages (also those injected while it runs).
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
qinst_need
tmpdir
track_pids
qinst_init 4 7
unset QUEUEDIR
N=40

i=1 bad=0
while [ $i -le $N ]; do
  qinst_msg "$i" | qinst_multi m@remote.example "u$i@test.example" || bad=$((bad + 1))
  i=$((i + 1))
done
is "$bad" 0 "$N messages injected through qmail-multi"
counts=$(for k in 1 2 3 4; do ls "$T/queue/queue$k/todo" | wc -l | tr -d ' '; done | tr '\n' ' ')
is "$(echo "$counts" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; print s }')" "$N" "all of them are in the four queues ($counts)"
ok $(for c in $counts; do [ "$c" -gt 0 ] || exit 1; done; echo 0) "every queue got some"
# where each message went: "ID queueK"
for k in 1 2 3 4; do
  for f in $(find "$T/queue/queue$k/mess" -type f); do
    echo "$(sed -n 's/^X-Test-Id: //p' "$f") queue$k"
  done
done | sort -n > "$T/placed"
is "$(wc -l < "$T/placed" | tr -d ' ')" "$N" "each message is in one queue"

qinst_sched ./Maildir/
sched=$QI_PID
qinst_drain 40 "$T/queue/queue1" "$T/queue/queue2" "$T/queue/queue3" "$T/queue/queue4"
ok $? "the four sets drain their queues"
is "$(grep -c '^qscheduler: pid [0-9]* queue ' "$T/log")" 4 "qscheduler started one set per queue"
for k in 1 2 3 4; do
  grep -q "^qscheduler: pid [0-9]* queue $T/queue/queue$k\$" "$T/log" || diag "no set for queue$k"
done
is "$(awk '$2 == "ok" { print $5 }' "$T/deliveries" | sort | uniq | wc -l | tr -d ' ')" "$N" "every message delivered"
is "$(awk '$2 == "ok"' "$T/deliveries" | wc -l | tr -d ' ')" "$N" "once"
if grep -q ' q=queue' "$T/deliveries"; then
  is "$(sed -n 's/^local ok <[^>]*> <[^>]*> id=\([0-9]*\) q=\(queue[0-9]\)$/\1 \2/p' "$T/deliveries" | sort -n)" \
    "$(cat "$T/placed")" "each by the set of the queue it was injected into"
else
  skip "the delivery program does not see QUEUEDIR"
fi

# while the sets run: the trigger of each queue wakes its todo-proc
i=$((N + 1))
while [ $i -le $((N + 20)) ]; do
  qinst_msg "$i" | qinst_multi m@remote.example "u$i@test.example"
  i=$((i + 1))
done
qinst_drain 30 "$T/queue/queue1" "$T/queue/queue2" "$T/queue/queue3" "$T/queue/queue4"
ok $? "messages injected while the sets run are delivered"
is "$(awk '$2 == "ok" { print $5 }' "$T/deliveries" | sort | uniq | wc -l | tr -d ' ')" "$((N + 20))" "all $((N + 20))"
is "$(grep -c '^end msg ' "$T/log")" "$((N + 20))" "the log: an end msg line each"

procs=$(tree "$sched")
qinst_stop "$sched" 30
ok $? "SIGTERM stops qscheduler (exit 0)"
for p in $procs; do until_ok 10 gone "$p"; done
ok $? "and every program of the four sets"
is "$(grep -c '^status: exiting$' "$T/log")" 4 "each qmail-send logged status: exiting"
done_testing

#!/bin/sh
# queue-busy.t — injection and delivery at the same time: 8 injectors put
# messages into one queue through qmail-multi while its set delivers them,
# so that message numbers (the inodes of mess/ files) freed by finished
# messages are taken again by new ones. Every message must be delivered
# exactly once and the queue must end empty, without waiting for a retry
# or a restart. (The narrow case of a number taken while qmail-send still
# waits for qmail-clean's answer about the old message is rare here; the
# qmail-send.t harness plays it step by step.) QUEUE_BUSY_PER sets the
# messages per injector (default 60).
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
qinst_need
tmpdir
track_pids
qinst_init 1 7
unset QUEUEDIR
K=8
PER=${QUEUE_BUSY_PER:-60}
N=$((K * PER))

qinst_sched ./Maildir/
sched=$QI_PID
k=0 injectors=
while [ $k -lt $K ]; do
  ( i=0
    while [ $i -lt "$PER" ]; do
      id=$((k * PER + i + 1))
      qinst_msg "$id" | qinst_multi m@remote.example "u$id@test.example" || echo "$id" >> "$T/failed"
      i=$((i + 1))
    done ) &
  echo $! >> "$T/pids"
  injectors="$injectors $!"
  k=$((k + 1))
done
# shellcheck disable=SC2086 # the pids, one word each
wait $injectors
ok "$([ ! -s "$T/failed" ]; echo $?)" "$N messages injected by $K injectors at once" ||
  diag "failed: $(wc -l < "$T/failed")"
# a message left behind would wait for a retry or a restart: far longer
qinst_drain 60 "$T/queue/queue1"
ok $? "the queue is empty again while the set keeps running" ||
  diag "left: $(find "$T/queue/queue1/info" -type f | wc -l) in info/, log: $(tail -n 5 "$T/log")"
is "$(awk '$2 == "ok" { print $5 }' "$T/deliveries" | sort -u | wc -l | tr -d ' ')" "$N" "every message delivered"
is "$(awk '$2 == "ok"' "$T/deliveries" | wc -l | tr -d ' ')" "$N" "each once"
qinst_stop "$sched"
is "$?" 0 "qscheduler stops on SIGTERM"
done_testing

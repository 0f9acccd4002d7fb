#!/bin/sh
# queue-crash.t — the queue drains while qmail-send is killed (SIGKILL)
# 2 seconds after each start and qscheduler starts the set again (half
# the messages are queued before it starts, half while it runs): every
# message is delivered at least once, the duplicates (the documented
# window between a delivery and its mark) are counted, and afterwards no
# file is left and queue-fix finds nothing to repair. QI_CRASH_N messages
# (default 1000, 500 in a sanitizer build; tests/bench/queue.sh runs
# 5000), QI_CRASH_SECONDS the deadline (default 100; it takes 10-30 s).
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
qinst_need
# under ASan every program is several times slower: half the messages
if grep -qa __asan_init "$(bin qmail/send/qmail-send)"; then N=${QI_CRASH_N:-500}; else N=${QI_CRASH_N:-1000}; fi
DEADLINE=${QI_CRASH_SECONDS:-100}
tmpdir
track_pids
qinst_init 1 23
q=$QUEUEDIR
# (a modest concurrency: the drain takes long enough for several kills)
qinst_ctl concurrencylocal 5
qinst_ctl concurrencyremote 5

# inject FIRST STEP: messages FIRST, FIRST+STEP, ... up to N; odd ones
# local, even ones remote
inject() {
  _i=$1
  while [ "$_i" -le "$N" ]; do
    if [ $((_i % 2)) = 1 ]; then r=u$_i@test.example; else r=r$_i@remote.example; fi
    if qinst_msg "$_i" | qinst_inject "s@remote.example" "$r"; then echo "$_i" >> "$T/injected"
    else echo "$_i" >> "$T/inject-failed"; fi
    _i=$((_i + $2))
  done
}
# the first half is queued before the set starts, the rest while it runs
start=$(date +%s)
for k in 1 2 3 4; do inject "$k" 8 & done
wait
first=$(wc -l < "$T/injected" | tr -d ' ')
is "$(ls "$q/todo" | wc -l | tr -d ' ')" "$first" "$first messages queued ($(($(date +%s) - start)) s)"
qinst_sched ./Maildir/
sched=$QI_PID
for k in 5 6 7 8; do inject "$k" 8 & echo $! >> "$T/injectors"; done
# SIGKILL the running qmail-send (the last pid qscheduler logged) once the
# deliveries are under way, then 2 seconds after each restart, until every
# message is queued and the queue is empty
kills=0
until_ok 20 sh -c "[ \$(wc -l < '$T/deliveries') -ge 20 ]"
injecting() { for p in $(cat "$T/injectors"); do alive "$p" && return 0; done; return 1; }
current() { sed -n 's/^qscheduler: pid \([0-9]*\) queue .*/\1/p' "$T/log" | tail -n 1; }
restarted() { [ "$(current)" != "$1" ]; }
while injecting || ! qinst_empty "$q"; do
  [ $(($(date +%s) - start)) -lt "$DEADLINE" ] || break
  p=$(current)
  # only a live qmail-send: a pid of a set that is gone may be reused
  if [ -n "$p" ] && alive "$p" && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = qmail-send ]; then
    kill -KILL "$p" && kills=$((kills + 1))
    until_ok 20 restarted "$p"
  fi
  sleep 2
done
wait $(cat "$T/injectors")
elapsed=$(($(date +%s) - start))
ok $(qinst_empty "$q"; echo $?) "the queue drained in $elapsed s (injection included) while qmail-send was killed $kills times"
ok $([ "$kills" -ge 1 ]; echo $?) "qmail-send was killed at least once"
is "$(grep -c 'killed by signal 9' "$T/log")" "$kills" "qscheduler saw every kill and restarted the set"

okd=$(awk '$2 == "ok"' "$T/deliveries" | wc -l | tr -d ' ')
uniq=$(awk '$2 == "ok" { print $5 }' "$T/deliveries" | sort -u | wc -l | tr -d ' ')
is "$uniq" "$N" "every message was delivered at least once"
dups=$((okd - uniq))
diag "deliveries $okd for $N messages: $dups duplicates after $kills kills"
is "$(awk '$2 != "ok"' "$T/deliveries" | wc -l | tr -d ' ')" 0 "no delivery failed or was deferred"
is "$(awk '$2 == "ok" { print $3 }' "$T/deliveries" | sort -u | wc -l | tr -d ' ')" "$N" "each to its own recipient"

procs=$(tree "$sched")
qinst_stop "$sched" 30
ok $? "qscheduler stops (exit 0)"
for p in $procs; do until_ok 10 gone "$p"; done
stray=$(find "$q" -type f ! -path "$q/lock/*")
is "$stray" "" "no stray files in the queue"
run "$T/sbin/queue-fix" -n "$q"
# (root without the qmail users is told that the owners are its own)
is "$(printf '%s\n' "$OUT" | grep -v 'warning: the qmail users are unknown')|$RC" "|0" \
  "queue-fix -n finds nothing to repair"
is "$(sort -n "$T/injected" | uniq | wc -l | tr -d ' ')" "$N" "every injection succeeded"
done_testing

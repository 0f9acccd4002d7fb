#!/bin/sh
# qscheduler.t — usage and errors; one qmail-start per queue with its own
# QUEUEDIR, the log lines, restart of a set that ended after about a second,
# SIGHUP and SIGALRM forwarded, SIGTERM stopping every set and waiting.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
need_cmd python3
tmpdir
track_pids
qsch=$(bin qmail/send/qscheduler)
P=$T/p
qinst_probes "$P"
mkdir -p "$T/qb/queue2" "$T/qb/queue3" "$T/qb/queue4"
unset QUEUEDIR CONFSPLIT
export PREFIX=$P QUEUE_BASE=$T/qb QUEUE_START=2 QUEUE_COUNT=3

transcript "an unknown option is a usage error" "qscheduler: usage: qscheduler [-s] [defaultdelivery [logger [arg ...]]]
exit 100" "$qsch" -d
transcript "dynamic mode with -s first is refused too" "qscheduler: usage: qscheduler [-s] [defaultdelivery [logger [arg ...]]]
exit 100" "$qsch" -s -c
transcript "a bad QUEUE_COUNT" "qscheduler: fatal: bad QUEUE_COUNT: numerical result out of range
exit 111" env QUEUE_COUNT=0 "$qsch"
transcript "a bad QUEUE_BASE" "qscheduler: fatal: bad QUEUE_BASE: invalid argument
exit 111" env QUEUE_BASE=qb "$qsch"

# sends: the pids of the qmail-send records, one per line
sends() { sed -n 's/^pid=//p' "$P"/out/qmail-send.* 2>/dev/null; }
nsends() { [ "$(ls "$P/out" | grep -c '^qmail-send\.')" -ge "$1" ]; }
# qd PID: the QUEUEDIR of that qmail-send
qd() { sed -n 's/^queuedir=//p' "$P/out/qmail-send.$1"; }
nevents() { [ "$(grep -c -- "$1" "$P/out/events")" -ge "$2" ]; }

"$qsch" -s ./Maildir/ 2> "$T/log" < /dev/null &
sp=$!
echo "$sp" >> "$T/pids"
until_ok 20 nsends 3
ok $? "three sets started (QUEUE_START=2, QUEUE_COUNT=3)"
until_ok 20 sh -c "[ \$(ls '$P/out' | grep -c '\\.[0-9]*\$') -ge 18 ]"
ok $? "each with its five other programs"
is "$(for p in $(sends); do qd "$p"; done | sort | tr '\n' ' ')" "$T/qb/queue2 $T/qb/queue3 $T/qb/queue4 " \
  "each set has its own QUEUEDIR, QUEUE_BASE/queue<n>"
is "$(for p in $(sends); do sed -n 's/^cwd=//p' "$P/out/qmail-send.$p"; done | sort | tr '\n' ' ')" \
  "$T/qb/queue2 $T/qb/queue3 $T/qb/queue4 " "and runs there"
is "$(sed -n 's/^argv=//p' "$P"/out/qmail-lspawn.* | sort -u)" "./Maildir/" "the arguments after -s go to qmail-start"
until_ok 10 sh -c "[ \$(grep -c '^qscheduler: pid' '$T/log') -ge 3 ]"
is "$(for p in $(sends); do echo "qscheduler: pid $p queue $(qd "$p")"; done | sort)" \
  "$(grep '^qscheduler: pid' "$T/log" | sort)" "a log line per set: its pid (qmail-send's) and queue"
is "$(sed -n 's/^ppid=//p' "$P"/out/qmail-send.* | sort -u)" "$sp" "the qmail-send processes are qscheduler's children"

kill -HUP "$sp"
until_ok 10 nevents ' SIGHUP$' 3
ok $? "SIGHUP is forwarded to every set"
kill -ALRM "$sp"
until_ok 10 nevents ' SIGALRM$' 3
ok $? "SIGALRM is forwarded to every set"
is "$(grep -c ' SIG' "$P/out/events")" 6 "and nothing else was sent"

# a set that is killed comes back after about a second
victim=$(sends | head -n 1)
vq=$(qd "$victim")
t0=$(date +%s.%N)
kill -KILL "$victim"
until_ok 20 nsends 4
ok $? "a killed set is started again"
new=$(ls -t "$P"/out/qmail-send.* | head -n 1)
new=${new##*.}
is "$(qd "$new")" "$vq" "for the same queue"
t1=$(sed -n 's/^time=//p' "$P/out/qmail-send.$new")
delay=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
ok $(awk -v d="$delay" 'BEGIN { exit !(d >= 0.9 && d < 10) }'; echo $?) "after about a second ($delay s)"
like "$(cat "$T/log")" "qscheduler: pid $victim queue $vq killed by signal 9" "the log says how it ended"
like "$(grep '^qscheduler: pid' "$T/log" | tail -n 1)" "^qscheduler: pid $new queue $vq\$" "and names the new pid"
oldset=$(grep -l "^ppid=$victim\$" "$P"/out/*.[0-9]* | sed 's/.*\.//')
for p in $oldset; do until_ok 10 gone "$p"; done
ok $? "the old set's other programs ended (end of file)"
kill -USR1 "$new"
until_ok 20 nsends 5
like "$(cat "$T/log")" "qscheduler: pid $new queue $vq exited 3" "a set that exits: its exit code is logged, and it is restarted"

all=$(ls "$P/out" | grep '\.[0-9]*$' | sed 's/.*\.//')
live=$(sends | while read -r p; do alive "$p" && echo "$p"; done | wc -l)
is "$live" 3 "three sets are running"
kill -TERM "$sp"
wait "$sp"
is "$?" 0 "SIGTERM: qscheduler exits 0"
is "$(grep -c ' SIGTERM$' "$P/out/events")" 3 "after sending SIGTERM to each running set"
left=0
for p in $all; do alive "$p" && left=$((left + 1)); done
is "$left" 0 "and waiting until every program of every set has ended"
is "$(tail -n 1 "$T/log")" "qscheduler: exiting" "its last log line"

# qmail-start cannot run: logged, and tried again every second
mkdir -p "$T/empty"
env PREFIX="$T/empty" QUEUE_COUNT=1 "$qsch" 2> "$T/log2" < /dev/null &
sp=$!
echo "$sp" >> "$T/pids"
until_ok 10 sh -c "[ \$(grep -c 'exited 111' '$T/log2') -ge 2 ]"
ok $? "a qmail-start that cannot run is retried"
like "$(cat "$T/log2")" "qscheduler: fatal: unable to run $T/empty/sbin/qmail-start: no such file or directory" \
  "and the reason is logged"
qinst_stop "$sp" 10
ok $? "SIGTERM during the wait before a restart stops it"
done_testing

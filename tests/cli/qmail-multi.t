#!/bin/sh
# qmail-multi.t — queue choice, the FILTERARGS filter, the chain by exec,
# and exit codes passed through.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
qm=$(bin qmail/queue/qmail-multi)
qf=$(bin qmail/queue/queue-fix)
export QUEUEPROG=$(bin qmail/queue/qmail-queue) MIN_FREE=0 CONFSPLIT=3
export QUEUE_BASE=$T/qbase QUEUE_COUNT=4 QUEUE_START=1
unset QUEUEDIR FILTERARGS
"$qf" -N 4 "$QUEUE_BASE" > /dev/null 2>&1
printf 'Subject: multi\n\nhello world\n' > "$T/msg"
printf 'Fa@b\0Tc@d\0\0' > "$T/env"

i=0
while [ $i -lt 80 ]; do "$qm" < "$T/msg" 1< "$T/env" || break; i=$((i + 1)); done
is "$i" 80 "80 injections through qmail-multi: exit 0"
used=0 total=0
for n in 1 2 3 4; do
  c=$(ls "$QUEUE_BASE/queue$n/todo" | wc -l)
  total=$((total + c)); [ "$c" -gt 0 ] && used=$((used + 1))
done
is "$total $used" "80 4" "all 80 queued, spread over the 4 queues"

"$qf" "$T/one" > /dev/null 2>&1
QUEUEDIR=$T/one "$qm" < "$T/msg" 1< "$T/env"
is "$?" 0 "QUEUEDIR set: exit 0"
is "$(ls "$T/one/todo" | wc -l | tr -d ' ')" 1 "QUEUEDIR set: the message is in that queue"

FILTERARGS="sed s/hello/HELLO/" QUEUEDIR=$T/one "$qm" < "$T/msg" 1< "$T/env"
is "$?" 0 "FILTERARGS sed: exit 0"
like "$(cat "$T"/one/mess/*/* | grep -c 'HELLO world')" '^1$' "the queued message is the filter's output"

before=$(ls "$T/one/todo" | wc -l)
printf '#!/bin/sh\ncat > /dev/null\nexit "$1"\n' > "$T/filt"; chmod +x "$T/filt"
for c in 100:31 1:71 111:71 0:0; do
  FILTERARGS="$T/filt ${c%:*}" QUEUEDIR=$T/one "$qm" < "$T/msg" 1< "$T/env"
  is "$?" "${c#*:}" "a filter exiting ${c%:*}: qmail-multi exits ${c#*:}"
done
is "$(ls "$T/one/todo" | wc -l | tr -d ' ')" $((before + 1)) "only the message whose filter exited 0 was queued"
printf '#!/bin/sh\nkill -9 $$\n' > "$T/crash"; chmod +x "$T/crash"
FILTERARGS="$T/crash" QUEUEDIR=$T/one "$qm" < "$T/msg" 1< "$T/env"
is "$?" 71 "a filter killed by a signal: 71"
FILTERARGS="$T/no-such-filter" QUEUEDIR=$T/one "$qm" < "$T/msg" 1< "$T/env"
is "$?" 71 "a filter that cannot run: 71"
printf '#!/bin/sh\nhead -c 5\nexit 1\n' > "$T/partial"; chmod +x "$T/partial"
n=$(ls "$T/one/todo" | wc -l)
FILTERARGS="$T/partial" QUEUEDIR=$T/one "$qm" < "$T/msg" 1< "$T/env"
is "$?:$(ls "$T/one/todo" | wc -l)" "71:$n" "a filter that fails after writing part of the message: nothing queued"

cd "$T" || exit 255
FILTERARGS='echo $(touch shell-ran) `touch shell-ran2`' QUEUEDIR=$T/one "$qm" < "$T/msg" 1< "$T/env"
is "$?" 0 "FILTERARGS with shell syntax: exit 0"
ok $([ ! -e "$T/shell-ran" ] && [ ! -e "$T/shell-ran2" ]; echo $?) "FILTERARGS is never given to a shell"

"$qm" sh -c 'cat > /dev/null; echo "$QUEUEDIR" > "$0"; exit 37' "$T/seen" < "$T/msg" 1< "$T/env"
is "$?" 37 "the next program named in the arguments runs, and its exit code passes through"
like "$(cat "$T/seen")" "^$QUEUE_BASE/queue[1-4]$" "it sees the chosen QUEUEDIR"
printf 'Xbad\0\0' > "$T/badenv"
"$qm" < "$T/msg" 1< "$T/badenv"
is "$?" 91 "qmail-queue's 91 passes through"
QUEUEPROG=$T/no-such-queue "$qm" < "$T/msg" 1< "$T/env"
is "$?" 81 "a queue program that cannot run: 81"
QUEUE_COUNT=zero "$qm" < "$T/msg" 1< "$T/env"
is "$?" 55 "QUEUE_COUNT not a number: 55"
done_testing

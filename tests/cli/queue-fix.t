#!/bin/sh
# queue-fix.t — creating, checking and repairing queues; orphan cleanup.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
qf=$(bin qmail/queue/queue-fix)
qq=$(bin qmail/queue/qmail-queue)
export CONFSPLIT=5 MIN_FREE=0
unset QUEUEDIR QUEUE_BASE QUEUE_COUNT QUEUE_START

# quiet: output without the private-instance warning
quiet() { grep -v 'warning: the qmail users are unknown' "$@"; }

transcript "usage: no directory" "queue-fix: usage: queue-fix [-n] [-c] [-t seconds] [-s split] [-N count [-S start]] dir
exit 100" "$qf"
transcript "usage: bad option" "queue-fix: usage: queue-fix [-n] [-c] [-t seconds] [-s split] [-N count [-S start]] dir
exit 100" "$qf" -z "$T/q"
transcript "split not a number" "queue-fix: fatal: split is not a number: x
exit 100" "$qf" -s x "$T/q"
transcript "split 0" "queue-fix: fatal: split must be 1 to 10000
exit 100" "$qf" -s 0 "$T/q"

"$qf" "$T/q" > "$T/out" 2>&1
is "$?" 0 "create: exit 0"
is "$(quiet "$T/out" | wc -l | tr -d ' ')" 34 "create: 34 entries reported (the queue and 9 directories, 4x5 splits, 4 lock files)"
is "$(quiet "$T/out" | grep -vc ': created$')" 0 "create: every line says created"
is "$(stat -c '%a' "$T/q" "$T/q/mess" "$T/q/mess/4" "$T/q/info/0" "$T/q/intd" "$T/q/todo" "$T/q/pid" "$T/q/lock" | tr '\n' ' ')" \
  "750 750 750 700 700 750 700 750 " "modes of the directories"
is "$(stat -c '%a %F %s' "$T/q/lock/sendmutex" "$T/q/lock/todomutex" "$T/q/lock/tcpto" "$T/q/lock/trigger" | tr '\n' '|')" \
  "600 regular empty file 0|600 regular empty file 0|644 regular file 1024|622 fifo 0|" "lock files: sendmutex, todomutex, tcpto (1024 bytes), trigger FIFO"
ok $([ ! -e "$T/q/mess/5" ]; echo $?) "split 5 makes 0..4 only"

"$qf" "$T/q" > "$T/out" 2>&1
is "$?" 0 "second run: exit 0"
is "$(quiet "$T/out")" "" "second run: nothing to change"

chmod 755 "$T/q/intd"; rmdir "$T/q/remote/3"; chmod 666 "$T/q/lock/tcpto"
"$qf" -n "$T/q" > "$T/out" 2>&1
is "$?" 1 "-n with problems: exit 1"
is "$(quiet "$T/out" | sort)" "queue-fix: $T/q/intd: mode 755 -> 700
queue-fix: $T/q/lock/tcpto: mode 666 -> 644
queue-fix: $T/q/remote/3: missing" "-n reports what it would change"
is "$(stat -c %a "$T/q/intd")" 755 "-n changes nothing"
"$qf" "$T/q" > "$T/out" 2>&1
is "$?" 0 "repair: exit 0"
is "$(quiet "$T/out" | sort)" "queue-fix: $T/q/intd: mode 755 -> 700
queue-fix: $T/q/lock/tcpto: mode 666 -> 644
queue-fix: $T/q/remote/3: created" "repair reports what it changed"
"$qf" -n "$T/q" > /dev/null 2>&1
is "$?" 0 "after the repair -n finds nothing: exit 0"

rm -rf "$T/q/bounce"; : > "$T/q/bounce"
"$qf" "$T/q" > "$T/out" 2>&1
is "$?" 111 "a file where a directory belongs: exit 111"
like "$(cat "$T/out")" "bounce: not a directory: cannot fix" "and says so"
rm -f "$T/q/bounce"; "$qf" "$T/q" > /dev/null 2>&1

mkdir "$T/q/mess/7" && : > "$T/q/mess/7/12"
"$qf" "$T/q" > "$T/out" 2>&1
is "$?" 111 "a split directory beyond the split count with files: exit 111"
like "$(cat "$T/out")" "mess/7: beyond the split count and not empty" "and says so"
rm -rf "$T/q/mess/7"; mkdir "$T/q/info/9"
"$qf" "$T/q" > "$T/out" 2>&1
is "$?" 0 "an empty extra split directory is removed quietly"
ok $([ ! -e "$T/q/info/9" ]; echo $?) "info/9 is gone"

# qmail-queue works in a queue made by queue-fix
printf 'Subject: x\n\nbody\n' > "$T/msg"
printf 'Fa@b\0Tc@d\0\0' > "$T/env"
QUEUEDIR=$T/q "$qq" < "$T/msg" 1< "$T/env"
is "$?" 0 "qmail-queue injects into a queue-fix queue"
good=$(ls "$T/q/todo")

# orphans: a pid file, intd without todo, mess without todo/intd/info
: > "$T/q/pid/123.456.0"
: > "$T/q/intd/77"
: > "$T/q/mess/2/77"
: > "$T/q/mess/3/88"; : > "$T/q/info/3/88"
"$qf" -c "$T/q" > "$T/out" 2>&1
is "$(quiet "$T/out")" "" "-c leaves young orphans alone (36 hours by default)"
"$qf" -c -t 0 -n "$T/q" > "$T/out" 2>&1
is "$?" 1 "-c -n with orphans: exit 1"
"$qf" -c -t 0 "$T/q" > "$T/out" 2>&1
is "$?" 0 "-c -t 0: exit 0"
is "$(quiet "$T/out" | sort)" "queue-fix: $T/q/intd/77: orphan removed
queue-fix: $T/q/mess/2/77: orphan removed
queue-fix: $T/q/pid/123.456.0: orphan removed" "-c removes the three orphans"
ok $([ -f "$T/q/mess/3/88" ] && [ -f "$T/q/todo/$good" ] && [ -f "$T/q/intd/$good" ]; echo $?) \
  "a message with info/ and the queued message are kept"

"$qf" -N 3 -S 2 "$T/base" > "$T/out" 2>&1
is "$?" 0 "-N 3 -S 2: exit 0"
is "$(ls "$T/base" | tr '\n' ' ')" "queue2 queue3 queue4 " "makes queue2, queue3, queue4"
"$qf" -n -N 3 -S 2 "$T/base" > /dev/null 2>&1
is "$?" 0 "and they check clean"
done_testing

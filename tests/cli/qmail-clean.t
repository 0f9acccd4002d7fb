#!/bin/sh
# qmail-clean.t — requests x and t, answers + and !, and the pid/ cleanup.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
qc=$(bin qmail/send/qmail-clean)
qq=$(bin qmail/queue/qmail-queue)
export CONFSPLIT=3 MIN_FREE=0 QUEUEDIR=$T/q
"$(bin qmail/queue/queue-fix)" "$T/q" > /dev/null 2>&1
printf 'Subject: clean\n\nx\n' > "$T/msg"
printf 'Fa@b\0Tc@d\0\0' > "$T/env"
"$qq" < "$T/msg" 1< "$T/env" && "$qq" < "$T/msg" 1< "$T/env"
ok $? "two messages queued"
set -- $(ls "$T/q/todo")
m1=$1 m2=$2
# make m1 look preprocessed and finished: info, local with D, bounce
printf 'Fa@b\0' > "$T/q/info/$((m1 % 3))/$m1"
printf 'Dc@d\0' > "$T/q/local/$((m1 % 3))/$m1"
: > "$T/q/bounce/$m1"
: > "$T/q/pid/old.1"; touch -d '2 days ago' "$T/q/pid/old.1"
: > "$T/q/pid/young.1"

cd "$T/q" || exit 255
printf "x$m1\0t$m2\0x999999\0y1\0x\0x12ab\0t$m2\0" | "$qc" > "$T/answers" 2> "$T/err"
is "$?" 0 "exit 0 when the requester closes"
is "$(cat "$T/answers")" '+++!!!+' "answers: done, done, already gone, bad type, no number, bad number, repeated"
is "$(find "$T/q" -type f -name "$m1" | wc -l | tr -d ' ')" 0 "x removed every file of message 1"
ok $([ -f "$T/q/mess/$((m2 % 3))/$m2" ] && [ ! -e "$T/q/todo/$m2" ] && [ ! -e "$T/q/intd/$m2" ]; echo $?) \
  "t removed intd and todo of message 2 and kept its message"
ok $([ ! -e "$T/q/pid/old.1" ] && [ -e "$T/q/pid/young.1" ]; echo $?) "pid/ files older than 36 hours are removed at start"
is "$(cat "$T/err")" "" "nothing on stderr"

long=$(printf 'x%040d' 1)
printf "$long\0x$m2\0" | "$qc" > "$T/answers"
is "$(cat "$T/answers")" '!+' "an over-long request is refused and the next one still served"
printf 'Fa@b\0' > "$T/q/info/$((m2 % 3))/$m2"
chmod 500 "$T/q/info/$((m2 % 3))"
if [ "$(id -u)" != 0 ]; then
  printf "x$m2\0" | "$qc" > "$T/answers"
  is "$(cat "$T/answers")" '!' "a file that cannot be removed: !"
else
  skip "root can remove files from a read-only directory"
fi
chmod 700 "$T/q/info/$((m2 % 3))"
done_testing

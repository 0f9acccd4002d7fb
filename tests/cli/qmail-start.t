#!/bin/sh
# qmail-start.t — usage and errors, then the wiring of a queue set with
# stand-in programs: every descriptor of every child, its pipe partners,
# ids, cwd, QUEUEDIR, arguments, qmail-send exec'd in qmail-start's pid,
# the logger, and the end of the set when qmail-send ends.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
need_cmd python3
[ -r /proc/self/fdinfo/0 ] || skip_all "no /proc/self/fdinfo"
tmpdir
track_pids
qs=$(bin qmail/send/qmail-start)
P=$T/p
qinst_probes "$P"
mkdir -p "$T/q" "$T/qb/queue3"
unset QUEUE_BASE QUEUE_START QUEUE_COUNT QUEUEDIR CONFSPLIT
export PREFIX=$P QUEUEDIR=$T/q
me=$(id -u)

transcript "an unknown option is a usage error" "qmail-start: usage: qmail-start [defaultdelivery [logger [arg ...]]]
exit 100" "$qs" -x ./Maildir/
transcript "a relative QUEUEDIR" "qmail-start: fatal: bad QUEUEDIR: invalid argument
exit 111" env QUEUEDIR=q "$qs"
transcript "a missing queue" "qmail-start: fatal: unable to switch to $T/nope: no such file or directory
exit 111" env QUEUEDIR="$T/nope" "$qs"
mkdir "$T/empty"
run env PREFIX="$T/empty" "$qs" ./Maildir/
is "$RC $(printf '%s\n' "$OUT" | grep -v 'qmail users are unknown' | sort | tr '\n' '|')" \
  "111 $(for p in qmail-clean qmail-clean qmail-lspawn qmail-rspawn qmail-send todo-proc; do
    printf 'qmail-start: fatal: unable to run %s/empty/sbin/%s: no such file or directory|' "$T" "$p"; done)" \
  "no programs: each child and qmail-send say so, exit 111"

# rec NAME KEY: KEY of the (one) record of NAME
rec() { sed -n "s/^$2=//p" "$P"/out/"$1".* | head -n 1; }
# fdof NAME FD: that descriptor as TARGET:MODE
fdof() { rec "$1" fds | tr ' ' '\n' | sed -n "s/^$2://p"; }
# fdset NAME: the descriptor numbers
fdset() { rec "$1" fds | tr ' ' '\n' | cut -d: -f1 | tr '\n' ' '; }
records() { [ "$(ls "$P/out" | grep -c '\.[0-9]*$')" -ge "$1" ]; }
count_eof() { [ "$(grep -c ' eof$' "$P/out/events")" -ge "$1" ]; }

# the set, with an extra inherited descriptor (5) that no child may get
"$qs" 5< "$T/q" 2> "$T/err" < /dev/null &
pid=$!
echo "$pid" >> "$T/pids"
until_ok 20 records 6
ok $? "six programs started"
is "$(rec qmail-send pid)" "$pid" "qmail-send runs in qmail-start's process (exec, same pid)"
is "$(for p in todo-proc qmail-lspawn qmail-rspawn; do rec $p ppid; done; sed -n 's/^ppid=//p' "$P"/out/qmail-clean.* | sort -u)" \
  "$(printf '%s\n' "$pid" "$pid" "$pid" "$pid")" "every other program is a child of qmail-send"
is "$(sed -n 's/^cwd=//p' "$P"/out/*.[0-9]* | sort -u)" "$T/q" "every program runs in the queue directory"
is "$(sed -n 's/^queuedir=//p' "$P"/out/*.[0-9]* | sort -u)" "$T/q" "every program gets QUEUEDIR"
if [ "$me" != 0 ] || ! id qmails > /dev/null 2>&1; then
  is "$(sed -n 's/^uid=//p' "$P"/out/*.[0-9]* | sort -u)" "$me" "a private instance: every program runs as the invoking user"
else
  skip "root with the qmail users: the uids are checked by the e2e tests"
fi
is "$(rec qmail-lspawn argv)|$(rec qmail-rspawn argv)|$(rec todo-proc argv)|$(rec qmail-send argv)" \
  "./Maildir/|||" "qmail-lspawn gets the default delivery ./Maildir/, the others no argument"
is "$(fdset qmail-send)" "0 1 2 3 4 5 6 7 8 " "qmail-send has exactly descriptors 0-8"
is "$(fdset todo-proc)" "0 1 2 7 8 " "todo-proc has exactly 0 1 2 7 8"
is "$(fdset qmail-lspawn)|$(fdset qmail-rspawn)" "0 1 2 |0 1 2 " "the spawners have exactly 0 1 2"
is "$(for f in "$P"/out/qmail-clean.*; do sed -n 's/^fds=//p' "$f" | tr ' ' '\n' | cut -d: -f1 | tr '\n' ' '; done)" \
  "0 1 2 0 1 2 " "each qmail-clean has exactly 0 1 2"
is "$(sed -n 's/^fds=//p' "$P"/out/*.[0-9]* | tr ' ' '\n' | grep '^2:' | sort -u)" "2:$T/err:w" \
  "fd 2 of every program is qmail-start's fd 2"

# pipe PROG FD MODE: the pipe's inode, when FD is a pipe end of that mode
pipe() { fdof "$1" "$2" | sed -n "s/^pipe:\[\([0-9]*\)\]:$3\$/\1/p"; }
# clean_for FD-OF-TODO: the qmail-clean record whose fd 0 is that pipe
wired() { # WRITER FD READER FD: the write end and the read end are one pipe
  _w=$(pipe "$1" "$2" w) _r=$(pipe "$3" "$4" r)
  [ -n "$_w" ] && [ "$_w" = "$_r" ]
}
ok_wired() { wired "$@"; ok $? "$1 fd $2 -> $3 fd $4"; }
ok_wired qmail-send 1 todo-proc 0
ok_wired todo-proc 1 qmail-send 0
ok_wired qmail-send 3 qmail-lspawn 0
ok_wired qmail-lspawn 1 qmail-send 4
ok_wired qmail-send 5 qmail-rspawn 0
ok_wired qmail-rspawn 1 qmail-send 6
cleans=$(ls "$P/out" | grep '^qmail-clean\.')
c1=${cleans%%
*} c2=${cleans##*
}
cl_in() { sed -n 's/^fds=//p' "$P/out/$1" | tr ' ' '\n' | sed -n "s/^$2:pipe:\[\([0-9]*\)\]:$3\$/\1/p"; }
send7=$(pipe qmail-send 7 w) send8=$(pipe qmail-send 8 r) todo7=$(pipe todo-proc 7 w) todo8=$(pipe todo-proc 8 r)
if [ "$(cl_in "$c1" 0 r)" = "$send7" ]; then cs=$c1 ct=$c2; else cs=$c2 ct=$c1; fi
is "$(cl_in "$cs" 0 r) $(cl_in "$cs" 1 w)" "$send7 $send8" "qmail-send fd 7 and 8 <-> one qmail-clean's 0 and 1"
is "$(cl_in "$ct" 0 r) $(cl_in "$ct" 1 w)" "$todo7 $todo8" "todo-proc fd 7 and 8 <-> the other qmail-clean's 0 and 1"
ok $([ -n "$send7" ] && [ -n "$todo7" ] && [ "$send7" != "$todo7" ]; echo $?) "two different qmail-clean pipes"
is "$(sed -n 's/^fds=//p' "$P"/out/*.[0-9]* | tr ' ' '\n' | grep -v '^2:' | sed -n 's/.*pipe:\[\([0-9]*\)\].*/\1/p' | sort | uniq -c | awk '{print $1}' | sort -u)" \
  "2" "each of the ten pipes has exactly two ends, in two programs"
until_ok 10 sh -c "[ \$(grep -c ' started\$' '$T/err') -ge 6 ]"
ok $? "what they write on fd 2 reaches qmail-start's fd 2"

kill -TERM "$pid"
wait "$pid"
is "$?" 0 "qmail-send's exit status is the one the supervisor sees"
until_ok 20 count_eof 5
ok $? "when qmail-send ends, todo-proc, both qmail-clean and both spawners see end of file"
for f in "$P"/out/*.[0-9]*; do p=$(sed -n 's/^pid=//p' "$f"); until_ok 10 gone "$p"; done
ok $? "and every program of the set has ended"

# a logger, and the default queue QUEUE_BASE/queue<QUEUE_START>
rm -f "$P"/out/*.[0-9]*
: > "$P/out/events"
env -u QUEUEDIR QUEUE_BASE="$T/qb" QUEUE_START=3 "$qs" ./Mbox "$P/logger" -t 'two words' 2> "$T/err2" < /dev/null &
pid=$!
echo "$pid" >> "$T/pids"
until_ok 20 records 7
ok $? "six programs and the logger started"
is "$(rec logger argv)" "-t two words" "the logger gets its arguments"
is "$(rec logger ppid)" "$pid" "the logger is a child of qmail-send too"
is "$(sed -n 's/^cwd=//p' "$P"/out/*.[0-9]* | sort -u)|$(rec todo-proc queuedir)" "$T/qb/queue3|$T/qb/queue3" \
  "without QUEUEDIR: QUEUE_BASE/queue<QUEUE_START>, exported"
lp=$(fdof logger 0 | sed -n 's/^pipe:\[\([0-9]*\)\]:r$/\1/p')
is "$(sed -n 's/^fds=//p' "$P"/out/*.[0-9]* | tr ' ' '\n' | grep '^2:' | sort | uniq -c | sed 's/^ *//')" \
  "1 2:$T/err2:w
6 2:pipe:[$lp]:w" "fd 2 of the six programs is the logger's pipe; the logger keeps qmail-start's fd 2"
is "$(fdset logger)" "0 1 2 " "the logger has exactly 0 1 2"
until_ok 10 sh -c "[ \$(grep -c ' started\$' '$P/out/log') -ge 6 ]"
ok $? "their log lines reach the logger"
is "$(cat "$T/err2")" "" "and nothing reaches qmail-start's own fd 2"
if [ "$me" = 0 ] && ! id qmails > /dev/null 2>&1; then
  is "$(grep -c 'qmail-start: warning: the qmail users are unknown' "$P/out/log")" 1 \
    "root without the qmail users: one warning, on the log"
fi
is "$(rec qmail-lspawn argv)" "./Mbox" "the default delivery given"
kill -TERM "$pid"
wait "$pid"
until_ok 20 grep -q '^logger [0-9]* eof$' "$P/out/events"
ok $? "the logger sees end of file once the set has ended"
done_testing

#!/bin/sh
# qmail-rm.t — selecting by number and by pattern, the mark-done mode while
# qmail-send holds its lock (a simulated qmail-send scan then finds no T),
# the -f mode (refused while qmail-send or todo-proc runs; afterwards
# queue-fix finds nothing wrong), -n, -q, and messages not yet preprocessed.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/qmsg.sh"
. "$IM_SRC/tests/lib/proc.sh"
tmpdir
track_pids
rm=$(bin qmail/admin/qmail-rm)
qf=$(bin qmail/queue/queue-fix)
setlock=$(bin daemontools/setlock)
export CONFSPLIT=5
unset QUEUEDIR QUEUE_BASE QUEUE_COUNT QUEUE_START
USAGE="qmail-rm: usage: qmail-rm [-nf] [-q queue] [-i num] [-p pattern] ..."

# scan QUEUE: what a qmail-send scan finds: "NUM:Ts" for every message
# whose local and remote files still hold T records
scan() {
  python3 - "$1" <<'PY'
import os, sys
q = sys.argv[1]
out = []
for d in sorted(os.listdir(os.path.join(q, 'info'))):
    for n in os.listdir(os.path.join(q, 'info', d)):
        t = 0
        for ch in ('local', 'remote'):
            try:
                data = open(os.path.join(q, ch, d, n), 'rb').read()
            except FileNotFoundError:
                continue
            t += sum(1 for r in data.split(b'\0') if r.startswith(b'T'))
        if t:
            out.append((int(n), t))
print(' '.join('%d:%d' % x for x in sorted(out)))
PY
}
# sums QUEUE: a checksum of every file, to see that nothing changed
sums() { (cd "$1" && find . -type f ! -path './lock/*' | sort | xargs cksum); }

transcript "usage: nothing selected" "$USAGE
exit 100" "$rm"
transcript "usage: -n alone" "$USAGE
exit 100" "$rm" -n
transcript "usage: an argument" "$USAGE
exit 100" "$rm" -i 5 extra
transcript "usage: bad option" "$USAGE
exit 100" "$rm" -z
transcript "-i not a number" "qmail-rm: fatal: not a message number: 12x
exit 100" "$rm" -i 12x
transcript "-p empty" "qmail-rm: fatal: empty pattern
exit 100" "$rm" -p ''

q=$T/q
"$qf" -s 5 "$q" > /dev/null 2>&1
export QUEUEDIR=$q
qmsg_put "$q" 101 alice@example.com - L:bob@localhost R:carol@example.org r:dave@example.net
qmsg_put "$q" 102 spammer@bad.example - R:victim1@example.org R:victim2@example.net
qmsg_put "$q" 103 "" - R:postmaster@bad.example
qmsg_put "$q" 104 friend@good.example - L:bob@localhost R:x@BAD.example
qmsg_put "$q" 105 other@good.example - R:y@example.org
qmsg_todo "$q" 200 spammer@bad.example - victim3@example.org

# qmail-send is running: it holds lock/sendmutex
"$setlock" "$q/lock/sendmutex" sleep 300 &
holder=$!
echo "$holder" >> "$T/pids"
until_ok 10 sh -c "! '$setlock' -n '$q/lock/sendmutex' true"
ok $? "lock/sendmutex is held, as by a running qmail-send"

before=$(sums "$q")
transcript "-n: what would go" "q/#102 <spammer@bad.example>: would mark 2 recipients done
q/#103 <>: would mark 1 recipient done
q/#104 <friend@good.example>: would mark 2 recipients done
q/#200 <spammer@bad.example>: not yet preprocessed, try again
exit 111" "$rm" -n -p bad.example
is "$(sums "$q")" "$before" "-n changes nothing"
transcript "-f while qmail-send runs: refused" "qmail-rm: warning: $q: qmail-send is running: stop it, or leave out -f
exit 111" "$rm" -f -p bad.example
is "$(sums "$q")" "$before" "and nothing is removed"

is "$(scan "$q")" "101:2 102:2 103:1 104:2 105:1" "before: every message has recipients to do"
transcript "mark done by sender pattern (wildmat), while qmail-send runs" "q/#102 <spammer@bad.example>: marked 2 recipients done
q/#200 <spammer@bad.example>: not yet preprocessed, try again
exit 111" "$rm" -p 'spammer@*'
is "$(scan "$q")" "101:2 103:1 104:2 105:1" "a qmail-send scan finds no T left in 102"
is "$(tr '\0' '|' < "$q/remote/2/102")" "Dvictim1@example.org|Dvictim2@example.net|" "102's records are D, in place"
ok $([ -f "$q/info/2/102" ] && [ -f "$q/mess/2/102" ] && [ -f "$q/remote/2/102" ]; echo $?) \
  "nothing is unlinked: qmail-send ends the message itself"
ok $([ -f "$q/todo/200" ] && [ -f "$q/intd/200" ]; echo $?) "the message in todo/ is left alone"
transcript "the empty sender: <>" "q/#103 <>: marked 1 recipient done
exit 0" "$rm" -p '<>'
transcript "a recipient, by substring, ignoring case" "q/#104 <friend@good.example>: marked 2 recipients done
exit 0" "$rm" -p x@bad
transcript "by number, and a number in no queue" "q/#105 <other@good.example>: marked 1 recipient done
qmail-rm: warning: message 99999 is in no queue
exit 100" "$rm" -i 105 -i 99999
transcript "a message with nothing left to do" "q/#105 <other@good.example>: marked 0 recipients done
exit 0" "$rm" -i 105
is "$(scan "$q")" "101:2" "only 101 is left to deliver"
is "$(tr '\0' '|' < "$q/local/1/101")$(tr '\0' '|' < "$q/remote/1/101")" \
  "Tbob@localhost|Tcarol@example.org|Ddave@example.net|" "101 is untouched"

# todo-proc is running (lock/todomutex), qmail-send is not
kill "$holder"
wait "$holder" 2>/dev/null
: > "$q/lock/todomutex"
"$setlock" "$q/lock/todomutex" sleep 300 &
holder=$!
echo "$holder" >> "$T/pids"
until_ok 10 sh -c "! '$setlock' -n '$q/lock/todomutex' true"
transcript "-f while todo-proc runs: refused" "qmail-rm: warning: $q: todo-proc is running: stop it, or leave out -f
exit 111" "$rm" -f -i 102
kill "$holder"
wait "$holder" 2>/dev/null

before=$(sums "$q")
transcript "-f -n: what would be removed" "q/#102 <spammer@bad.example>: would remove
q/#200 <spammer@bad.example>: would remove
exit 0" "$rm" -f -n -p spammer
is "$(sums "$q")" "$before" "-f -n changes nothing"
transcript "-f: remove, qmail-send stopped" "q/#102 <spammer@bad.example>: removed
q/#103 <>: removed
q/#200 <spammer@bad.example>: removed
exit 0" "$rm" -f -p spammer -i 103
is "$(find "$q" -type f \( -name 102 -o -name 103 -o -name 200 \) | wc -l | tr -d ' ')" 0 "no file of them is left"
is "$(find "$q" -type f -name 101 | wc -l | tr -d ' ')" 4 "101's files are all there"
"$qf" -n -c -t 0 -s 5 "$q" > "$T/out" 2>&1
is "$?" 0 "queue-fix -n -c then finds nothing to fix"
is "$(grep -v 'warning: the qmail users are unknown' "$T/out")" "" "and no orphan"

# several queues; -q picks one
unset QUEUEDIR
export QUEUE_BASE=$T/base QUEUE_COUNT=2 QUEUE_START=1
"$qf" -s 5 -N 2 -S 1 "$QUEUE_BASE" > /dev/null 2>&1
qmsg_put "$QUEUE_BASE/queue1" 7 a@spam.example - R:r1@example.org
qmsg_put "$QUEUE_BASE/queue2" 7 a@spam.example - R:r2@example.org
qmsg_put "$QUEUE_BASE/queue2" 8 b@ham.example - R:r3@example.org
transcript "-q 2: queue2 only" "queue2/#7 <a@spam.example>: marked 1 recipient done
exit 0" "$rm" -q 2 -i 7
transcript "every queue" "queue1/#7 <a@spam.example>: marked 1 recipient done
queue2/#7 <a@spam.example>: marked 0 recipients done
exit 0" "$rm" -p spam.example
transcript "-q not a number" "qmail-rm: fatal: not a queue number: two
exit 100" "$rm" -q two -i 7
transcript "-q out of range" "qmail-rm: fatal: no queue 3 (QUEUE_START and QUEUE_COUNT say which exist)
exit 100" "$rm" -q 3 -i 7
QUEUE_COUNT=3 run "$rm" -i 8
is "$OUT" "queue2/#8 <b@ham.example>: marked 1 recipient done
qmail-rm: warning: $QUEUE_BASE/queue3: unable to switch to the queue: no such file or directory" \
  "a missing queue: a warning, the others done"
is "$RC" 111 "a missing queue: exit 111"
if [ "$(id -u)" != 0 ]; then
  qmsg_put "$QUEUE_BASE/queue1" 9 c@x - R:r4@example.org
  chmod 400 "$QUEUE_BASE/queue1/remote/4/9"
  run "$rm" -i 9
  is "$RC $OUT" "111 qmail-rm: warning: queue1/#9: unable to mark recipients done: permission denied" \
    "a file that cannot be written: a warning, exit 111"
else
  skip "root writes read-only files"
fi
done_testing

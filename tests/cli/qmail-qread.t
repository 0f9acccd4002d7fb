#!/bin/sh
# qmail-qread.t — the listing (qmail's lines, the queue named per message),
# -l -r -t -a, the counts of -c and -s, several queues, and trouble.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/qmsg.sh"
tmpdir
qr=$(bin qmail/admin/qmail-qread)
qf=$(bin qmail/queue/queue-fix)
export CONFSPLIT=5
unset QUEUEDIR QUEUE_BASE QUEUE_COUNT QUEUE_START

transcript "usage: bad option" "qmail-qread: usage: qmail-qread [-alrtcs]
exit 100" "$qr" -x
transcript "usage: an argument" "qmail-qread: usage: qmail-qread [-alrtcs]
exit 100" "$qr" foo

q=$T/q
"$qf" -s 5 "$q" > /dev/null 2>&1
export QUEUEDIR=$q
transcript "an empty queue: nothing" "
exit 0" "$qr"
transcript "an empty queue: counts" "q: messages in queue: 0
q: messages in queue but not yet preprocessed: 0
total: messages in queue: 0
total: messages in queue but not yet preprocessed: 0
exit 0" "$qr" -c

qmsg_put "$q" 101 alice@example.com 1700000000 L:bob@localhost R:carol@example.org r:dave@example.net
qmsg_put "$q" 207 "" 1700000100 R:postmaster@example.org
: > "$q/bounce/207"
qmsg_put "$q" 33 "a$(printf '\001')b@example.com" 1600000000 l:done@localhost
qmsg_todo "$q" 400 zed@example.com 1700000200 yy@example.com zz@example.com

transcript "the listing: qmail's lines, queue/#num" "13 Sep 2020 12:26:40 GMT  q/#33  18  <a_b@example.com> 
  done	local	done@localhost
14 Nov 2023 22:13:20 GMT  q/#101  19  <alice@example.com> 
	local	bob@localhost
	remote	carol@example.org
  done	remote	dave@example.net
14 Nov 2023 22:15:00 GMT  q/#207  19  <>  bouncing
	remote	postmaster@example.org
exit 0" "$qr"
transcript "-l: messages with local recipients" "13 Sep 2020 12:26:40 GMT  q/#33  18  <a_b@example.com> 
  done	local	done@localhost
14 Nov 2023 22:13:20 GMT  q/#101  19  <alice@example.com> 
	local	bob@localhost
exit 0" "$qr" -l
transcript "-r: messages with remote recipients" "14 Nov 2023 22:13:20 GMT  q/#101  19  <alice@example.com> 
	remote	carol@example.org
  done	remote	dave@example.net
14 Nov 2023 22:15:00 GMT  q/#207  19  <>  bouncing
	remote	postmaster@example.org
exit 0" "$qr" -r
transcript "-t: messages not yet preprocessed" "14 Nov 2023 22:16:40 GMT  q/#400  19  <zed@example.com> 
	todo	yy@example.com
	todo	zz@example.com
exit 0" "$qr" -t
run "$qr" -a
is "$(printf '%s\n' "$OUT" | grep -c GMT) $RC" "4 0" "-a: all four messages"
is "$(printf '%s\n' "$OUT" | tail -n 3 | head -n 1)" "14 Nov 2023 22:16:40 GMT  q/#400  19  <zed@example.com> " \
  "-a: the todo message last"
transcript "-c: counts" "q: messages in queue: 4
q: messages in queue but not yet preprocessed: 1
total: messages in queue: 4
total: messages in queue but not yet preprocessed: 1
exit 0" "$qr" -c
transcript "-s: the totals only, as qmail-qstat" "messages in queue: 4
messages in queue but not yet preprocessed: 1
exit 0" "$qr" -s

# a todo entry whose info exists is being cleaned up: preprocessed
ln "$q/mess/1/101" "$q/todo/101"
transcript "todo/N with info/S/N counts once, as preprocessed" "messages in queue: 4
messages in queue but not yet preprocessed: 1
exit 0" "$qr" -s
rm "$q/todo/101"

# trouble: info without mess; a message gone meanwhile is silent
qmsg_put "$q" 55 x@y 1700000000 R:z@w
rm "$q/mess/0/55"
printf 'Tlost@x\0' > "$q/remote/1/11"
run "$qr" -r
is "$RC" 111 "info without mess: exit 111"
like "$OUT" "qmail-qread: warning: trouble with q/#55: no such file or directory" "a warning names queue/#num"
is "$(printf '%s\n' "$OUT" | grep -c GMT)" 2 "the other messages are still listed"
ok "$(printf '%s\n' "$OUT" | grep -q lost@x; echo $((1 - $?)))" "a remote file without info is not a message"
rm -f "$q/info/0/55" "$q/remote/0/55" "$q/remote/1/11"

# several queues: QUEUE_BASE/queueN, QUEUE_COUNT from QUEUE_START
unset QUEUEDIR
export QUEUE_BASE=$T/base QUEUE_COUNT=2 QUEUE_START=3
"$qf" -s 5 -N 2 -S 3 "$QUEUE_BASE" > /dev/null 2>&1
qmsg_put "$QUEUE_BASE/queue3" 10 a@b 1700000000 R:one@example.org
qmsg_put "$QUEUE_BASE/queue4" 10 c@d 1700000000 L:two@localhost
qmsg_todo "$QUEUE_BASE/queue4" 12 e@f 1700000000 three@example.org
transcript "two queues: each message names its queue" "14 Nov 2023 22:13:20 GMT  queue3/#10  18  <a@b> 
	remote	one@example.org
14 Nov 2023 22:13:20 GMT  queue4/#10  18  <c@d> 
	local	two@localhost
exit 0" "$qr"
transcript "two queues: counts per queue and in all" "queue3: messages in queue: 1
queue3: messages in queue but not yet preprocessed: 0
queue4: messages in queue: 2
queue4: messages in queue but not yet preprocessed: 1
total: messages in queue: 3
total: messages in queue but not yet preprocessed: 1
exit 0" "$qr" -c
QUEUE_COUNT=3 run "$qr" -s
is "$OUT" "qmail-qread: warning: unable to switch to $QUEUE_BASE/queue5: no such file or directory
messages in queue: 3
messages in queue but not yet preprocessed: 1" "a missing queue: a warning, the others counted"
is "$RC" 111 "a missing queue: exit 111"
QUEUEDIR=$QUEUE_BASE/queue4 run "$qr" -s
is "$OUT" "messages in queue: 2
messages in queue but not yet preprocessed: 1" "QUEUEDIR: that queue only"
QUEUE_COUNT=x run "$qr"
is "$RC $OUT" "111 qmail-qread: fatal: bad QUEUE_COUNT: invalid argument" "a bad QUEUE_COUNT: exit 111"

# many messages, one with many recipients
python3 - "$QUEUE_BASE/queue3" <<'PY'
import os, sys
q = sys.argv[1]
for n in range(1000, 1500):
    d = str(n % 5)
    open(os.path.join(q, 'mess', d, str(n)), 'w').write('x\n')
    open(os.path.join(q, 'info', d, str(n)), 'wb').write(b'Fs@example.com\0')
    open(os.path.join(q, 'remote', d, str(n)), 'wb').write(b'Tr@example.org\0')
open(os.path.join(q, 'remote', '0', '3000'), 'wb').write(b''.join(b'Tr%d@example.org\0' % i for i in range(10000)))
open(os.path.join(q, 'mess', '0', '3000'), 'w').write('x\n')
open(os.path.join(q, 'info', '0', '3000'), 'wb').write(b'Fs@example.com\0')
PY
run "$qr" -c
is "$RC $(printf '%s\n' "$OUT" | sed -n 1p)" "0 queue3: messages in queue: 502" "502 messages counted"
"$qr" > "$T/out"
is "$?" 0 "502 messages listed"
is "$(grep -c GMT "$T/out") $(grep -c '	remote	' "$T/out")" "503 10501" "every message and every recipient"
done_testing

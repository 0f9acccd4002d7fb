#!/bin/sh
# qmail-queue.t — exit codes of qmail-queue for every kind of bad input,
# what a good injection leaves in the queue, and the queue it picks.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/queue.sh"
tmpdir
qq=$(bin qmail/queue/qmail-queue)
q=$T/queue
mkqueue "$q" 7
export QUEUEDIR=$q MIN_FREE=0 CONFSPLIT=7
printf 'Subject: test\n\nhello\n' > "$T/msg"

# inject ENVELOPE-PRINTF-FORMAT: runs qmail-queue, sets RC
inject() {
  printf "$1" > "$T/env"
  "$qq" < "$T/msg" 1< "$T/env" 2> "$T/err"
  RC=$?
}

inject 'Fa@example.com\0Tb@example.com\0Tc@example.com\0\0'
is "$RC" 0 "a good message: exit 0"
n=$(ls "$q/todo")
is "$(ls "$q/intd")" "$n" "intd and todo name the same message"
ok "$([ -f "$q/mess/$((n % 7))/$n" ]; echo $?)" "mess/SPLIT/NUM exists, split by 7"
is "$(ls -i "$q/mess/$((n % 7))/$n" | cut -d' ' -f1)" "$n" "mess file's inode is the number"
like "$(head -n 1 "$q/mess/$((n % 7))/$n")" \
  "^Received: \(indimail-mta [0-9]+ invoked by uid $(id -u)\); [A-Z][a-z][a-z], [0-9]+ [A-Z][a-z][a-z] [0-9]{4} [0-9:]{8} \+0000$" \
  "the Received line"
is "$(tail -n +2 "$q/mess/$((n % 7))/$n")" "$(cat "$T/msg")" "the message follows, unchanged"
is "$(tr '\0' '|' < "$q/todo/$n")" "u$(id -u)|p$(tr '\0' '|' < "$q/todo/$n" | sed 's/.*|p\([0-9]*\)|.*/\1/')|Fa@example.com|Tb@example.com|Tc@example.com|" \
  "the envelope records: u, p, F, T, T"
is "$(ls "$q/pid")" "" "no pid file left"
is "$(cat "$T/err")" "" "nothing on stderr"
is "$(stat -c %a "$q/todo/$n") $(stat -c %a "$q/mess/$((n % 7))/$n")" "644 644" "queue files are mode 644"
rm -rf "$q"; mkqueue "$q" 7

inject 'F\0\0'
is "$RC" 0 "empty sender and no recipients: accepted, as qmail does"
rm -rf "$q"; mkqueue "$q" 7

long=$(printf '%01004d' 0)
ok1003=$(printf '%01003d' 0)
for case in \
  "54||empty envelope" \
  "91|Xa@b\0Tc@d\0\0|sender record without F" \
  "91|Fa@b\0Xc@d\0\0|recipient record without T" \
  "54|Fa@b\0Tc@d\0|no closing NUL" \
  "54|Fa@b\0Tc@d|stops inside a record" \
  "54|Fa@b|stops inside the sender" \
  "11|F$long\0Tc@d\0\0|sender of 1004 bytes" \
  "11|Fa@b\0T$long\0\0|recipient of 1004 bytes"; do
  want=${case%%|*}; rest=${case#*|}; env=${rest%|*}; name=${rest##*|}
  inject "$env"
  is "$RC" "$want" "$name: exit $want"
  is "$(qfiles "$q")" 0 "$name: nothing left behind"
done
inject "F$ok1003\0T$ok1003\0\0"
is "$RC" 0 "1003-byte addresses are accepted"
rm -rf "$q"; mkqueue "$q" 7

"$qq" < "$T" 1< /dev/null 2>/dev/null
is "$?" 54 "a message that cannot be read: exit 54"
is "$(qfiles "$q")" 0 "and nothing left behind"

printf 'Fa@b\0Tc@d\0\0' > "$T/env"
QUEUEDIR=$T/nonexistent "$qq" < "$T/msg" 1< "$T/env"
is "$?" 62 "missing queue directory: exit 62"
for d in pid:63 mess:64 intd:65 todo:66; do
  mkqueue "$T/broken" 7
  rm -rf "$T/broken/${d%:*}"
  QUEUEDIR=$T/broken "$qq" < "$T/msg" 1< "$T/env"
  is "$?" "${d#*:}" "no ${d%:*}/: exit ${d#*:}"
  is "$(qfiles "$T/broken")" 0 "no ${d%:*}/: nothing left behind"
  rm -rf "$T/broken"
done
MIN_FREE=999999999999999999 "$qq" < "$T/msg" 1< "$T/env"
is "$?" 53 "less free space than MIN_FREE: exit 53"
MIN_FREE=lots "$qq" < "$T/msg" 1< "$T/env"
is "$?" 55 "MIN_FREE not a number: exit 55"
is "$(qfiles "$q")" 0 "refused messages leave nothing"

# 10,000 recipients
python3 -c '
import sys
sys.stdout.buffer.write(b"Fsender@example.com\0" + b"".join(b"Trcpt%d@example.com\0" % i for i in range(10000)) + b"\0")' > "$T/env10k"
"$qq" < "$T/msg" 1< "$T/env10k"
is "$?" 0 "10,000 recipients: exit 0"
n=$(ls "$q/todo")
is "$(tr '\0' '\n' < "$q/todo/$n" | grep -c '^T')" 10000 "all 10,000 recipients in the envelope"
rm -rf "$q"; mkqueue "$q" 7

# memory stays flat with a 50 MB message
rss() {
  python3 - "$qq" "$1" "$T/env" <<'PY'
import resource, subprocess, sys
with open(sys.argv[2], 'rb') as m, open(sys.argv[3], 'rb') as e:
    rc = subprocess.call([sys.argv[1]], stdin=m, stdout=e)
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
head -c 52428800 /dev/zero | tr '\0' 'x' | fold -w 76 > "$T/big"
set -- $(rss "$T/msg"); small_rc=$1 small=$2
set -- $(rss "$T/big"); big_rc=$1 big=$2
is "$small_rc $big_rc" "0 0" "1 KB and 50 MB messages accepted"
ok $([ $((big - small)) -lt 4096 ]; echo $?) "50 MB message: peak memory within 4 MB of a small one (${small} KB vs ${big} KB)"
n=$(ls -S "$q/todo" | head -1)
ok $([ "$(find "$q/mess" -type f -size +50000k | wc -l)" -eq 1 ]; echo $?) "the 50 MB message is in the queue"
rm -rf "$q"

# several queues: QUEUEDIR unset, QUEUE_COUNT=4 from QUEUE_START=1
unset QUEUEDIR
export QUEUE_BASE=$T/qbase QUEUE_COUNT=4 QUEUE_START=1
for i in 1 2 3 4; do mkqueue "$QUEUE_BASE/queue$i" 7; done
i=0
while [ $i -lt 100 ]; do "$qq" < "$T/msg" 1< "$T/env" || break; i=$((i + 1)); done
is "$i" 100 "100 injections without QUEUEDIR succeed"
total=0 used=0
for i in 1 2 3 4; do
  c=$(ls "$QUEUE_BASE/queue$i/todo" | wc -l)
  total=$((total + c))
  [ "$c" -gt 0 ] && used=$((used + 1))
done
is "$total" 100 "every message is in one of the queues"
is "$used" 4 "injections spread over all four queues"
QUEUE_COUNT=abc "$qq" < "$T/msg" 1< "$T/env"
is "$?" 55 "QUEUE_COUNT not a number: exit 55"
done_testing

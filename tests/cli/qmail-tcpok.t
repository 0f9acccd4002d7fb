#!/bin/sh
# qmail-tcpok.t — clearing every queue's lock/tcpto.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
tk=$(bin qmail/admin/qmail-tcpok)
tt=$(bin qmail/admin/qmail-tcpto)
qf=$(bin qmail/queue/queue-fix)
unset QUEUEDIR QUEUE_BASE QUEUE_COUNT QUEUE_START
export CONFSPLIT=3 QUEUE_BASE=$T/base QUEUE_COUNT=2 QUEUE_START=1

# fill FILE BYTES: BYTES bytes of timed-out IPv4 records
fill() {
  python3 - "$1" "$2" <<'PY'
import struct, sys, time
rec = struct.pack('>BB6xQ16s', 4, 2, (1 << 62) + 10 + int(time.time()) - 60, bytes([192, 0, 2, 1]) + bytes(12))
open(sys.argv[1], 'wb').write(rec * (int(sys.argv[2]) // 32))
PY
}

transcript "usage: an argument" "qmail-tcpok: usage: qmail-tcpok
exit 100" "$tk" now

"$qf" -s 3 -N 2 -S 1 "$QUEUE_BASE" > /dev/null 2>&1
fill "$QUEUE_BASE/queue1/lock/tcpto" 1024
fill "$QUEUE_BASE/queue2/lock/tcpto" 2048
run "$tt"
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 96 "96 timed-out hosts before"
transcript "clearing is silent" "
exit 0" "$tk"
transcript "then qmail-tcpto lists nothing" "
exit 0" "$tt"
is "$(stat -c %s "$QUEUE_BASE/queue1/lock/tcpto" "$QUEUE_BASE/queue2/lock/tcpto" | tr '\n' ' ')" "1024 2048 " \
  "each table keeps its size"
is "$(tr -d '\0' < "$QUEUE_BASE/queue2/lock/tcpto" | wc -c | tr -d ' ')" 0 "and holds zero bytes only"
is "$(stat -c %a "$QUEUE_BASE/queue1/lock/tcpto")" 644 "and its mode"

fill "$QUEUE_BASE/queue2/lock/tcpto" 1024
QUEUEDIR=$QUEUE_BASE/queue2 run "$tk"
is "$RC" 0 "QUEUEDIR: exit 0"
is "$(QUEUEDIR=$QUEUE_BASE/queue2 "$tt")" "" "QUEUEDIR: that queue cleared"

fill "$QUEUE_BASE/queue2/lock/tcpto" 1024
rm "$QUEUE_BASE/queue1/lock/tcpto"
transcript "a missing table: a warning, the others cleared" "qmail-tcpok: warning: unable to clear $QUEUE_BASE/queue1/lock/tcpto: no such file or directory
exit 111" "$tk"
is "$("$tt" 2>/dev/null)" "" "queue2 was cleared"
if [ "$(id -u)" != 0 ]; then
  fill "$QUEUE_BASE/queue2/lock/tcpto" 1024
  chmod 444 "$QUEUE_BASE/queue2/lock/tcpto"
  QUEUEDIR=$QUEUE_BASE/queue2 run "$tk"
  is "$RC $OUT" "111 qmail-tcpok: warning: unable to clear $QUEUE_BASE/queue2/lock/tcpto: permission denied" \
    "a table the user may not write: exit 111"
else
  skip "root may write any table"
fi
done_testing

#!/bin/sh
# qmail-tcpto.t — listing lock/tcpto (the record format of qmail-tcpto(8),
# written here independently with Python), IPv4 and IPv6, every queue.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
tt=$(bin qmail/admin/qmail-tcpto)
qf=$(bin qmail/queue/queue-fix)
unset QUEUEDIR QUEUE_BASE QUEUE_COUNT QUEUE_START
export CONFSPLIT=3

# records FILE SLOT:FAMILY:COUNT:AGE:ADDR ...: write 32-byte records at
# their slots (family 4 or 6, the last timeout AGE seconds ago)
records() {
  python3 - "$@" <<'PY'
import socket, struct, sys, time
path, now = sys.argv[1], int(time.time())
with open(path, 'r+b') as f:
    for spec in sys.argv[2:]:
        slot, fam, count, age, addr = spec.split(':', 4)
        a = socket.inet_pton(socket.AF_INET if fam == '4' else socket.AF_INET6, addr)
        f.seek(32 * int(slot))
        f.write(struct.pack('>BB6xQ16s', int(fam), int(count), (1 << 62) + 10 + now - int(age), a))
PY
}
# ages: the listing with each age replaced by N (a second may pass)
ages() { sed 's/timed out [0-9]* seconds/timed out N seconds/'; }

transcript "usage: an argument" "qmail-tcpto: usage: qmail-tcpto
exit 100" "$tt" -x

q=$T/q
"$qf" -s 3 "$q" > /dev/null 2>&1
export QUEUEDIR=$q
transcript "queue-fix's empty table: nothing" "
exit 0" "$tt"

records "$q/lock/tcpto" 0:4:2:100:192.0.2.1 3:6:1:5000:2001:db8::25 31:4:10:7200:198.51.100.7
run "$tt"
is "$RC" 0 "exit 0"
is "$(printf '%s\n' "$OUT" | ages)" "q: 192.0.2.1 timed out N seconds ago; # recent timeouts: 2
q: 2001:db8::25 timed out N seconds ago; # recent timeouts: 1
q: 198.51.100.7 timed out N seconds ago; # recent timeouts: 10" "IPv4 and IPv6 hosts, in table order"
age=$(printf '%s\n' "$OUT" | sed -n 's/^q: 192.0.2.1 timed out \([0-9]*\) seconds.*/\1/p')
ok $([ "$age" -ge 100 ] && [ "$age" -le 105 ]; echo $?) "the age is the time since the last timeout ($age s)"

# a qmail 1.03 table (16-byte records) and garbage count as free
python3 - "$q/lock/tcpto" <<'PY'
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(32)
    f.write(bytes([10, 0, 0, 1, 2, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0]) + b'\xff' * 16)
    f.seek(64)
    f.write(bytes([4, 1, 9]) + bytes(29))
PY
run "$tt"
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ') $RC" "3 0" "records that break the format are left out"

# a table that grew past queue-fix's 1024 bytes
python3 -c 'import sys; open(sys.argv[1], "ab").write(bytes(32))' "$q/lock/tcpto"
records "$q/lock/tcpto" 32:6:3:10:::1
run "$tt"
is "$(printf '%s\n' "$OUT" | ages | tail -n 1)" "q: ::1 timed out N seconds ago; # recent timeouts: 3" \
  "a 33rd record is read"

# every queue
unset QUEUEDIR
export QUEUE_BASE=$T/base QUEUE_COUNT=2 QUEUE_START=1
"$qf" -s 3 -N 2 -S 1 "$QUEUE_BASE" > /dev/null 2>&1
records "$QUEUE_BASE/queue1/lock/tcpto" 0:4:2:30:203.0.113.9
records "$QUEUE_BASE/queue2/lock/tcpto" 5:6:2:30:2001:db8:1::9
run "$tt"
is "$(printf '%s\n' "$OUT" | ages)" "queue1: 203.0.113.9 timed out N seconds ago; # recent timeouts: 2
queue2: 2001:db8:1::9 timed out N seconds ago; # recent timeouts: 2" "each queue's table, named"
rm "$QUEUE_BASE/queue1/lock/tcpto"
run "$tt"
is "$(printf '%s\n' "$OUT" | ages)" "qmail-tcpto: warning: unable to read $QUEUE_BASE/queue1/lock/tcpto: no such file or directory
queue2: 2001:db8:1::9 timed out N seconds ago; # recent timeouts: 2" "a missing table: a warning, the others listed"
is "$RC" 111 "a missing table: exit 111"
done_testing

#!/bin/sh
# queue.sh — throughput of one machine's queues, in one table:
#  - messages/second injected through qmail-multi and qmail-queue (1 KB
#    messages, 1 and 8 injectors at once, QUEUE_COUNT 1 and 4; nothing
#    delivers meanwhile);
#  - messages/second drained by qmail-send to a no-op local delivery;
#  - qmail-send's start-up time (until its first delivery starts) and its
#    memory (VmHWM) with 25,000, 50,000 and 100,000 messages already queued
#    (their files made directly), which should grow linearly;
#  - the crash test (tests/e2e/queue-crash.t) with 5,000 messages: the
#    time to queue and drain them while qmail-send is SIGKILLed 2 seconds
#    after each start, and the duplicates.
# Sizes: BENCH_INJECT (messages per injection run, default 2000),
# BENCH_DRAIN (default 2000), BENCH_BIG (the largest queue, default 100000),
# BENCH_CRASH (default 5000; 0 skips it). Injection rates are the best of
# BENCH_ROUNDS runs (default 2), start-up times the best of 3 (after a
# sync, with the files in the page cache).
: "${IM_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${IM_BUILD:=$IM_SRC/build}"
export IM_SRC IM_BUILD
INJECT=${BENCH_INJECT:-2000}
DRAIN=${BENCH_DRAIN:-2000}
BIG=${BENCH_BIG:-100000}
CRASH=${BENCH_CRASH:-5000}
ROUNDS=${BENCH_ROUNDS:-2}

for p in queue/qmail-queue queue/qmail-multi queue/queue-fix send/qmail-start send/qmail-send \
  send/todo-proc send/qmail-lspawn send/qmail-rspawn send/qmail-clean; do
  [ -x "$IM_BUILD/qmail/$p" ] || { echo "queue bench: $IM_BUILD/qmail/$p is not built (make first)"; exit 1; }
done
command -v python3 > /dev/null || { echo "queue bench: python3 is needed"; exit 1; }

. "$IM_SRC/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
tmpdir
track_pids

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
row() { printf '%-58s %12s %s\n' "$1" "$2" "$3"; }

# a 1 KB message and its envelope
{ printf 'From: bench@remote.example\nTo: u@test.example\nSubject: bench\n\n'
  i=0; while [ $i -lt 15 ]; do printf '%s\n' "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"; i=$((i + 1)); done
} > "$T/msg1k"
printf 'Fbench@remote.example\0Tu@test.example\0\0' > "$T/env"

# inject COUNT INJECTORS: messages/second through qmail-multi into QUEUE_COUNT queues
inject() {
  _per=$(($1 / $2)) _t0=$(now) _k=0
  while [ $_k -lt "$2" ]; do
    ( _i=0; while [ $_i -lt $_per ]; do "$T/sbin/qmail-multi" < "$T/msg1k" 1< "$T/env" || exit 1; _i=$((_i + 1)); done ) &
    _k=$((_k + 1))
  done
  wait
  rate $((_per * $2)) "$_t0" "$(now)"
}

echo "queue: 1 KB messages, queues under ${TMPDIR:-/tmp} ($(df -T "$T" | awk 'NR == 2 { print $2 }'))"
row "measure" "value" ""
for count in 1 4; do
  for inj in 1 8; do
    rm -rf "$T/queue" "$T/control" "$T/sbin"
    qinst_init "$count" 23
    unset QUEUEDIR
    best=0 r=0
    while [ $r -lt "$ROUNDS" ]; do
      v=$(inject "$INJECT" "$inj")
      [ "$v" -gt "$best" ] && best=$v
      r=$((r + 1))
    done
    row "inject: $inj injector(s), QUEUE_COUNT $count" "$best" "msgs/s"
  done
done

# drain to a no-op delivery: DRAIN messages queued first, then qmail-start
rm -rf "$T/queue" "$T/control" "$T/sbin" "$T/log"
qinst_init 1 23
i=0
while [ $i -lt "$DRAIN" ]; do "$T/sbin/qmail-queue" < "$T/msg1k" 1< "$T/env"; i=$((i + 1)); done
t0=$(now)
QMAILLOCAL=$(command -v true)
qinst_start ./Maildir/
until_ok 600 qinst_empty "$QUEUEDIR"
t1=$(now)
qinst_stop "$QI_PID" 30
row "drain: $DRAIN messages, local no-op delivery, concurrency 4" "$(rate "$DRAIN" "$t0" "$t1")" "msgs/s"

# start-up with many messages queued (files made directly)
# makefiles FROM TO: messages FROM+1 .. TO as qmail-send finds them after
# todo-proc: mess/S/N, local/S/N, info/S/N
makefiles() {
  python3 - "$QUEUEDIR" "$1" "$2" "$T/msg1k" <<'EOF'
import os, sys
q, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
body = open(sys.argv[4], 'rb').read()
for n in range(first + 1, last + 1):
    s = str(n % 151)
    for d, data in (('mess', body), ('local', b'Tu@test.example\0'), ('info', b'Fbench@remote.example\0')):
        with open(os.path.join(q, d, s, str(n)), 'wb') as f:
            f.write(data)
EOF
}
# startup: "SECONDS VMHWM PID": qmail-start until the first "starting
# delivery" line (the scan of the queue comes first), and qmail-send's peak
# memory then; the delivery program holds (concurrency 1), so nothing moves
startup() {
  : > "$T/log"
  QMAILLOCAL="$T/bin/hold" python3 - "$T/sbin/qmail-start" "$T/log" <<'EOF'
import subprocess, sys, time
log = open(sys.argv[2], 'ab')
t0 = time.monotonic()
p = subprocess.Popen([sys.argv[1], './Maildir/'], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
t1 = None
while time.monotonic() - t0 < 300 and p.poll() is None:
    with open(sys.argv[2], 'rb') as f:
        if b'starting delivery 1:' in f.read():
            t1 = time.monotonic()
            break
    time.sleep(0.005)
hwm = '-'
try:
    for line in open('/proc/%d/status' % p.pid):
        if line.startswith('VmHWM:'):
            hwm = line.split()[1]
except OSError:
    pass
print('%s %s %d' % ('%.3f' % (t1 - t0) if t1 else '-', hwm, p.pid))
EOF
}
rm -rf "$T/queue" "$T/control" "$T/sbin" "$T/log"
qinst_init 1 151
qinst_ctl concurrencylocal 1
printf '#!/bin/sh\nexec sleep 600\n' > "$T/bin/hold"
chmod 755 "$T/bin/hold"
made=0
for target in $((BIG / 4)) $((BIG / 2)) "$BIG"; do
  makefiles "$made" "$target"
  made=$target
  sync
  best=- hwm=-
  for r in 1 2 3; do
    # shellcheck disable=SC2046
    set -- $(startup)
    echo "$3" >> "$T/pids"
    for c in $(tree "$3"); do kill -KILL "$c" 2>/dev/null; done
    kill -KILL "$3" 2>/dev/null
    until_ok 10 gone "$3"
    if [ "$1" != - ] && { [ "$best" = - ] || awk -v a="$1" -v b="$best" 'BEGIN { exit !(a < b) }'; }; then
      best=$1 hwm=$2
    fi
  done
  row "qmail-send start-up with $target messages queued" "$best s" "VmHWM $hwm kB"
done

# the crash test at full size
if [ "$CRASH" -gt 0 ]; then
  res=$(QI_CRASH_N=$CRASH QI_CRASH_SECONDS=600 sh "$IM_SRC/tests/e2e/queue-crash.t" 2>&1)
  drained=$(printf '%s\n' "$res" | sed -n 's/.*the queue drained in \([0-9]*\) s .* while qmail-send was killed \([0-9]*\) times.*/\1 s, \2 kills/p')
  dups=$(printf '%s\n' "$res" | sed -n 's/^# deliveries \([0-9]*\) for [0-9]* messages: \([0-9]*\) duplicates.*/\2 duplicates/p')
  fails=$(printf '%s\n' "$res" | grep -c '^not ok')
  row "crash: $CRASH msgs, qmail-send killed 2 s after each start" "${drained:--}" "${dups:--}, $fails failed checks"
fi
exit 0

#!/bin/sh
# nologloss.t — no log line is lost or doubled between a service and its
# logger: a producer service writes 100,000 numbered lines through the
# pipe svscan holds between it and its log service, `multilog s4096 ...`,
# while the log service is restarted (svc -t) 50 times and the producer
# 50 times; afterwards every number is in `current` or an archive
# (@*.s, @*.u) exactly once, and nothing else is there.
#
# Why "exactly once" is about the pipe and multilog, not the producer:
# the producer writes a batch of lines with one write(2) of at most
# PIPE_BUF bytes, which a pipe takes whole or not at all, and only then
# appends the batch's range to a ledger file; SIGTERM just sets a flag
# that is looked at between batches, so a restart never cuts a batch, and
# the next incarnation starts after the last range in the ledger. (No
# fsync: the producer is killed, the machine is not, and the page cache
# survives a killed process.) The test checks from the ledger that the
# producer wrote each number exactly once; any loss or duplicate in the
# logs is then the pipe's or multilog's.
#
# supervise starts a service at most once a second, so 50 restarts take
# at least 50 seconds: the producer is paced to spread its lines over
# them, and the test runs for about a minute. NOLOGLOSS_RESTARTS (default
# 50) sets the number of restarts of each side for a quicker run.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
need_cmd python3 ps
tmpdir
svscan=$(bin daemontools/svscan)
svc=$(bin daemontools/svc)
svstat=$(bin daemontools/svstat)
[ -x "$(bin daemontools/multilog)" ] || skip_all "multilog is not built"
PATH=$IM_BUILD/daemontools:$PATH
export PATH
unset SCANLOG

TOTAL=100000
BATCH=100                      # 7 bytes a line: 700 bytes a write
RESTARTS=${NOLOGLOSS_RESTARTS:-50}
# the pause between batches that spreads TOTAL lines over the restarts
# (each side is restarted about every 1.1 s)
PAUSE=$(awk -v r="$RESTARTS" -v t="$TOTAL" -v b="$BATCH" 'BEGIN { printf "%.4f", r * 1.1 / (t / b) }')
# the interpreter itself, not a wrapper script that would take the TERM
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

track_pids

runpid() { "$svstat" "$1" | sed -n 's/.*: up [0-9]* seconds pid \([0-9]*\).*/\1/p'; }
isup() { [ -n "$(runpid "$1")" ]; }

cat > "$T/producer.py" <<'EOP'
# producer.py TOTAL BATCH PAUSE LEDGER: the numbers after the last range
# in LEDGER up to TOTAL, "%06d\n" each, BATCH lines per write on stdout.
import os, select, signal, sys, time
total, batch, pause, ledger = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
stop = False
def onterm(signo, frame):
    global stop
    stop = True
signal.signal(signal.SIGTERM, onterm)
n = 0
if os.path.exists(ledger):
    with open(ledger) as f:
        for line in f:
            n = int(line.split()[1])
fd = os.open(ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
while n < total and not stop:
    k = min(batch, total - n)
    data = "".join("%06d\n" % i for i in range(n + 1, n + k + 1)).encode()
    assert len(data) <= select.PIPE_BUF
    if os.write(1, data) != len(data):   # at most PIPE_BUF: whole or nothing
        sys.exit(111)
    os.write(fd, b"%d %d\n" % (n + 1, n + k))
    n += k
    if pause > 0:
        time.sleep(pause)
while not stop:
    signal.pause()
EOP

sv=$T/sv
mkdir -p "$sv/p/log"
printf '#!/bin/sh\nexec %s -S %s %s %s %s %s\n' "$PYTHON" "$T/producer.py" "$TOTAL" "$BATCH" "$PAUSE" \
  "$T/ledger" > "$sv/p/run"
printf '#!/bin/sh\nexec multilog s4096 n100000 ./main\n' > "$sv/p/log/run"
chmod +x "$sv/p/run" "$sv/p/log/run"

SCANINTERVAL=1 "$svscan" "$sv" > "$T/svscan.err" 2>&1 &
SVSCAN=$!
echo "$SVSCAN" >> "$T/pids"
until_ok 10 isup "$sv/p"
ok $? "the producer comes up"
until_ok 10 isup "$sv/p/log"
ok $? "its logger comes up"

# restart each side RESTARTS times: svc -t to a run that has been up for
# a second (measured here: svstat's whole seconds are too coarse), so that
# supervise starts the next one at once; the sides drift apart by
# themselves. At the first and the middle restarts, note how far the
# producer has got.
nowms() { echo $(( $(date +%s%N) / 1000000 )); }
mcur="" mseen=0 mkilled="" mdone=0
lcur="" lseen=0 lkilled="" ldone=0
first="" middle="" start=$(nowms)
limit=$((start + RESTARTS * 3000 + 30000))
while [ "$mdone" -lt "$RESTARTS" ] || [ "$ldone" -lt "$RESTARTS" ]; do
  now=$(nowms)
  [ "$now" -lt "$limit" ] || break
  p=$(runpid "$sv/p")
  if [ -n "$p" ] && [ "$p" != "$mcur" ]; then mcur=$p; mseen=$now; fi
  if [ "$mdone" -lt "$RESTARTS" ] && [ -n "$mcur" ] && [ "$mcur" != "$mkilled" ] &&
     [ $((now - mseen)) -ge 1000 ]; then
    "$svc" -t "$sv/p" && mdone=$((mdone + 1)) && mkilled=$mcur
    w=$(tail -n 1 "$T/ledger" 2>/dev/null | cut -d' ' -f2)
    [ "$mdone" = 1 ] && first=$((w + 0))
    [ "$mdone" = $((RESTARTS / 2)) ] && middle=$((w + 0))
  fi
  p=$(runpid "$sv/p/log")
  if [ -n "$p" ] && [ "$p" != "$lcur" ]; then lcur=$p; lseen=$now; fi
  if [ "$ldone" -lt "$RESTARTS" ] && [ -n "$lcur" ] && [ "$lcur" != "$lkilled" ] &&
     [ $((now - lseen)) -ge 1000 ]; then
    "$svc" -t "$sv/p/log" && ldone=$((ldone + 1)) && lkilled=$lcur
  fi
  sleep 0.05
done
is "$mdone:$ldone" "$RESTARTS:$RESTARTS" "the producer and the logger were each restarted $RESTARTS times"
diag "lines written: $first at the first restart, $middle at restart $((RESTARTS / 2)), $(tail -n 1 "$T/ledger" | cut -d' ' -f2) after $(( ($(nowms) - start) / 1000 )) s of restarts"
ok $([ "${first:-0}" -gt 0 ] && [ "${middle:-$TOTAL}" -lt "$TOTAL" ]; echo $?) \
  "the restarts happened while lines were flowing"

done_writing() { [ "$(tail -n 1 "$T/ledger" | cut -d' ' -f2)" = "$TOTAL" ]; }
until_ok 30 done_writing
ok $? "the producer wrote all $TOTAL lines"
logged() { [ "$(cat "$sv/p/log/main"/@* "$sv/p/log/main/current" 2>/dev/null | wc -l)" -ge "$TOTAL" ]; }
until_ok 20 logged

all=$(tree "$SVSCAN")
echo "$all" >> "$T/pids"
kill -TERM "$SVSCAN"
until_ok 30 gone "$SVSCAN"
ok $? "svscan stops after SIGTERM"
wait "$SVSCAN"
is "$?" 0 "with status 0"
until_ok 10 allgone $all
ok $? "no process of the tree is left"

# the producer wrote each number exactly once, in order
awk -v t="$TOTAL" 'BEGIN { next_ = 1 }
  { if ($1 != next_ || $2 < $1) { bad = 1 } next_ = $2 + 1 }
  END { exit !(bad == 0 && next_ == t + 1) }' "$T/ledger"
ok $? "the ledger: ranges 1..$TOTAL, contiguous, none twice ($(wc -l < "$T/ledger") batches)"

cd "$sv/p/log/main" || exit 1
archives=$(ls | grep -c '^@.*\.[su]$')
unfinished=$(ls | grep -c '^@.*\.u$')
diag "$archives archives ($unfinished .u) and current"
ok $([ "$archives" -ge 50 ]; echo $?) "multilog rotated ($archives archives)"
cat @*.[su] current > "$T/all" 2>/dev/null
is "$(grep -c -v -E '^[0-9]{6}$' "$T/all")" 0 "only whole numbered lines in the logs"
sort "$T/all" > "$T/sorted"
seq -f '%06g' 1 "$TOTAL" > "$T/want"
is "$(wc -l < "$T/all" | tr -d ' ')" "$TOTAL" "$TOTAL lines logged"
is "$(uniq -d "$T/sorted" | head -n 5 | tr '\n' ' ')" "" "no number twice"
is "$(comm -13 "$T/sorted" "$T/want" | head -n 5 | tr '\n' ' ')" "" "no number missing"
cmp -s "$T/sorted" "$T/want"
ok $? "every number exactly once across current and the archives"
is "$(cat "$T/svscan.err")" "" "no errors from svscan, supervise or multilog"
cd "$T" || exit 1
done_testing

#!/bin/sh
# supervise-scripts.t — the indimail additions: ./init runs once, before
# the first start of ./run; ./shutdown runs after svc -d has brought the
# service down, and supervise waits for it before starting ./run again or
# exiting; neither runs when it is missing or not executable.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/svc.sh"
tmpdir
track_pids
# events: what the scripts of $T/s did, on one line
events() { tr '\n' ' ' < "$T/s/events" | sed 's/ $//'; }
has() { grep -qx "$1" "$T/s/events"; }

sv_service "$T/s" "echo run >> \"$T/s/events\"" "exec sleep 1000"
# init: slow, so that a start before it ends would show
cat > "$T/s/init" <<EOR
#!/bin/sh
echo init >> "$T/s/events"
sleep 0.5
echo init-done >> "$T/s/events"
exit 3
EOR
# shutdown: says whether ./run is still there, takes its time
cat > "$T/s/shutdown" <<EOR
#!/bin/sh
if kill -0 "\$(cat "$T/s/runpid")" 2> /dev/null; then
  echo shutdown-while-running >> "$T/s/events"
else
  echo shutdown >> "$T/s/events"
fi
sleep 1
echo shutdown-done >> "$T/s/events"
EOR
chmod +x "$T/s/init" "$T/s/shutdown"

sv_start "$T/s"
until_ok 10 sv_up "$T/s"
ok $? "the service comes up"
is "$(events)" "init init-done run" "./init ran to its end before ./run"
is "$(cat "$T/stderr")" "supervise: warning: $T/s/init exited 3" "a failing ./init is reported"
p1=$(sv_runpid "$T/s")
echo "$p1" > "$T/s/runpid"

"$svc" -t "$T/s"
until_ok 10 sv_newpid "$T/s" "$p1"
ok $? "svc -t: restarted"
is "$(events)" "init init-done run run" "./init does not run again, ./shutdown not on svc -t"
p2=$(sv_runpid "$T/s")
echo "$p2" > "$T/s/runpid"

"$svc" -d "$T/s"
until_ok 10 has shutdown-done
ok $? "svc -d: ./shutdown ran"
is "$(events)" "init init-done run run shutdown shutdown-done" \
  "./shutdown ran after ./run had ended"
sv_down "$T/s"
ok $? "the service is down"

# svc -u while ./shutdown runs: ./run waits for it
: > "$T/s/events"
"$svc" -u "$T/s"
until_ok 10 sv_up "$T/s"
p3=$(sv_runpid "$T/s")
echo "$p3" > "$T/s/runpid"
"$svc" -du "$T/s"
until_ok 10 has shutdown
ok $? "svc -du: ./shutdown starts"
sv_down "$T/s"
ok $? "the service stays down while ./shutdown runs"
until_ok 10 sv_newpid "$T/s" "$p3"
ok $? "then it comes up again"
is "$(events)" "run shutdown shutdown-done run" "./run started only once ./shutdown had ended"
p4=$(sv_runpid "$T/s")
echo "$p4" > "$T/s/runpid"

# svc -dx: supervise exits once ./shutdown has ended
: > "$T/s/events"
"$svc" -dx "$T/s"
until_ok 10 has shutdown
ok $? "svc -dx: ./shutdown starts"
kill -0 "$SV" 2> /dev/null
ok $? "supervise is still there while it runs"
until_ok 10 gone "$SV"
ok $? "supervise exits"
is "$(events)" "shutdown shutdown-done" "after ./shutdown had ended"
wait "$SV"
is $? 0 "with exit status 0"

# scripts that are not executable are not run
chmod -x "$T/s/init" "$T/s/shutdown"
: > "$T/s/events"
: > "$T/stderr"
sv_start "$T/s"
until_ok 10 sv_up "$T/s"
"$svc" -dx "$T/s"
until_ok 10 gone "$SV"
ok $? "non-executable scripts: supervise exits on -dx"
is "$(events)" "run" "neither ./init nor ./shutdown ran"
is "$(cat "$T/stderr")" "" "no message"
done_testing

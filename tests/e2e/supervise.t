#!/bin/sh
# supervise.t — supervise runs ./run and restarts it within about a second
# but never more often than once a second; svok before, during and after;
# the down file; svc -x ends supervise; a second supervise on the same
# directory is refused.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
need_cmd date awk
. "$IM_SRC/tests/lib/svc.sh"
tmpdir
# every process this test starts is recorded in $T/pids (the run scripts
# add theirs) and stopped by its pid at exit, also when a test fails
track_pids

# a service that stays up
sv_service "$T/s"

"$svok" "$T/s"
is $? 100 "svok before supervise: 100"
sv_start "$T/s"
S1=$SV
until_ok 10 sv_up "$T/s"
ok $? "the service comes up"
pid=$(sv_runpid "$T/s")
ok $((!(pid > 0))) "svstat names its pid ($pid)"
like "$(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null || ps -o args= -p "$pid")" "^sleep 1000" \
  "that pid runs ./run's program"
"$svok" "$T/s"
is $? 0 "svok while supervise runs: 0"
like "$("$svstat" "$T/s")" "^$T/s: up [0-9]+ seconds pid $pid\$" "svstat's line"
is "$(stat -c %s "$T/s/supervise/status")" 22 "the status file has 22 bytes"

# a second supervise on the same directory
"$supervise" "$T/s" > "$T/second" 2>&1
is $? 111 "a second supervise: exit 111"
is "$(cat "$T/second")" "supervise: fatal: unable to acquire $T/s/supervise/lock: temporary failure" \
  "a second supervise: the message"
is "$(sv_runpid "$T/s")" "$pid" "the first one goes on undisturbed"

# svc -x while up: supervise stays until the service is down
"$svc" -x "$T/s"
sleep 0.3
kill -0 "$S1" 2> /dev/null
ok $? "svc -x alone: supervise waits for the service to go down"
"$svc" -d "$T/s"
until_ok 10 gone "$S1"
ok $? "svc -d after -x: supervise exits"
wait "$S1"
is $? 0 "with exit status 0"
gone "$pid"
ok $? "and the service is gone"
"$svok" "$T/s"
is $? 100 "svok after supervise exited: 100"
is "$("$svstat" "$T/s")" "$T/s: supervise not running" "svstat after supervise exited"

# a crashing service: restarted within about a second, never faster
mkdir "$T/c"
cat > "$T/c/run" <<EOR
#!/bin/sh
date +%s%N >> "$T/c/starts"
exit 1
EOR
chmod +x "$T/c/run"
sv_start "$T/c"
C=$SV
until_ok 10 test -s "$T/c/starts"
sleep 3.3
"$svc" -dx "$T/c"
until_ok 10 gone "$C"
ok $? "crashing service: supervise exits on -dx"
n=$(wc -l < "$T/c/starts")
ok $((!(n >= 3 && n <= 5))) "in 3.3 seconds ./run started $n times (3 to 5)"
gaps=$(awk 'NR > 1 { printf "%d\n", ($1 - last) / 1000000 } { last = $1 }' "$T/c/starts")
min=$(printf '%s\n' $gaps | sort -n | head -n 1)
max=$(printf '%s\n' $gaps | sort -n | tail -n 1)
ok $((!(min >= 900))) "no restart sooner than a second after the last start (shortest gap ${min} ms)"
ok $((!(max <= 2000))) "restarted within about a second (longest gap ${max} ms)"

# the down file: supervise starts with the service down
sv_service "$T/d" "echo started >> \"$T/d/starts\"" "exec sleep 1000"
: > "$T/d/down"
sv_start "$T/d"
D=$SV
until_ok 10 "$svok" "$T/d"
ok $? "down file: supervise runs"
sleep 1.2
test ! -e "$T/d/starts"
ok $? "down file: ./run is not started"
like "$("$svstat" "$T/d")" "^$T/d: down [0-9]+ seconds spid $D\$" "down file: svstat says down, spid is supervise's pid"
"$svc" -u "$T/d"
until_ok 10 sv_up "$T/d"
ok $? "svc -u starts it"
like "$("$svstat" "$T/d")" "^$T/d: up [0-9]+ seconds pid [0-9]+, normally down\$" "svstat: normally down"
"$svc" -dx "$T/d"
until_ok 10 gone "$D"
ok $? "svc -dx: supervise exits"

# no messages besides the expected one
is "$(cat "$T/stderr")" "" "supervise wrote nothing on standard error"
done_testing

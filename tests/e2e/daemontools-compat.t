#!/bin/sh
# daemontools-compat.t — our supervise and Debian's daemontools share the
# supervise/ directory: their svstat reads our status and ours reads
# theirs, their svc and svok drive our supervise and ours drive theirs,
# and the two supervise programs honour each other's lock.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
for p in supervise svstat svc svok; do
  [ -x /usr/bin/$p ] || skip_all "Debian's daemontools is not installed (/usr/bin/$p)"
done
. "$IM_SRC/tests/lib/svc.sh"
tmpdir
track_pids
# ours: "DIR: up 5 seconds pid 123"; theirs: "DIR: up (pid 123) 5 seconds"
ourpid() { sv_runpid "$1"; }
theirpid() { /usr/bin/svstat "$1" | sed -n 's/.* up (pid \([0-9]*\)) [0-9]* seconds.*/\1/p'; }
ourup() { [ -n "$(ourpid "$1")" ]; }
theirup() { [ -n "$(theirpid "$1")" ]; }
ourdown() { sv_down "$1"; }
theirdown() { /usr/bin/svstat "$1" | grep -q ': down '; }

sv_service "$T/s"

# --- our supervise, their tools
sv_start "$T/s"
until_ok 10 ourup "$T/s"
ok $? "our supervise: the service is up"
pid=$(ourpid "$T/s")
is "$(theirpid "$T/s")" "$pid" "their svstat reads our status: the same pid"
like "$(/usr/bin/svstat "$T/s")" "^$T/s: up \\(pid $pid\\) [0-9]+ seconds\$" "their svstat's line"
/usr/bin/svok "$T/s"
is $? 0 "their svok: our supervise runs"
/usr/bin/supervise "$T/s" > "$T/out" 2>&1
is $? 111 "their supervise: refused while ours holds the lock"
like "$(cat "$T/out")" "unable to acquire $T/s/supervise/lock" "their supervise says why"
/usr/bin/svc -d "$T/s"
until_ok 10 ourdown "$T/s"
ok $? "their svc -d brings our service down"
gone "$pid"
ok $? "its process is gone"
like "$(/usr/bin/svstat "$T/s")" "^$T/s: down [0-9]+ seconds, normally up\$" "their svstat: down"
/usr/bin/svc -u "$T/s"
until_ok 10 ourup "$T/s"
ok $? "their svc -u brings it up"
pid=$(ourpid "$T/s")
/usr/bin/svc -p "$T/s"
until_ok 10 sh -c "/usr/bin/svstat '$T/s' | grep -q ', paused\$'"
ok $? "their svc -p: their svstat says paused"
like "$("$svstat" "$T/s")" "pid $pid, paused\$" "and so does ours"
/usr/bin/svc -c "$T/s"
/usr/bin/svc -dx "$T/s"
until_ok 10 gone "$SV"
ok $? "their svc -dx: our supervise exits"
wait "$SV"
is $? 0 "with exit status 0"
/usr/bin/svok "$T/s"
is $? 100 "their svok: our supervise no longer runs"
is "$(cat "$T/stderr")" "" "our supervise wrote nothing on standard error"

# --- their supervise, our tools
sv_start "$T/s" /usr/bin/supervise
until_ok 10 theirup "$T/s"
ok $? "their supervise: the service is up"
pid=$(theirpid "$T/s")
is "$(ourpid "$T/s")" "$pid" "our svstat reads their status: the same pid"
like "$("$svstat" "$T/s")" "^$T/s: up [0-9]+ seconds pid $pid\$" "our svstat's line"
"$svok" "$T/s"
is $? 0 "our svok: their supervise runs"
"$supervise" "$T/s" > "$T/out" 2>&1
is $? 111 "our supervise: refused while theirs holds the lock"
is "$(cat "$T/out")" "supervise: fatal: unable to acquire $T/s/supervise/lock: temporary failure" \
  "our supervise says why"
"$svc" -d "$T/s"
until_ok 10 theirdown "$T/s"
ok $? "our svc -d brings their service down"
gone "$pid"
ok $? "its process is gone"
like "$("$svstat" "$T/s")" "^$T/s: down [0-9]+ seconds, normally up\$" \
  "our svstat: down, and no spid from an 18-byte status"
"$svc" -u "$T/s"
until_ok 10 theirup "$T/s"
ok $? "our svc -u brings it up"
"$svc" -dx "$T/s"
until_ok 10 gone "$SV"
ok $? "our svc -dx: their supervise exits"
"$svok" "$T/s"
is $? 100 "our svok: their supervise no longer runs"
done_testing

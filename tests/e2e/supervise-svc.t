#!/bin/sh
# supervise-svc.t — each svc option has its documented effect on a service
# under our supervise, observed through svstat, the process table and the
# signals the service reports: -u -d -o -p -c -h -a -i -t -k -1 -2 -x.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
need_cmd ps
. "$IM_SRC/tests/lib/svc.sh"
tmpdir
track_pids
pstate() { ps -o stat= -p "$1" | cut -c1; }
stopped() { [ "$(pstate "$1")" = T ]; }
running() { s=$(pstate "$1"); [ -n "$s" ] && [ "$s" != T ]; }
# got SIG: the service reported SIG (its log is emptied before a check
# that could find an old line)
got() { grep -qx "$1" "$T/s/sigs" 2> /dev/null; }

# the service: a shell that reports each signal it catches and ends on
# SIGTERM; its sleep is a child so that the traps run at once
mkdir "$T/s"
cat > "$T/s/run" <<EOR
#!/bin/sh
echo \$\$ >> "$T/pids"
for s in HUP ALRM INT USR1 USR2; do trap "echo \$s >> '$T/s/sigs'" \$s; done
sleep 1000 &
child=\$!
echo \$child >> "$T/pids"
trap 'echo TERM >> "$T/s/sigs"; [ -e "$T/s/slow" ] && sleep 1; kill \$child; exit 0' TERM
echo ready >> "$T/s/sigs"
while :; do wait \$child; done
EOR
chmod +x "$T/s/run"
# a shell starts background commands with SIGINT ignored, and ./run would
# inherit that: give supervise the default disposition when env can
if env --default-signal=INT true 2> /dev/null; then
  defint="env --default-signal=INT"
else
  defint=
fi
# shellcheck disable=SC2086
sv_start "$T/s" $defint "$supervise"
until_ok 10 got ready
ok $? "the service is up and ready"
p1=$(sv_runpid "$T/s")

for o in h:HUP a:ALRM i:INT 1:USR1 2:USR2; do
  if [ $o = i:INT ] && [ -z "$defint" ]; then
    skip "SIGINT is ignored in background jobs and env cannot restore it"
    continue
  fi
  "$svc" -${o%%:*} "$T/s"
  until_ok 10 got ${o#*:}
  ok $? "svc -${o%%:*} sends SIG${o#*:}"
done
is "$(sv_runpid "$T/s")" "$p1" "the service survived those signals"

"$svc" -p "$T/s"
until_ok 10 stopped "$p1"
ok $? "svc -p: the process is stopped (state T)"
like "$("$svstat" "$T/s")" ", paused\$" "svc -p: svstat says paused"
"$svc" -c "$T/s"
until_ok 10 running "$p1"
ok $? "svc -c: the process runs again"
like "$("$svstat" "$T/s")" "pid $p1\$" "svc -c: no longer paused"

: > "$T/s/sigs"
"$svc" -t "$T/s"
until_ok 10 got TERM
ok $? "svc -t sends SIGTERM"
until_ok 10 sv_newpid "$T/s" "$p1"
ok $? "svc -t: supervise starts it again"
gone "$p1"
ok $? "svc -t: the old process is gone"
p2=$(sv_runpid "$T/s")

until_ok 10 got ready
: > "$T/s/sigs"
"$svc" -k "$T/s"
until_ok 10 sv_newpid "$T/s" "$p2"
ok $? "svc -k: killed and started again"
gone "$p2"
ok $? "svc -k: the old process is gone"
p3=$(sv_runpid "$T/s")

until_ok 10 got ready
"$svc" -d "$T/s"
until_ok 10 sv_down "$T/s"
ok $? "svc -d: the service is down"
gone "$p3"
ok $? "svc -d: its process is gone"
like "$("$svstat" "$T/s")" "^$T/s: down [0-9]+ seconds spid $SV, normally up\$" "svc -d: svstat's line"

# a paused service still goes down with -d (TERM, then CONT)
: > "$T/s/sigs"
"$svc" -u "$T/s"
until_ok 10 got ready
ok $? "svc -u: the service is up again"
p4=$(sv_runpid "$T/s")
"$svc" -p "$T/s"
until_ok 10 stopped "$p4"
"$svc" -d "$T/s"
until_ok 10 sv_down "$T/s"
ok $? "svc -d on a paused service: down"
gone "$p4"
ok $? "svc -d on a paused service: the process is gone"

# -o: up once, not restarted when it ends
: > "$T/s/sigs"
"$svc" -o "$T/s"
until_ok 10 got ready
ok $? "svc -o: started once"
p5=$(sv_runpid "$T/s")
like "$("$svstat" "$T/s")" "^$T/s: up [0-9]+ seconds pid $p5\$" "svc -o: svstat wants neither up nor down"
"$svc" -k "$T/s"
until_ok 10 sv_down "$T/s"
ok $? "svc -o then -k: down"
sleep 1.5
sv_down "$T/s"
ok $? "svc -o: not started again"
like "$("$svstat" "$T/s")" "^$T/s: down [0-9]+ seconds spid $SV, normally up\$" "svc -o: no want up"

# a service slow to stop: svstat says it should go down
: > "$T/s/sigs"
: > "$T/s/slow"
"$svc" -u "$T/s"
until_ok 10 got ready
"$svc" -d "$T/s"
wantdown() { "$svstat" "$T/s" | grep -q ' up .*, want down$'; }
until_ok 10 wantdown
ok $? "svc -d while it still runs: up, want down"
until_ok 10 sv_down "$T/s"
ok $? "and down once it ends"

# -x: supervise exits, leaving the status down
"$svc" -x "$T/s"
until_ok 10 gone "$SV"
ok $? "svc -x on a down service: supervise exits"
wait "$SV"
is $? 0 "exit status 0"
is "$(cat "$T/stderr")" "" "supervise wrote nothing on standard error"
done_testing

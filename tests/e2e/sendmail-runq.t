#!/bin/sh
# sendmail-runq.t — sendmail -q asks a real supervise (through the built
# svc) to send SIGALRM to the delivery service of SERVICEDIR, and leaves
# the other services alone.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
tmpdir
track_pids
sm=$(bin qmail/inject/sendmail)
supervise=$(bin daemontools/supervise)
mkdir -p "$T/prefix/bin" "$T/service"
ln -s "$(bin daemontools/svc)" "$T/prefix/bin/svc"

# a service that records the signals it gets
mkservice() {
  mkdir "$T/service/$1"
  cat > "$T/service/$1/run" <<EOR
#!/bin/sh
echo \$\$ >> "$T/pids"
for s in ALRM HUP; do trap "echo \$s >> '$T/$1.sigs'" \$s; done
trap 'kill \$child; exit 0' TERM
sleep 1000 &
child=\$!
echo \$child >> "$T/pids"
echo ready >> "$T/$1.sigs"
while :; do wait \$child; done
EOR
  chmod +x "$T/service/$1/run"
  "$supervise" "$T/service/$1" 2> "$T/$1.err" &
  echo $! >> "$T/pids"
  SV="$SV $!"
}
SV=
got() { grep -qx "$2" "$T/$1.sigs" 2> /dev/null; }
mkservice qmail-send.25
mkservice qmail-smtpd.25
until_ok 20 got qmail-send.25 ready && until_ok 20 got qmail-smtpd.25 ready
ok $? "two services are up under supervise"

env -i PATH="$PATH" PREFIX="$T/prefix" SERVICEDIR="$T/service" "$sm" -q > "$T/out" 2>&1
is "$?:$(cat "$T/out")" "0:" "sendmail -q: exit 0, nothing said"
until_ok 20 got qmail-send.25 ALRM
ok $? "the delivery service got SIGALRM"
sleep 0.2
ok "$(! got qmail-smtpd.25 ALRM; echo $?)" "the SMTP service got nothing"

"$T/prefix/bin/svc" -dx "$T/service/qmail-send.25" "$T/service/qmail-smtpd.25"
until_ok 20 allgone $SV
ok $? "the services and their supervise stop"
env -i PATH="$PATH" PREFIX="$T/prefix" SERVICEDIR="$T/service" "$sm" -q > "$T/out" 2>&1
is "$?" 75 "no supervise running any more: EX_TEMPFAIL"
like "$(cat "$T/out")" "svc -a failed" "and it says so"
done_testing

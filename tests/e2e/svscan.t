#!/bin/sh
# svscan.t — svscan runs one supervise per service and one per log
# directory joined by a pipe; skips dot-names and plain files; writes its
# pid file; picks up a service added while it runs (SCANINTERVAL=1) and
# restarts a supervise that exited; leaves a moved-away service running;
# rescans at once on SIGHUP; on SIGTERM stops every service, each logger
# after its service (so the logger gets the service's last words), leaves
# no process of the tree behind, and exits 0.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
need_cmd ps
tmpdir
svscan=$(bin daemontools/svscan)
svc=$(bin daemontools/svc)
svok=$(bin daemontools/svok)
svstat=$(bin daemontools/svstat)
PATH=$IM_BUILD/daemontools:$PATH
export PATH
unset SCANLOG

track_pids

isup() { "$svstat" "$1" | grep -q ': up '; }
# spid NAME: the pid of svscan's child "supervise NAME"
spid() { ps -o pid=,args= --ppid "$SVSCAN" | awk -v a="supervise $1" '{ p = $1; sub(/^ *[0-9]+ /, ""); if ($0 == a) print p }'; }
# service DIR: a service that stays up in DIR
service() {
  mkdir -p "$1"
  printf '#!/bin/sh\nexec sleep 1000\n' > "$1/run"
  chmod +x "$1/run"
}
# start DIR: svscan on DIR in the background; SVSCAN is its pid
start() {
  "$svscan" "$1" >> "$T/out" 2>&1 &
  SVSCAN=$!
  echo "$SVSCAN" >> "$T/pids"
}

sv=$T/sv
service "$sv/a"
service "$sv/.hidden"
mkdir -p "$sv/b/log"
cat > "$sv/b/run" <<'EOR'
#!/bin/sh
trap 'echo "b: last words"; exit 0' TERM
echo "b: started"
while :; do sleep 0.1 & wait $!; done
EOR
printf '#!/bin/sh\nexec cat >> ../log.out\n' > "$sv/b/log/run"
chmod +x "$sv/b/run" "$sv/b/log/run"
echo "not a directory" > "$sv/plainfile"

SCANINTERVAL=1 start "$sv"
until_ok 10 test -s "$sv/.svscan/pid"
is "$(cat "$sv/.svscan/pid")" "$SVSCAN" "the pid file .svscan/pid holds svscan's pid"
until_ok 10 isup "$sv/a"
ok $? "service a comes up"
until_ok 10 isup "$sv/b"
ok $? "service b comes up"
until_ok 10 isup "$sv/b/log"
ok $? "b's log service comes up"
is "$(ps -o args= --ppid "$SVSCAN" | sort | tr '\n' ,)" \
  "supervise a,supervise b,supervise b/log," "svscan's children: one supervise per service and log"
ok $([ ! -e "$sv/.hidden/supervise" ]; echo $?) "a name starting with a dot is skipped"
ok $([ ! -e "$sv/plainfile/supervise" ] && [ -f "$sv/plainfile" ]; echo $?) "a plain file is skipped"
until_ok 10 grep -q "b: started" "$sv/b/log.out"
ok $? "b's output reaches its logger through the pipe"

# a service added while svscan runs
service "$sv/c"
until_ok 5 isup "$sv/c"
ok $? "a service added while svscan runs comes up within SCANINTERVAL"

# a supervise that exits is started again at the next scan
old=$(spid a)
"$svc" -dx "$sv/a"
until_ok 10 gone "$old"
ok $? "svc -dx ends a's supervise ($old)"
until_ok 5 isup "$sv/a"
ok $? "svscan starts a new supervise for a and a comes up again"
new=$(spid a)
ok $([ -n "$new" ] && [ "$new" != "$old" ]; echo $?) "a new supervise process ($new)"

# a service whose directory goes away is left running (as djb's svscan)
cpid=$(spid c)
mv "$sv/c" "$T/c-moved"
sleep 2.2
ok $(alive "$cpid"; echo $?) "the supervise of a moved-away service is left running"
isup "$T/c-moved"
ok $? "and so is its service"

# SIGTERM: everything stops, the logger last, and svscan exits 0
all=$(tree "$SVSCAN")
echo "$all" >> "$T/pids"
n=$(ps -o args= -p "$(echo $all | tr ' ' ,)" | grep -c '^supervise ')
is "$n" 4 "before SIGTERM: four supervise processes (a, b, b/log, moved c)"
kill -TERM "$SVSCAN"
until_ok 20 gone "$SVSCAN"
ok $? "svscan exits after SIGTERM"
wait "$SVSCAN"
is "$?" 0 "with status 0"
until_ok 10 allgone $all
ok $? "no process of the tree is left (the moved-away service included)"
ok $(grep -q "b: last words" "$sv/b/log.out"; echo $?) \
  "b's logger was stopped after b: it logged b's last words"
ok $([ ! -e "$sv/.svscan/pid" ]; echo $?) "the pid file is removed at exit"
is "$(cat "$T/out")" "" "svscan said nothing"

# SIGHUP rescans at once, whatever SCANINTERVAL says
rm -rf "$sv/b" "$sv/.svscan"
: > "$T/out"
SCANINTERVAL=3600 start "$sv"
until_ok 10 isup "$sv/a"
ok $? "second svscan: a comes up"
service "$sv/d"
sleep 1.2
"$svok" "$sv/d"
is "$?" 100 "a new service waits for the next scan (SCANINTERVAL=3600)"
kill -HUP "$SVSCAN"
until_ok 3 isup "$sv/d"
ok $? "SIGHUP: the new service comes up at once"
all=$(tree "$SVSCAN")
echo "$all" >> "$T/pids"
kill -TERM "$SVSCAN"
until_ok 20 gone "$SVSCAN"
ok $? "second svscan exits after SIGTERM"
wait "$SVSCAN"
is "$?" 0 "with status 0"
until_ok 10 allgone $all
ok $? "no process of the second tree is left"
done_testing

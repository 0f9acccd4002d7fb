#!/bin/sh
# svscan-compat.t — cross-check with Debian's daemontools: our svscan runs
# daemontools' supervise (found first in PATH) for a service and its log,
# with the pipe between them, daemontools' svstat reads them, and SIGTERM
# stops that tree too; daemontools' svscan runs our supervise with its
# pipe as well.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
need_cmd ps
[ -x /usr/bin/supervise ] && [ -x /usr/bin/svscan ] && [ -x /usr/bin/svstat ] ||
  skip_all "Debian's daemontools is not installed"
tmpdir
svscan=$(bin daemontools/svscan)
svstat=$(bin daemontools/svstat)
unset SCANLOG

track_pids

# upwith SVSTAT DIR: that svstat says DIR is up
upwith() { "$1" "$2" | grep -q ': up '; }
# supervisors PID: the programs svscan PID runs, sorted
supervisors() { ps -o pid= --ppid "$1" | while read -r c; do readlink "/proc/$c/exe"; done | sort -u; }

sv=$T/sv
mkdir -p "$sv/a/log"
printf '#!/bin/sh\necho "a: hello"\nexec sleep 1000\n' > "$sv/a/run"
printf '#!/bin/sh\nexec cat >> ../log.out\n' > "$sv/a/log/run"
chmod +x "$sv/a/run" "$sv/a/log/run"

# our svscan, daemontools' supervise
PATH=/usr/bin:$IM_BUILD/daemontools:$PATH SCANINTERVAL=1 "$svscan" "$sv" > "$T/out" 2>&1 &
SVSCAN=$!
echo "$SVSCAN" >> "$T/pids"
until_ok 10 upwith /usr/bin/svstat "$sv/a"
ok $? "our svscan, daemontools' supervise: the service is up (daemontools' svstat)"
until_ok 10 upwith /usr/bin/svstat "$sv/a/log"
ok $? "and its log service"
is "$(supervisors "$SVSCAN")" "$(readlink -f /usr/bin/supervise)" "the supervise run is daemontools'"
until_ok 10 grep -q "^a: hello$" "$sv/a/log.out"
ok $? "the output reaches the logger through svscan's pipe"
all=$(tree "$SVSCAN")
echo "$all" >> "$T/pids"
kill -TERM "$SVSCAN"
until_ok 20 gone "$SVSCAN"
ok $? "SIGTERM: our svscan stops daemontools' supervise and exits"
wait "$SVSCAN"
is "$?" 0 "with status 0"
until_ok 10 allgone $all
ok $? "no process of the tree is left"
is "$(cat "$T/out")" "" "nothing said"

# daemontools' svscan, our supervise (daemontools' svscan does not stop
# anything on SIGTERM: the test stops the tree itself)
rm -rf "$sv/a/supervise" "$sv/a/log/supervise" "$sv/a/log.out" "$sv/.svscan"
PATH=$IM_BUILD/daemontools:$PATH /usr/bin/svscan "$sv" > "$T/out" 2>&1 &
DSVSCAN=$!
echo "$DSVSCAN" >> "$T/pids"
until_ok 10 upwith "$svstat" "$sv/a"
ok $? "daemontools' svscan, our supervise: the service is up"
until_ok 10 upwith "$svstat" "$sv/a/log"
ok $? "and its log service"
is "$(supervisors "$DSVSCAN")" "$(readlink -f "$IM_BUILD/daemontools/supervise")" \
  "the supervise run is ours"
until_ok 10 grep -q "^a: hello$" "$sv/a/log.out"
ok $? "the output reaches the logger through daemontools' svscan's pipe"
all=$(tree "$DSVSCAN")
echo "$all" >> "$T/pids"
kill -TERM "$DSVSCAN"
"$IM_BUILD/daemontools/svc" -dx "$sv/a" "$sv/a/log"
until_ok 10 allgone $all
ok $? "svc -dx stops the rest of that tree"
done_testing

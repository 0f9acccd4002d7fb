#!/bin/sh
# svscanboot.t — svscanboot runs svscan on the directory given, in a clean
# environment (PATH, SERVICEDIR, the indimail variables that are set, and
# .svscan/variables through envdir), with svscan's errors and the
# services' stderr shown by readproctitle in ps; when svscan is stopped
# (SIGTERM) readproctitle sees the end of its input and svscanboot exits 0
# with no process left. A supervise left running by an earlier svscan is
# told svc -dx, so that svscan's own supervise takes the service over.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/svc.sh"
sv_scan_init
boot=$(bin daemontools/svscanboot)
unset SCANLOG SCANINTERVAL

# rpt: the pid of svscanboot's readproctitle
rpt() { ps -o pid=,args= --ppid "$BOOT" | awk '$2 == "readproctitle" { print $1 }'; }
# title: what ps shows for readproctitle
title() { tr '\0' ' ' < "/proc/$(rpt)/cmdline"; }
titlehas() { title | grep -q -- "$1"; }

sv=$T/sv
mkdir -p "$sv/a" "$sv/.svscan/variables"
cat > "$sv/a/run" <<'EOR'
#!/bin/sh
env | sort > ../env.out
echo "a: hello on stderr" >&2
exec sleep 1000
EOR
chmod +x "$sv/a/run"
echo 1 > "$sv/.svscan/variables/SCANINTERVAL"
ln -s nowhere "$sv/broken"
realsv=$(cd "$sv" && pwd -P)

# a supervise from "an earlier svscan" on a
sv_start "$sv/a"
OLD=$SV
until_ok 10 sv_up "$sv/a"
ok $? "a leftover supervise runs a"
oldrun=$("$svstat" "$sv/a" | sed -n 's/.* pid \([0-9]*\).*/\1/p')
echo "$oldrun" >> "$T/pids"
until_ok 10 test -s "$sv/env.out"
rm -f "$sv/env.out"

FOO=bar QMAILHOME=/var/indimail "$boot" "$sv" &
BOOT=$!
echo "$BOOT" >> "$T/pids"
until_ok 10 test -s "$sv/.svscan/pid"
ok $? "svscan writes its pid file"
SVSCAN=$(cat "$sv/.svscan/pid")
until_ok 10 gone "$OLD"
ok $? "svscanboot told the leftover supervise to exit"
ok $(gone "$oldrun"; echo $?) "and its service is stopped"
wait "$OLD"
spid() { ps -o pid=,args= --ppid "$SVSCAN" | awk '$2 == "supervise" && $3 == "a" { print $1 }'; }
hasspid() { [ -n "$(spid)" ]; }
until_ok 10 hasspid
until_ok 10 sv_up "$sv/a"
ok $? "svscan's own supervise brings the service up again"
until_ok 10 test -n "$(rpt)"
like "$(title)" "^readproctitle service errors: " "readproctitle runs beside svscan"
until_ok 10 titlehas "a: hello on stderr"
ok $? "a service's stderr shows in readproctitle's title"
until_ok 10 titlehas "svscan: warning: unable to stat broken: no such file or directory"
ok $? "svscan's warnings show there too"
until_ok 10 test -s "$sv/env.out"
# (the variables /bin/sh sets itself left out)
env=$(grep -v -E '^(_|PWD|OLDPWD|SHLVL)=' "$sv/env.out" | sed 's/=.*//' | tr '\n' ' ')
is "$env" "PATH QMAILHOME SCANINTERVAL SERVICEDIR " "the service's environment is clean"
ok $(grep -qx "SERVICEDIR=$realsv" "$sv/env.out"; echo $?) "SERVICEDIR names the service directory"
ok $(grep -qx "SCANINTERVAL=1" "$sv/env.out"; echo $?) "SCANINTERVAL came from .svscan/variables"
ok $(grep -qx "PATH=$PATH" "$sv/env.out"; echo $?) "PATH is kept"

stop_tree "$BOOT" "$SVSCAN"
ok $TREE_GONE "after SIGTERM to svscan, svscanboot ends"
is "$TREE_RC" 0 "with status 0"
ok $TREE_LEFT "no process of the tree is left (readproctitle included)"
done_testing

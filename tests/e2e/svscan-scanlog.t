#!/bin/sh
# svscan-scanlog.t — with SCANLOG set, svscan runs .svscan/log and sends
# its own messages, and everything the services write to stderr, into it
# instead of its standard error; svps shows svscan and that logger; on
# SIGTERM the logger is stopped last of all, after it has read svscan's
# last messages, and nothing is left running. Also: a bad SCANINTERVAL is
# reported and the default used.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/svc.sh"
sv_scan_init
svscan=$(bin daemontools/svscan)
svps=$(bin daemontools/svps)

sv=$T/sv
mkdir -p "$sv/noisy" "$sv/.svscan/log"
printf '#!/bin/sh\necho "noisy: to stderr" >&2\nexec sleep 1000\n' > "$sv/noisy/run"
printf '#!/bin/sh\nexec cat >> ../../../scanlog.out\n' > "$sv/.svscan/log/run"
chmod +x "$sv/noisy/run" "$sv/.svscan/log/run"
ln -s nowhere "$sv/broken"

SCANLOG=1 SCANINTERVAL=x1 "$svscan" "$sv" > "$T/out" 2>&1 &
SVSCAN=$!
echo "$SVSCAN" >> "$T/pids"
until_ok 10 sv_up "$sv/.svscan/log"
ok $? "SCANLOG: svscan runs .svscan/log"
until_ok 10 sv_up "$sv/noisy"
ok $? "the service comes up"
until_ok 10 grep -q "^noisy: to stderr$" "$T/scanlog.out"
ok $? "a service's stderr goes to svscan's logger"
until_ok 10 grep -q "^svscan: warning: unable to stat broken: no such file or directory$" \
  "$T/scanlog.out"
ok $? "svscan's own warnings go to its logger"
like "$(cat "$T/scanlog.out")" \
  "^svscan: warning: SCANINTERVAL=x1 is not a number of seconds from 1 to 86400; using 5" \
  "a bad SCANINTERVAL is reported, and first"
is "$(cat "$T/out")" "" "nothing goes to svscan's first stderr"

out=$("$svps" -a "$sv" 2>&1)
like "$out" "^$svscan $sv +up +[0-9]+ secs +pid +$SVSCAN$" "svps: the svscan line"
like "$out" "^$sv/\\.svscan/log +up +[0-9]+ secs +pid +[0-9]+$" "svps: svscan's logger among the logs"
like "$out" "^$sv/noisy +up " "svps: the service"

rm "$sv/broken"
stop_tree "$SVSCAN"
ok $TREE_GONE "svscan exits after SIGTERM"
is "$TREE_RC" 0 "with status 0"
ok $TREE_LEFT "no process of the tree is left"
is "$(cat "$T/out")" "" "still nothing on svscan's first stderr"

# without SCANLOG the directory is not used and messages go to stderr
ln -s nowhere "$sv/broken"
rm -rf "$sv/.svscan/log/supervise"
SCANINTERVAL=1 "$svscan" "$sv" > "$T/out" 2>&1 &
SVSCAN=$!
echo "$SVSCAN" >> "$T/pids"
until_ok 10 grep -q "unable to stat broken" "$T/out"
ok $? "without SCANLOG svscan's warnings go to its stderr"
ok $([ ! -e "$sv/.svscan/log/supervise" ]; echo $?) "and .svscan/log is not started"
stop_tree "$SVSCAN"
is "$TREE_RC" 0 "svscan exits 0 after SIGTERM"
ok $TREE_LEFT "no process of that tree is left"

# SCANLOG without the directory: a warning, and svscan runs on
rm -rf "$sv/.svscan/log" "$sv/broken"
SCANLOG=1 "$svscan" "$sv" > "$T/out" 2>&1 &
SVSCAN=$!
echo "$SVSCAN" >> "$T/pids"
until_ok 10 sv_up "$sv/noisy"
ok $? "SCANLOG without .svscan/log: the services still run"
like "$(cat "$T/out")" "^svscan: warning: SCANLOG is set but \\.svscan/log is not a directory$" \
  "and svscan says why it does not log"
stop_tree "$SVSCAN"
is "$TREE_RC" 0 "svscan exits 0 after SIGTERM"
ok $TREE_LEFT "no process of that tree is left"
done_testing

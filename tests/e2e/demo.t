#!/bin/sh
# demo.t — make demo and make demo-stop from the source tree, with the
# programs of IM_BUILD: the message reaches DEMO_DIR/Maildir/new, svps shows
# the instance, a second make demo restarts it and delivers again, and
# make demo-stop leaves no process of the demo behind.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
need_cmd make
for p in daemontools/svscan daemontools/supervise daemontools/svps daemontools/multilog \
  qmail/send/qscheduler qmail/send/qmail-send qmail/deliver/qmail-local qmail/inject/sendmail; do
  [ -x "$(bin $p)" ] || skip_all "$p is not built"
done
tmpdir
# as root the delivery user (nobody) must reach $D
[ "$(id -u)" = 0 ] && chmod 755 "$T"
D=$T/demo
# demo: make TARGET with the built programs and no package or build step
demo() { (cd "$IM_SRC" && DEMO_TIMEOUT=20 make --no-print-directory "$1" B="$IM_BUILD" DEMO_BUILD=no DEPS=no DEMO_DIR="$D"); }
# left: the pids of live processes running one of the demo's programs
left() {
  for _d in /proc/[0-9]*; do
    case $(readlink "$_d/exe" 2>/dev/null) in "$D/bin/"*) alive "${_d#/proc/}" && echo "${_d#/proc/}" ;; esac
  done
}
finish() {
  sh "$IM_SRC/mk/demo.sh" stop "$D" > /dev/null 2>&1
  _l=$(left); [ -n "$_l" ] && kill -9 $_l 2>/dev/null
  rm -rf "$T"
}
trap finish EXIT
trap 'exit 1' INT TERM HUP

# delivered OUTPUT: the path after "demo: delivered: "
delivered() { printf '%s\n' "$1" | sed -n 's/^demo: delivered: //p'; }

run demo demo
is "$RC" 0 "make demo exits 0" || diag "$OUT"
f1=$(delivered "$OUT")
case $f1 in "$D/Maildir/new/"*) ok 0 "it names the delivered file in Maildir/new" ;;
  *) ok 1 "it names the delivered file in Maildir/new" ;; esac
ok "$([ -f "$f1" ]; echo $?)" "the file is there"
grep -q '^Subject: indimail-mta demo$' "$f1" 2>/dev/null
ok $? "it is the demo's message"
like "$OUT" "$D/bin/svscan $D/service +up " "svps shows svscan up"
like "$OUT" "$D/service/qmail-send.25 +up " "svps shows the delivery service up"
like "$OUT" "$D/service/qmail-send.25/log +up " "svps shows its log up"
ok "$([ -x "$D/bin/sendmail" ] && [ -x "$D/sbin/qmail-send" ]; echo $?)" "programs in bin/ and sbin/"
read -r sv1 < "$D/svscan.pid"
ok "$(alive "$sv1"; echo $?)" "svscan runs, its pid in svscan.pid"
until_ok 10 grep -q '^@[0-9a-f]* delivery [0-9]*: success' "$D/service/qmail-send.25/log/main/current"
ok $? "multilog keeps qmail-send's log, with TAI64N labels"

run demo demo
is "$RC" 0 "make demo a second time exits 0" || diag "$OUT"
f2=$(delivered "$OUT")
ok "$([ -f "$f2" ] && [ "$f2" != "$f1" ] && [ -f "$f1" ]; echo $?)" "a second message, the first one kept"
read -r sv2 < "$D/svscan.pid"
ok "$(gone "$sv1" && alive "$sv2"; echo $?)" "the first svscan was stopped, a new one runs"
is "$(ls "$D/Maildir/new" | wc -l)" 2 "two messages in Maildir/new"

run demo demo-stop
is "$RC" 0 "make demo-stop exits 0"
like "$OUT" "no process of $D is left" "it says so"
is "$(left)" "" "no process of the demo is left"
ok "$(gone "$sv2" && [ ! -e "$D/svscan.pid" ] && [ ! -e "$D/service/.svscan/pid" ]; echo $?)" \
  "svscan is gone with its pid files"
run demo demo-stop
is "$RC" 0 "make demo-stop with nothing running exits 0"

run sh "$IM_SRC/mk/demo.sh" frob
is "$RC" 100 "demo.sh with an unknown verb: usage, exit 100"
run sh "$IM_SRC/mk/demo.sh" start "$IM_BUILD" "$T/bad dir"
is "$RC" 111 "a DEMO_DIR with a space is refused"
done_testing

#!/bin/sh
# qmail-showctl.t — paths, queues and control files with their sources;
# errors name the file at fault.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
sc=$(bin qmail/admin/qmail-showctl)
unset QUEUEDIR QUEUE_START CONFSPLIT SYSCONFDIR
export CONTROLDIR=$T/control QUEUE_BASE=$T/q QUEUE_COUNT=2
mkdir "$T/control"
echo mail.example.com > "$T/control/me"
echo 55 > "$T/control/concurrencyremote"
printf 'v.example:alice\n# a comment\n' > "$T/control/virtualdomains"
"$(bin qmail/queue/queue-fix)" -s 3 -N 1 "$T/q" > /dev/null 2>&1

run "$sc"
is "$RC" 0 "exit 0"
like "$OUT" "^CONTROLDIR=$T/control \(environment\)$" "paths with their sources"
like "$OUT" "^QUEUE_COUNT=2 \(environment\)$" "QUEUE_COUNT from the environment"
like "$OUT" "^  $T/q/queue1: ok$" "a queue that exists"
like "$OUT" "^  $T/q/queue2: missing \(queue-fix makes it\)$" "a queue that does not"
like "$OUT" "^me: mail\.example\.com \(control file\)$" "me from its file"
like "$OUT" "^envnoathost: mail\.example\.com \(default\)$" "envnoathost defaults to me"
like "$OUT" "^bouncehost: mail\.example\.com \(default\)$" "bouncehost defaults to me"
like "$OUT" "^doublebouncehost: mail\.example\.com \(default\)$" "doublebouncehost defaults to me"
is "$(printf '%s\n' "$OUT" | grep -A1 '^locals:')" "locals: 1 entry (default)
  mail.example.com" "locals defaults to me"
is "$(printf '%s\n' "$OUT" | grep -A1 '^virtualdomains:')" "virtualdomains: 1 entry (control file)
  v.example:alice" "virtualdomains from its file, comments dropped"
like "$OUT" "^concurrencyremote: 55 \(control file\)$" "a number from its file"
like "$OUT" "^concurrencylocal: 10 \(default\)$" "concurrencylocal default 10"
like "$OUT" "^queuelifetime: 604800 \(default\)$" "queuelifetime default"
like "$OUT" "^bouncefrom: MAILER-DAEMON \(default\)$" "bouncefrom default"
like "$OUT" "^doublebounceto: postmaster \(default\)$" "doublebounceto default"

rm "$T/control/me"
run "$sc"
like "$OUT" "^me: $(hostname | sed 's/\./\\./g') \(default\)$" "without control/me, me is the host name"

echo 5000 > "$T/control/concurrencyremote"
run "$sc"
is "$RC" 111 "a number out of range: exit 111"
like "$OUT" "qmail-showctl: fatal: $T/control/concurrencyremote: 5000 is out of range 1\.\.1000" "and the file is named"
echo 20 > "$T/control/concurrencyremote"
mkdir "$T/control/me"
run "$sc"
is "$RC" 111 "an unreadable control file: exit 111"
like "$OUT" "qmail-showctl: fatal: unable to read $T/control/me: is a directory" "and the file is named"
rmdir "$T/control/me"
transcript "usage" "qmail-showctl: usage: qmail-showctl
exit 100" "$sc" extra
QUEUE_COUNT=0 run "$sc"
is "$RC" 111 "a bad path variable: exit 111"
like "$OUT" "qmail-showctl: fatal: bad QUEUE_COUNT" "and it is named"
done_testing

#!/bin/sh
# svps.t — svps's sections, their order and layout (indimail-mta's), -a,
# -h, the default service directory, and its errors.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/svc.sh"
tmpdir
svps=$(bin daemontools/svps)

fd=3
# service DIR PID PAUSED WANT SPID: a supervised directory whose
# supervise/ok is held open (as supervise holds it) on the next fd
service() {
  mkdir -p "$1/supervise" && mkfifo "$1/supervise/ok" || exit 255
  eval "exec $fd<>\"\$1/supervise/ok\""
  fd=$((fd + 1))
  sv_status "$1/supervise/status" "$2" "$3" "$4" "$5"
}

S=$T/service
pad() { printf '%-34s' "$1"; }
mkdir "$S"
help="svps: print the state of svscan and of every service it supervises
usage: svps [ -ah ] [ dir ]
  dir  the service directory (default: SERVICEDIR)
  -a   also the log services, and remarks such as \"paused\"
  -h   this help"
transcript "-h" "$help
exit 0" "$svps" -h
transcript "-h wins over a directory" "$help
exit 0" "$svps" -ah "$T/none"
transcript "an unknown option" "svps: usage: svps [ -ah ] [ dir ]
exit 100" "$svps" -x
transcript "two directories" "svps: usage: svps [ -ah ] [ dir ]
exit 100" "$svps" "$S" "$S"
transcript "a missing directory" "svps: fatal: unable to open $T/none: no such file or directory
exit 111" "$svps" "$T/none"
transcript "an empty tree, no svscan" "------------ svscan ---------------
$(pad "svscan $S") down       0 secs

------------ main -----------------
exit 0" "$svps" "$S"
transcript "SERVICEDIR is the default" "------------ svscan ---------------
$(pad "svscan $S") down       0 secs

------------ main -----------------
exit 0" env SERVICEDIR="$S" "$svps"

service "$S/qmail-smtpd.25" 45066 0 u 45001
service "$S/qmail-smtpd.25/log" 45073 0 u 45002
service "$S/qmail-qmqpd.628" 0 0 d 45007
service "$S/qmail-qmqpd.628/log" 45069 1 u 45003
: > "$S/qmail-qmqpd.628/down"
service "$S/greylist.1999" 45102 1 u 45004
service "$S/.svscan/log" 45024 0 u 45005
mkdir -p "$S/fetchmail/supervise" && mkfifo "$S/fetchmail/supervise/ok"
mkdir "$S/unsupervised" "$S/.hidden"
: > "$S/a-file"
# svscan: this shell stands for it
printf '%s\n' $$ > "$S/.svscan/pid"
touch -d "@$(($(date +%s) + 3600))" "$S/.svscan/pid"
argv0=svscan
[ -r /proc/$$/cmdline ] && argv0=$(tr '\0' '\n' < /proc/$$/cmdline | head -n 1)
scan=$(printf '%-34s up         0 secs  pid %7s' "$argv0 $S" $$)

transcript "the main services: trouble first, then down, then up" "------------ svscan ---------------
$scan

------------ main -----------------
$(pad "$S/fetchmail") supervise not running
$(pad "$S/unsupervised") unable to open supervise/ok: no such file or directory
$(pad "$S/qmail-qmqpd.628") down       0 secs spid   45007
$(pad "$S/greylist.1999") up         0 secs  pid   45102
$(pad "$S/qmail-smtpd.25") up         0 secs  pid   45066
exit 0" "$svps" "$S"

transcript "-a: the logs too, and the remarks" "------------ svscan ---------------
$scan

------------ main -----------------
$(pad "$S/fetchmail") supervise not running
$(pad "$S/unsupervised") unable to open supervise/ok: no such file or directory
$(pad "$S/qmail-qmqpd.628") down       0 secs spid   45007
$(pad "$S/greylist.1999") up         0 secs  pid   45102, paused
$(pad "$S/qmail-smtpd.25") up         0 secs  pid   45066

------------ logs -----------------
$(pad "$S/.svscan/log") up         0 secs  pid   45024
$(pad "$S/qmail-qmqpd.628/log") up         0 secs  pid   45069, paused
$(pad "$S/qmail-smtpd.25/log") up         0 secs  pid   45073
exit 0" "$svps" -a "$S"

# a svscan that has gone: its pid file stays, the line says down
sh -c 'exit 0' &
dead=$!
wait $dead
printf '%s\n' $dead > "$S/.svscan/pid"
touch -d "@$(($(date +%s) + 3600))" "$S/.svscan/pid"
out=$("$svps" "$S" 2>&1)
like "$(printf '%s\n' "$out" | sed -n 2p)" "^svscan $S +down +0 secs  pid +$dead\$" "svscan gone: down, with its last pid"
done_testing

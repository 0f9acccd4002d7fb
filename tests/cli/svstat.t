#!/bin/sh
# svstat.t — svstat's lines for every kind of directory and status file,
# and its exit status (the number of services that are not up).
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/svc.sh"
tmpdir

# service NAME: a directory whose supervise/ok has a reader (fd 3.., as a
# running supervise holds it)
service() { mkdir -p "$T/$1/supervise" && mkfifo "$T/$1/supervise/ok"; }

transcript "no argument" "svstat: usage: svstat dir ...
exit 100" "$svstat"
transcript "a missing directory" "$T/none: unable to access directory: no such file or directory
exit 1" "$svstat" "$T/none"
: > "$T/file"
transcript "a file" "$T/file: unable to access directory: not a directory
exit 1" "$svstat" "$T/file"
mkdir "$T/plain"
transcript "never supervised" "$T/plain: unable to open supervise/ok: no such file or directory
exit 1" "$svstat" "$T/plain"
service a
transcript "supervise not running" "$T/a: supervise not running
exit 1" "$svstat" "$T/a"
exec 3<>"$T/a/supervise/ok"
transcript "no status file" "$T/a: unable to open supervise/status: no such file or directory
exit 1" "$svstat" "$T/a"
printf 'short' > "$T/a/supervise/status"
transcript "a short status" "$T/a: unable to read supervise/status: bad format
exit 1" "$svstat" "$T/a"

sv_status "$T/a/supervise/status" 45102 0 u 45000
transcript "up" "$T/a: up 0 seconds pid 45102
exit 0" "$svstat" "$T/a"
sv_status "$T/a/supervise/status" 45102 1 d 45000
transcript "up, paused, want down" "$T/a: up 0 seconds pid 45102, paused, want down
exit 0" "$svstat" "$T/a"
: > "$T/a/down"
sv_status "$T/a/supervise/status" 45102 0 u 45000
transcript "up, normally down" "$T/a: up 0 seconds pid 45102, normally down
exit 0" "$svstat" "$T/a"
sv_status "$T/a/supervise/status" 0 0 d 45000
transcript "down, normally down" "$T/a: down 0 seconds spid 45000
exit 1" "$svstat" "$T/a"
rm "$T/a/down"
sv_status "$T/a/supervise/status" 0 0 u 45000
transcript "down, want up" "$T/a: down 0 seconds spid 45000, normally up, want up
exit 1" "$svstat" "$T/a"
sv_status "$T/a/supervise/status" 0 0 o
transcript "daemontools' 18 bytes: no spid" "$T/a: down 0 seconds, normally up
exit 1" "$svstat" "$T/a"
sv_status "$T/a/supervise/status" 7 0 u
printf 'later additions' >> "$T/a/supervise/status"
transcript "bytes past ours are ignored" "$T/a: up 0 seconds pid 7
exit 0" "$svstat" "$T/a"

service b
exec 4<>"$T/b/supervise/ok"
sv_status "$T/b/supervise/status" 0 0 d 99
transcript "several directories, in order; exit counts those not up" "$T/a: up 0 seconds pid 7
$T/none: unable to access directory: no such file or directory
$T/b: down 0 seconds spid 99, normally up
$T/a/: up 0 seconds pid 7
exit 2" "$svstat" "$T/a" "$T/none" "$T/b" "$T/a/"
transcript "a relative directory" "a: up 0 seconds pid 7
exit 0" sh -c 'cd "$1" && "$2" a' sh "$T" "$svstat"

# the exit status stops at 99, below 100 (usage) and 111
set --
i=0
while [ $i -lt 105 ]; do set -- "$@" "$T/none"; i=$((i + 1)); done
"$svstat" "$@" > /dev/null 2>&1
is $? 99 "105 services down: exit 99"
exec 3<&- 4<&-
done_testing

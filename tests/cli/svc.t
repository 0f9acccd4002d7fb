#!/bin/sh
# svc.t — svc's usage, its options and its warnings. That each option has
# its effect on a running supervise is tested in tests/e2e/supervise-svc.t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
svc=$(bin daemontools/svc)
usage="svc: usage: svc [ -udopchaitkx12 ] dir ..."

transcript "no argument" "$usage
exit 100" "$svc"
transcript "options but no directory" "$usage
exit 100" "$svc" -u
transcript "an unknown option" "$usage
exit 100" "$svc" -z "$T"
transcript "an unknown letter among known ones" "$usage
exit 100" "$svc" -udq "$T"
transcript "a long option" "$usage
exit 100" "$svc" --up "$T"

mkdir -p "$T/s/supervise"
transcript "no option: nothing is sent" "
exit 0" "$svc" "$T/s" "$T/none"
transcript "never supervised" "svc: warning: unable to control $T/s: no such file or directory
exit 111" "$svc" -u "$T/s"
transcript "a missing directory" "svc: warning: unable to control $T/none: no such file or directory
exit 111" "$svc" -d "$T/none"
mkfifo "$T/s/supervise/control"
transcript "supervise not running" "svc: warning: unable to control $T/s: supervise not running
exit 111" "$svc" -t "$T/s"
transcript "an empty directory name" "svc: warning: unable to control : no such file or directory
exit 111" "$svc" -t ""

# a reader on the FIFO stands for supervise: what svc writes is the
# option letters, in order, one byte each
exec 3<>"$T/s/supervise/control"
transcript "every option" "
exit 0" "$svc" -u -d -o -p -c -h -a -i -t -k -x -1 -2 "$T/s"
transcript "bundled options, two directories" "
exit 0" "$svc" -dx "$T/s" "$T/s"
transcript "-- ends the options" "
exit 0" "$svc" -t -- "$T/s"
transcript "one good directory and one bad" "svc: warning: unable to control $T/none: no such file or directory
exit 111" "$svc" -u "$T/none" "$T/s"
got=$(timeout 5 dd bs=1 count=19 <&3 2>/dev/null)
is "$got" "udopchaitkx12dxdxtu" "the bytes written to supervise/control"
exec 3<&-

# a command too long for svc's buffer
long=$(printf 'u%.0s' $(seq 1 300))
transcript "too many commands" "svc: fatal: too many commands
exit 100" "$svc" "-$long" "$T/s"
done_testing

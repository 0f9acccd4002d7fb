#!/bin/sh
# softlimit.t — softlimit: usage, exit codes, each limit as the child sees
# it in /proc/self/limits (capped at the hard limit, '=' for the hard
# limit), and the same limits as Debian's daemontools softlimit.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin daemontools/softlimit)
[ -x "$P" ] || skip_all "softlimit is not built"
[ -r /proc/self/limits ] || skip_all "no /proc/self/limits"
USAGE='softlimit: usage: softlimit [-a allbytes] [-c corebytes] [-d databytes] [-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] [-p processes] [-q queuebytes] [-r residentbytes] [-s stackbytes] [-t cpusecs] child'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "options but no child" "$USAGE
exit 100" "$P" -o 50
transcript "missing argument" "softlimit: option requires an argument -- m
$USAGE
exit 100" "$P" -m
transcript "bad option" "softlimit: illegal option -- x
$USAGE
exit 100" "$P" -x 1 true
transcript "bad number" "softlimit: bad limit for -o: 12k
$USAGE
exit 100" "$P" -o 12k true
transcript "negative number" "softlimit: bad limit for -d: -1
$USAGE
exit 100" "$P" -d -1 true
transcript "missing program" "softlimit: fatal: unable to run $T/nope: no such file or directory
exit 111" "$P" -o 50 "$T/nope"
"$P" -o 50 sh -c 'exit 8' </dev/null
is "$?" 8 "the child's exit code is softlimit's"

# field of the /proc/self/limits line named label: 1 soft, 2 hard
field() {
  awk -v n="$1" -v f="$2" 'index($0, n) == 1 { split(substr($0, length(n) + 1), v, " "); print v[f] }'
}
# what softlimit OPTIONS... gives the child for label
soft() { label=$1; shift; "$P" "$@" cat /proc/self/limits </dev/null | field "$label" 1; }
# the hard limit of label here (softlimit never changes it)
hard() { field "$1" 2 < /proc/self/limits; }
# n capped at the hard limit of label
capped() {
  h=$(hard "$1")
  if [ "$h" = unlimited ] || [ "$2" -le "$h" ]; then echo "$2"; else echo "$h"; fi
}

check() { # label option value
  is "$(soft "$1" "$2" "$3")" "$(capped "$1" "$3")" "$2 $3: $1"
}
check "Max address space" -a 400000000
check "Max core file size" -c 0
check "Max data size" -d 100000000
check "Max file size" -f 1000000
check "Max locked memory" -l 65536
check "Max open files" -o 50
check "Max processes" -p 500
check "Max msgqueue size" -q 4096
check "Max resident set" -r 50000000
check "Max stack size" -s 1000000
check "Max cpu time" -t 77
for label in "Max data size" "Max stack size" "Max locked memory" "Max address space"; do
  is "$(soft "$label" -m 300000000)" "$(capped "$label" 300000000)" "-m sets $label"
done
is "$(soft "Max open files" -o =)" "$(hard "Max open files")" "-o =: the hard limit"
is "$(soft "Max open files" -o 999999999)" "$(capped "Max open files" 999999999)" \
  "a limit above the hard one is capped"
is "$(soft "Max open files" -o 40 -o 30)" 30 "the last option wins"
is "$(soft "Max data size" -m 300000000 -d 200000000)" "$(capped "Max data size" 200000000)" \
  "-d after -m wins for data"
is "$("$P" -o 33 sh -c 'ulimit -n' </dev/null)" 33 "the shell sees it too"
is "$("$P" -o 33 cat /proc/self/limits </dev/null | field "Max open files" 2)" \
  "$(hard "Max open files")" "the hard limit stays"

DEB=/usr/bin/softlimit
if [ -x "$DEB" ]; then
  set -- -m 300000000 -o 40 -t 77 -c 0 -f 1000000 -p = -r 50000000
  is "$("$P" "$@" cat /proc/self/limits)" "$("$DEB" "$@" cat /proc/self/limits)" \
    "debian: the same limits for $*"
  is "$("$P" -o 999999999 cat /proc/self/limits)" "$("$DEB" -o 999999999 cat /proc/self/limits)" \
    "debian: the same cap at the hard limit"
  for case in "" "-o 5" "-x 1 true" "-o 5 $T/nope"; do
    # shellcheck disable=SC2086
    "$P" $case </dev/null >/dev/null 2>&1; ours=$?
    # shellcheck disable=SC2086
    "$DEB" $case </dev/null >/dev/null 2>&1; theirs=$?
    is "$ours" "$theirs" "debian: same exit status for: softlimit $case"
  done
else
  skip "Debian's daemontools softlimit is not installed"
fi
done_testing

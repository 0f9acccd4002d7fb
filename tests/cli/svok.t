#!/bin/sh
# svok.t — svok's exit status: 0 when supervise runs in the directory, 100
# when it does not (or on bad usage), 111 when it cannot look.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
svok=$(bin daemontools/svok)

transcript "no argument" "svok: usage: svok dir
exit 100" "$svok"
transcript "two arguments" "svok: usage: svok dir
exit 100" "$svok" a b
transcript "an empty directory name" "svok: usage: svok dir
exit 100" "$svok" ""
transcript "a missing directory" "svok: fatal: unable to chdir to $T/none: no such file or directory
exit 111" "$svok" "$T/none"

mkdir -p "$T/s"
transcript "never supervised" "
exit 100" "$svok" "$T/s"
mkdir "$T/s/supervise" && mkfifo "$T/s/supervise/ok"
transcript "supervise/ok with no reader" "
exit 100" "$svok" "$T/s"
# hold the FIFO open for reading, as a running supervise does
exec 3<>"$T/s/supervise/ok"
transcript "supervise/ok held open" "
exit 0" "$svok" "$T/s"
transcript "relative directory" "
exit 0" sh -c 'cd "$1" && "$2" s' sh "$T" "$svok"
exec 3<&-
transcript "reader gone again" "
exit 100" "$svok" "$T/s"

if [ "$(id -u)" -ne 0 ]; then
  mkdir "$T/locked" && chmod 0 "$T/locked"
  transcript "unreadable directory" "svok: fatal: unable to chdir to $T/locked: permission denied
exit 111" "$svok" "$T/locked"
  chmod 700 "$T/locked"
else
  skip "root may enter any directory"
fi
done_testing

#!/bin/sh
# argv0.t — argv0 runs realname (found in PATH) with another 0th argument.
. "${IM_SRC:-.}/tests/lib/tap.sh"
ARGV0=$(bin ucspi-tcp/argv0)
[ -r /proc/self/cmdline ] || skip_all "no /proc/self/cmdline"

transcript "usage: no arguments" "$(cat <<'X'
argv0: usage: argv0 realname program [ arg ... ]
exit 100
X
)" "$ARGV0"

transcript "usage: no 0th argument" "$(cat <<'X'
argv0: usage: argv0 realname program [ arg ... ]
exit 100
X
)" "$ARGV0" cat

transcript "the program sees the 0th argument given, realname is found in PATH" "$(cat <<'X'
-fake|/proc/self/cmdline|
exit 0
X
)" sh -c '"$1" cat -fake /proc/self/cmdline | tr "\0" "|"' sh "$ARGV0"

transcript "a program that is not there" "$(cat <<'X'
argv0: fatal: unable to run /nonexistent/prog: no such file or directory
exit 111
X
)" "$ARGV0" /nonexistent/prog x

"$ARGV0" sh whatever -c 'exit 3'
is "$?" 3 "the exit code is the program's"
done_testing

#!/bin/sh
# except.t — except: usage and its exit mapping (0 -> 100, 111 -> 111,
# a crash -> 111, anything else -> 0).
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/except)
[ -x "$P" ] || skip_all "except is not built"

transcript "no arguments" "except: usage: except program [ arg ... ]
exit 100" "$P"
transcript "0 becomes 100" "
exit 100" sh -c "\"$P\" true; r=\$?; echo; exit \$r"
transcript "1 becomes 0" "
exit 0" sh -c "\"$P\" false; r=\$?; echo; exit \$r"
transcript "100 becomes 0" "
exit 0" sh -c "\"$P\" sh -c 'exit 100'; r=\$?; echo; exit \$r"
transcript "99 becomes 0" "
exit 0" sh -c "\"$P\" sh -c 'exit 99'; r=\$?; echo; exit \$r"
transcript "111 stays 111" "
exit 111" sh -c "\"$P\" sh -c 'exit 111'; r=\$?; echo; exit \$r"
transcript "a crash is 111" "except: fatal: child crashed
exit 111" "$P" sh -c 'kill -9 $$'
transcript "no such program: 0" "except: warning: unable to run $T/none: no such file or directory
exit 0" "$P" "$T/none"
transcript "the program's output and arguments" "x y
exit 100" "$P" echo x y
printf 'abc\n' > "$T/in"
OUT=$("$P" grep -q abc < "$T/in" 2>&1); RC=$?
is "$RC" 100 "the program reads standard input"
done_testing

#!/bin/sh
# multilog.t — multilog's command line: usage errors and their exit
# codes, start-up failures, and the output formats of e, = and t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
ML=$(bin daemontools/multilog)
[ -x "$ML" ] || skip_all "multilog is not built"
tmpdir
cd "$T" || exit 255

transcript "unknown action" "$(cat <<'X'
multilog: fatal: unknown action: foo
exit 100
X
)" "$ML" foo
transcript "a directory needs ./ or /" "$(cat <<'X'
multilog: fatal: unknown action: main
exit 100
X
)" "$ML" t main
transcript "t only first" "$(cat <<'X'
multilog: fatal: t must be the first action, alone: t
exit 100
X
)" "$ML" ./d t
transcript "s needs a number" "$(cat <<'X'
multilog: fatal: s needs a decimal size: s10k
exit 100
X
)" "$ML" s10k ./d
transcript "n needs a number" "$(cat <<'X'
multilog: fatal: n needs a decimal number: n
exit 100
X
)" "$ML" n ./d
transcript "! needs a processor" "$(cat <<'X'
multilog: fatal: ! needs a processor: !
exit 100
X
)" "$ML" '!' ./d
transcript "= needs a file" "$(cat <<'X'
multilog: fatal: = needs a file name: =
exit 100
X
)" "$ML" =
transcript "e takes nothing" "$(cat <<'X'
multilog: fatal: e and z take no argument: ex
exit 100
X
)" "$ML" ex
transcript "empty argument" "$(cat <<'X'
multilog: fatal: empty action: 
exit 100
X
)" "$ML" ''
[ -e d ]
ok $((! $?)) "usage errors touch nothing"

if grep -q '^#define HAVE_ZLIB 1' "$IM_BUILD/gen/config.h" 2>/dev/null; then
  skip "built with zlib: z is accepted"
else
  transcript "z without zlib" "$(cat <<'X'
multilog: fatal: z: this multilog was built without zlib
exit 100
X
)" "$ML" z ./d
fi

transcript "a missing parent directory" "$(cat <<'X'
multilog: fatal: unable to create directory ./no/such: no such file or directory
exit 111
X
)" "$ML" ./no/such
transcript "a status file that cannot be created" "$(cat <<'X'
multilog: fatal: unable to create no/st: no such file or directory
exit 111
X
)" "$ML" =no/st

OUT=$(printf 'x\n' | "$ML" 2>&1); RC=$?
is "$OUT:$RC" ":0" "no script: input is read and dropped, exit 0"

OUT=$(printf 'hello\nworld' | "$ML" e 2>&1); RC=$?
is "$OUT
exit $RC" "hello
world
exit 0" "e copies lines to stderr, ending a partial last line"

OUT=$(printf 'a\nb\nab\n' | "$ML" -a e +x e 2>&1)
is "$OUT" "b
b
ab
ab" "-a deselects only the line a; each e prints the selected line"

awk 'BEGIN { s = ""; for (i = 0; i < 250; ++i) s = s "x"; print s }' > long
OUT=$("$ML" e < long 2>&1)
like "$OUT" '^x{200}\.\.\.$' "e cuts lines after 200 bytes with ..."

printf 'first\nsecond\n' | "$ML" =st
is "$(wc -c < st | tr -d ' ')" 1001 "= writes 1001 bytes"
is "$(head -n 1 st)" second "the last selected line"
is "$(tr -d '\n' < st)" second "padded with newlines"

OUT=$(echo hello | "$ML" t e 2>&1)
like "$OUT" '^@[0-9a-f]{24} hello$' "t puts a TAI64N label and a space in front"

OUT=$(echo 'x y' | "$ML" t '-*' '+@* x y' e 2>&1)
like "$OUT" '^@[0-9a-f]{24} x y$' "patterns see the timestamp"

printf 'one\n' | "$ML" ./d; RC=$?
is "$RC" 0 "a log directory: exit 0 at the end of input"
is "$(cat d/current)" one "current holds the line"
is "$(ls d | tr '\n' ' ')" "current lock state " "current, lock and state"
done_testing

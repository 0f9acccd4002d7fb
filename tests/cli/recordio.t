#!/bin/sh
# recordio.t — recordio shows a program's input and output on standard error, one packet at a time.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
RECORDIO=$(bin ucspi-tcp/recordio)

transcript "usage" "$(cat <<'X'
recordio: usage: recordio program [ arg ... ]
exit 100
X
)" "$RECORDIO"

"$RECORDIO" /nonexistent/prog < /dev/null > "$T/out" 2> "$T/err"
is "$?" 111 "a program that is not there: exit 111"
like "$(cat "$T/err")" "^recordio: fatal: unable to run /nonexistent/prog: no such file or directory$" \
  "and says so"

# The relay is a child of the program and may still be writing when the
# program (the process the shell waits for) has exited: so what it writes
# is always read through pipes, whose end comes only when the relay is done.
# One packet in, the program's echo out; the pid is the program's own.
{ printf 'hello\nworld\npartial' | "$RECORDIO" sh -c 'echo "pid $$" > "$1"; cat' sh "$T/pid" 2>&3 |
  cat > "$T/out"; } 3>&1 | cat > "$T/err"
is "$(cat "$T/out")" "hello
world
partial" "the data passes unchanged"
pid=$(sed 's/^pid //' "$T/pid")
is "$(grep -c "^$pid [<>] " "$T/err")" 8 "every line starts with the program's pid"
is "$(grep "^$pid < " "$T/err" | sed "s/^$pid/PID/")" "PID < hello 
PID < world 
PID < partial+
PID < [EOF]" "input: a space after a full line, + after a partial one, then [EOF]"
is "$(grep "^$pid > " "$T/err" | sed "s/^$pid/PID/" | sed '$!s/.$//' )" "$(printf 'PID > hello\nPID > world\nPID > partial\nPID > [EOF]')" \
  "output: the same lines (however the program cut its writes)"

# packets are cut at 256 bytes: a 300-byte line is two lines
python3 -c 'import sys; sys.stdout.write("A" * 300 + "\n")' | "$RECORDIO" cat 2>&1 > /dev/null | cat > "$T/err"
is "$(grep ' < ' "$T/err" | sed 's/^[0-9]* < //' | awk '{ print length($0) }' | tr '\n' ,)" "257,45,5," \
  "a long line is cut into lines of at most 256 bytes"

# the program's exit code is recordio's
"$RECORDIO" sh -c 'exit 5' < /dev/null 2> /dev/null
is "$?" 5 "the program's exit code"

# the same record as Debian's recordio (input side: output is cut as the program writes)
if [ -x /usr/bin/recordio ]; then
  python3 -c 'import sys; sys.stdout.write("A" * 256 + "\n" + "B" * 255 + "\n\n" + "C" * 257)' > "$T/in"
  "$RECORDIO" cat < "$T/in" 2>&1 > /dev/null | grep ' < ' | sed 's/^[0-9]*//' > "$T/ours"
  /usr/bin/recordio cat < "$T/in" 2>&1 > /dev/null | grep ' < ' | sed 's/^[0-9]*//' > "$T/theirs"
  cmp -s "$T/ours" "$T/theirs"; ok $? "the input lines of Debian's recordio"
else
  skip "Debian's ucspi-tcp is not installed"
fi
done_testing

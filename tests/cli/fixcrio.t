#!/bin/sh
# fixcrio.t — fixcrio runs a program and puts a CR before each bare LF of its input and its output.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
FIXCRIO=$(bin ucspi-tcp/fixcrio)
bytes() { python3 -c 'import sys; print(repr(open(sys.argv[1], "rb").read()))' "$1"; }

transcript "usage" "$(cat <<'X'
fixcrio: usage: fixcrio program [ arg ... ]
exit 100
X
)" "$FIXCRIO"

transcript "a program that is not there" "$(cat <<'X'
fixcrio: fatal: unable to run /nonexistent/prog: no such file or directory
exit 111
X
)" "$FIXCRIO" /nonexistent/prog

# The relay is a child of the program and may still be writing when the
# program (the process the shell waits for) has exited: so its output is
# always read through a pipe, whose end comes only when the relay is done.
printf 'a\nb\r\n\nc' | "$FIXCRIO" sh -c 'cat > "$1"; printf "x\ny\r\n\r\r\nz"' sh "$T/in" | cat > "$T/out"
is "$(bytes "$T/in")" "b'a\\r\\nb\\r\\n\\r\\nc'" "input: a CR before each bare LF, none at a partial end"
is "$(bytes "$T/out")" "b'x\\r\\ny\\r\\n\\r\\r\\nz'" "output: the same"

"$FIXCRIO" sh -c 'exit 7' < /dev/null
is "$?" 7 "the program's exit code is fixcrio's"

# a CR that ends one write and the LF that starts the next: no CR added
"$FIXCRIO" sh -c 'printf "p\r"; sleep 0.2; printf "\nq\n"' < /dev/null | cat > "$T/split"
is "$(bytes "$T/split")" "b'p\\r\\nq\\r\\n'" "a CRLF split across two writes"

# 300 kB through a program that echoes it: nothing lost, no deadlock
python3 -c 'import sys; sys.stdout.buffer.write(b"line\n" * 60000)' > "$T/big"
"$FIXCRIO" cat < "$T/big" | cat > "$T/bigout"
is "$(wc -c < "$T/bigout" | tr -d ' ')" 360000 "300 kB through cat: every line gets one CR"
if [ -x /usr/bin/fixcrio ]; then
  printf 'a\nb\r\n\nc' | /usr/bin/fixcrio sh -c 'cat > "$1"; printf "x\ny\r\n\r\r\nz"' sh "$T/in2" | cat > "$T/out2"
  cmp -s "$T/in" "$T/in2" && cmp -s "$T/out" "$T/out2"; ok $? "the same bytes as Debian's fixcrio"
else
  skip "Debian's ucspi-tcp is not installed"
fi
done_testing

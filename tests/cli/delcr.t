#!/bin/sh
# delcr.t — delcr removes the CR of each CRLF, keeps other CRs and the CR of a partial final line.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
DELCR=$(bin ucspi-tcp/delcr)

transcript "CRLF becomes LF; CR CR LF keeps one CR; lone CRs stay" "$(cat <<'X'
b'a\r\nb\nc\rd\n\r'
exit 0
X
)" sh -c 'printf "a\r\r\nb\r\nc\rd\n\r" | "$1" | python3 -c "import sys; print(repr(sys.stdin.buffer.read()))"' sh "$DELCR"

transcript "empty input" "$(cat <<'X'
b''
exit 0
X
)" sh -c '"$1" < /dev/null | python3 -c "import sys; print(repr(sys.stdin.buffer.read()))"' sh "$DELCR"

transcript "a read error" "$(cat <<'X'
delcr: fatal: unable to read input: is a directory
exit 111
X
)" sh -c '"$1" < "$2"' sh "$DELCR" "$T"

if [ -w /dev/full ]; then
  transcript "a write error" "$(cat <<'X'
delcr: fatal: unable to write output: no space left on device
exit 111
X
)" sh -c 'echo x | "$1" > /dev/full' sh "$DELCR"
else
  skip "no /dev/full"
fi

# a CR at the end of one read and the LF at the start of the next
( printf 'x\r'; sleep 0.2; printf '\ny\r' ) | "$DELCR" > "$T/split"
is "$(python3 -c 'import sys; print(repr(open(sys.argv[1], "rb").read()))' "$T/split")" "b'x\ny\r'" \
  "a CRLF split across two reads"

python3 -c 'import sys, random; r = random.Random(9); sys.stdout.buffer.write(bytes(r.choice(b"ab\r\n") for _ in range(200000)))' > "$T/in"
"$DELCR" < "$T/in" > "$T/ours"
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.stdout.buffer.write(d.replace(b"\r\n", b"\n"))' "$T/in" > "$T/want"
cmp -s "$T/ours" "$T/want"; ok $? "200 kB of random CR, LF and letters"
if [ -x /usr/bin/delcr ]; then
  /usr/bin/delcr < "$T/in" > "$T/theirs"
  cmp -s "$T/ours" "$T/theirs"; ok $? "the same bytes as Debian's delcr"
else
  skip "Debian's ucspi-tcp is not installed"
fi
done_testing

#!/bin/sh
# addcr.t — addcr puts a CR before every LF and nothing else; errors exit 111.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
ADDCR=$(bin ucspi-tcp/addcr)
# bytes: the exact bytes of standard input, as Python writes them
bytes() { python3 -c 'import sys; print(repr(sys.stdin.buffer.read()))'; }

transcript "LF becomes CRLF, CRLF becomes CRCRLF, a partial line stays" "$(cat <<'X'
b'a\r\nb\r\r\n\r\nc'
exit 0
X
)" sh -c 'printf "a\nb\r\n\nc" | "$1" | python3 -c "import sys; print(repr(sys.stdin.buffer.read()))"' sh "$ADDCR"

transcript "empty input, empty output; arguments are ignored" "$(cat <<'X'
b''
exit 0
X
)" sh -c '"$1" ignored < /dev/null | python3 -c "import sys; print(repr(sys.stdin.buffer.read()))"' sh "$ADDCR"

transcript "a read error" "$(cat <<'X'
addcr: fatal: unable to read input: is a directory
exit 111
X
)" sh -c '"$1" < "$2"' sh "$ADDCR" "$T"

if [ -w /dev/full ]; then
  transcript "a write error" "$(cat <<'X'
addcr: fatal: unable to write output: no space left on device
exit 111
X
)" sh -c 'echo x | "$1" > /dev/full' sh "$ADDCR"
else
  skip "no /dev/full"
fi

# 200 kB across many reads, compared with Debian's addcr when it is there
python3 -c 'import sys, random; r = random.Random(7); sys.stdout.buffer.write(bytes(r.choice(b"ab\r\n") for _ in range(200000)))' > "$T/in"
"$ADDCR" < "$T/in" > "$T/ours"
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.stdout.buffer.write(d.replace(b"\n", b"\r\n"))' "$T/in" > "$T/want"
cmp -s "$T/ours" "$T/want"; ok $? "200 kB of random CR, LF and letters"
if [ -x /usr/bin/addcr ]; then
  /usr/bin/addcr < "$T/in" > "$T/theirs"
  cmp -s "$T/ours" "$T/theirs"; ok $? "the same bytes as Debian's addcr"
else
  skip "Debian's ucspi-tcp is not installed"
fi
done_testing

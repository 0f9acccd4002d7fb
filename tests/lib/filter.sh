# filter.sh — the checks every simple filter program shares (standard input
# to standard output, no options: addcr, delcr, tai64n, tai64nlocal). Source
# after tap.sh and call tmpdir first. PROG is the path of the built program;
# its messages start with its file name.
#
#   filter_repr FORMAT PROG [ARG...]
#                           the output of PROG ARGs for the bytes printf
#                           makes of FORMAT, as a Python bytes literal
#   filter_case NAME FORMAT WANT PROG [ARG...]
#                           1 test (NAME): filter_repr FORMAT PROG ARGs
#                           prints WANT, exit 0
#   filter_usage PROG ARG   1 test: PROG with an argument prints its usage
#                           ("NAME: usage: NAME") and exits 100
#   filter_empty PROG       1 test: no input, no output, exit 0
#   filter_read_error PROG  1 test: input that cannot be read (a directory):
#                           the fatal message, exit 111
#   filter_write_error NAME PROG
#                           1 test (NAME): output to /dev/full: the fatal
#                           message, exit 111 (skipped without /dev/full)
#   filter_random SEED PROG OLD NEW
#                           2 tests: 200 kB of random a, b, CR and LF (from
#                           the random seed SEED) through PROG must come out
#                           as Python's bytes.replace of OLD by NEW (both
#                           written with Python escapes, like \r\n); and as
#                           what Debian's program of the same name makes,
#                           when it is installed (/usr/bin/NAME)

# filter_repr FORMAT PROG [ARG...]: see above
filter_repr() {
  _frf=$1; shift
  # shellcheck disable=SC2059
  printf "$_frf" | "$@" | python3 -c 'import sys; print(repr(sys.stdin.buffer.read()))'
}

# filter_case NAME FORMAT WANT PROG [ARG...]: see above
filter_case() {
  _frname=$1 _frfmt=$2 _frwant=$3; shift 3
  transcript "$_frname" "$_frwant
exit 0" filter_repr "$_frfmt" "$@"
}

# filter_usage PROG ARG: see above
filter_usage() {
  _frn=${1##*/}
  transcript "arguments are a usage error" "$_frn: usage: $_frn
exit 100" "$1" "$2"
}

# filter_empty PROG: see above
filter_empty() {
  OUT=$("$1" </dev/null 2>&1); RC=$?
  is "$OUT:$RC" ":0" "no input, no output, exit 0"
}

# filter_read_error PROG: see above
filter_read_error() {
  transcript "a read error" "${1##*/}: fatal: unable to read input: is a directory
exit 111" sh -c '"$1" < "$2"' sh "$1" "$T"
}

# filter_write_error NAME PROG: see above
filter_write_error() {
  if [ -w /dev/full ]; then
    transcript "$1" "${2##*/}: fatal: unable to write output: no space left on device
exit 111" sh -c 'echo x | "$1" > /dev/full' sh "$2"
  else
    skip "no /dev/full"
  fi
}

# filter_random SEED PROG OLD NEW: see above
filter_random() {
  python3 -c 'import sys, random; r = random.Random(int(sys.argv[1])); sys.stdout.buffer.write(bytes(r.choice(b"ab\r\n") for _ in range(200000)))' \
    "$1" > "$T/in"
  "$2" < "$T/in" > "$T/ours"
  python3 -c '
import sys
def b(s): return s.encode("latin1").decode("unicode_escape").encode("latin1")
d = open(sys.argv[1], "rb").read()
sys.stdout.buffer.write(d.replace(b(sys.argv[2]), b(sys.argv[3])))' "$T/in" "$3" "$4" > "$T/want"
  cmp -s "$T/ours" "$T/want"; ok $? "200 kB of random CR, LF and letters"
  if [ -x "/usr/bin/${2##*/}" ]; then
    "/usr/bin/${2##*/}" < "$T/in" > "$T/theirs"
    cmp -s "$T/ours" "$T/theirs"; ok $? "the same bytes as Debian's ${2##*/}"
  else
    skip "Debian's ucspi-tcp is not installed"
  fi
}

#!/bin/sh
# tai64n.t — tai64n: usage, the label in front of each line, partial
# lines, write errors; and, where Debian's daemontools is installed, its
# tai64nlocal reading our labels.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/filter.sh"
TN=$(bin daemontools/tai64n)
[ -x "$TN" ] || skip_all "tai64n is not built"
tmpdir

filter_usage "$TN" x
filter_empty "$TN"

printf 'one\ntwo\n\nlast' | "$TN" > "$T/out"; RC=$?
is "$RC" 0 "exit 0 at the end of input"
is "$(wc -l < "$T/out" | tr -d ' ')" 3 "three newlines in, three out"
like "$(sed -n 1p "$T/out")" '^@4[0-9a-f]{23} one$' "a label and a space before the first line"
like "$(sed -n 3p "$T/out")" '^@4[0-9a-f]{23} $' "an empty line gets its label"
like "$(tail -c 30 "$T/out")" '@4[0-9a-f]{23} last$' "a partial last line is labelled"
is "$(tail -c 1 "$T/out" | od -An -c | tr -d ' ')" t "and not given a newline"
is "$(cut -c 27- "$T/out")" "one
two

last" "the lines pass unchanged"

# the label is the current time: 2^62 + 10 + Unix seconds
now=$(date +%s)
hex=$(echo x | "$TN" | cut -c 2-17)
secs=$(( 0x$hex - 4611686018427387914 ))
d=$((secs - now)); [ $d -lt 0 ] && d=$((-d))
ok $((d > 5)) "the label's seconds are now ($secs vs $now)"
nano=$(echo x | "$TN" | cut -c 18-25)
ok $(( 0x$nano >= 1000000000 )) "nanoseconds below 10^9 ($((0x$nano)))"

awk 'BEGIN { for (i = 0; i < 20000; ++i) print i }' | "$TN" > "$T/many"
is "$(cut -c 1-25 "$T/many" | sort -c 2>&1 && echo sorted)" sorted "labels never go back"
is "$(cut -c 27- "$T/many" | tail -n 1)" 19999 "20000 lines through"

filter_write_error "a write error: exit 111" "$TN"

if [ -x /usr/bin/tai64nlocal ]; then
  label=$(echo x | "$TN" | cut -c 1-25)
  secs=$(( 0x$(echo "$label" | cut -c 2-17) - 4611686018427387914 ))
  got=$(echo "$label x" | TZ=UTC0 /usr/bin/tai64nlocal)
  want=$(TZ=UTC0 date -d "@$secs" '+%Y-%m-%d %H:%M:%S')
  like "$got" "^$want\.[0-9]{9} x$" "Debian's tai64nlocal reads our label as the right time"
else
  skip "Debian's daemontools is not installed (no /usr/bin/tai64nlocal)"
fi
done_testing

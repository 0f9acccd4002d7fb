#!/bin/sh
# tai64nlocal.t — tai64nlocal: usage, labels turned into local time,
# everything else passed through, write errors; and, where Debian's
# daemontools is installed, the same output as its tai64nlocal.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/filter.sh"
TL=$(bin daemontools/tai64nlocal)
[ -x "$TL" ] || skip_all "tai64nlocal is not built"
tmpdir

filter_usage "$TL" current
filter_empty "$TL"

# 0x50000000 - 10 seconds after the epoch is 2012-07-13 11:01:10 UTC
OUT=$(printf '@4000000050000000000000ff x\n' | TZ=UTC0 "$TL")
is "$OUT" "2012-07-13 11:01:10.000000255 x" "a label in UTC"
OUT=$(printf '@4000000050000000000000ff x\n' | TZ=EST5EDT,M3.2.0,M11.1.0 "$TL")
is "$OUT" "2012-07-13 07:01:10.000000255 x" "a label in New York summer time"
OUT=$(printf '@4000000050000000000000ff x\n' | TZ=IST-5:30 "$TL")
is "$OUT" "2012-07-13 16:31:10.000000255 x" "a label half an hour off"
OUT=$(printf '@4000000050000000000000ffx\n' | TZ=UTC0 "$TL")
is "$OUT" "2012-07-13 11:01:10.000000255x" "the rest of the line follows at once"
OUT=$(printf '@4000000050000000000000ff' | TZ=UTC0 "$TL")
is "$OUT" "2012-07-13 11:01:10.000000255" "a label at the very end of input"

# what is not a whole valid label at a line start passes unchanged
cat > "$T/odd" <<'X'
plain line
 @4000000050000000000000ff leading space
@4000000050000000000000f short
@4000 x
@

@4000000050000000000000FF upper case
@40000000500000003b9aca00 nanoseconds of 10^9
in the middle @4000000050000000000000ff
X
printf 'no newline' >> "$T/odd"
TZ=UTC0 "$TL" < "$T/odd" > "$T/out"; RC=$?
is "$RC" 0 "odd input: exit 0"
ok $(cmp -s "$T/odd" "$T/out"; echo $?) "odd input passes through byte for byte"

printf '@4000000050000000000000ff a\n@4000000050000000000000ff b\nc\n' | TZ=UTC0 "$TL" > "$T/out"
is "$(cat "$T/out")" "2012-07-13 11:01:10.000000255 a
2012-07-13 11:01:10.000000255 b
c" "every line is looked at"

filter_write_error "a write error: exit 111" "$TL"

# Debian's tai64nlocal on the same input (only what it does not crash on)
if [ -x /usr/bin/tai64nlocal ] && [ -x /usr/bin/tai64n ]; then
  { awk 'BEGIN { for (i = 0; i < 200; ++i) print "line " i }' | /usr/bin/tai64n
    awk 'BEGIN { for (i = 0; i < 200; ++i) print "line " i }' | "$(bin daemontools/tai64n)"
    printf 'plain\n\n @4000000050000000000000ff sp\n@4000000050000000000000ffX\n'
    printf '@3fffffffffffffff00000000 before 1970\n@4000000000000000000000ff z\n'
    printf '@400000007fffffff00000000 2038\n@40000001000000003b9ac9ff 2106\n'
  } > "$T/in"
  for tz in UTC0 EST5EDT,M3.2.0,M11.1.0 IST-5:30 NZST-12NZDT,M9.5.0,M4.1.0/3; do
    TZ=$tz /usr/bin/tai64nlocal < "$T/in" > "$T/deb"
    TZ=$tz "$TL" < "$T/in" > "$T/ours"
    ok $(cmp -s "$T/deb" "$T/ours"; echo $?) "the same output as Debian's tai64nlocal, TZ=$tz"
  done
else
  skip "Debian's daemontools is not installed (no /usr/bin/tai64nlocal)"
fi
done_testing

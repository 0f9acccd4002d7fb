#!/bin/sh
# multilog-rotate.t — multilog's log directories: rotation by size (s)
# at a line end and in mid-line, the number of old files kept (n), a
# processor (!) whose output replaces the old file and which keeps state,
# start-up with a current left unfinished (.u) or complete (taken up
# again), and z: gzip'ed old files that gzip accepts and zcat restores.
. "${IM_SRC:-.}/tests/lib/tap.sh"
ML=$(bin daemontools/multilog)
[ -x "$ML" ] || skip_all "multilog is not built"
tmpdir
cd "$T" || exit 255
arch() { ls "$1" | grep '^@'; }
narch() { ls "$1" | grep -c '^@'; }
# lines N: N lines of 92 bytes, numbered from 0
lines() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; ++i) printf "line %05d %080d\n", i, 0 }'; }

# --- s: full at a line end within 2000 bytes of the size
lines 300 > in300
"$ML" s4096 n100 ./a < in300
is $? 0 "300 lines into s4096: exit 0"
is "$(narch a)" 13 "13 old files"
is "$(for f in $(arch a); do wc -c < a/$f; done | sort -u | tr -d ' ')" 2116 \
  "each of 23 lines (2116 bytes, the first line end past 4096 - 2000)"
is "$(wc -c < a/current | tr -d ' ')" 92 "current holds the last line"
ok $(cat a/@* a/current | cmp -s - in300; echo $?) "old files and current hold the input, in order"
like "$(arch a | tr '\n' ' ')" '^(@[0-9a-f]{24}\.s )+$' "names @TAI64N.s"
is "$(arch a)" "$(arch a | sort)" "in the order written"
is "$(ls -l a | grep -c '^-rwxr--r--.* @')" 13 "old files have mode 744"
is "$(ls -l a/current | cut -c 1-10)" "-rwxr--r--" "current at the end of input: 744"

"$ML" s100 n100 ./b < in300
is "$(narch b)" 13 "s100 counts as s4096 (the least)"

# --- n: old files kept
"$ML" s4096 n5 ./c < in300
is "$(narch c)" 4 "n5 keeps 4 old files (the 5th is removed when it appears)"
ok $(cat c/@* c/current | cmp -s - "$(tail -n 93 in300 > tail93; echo tail93)"; echo $?) \
  "the newest ones"
"$ML" s4096 n1 ./d < in300
is "$(narch d)" 1 "n1 counts as n2: one old file"

# --- a line longer than the size is cut where current is full
awk 'BEGIN { s = ""; for (i = 0; i < 10000; ++i) s = s "A"; print s; print "short" }' > big
"$ML" s4096 ./e < big
is "$(for f in $(arch e); do wc -c < e/$f; done | tr -d ' ' | tr '\n' ' ')" "4096 4096 " \
  "a 10000-byte line fills two old files of exactly 4096 bytes"
ok $(cat e/@* e/current | cmp -s - big; echo $?) "and nothing is lost"

# --- a processor
lines 100 > in100
"$ML" s4096 '!echo begin; tr a-z A-Z; cat <&4; echo "state $(wc -l < previous)" >&5' ./p < in100
is "$(narch p)" 4 "100 lines, 4 rotations through the processor"
first=$(arch p | head -n 1)
is "$(head -n 2 "p/$first")" "begin
LINE 00000 $(printf '%080d' 0)" "the processor's output is the old file"
second=$(arch p | sed -n 2p)
is "$(tail -n 1 "p/$second")" "state 23" "it reads the last state on fd 4"
is "$(cat p/state)" "state 23" "and what it writes on fd 5 is the new state"
ok $(ls p | grep -Eq '^(previous|processed|newstate)$'; echo $((! $?))) "no work files left"

"$ML" s4096 '!exit 1' ./pfail < /dev/null
is $? 0 "a failing processor does not matter while nothing rotates"

# --- start-up: an unfinished current becomes .u, a complete one continues
mkdir u && printf 'before crash\n' > u/current && chmod 644 u/current
echo after | "$ML" ./u
is "$(narch u)" 1 "an unfinished current found at start-up is kept as an old file"
like "$(arch u)" '^@[0-9a-f]{24}\.u$' "named .u"
is "$(cat "u/$(arch u)")" "before crash" "with its lines"
is "$(cat u/current)" "after" "a new current gets the new lines"
echo again | "$ML" ./u
is "$(cat u/current)" "after
again" "a complete current (744) is taken up again"
is "$(narch u)" 1 "without a new old file"

# --- z: gzip'ed old files
if "$ML" z < /dev/null 2>/dev/null; then
  need_gz=$(command -v gzip)
  if [ -n "$need_gz" ]; then
    lines 1000 > in1000
    "$ML" s16384 n100 z ./z < in1000
    is $? 0 "z: exit 0"
    like "$(arch z | tr '\n' ' ')" '^(@[0-9a-f]{24}\.s\.gz )+$' "old files are named @TAI64N.s.gz"
    is "$(narch z)" 6 "6 rotations"
    good=0
    for f in $(arch z); do gzip -t "z/$f" 2>/dev/null || good=1; done
    ok $good "gzip -t accepts every one"
    ok $( (for f in $(arch z); do gzip -dc "z/$f"; done; cat z/current) | cmp -s - in1000; echo $?) \
      "they decompress to what was written"
    ok $(ls z | grep -q '^compress'; echo $((! $?))) "no temporary file is left"
  else
    skip "gzip is not installed"
  fi
else
  skip "this multilog has no zlib"
fi
done_testing

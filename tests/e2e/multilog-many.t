#!/bin/sh
# multilog-many.t — a million lines through multilog t into rotated files:
# every line arrives once, in order, with a label that never goes back.
# The time taken is printed (as a diagnostic, with Debian's multilog's for
# comparison when it is installed); nothing here depends on it.
. "${IM_SRC:-.}/tests/lib/tap.sh"
ML=$(bin daemontools/multilog)
[ -x "$ML" ] || skip_all "multilog is not built"
tmpdir
cd "$T" || exit 255
N=1000000
awk -v n=$N 'BEGIN { for (i = 0; i < n; ++i) printf "line %07d some log text of a usual length\n", i }' > in
ms() { date +%s%N | cut -c 1-13; }

t0=$(ms)
"$ML" t s16777215 n100 ./o < in
rc=$?
t1=$(ms)
is "$rc" 0 "$N lines: exit 0"
is "$(ls o | grep -c "^@")" 4 "70 MB: four rotations of 16 MB"
ok $(cat o/@* o/current | cut -c 27- | cmp -s - in; echo $?) "every line once, in order"
ok $(cat o/@* o/current | cut -c 1-25 | sort -c 2>/dev/null; echo $?) "labels never go back"
like "$(head -n 1 o/current)" '^@4[0-9a-f]{23} line [0-9]{7} ' "each line labelled"
d=$((t1 - t0)); [ $d -gt 0 ] || d=1
diag "ours: $N lines with t in $d ms: $((N * 1000 / d)) lines/s"
if [ -x /usr/bin/multilog ]; then
  t0=$(ms)
  /usr/bin/multilog t s16777215 n100 ./t < in
  t1=$(ms)
  e=$((t1 - t0)); [ $e -gt 0 ] || e=1
  diag "Debian's: $N lines with t in $e ms: $((N * 1000 / e)) lines/s"
fi
done_testing

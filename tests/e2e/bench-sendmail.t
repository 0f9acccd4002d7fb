#!/bin/sh
# bench-sendmail.t — tests/bench/sendmail.sh in miniature (16 messages, one
# round), so that the bench keeps working between `make bench` runs: it
# prints a rate for ours with 1 and 8 senders, and either Postfix's rate
# and the ratio, or why Postfix was skipped.
. "${IM_SRC:-.}/tests/lib/tap.sh"
[ -x "$(bin qmail/inject/sendmail)" ] || skip_all "sendmail is not built"
tmpdir
# as root the demo delivers as nobody, who must reach the bench's directory
chmod 755 "$T"
OUT=$(BENCH_SENDMAIL=16 BENCH_ROUNDS=1 TMPDIR=$T sh "$IM_SRC/tests/bench/sendmail.sh" 2>&1)
is "$?" 0 "the bench exits 0"
like "$OUT" "sendmail: 16 1 KB messages a round, best of 1" "its heading"
like "$OUT" "^1 sender\(s\) +[0-9]+ " "a rate for ours with 1 sender"
like "$OUT" "^8 sender\(s\) +[0-9]+ " "a rate for ours with 8 senders"
if printf '%s\n' "$OUT" | grep -q '^Postfix: skipped: '; then
  like "$OUT" "^1 sender\(s\) +[0-9]+ +- +-" "no Postfix figures when it is skipped"
else
  like "$OUT" "^1 sender\(s\) +[0-9]+ +[0-9]+ +[0-9]+\.[0-9]{2}" "Postfix's rate and the ratio"
fi
is "$(ls "$T")" "" "nothing left behind in its TMPDIR"
done_testing

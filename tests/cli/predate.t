#!/bin/sh
# predate.t — predate: usage, the Date line it puts in front (local time,
# numeric zone), the program's exit code.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/predate)
[ -x "$P" ] || skip_all "predate is not built"
printf 'Subject: hi\n\nbody\n' > "$T/msg"

transcript "no arguments" "predate: usage: predate program [ arg ... ]
exit 100" "$P"
OUT=$(TZ=UTC "$P" cat < "$T/msg"); RC=$?
is "$RC" 0 "exit 0"
like "$OUT" '^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [1-9][0-9]? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] \+0000$' \
  "the first line is an RFC 5322 Date in UTC"
is "$(printf '%s\n' "$OUT" | sed 1d)" "Subject: hi

body" "then the message"
OUT=$(TZ=EST5 "$P" head -n 1 < "$T/msg")
like "$OUT" ' -0500$' "local time: the zone's offset"
D=$(TZ=UTC "$P" head -n 1 < /dev/null | sed 's/^Date: //')
N=$(date -u -d "$D" +%s 2>/dev/null)
NOW=$(date -u +%s)
ok "$([ -n "$N" ] && [ $((NOW - N)) -ge 0 ] && [ $((NOW - N)) -lt 60 ]; echo $?)" "the date is now (date(1) reads it)"
transcript "the program's exit code" "
exit 9" sh -c "\"$P\" sh -c 'cat >/dev/null; exit 9' < \"$T/msg\"; r=\$?; echo; exit \$r"
transcript "a crash is 111" "predate: fatal: child crashed
exit 111" "$P" sh -c 'kill -9 $$'
transcript "no such program" "predate: fatal: unable to run $T/none: no such file or directory
exit 100" "$P" "$T/none"
done_testing

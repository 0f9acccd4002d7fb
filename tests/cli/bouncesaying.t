#!/bin/sh
# bouncesaying.t — bouncesaying: usage, the text and exit 100 with no
# program, and its exit rules with one (0: bounce; 111 or a crash: 111;
# anything else or no such program: 0).
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/bouncesaying)
[ -x "$P" ] || skip_all "bouncesaying is not built"
USAGE='bouncesaying: usage: bouncesaying error [ program [ arg ... ] ]'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "no program: always bounce" "This address no longer accepts mail.
exit 100" "$P" 'This address no longer accepts mail.'
OUT=$("$P" 'gone (#5.1.1)' 2>/dev/null); RC=$?
is "$OUT:$RC" ":100" "the text goes to standard error, not standard output"
transcript "program exits 0: bounce" "not for you
exit 100" "$P" 'not for you' true
transcript "program exits 1: exit 0 quietly" "
exit 0" sh -c "\"$P\" 'not for you' false; echo"
transcript "program exits 100: exit 0" "
exit 0" sh -c "\"$P\" 'not for you' sh -c 'exit 100'; echo"
transcript "program exits 111: defer" "bouncesaying: fatal: temporary child error
exit 111" "$P" 'not for you' sh -c 'exit 111'
transcript "program crashes: defer" "bouncesaying: fatal: child crashed
exit 111" "$P" 'not for you' sh -c 'kill -9 $$'
transcript "no such program: exit 0" "bouncesaying: warning: unable to run $T/none: no such file or directory
exit 0" "$P" 'not for you' "$T/none"
printf 'Subject: spam\n\nbuy\n' > "$T/msg"
OUT=$("$P" 'no spam' grep -q '^Subject: spam' < "$T/msg" 2>&1); RC=$?
is "$OUT
exit $RC" "no spam
exit 100" "the program reads the message: a match bounces"
OUT=$("$P" 'no ham' grep -q '^Subject: ham' < "$T/msg" 2>&1); RC=$?
is "$OUT
exit $RC" "
exit 0" "no match: exit 0"
done_testing

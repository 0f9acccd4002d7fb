#!/bin/sh
# maildirwatch.t — maildirwatch: the variable it needs, and its first
# screen (exact bytes: clear, then a summary per new message, with the
# header's controls made harmless), read from a run stopped after it.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
. "$IM_SRC/tests/lib/proc.sh"
P=$(bin qmail/deliver/maildirwatch)
[ -x "$P" ] || skip_all "maildirwatch is not built"
W=
trap '[ -n "$W" ] && kill "$W" 2>/dev/null; rm -rf "$T"' EXIT
M=$T/Maildir
mkdir -p "$M/tmp" "$M/new" "$M/cur"
export MAILDIR="$M"

transcript "MAILDIR unset" "maildirwatch: fatal: MAILDIR not set
exit 100" env -u MAILDIR "$P"
transcript "no maildir" "maildirwatch: fatal: unable to scan $T/none: no such file or directory
exit 111" env MAILDIR="$T/none" "$P"
transcript "no output" "maildirwatch: fatal: unable to write output: bad file descriptor
exit 111" sh -c "exec \"$P\" >&-"

printf 'Return-Path: <joe@example.org>\nDelivered-To: me@example.com\nFrom: Joe \033]0;owned\007<joe@example.org>\nSubject: caf\303\251\n  au lait\n\nbody\n' \
  > "$M/new/1700000200.P1.host"
printf 'Subject: first\n\n' > "$M/new/1700000100.P2.host"
printf 'Subject: seen\n\n' > "$M/cur/1700000000.P3.host:2,S"
printf '\033[;H\033[;J\033[1m?\033[0m from ?\n  Subject: first\n\n\033[1mme@example.com\033[0m from <joe@example.org>\n  From: Joe ?]0;owned?<joe@example.org>\n  Subject: caf\303\251 au lait\n\n' > "$T/want"
SIZE=$(wc -c < "$T/want")

# one screen: run it, wait for the screen, stop it
"$P" > "$T/out" 2>&1 &
W=$!
until_ok 20 sh -c "[ \$(wc -c < \"$T/out\") -ge $SIZE ]"
ok $? "a screen appears"
kill "$W"; wait "$W" 2>/dev/null; W=
cmp -s "$T/want" "$T/out"
ok $? "the screen: clear, the new messages in order, nothing from cur/, no control reaches the terminal"
[ $? -eq 0 ] || od -c "$T/out" | sed 's/^/# /' >&2

# many messages: 200 summaries, then a count of the rest
M2=$T/Many
mkdir -p "$M2/tmp" "$M2/new" "$M2/cur"
i=0
while [ $i -lt 203 ]; do printf 'Subject: %d\n\n' $i > "$M2/new/$((1700000000 + i)).P$i.h"; i=$((i + 1)); done
MAILDIR=$M2 "$P" > "$T/many" 2>&1 &
W=$!
until_ok 20 grep -q 'more new messages' "$T/many"
ok $? "many messages: a screen appears"
kill "$W"; wait "$W" 2>/dev/null; W=
is "$(grep -c '^  Subject: ' "$T/many")" 200 "many messages: 200 summaries"
is "$(tail -n 1 "$T/many")" "and 3 more new messages" "many messages: the rest counted"
done_testing

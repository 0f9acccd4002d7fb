#!/bin/sh
# preline.t — preline: usage, the From_, Return-Path and Delivered-To
# lines from UFLINE, RPLINE and DTLINE (exact bytes), -d -f -r and their
# upper-case undoing, the command's exit code, and large or unread input.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/preline)
[ -x "$P" ] || skip_all "preline is not built"
USAGE='preline: usage: preline [ -dfrDFR ] command [ arg ... ]'
export UFLINE='From joe@example.org Thu Nov  5 13:05:09 2026
' RPLINE='Return-Path: <joe@example.org>
' DTLINE='Delivered-To: me@example.com
'
printf 'Subject: hi\n\nFrom the body\n' > "$T/msg"
pl() { "$P" "$@" < "$T/msg"; }

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "options but no command" "$USAGE
exit 100" "$P" -d
transcript "a bad option" "preline: illegal option -- x
$USAGE
exit 100" "$P" -x cat
transcript "all three lines" "From joe@example.org Thu Nov  5 13:05:09 2026
Return-Path: <joe@example.org>
Delivered-To: me@example.com
Subject: hi

From the body
exit 0" pl cat
pl cat > "$T/out"
printf 'From joe@example.org Thu Nov  5 13:05:09 2026\nReturn-Path: <joe@example.org>\nDelivered-To: me@example.com\nSubject: hi\n\nFrom the body\n' > "$T/want"
cmp -s "$T/out" "$T/want"
ok $? "exact bytes, nothing quoted"
transcript "-d" "From joe@example.org Thu Nov  5 13:05:09 2026
Return-Path: <joe@example.org>
Subject: hi

From the body
exit 0" pl -d cat
transcript "-f" "Return-Path: <joe@example.org>
Delivered-To: me@example.com
Subject: hi

From the body
exit 0" pl -f cat
transcript "-r" "From joe@example.org Thu Nov  5 13:05:09 2026
Delivered-To: me@example.com
Subject: hi

From the body
exit 0" pl -r cat
transcript "-dfr: the message alone" "Subject: hi

From the body
exit 0" pl -dfr cat
transcript "-d -f -r apart" "Subject: hi

From the body
exit 0" pl -d -f -r cat
transcript "-fF: the last one wins" "From joe@example.org Thu Nov  5 13:05:09 2026
Subject: hi

From the body
exit 0" pl -dfrF cat
transcript "-- ends the options" "Subject: hi

From the body
exit 0" pl -dfr -- cat
transcript "the command's options are its own" "     1	Subject: hi
exit 0" sh -c "\"$P\" -dfr cat -n < \"$T/msg\" | head -n 1"
transcript "UFLINE unset" "preline: fatal: UFLINE not set
exit 100" env -u UFLINE "$P" cat
transcript "UFLINE unset but not wanted" "Subject: hi

From the body
exit 0" sh -c "exec env -u UFLINE \"$P\" -fdr cat < \"$T/msg\""
transcript "RPLINE unset" "preline: fatal: RPLINE not set
exit 100" env -u RPLINE "$P" cat
transcript "DTLINE unset" "preline: fatal: DTLINE not set
exit 100" env -u DTLINE "$P" cat
transcript "the command's exit code" "
exit 37" pl sh -c 'cat > /dev/null; echo; exit 37'
transcript "a crash is 111" "preline: fatal: child crashed
exit 111" pl sh -c 'kill -9 $$'
transcript "no such command" "preline: fatal: unable to run $T/none: no such file or directory
exit 100" pl "$T/none"
transcript "a command that cannot be run" "preline: fatal: unable to run $T/msg: permission denied
exit 100" pl "$T/msg"

head -c 2000000 /dev/urandom > "$T/big"
"$P" cat < "$T/big" > "$T/bigout"
is "$?" 0 "a 2 MB message: exit 0"
{ printf '%s%s%s' "$UFLINE" "$RPLINE" "$DTLINE"; cat "$T/big"; } > "$T/bigwant"
cmp -s "$T/bigwant" "$T/bigout"
ok $? "a 2 MB message comes out whole behind the lines"
"$P" sh -c 'exit 3' < "$T/big"
is "$?" 3 "a command that reads nothing: its exit code, no hang"
transcript "input that cannot be read" "preline: fatal: unable to read input: is a directory
exit 111" sh -c "exec \"$P\" cat < \"$T\""
done_testing

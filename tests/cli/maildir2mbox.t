#!/bin/sh
# maildir2mbox.t — maildir2mbox: the variables it needs, the mbox it
# writes (exact bytes: old contents kept, From_ lines from Return-Path and
# the delivery time, From quoting, a missing last LF), that it removes the
# messages only once the mbox is in place, keeps the mbox's mode, waits for
# the mbox's lock, leaves everything as it was when a message cannot be
# read, and cleans old files out of tmp/.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
. "$IM_SRC/tests/lib/proc.sh"
P=$(bin qmail/deliver/maildir2mbox)
[ -x "$P" ] || skip_all "maildir2mbox is not built"
HOLDER= M2M=
trap 'for p in $HOLDER $M2M; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
M=$T/Maildir
mkdir -p "$M/tmp" "$M/new" "$M/cur"
export MAILDIR="$M" MAIL="$T/mbox" MAILTMP="$T/mbox.tmp"
count() { ls "$M/new" "$M/cur" | grep -c '^[0-9]'; }

transcript "MAILDIR unset" "maildir2mbox: fatal: MAILDIR not set
exit 100" env -u MAILDIR "$P"
transcript "MAIL unset" "maildir2mbox: fatal: MAIL not set
exit 100" env -u MAIL "$P"
transcript "MAILTMP unset" "maildir2mbox: fatal: MAILTMP not set
exit 100" env -u MAILTMP "$P"
transcript "no maildir" "maildir2mbox: warning: unable to clean $T/none/tmp: no such file or directory
maildir2mbox: fatal: unable to scan $T/none: no such file or directory
exit 111" env MAILDIR="$T/none" "$P"
transcript "an empty maildir" "
exit 0" sh -c "\"$P\"; r=\$?; echo; exit \$r"
ok "$([ ! -e "$T/mbox" ]; echo $?)" "an empty maildir: no mbox made"

printf 'Return-Path: <joe@example.org>\nDelivered-To: me@example.com\nSubject: one\n\nFrom here\n>From there\nFrom: not quoted? no, quoted\nthe end without LF' \
  > "$M/new/1700000100.P1.host"
printf 'Return-Path: <>\nSubject: bounce\n\nbody\n' > "$M/cur/1700000000.P2.host:2,S"
printf 'Subject: no return path\n\n' > "$M/new/1700000200.P3.host"
printf 'From old@x Mon Jan  1 00:00:00 2024\nSubject: old\n\nold body\n\n' > "$T/mbox"
chmod 640 "$T/mbox"
transcript "three messages" "
exit 0" sh -c "\"$P\"; r=\$?; echo; exit \$r"
printf '%s' 'From old@x Mon Jan  1 00:00:00 2024
Subject: old

old body

From MAILER-DAEMON Tue Nov 14 22:13:20 2023
Return-Path: <>
Subject: bounce

body

From joe@example.org Tue Nov 14 22:15:00 2023
Return-Path: <joe@example.org>
Delivered-To: me@example.com
Subject: one

>From here
>>From there
From: not quoted? no, quoted
the end without LF

From unknown Tue Nov 14 22:16:40 2023
Subject: no return path


' > "$T/want"
cmp "$T/want" "$T/mbox" >/dev/null 2>&1
ok $? "the mbox: old contents, then the messages in delivery order"
[ $? -eq 0 ] || diff "$T/want" "$T/mbox" | sed 's/^/# /' >&2
is "$(count)" 0 "the messages are gone from the maildir"
ok "$([ ! -e "$T/mbox.tmp" ]; echo $?)" "MAILTMP is gone"
is "$(stat -c %a "$T/mbox")" 640 "the mbox kept its mode"

rm -f "$T/mbox"
printf 'Return-Path: <a@b>\n\nx\n' > "$M/new/1700000300.P4.host"
"$P"
is "$?:$(stat -c %a "$T/mbox" 2>/dev/null)" "0:600" "a new mbox: mode 600"
is "$(head -n 1 "$T/mbox")" "From a@b Tue Nov 14 22:18:20 2023" "a new mbox: its first line"

# a message name without a time: the file's time
printf 'Return-Path: <a@b>\n\nx\n' > "$M/new/oddname"
touch -m -d '2020-02-29 12:34:56 UTC' "$M/new/oddname"
rm -f "$T/mbox"
"$P"
is "$(head -n 1 "$T/mbox")" "From a@b Sat Feb 29 12:34:56 2020" "no time in the name: the file's time"

# a line longer than the line buffer: only its start is looked at
{ printf 'Subject: long\n\n'; head -c 70000 /dev/zero | tr '\0' 'a'; printf 'From x\n'; } > "$M/new/1700000400.P5.host"
rm -f "$T/mbox"
"$P"
is "$(grep -c '^>From\|^From x' "$T/mbox")" 0 "a From in the middle of a long line is not quoted"
is "$(wc -c < "$T/mbox" | tr -d ' ')" $((38 + 15 + 70000 + 7 + 1)) "the long line whole"

# the same file twice
printf 'x\n' > "$M/new/1700000500.P6.host"
transcript "MAILTMP is MAIL" "maildir2mbox: fatal: MAILTMP and MAIL are the same file
exit 100" env MAILTMP="$T/mbox" "$P"
is "$(count)" 1 "the message stays"

# a message that cannot be read: nothing changes
cp "$T/mbox" "$T/mbox.before"
mkdir "$M/new/1700000600.P7.host"
transcript "an unreadable message" "maildir2mbox: fatal: unable to read $M/new/1700000600.P7.host: is a directory
exit 111" "$P"
cmp -s "$T/mbox" "$T/mbox.before"
ok $? "the mbox is as it was"
is "$(count)" 2 "the messages stay"
rmdir "$M/new/1700000600.P7.host"

# the mbox's lock: no change while another process holds it
need_flock=$(command -v flock)
if [ -n "$need_flock" ]; then
  # one process that holds the lock: the subshell locks its descriptor
  # 9 and becomes sleep, so killing it frees the lock
  ( exec 9>>"$T/mbox"; flock 9; exec sleep 30 ) &
  HOLDER=$!
  until_ok 10 sh -c "! flock -n \"$T/mbox\" true"
  ok $? "a holder has the mbox locked"
  "$P" &
  M2M=$!
  sleep 0.5
  cmp -s "$T/mbox" "$T/mbox.before"
  ok $? "while the lock is held the mbox is unchanged"
  is "$(count)" 1 "and the message waits"
  kill "$HOLDER"; wait "$HOLDER" 2>/dev/null; HOLDER=
  wait "$M2M"
  is "$?" 0 "once the lock is free: exit 0"
  M2M=
  is "$(count)" 0 "and the message moved"
else
  skip "flock(1) is not installed"
  skip "flock(1) is not installed"
  skip "flock(1) is not installed"
  skip "flock(1) is not installed"
  skip "flock(1) is not installed"
fi

# tmp/ cleaning
printf 'x' > "$M/tmp/old"
printf 'x' > "$M/tmp/young"
touch -a -d '3 days ago' "$M/tmp/old"
"$P"
ok "$([ ! -e "$M/tmp/old" ] && [ -e "$M/tmp/young" ]; echo $?)" "tmp/: a file untouched for 36 hours is removed, a young one stays"
done_testing

#!/bin/sh
# qmail-local.t — usage errors, the report and exit code of each way a
# delivery ends: home and .qmail checks, missing mailboxes, bad lines, the
# Delivered-To loop check and maxdeliveredto, program exit codes, forward
# failures, and -n descriptions.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
umask 022
QL=$(bin qmail/deliver/qmail-local)
H=$T/home
mkdir -p "$H/Maildir/tmp" "$H/Maildir/new" "$H/Maildir/cur" "$T/control"
export CONTROLDIR=$T/control
unset QMAILQUEUE DEFAULT
printf 'Subject: test\n\nhello\n' > "$T/msg"
MSG=$T/msg
# ql ARGS...: qmail-local with the message on fd 0
ql() { "$QL" "$@" < "$MSG"; }
# jl EXT ARGS...: an address joe-EXT@example.com
jl() { _e=$1; shift; ql "$@" -- joe "$H" "joe-$_e" - "$_e" example.com s@x.org ./Maildir/; }
U="qmail-local: usage: qmail-local [-nN] -- user homedir local dash ext domain sender defaultdelivery"

transcript "no arguments" "$U
exit 100" ql
transcript "seven arguments" "$U
exit 100" ql -- joe "$H" joe "" "" example.com s@x.org
transcript "nine arguments" "$U
exit 100" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/ extra
transcript "unknown option" "$U
exit 100" ql -x -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
transcript "relative home" "$U
exit 100" ql -- joe home joe "" "" example.com s@x.org ./Maildir/

transcript "the default delivery" "did 1+0+0
exit 0" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
transcript "without --" "did 1+0+0
exit 0" ql -N joe "$H" joe "" "" example.com s@x.org ./Maildir/
is "$(ls "$H/Maildir/new" | wc -l)" 2 "two messages in new/"

transcript "no such home" "Unable to switch to $T/nohome: no such file or directory. (#4.3.0)
exit 111" ql -- joe "$T/nohome" joe "" "" example.com s@x.org ./Maildir/
chmod g+w "$H"
transcript "group-writable home" "The home directory is group- or world-writable: refusing to deliver. (#4.7.0)
exit 111" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
chmod g-w,o+w "$H"
transcript "world-writable home" "The home directory is group- or world-writable: refusing to deliver. (#4.7.0)
exit 111" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
chmod o-w,+t "$H"
transcript "sticky home" "The home directory is sticky: its owner is editing the .qmail files. (#4.2.1)
exit 111" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
transcript "sticky home, -n: a warning" "Warning: the home directory is sticky.
maildir ./Maildir/
did 1+0+0
exit 0" ql -n -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
chmod -t "$H"
is "$(ls "$H/Maildir/new" | wc -l)" 2 "nothing delivered by refused runs"

transcript "no mailbox by that name" "No mailbox here by that name. (#5.1.1)
exit 100" jl nobody
printf './Maildir/\n' > "$H/.qmail-x"
chmod 664 "$H/.qmail-x"
transcript "group-writable .qmail" "The file .qmail-x is group- or world-writable: refusing to follow it. (#4.7.0)
exit 111" jl x
chmod 646 "$H/.qmail-x"
transcript "world-writable .qmail" "The file .qmail-x is group- or world-writable: refusing to follow it. (#4.7.0)
exit 111" jl x
chmod 644 "$H/.qmail-x"
transcript ".qmail-x" "did 1+0+0
exit 0" jl x
chmod 000 "$H/.qmail-x"
if [ "$(id -u)" != 0 ]; then
  transcript "unreadable .qmail" "Unable to open .qmail-x: permission denied. (#4.2.1)
exit 111" jl x
else
  skip "unreadable .qmail: root reads every file"
fi
chmod 644 "$H/.qmail-x"

printf '\n./Maildir/\n' > "$H/.qmail-blank"
transcript "blank first line" ".qmail-blank, line 1: the first line is blank. (#4.7.0)
exit 111" jl blank
printf './Maildir/\n\n# ok\n\n|true\n' > "$H/.qmail-blanks"
transcript "later blank lines are fine" "did 1+0+1
exit 0" jl blanks
printf './Maildir/\n& a@b.c\n' > "$H/.qmail-bad"
transcript "a bad line: nothing is delivered" ".qmail-bad, line 2: a malformed forwarding address. (#4.7.0)
exit 111" jl bad
printf '+list\n' > "$H/.qmail-plus"
transcript "an unknown line" ".qmail-plus, line 1: a line that starts with an unknown character. (#4.7.0)
exit 111" jl plus
printf '&a@b.c\n|true\n' > "$H/.qmail-fwdonly"
chmod 755 "$H/.qmail-fwdonly"
transcript "execute bit and a program" ".qmail-fwdonly, line 2: the execute bit allows only forwards here. (#4.7.0)
exit 111" jl fwdonly
printf '&a@b.c\n./Mailbox\n' > "$H/.qmail-fwdonly"
transcript "execute bit and an mbox" ".qmail-fwdonly, line 2: the execute bit allows only forwards here. (#4.7.0)
exit 111" jl fwdonly
is "$(ls "$H/Maildir/new" | wc -l)" 4 "only the good files delivered"

: > "$H/.qmail-empty"
transcript "an empty .qmail-ext: the default delivery" "did 1+0+0
exit 0" jl empty
transcript "no .qmail and an empty default delivery" "No delivery instructions: the default delivery is empty. (#4.3.0)
exit 111" ql -- joe "$H" joe "" "" example.com s@x.org ""
printf '# only a comment\n' > "$H/.qmail-devnull"
transcript "only comments: delivered nowhere" "did 0+0+0
exit 0" jl devnull
transcript "the default delivery is parsed too" "the default delivery, line 1: a malformed forwarding address. (#4.7.0)
exit 111" ql -- joe "$H" joe "" "" example.com s@x.org "&a b"

printf 'Delivered-To: joe@example.com\nSubject: loop\n\nbody\n' > "$T/loop"
MSG=$T/loop
transcript "a loop" "Mail loop: the message already has my Delivered-To line. (#5.4.6)
exit 100" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
transcript "-n does not read the message" "maildir ./Maildir/
did 1+0+0
exit 0" ql -n -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
transcript "another recipient is no loop" "did 1+0+0
exit 0" ql -- joe "$H" joe "" "" other.example.com s@x.org ./Maildir/
printf 'Subject: x\n\nDelivered-To: joe@example.com\n' > "$T/body"
MSG=$T/body
transcript "the line in the body is no loop" "did 1+0+0
exit 0" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
printf 'Delivered-To: joe@example.com\nDELIVERED-TO: joe@example.com\r\n\nbody\n' > "$T/loop2"
MSG=$T/loop2
echo 1 > "$T/control/maxdeliveredto"
transcript "maxdeliveredto 1, two lines: a loop" "Mail loop: the message already has my Delivered-To line. (#5.4.6)
exit 100" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
MSG=$T/loop
transcript "maxdeliveredto 1, one line: delivered" "did 1+0+0
exit 0" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
echo -1 > "$T/control/maxdeliveredto"
MSG=$T/loop2
transcript "maxdeliveredto -1: no check" "did 1+0+0
exit 0" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
echo many > "$T/control/maxdeliveredto"
transcript "a bad maxdeliveredto" "Unable to read $T/control/maxdeliveredto: invalid argument. (#4.3.0)
exit 111" ql -- joe "$H" joe "" "" example.com s@x.org ./Maildir/
rm "$T/control/maxdeliveredto"
MSG=$T/msg

OUT=$(printf 'x\n' | "$QL" -- joe "$H" joe "" "" example.com s@x.org ./Maildir/ 2>&1); RC=$?
is "$OUT
exit $RC" "Unable to rewind the message: illegal seek. (#4.3.0)
exit 111" "a message that cannot be rewound"

# progs CODE WANT RC: a .qmail-pCODE whose program says "out" and exits CODE
progs() {
  printf '|echo out; exit %s\n|echo not reached\n' "$1" > "$H/.qmail-p$1"
  transcript "a program that exits $1" "$2
exit $3" jl "p$1"
}
progs 0 "out
not reached
did 0+0+2" 0
progs 99 "out
did 0+0+1" 0
for code in 100 64 65 70 76 77 78 112; do progs $code out 100; done
for code in 111 1 2 98 101 255; do progs $code out 111; done
printf '|kill -9 $$\n' > "$H/.qmail-crash"
transcript "a program killed by a signal" "The program was killed by a signal. (#4.3.0)
exit 111" jl crash
printf '|echo to stderr >&2; echo to stdout\n' > "$H/.qmail-out"
transcript "a program's output is in the report" "to stderr
to stdout
did 0+0+1
exit 0" jl out

printf '#!/bin/sh\ncat > /dev/null; cat <&1 > /dev/null; exit %s\n' 31 > "$T/qq31"
printf '#!/bin/sh\ncat > /dev/null; cat <&1 > /dev/null; exit %s\n' 71 > "$T/qq71"
chmod 755 "$T/qq31" "$T/qq71"
printf '&a@b.c\n' > "$H/.qmail-fwd"
QMAILQUEUE=$T/qq31 transcript "forward refused for good" "Unable to forward the message: qq permanently refused. (#5.3.0)
exit 100" jl fwd
QMAILQUEUE=$T/qq71 transcript "forward refused for now" "Unable to forward the message: qq temporarily refused. (#4.3.0)
exit 111" jl fwd
printf '#!/bin/sh\ncat > /dev/null; cat <&1 > /dev/null; printf "%%s\\n" "$1" >&2; exit 88\n' > "$T/qq88"
chmod 755 "$T/qq88"
printf '#!/bin/sh\nexec %s "%s"\n' "$T/qq88" 'Dspam is refused here (#5.7.1)' > "$T/qq88d"
printf '#!/bin/sh\nexec %s "%s"\n' "$T/qq88" 'Zgreylisted, try later (#4.7.1)' > "$T/qq88z"
printf '#!/bin/sh\nexec %s "%s"\n' "$T/qq88" 'odd text' > "$T/qq88x"
chmod 755 "$T/qq88d" "$T/qq88z" "$T/qq88x"
QMAILQUEUE=$T/qq88d transcript "forward refused by a filter for good (exit 88, D)" "Unable to forward the message: spam is refused here (#5.7.1)
exit 100" jl fwd
QMAILQUEUE=$T/qq88z transcript "forward refused by a filter for now (exit 88, Z)" "Unable to forward the message: greylisted, try later (#4.7.1)
exit 111" jl fwd
QMAILQUEUE=$T/qq88x transcript "exit 88 with neither D nor Z" "odd text
Unable to forward the message: qq custom error. (#4.3.0)
exit 111" jl fwd
QMAILQUEUE=$T/nonexistent transcript "no queue program" "Unable to run $T/nonexistent: no such file or directory. (#4.3.0)
Unable to forward the message: qq internal bug. (#4.3.0)
exit 111" jl fwd
PREFIX=$T/noprefix transcript "no queue program under PREFIX" "Unable to run $T/noprefix/sbin/qmail-multi: no such file or directory. (#4.3.0)
Unable to forward the message: qq internal bug. (#4.3.0)
exit 111" jl fwd

printf '# a list\n|prog one\n&a@b.c\nd@e.f\n./Mailbox\n/var/mail/joe\n./Maildir/\n' > "$H/.qmail-desc"
transcript "-n describes each line" "program prog one
forward a@b.c
forward d@e.f
mbox ./Mailbox
mbox /var/mail/joe
maildir ./Maildir/
did 3+2+1
exit 0" jl desc -n
transcript "-nN: the last one wins" "did 0+0+0
exit 0" jl devnull -nN
done_testing

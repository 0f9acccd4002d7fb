#!/bin/sh
# rblsmtpd.t — rblsmtpd's usage, the $RBLSMTPD variable (empty, text,
# "-text"), its limited SMTP dialogue and log line, -t 0, and a program
# that cannot run. DNS blocklists are in tests/e2e/rblsmtpd.t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
rbl=$(bin ucspi-tcp/rblsmtpd)
usage="rblsmtpd: usage: rblsmtpd [ -bBcC ] [ -t timeout ] [ -T lookuptimeout ] [ -r base ] [ -a base ] smtpd [ arg ... ]"
export TCPREMOTEIP=192.0.2.9
unset RBLSMTPD TCP6REMOTEIP

# session CMDS ARGS...: feed the commands (printf format) to rblsmtpd;
# OUT = its replies with each CR shown as ~, then the log line
session() {
  _in=$1; shift
  printf "$_in" | "$rbl" "$@" > "$T/out" 2> "$T/err"
  RC=$?
  OUT=$(tr '\r' '~' < "$T/out"; sed 's/ pid [0-9]*:/ pid N:/' "$T/err")
}

transcript "no program" "$usage
exit 100" "$rbl"
transcript "an unknown option" "rblsmtpd: illegal option -- z
$usage
exit 100" "$rbl" -z true
transcript "a bad -t" "$usage
exit 100" "$rbl" -t x true
transcript "-T 0" "$usage
exit 100" "$rbl" -T 0 true
transcript "a missing -r argument" "rblsmtpd: option requires an argument -- r
$usage
exit 100" "$rbl" -r

transcript "not listed, no sources: the program runs" "hello
exit 0" "$rbl" echo hello
RBLSMTPD= transcript "RBLSMTPD empty: the program runs" "hello
exit 0" "$rbl" -r never.asked.test echo hello
transcript "a program that cannot run" "rblsmtpd: fatal: unable to run ./no-such-program: no such file or directory
exit 111" "$rbl" ./no-such-program

export RBLSMTPD="go away"
session 'HELO x\r\nEHLO y\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nNOOP\r\nRSET\r\nVRFY x\r\n\r\nquit now\r\nNOOP\r\n' echo RAN
is "$RC" 0 "RBLSMTPD text: exit 0"
is "$OUT" "220 rblsmtpd.local~
250 rblsmtpd.local~
250 rblsmtpd.local~
250 rblsmtpd.local~
451 go away~
451 go away~
250 rblsmtpd.local~
250 rblsmtpd.local~
451 go away~
451 go away~
221 rblsmtpd.local~
rblsmtpd: 192.0.2.9 pid N: 451 go away" "RBLSMTPD text: the dialogue, 451 for the rest, 221 at QUIT, one log line"

RBLSMTPD="-no thanks" session 'rcpt to:<x>\nquit\n' echo RAN
is "$OUT" "220 rblsmtpd.local~
553 no thanks~
221 rblsmtpd.local~
rblsmtpd: 192.0.2.9 pid N: 553 no thanks" "RBLSMTPD -text: 553, bare LF lines work"

RBLSMTPD="-" session 'rcpt\n' echo RAN
is "$OUT" "220 rblsmtpd.local~
553 ~
rblsmtpd: 192.0.2.9 pid N: 553 " "RBLSMTPD - alone: 553 with no text; EOF ends it"

RBLSMTPD=$(printf 'a\tb\001c') session 'rcpt\n' -b echo RAN
is "$OUT" "220 rblsmtpd.local~
451 a?b?c~
rblsmtpd: 192.0.2.9 pid N: 451 a?b?c" "unprintable bytes become ?; -b does not touch RBLSMTPD"

long=$(printf '%0300d' 0)
RBLSMTPD=$long session 'rcpt\n' echo RAN
is "$(printf '%s\n' "$OUT" | sed -n 2p | wc -c)" 206 "the text is cut at 200 bytes (451, space, 200, CR, LF)"

session 'mail\nrcpt\n' -t 0 echo RAN
is "$RC:$OUT" "0:451 go away~
rblsmtpd: 192.0.2.9 pid N: 451 go away" "-t 0: the refusal at once, no dialogue"

TCPREMOTEIP= session 'quit\n' echo RAN
is "$OUT" "220 rblsmtpd.local~
221 rblsmtpd.local~
rblsmtpd:  pid N: 451 go away" "an empty \$TCPREMOTEIP leaves the log's address empty"
unset TCPREMOTEIP
TCP6REMOTEIP=2001:db8::5 session 'quit\n' echo RAN
is "$(tail -n 1 "$T/err" | sed 's/ pid [0-9]*:/ pid N:/')" "rblsmtpd: 2001:db8::5 pid N: 451 go away" \
  "without TCPREMOTEIP the log names \$TCP6REMOTEIP"

# a command line longer than RBL_LINE_MAX gets one refusal
big=$(printf '%02000d' 0)
session "NOOP $big\r\nquit\r\n" echo RAN
is "$OUT" "220 rblsmtpd.local~
451 go away~
221 rblsmtpd.local~
rblsmtpd:  pid N: 451 go away" "an over-long line: one refusal, then the dialogue goes on"
done_testing

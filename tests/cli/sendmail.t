#!/bin/sh
# sendmail.t — the sendmail command line as real callers use it (cron,
# mailx, PHP), -t -i -oi -f -r -F -bm -bp -bs -q, the options accepted
# and ignored, usage errors, and the EX_* exit codes; mailq. The queue
# program, qmail-qread, qmail-smtpd and svc are stand-ins.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
sm=$(bin qmail/inject/sendmail)
mailq=$(bin qmail/inject/mailq)
mkdir "$T/control" "$T/prefix" "$T/prefix/bin" "$T/prefix/sbin" "$T/service"
echo example.org > "$T/control/me"
cat > "$T/qq" <<EOF
#!/bin/sh
cat > "$T/msg"
tr '\\0' '|' <&1 > "$T/env"
exit \${QQ_EXIT:-0}
EOF
chmod +x "$T/qq"

# s ARGS... < input: sendmail in a clean environment; output and status
s() {
  env -i PATH="$PATH" CONTROLDIR="$T/control" PREFIX="$T/prefix" SERVICEDIR="$T/service" \
    QMAILQUEUE="$T/qq" USER=cron $ENVX "$sm" "$@"
}
# rc FILE ARGS...: the exit code; output in $T/out
rc() { _f=$1; shift; s "$@" < "$_f" > "$T/out" 2>&1; echo $?; }
msg() { printf "$2" > "$T/$1"; }
env_is() { is "$(cat "$T/env")" "$1" "$2"; }
USAGE="sendmail: usage: sendmail [ -t ] [ -i ] [ -f sender ] [ -F name ] [ -bm | -bp | -bs ] [ -q ] [ recipient ... ]"

# ---- usage errors: EX_USAGE (64) ----
transcript "an unknown option" "sendmail: unknown option -- Z
$USAGE
exit 64" s -Z root
transcript "an unknown option in a cluster" "sendmail: unknown option -- Y
$USAGE
exit 64" s -tiY
transcript "-f without its value" "sendmail: option requires an argument -- f
$USAGE
exit 64" s -f
transcript "an unsupported mode" "sendmail: unsupported mode -bd
$USAGE
exit 64" s -bd
transcript "-bi (newaliases) is not supported" "sendmail: unsupported mode -bi
$USAGE
exit 64" s -bi
transcript "no recipients and no -t" \
  "sendmail: fatal: no recipients given (name them, or use -t to take them from the header)
exit 64" s -i
msg none 'Subject: nobody\n\nbody\n'
is "$(rc "$T/none" -t):$(cat "$T/out")" "64:sendmail: fatal: no recipients" "-t and no recipient in the header: 64"

# ---- cron: sendmail -FCronDaemon -i -B8BITMIME -oem root ----
msg cron 'To: root\nSubject: Cron <root@host> run-parts /etc/cron.daily\n\noutput of the job\n.\nmore\n'
is "$(rc "$T/cron" -FCronDaemon -i -B8BITMIME -oem root)" 0 "cron: exit 0"
env_is "Fcron@example.org|Troot@example.org||" "cron: the envelope"
is "$(sed -n 1p "$T/msg")" "From: CronDaemon <cron@example.org>" "cron: -F names the sender"
is "$(tail -n 3 "$T/msg")" "output of the job
.
more" "cron: with -i a line '.' is data"
is "$(rc "$T/cron" -odi -oem -oi -t -FCronDaemon)" 0 "cronie: -odi -oem -oi -t: exit 0"
env_is "Fcron@example.org|Troot@example.org||" "cronie: the recipient from the header"

# ---- mailx: sendmail -oi -f bounce@x rcpt ----
msg mailx 'Subject: from mailx\nTo: rcpt@y.org\n\nhello\n'
is "$(rc "$T/mailx" -oi -f bounce@x.org rcpt@y.org)" 0 "mailx: exit 0"
env_is "Fbounce@x.org|Trcpt@y.org||" "mailx: -f sets the envelope sender"
is "$(rc "$T/mailx" -i -- rcpt@y.org other)" 0 "mailx: -i -- recipients"
env_is "Fcron@example.org|Trcpt@y.org|Tother@example.org||" "mailx: every argument is a recipient, qualified"
is "$(rc "$T/mailx" -r bounce@x.org rcpt@y.org)" 0 "-r: exit 0"
env_is "Fbounce@x.org|Trcpt@y.org||" "-r is -f"

# ---- PHP: sendmail -t -i (and -f) ----
msg php 'To: a@b.org, "Some One" <c@d.org>\nCc: e@f.org\nBcc: hidden@g.org\nSubject: php\nX-PHP-Originating-Script: 33:mail.php\n\nbody\n'
is "$(rc "$T/php" -t -i)" 0 "PHP: exit 0"
env_is "Fcron@example.org|Ta@b.org|Tc@d.org|Te@f.org|Thidden@g.org||" "PHP: recipients from To, Cc and Bcc"
is "$(grep -ci '^bcc' "$T/msg")" 0 "PHP: Bcc removed from the message"
is "$(grep -c '^Message-ID: <.*@example.org>$' "$T/msg")" 1 "PHP: a Message-ID added"
is "$(rc "$T/php" -t -i -f www@site.org)" 0 "PHP with -f: exit 0"
env_is "Fwww@site.org|Ta@b.org|Tc@d.org|Te@f.org|Thidden@g.org||" "PHP with -f: the sender"
is "$(rc "$T/php" -ti extra@x.org a@b.org)" 0 "-t with arguments (and a cluster -ti)"
env_is "Fcron@example.org|Ta@b.org|Tc@d.org|Te@f.org|Thidden@g.org|Textra@x.org||" \
  "-t with arguments: header and arguments, each once"

# ---- the dot rule ----
msg dots 'To: a@b.org\n\nline\n..two dots\n.x\n.\nafter the end\n'
rc "$T/dots" a@b.org > /dev/null
is "$(sed -n '/^$/,$p' "$T/msg")" "
line
..two dots
.x" "without -i a line '.' ends the message; other dots are data"
rc "$T/dots" -oi a@b.org > /dev/null
is "$(tail -n 2 "$T/msg")" ".
after the end" "-oi: the dot is data"
printf 'To: a@b.org\r\n\r\nline\r\n.\r\nafter\r\n' > "$T/dotcr"
rc "$T/dotcr" a@b.org > /dev/null
is "$(tail -n 1 "$T/msg" | od -c | head -n 1 | tr -s ' ')" "0000000 l i n e \r \n" "'.' CRLF ends it too"
msg dothead 'To: a@b.org\n.\nSubject: never\n'
rc "$T/dothead" a@b.org > /dev/null
is "$(grep -c never "$T/msg")" 0 "a '.' line in the header ends the message"
printf 'To: a@b.org\n\nend.\n.' > "$T/dotend"
rc "$T/dotend" a@b.org > /dev/null
is "$(tail -c 5 "$T/msg" | tr '\n' '|')" "end.|" "a '.' that ends the input is dropped"

# ---- options accepted and ignored ----
msg plain 'Subject: x\n\nbody\n'
is "$(rc "$T/plain" -v -m -n -U -G -E -J -x -bm -N never -R hdrs -V envid -X /dev/null -h 17 \
  -p smtp -L tag -O Timeout=1 -C /etc/none -Ac -d0.1 -e e -oQ/tmp -o odb a@b.org):$(cat "$T/out")" "0:" \
  "every sendmail option that callers pass is accepted"
env_is "Fcron@example.org|Ta@b.org||" "... and changes nothing"

# ---- exit codes of a failed injection ----
for c in "31:69:qq permanently refused (exit 31)" "71:75:qq temporarily refused (exit 71)" \
         "53:75:qq write error or disk full (exit 53)"; do
  code=${c%%:*}; rest=${c#*:}; want=${rest%%:*}; text=${rest#*:}
  is "$(ENVX="QQ_EXIT=$code" rc "$T/plain" a@b.org):$(cat "$T/out")" "$want:sendmail: fatal: $text" \
    "the queue program exits $code: EX $want"
done
msg badhdr 'To: "unterminated\n\nbody\n'
is "$(rc "$T/badhdr" -t):$(cat "$T/out")" \
  "65:sendmail: fatal: unable to parse the To field: unterminated quoted string" "a bad header: EX_DATAERR (65)"
is "$(ENVX="QMAILQUEUE=$T/none" rc "$T/plain" a@b.org)" 75 "a queue program that cannot run: EX_TEMPFAIL (75)"

# ---- -bp and mailq ----
printf '#!/bin/sh\necho "listing of $QUEUE_BASE $*"\nexit 3\n' > "$T/prefix/bin/qmail-qread"
chmod +x "$T/prefix/bin/qmail-qread"
transcript "-bp runs PREFIX/bin/qmail-qread" "listing of /q 
exit 3" env QUEUE_BASE=/q PREFIX="$T/prefix" "$sm" -bp -v
ln -s "$sm" "$T/prefix/bin/sendmail"
transcript "mailq (the script) runs sendmail -bp" "listing of /q 
exit 3" env QUEUE_BASE=/q PREFIX="$T/prefix" "$mailq"
ln -s "$sm" "$T/mailq"
transcript "sendmail called as mailq is sendmail -bp" "listing of /q 
exit 3" env QUEUE_BASE=/q PREFIX="$T/prefix" "$T/mailq"
rm "$T/prefix/bin/qmail-qread"
transcript "-bp without qmail-qread: EX_UNAVAILABLE" \
  "sendmail: fatal: unable to run $T/prefix/bin/qmail-qread: no such file or directory
exit 69" s -bp

# ---- -bs ----
transcript "-bs without qmail-smtpd: EX_UNAVAILABLE" "sendmail: fatal: qmail-smtpd is not installed
exit 69" s -bs
cat > "$T/prefix/sbin/qmail-smtpd" <<'EOF'
#!/bin/sh
echo "PROTO=$PROTO TCPREMOTEIP=$TCPREMOTEIP TCPLOCALIP=$TCPLOCALIP RELAYCLIENT=${RELAYCLIENT-unset} INFO=$TCPREMOTEINFO"
cat
EOF
chmod +x "$T/prefix/sbin/qmail-smtpd"
is "$(echo 'HELO x' | s -bs 2>&1; echo "exit $?")" "PROTO=TCP TCPREMOTEIP=127.0.0.1 TCPLOCALIP=127.0.0.1 RELAYCLIENT= INFO=$(id -u)
HELO x
exit 0" "-bs runs qmail-smtpd on stdin and stdout, as a local client"
is "$(echo 'HELO x' | ENVX="PROTO=SSL TCPREMOTEIP=10.1.1.1" s -bs 2>&1 | sed -n 1p)" \
  "PROTO=SSL TCPREMOTEIP=10.1.1.1 TCPLOCALIP= RELAYCLIENT=unset INFO=" "-bs with PROTO set: the environment is left alone"

# ---- -q ----
transcript "-q without a delivery service: EX_UNAVAILABLE" \
  "sendmail: fatal: no qmail-send service in $T/service: unable to run the queue
exit 69" s -q
mkdir "$T/service/qmail-send.25" "$T/service/qmail-send" "$T/service/qmail-smtpd.25" "$T/service/qmail-sendx"
transcript "-q without svc: EX_UNAVAILABLE" \
  "sendmail: fatal: unable to run $T/prefix/bin/svc: no such file or directory
exit 69" s -q
printf '#!/bin/sh\necho "$*" >> "%s/svc.log"\nexit ${SVC_EXIT:-0}\n' "$T" > "$T/prefix/bin/svc"
chmod +x "$T/prefix/bin/svc"
transcript "-q: svc -a on every qmail-send service" "
exit 0" s -q
is "$(cat "$T/svc.log")" "-a $T/service/qmail-send $T/service/qmail-send.25" "-q: the services, sorted, and no others"
transcript "-q15m: the interval is ignored, the queue runs once" "
exit 0" s -q15m
is "$(sed -n 2p "$T/svc.log")" "-a $T/service/qmail-send $T/service/qmail-send.25" "-q15m: the same services"
transcript "svc fails: EX_TEMPFAIL" "sendmail: fatal: svc -a failed: the queue may not run now
exit 75" env SVC_EXIT=111 PREFIX="$T/prefix" SERVICEDIR="$T/service" "$sm" -q
transcript "a SERVICEDIR that does not exist: EX_UNAVAILABLE" \
  "sendmail: fatal: unable to read $T/nowhere: no such file or directory
exit 69" env PREFIX="$T/prefix" SERVICEDIR="$T/nowhere" "$sm" -q
done_testing

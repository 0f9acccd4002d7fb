#!/bin/sh
# qmail-inject.t — usage errors and exit codes, every header rule of
# qmail-header(5) as qmail-inject applies it (-n output), the envelope it
# hands to the queue program (a stand-in that records message and
# envelope), the options -a -A -h -H -f -F -n -N, the environment
# (QMAILUSER ... QMAILINJECT) and the control files.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
qi=$(bin qmail/inject/qmail-inject)
mkdir "$T/control" "$T/prefix" "$T/prefix/sbin"
echo example.org > "$T/control/me"

# the stand-in queue program: the message to $T/msg, the envelope (NULs
# as |) to $T/env; exits $QQ_EXIT (default 0) after writing $QQ_TEXT on 2
cat > "$T/qq" <<EOF
#!/bin/sh
cat > "$T/msg"
tr '\\0' '|' <&1 > "$T/env"
[ -n "\$QQ_TEXT" ] && echo "\$QQ_TEXT" >&2
exit \${QQ_EXIT:-0}
EOF
chmod +x "$T/qq"

# inj FILE ARGS...: qmail-inject with a clean environment and stdin from
# FILE; Date and Message-ID values replaced by DATE and MSGID
inj() {
  _f=$1; shift
  env -i PATH="$PATH" CONTROLDIR="$T/control" PREFIX="$T/prefix" QMAILQUEUE="$T/qq" \
    QMAILUSER=joe $ENVX "$qi" "$@" < "$_f" 2>&1 | sed -e 's/^\(Resent-\)*Date: .*/\1Date: DATE/' \
      -e 's/^\(Resent-\)*Message-ID: .*/\1Message-ID: MSGID/'
  return 0
}
# rc FILE ARGS...: the exit code alone
rc() {
  _f=$1; shift
  env -i PATH="$PATH" CONTROLDIR="$T/control" PREFIX="$T/prefix" QMAILQUEUE="$T/qq" \
    QMAILUSER=joe $ENVX "$qi" "$@" < "$_f" > "$T/out" 2>&1
  echo $?
}
msg() { printf "$2" > "$T/$1"; }
env_is() { is "$(cat "$T/env")" "$1" "$2"; }

# ---- usage ----
transcript "an unknown option" "$(cat <<'X'
qmail-inject: illegal option -- z
qmail-inject: usage: qmail-inject [ -nNaAhH ] [ -f sender ] [ -F name ] [ recip ... ]
exit 100
X
)" "$qi" -z
transcript "-f without its value" "$(cat <<'X'
qmail-inject: option requires an argument -- f
qmail-inject: usage: qmail-inject [ -nNaAhH ] [ -f sender ] [ -F name ] [ recip ... ]
exit 100
X
)" "$qi" -f
msg nothing 'Subject: no one\n\nbody\n'
is "$(rc "$T/nothing")" 100 "no recipients: exit 100"
is "$(cat "$T/out")" "qmail-inject: fatal: no recipients" "no recipients: the message"
ok "$([ ! -e "$T/msg" ]; echo $?)" "no recipients: the queue program never ran"

# ---- the header rules, seen with -n ----
msg basic 'To: bob, "J. Doe" <jd@host>\nSubject: hi\n\nbody\n'
transcript "-n: From, Date and Message-ID added, addresses qualified" "$(cat <<'X'
From: joe@example.org
Date: DATE
Message-ID: MSGID
To: bob@example.org, "J. Doe" <jd@host.example.org>
Subject: hi

body
exit 0
X
)" inj "$T/basic" -n
out=$(env -i PATH="$PATH" CONTROLDIR="$T/control" QMAILUSER=joe "$qi" -n < "$T/basic")
like "$(echo "$out" | grep '^Date:')" '^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] \+0000$' \
  "Date: RFC 5322, in UTC"
like "$(echo "$out" | grep '^Message-ID:')" '^Message-ID: <[0-9]{14}\.[0-9]+\.[0-9]+\.qmail@example\.org>$' \
  "Message-ID: <time.pid.ns.qmail@idhost>"
id1=$(echo "$out" | grep '^Message-ID:')
id2=$(env -i PATH="$PATH" CONTROLDIR="$T/control" QMAILUSER=joe "$qi" -n < "$T/basic" | grep '^Message-ID:')
ok "$([ "$id1" != "$id2" ]; echo $?)" "two messages get two Message-IDs"

msg present 'From: me@x.org\nDate: yesterday\nMessage-ID: <a@b>\nTo: c@d.org\n\nbody\n'
transcript "-n: nothing added when From, Date and Message-ID are there" "$(cat <<'X'
From: me@x.org
Date: DATE
Message-ID: MSGID
To: c@d.org

body
exit 0
X
)" inj "$T/present" -n
is "$(inj "$T/present" -n | grep -c '^Date:')" 1 "-n: the Date is not doubled"

msg bcc 'To: a@x.org\nBcc: b@y.org, c\nSubject: s\n\nbody\n'
transcript "-n: Bcc removed" "$(cat <<'X'
From: joe@example.org
Date: DATE
Message-ID: MSGID
To: a@x.org
Subject: s

body
exit 0
X
)" inj "$T/bcc" -n
is "$(rc "$T/bcc")" 0 "Bcc: queued"
env_is "Fjoe@example.org|Ta@x.org|Tb@y.org|Tc@example.org||" "Bcc: its recipients are in the envelope"
is "$(grep -ci '^bcc' "$T/msg")" 0 "Bcc: not in the queued message"

msg onlybcc 'Bcc: b@y.org\n\nbody\n'
transcript "-n: no To or Cc: Cc: recipient list not shown" "$(cat <<'X'
From: joe@example.org
Date: DATE
Message-ID: MSGID
Cc: recipient list not shown: ;

body
exit 0
X
)" inj "$T/onlybcc" -n

msg resent 'From: orig@x.org\nDate: d\nMessage-ID: <m@x>\nTo: old@x.org\nResent-To: new@y.org\nResent-Bcc: hid@z.org\n\nbody\n'
transcript "-n: resent message: Resent-From, Resent-Date, Resent-Message-ID added" "$(cat <<'X'
Resent-From: joe@example.org
Resent-Date: DATE
Resent-Message-ID: MSGID
From: orig@x.org
Date: DATE
Message-ID: MSGID
To: old@x.org
Resent-To: new@y.org

body
exit 0
X
)" inj "$T/resent" -n
rc "$T/resent" > /dev/null
env_is "Fjoe@example.org|Tnew@y.org|Thid@z.org||" "resent: only the Resent- recipients"
msg resent2 'Resent-Bcc: hid@z.org\nTo: old@x.org\n\nbody\n'
is "$(inj "$T/resent2" -n | sed -n 4p)" "Resent-Cc: recipient list not shown: ;" \
  "resent without Resent-To or Resent-Cc: Resent-Cc added"
is "$(inj "$T/resent2" -n | grep -c '^From:\|^Date:\|^Message-ID:\|^Cc:')" 0 "resent: no From, Date, Message-ID or Cc added"

msg drop 'Return-Path: <rp@x.org>\nContent-Length: 12\nTo: a@b.c\n\nbody\n'
is "$(inj "$T/drop" -n | grep -ci '^return-path\|^content-length')" 0 "Return-Path and Content-Length removed"
msg body1 'To: a@b.c\nnot a header line\nmore\n'
transcript "-n: a line that is no header field starts the body" "$(cat <<'X'
From: joe@example.org
Date: DATE
Message-ID: MSGID
To: a@b.c

not a header line
more
exit 0
X
)" inj "$T/body1" -n
msg crlf 'To: a@b.c\r\nSubject: x\r\n\r\nbody\r\n'
is "$(inj "$T/crlf" -n | tr -d -c '\r' | wc -c | tr -d ' ')" 1 "CRLF header lines lose their CR; the body keeps its own"
msg illegal 'To: djb fred, grp: g@h;\nCc: <@route:u@v.w>\n\n'
is "$(inj "$T/illegal" -n | sed -n '4,5p')" "To: djb@example.org, fred@example.org, grp: g@h.example.org;
Cc: <u@v.w>" "a space between addresses becomes a comma; routes go"
msg bad 'To: "unterminated\n\nbody\n'
is "$(rc "$T/bad" -n):$(cat "$T/out")" "100:qmail-inject: fatal: unable to parse the To field: unterminated quoted string" \
  "a To that cannot be parsed: exit 100, and why"

# ---- recipients: -a -A -h -H ----
msg rcpts 'To: h@x.org\n\nbody\n'
rc "$T/rcpts" a@y.org > /dev/null
env_is "Fjoe@example.org|Ta@y.org||" "-A (default) with arguments: the arguments only"
rc "$T/rcpts" > /dev/null
env_is "Fjoe@example.org|Th@x.org||" "-A without arguments: the header"
rc "$T/rcpts" -a a@y.org > /dev/null
env_is "Fjoe@example.org|Ta@y.org||" "-a: the arguments only"
is "$(rc "$T/rcpts" -a)" 100 "-a without arguments: no recipients, exit 100"
rc "$T/rcpts" -h a@y.org > /dev/null
env_is "Fjoe@example.org|Th@x.org||" "-h: the header only"
rc "$T/rcpts" -H a@y.org h@x.org 'b, c@z.org' > /dev/null
env_is "Fjoe@example.org|Th@x.org|Ta@y.org|Tb@example.org|Tc@z.org||" \
  "-H: header and arguments, each once, arguments parsed as lists"
rc "$T/rcpts" -a -h > /dev/null
env_is "Fjoe@example.org|Th@x.org||" "the last of the options wins"
is "$(rc "$T/rcpts" -- -odd@x.org)" 0 "-- ends the options"
env_is "Fjoe@example.org|T-odd@x.org||" "-- : the next argument is a recipient"
is "$(rc "$T/rcpts" '"unterminated')" 100 "a recipient argument that cannot be parsed: exit 100"
is "$(cat "$T/out")" 'qmail-inject: fatal: unable to parse the recipient "unterminated: unterminated quoted string' \
  "... and says why"

# ---- the envelope sender ----
rc "$T/rcpts" -f bounce@x.org > /dev/null
env_is "Fbounce@x.org|Th@x.org||" "-f sets the envelope sender"
rc "$T/rcpts" -fbounce > /dev/null
env_is "Fbounce@example.org|Th@x.org||" "-fADDR, and the sender is qualified"
rc "$T/rcpts" -f '' > /dev/null
env_is "F|Th@x.org||" "-f '': the null sender"
rc "$T/rcpts" -f '<>' > /dev/null
env_is "F|Th@x.org||" "-f '<>': the null sender"
msg rp 'Return-Path: <rp@x.org>\nTo: h@x.org\n\nbody\n'
rc "$T/rp" > /dev/null
env_is "Frp@x.org|Th@x.org||" "Return-Path sets the envelope sender"
rc "$T/rp" -f bounce@x.org > /dev/null
env_is "Fbounce@x.org|Th@x.org||" "-f wins over Return-Path"
ENVX="QMAILINJECT=s" rc "$T/rp" > /dev/null
env_is "Fjoe@example.org|Th@x.org||" "QMAILINJECT=s: Return-Path ignored"
ENVX="QMAILSUSER=bounces QMAILSHOST=lists" rc "$T/rcpts" > /dev/null
env_is "Fbounces@lists.example.org|Th@x.org||" "QMAILSUSER and QMAILSHOST set the default sender"
ENVX="QMAILINJECT=r" rc "$T/rcpts" > /dev/null
env_is "Fjoe-@example.org-@[]|Th@x.org||" "QMAILINJECT=r: per-recipient VERP"
ENVX="QMAILINJECT=m" rc "$T/rcpts" > /dev/null
like "$(cat "$T/env")" '^Fjoe-[0-9]{14}\.[0-9]+@example\.org\|Th@x\.org\|\|$' "QMAILINJECT=m: per-message VERP"
ENVX="QMAILINJECT=r" rc "$T/rcpts" -f '' > /dev/null
env_is "F|Th@x.org||" "no VERP for the null sender"

# ---- identity: user, host, name ----
ident() { env -i PATH="$PATH" CONTROLDIR="$T/control" "$@" "$qi" -n < "${IN:-$T/rcpts}" | grep "^From:"; }
is "$(ident QMAILUSER=q MAILUSER=m USER=u LOGNAME=l)" "From: q@example.org" "QMAILUSER first"
is "$(ident MAILUSER=m USER=u LOGNAME=l)" "From: m@example.org" "then MAILUSER"
is "$(ident USER=u LOGNAME=l)" "From: u@example.org" "then USER"
is "$(ident LOGNAME=l)" "From: l@example.org" "then LOGNAME"
is "$(ident)" "From: $(id -un)@example.org" "then the password entry"
is "$(ident USER='odd user')" 'From: "odd user"@example.org' "a user name that needs quotes"
is "$(ident USER=u QMAILHOST=mail MAILHOST=m2)" "From: u@mail.example.org" "QMAILHOST (qualified)"
is "$(ident USER=u MAILHOST=m2.x.org)" "From: u@m2.x.org" "MAILHOST"
is "$(ident USER=u QMAILNAME='Q N' MAILNAME=M NAME=N)" "From: Q N <u@example.org>" "QMAILNAME first"
is "$(ident USER=u MAILNAME='M. N' NAME=N)" 'From: "M. N" <u@example.org>' "then MAILNAME, quoted when needed"
is "$(ident USER=u NAME=N)" "From: N <u@example.org>" "then NAME"
is "$(ident USER=u NAME=N QMAILINJECT=c)" "From: u@example.org (N)" "QMAILINJECT=c: address-comment style"
is "$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u QMAILNAME=N "$qi" -n -F 'Fred F' < "$T/rcpts" | sed -n 1p)" \
  "From: Fred F <u@example.org>" "-F sets the personal name, over QMAILNAME"
is "$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u "$qi" -n -F "$(printf 'a\nTo: x')" < "$T/rcpts" | sed -n 1p)" \
  'From: "a To: x" <u@example.org>' "a newline in the name cannot start a field"
msg fromin 'From: given@x.org\nMessage-ID: <old@x>\nTo: h@x.org\n\n'
is "$(IN=$T/fromin ident USER=u)" "From: given@x.org" "an incoming From is kept"
is "$(IN=$T/fromin ident USER=u QMAILINJECT=f)" "From: u@example.org" "QMAILINJECT=f: the incoming From replaced"
fi_out=$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u QMAILINJECT=fi "$qi" -n < "$T/fromin")
is "$(echo "$fi_out" | grep -c 'given@x.org\|old@x')" 0 "QMAILINJECT=fi: the incoming From and Message-ID are gone"
like "$(echo "$fi_out" | grep '^Message-ID')" "qmail@example.org" "QMAILINJECT=i: a new Message-ID"

# ---- control files and their variables ----
echo mx.example.org > "$T/control/defaulthost"
echo dom.example > "$T/control/defaultdomain"
echo plus.example > "$T/control/plusdomain"
echo id.example.org > "$T/control/idhost"
msg hosts 'To: bare, a@host, b@host.cs+, c@[10.1.2.3], d@sub.dom\n\n'
out=$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u "$qi" -n < "$T/hosts")
is "$(echo "$out" | sed -n 1p)" "From: u@mx.example.org" "defaulthost in From"
is "$(echo "$out" | grep '^To:')" "To: bare@mx.example.org, a@host.dom.example, b@host.cs.plus.example, c@[10.1.2.3], d@sub.dom" \
  "defaulthost, defaultdomain, plusdomain"
like "$(echo "$out" | grep '^Message-ID')" "@id\.example\.org>$" "idhost in Message-ID"
out=$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u QMAILDEFAULTHOST=dh QMAILDEFAULTDOMAIN=dd.org \
  QMAILPLUSDOMAIN=pp.org QMAILIDHOST=ii.org "$qi" -n < "$T/hosts")
is "$(echo "$out" | grep '^To:')" "To: bare@dh.dd.org, a@host.dd.org, b@host.cs.pp.org, c@[10.1.2.3], d@sub.dom" \
  "QMAILDEFAULTHOST (itself qualified), QMAILDEFAULTDOMAIN, QMAILPLUSDOMAIN"
like "$(echo "$out" | grep '^Message-ID')" "@ii\.org>$" "QMAILIDHOST"
echo 'x+' > "$T/control/defaulthost"
is "$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u "$qi" -n < "$T/hosts" | sed -n 1p)" \
  "From: u@x.plus.example" "a defaulthost ending in + gets the plusdomain"
rm "$T/control/defaulthost" "$T/control/defaultdomain" "$T/control/plusdomain" "$T/control/idhost"
printf 'list@x.org\n' > "$T/lists"
msg mft 'To: list@x.org\nCc: me\n\n'
is "$(ENVX="QMAILMFTFILE=$T/lists" inj "$T/mft" -n | sed -n 4,5p)" "Mail-Followup-To: list@x.org,
  me@example.org" "QMAILMFTFILE: Mail-Followup-To added for a list"
is "$(ENVX="QMAILMFTFILE=$T/none" inj "$T/mft" -n | grep -c Mail-Followup)" 0 "QMAILMFTFILE naming no file: nothing"
is "$(env -i PATH="$PATH" CONTROLDIR="$T/control" QUEUE_COUNT=zero "$qi" -n < "$T/rcpts" 2>&1; echo "exit $?")" \
  "qmail-inject: fatal: bad value of QUEUE_COUNT: invalid argument
exit 111" "a bad path variable: exit 111"
if [ "$(id -u)" != 0 ]; then
  echo x > "$T/control/idhost"; chmod 000 "$T/control/idhost"
  is "$(rc "$T/rcpts")" 111 "an unreadable control file: exit 111"
  like "$(cat "$T/out")" "^qmail-inject: fatal: unable to read .*/control/idhost: permission denied$" "... and says which"
  rm -f "$T/control/idhost"
else
  skip "root reads any control file"; skip "root reads any control file"
fi

# ---- the queue program and its answers ----
msg q 'To: h@x.org\nSubject: queued\n\nline 1\nline 2\n'
is "$(rc "$T/q")" 0 "-N (default): queued, exit 0"
is "$(sed -n 1p "$T/msg")" "From: joe@example.org" "the queued message starts with the header"
is "$(tail -n 3 "$T/msg")" "
line 1
line 2" "and ends with the body, unchanged"
rm -f "$T/msg"
inj "$T/q" -n -N > /dev/null
ok "$([ -f "$T/msg" ]; echo $?)" "-N after -n queues"
cat > "$T/prefix/sbin/qmail-multi" <<EOF
#!/bin/sh
cat > "$T/msg.default"; cat <&1 > /dev/null
EOF
chmod +x "$T/prefix/sbin/qmail-multi"
env -i PATH="$PATH" CONTROLDIR="$T/control" PREFIX="$T/prefix" USER=u "$qi" < "$T/q"
is "$?:$(grep -c 'Subject: queued' "$T/msg.default")" "0:1" "without QMAILQUEUE: PREFIX/sbin/qmail-multi"
for c in "31:100:qq permanently refused (exit 31)" "11:100:qq address too long (exit 11)" \
         "53:111:qq write error or disk full (exit 53)" "71:111:qq temporarily refused (exit 71)" \
         "81:111:qq internal bug (exit 81)"; do
  code=${c%%:*}; rest=${c#*:}; want=${rest%%:*}; text=${rest#*:}
  is "$(ENVX="QQ_EXIT=$code" rc "$T/q"):$(cat "$T/out")" "$want:qmail-inject: fatal: $text" \
    "the queue program exits $code: exit $want"
done
is "$(ENVX="QQ_EXIT=88 QQ_TEXT=Dno_thanks" rc "$T/q"):$(cat "$T/out")" "100:qmail-inject: fatal: no_thanks" \
  "exit 88 with a D text: exit 100 and the text"
is "$(ENVX="QQ_EXIT=88 QQ_TEXT=Zlater" rc "$T/q"):$(cat "$T/out")" "111:qmail-inject: fatal: later" \
  "exit 88 with a Z text: exit 111 and the text"
is "$(ENVX="QQ_EXIT=0 QQ_TEXT=a_warning" rc "$T/q"):$(cat "$T/out")" "0:a_warning" \
  "what the queue program writes on 2 is shown"
printf '#!/bin/sh\nkill -9 $$\n' > "$T/crash"; chmod +x "$T/crash"
is "$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u QMAILQUEUE="$T/crash" "$qi" < "$T/q" 2>&1; echo "exit $?")" \
  "qmail-inject: fatal: the queue program crashed
exit 111" "a queue program killed by a signal: exit 111"
is "$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u QMAILQUEUE="$T/none" "$qi" < "$T/q" 2>&1; echo "exit $?")" \
  "qmail-inject: fatal: unable to run $T/none: no such file or directory
exit 111" "a queue program that does not exist: exit 111"
printf '#!/bin/sh\nexec 0<&-\nexit 0\n' > "$T/early"; chmod +x "$T/early"
{ printf 'To: h@x.org\n\n'; head -c 300000 /dev/zero | tr '\0' 'x'; } > "$T/big"
is "$(env -i PATH="$PATH" CONTROLDIR="$T/control" USER=u QMAILQUEUE="$T/early" "$qi" < "$T/big" 2>&1; echo "exit $?")" \
  "qmail-inject: fatal: unable to write to the queue program: broken pipe
exit 111" "a queue program that stops reading and then says 0: exit 111"
done_testing

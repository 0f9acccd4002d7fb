#!/bin/sh
# queue-deliver.t — one queue's delivery stage end to end (qmail-start,
# todo-proc, qmail-send, the spawners, qmail-clean) with stand-in
# qmail-local and qmail-remote: routing (locals, virtualdomains, envnoathost),
# a deferral and its saved retry time, SIGALRM retrying at once, a bounce
# checked as an RFC 3464 DSN with python3's email package, a double bounce
# to postmaster, a triple bounce discarded, SIGHUP re-reading the control
# files of todo-proc and qmail-send, queuelifetime expiry, and SIGTERM.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/qinst.sh"
qinst_need
tmpdir
track_pids
qinst_init 1 7
q=$QUEUEDIR
qinst_savemail
qinst_start ./Maildir/
send=$QI_PID
until_ok 20 sh -c "ps -o pid= --ppid $send | grep -q ."
ok $? "qmail-start started the set"

# num SENDER: the number of the (last) message from SENDER, from the log
num() { sed -n "s/^info msg \([0-9]*\): .* from <$1> .*/\1/p" "$T/log" | tail -n 1; }
# seen ERE: the log has a line matching ERE
seen() { grep -Eq -- "$1" "$T/log"; }
# rcpts SENDER: the deliveries of messages from SENDER, "channel result rcpt", sorted
rcpts() { awk -v s="<$1>" '$4 == s { print $1, $2, $3 }' "$T/deliveries" | sort; }
drained() { qinst_drain 30 "$q"; }
# dsn FILE: a summary of the bounce message in FILE, one fact a line
dsn() {
  python3 - "$1" <<'EOF'
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.compat32)
print('type', m.get_content_type(), m.get_param('report-type'))
parts = m.get_payload()
print('parts', ' '.join(p.get_content_type() for p in parts))
print('human', 'Below this line is a copy of the message' in parts[0].get_payload(decode=True).decode())
for block in parts[1].get_payload()[1:]:
    print('rcpt', block['Final-Recipient'].replace(' ', ''), block['Action'], block['Status'])
orig = parts[2].get_payload()
orig = orig[0] if isinstance(orig, list) else orig
print('original', orig['X-Test-Id'])
text = parts[0].get_payload(decode=True).decode()
for line in text.splitlines():
    if line.startswith('<'):
        print('says', line)
EOF
}

# 1. routing
qinst_msg 1 | qinst_inject s1@remote.example alice@test.example bob@localhost carol@remote.example \
  dave@virt.example erin
is "$?" 0 "a message for five recipients is queued"
drained
ok $? "and the queue drains"
is "$(rcpts s1@remote.example)" "local ok <alice@test.example>
local ok <bob@localhost>
local ok <erin@test.example>
local ok <vuser-dave@virt.example>
remote ok <carol@remote.example>" \
  "locals are local, virtualdomains become prefix-local, no @ gets envnoathost, the rest is remote"
n1=$(num s1@remote.example)
ok $([ -n "$n1" ] && seen "^new msg $n1\$" && seen "^end msg $n1\$"; echo $?) "the log: new msg $n1 ... end msg $n1"
like "$(grep -c "^starting delivery [0-9]*: msg $n1 to " "$T/log")" '^5$' "five deliveries started for it"
ok $(seen '^delivery [0-9]*: success: delivered by the stand-in'; echo $?) "the local report is logged"
ok $(seen '^delivery [0-9]*: success: [^ ]*127|success: remote.example accepted'; echo $?) "and the remote one"

# 2. a deferral, its saved retry time, SIGALRM
qinst_fail local frank@test.example temp 1
qinst_msg 2 | qinst_inject s2@remote.example frank@test.example
until_ok 20 grep -q '^local defer <frank@test.example>' "$T/deliveries"
ok $? "the first attempt is deferred"
n2=$(num s2@remote.example)
until_ok 10 seen "^delivery [0-9]*: deferral: 4.2.1 stand-in temporary failure for frank@test.example"
ok $? "the deferral is logged with the report"
lf=$(find "$q/local" -name "$n2" -type f)
inf=$(find "$q/info" -name "$n2" -type f)
birth=$(stat -c %Y "$inf")
until_ok 10 sh -c "[ \$(stat -c %Y '$lf') -gt $birth ]"
gap=$(( $(stat -c %Y "$lf") - birth ))
ok $([ "$gap" -ge 100 ] && [ "$gap" -le 200 ]; echo $?) "the next attempt is saved as local/'s mtime: birth + $gap s (qmail's schedule: (0+10)^2 = 100)"
sleep 1
is "$(grep -c '<frank@test.example>' "$T/deliveries")" 1 "no second attempt before then"
kill -ALRM "$send"
until_ok 10 grep -q '^local ok <frank@test.example>' "$T/deliveries"
ok $? "SIGALRM: retried at once, and delivered"
drained
ok $(seen "^end msg $n2\$"; echo $?) "and finished"

# 3. a permanent failure: the bounce goes to the sender as a DSN
qinst_fail remote gina@remote.example perm
qinst_msg 3 | qinst_inject s3@remote.example gina@remote.example hal@test.example
until_ok 20 grep -q '^remote ok <s3@remote.example> <>' "$T/deliveries"
ok $? "a bounce is delivered to the sender, with the empty envelope sender"
drained
is "$(rcpts s3@remote.example)" "local ok <hal@test.example>
remote fail <gina@remote.example>" "the other recipient is delivered"
n3=$(num s3@remote.example)
ok $(seen "^bounce msg $n3 qp [0-9]+\$"; echo $?) "the log: bounce msg $n3 qp PID"
ok $(seen "^delivery [0-9]*: failure: 5.1.1 stand-in permanent failure for gina@remote.example"; echo $?) \
  "the failure is logged with the report"
is "$(dsn "$(ls "$T"/mail/remote.s3@remote.example.*)")" "type multipart/report delivery-status
parts text/plain message/delivery-status message/rfc822
human True
rcpt rfc822;gina@remote.example failed 5.1.1
original 3
says <gina@remote.example>:" \
  "the bounce is a multipart/report DSN: the failed recipient, status 5.1.1, the original message"

# 4. a bounce that fails: the double bounce goes to postmaster
qinst_fail remote ian@remote.example perm
qinst_msg 4 | qinst_inject "" ian@remote.example
until_ok 20 grep -q '^local ok <postmaster@test.example> <#@\[\]>' "$T/deliveries"
ok $? "a failure of a bounce goes to doublebounceto@doublebouncehost with the sender #@[]"
drained
db=$(ls "$T"/mail/local.postmaster@test.example.* | head -n 1)
like "$(dsn "$db")" "rcpt rfc822;ian@remote.example failed 5.1.1" "a DSN naming the failed recipient"

# 5. a double bounce that fails is discarded
qinst_fail local postmaster@test.example perm
qinst_fail remote kim@remote.example perm
qinst_msg 5 | qinst_inject "" kim@remote.example
drained
ok $? "the queue drains"
ok $(seen '^triple bounce: discarding bounce/[0-9]+$'; echo $?) "the log: triple bounce: discarding bounce/N"
is "$(grep -c '<postmaster@test.example> <#@\[\]>' "$T/deliveries")" 2 "the double bounce was tried once, and not bounced again"
rm -f "$T/fail/local/postmaster@test.example"

# 6. SIGHUP: todo-proc routes with the new control files
qinst_ctl locals test.example localhost new.example
qinst_msg 6 | qinst_inject s6@remote.example old@new.example
drained
is "$(rcpts s6@remote.example)" "remote ok <old@new.example>" "a changed control file is not read before SIGHUP"
kill -HUP "$send"
# todo-proc logs nothing when it has read them: give it a second, and
# (on a loaded machine) a few more
for try in 1 2 3 4 5; do
  sleep 1
  qinst_msg 7 | qinst_inject "s7.$try@remote.example" lee@new.example
  drained
  [ "$(rcpts "s7.$try@remote.example")" = "local ok <lee@new.example>" ] && break
  diag "try $try: lee@new.example was routed before todo-proc read the control files"
done
is "$(rcpts "s7.$try@remote.example")" "local ok <lee@new.example>" "after SIGHUP the new locals are used"

# 7. queuelifetime: a deferral after it counts as permanent
qinst_ctl queuelifetime 3
kill -HUP "$send"
sleep 1
qinst_fail remote max@remote.example temp
qinst_msg 8 | qinst_inject s8@remote.example max@remote.example
until_ok 20 grep -q '^remote defer <max@remote.example>' "$T/deliveries"
ok $? "a deferral within the queue lifetime"
n8=$(num s8@remote.example)
birth=$(stat -c %Y "$(find "$q/info" -name "$n8" -type f)")
until_ok 10 sh -c "[ \$(date +%s) -ge $((birth + 4)) ]"
kill -ALRM "$send"
until_ok 20 grep -q '^remote ok <s8@remote.example> <>' "$T/deliveries"
ok $? "after queuelifetime (3 s, SIGHUP) the next deferral bounces"
drained
is "$(grep -c '<max@remote.example>' "$T/deliveries")" 2 "after two attempts"
ok $(seen "^bounce msg $n8 qp [0-9]+\$"; echo $?) "the log: bounce msg $n8 (after a deferral line, as qmail logs it)"
is "$(dsn "$(ls "$T"/mail/remote.s8@remote.example.*)" | grep -E '^(rcpt|says)')" \
  "rcpt rfc822;max@remote.example failed 4.4.7
says <max@remote.example>:" "the DSN: status 4.4.7"
like "$(cat "$T"/mail/remote.s8@remote.example.*)" "I'm not going to try again; this message has been in the queue too long" \
  "with qmail's words"

# SIGTERM
set=$(tree "$send")
qinst_stop "$send" 30
ok $? "SIGTERM: qmail-send exits 0"
ok $(seen '^status: exiting$'; echo $?) "the log: status: exiting"
for p in $set; do until_ok 10 gone "$p"; done
ok $? "and every program of the set ends"
is "$(find "$q/mess" "$q/todo" "$q/intd" "$q/info" "$q/local" "$q/remote" "$q/bounce" "$q/pid" -type f | wc -l | tr -d ' ')" \
  0 "nothing is left in the queue"
done_testing

#!/bin/sh
# inject-queue.t — qmail-inject and sendmail through the real built
# qmail-multi and qmail-queue into two queues made by queue-fix: the exact
# message and envelope that land in the queue; and a 50 MB message
# streamed through both programs, byte for byte, in flat memory.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3 md5sum
tmpdir
qi=$(bin qmail/inject/qmail-inject)
sm=$(bin qmail/inject/sendmail)
mkdir "$T/control"
echo example.org > "$T/control/me"
export CONFSPLIT=3 MIN_FREE=0
"$(bin qmail/queue/queue-fix)" -N 2 "$T/queue" > "$T/qf.out" 2>&1
ok $? "queue-fix made two queues"

# run PROG ARGS... < input: with the real queue chain
run() {
  env -i PATH="$PATH" CONTROLDIR="$T/control" USER=joe CONFSPLIT=3 MIN_FREE=0 \
    QMAILQUEUE="$(bin qmail/queue/qmail-multi)" QUEUEPROG="$(bin qmail/queue/qmail-queue)" \
    QUEUE_BASE="$T/queue" QUEUE_COUNT=2 QUEUE_START=1 "$@"
}
# the message files of both queues, one per line
messes() { find "$T/queue/queue1/mess" "$T/queue/queue2/mess" -type f | sort; }

printf 'To: bob, carol@x.org\nBcc: dave@y.org\nSubject: real queue\n\nhello\n' > "$T/m1"
run "$qi" < "$T/m1"
is "$?" 0 "qmail-inject into the real queue: exit 0"
is "$(messes | wc -l | tr -d ' ')" 1 "one message in the queues"
f=$(messes)
num=${f##*/}
q=${f%/mess/*}
like "$q" "/queue/queue[12]$" "in queue1 or queue2"
is "$(cat "$q/todo/$num" | tr '\0' '|' | sed 's/^u[0-9]*|p[0-9]*|//')" \
  "Fjoe@example.org|Tbob@example.org|Tcarol@x.org|Tdave@y.org|" "the envelope: sender and every recipient, Bcc included"
like "$(sed -n 1p "$f")" "^Received: \(indimail-mta [0-9]+ invoked by uid $(id -u)\); " "qmail-queue's Received line first"
is "$(sed -n '2,4p' "$f" | cut -d: -f1 | tr '\n' ' ')" "From Date Message-ID " "then From, Date and Message-ID"
is "$(sed -n '5,$p' "$f")" "To: bob@example.org, carol@x.org
Subject: real queue

hello" "then the header, rewritten, without Bcc, and the body"

printf 'To: php@x.org\nSubject: from php\n\nline\n.\nnot sent\n' > "$T/m2"
run "$sm" -t -f www@site.org < "$T/m2"
is "$?" 0 "sendmail -t into the real queue: exit 0"
is "$(messes | wc -l | tr -d ' ')" 2 "two messages in the queues"
f=$(grep -l 'from php' $(messes))
n2=${f##*/}
q2=${f%/mess/*}
is "$(tr '\0' '|' < "$q2/todo/$n2" | sed 's/^u[0-9]*|p[0-9]*|//')" "Fwww@site.org|Tphp@x.org|" "sendmail: the envelope"
is "$(tail -n 2 "$f")" "
line" "sendmail: the body ends at the line '.'"

# ---- 50 MB, streamed ----
# a message that needs no field added, so that what arrives must be the
# input byte for byte
python3 - "$T/big" 50000000 <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2])
head = (b"From: joe@example.org\nDate: Tue, 24 Nov 2026 13:05:09 +0000\n"
        b"Message-ID: <big@example.org>\nTo: big@x.org\nSubject: big\n\n")
line = b"".join(bytes([48 + (i % 75)]) for i in range(75)) + b"\n"
with open(path, "wb") as f:
    f.write(head)
    n = len(head)
    while n < size:
        f.write(line)
        n += len(line)
PY
head -c 1000000 "$T/big" > "$T/small"
cat > "$T/qq" <<EOF
#!/bin/sh
sleep 0.2
md5sum > "$T/got.md5"
tr '\\0' '|' <&1 > "$T/got.env"
EOF
chmod +x "$T/qq"
# rss FILE NAME PROG ARGS...: the exit code of PROG run with stdin from
# FILE, and the peak resident size (VmHWM, kB) of the process once it is
# NAME (sampled until it ends; the sample before the exec is not counted)
rss() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
path, name, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
hwm = 0
with open(path, "rb") as f:
    p = subprocess.Popen(argv, stdin=f)
    while p.poll() is None:
        try:
            st = dict(l.split(":", 1) for l in open("/proc/%d/status" % p.pid))
            if st["Name"].strip() == name:
                hwm = max(hwm, int(st["VmHWM"].split()[0]))
        except (OSError, KeyError, ValueError):
            pass
        time.sleep(0.002)
print(p.returncode, hwm)
PY
}
want=$(md5sum < "$T/big")
set -- $(rss "$T/small" qmail-inject env -i PATH="$PATH" USER=joe QMAILQUEUE="$T/qq" CONTROLDIR="$T/control" "$qi")
small=$2
set -- $(rss "$T/big" qmail-inject env -i PATH="$PATH" USER=joe QMAILQUEUE="$T/qq" CONTROLDIR="$T/control" "$qi")
is "$1" 0 "qmail-inject, 50 MB: exit 0"
is "$(cat "$T/got.md5")" "$want" "qmail-inject, 50 MB: the queue program got the message byte for byte"
is "$(cat "$T/got.env")" "Fjoe@example.org|Tbig@x.org||" "qmail-inject, 50 MB: the envelope"
diag "qmail-inject peak RSS: $small kB for 1 MB, $2 kB for 50 MB"
ok "$([ "$small" -gt 0 ] && [ $(($2 - small)) -lt 4096 ]; echo $?)" \
  "qmail-inject, 50 MB: memory does not grow with the message"
set -- $(rss "$T/big" sendmail env -i PATH="$PATH" USER=joe QMAILQUEUE="$T/qq" CONTROLDIR="$T/control" "$sm" -t)
is "$1:$(cat "$T/got.md5")" "0:$want" "sendmail -t (the dot rule on), 50 MB: byte for byte"
diag "sendmail peak RSS: $2 kB for 50 MB"
ok "$([ "$2" -gt 0 ] && [ $(($2 - small)) -lt 4096 ]; echo $?)" \
  "sendmail, 50 MB: memory does not grow with the message"
done_testing

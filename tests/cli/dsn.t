#!/bin/sh
# dsn.t — bounces made by the dsn module (through tests/lib/dsnmake) read
# back with python3's email package: multipart/report, the QSBMF text, the
# message/delivery-status fields per recipient, the original or only its
# header; double bounces, many recipients, a crash tail; memory stays flat
# for a 50 MB original.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
D=$(bin tests/lib/dsnmake)

# ---- the helper itself and the records ----
transcript "usage" "$(cat <<'X'
usage: dsnmake -S perm text | -R perm addr text |
       dsnmake [-d] [-M] [-h host] [-f from] [-t to] [-e sender] [-n num]
               [-a arrival] [-w now] [-m maxbytes] [-o offset] bouncefile origfile
exit 100
X
)" "$D"
transcript "status codes" "$(cat <<'X'
5.1.1
4.1.1
5.0.0
4.0.0
5.7.1
4.2.2
exit 0
X
)" sh -c '"$0" -S 1 "Sorry, no mailbox here by that name. (#5.1.1)"; "$0" -S 0 "5.1.1 x";
  "$0" -S 1 "no code"; "$0" -S 0 "no code"; "$0" -S 1 "Remote host said: 550 5.7.1 denied";
  "$0" -S 0 " 4.2.2 over quota"' "$D"
"$D" -R 1 bob@example.net 'Remote host said: 550 5.1.1 <bob@example.net>: no such user' > "$T/b1"
is "$(tr '\0' '|' < "$T/b1")" \
  "Abob@example.net|S5.1.1|XRemote host said: 550 5.1.1 <bob@example.net>: no such user|" \
  "-R writes the A S X records"
transcript "a status that is not a code" "$(cat <<'X'
dsnmake: fatal: unable to parse bad: invalid argument
exit 100
X
)" sh -c 'printf "Aa\0Sx\0Xy\0" > "$1/bad"; cd "$1" && "$0" bad /dev/null' "$D" "$T"

# ---- the checker: prints what a reader of the bounce sees ----
cat > "$T/check.py" <<'PY'
import email, re, sys
from email import policy
raw = open(sys.argv[1], 'rb').read()
host = sys.argv[2]
out = []
say = out.append
lines = raw.split(b'\n')
say('longest line: %s' % ('ok' if max(len(l) for l in lines) <= 998 else 'TOO LONG'))
m = email.message_from_bytes(raw, policy=policy.compat32)
say('type: %s report-type=%s' % (m.get_content_type(), m.get_param('report-type')))
for h in ('From', 'To', 'Subject', 'MIME-Version', 'Auto-Submitted'):
    say('%s: %s' % (h, m[h]))
say('Date parses: %s' % (email.utils.parsedate_tz(m['Date']) is not None))
mid = re.fullmatch(r'<(\d+)\.(\d+)\.[0-9a-f]{24}\.qmail@' + re.escape(host) + '>', m['Message-ID'])
say('Message-ID: %s' % ('<TIME.%s.RANDOM.qmail@HOST>' % mid.group(2) if mid else m['Message-ID']))
b = m.get_boundary()
say('boundary: %s' % ('fresh' if b and b.startswith('=_dsn_') else b))
parts = m.get_payload()
say('parts: ' + ' '.join(p.get_content_type() for p in parts))
# part 1: QSBMF paragraphs (series of non-blank lines, each followed by one blank line)
text = parts[0].get_payload()
paras = [p for p in text.split('\n\n')]
if paras and paras[-1].strip() == '':
    paras.pop()
say('qsbmf intro: %s' % paras[0].split('\n')[0])
say('qsbmf intro starts right: %s' % paras[0].startswith('Hi. This is the'))
for p in paras[1:]:
    ls = p.rstrip('\n').split('\n')
    if p.startswith('<'):
        say('qsbmf rcpt %s %s' % (ls[0], ' / '.join(ls[1:])))
    elif p.startswith('-'):
        say('qsbmf break: %s' % p.rstrip('\n'))
    else:
        say('qsbmf ??? %r' % p)
say('qsbmf break is last: %s' % paras[-1].startswith('-'))
# part 2: message/delivery-status, a list of field blocks
blocks = parts[1].get_payload()
first = blocks[0]
say('dsn: Reporting-MTA=%s Arrival-Date=%s' % (first['Reporting-MTA'], first['Arrival-Date']))
for r in blocks[1:]:
    diag = r['Diagnostic-Code']
    if diag:
        diag = re.sub(r'\s+', ' ', diag)
    say('dsn rcpt: %s | %s | %s | %s | last %s' % (r['Final-Recipient'], r['Action'], r['Status'],
        diag, 'ok' if r['Last-Attempt-Date'] == m['Date'] else r['Last-Attempt-Date']))
# part 3: the original
o = parts[2]
if o.get_content_type() == 'message/rfc822':
    orig = o.get_payload()[0]
    say('original: Return-Path=%s Subject=%s type=%s body=%d bytes' % (orig['Return-Path'],
        orig['Subject'], orig.get_content_type(), len(orig.as_bytes().split(b'\n\n', 1)[1])
        if not orig.is_multipart() else -1))
    if orig.is_multipart():
        say('original is a bounce: %s %s' % (orig.get_content_type(), orig.get_param('report-type')))
        say('its first part: %s' % orig.get_payload()[0].get_payload().split('\n')[0])
else:
    hdrs = o.get_payload()
    say('headers only: %s' % ' / '.join(l for l in hdrs.split('\n') if l))
print('\n'.join(out))
PY
check() { python3 "$T/check.py" "$@" 2>&1; }

printf 'Received: (indimail-mta 1 invoked by uid 1000); 14 Nov 2023 22:13:20 -0000\nFrom: alice@example.org\nTo: bob@example.net\nSubject: lunch?\n\nAre you free at noon?\n' > "$T/m1"

# ---- one recipient ----
"$D" -h mx.example.org -t alice@example.org -e alice@example.org -n 4711 \
  -a 1700000000 -w 1700003600 "$T/b1" "$T/m1" > "$T/out1"
ok $? "one recipient: exit 0"
is "$(check "$T/out1" mx.example.org)" "$(cat <<'X'
longest line: ok
type: multipart/report report-type=delivery-status
From: MAILER-DAEMON@mx.example.org
To: alice@example.org
Subject: failure notice
MIME-Version: 1.0
Auto-Submitted: auto-replied
Date parses: True
Message-ID: <TIME.4711.RANDOM.qmail@HOST>
boundary: fresh
parts: text/plain message/delivery-status message/rfc822
qsbmf intro: Hi. This is the qmail-send program at mx.example.org.
qsbmf intro starts right: True
qsbmf rcpt <bob@example.net>: Remote host said: 550 5.1.1 <bob@example.net>: no such user
qsbmf break: --- Below this line is a copy of the message.
qsbmf break is last: True
dsn: Reporting-MTA=dns; mx.example.org Arrival-Date=Tue, 14 Nov 2023 22:13:20 +0000
dsn rcpt: rfc822; bob@example.net | failed | 5.1.1 | smtp; 550 5.1.1 <bob@example.net>: no such user | last ok
original: Return-Path=<alice@example.org> Subject=lunch? type=text/plain body=22 bytes
X
)" "one recipient: the bounce as a reader sees it"
like "$(head -n 1 "$T/out1")" '^Date: Tue, 14 Nov 2023 23:13:20 \+0000$' "Date from the report time"
is "$(tail -n 8 "$T/out1" | head -n 6)" "$(cat "$T/m1")" "the original is copied byte for byte"

# ---- several recipients, each kind of text ----
cp "$T/b1" "$T/b3"
"$D" -R 1 carol@example.org "$(printf 'Sorry, no mailbox here by that name. (#5.1.1)\n\nThe mailbox is gone.')" >> "$T/b3"
"$D" -R 0 dave@example.com "I'm not going to try again; this message has been in the queue too long." >> "$T/b3"
"$D" -R 1 erin@example.com "$(printf '5.4.4 Sorry, I couldn'"'"'t find any host named example.com.')" >> "$T/b3"
"$D" -h mx.example.org -t alice@example.org -e alice@example.org -n 17 \
  -a 1700000000 -w 1700604800 "$T/b3" "$T/m1" > "$T/out3"
ok $? "four recipients: exit 0"
is "$(check "$T/out3" mx.example.org | grep -E '^(qsbmf|dsn)')" "$(cat <<'X'
qsbmf intro: Hi. This is the qmail-send program at mx.example.org.
qsbmf intro starts right: True
qsbmf rcpt <bob@example.net>: Remote host said: 550 5.1.1 <bob@example.net>: no such user
qsbmf rcpt <carol@example.org>: Sorry, no mailbox here by that name. (#5.1.1) / The mailbox is gone.
qsbmf rcpt <dave@example.com>: I'm not going to try again; this message has been in the queue too long.
qsbmf rcpt <erin@example.com>: 5.4.4 Sorry, I couldn't find any host named example.com.
qsbmf break: --- Below this line is a copy of the message.
qsbmf break is last: True
dsn: Reporting-MTA=dns; mx.example.org Arrival-Date=Tue, 14 Nov 2023 22:13:20 +0000
dsn rcpt: rfc822; bob@example.net | failed | 5.1.1 | smtp; 550 5.1.1 <bob@example.net>: no such user | last ok
dsn rcpt: rfc822; carol@example.org | failed | 5.1.1 | x-unix; Sorry, no mailbox here by that name. (#5.1.1) The mailbox is gone. | last ok
dsn rcpt: rfc822; dave@example.com | failed | 4.0.0 | x-unix; I'm not going to try again; this message has been in the queue too long. | last ok
dsn rcpt: rfc822; erin@example.com | failed | 5.4.4 | x-unix; 5.4.4 Sorry, I couldn't find any host named example.com. | last ok
X
)" "four recipients: one QSBMF paragraph and one DSN block each, in order"

# ---- a crash tail is ignored ----
cp "$T/b1" "$T/bt"
printf 'Acarol@example.org\0S5.1.1\0XSorry, no mai' >> "$T/bt"
"$D" -h mx.example.org -t alice@example.org -e alice@example.org "$T/bt" "$T/m1" > "$T/outt"
ok $? "a bounce file cut short: exit 0"
is "$(check "$T/outt" mx.example.org | grep -c '^dsn rcpt')" 1 "only the complete recipient is reported"

# ---- double bounce: the bounce itself came back ----
"$D" -R 1 alice@example.org 'Remote host said: 552 5.2.2 mailbox full' > "$T/bd"
"$D" -d -h mx.example.org -t postmaster@mx.example.org -e '' -n 99 \
  -a 1700003600 -w 1700007200 "$T/bd" "$T/out1" > "$T/outd"
ok $? "double bounce: exit 0"
is "$(check "$T/outd" mx.example.org | grep -E '^(To|qsbmf intro|qsbmf rcpt|dsn rcpt|original|its)')" "$(cat <<'X'
To: postmaster@mx.example.org
qsbmf intro: Hi. This is the qmail-send program at mx.example.org.
qsbmf intro starts right: True
qsbmf rcpt <alice@example.org>: Remote host said: 552 5.2.2 mailbox full
dsn rcpt: rfc822; alice@example.org | failed | 5.2.2 | smtp; 552 5.2.2 mailbox full | last ok
original: Return-Path=<> Subject=failure notice type=multipart/report body=-1 bytes
original is a bounce: multipart/report delivery-status
its first part: Hi. This is the qmail-send program at mx.example.org.
X
)" "double bounce: to the postmaster, the first bounce inside"
like "$(sed -n '/^Hi. This/{n;p;q}' "$T/outd")" "bounce message" "double bounce: says the bounce bounced"
b_out=$(sed -n 's/.*boundary="\(.*\)"/\1/p' "$T/out1")
b_dbl=$(sed -n 's/.*boundary="\(.*\)"/\1/p' "$T/outd" | head -n 1)
ok "$([ -n "$b_out" ] && [ "$b_out" != "$b_dbl" ]; echo $?)" "the boundaries of bounce and double bounce differ"

# ---- bouncemaxbytes: only the header of a longer original ----
"$D" -h mx.example.org -t alice@example.org -e alice@example.org -m 100 "$T/b1" "$T/m1" > "$T/outm"
ok $? "maxbytes: exit 0"
is "$(check "$T/outm" mx.example.org | grep -E '^(parts|headers|original)')" "$(cat <<'X'
parts: text/plain message/delivery-status text/rfc822-headers
headers only: Return-Path: <alice@example.org> / Received: (indimail-mta 1 invoked by uid 1000); 14 Nov 2023 22:13:20 -0000 / From: alice@example.org / To: bob@example.net / Subject: lunch?
X
)" "maxbytes: text/rfc822-headers with the header"
"$D" -h mx.example.org -t alice@example.org -e alice@example.org -m 1000 "$T/b1" "$T/m1" > "$T/outm2"
like "$(check "$T/outm2" mx.example.org | grep '^parts')" "message/rfc822$" "maxbytes above the size: the whole original"
cat "$T/m1" | "$D" -t alice@example.org -m 100 "$T/b1" - > "$T/outp"
like "$(check "$T/outp" localhost | grep '^parts')" "message/rfc822$" "from a pipe: the whole original (no size to compare)"
"$D" -t alice@example.org -o "$(head -n 1 "$T/m1" | wc -c)" "$T/b1" "$T/m1" > "$T/outo"
is "$(sed -n '/^Return-Path/{n;p;q}' "$T/outo")" "From: alice@example.org" "from an offset: the bytes after it"

# ---- a 50 MB original: copied in pieces, memory stays flat ----
{ printf 'From: alice@example.org\nSubject: big\n\n'; yes 'All work and no play makes Jack a dull boy, all day long.' | head -c 50000000; } > "$T/big"
"$D" -M -h mx.example.org -t alice@example.org -e alice@example.org "$T/b1" "$T/big" 2> "$T/peak" | wc -c > "$T/size"
size=$(cat "$T/size")
ok "$([ "$size" -gt 50000000 ] && [ "$size" -lt 50004000 ]; echo $?)" "50 MB original copied whole ($size bytes)"
kb=$(sed -n 's/^dsnmake: VmHWM \([0-9]*\) kB$/\1/p' "$T/peak")
if [ -n "$kb" ]; then
  # ASan's shadow memory and quarantine count too: allow more there
  limit=10240
  if ldd "$D" 2>/dev/null | grep -q libasan || nm "$D" 2>/dev/null | grep -q __asan_init; then limit=20480; fi
  ok "$([ "$kb" -lt "$limit" ]; echo $?)" "peak resident size ${kb} kB < ${limit} kB while copying 50 MB"
else
  skip "no VmHWM in /proc/self/status"
fi
"$D" -h mx.example.org -t alice@example.org -e alice@example.org -m 1000000 "$T/b1" "$T/big" > "$T/outbig"
is "$(check "$T/outbig" mx.example.org | grep -E '^(parts|headers)')" "$(cat <<'X'
parts: text/plain message/delivery-status text/rfc822-headers
headers only: Return-Path: <alice@example.org> / From: alice@example.org / Subject: big
X
)" "50 MB original over maxbytes: only its header"
done_testing

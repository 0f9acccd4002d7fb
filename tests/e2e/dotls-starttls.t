#!/bin/sh
# dotls-starttls.t — dotls under tcpserver on loopback with real clients:
# openssl s_client -starttls smtp, and a Python client that checks the
# EHLO reply, pipelines a command right after STARTTLS (it must never reach
# the program), moves large data both ways over TLS, and sees the TLS
# variables the restarted program gets; a plain session, and a client that
# botches the handshake.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3 openssl timeout
grep -q '^HAVE_OPENSSL := 1' "$IM_BUILD/config.mk" 2>/dev/null || skip_all "built without OpenSSL"
DOTLS=$(bin ucspi-tcp/dotls)
TCPSERVER=$(bin ucspi-tcp/tcpserver)
[ -x "$TCPSERVER" ] || TCPSERVER=/usr/bin/tcpserver
[ -x "$TCPSERVER" ] || skip_all "no tcpserver (ours is not built, Debian's ucspi-tcp is not installed)"
tmpdir
sp=
trap '[ -n "$sp" ] && kill "$sp" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=localhost -keyout "$T/key.pem" -out "$T/cert.pem" > /dev/null 2>&1 || exit 255
cat "$T/key.pem" "$T/cert.pem" > "$T/both.pem"

# the plain SMTP program behind dotls: logs what it gets and its TLS variables
cat > "$T/fake.py" <<'X'
import os, sys
log = open(os.environ["FAKELOG"], "a")
inp, out, pid = sys.stdin.buffer, sys.stdout.buffer, os.getpid()
def note(s):
    log.write("%d %s\n" % (pid, s)); log.flush()
def say(*lines):
    out.write(b"".join(l.encode() + b"\r\n" for l in lines)); out.flush()
note("start TLS=%s" % os.environ.get("TLS", "-"))
say("220 fake ESMTP")
while True:
    line = inp.readline()
    if not line:
        note("eof"); break
    note("cmd %s" % line.decode("latin-1").rstrip("\r\n"))
    verb = line.split(b" ")[0].strip().upper()
    if verb == b"EHLO":
        say("250-fake", "250-PIPELINING", "250 8BITMIME")
    elif verb == b"DATA":
        say("354 go ahead")
        n = 0
        while True:
            l = inp.readline()
            if not l or l == b".\r\n": break
            n += len(l)
        note("data %d" % n)
        say("250 ok %d bytes" % n)
    elif verb == b"ENV":
        say("250 TLS=%s %s %s" % tuple(os.environ.get(v, "-") for v in ("TLS", "TLS_PROTOCOL", "TLS_CIPHER")))
    elif verb == b"BIG":
        say(*(["250-" + "y" * 70] * 3000 + ["250 big"]))
    elif verb == b"QUIT":
        say("221 bye"); break
    else:
        say("250 ok")
X

# the client: one session per call, one line per reply ("|" for CRLF)
cat > "$T/client.py" <<'X'
import socket, ssl, sys
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port), timeout=20)
def reader(sock):
    f = sock.makefile("rb")
    def reply():
        lines = []
        while True:
            try:
                l = f.readline()
            except ConnectionResetError:   # closed with our bytes unread
                l = b""
            if not l:
                lines.append(b"<EOF>"); break
            lines.append(l)
            if len(l) < 4 or l[3:4] != b"-": break
        return b"".join(lines).decode().replace("\r\n", "|")
    return reply
reply = reader(s)
print(reply())
if mode == "plain":
    for c in (b"EHLO plain\r\n", b"MAIL FROM:<a@b>\r\n", b"RCPT TO:<c@d>\r\n", b"DATA\r\n"):
        s.sendall(c); print(reply())
    s.sendall(b"line one\r\n.\r\nQUIT\r\n"); print(reply()); print(reply())
    sys.exit(0)
s.sendall(b"EHLO before\r\n"); print(reply())
if mode == "garbage":
    s.sendall(b"STARTTLS\r\n"); print(reply())
    s.sendall(b"this is not a TLS client hello\r\n" * 4); print(reply())
    sys.exit(0)
# STARTTLS with a command pipelined behind it, in the same segment
s.sendall(b"STARTTLS\r\nMAIL FROM:<injected@evil>\r\n"); print(reply())
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
t = ctx.wrap_socket(s, server_hostname="localhost")
reply = reader(t)
t.sendall(b"EHLO after\r\n"); print(reply())
t.sendall(b"ENV\r\n"); print(reply())
t.sendall(b"MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n")
print(reply()); print(reply()); print(reply())
t.sendall(b"x" * 78 + b"\r\n")
t.sendall((b"y" * 98 + b"\r\n") * 2000 + b".\r\n"); print(reply())
t.sendall(b"BIG\r\n"); r = reply(); print(len(r), r[-9:])
t.sendall(b"QUIT\r\n"); print(reply()); print(reply())
X

port=$(free_port)
FAKELOG="$T/fakelog" "$TCPSERVER" -HRl0 127.0.0.1 "$port" \
  "$DOTLS" -v -t 10 -n "$T/both.pem" python3 "$T/fake.py" 2> "$T/server.err" &
sp=$!
python3 - "$port" <<'X'
import socket, sys, time
end = time.time() + 10
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
X
ok $? "tcpserver with dotls listens on 127.0.0.1:$port" || { cat "$T/server.err" >&2; done_testing; }

# openssl s_client: finds STARTTLS, shakes hands, talks to the new program
printf 'ENV\r\nQUIT\r\n' | timeout 30 openssl s_client -starttls smtp -connect "127.0.0.1:$port" \
  -quiet -ign_eof > "$T/sc.out" 2> "$T/sc.err"
ok $? "s_client: session ends cleanly"
ok "$(grep -c "Didn't find STARTTLS" "$T/sc.err")" "s_client: found STARTTLS in the EHLO reply"
like "$(tr -d '\r' < "$T/sc.out")" "^250 TLS=1 TLSv1\.[23] [A-Z0-9_-]+$" \
  "s_client: the program behind TLS sees TLS=1, the protocol and the cipher"
like "$(tr -d '\r' < "$T/sc.out" | tail -n 1)" "^221 bye$" "s_client: QUIT answered over TLS"

timeout 60 python3 "$T/client.py" "$port" starttls > "$T/c.out" 2> "$T/c.err"
ok $? "python client: STARTTLS session" || cat "$T/c.err" >&2
is "$(cat "$T/c.out")" "220 fake ESMTP|
250-fake|250-PIPELINING|250-8BITMIME|250 STARTTLS|
220 2.0.0 Ready to start TLS|
250-fake|250-PIPELINING|250 8BITMIME|
$(sed -n 5p "$T/c.out")
250 ok|
250 ok|
354 go ahead|
250 ok 200080 bytes|
225008 |250 big|
221 bye|
<EOF>" "python client: the dialogue, with the greeting of the new program dropped"
like "$(sed -n 5p "$T/c.out")" "^250 TLS=1 TLSv1\.3 TLS_[A-Z0-9_]+\|$" "python client: TLS 1.3 variables"

# what the programs saw: the first one EHLO and then its input's end, the
# second one everything after the handshake, and nobody the injected command
pid1=$(grep ' cmd EHLO before$' "$T/fakelog" | tail -n 1 | cut -d' ' -f1)
pid2=$(grep ' cmd EHLO after$' "$T/fakelog" | tail -n 1 | cut -d' ' -f1)
is "$(grep "^$pid1 " "$T/fakelog" | cut -d' ' -f2-)" "start TLS=-
cmd EHLO before
eof" "program before TLS: its session ended at STARTTLS"
is "$(grep "^$pid2 " "$T/fakelog" | cut -d' ' -f2- | sed 's/^cmd \(EHLO\|ENV\|MAIL\|RCPT\|DATA\|BIG\|QUIT\).*/\1/')" "start TLS=1
EHLO
ENV
MAIL
RCPT
DATA
data 200080
BIG
QUIT" "program after TLS: started with TLS=1, saw every command after the handshake"
ok "$(grep -c 'injected' "$T/fakelog")" "the command pipelined after STARTTLS reached no program"
like "$(cat "$T/server.err")" "dotls: warning: pid [0-9]+: discarded 27 bytes sent after STARTTLS" \
  "dotls logged the discarded bytes"
like "$(cat "$T/server.err")" "dotls: info: pid [0-9]+: TLSv1\.3 TLS_" "dotls -v logged the TLS session"

timeout 30 python3 "$T/client.py" "$port" plain > "$T/p.out" 2> "$T/p.err"
ok $? "plain session" || cat "$T/p.err" >&2
is "$(cat "$T/p.out")" "220 fake ESMTP|
250-fake|250-PIPELINING|250-8BITMIME|250 STARTTLS|
250 ok|
250 ok|
354 go ahead|
250 ok 10 bytes|
221 bye|" "plain session: the program answers everything, STARTTLS offered"
pid3=$(grep ' cmd EHLO plain$' "$T/fakelog" | cut -d' ' -f1)
is "$(grep -c "^$pid3 start TLS=-$" "$T/fakelog")" 1 "plain session: one program, without TLS"

timeout 30 python3 "$T/client.py" "$port" garbage > "$T/g.out" 2> "$T/g.err"
ok $? "a client that botches the handshake"
is "$(sed -n 3,4p "$T/g.out")" "220 2.0.0 Ready to start TLS|
<EOF>" "the connection is closed after 220 and the failed handshake"
deadline=$(( $(date +%s) + 10 ))
until grep -q 'TLS handshake' "$T/server.err" || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.05; done
like "$(cat "$T/server.err")" "dotls: fatal: pid [0-9]+: TLS handshake" "and dotls logs why"
done_testing

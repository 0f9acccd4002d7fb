#!/bin/sh
# tcpserver.t — tcpserver on loopback: the environment a program sees over
# IPv4 and IPv6, the -v log lines (against Debian's tcpserver when it is
# installed), -1, -B, exit statuses, rules (-x, -X) made by our tcprules
# and by Debian's, host name lookups (-h, -p) through a fake DNS server,
# and -u/-g.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/tcpsrv.sh"
need_cmd python3
tcpsrv_init
DPID=
IPID=
trap 'tcpsrv_stop; [ -n "$DPID" ] && kill "$DPID" 2>/dev/null; [ -n "$IPID" ] && kill "$IPID" 2>/dev/null; rm -rf "$T"' EXIT

cat > "$T/c.py" <<'EOF'
# c.py [-s SRC] [-d DATA] HOST PORT: connect, send DATA, half-close, print
# what comes back until the end (10 s at most)
import socket, sys
args = sys.argv[1:]
src = data = None
while args[0].startswith("-"):
    if args[0] == "-s": src = args[1]
    if args[0] == "-d": data = args[1].encode()
    args = args[2:]
host, port = args[0], int(args[1])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam)
s.settimeout(10)
if src: s.bind((src, 0))
s.connect((host, port))
if data: s.sendall(data)
s.shutdown(socket.SHUT_WR)
out = b""
while True:
    b = s.recv(65536)
    if not b: break
    out += b
sys.stdout.write(out.decode(errors="replace"))
EOF
client() { python3 "$T/c.py" "$@"; }

cat > "$T/env.sh" <<'EOF'
#!/bin/sh
env | grep -E '^(PROTO|TCP6?[A-Z]+|FOO|BAR|TLS)=' | sort
EOF
chmod +x "$T/env.sh"

# ---- IPv4: the environment and the log ----
tcpsrv_start -e TCPREMOTEHOST=stale -e TCP6REMOTEIP=stale -e TLS=1 -v -HR -l0 127.0.0.1 0 "$T/env.sh"
OUT=$(client 127.0.0.1 "$PORT")
RPORT=$(printf '%s\n' "$OUT" | sed -n 's/^TCPREMOTEPORT=//p')
is "$(printf '%s\n' "$OUT" | grep -v '^TCPREMOTEPORT=')" "PROTO=TCP
TCPLOCALHOST=0
TCPLOCALIP=127.0.0.1
TCPLOCALPORT=$PORT
TCPREMOTEIP=127.0.0.1" "IPv4: the environment (stale TCPREMOTEHOST, TCP6*, TLS removed)"
like "$RPORT" '^[0-9]+$' "IPv4: TCPREMOTEPORT is a number"
tcpsrv_ends 1
tcpsrv_stop
P=$(sed -n 's/^tcpserver: pid \([0-9]*\) from .*/\1/p' "$T/log")
# (the parent's "status: 1/40" and the child's "pid" line may come in
# either order; every other order is fixed)
is "$(sed '/status: 1\/40/d' "$T/log")" "tcpserver: status: 0/40
tcpserver: pid $P from 127.0.0.1
tcpserver: ok $P 0:127.0.0.1:$PORT :127.0.0.1::$RPORT
tcpserver: end $P status 0
tcpserver: status: 0/40" "-v: djb's log lines"
is "$(grep -c 'status: 1/40' "$T/log")" 1 "-v: status 1/40 once"

# the same lines from Debian's tcpserver, with pids and ports made equal
norm() { sed -e 's/[0-9][0-9]* from/P from/; s/ok [0-9]*/ok P/; s/end [0-9]*/end P/' \
  -e 's/:[0-9][0-9]*$/:RP/; s/:[0-9][0-9]* :/:LP :/' "$1" | sort; }
if [ -x /usr/bin/tcpserver ]; then
  norm "$T/log" > "$T/ours"
  tcpsrv_start -d /usr/bin/tcpserver -v -HR -l0 127.0.0.1 0 "$T/env.sh"
  client 127.0.0.1 "$PORT" > /dev/null
  tcpsrv_ends 1
  tcpsrv_stop
  norm "$T/log" > "$T/theirs"
  is "$(cat "$T/ours")" "$(cat "$T/theirs")" "-v lines equal Debian's tcpserver's"
else
  skip "Debian's tcpserver is not installed"
fi

# ---- -B, exit status, -q ----
tcpsrv_start -v -HRl0 -B 'hello there
' 127.0.0.1 0 sh -c 'echo "from program"; exit 3'
is "$(client 127.0.0.1 "$PORT")" "hello there
from program" "-B: the banner comes first"
tcpsrv_ends 1
like "$(cat "$T/log")" 'tcpserver: end [0-9]+ status 768' "end: the raw wait status (exit 3)"
tcpsrv_stop

tcpsrv_start -q -HRl0 127.0.0.1 0 "$T/no-such-program"
client 127.0.0.1 "$PORT" > /dev/null  # returns when the child has gone
tcpsrv_stop
is "$(cat "$T/log")" "" "-q: nothing logged, not even a failed exec"
tcpsrv_start -HRl0 127.0.0.1 0 "$T/no-such-program"
client 127.0.0.1 "$PORT" > /dev/null
tcpsrv_wait 'grep -q dropping "$T/log"'
tcpsrv_stop
like "$(cat "$T/log")" "^tcpserver: warning: dropping connection, unable to run $T/no-such-program: " \
  "-Q: a failed exec is reported"

# ---- IPv6 ----
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
  tcpsrv_start -v -HRl0 :: 0 "$T/env.sh"
  OUT=$(client ::1 "$PORT")
  RPORT=$(printf '%s\n' "$OUT" | sed -n 's/^TCP6REMOTEPORT=//p')
  is "$(printf '%s\n' "$OUT" | grep -v 'REMOTEPORT=')" "PROTO=TCP6
TCP6LOCALHOST=0
TCP6LOCALIP=::1
TCP6LOCALPORT=$PORT
TCP6REMOTEIP=::1
TCPLOCALHOST=0
TCPLOCALIP=::1
TCPLOCALPORT=$PORT
TCPREMOTEIP=::1" "IPv6 client: PROTO=TCP6, TCP6* and TCP* set"
  like "$(printf '%s\n' "$OUT" | grep '^TCPREMOTEPORT=')" "^TCPREMOTEPORT=$RPORT\$" "IPv6: TCPREMOTEPORT too"
  OUT=$(client 127.0.0.1 "$PORT")
  is "$(printf '%s\n' "$OUT" | grep -E '^(PROTO|TCPREMOTEIP|TCPLOCALIP|TCP6)')" "PROTO=TCP
TCPLOCALIP=127.0.0.1
TCPREMOTEIP=127.0.0.1" "host :: takes IPv4 clients too, as PROTO=TCP"
  tcpsrv_ends 2
  tcpsrv_stop
  like "$(cat "$T/log")" "tcpserver: ok [0-9]+ 0:::1:$PORT :::1::$RPORT" "IPv6: the ok line"

  tcpsrv_start -6 -HRl0 :: 0 "$T/env.sh"
  client 127.0.0.1 "$PORT" > "$T/out" 2>&1
  like "$(cat "$T/out")" "Connection refused" "-6 ::: no IPv4 clients"
  is "$(client ::1 "$PORT" | grep PROTO)" "PROTO=TCP6" "-6 ::: IPv6 clients"
  tcpsrv_stop
  tcpsrv_start -HRl0 ::1 0 "$T/env.sh"
  is "$(client ::1 "$PORT" | grep TCPLOCALIP)" "TCPLOCALIP=::1" "listening on ::1"
  tcpsrv_stop
else
  for i in 1 2 3 4 5 6 7 8; do skip "::1 is not usable here"; done
fi

tcpsrv_start -4 -HRl0 0 0 "$T/env.sh"
is "$(client 127.0.0.1 "$PORT" | grep TCPLOCALIP)" "TCPLOCALIP=127.0.0.1" "host 0 is 0.0.0.0"
tcpsrv_stop

# ---- rules ----
printf '127.0.0.1:deny\n127.:allow,FOO="bar",BAR="",TCPLOCALHOST="ruled"\n' > "$T/rules"
if tcpsrv_mkrules "$T/r.cdb" < "$T/rules"; then
  tcpsrv_start -v -HRl0 -x "$T/r.cdb" 127.0.0.1 0 "$T/env.sh"
  is "$(client 127.0.0.1 "$PORT")" "" "-x: 127.0.0.1 is denied: nothing runs"
  OUT=$(client -s 127.0.0.2 127.0.0.1 "$PORT")
  is "$(printf '%s\n' "$OUT" | grep -E '^(FOO|BAR|TCPLOCALHOST)=')" "BAR=
FOO=bar
TCPLOCALHOST=ruled" "-x: 127.0.0.2 is allowed with the rule's variables (overriding TCP ones)"
  tcpsrv_ends 2
  tcpsrv_stop
  like "$(cat "$T/log")" "tcpserver: deny [0-9]+ 0:127.0.0.1:$PORT :127.0.0.1::[0-9]+" "deny line"
  like "$(cat "$T/log")" "tcpserver: end [0-9]+ status 25600" "a denied child exits 100"
  like "$(cat "$T/log")" "tcpserver: ok [0-9]+ 0:127.0.0.1:$PORT :127.0.0.2::[0-9]+" "ok line"
else
  for i in 1 2 3 4 5; do skip "no tcprules to make a cdb"; done
fi

if [ -x /usr/bin/tcprules ]; then
  printf '127.0.0.1:allow,FOO="debian"\n:deny\n' | /usr/bin/tcprules "$T/d.cdb" "$T/d.tmp"
  tcpsrv_start -HRl0 -x "$T/d.cdb" 127.0.0.1 0 "$T/env.sh"
  is "$(client 127.0.0.1 "$PORT" | grep FOO)" "FOO=debian" "a cdb from Debian's tcprules: allow with a variable"
  is "$(client -s 127.0.0.3 127.0.0.1 "$PORT")" "" "a cdb from Debian's tcprules: deny"
  tcpsrv_stop
else
  skip "Debian's tcprules is not installed"
  skip "Debian's tcprules is not installed"
fi

# IPv6 and CIDR rules (our tcprules only)
if [ -x "$(bin ucspi-tcp/tcprules)" ] &&
   python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
  printf '::1:allow,FOO="six"\n127.0.0.0/8:deny\n' | "$(bin ucspi-tcp/tcprules)" "$T/6.cdb" "$T/6.tmp"
  tcpsrv_start -HRl0 -x "$T/6.cdb" :: 0 "$T/env.sh"
  is "$(client ::1 "$PORT" | grep FOO)" "FOO=six" "an IPv6 rule for an IPv6 client"
  is "$(client 127.0.0.1 "$PORT")" "" "a CIDR rule denies an IPv4 client of a :: listener"
  tcpsrv_stop
else
  skip "no IPv6 or no tcprules of ours"
  skip "no IPv6 or no tcprules of ours"
fi

tcpsrv_start -v -HRl0 -x "$T/none.cdb" 127.0.0.1 0 "$T/env.sh"
is "$(client 127.0.0.1 "$PORT")" "" "-x with a missing cdb: dropped"
tcpsrv_ends 1
tcpsrv_stop
like "$(cat "$T/log")" "tcpserver: warning: dropping connection, unable to read $T/none.cdb: no such file" \
  "-x missing: the warning"
like "$(cat "$T/log")" "status 28416" "-x missing: the child exits 111"
tcpsrv_start -HRl0 -X -x "$T/none.cdb" 127.0.0.1 0 "$T/env.sh"
is "$(client 127.0.0.1 "$PORT" | grep PROTO)" "PROTO=TCP" "-X: a missing cdb allows"
tcpsrv_stop

# ---- names through a fake DNS server: -h, -p, the local name ----
cat > "$T/zone" <<'EOF'
1.0.0.127.in-addr.arpa PTR lo.example.test
2.0.0.127.in-addr.arpa PTR liar.example.test
lo.example.test A 127.0.0.1
liar.example.test A 192.0.2.7
EOF
mkfifo "$T/dnsin"
python3 "$IM_SRC/tests/lib/fakedns.py" "$T/zone" 0 < "$T/dnsin" > "$T/dnsport" &
DPID=$!
exec 8> "$T/dnsin"
if tcpsrv_wait 'test -s "$T/dnsport"'; then
  DNSCACHEIP=127.0.0.1 DNSCACHEPORT=$(head -n 1 "$T/dnsport")
  export DNSCACHEIP DNSCACHEPORT
  tcpsrv_start -R 127.0.0.1 0 "$T/env.sh"
  OUT=$(client 127.0.0.1 "$PORT")
  like "$OUT" "TCPLOCALHOST=lo.example.test" "the local name is looked up without -l"
  like "$OUT" "TCPREMOTEHOST=lo.example.test" "-h: TCPREMOTEHOST"
  OUT=$(client -s 127.0.0.2 127.0.0.1 "$PORT")
  like "$OUT" "TCPREMOTEHOST=liar.example.test" "-h without -p: the PTR name as it is"
  tcpsrv_stop
  tcpsrv_start -R -p 127.0.0.1 0 "$T/env.sh"
  like "$(client 127.0.0.1 "$PORT")" "TCPREMOTEHOST=lo.example.test" "-p: a name that leads back is kept"
  OUT=$(client -s 127.0.0.2 127.0.0.1 "$PORT")
  ok "$(printf '%s\n' "$OUT" | grep -c TCPREMOTEHOST)" "-p: a name that does not lead back is dropped"
  tcpsrv_stop
  tcpsrv_start -HR 127.0.0.1 0 "$T/env.sh"
  ok "$(client 127.0.0.1 "$PORT" | grep -c TCPREMOTEHOST)" "-H: no TCPREMOTEHOST"
  tcpsrv_stop
  unset DNSCACHEIP DNSCACHEPORT
else
  for i in 1 2 3 4 5 6; do skip "fakedns did not start"; done
fi
exec 8>&-
wait "$DPID" 2>/dev/null
DPID=

# ---- -r: an ident server on 127.0.0.1:113 (only root may bind it) ----
IPID=
if [ "$(id -u)" = 0 ]; then
  cat > "$T/identd.py" <<'EOF2'
# a one-answer-per-connection ident server on 127.0.0.1:113
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", 113))
except OSError:
    print("busy", flush=True); sys.exit(0)
s.listen(5)
print("up", flush=True)
while True:
    c, _ = s.accept()
    q = c.recv(100).decode().strip()
    c.sendall((q + " : USERID : UNIX : alice\r\n").encode())
    c.close()
EOF2
  python3 "$T/identd.py" > "$T/identd.out" 2>&1 &
  IPID=$!
  tcpsrv_wait 'test -s "$T/identd.out"'
fi
if [ -n "$IPID" ] && [ "$(head -n 1 "$T/identd.out")" = up ]; then
  tcpsrv_start -v -Hl0 -r -t 5 127.0.0.1 0 "$T/env.sh"
  is "$(client 127.0.0.1 "$PORT" | grep REMOTEINFO)" "TCPREMOTEINFO=alice" "-r: TCPREMOTEINFO from the ident server"
  tcpsrv_ends 1
  tcpsrv_stop
  like "$(cat "$T/log")" "tcpserver: ok [0-9]+ 0:127\.0\.0\.1:$PORT :127\.0\.0\.1:alice:[0-9]+" "-r: in the ok line"
else
  skip "-r needs root and a free port 113"
  skip "-r needs root and a free port 113"
fi
[ -n "$IPID" ] && { kill "$IPID" 2>/dev/null; wait "$IPID" 2>/dev/null; }
IPID=

# ---- -u / -g: as root they take effect; otherwise they are ignored ----
if [ "$(id -u)" = 0 ]; then
  tcpsrv_start -HRl0 -u 65534 -g 65534 127.0.0.1 0 sh -c 'id -u; id -g'
  is "$(client 127.0.0.1 "$PORT")" "65534
65534" "-u -g as root: the program runs with them"
  tcpsrv_stop
  tcpsrv_start -e UID=65534 -e GID=65533 -HRl0 -U 127.0.0.1 0 sh -c 'id -u; id -g'
  is "$(client 127.0.0.1 "$PORT")" "65534
65533" "-U: \$UID and \$GID"
  tcpsrv_stop
else
  tcpsrv_start -HRl0 -u 0 -g 0 127.0.0.1 0 sh -c 'id -u'
  is "$(client 127.0.0.1 "$PORT")" "$(id -u)" "-u -g when not root: ignored"
  tcpsrv_stop
  skip "-U needs root"
fi

# ---- -D -o and friends are accepted and harmless ----
tcpsrv_start -HRl0 -D -o -b 5 -t 1 127.0.0.1 0 sh -c 'echo fine'
is "$(client 127.0.0.1 "$PORT")" "fine" "-D -o -b -t"
tcpsrv_stop

# ---- SIGTERM: the server exits 0 ----
tcpsrv_start -HRl0 127.0.0.1 0 true
kill -TERM "$SPID"
wait "$SPID"
is "$?" 0 "SIGTERM: exit 0"
SPID=
done_testing

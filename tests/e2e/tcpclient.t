#!/bin/sh
# tcpclient.t — tcpclient against small python3 servers on loopback: data
# both ways on descriptors 6 and 7, the tcp-environ variables for IPv4 and
# IPv6, host names from a fake DNS, -i/-p local binding, addresses tried
# in order, -T timeouts, -v, and the program's exit code.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
tc=$(bin ucspi-tcp/tcpclient)

# srv.py FAMILY ADDR COUNT BACKLOG: listen on ADDR (port 0), print the port,
# then for each of COUNT connections send "hello" CR LF and append what the
# client sent (until it closes) and the client's address to log.ADDR.
cat > "$T/srv.py" <<'PY'
import socket, sys
fam, addr, count, backlog = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_INET6 if fam == "6" else socket.AF_INET)
s.bind((addr, int(sys.argv[5]) if len(sys.argv) > 5 else 0))
s.listen(backlog)
print(s.getsockname()[1], flush=True)
for _ in range(count):
    c, peer = s.accept()
    c.settimeout(10)
    got = b""
    try:
        c.sendall(b"hello\r\n")
        while True:
            b = c.recv(4096)
            if not b:
                break
            got += b
    except OSError:
        pass
    c.close()
    with open(sys.argv[0] + ".log." + addr, "ab") as f:
        f.write(got + ("|%s %d\n" % (peer[0], peer[1])).encode())
PY

# start NAME ARGS...: run srv.py, wait (at most 10 s) for its port in $port
start() {
  _n=$1; shift
  python3 "$T/srv.py" "$@" > "$T/port.$_n" 2>"$T/err.$_n" & pids="$pids $!"
  _i=0
  while [ ! -s "$T/port.$_n" ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
  port=$(head -n 1 "$T/port.$_n")
}

# fake DNS for -h and for names with several addresses
cat > "$T/zone" <<'EOF2'
1.0.0.127.in-addr.arpa PTR Localhost.Test
2.0.0.127.in-addr.arpa PTR two.test
1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa PTR six.test
refused-then-ok.test A 127.0.0.3
refused-then-ok.test A 127.0.0.2
both.test AAAA ::1
both.test A 127.0.0.2
EOF2
python3 "$IM_SRC/tests/lib/fakedns.py" "$T/zone" > "$T/dnsport" 2>/dev/null & pids="$pids $!"
i=0
while [ ! -s "$T/dnsport" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
export DNSCACHEIP=127.0.0.1 DNSCACHEPORT="$(head -n 1 "$T/dnsport")"

show='for v in PROTO TCPLOCALIP TCPLOCALPORT TCPLOCALHOST TCPREMOTEIP TCPREMOTEPORT TCPREMOTEHOST TCPREMOTEINFO TCP6LOCALIP TCP6LOCALPORT TCP6LOCALHOST TCP6REMOTEIP TCP6REMOTEPORT TCP6REMOTEHOST; do eval "[ -z \"\${$v+x}\" ] || echo $v=\$$v"; done'

# ---- IPv4: data both ways and the variables ----
start a 4 127.0.0.2 20 8
p4=$port
TCPREMOTEHOST=stale.example TCP6REMOTEIP=2001:db8::1 TLS=1 TLS_PEER_SUBJECT=/CN=x \
  "$tc" -R -i 127.0.0.1 127.0.0.2 "$p4" sh -c '
    head -n 1 <&6 > "$1/greeting"; printf "from the client\n" >&7
    '"$show"' > "$1/env"; env | grep "^TLS" >&2; true' sh "$T" > "$T/out" 2>&1
is "$?:$(cat "$T/out")" "0:" "IPv4: exit 0, nothing on standard error, no inherited TLS variables"
is "$(tr -d '\r' < "$T/greeting")" "hello" "descriptor 6 reads from the server"
like "$(grep -a 'from the client' "$T/srv.py.log.127.0.0.2")" "^from the client$" \
  "descriptor 7 writes to the server"
lport=$(sed -n 's/^TCPLOCALPORT=//p' "$T/env")
is "$(cat "$T/env")" "PROTO=TCP
TCPLOCALIP=127.0.0.1
TCPLOCALPORT=$lport
TCPLOCALHOST=localhost.test
TCPREMOTEIP=127.0.0.2
TCPREMOTEPORT=$p4
TCPREMOTEHOST=two.test" "IPv4 variables (names from DNS in lower case, stale ones replaced)"
like "$(tail -n 1 "$T/srv.py.log.127.0.0.2")" "^\|127\.0\.0\.1 $lport$" \
  "the server saw the same local address and port"

# -H, -l, -p: no names looked up, a fixed local port
fixed=$(free_port)
"$tc" -RH -l 0 -p "$fixed" 127.0.0.2 "$p4" sh -c "$show" > "$T/env" 2>&1
is "$?" 0 "-H -l 0 -p: exit 0"
is "$(grep -E '^TCP(LOCALPORT|LOCALHOST|REMOTEHOST)' "$T/env")" "TCPLOCALPORT=$fixed
TCPLOCALHOST=0" "-p sets the local port, -l the local name, -H leaves no remote name"

# -v and the exit code of the program
"$tc" -v -RH -l0 127.0.0.2 "$p4" sh -c 'exit 7' > "$T/out" 2>&1
is "$?" 7 "the program's exit code is tcpclient's"
is "$(cat "$T/out")" "tcpclient: connected to 127.0.0.2 port $p4" "-v reports the connection"
"$tc" -RH -l0 127.0.0.2 "$p4" ./no-such-program > "$T/out" 2>&1
is "$?:$(cat "$T/out")" "111:tcpclient: fatal: unable to run ./no-such-program: no such file or directory" \
  "a program that cannot run"

# ---- addresses tried in order ----
"$tc" -RH -l0 refused-then-ok.test "$p4" sh -c 'echo $TCPREMOTEIP' > "$T/out" 2>"$T/err"
is "$?" 0 "a name whose first address refuses: exit 0"
is "$(cat "$T/out")" "127.0.0.2" "the second address answered"
is "$(cat "$T/err")" "tcpclient: unable to connect to 127.0.0.3 port $p4: connection refused" \
  "the refusal is reported"
"$tc" -4 -RH -l0 both.test "$p4" sh -c 'echo $TCPREMOTEIP' > "$T/out" 2>"$T/err"
is "$?:$(cat "$T/out"):$(cat "$T/err")" "0:127.0.0.2:" "-4 skips the AAAA record"

# ---- a timeout: a listener whose backlog is full drops new connections ----
cat > "$T/full.py" <<'PY'
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
port = s.getsockname()[1]
fill = []
for _ in range(4):
    c = socket.socket(); c.setblocking(False)
    try:
        c.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    fill.append(c)
time.sleep(0.3)
print(port, flush=True)
time.sleep(60)
PY
python3 "$T/full.py" > "$T/port.full" & pids="$pids $!"
i=0
while [ ! -s "$T/port.full" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
full=$(cat "$T/port.full")
t0=$(date +%s)
"$tc" -RH -l0 -T 1+1 127.0.0.1 "$full" true > "$T/out" 2>&1
rc=$?
t1=$(date +%s)
is "$rc:$(cat "$T/out")" "111:tcpclient: unable to connect to 127.0.0.1 port $full: timed out" \
  "-T 1+1: a timeout, exit 111"
ok "$([ $((t1 - t0)) -ge 1 ] && [ $((t1 - t0)) -le 5 ]; echo $?)" \
  "a single address waits x+y seconds ($((t1 - t0)) s)"

# ---- IPv6 ----
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
  start c 6 ::1 2 8
  p6=$port
  "$tc" -R ::1 "$p6" sh -c "$show" > "$T/env" 2>&1
  is "$?" 0 "IPv6: exit 0"
  lport=$(sed -n 's/^TCP6LOCALPORT=//p' "$T/env")
  is "$(cat "$T/env")" "PROTO=TCP6
TCPLOCALIP=::1
TCPLOCALPORT=$lport
TCPLOCALHOST=six.test
TCPREMOTEIP=::1
TCPREMOTEPORT=$p6
TCPREMOTEHOST=six.test
TCP6LOCALIP=::1
TCP6LOCALPORT=$lport
TCP6LOCALHOST=six.test
TCP6REMOTEIP=::1
TCP6REMOTEPORT=$p6
TCP6REMOTEHOST=six.test" "IPv6: the TCP6 variables, and the TCP ones with the same values"
  "$tc" -6 -RH -l0 0 "$p6" sh -c 'echo $TCP6REMOTEIP' > "$T/out" 2>&1
  is "$?:$(cat "$T/out")" "0:::1" "-6: host 0 is ::1"
else
  skip "no IPv6 loopback"; skip "no IPv6 loopback"; skip "no IPv6 loopback"
fi

# ---- cross-check: Debian's tcpclient sets the same IPv4 variables ----
if command -v /usr/bin/tcpclient >/dev/null 2>&1; then
  /usr/bin/tcpclient -RH -l0 -i 127.0.0.1 127.0.0.2 "$p4" sh -c "$show" 2>/dev/null |
    sed 's/=.*//' > "$T/theirs"
  "$tc" -RH -l0 -i 127.0.0.1 127.0.0.2 "$p4" sh -c "$show" 2>/dev/null | sed 's/=.*//' > "$T/ours"
  is "$(cat "$T/ours")" "$(cat "$T/theirs")" "the same variable names as Debian's tcpclient"
else
  skip "Debian's ucspi-tcp is not installed"
fi
done_testing

#!/bin/sh
# tcpserver-spawn.t — how tcpserver starts its children, under load: many
# clients at once (the spawning threads and vfork), each child with its
# own connection and environment, the count of children back to 0, an
# environment too large for the light path, and no TLS library in
# tcpserver; with -s, the relay server tcpserver-tls: certificate copies
# taken at start (a certificate changed later, one readable by root
# only), and tcpserver ending when the relay server dies.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/tcpsrv.sh"
need_cmd python3
CB=$(bin tests/lib/connbench)
tcpsrv_init
TCPSRV_WAIT=15

# ---- tcpserver uses no TLS library (tcpserver-tls does the TLS) ----
if command -v nm > /dev/null 2>&1; then
  ok "$(nm -D --undefined-only "$TS" | grep -cE ' (SSL|OPENSSL|EVP|ERR|X509)_')" \
    "tcpserver calls nothing of OpenSSL"
else
  skip "no nm"
fi

# many clients at once: each checks that its program saw its own
# connection (the remote port is the client's own), and says "ok"
cat > "$T/many.py" <<'EOF'
import socket, sys, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
good = []
def one():
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    me = s.getsockname()[1]
    out = b""
    while True:
        b = s.recv(4096)
        if not b: break
        out += b
    f = out.decode().split()
    if f[:3] == [str(me), str(port), "TCP"] and (len(f) < 4 or f[3] == "big299"):
        good.append(1)
    else:
        sys.stderr.write("got %r\n" % out)
t = [threading.Thread(target=one) for _ in range(n)]
for x in t: x.start()
for x in t: x.join()
print(len(good))
EOF
cat > "$T/prog.sh" <<'EOF'
#!/bin/sh
echo "$TCPREMOTEPORT $TCPLOCALPORT $PROTO $BIG299"
sleep 0.2
EOF
chmod +x "$T/prog.sh"

# ---- light children under load ----
tcpsrv_start -v -HRl0 -c 100 127.0.0.1 0 "$T/prog.sh"
is "$(python3 "$T/many.py" "$PORT" 40)" 40 "40 clients at once: each program saw its own connection"
tcpsrv_ends 40
THREADS=$(ls "/proc/$SPID/task" 2>/dev/null | wc -l)
ok "$([ "$THREADS" -gt 1 ]; echo $?)" "under load the spawning threads ran ($THREADS threads)"
last_status() { grep '^tcpserver: status: ' "$T/log" | tail -n 1; }
tcpsrv_wait '[ "$(last_status)" = "tcpserver: status: 0/100" ]'
is "$(last_status)" "tcpserver: status: 0/100" "40 children counted out again"
tcpsrv_stop
tcpsrv_start -v -HRl0 -c 100 127.0.0.1 0 true
if [ -x "$CB" ]; then
  OUT=$("$CB" -c 30 -n 1000 -t 60 127.0.0.1 "$PORT" 2>&1)
  like "$OUT" "^connections 1000 errors 0 " "1000 connections, 30 at a time: no errors"
  tcpsrv_ends 1000
else
  skip "connbench is not built"
fi
tcpsrv_wait '[ "$(last_status)" = "tcpserver: status: 0/100" ]'
is "$(last_status)" "tcpserver: status: 0/100" "every child counted out again"
ok "$(grep '^tcpserver: end ' "$T/log" | grep -vc ' status 0$')" "every child ended with status 0"
is "$(grep -c '^tcpserver: ok ' "$T/log")" "$(grep -c '^tcpserver: end ' "$T/log")" "an ok line for each child"
tcpsrv_stop

# ---- an environment too large for the child's own space: forked ----
BIGENV=
i=0
while [ $i -lt 300 ]; do BIGENV="$BIGENV BIG$i=big$i"; i=$((i + 1)); done
tcpsrv_start -e "$BIGENV" -v -HRl0 127.0.0.1 0 "$T/prog.sh"
is "$(python3 "$T/many.py" "$PORT" 10 2>&1)" 10 "a large environment: every program has all of it" || diag "$(cat "$T/log")"
tcpsrv_ends 10
tcpsrv_stop

# ---- -s: the relay server ----
if ! grep -q '^HAVE_OPENSSL := 1' "$IM_BUILD/config.mk" 2>/dev/null || ! command -v openssl > /dev/null 2>&1; then
  skip "TLS: built without OpenSSL, or no openssl"
  done_testing
fi
mkcert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$T/$1.key" \
    -out "$T/$1.crt" -days 2 -subj "/CN=$1" > /dev/null 2>&1 && cat "$T/$1.crt" "$T/$1.key" > "$T/$1.pem"
}
mkcert first && mkcert second || { skip "openssl cannot make certificates"; done_testing; }
# subject: the CN the server showed, and what the program said
subject() {
  printf 'hi\n' | openssl s_client -ign_eof -connect "127.0.0.1:$PORT" -servername x 2>/dev/null |
    sed -n 's/^subject=.*CN *= *\([a-z]*\).*/cn=\1/p; s/^said \(.*\)/said=\1/p' | tr '\n' ' '
}

cp "$T/first.pem" "$T/server.pem"
tcpsrv_start -v -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 sh -c 'read l; echo "said $l"'
is "$(subject)" "cn=first said=hi " "-s: the certificate, and the program behind TLS"
cp "$T/second.pem" "$T/server.pem"
printf 'junk\n' > "$T/server.pem"
is "$(subject)" "cn=first said=hi " "-s: a certificate changed on disk is not used until a restart"
tcpsrv_ends 2
RELAY=$(ps -o pid= --ppid "$SPID" | tr -d ' ' | head -n 1)
like "$(cat "/proc/$RELAY/cmdline" 2>/dev/null | tr '\0' ' ')" "tcpserver-tls .*-Z" "-s: the relay server runs as tcpserver's child"
kill -9 "$RELAY"
wait "$SPID"
is "$?" 111 "-s: tcpserver ends (111) when the relay server dies"
SPID=
like "$(cat "$T/log")" "tcpserver: fatal: .*tcpserver-tls ended, status 9" "-s: and says so"

# a certificate that only root may read, with -u and -g: read at start
if [ "$(id -u)" = 0 ]; then
  cp "$T/second.pem" "$T/root.pem"
  chmod 600 "$T/root.pem"
  chmod 755 "$T"
  tcpsrv_start -HRl0 -u 65534 -g 65534 -s -n "$T/root.pem" 127.0.0.1 0 sh -c 'read l; echo "said $(id -u)"'
  is "$(subject)" "cn=second said=65534 " "-s -u: a certificate only root can read, copied before -u"
  tcpsrv_stop
else
  skip "not root: -u and a certificate readable by root only"
fi
done_testing

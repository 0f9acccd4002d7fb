#!/bin/sh
# tcpserver-tls.t — tcpserver -s with a CA made at test time: openssl
# s_client talks to a plain program through it, the TLS variables,
# client certificates (-a), a silent client that never shakes hands does
# not hold up others, a plain-text client fails the handshake, bulk data
# both ways, the banner and the exit status through the relay.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/tcpsrv.sh"
need_cmd python3 openssl
grep -q '^HAVE_OPENSSL := 1' "$IM_BUILD/config.mk" 2>/dev/null || skip_all "built without OpenSSL"
python3 -c 'import ssl' 2>/dev/null || skip_all "python3 has no ssl module"
tcpsrv_init

# ---- a CA, a server certificate for localhost, a client certificate ----
(
  cd "$T" || exit 1
  ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
  # shellcheck disable=SC2086
  openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca &&
  openssl req $ec -keyout srv.key -out srv.csr -subj /CN=localhost &&
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > srv.ext &&
  openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile srv.ext -out srv.pem &&
  openssl req $ec -keyout cli.key -out cli.csr -subj /CN=test-client &&
  openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out cli.pem &&
  cat srv.pem srv.key > server.pem && cat cli.pem cli.key > client.pem
) > "$T/openssl.out" 2>&1 || { diag "$(cat "$T/openssl.out")"; skip_all "openssl cannot make certificates"; }

cat > "$T/tls.py" <<'EOF'
# tls.py SCENARIO PORT DIR: TLS clients that check the server's name
import hashlib, os, socket, ssl, sys, threading, time
scenario, port, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def connect(cert=None):
    ctx = ssl.create_default_context(cafile=os.path.join(d, "ca.pem"))
    if cert: ctx.load_cert_chain(os.path.join(d, cert))
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    return ctx.wrap_socket(raw, server_hostname="localhost")

def readall(s):
    out = b""
    while True:
        try:
            b = s.recv(65536)
        except (ssl.SSLEOFError, ConnectionResetError):
            break
        if not b: break
        out += b
    return out

if scenario == "env":
    s = connect(sys.argv[4] if len(sys.argv) > 4 else None)
    sys.stdout.write(readall(s).decode())
elif scenario == "silent":
    # a client that connects and says nothing, then one that does the job
    silent = socket.create_connection(("127.0.0.1", port), timeout=10)
    t0 = time.time()
    s = connect()
    data = readall(s).decode().strip()
    print("second=%s fast=%s" % (data, time.time() - t0 < 5))
    silent.close()
elif scenario == "plain":
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"EHLO me\r\n")
    try:
        got = s.recv(100)
    except ConnectionResetError:
        got = b""
    print("plain=%r" % got)
elif scenario == "upload":
    s = connect()
    data = os.urandom(1 << 20)
    s.sendall(data)
    print(readall(s).decode().split()[0] == hashlib.sha256(data).hexdigest())
elif scenario == "download":
    s = connect()
    got = readall(s)
    want = open(os.path.join(d, "big"), "rb").read()
    print(len(got), got == want)
elif scenario == "echo":
    # one thread: an SSL object must not be read and written at once from
    # two threads, so interleave non-blocking sends and receives
    import selectors
    s = connect()
    data = os.urandom(3 << 20)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    sent, got, deadline = 0, b"", time.time() + 60
    while len(got) < len(data) and time.time() < deadline:
        sel.select(1)
        if sent < len(data):
            try:
                sent += s.send(data[sent:sent + 16384])
            except (ssl.SSLWantWriteError, ssl.SSLWantReadError):
                pass
        while True:
            try:
                b = s.recv(65536)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                break
            if not b:
                deadline = 0
                break
            got += b
        if sent == len(data):
            sel.modify(s, selectors.EVENT_READ)
    print(len(got), got == data)
EOF
tls() { python3 "$T/tls.py" "$1" "$PORT" "$T" "$2"; }

cat > "$T/env.sh" <<'EOF'
#!/bin/sh
env | grep -E '^(PROTO|TCPREMOTEIP|TLS[A-Z_]*)=' | sort
EOF
chmod +x "$T/env.sh"

# ---- openssl s_client talks to a plain program ----
tcpsrv_start -v -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 sh -c 'echo "220 ready TLS=$TLS"; read l; echo "got $l"'
OUT=$(printf 'ping\n' | openssl s_client -quiet -verify_return_error -CAfile "$T/ca.pem" \
  -verify_hostname localhost -servername localhost -connect "127.0.0.1:$PORT" 2>/dev/null | tr -d '\r')
is "$OUT" "220 ready TLS=1
got ping" "openssl s_client: the program reads and writes plain text"
tcpsrv_ends 1
tcpsrv_stop
P=$(sed -n 's/^tcpserver: pid \([0-9]*\) from .*/\1/p' "$T/log")
like "$(cat "$T/log")" "tcpserver: ok $P 0:127\.0\.0\.1:$PORT :127\.0\.0\.1::[0-9]+" "the ok line"
like "$(cat "$T/log")" "tcpserver: tls $P TLSv1\.[23] [A-Z0-9_-]+" "the tls line"
like "$(cat "$T/log")" "tcpserver: end $P status 0" "the end line: the program's status"

# ---- the environment; TLS_CERTFILE instead of -n ----
TLS_CERTFILE="$T/server.pem"
export TLS_CERTFILE
tcpsrv_start -HRl0 -s 127.0.0.1 0 "$T/env.sh"
unset TLS_CERTFILE
OUT=$(tls env)
like "$OUT" "^PROTO=TCP$" "PROTO=TCP"
like "$OUT" "^TCPREMOTEIP=127\.0\.0\.1$" "TCPREMOTEIP"
like "$OUT" "^TLS=1$" "TLS=1"
like "$OUT" "^TLS_PROTOCOL=TLSv1\.3$" "TLS_PROTOCOL"
like "$OUT" "^TLS_CIPHER=TLS_[A-Z0-9_]+$" "TLS_CIPHER"
ok "$(printf '%s\n' "$OUT" | grep -c TLS_PEER)" "no client certificate: no TLS_PEER_*"
tcpsrv_stop

# ---- client certificates with -a ----
tcpsrv_start -HRl0 -s -n "$T/server.pem" -a "$T/ca.pem" 127.0.0.1 0 "$T/env.sh"
OUT=$(tls env client.pem)
like "$OUT" "^TLS_PEER_SUBJECT=.*CN ?= ?test-client" "-a: TLS_PEER_SUBJECT"
like "$OUT" "^TLS_PEER_VERIFIED=1$" "-a: TLS_PEER_VERIFIED=1"
OUT=$(tls env)
like "$OUT" "^TLS=1$" "-a: a client without a certificate is still served"
ok "$(printf '%s\n' "$OUT" | grep -c TLS_PEER)" "-a: and has no TLS_PEER_*"
tcpsrv_stop

# ---- the handshake is in the child: a silent client holds up nobody ----
tcpsrv_start -v -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 sh -c 'echo served'
is "$(tls silent)" "second=served fast=True" "a silent client does not block the next one"
tcpsrv_ends 2
tcpsrv_stop
like "$(cat "$T/log")" "TLS handshake failed" "the silent client's child gives up when it goes"

# ---- a plain-text client ----
tcpsrv_start -v -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 sh -c 'echo served'
like "$(tls plain)" "^plain=b'" "a plain-text client gets no greeting"
tcpsrv_ends 1
tcpsrv_stop
like "$(cat "$T/log")" "tcpserver: warning: dropping connection, TLS handshake failed: " "and the handshake fails"
like "$(cat "$T/log")" "status 28416" "its child exits 111"
ok "$(grep -c served "$T/log")" "the program never ran"

# ---- bulk data through the relay ----
tcpsrv_start -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 sh -c 'head -c 1048576 | sha256sum'
is "$(tls upload)" "True" "1 MB client to program, intact"
tcpsrv_stop
head -c 2500000 /dev/urandom > "$T/big"
tcpsrv_start -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 cat "$T/big"
is "$(tls download)" "2500000 True" "2.5 MB program to client, intact"
tcpsrv_stop
tcpsrv_start -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 cat
is "$(tls echo)" "3145728 True" "3 MB both ways at once (cat), intact"
tcpsrv_stop

# ---- the banner goes through TLS; the exit status comes back ----
tcpsrv_start -v -HRl0 -s -n "$T/server.pem" -B 'banner
' 127.0.0.1 0 sh -c 'echo program; exit 3'
is "$(tls env)" "banner
program" "-B with -s: the banner through TLS, then the program"
tcpsrv_ends 1
tcpsrv_stop
like "$(cat "$T/log")" "tcpserver: end [0-9]+ status 768" "the program's exit status (3) as the child's"

# ---- a program killed by a signal: the child dies the same way ----
tcpsrv_start -v -HRl0 -s -n "$T/server.pem" 127.0.0.1 0 sh -c 'echo x; kill -TERM $$'
tls env > /dev/null
tcpsrv_ends 1
tcpsrv_stop
like "$(cat "$T/log")" "tcpserver: end [0-9]+ status 15$" "a program killed by SIGTERM: status 15"
done_testing

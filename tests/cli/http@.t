#!/bin/sh
# http@.t — http@ sends an HTTP/1.0 GET with a Host header and prints the
# body without the headers and without the CRs at line ends. The third
# argument picks the port; for the default port 80 a stand-in tcpclient
# first in PATH records the arguments and goes to the test server.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
for p in addcr delcr; do [ -x "$(bin ucspi-tcp/$p)" ] || skip_all "$p is not built"; done
mkdir "$T/bin"
cat > "$T/bin/tcpclient" <<'EOF2'
#!/bin/sh
# records its arguments, then connects to the test server (127.0.0.1) instead
printf '%s|' "$@" >> "$ARGS_LOG"; echo >> "$ARGS_LOG"
o=$1 dd=$2; shift 4
exec "$REAL_TC" "$o" "$dd" 127.0.0.1 "$TEST_PORT" "$@"
EOF2
chmod +x "$T/bin/tcpclient"
export REAL_TC="$(bin ucspi-tcp/tcpclient)" ARGS_LOG="$T/args"

# a web server: reads the request head, logs it (Python repr), answers
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
for _ in range(3):
    c, _ = s.accept(); c.settimeout(10); got = b""
    while b"\r\n\r\n" not in got:
        b = c.recv(1000)
        if not b: break
        got += b
    with open(sys.argv[1], "a") as f: f.write(repr(got) + "\n")
    c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nline one\r\n\r\nline\rthree\r\n")
    c.close()
' "$T/got" > "$T/port" & pids="$pids $!"
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$T/port")
body="line one

line${CR:=$(printf '\r')}three"

PATH="$IM_BUILD/ucspi-tcp:$PATH" transcript "http@ host page port" "$body
exit 0" "$(bin ucspi-tcp/http@)" 127.0.0.1 docs/a.txt "$port"
is "$(sed -n 1p "$T/got")" "b'GET /docs/a.txt HTTP/1.0\\r\\nHost: 127.0.0.1:$port\\r\\n\\r\\n'" \
  "the request: GET /page, Host with the port, CR LF endings"

export PATH="$T/bin:$IM_BUILD/ucspi-tcp:$PATH" TEST_PORT=$port
transcript "http@ host" "$body
exit 0" "$(bin ucspi-tcp/http@)" www.example.com
is "$(sed -n 2p "$T/got")" "b'GET / HTTP/1.0\\r\\nHost: www.example.com\\r\\n\\r\\n'" \
  "no page: /; port 80 is not named in Host"
is "$(sed -n 1p "$T/args")" "-RHl0|--|www.example.com|80|sh|-c|addcr >&7; exec delcr <&6|" \
  "port 80 by default"
transcript "http@ alone" "$body
exit 0" "$(bin ucspi-tcp/http@)"
is "$(sed -n 2p "$T/args")" "-RHl0|--|0|80|sh|-c|addcr >&7; exec delcr <&6|" "the host defaults to 0"
done_testing

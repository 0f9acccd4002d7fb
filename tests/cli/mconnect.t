#!/bin/sh
# mconnect.t — mconnect connects (port 25 unless told), sends its input
# with a CR added before each LF, prints what the server says unchanged,
# and ends when the server hangs up. Also mconnect-io on its own.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
export PATH="$IM_BUILD/ucspi-tcp:$PATH"
mc=$(bin ucspi-tcp/mconnect)

# an SMTP-ish server: greets, answers each line, hangs up after QUIT or
# at the end of input; logs what it got (Python repr)
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
for _ in range(2):
    c, _ = s.accept(); c.settimeout(10); got = b""
    c.sendall(b"220 test ESMTP\r\n")
    buf = b""
    while True:
        b = c.recv(1000)
        if not b: break
        got += b; buf += b
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.upper().startswith(b"QUIT"):
                c.sendall(b"221 bye\r\n"); c.close(); c = None; break
            c.sendall(b"250 ok\r\n")
        if c is None: break
    if c: c.close()
    with open(sys.argv[1], "a") as f: f.write(repr(got) + "\n")
' "$T/got" > "$T/port" & pids="$pids $!"
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$T/port")

printf 'HELO me\nNOOP\r\nQUIT\n' | "$mc" 127.0.0.1 "$port" > "$T/out" 2>&1
is "$?" 0 "exit 0 when the server hangs up"
is "$(od -An -c "$T/out" | tr -s ' ')" \
  "$(printf '220 test ESMTP\r\n250 ok\r\n250 ok\r\n221 bye\r\n' | od -An -c | tr -s ' ')" \
  "the server's replies, CRs and all"
is "$(sed -n 1p "$T/got")" "b'HELO me\\r\\nNOOP\\r\\r\\nQUIT\\r\\n'" "a CR before every LF"

printf 'HELO me\n' | "$mc" 127.0.0.1 "$port" > "$T/out" 2>&1
is "$?:$(tr -d '\r' < "$T/out")" "0:220 test ESMTP
250 ok" "the end of input half-closes; the server's end ends mconnect"

closed=$(free_port)
transcript "nobody listens" "tcpclient: unable to connect to 127.0.0.1 port $closed: connection refused
exit 111" "$mc" 127.0.0.1 "$closed"

mkdir "$T/bin"
printf '#!/bin/sh\nprintf "%%s|" "$@"; echo\n' > "$T/bin/tcpclient"
chmod +x "$T/bin/tcpclient"
PATH="$T/bin:$PATH" transcript "no arguments: host 0, port 25" "-RHl0|--|0|25|mconnect-io|
exit 0" "$mc"
PATH="$T/bin:$PATH" transcript "a host" "-RHl0|--|mx.example.com|25|mconnect-io|
exit 0" "$mc" mx.example.com

# mconnect-io alone: descriptor 6 at its end stops it at once
io=$(bin ucspi-tcp/mconnect-io)
transcript "mconnect-io: the network has ended" "
exit 0" sh -c 'exec "$1" 6</dev/null 7>/dev/null' sh "$io"
transcript "mconnect-io: no descriptor 6" "mconnect-io: fatal: unable to read network: bad file descriptor
exit 111" sh -c 'exec "$1" 6<&- 7>/dev/null' sh "$io"
done_testing

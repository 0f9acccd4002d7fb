#!/bin/sh
# tcpcat.t — tcpcat prints what a server sends, byte for byte, and
# reports tcpclient's errors; without arguments it asks port 17 of host 0
# (checked with a stand-in tcpclient first in PATH).
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
export PATH="$IM_BUILD/ucspi-tcp:$PATH"

# every byte value, CR LF and NUL included
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 40 + b"\r\nend\r\n")' > "$T/data"
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
data = open(sys.argv[1], "rb").read()
for _ in range(2):
    c, _ = s.accept(); c.sendall(data); c.close()
' "$T/data" > "$T/port" & pids="$pids $!"
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$T/port")

"$(bin ucspi-tcp/tcpcat)" 127.0.0.1 "$port" > "$T/got" 2>"$T/err"
is "$?" 0 "exit 0"
cmp -s "$T/data" "$T/got"
ok $? "the bytes arrive unchanged ($(wc -c < "$T/data") bytes)"
is "$(cat "$T/err")" "" "nothing on standard error"

closed=$(free_port)
transcript "nobody listens" "tcpclient: unable to connect to 127.0.0.1 port $closed: connection refused
exit 111" "$(bin ucspi-tcp/tcpcat)" 127.0.0.1 "$closed"

mkdir "$T/bin"
cat > "$T/bin/tcpclient" <<'EOF2'
#!/bin/sh
printf '%s|' "$@"; echo
EOF2
chmod +x "$T/bin/tcpclient"
PATH="$T/bin:$PATH" transcript "no arguments: host 0, port 17" "-RHl0|--|0|17|sh|-c|exec cat <&6|
exit 0" "$(bin ucspi-tcp/tcpcat)"
done_testing

#!/bin/sh
# finger@.t — finger@ sends the user (or an empty line) with CR LF to port
# 79 of the host and prints the answer without CRs, unprintable bytes
# shown by cat -v. A stand-in tcpclient first in PATH records the
# arguments and sends the connection to a local server on a free port.
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
export REAL_TC="$(bin ucspi-tcp/tcpclient)" ARGS_LOG="$T/args" PATH="$T/bin:$IM_BUILD/ucspi-tcp:$PATH"

# a finger server: reads one line, logs it (Python repr), answers, hangs up
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
for _ in range(2):
    c, _ = s.accept(); c.settimeout(10); got = b""
    while b"\n" not in got:
        b = c.recv(100)
        if not b: break
        got += b
    with open(sys.argv[1], "a") as f: f.write(repr(got) + "\n")
    c.sendall(b"Login: joe\r\nPlan:\x01\r\n"); c.close()
' "$T/got" > "$T/port" & pids="$pids $!"
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
export TEST_PORT=$(cat "$T/port")

transcript "finger@ host user" "Login: joe
Plan:^A
exit 0" "$(bin ucspi-tcp/finger@)" 127.0.0.1 joe
is "$(sed -n 1p "$T/got")" "b'joe\\r\\n'" "the server got the user and CR LF"
is "$(sed -n 1p "$T/args")" "-RHl0|--|127.0.0.1|79|sh|-c|addcr >&7; exec delcr <&6|" "port 79"
transcript "finger@ without a host or user" "Login: joe
Plan:^A
exit 0" "$(bin ucspi-tcp/finger@)"
is "$(sed -n 2p "$T/got")" "b'\\r\\n'" "an empty line asks about everybody"
is "$(sed -n 2p "$T/args")" "-RHl0|--|0|79|sh|-c|addcr >&7; exec delcr <&6|" "the host defaults to 0"
done_testing

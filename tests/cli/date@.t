#!/bin/sh
# date@.t — date@ asks port 13 of the host (0 by default) through tcpclient
# found in PATH, removes CRs and shows unprintable bytes with cat -v. A
# stand-in tcpclient first in PATH records the arguments and sends the
# connection to a local server on a free port instead of port 13.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
[ -x "$(bin ucspi-tcp/delcr)" ] || skip_all "delcr is not built"
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

# a server that sends the bytes of reply to each of 3 connections and hangs up
printf 'Mon Nov 24 12:00:00 2025\r\n\001\r\nno CR at the end' > "$T/reply"
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
data = open(sys.argv[1], "rb").read()
for _ in range(3):
    c, _ = s.accept(); c.sendall(data); c.close()
' "$T/reply" > "$T/port" & pids="$pids $!"
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
export TEST_PORT=$(cat "$T/port")

transcript "date@ host" "Mon Nov 24 12:00:00 2025
^A
no CR at the end
exit 0" "$(bin ucspi-tcp/date@)" 127.0.0.1
is "$(sed -n 1p "$T/args")" "-RHl0|--|127.0.0.1|13|sh|-c|exec delcr <&6|" "port 13, no DNS, no ident"
transcript "date@ without a host" "Mon Nov 24 12:00:00 2025
^A
no CR at the end
exit 0" "$(bin ucspi-tcp/date@)"
is "$(sed -n 2p "$T/args")" "-RHl0|--|0|13|sh|-c|exec delcr <&6|" "the host defaults to 0"
export TEST_PORT=$(free_port)
run "$(bin ucspi-tcp/date@)" 127.0.0.1
like "$OUT" "^tcpclient: unable to connect to 127\.0\.0\.1 port $TEST_PORT: connection refused$" \
  "a host that does not answer: tcpclient's message"
done_testing

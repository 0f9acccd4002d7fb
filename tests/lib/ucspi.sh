# ucspi.sh — a stand-in tcpclient and one-shot servers for tests of the
# ucspi-tcp client scripts (date@, who@, finger@, http@). Source after
# tap.sh and proc.sh; call tmpdir and track_pids first (every server
# started here is written to $T/pids, so the test's exit stops it, by pid),
# or let ucspi_init do all that.
#
#   ucspi_init [PROG...]    the start of such a test: skips the whole file
#                           without python3, calls tmpdir and track_pids,
#                           skips the file when one of the ucspi-tcp/PROGs
#                           is not built, and writes the stand-in tcpclient
#                           (ucspi_fake_tcpclient)
#   ucspi_fake_tcpclient    $T/bin/tcpclient, a stand-in that appends its
#                           arguments to $T/args (each followed by "|", one
#                           line a call), then runs the built tcpclient with
#                           its first two arguments (the options and "--")
#                           and the rest after host and port, but connects
#                           to 127.0.0.1 port $TEST_PORT instead; put $T/bin
#                           first in PATH to use it
#   ucspi_serve COUNT READ REPLY [LOG]
#                           a server on 127.0.0.1 and a free port, which it
#                           puts in UCSPI_PORT, for COUNT connections one
#                           after the other: on each it reads until READ is
#                           seen (none: reads nothing; line: a LF; head:
#                           CR LF CR LF, or the client's end), appends what
#                           it read to LOG (a Python bytes literal, one line
#                           a connection) when READ is not none, sends the
#                           bytes of the file REPLY and hangs up; returns 1
#                           when the server is not up within 10 seconds
#   ucspi_ask_test PROG PORT REPLY WANT
#                           the tests (5) of ucspi-tcp/PROG, a script that
#                           only shows what port PORT of a host (0 when not
#                           given) sends, through the tcpclient in PATH and
#                           delcr, unprintable bytes as cat -v shows them:
#                           after ucspi_init delcr, against a server that
#                           sends the bytes printf makes of REPLY, PROG with
#                           a host and without must print WANT and exit 0,
#                           and call tcpclient -RHl0 with the host and PORT
#                           and "sh -c 'exec delcr <&6'"; when nobody listens
#                           PROG shows tcpclient's message

# ucspi_init [PROG...]: the start of a test (see above)
ucspi_init() {
  need_cmd python3
  tmpdir
  track_pids
  for _ui in "$@"; do
    [ -x "$(bin "ucspi-tcp/$_ui")" ] || skip_all "$_ui is not built"
  done
  ucspi_fake_tcpclient || exit 255
}

# ucspi_fake_tcpclient: write $T/bin/tcpclient (see above)
ucspi_fake_tcpclient() {
  mkdir -p "$T/bin" || return 1
  cat > "$T/bin/tcpclient" <<EOF
#!/bin/sh
# records its arguments, then connects to the test server (127.0.0.1) instead
printf '%s|' "\$@" >> "$T/args"; echo >> "$T/args"
o=\$1 dd=\$2; shift 4
exec "$(bin ucspi-tcp/tcpclient)" "\$o" "\$dd" 127.0.0.1 "\$TEST_PORT" "\$@"
EOF
  chmod +x "$T/bin/tcpclient"
}

# ucspi_serve COUNT READ REPLY [LOG]: start the server (see above)
ucspi_serve() {
  _uf=$(mktemp "$T/ucspi.port.XXXXXX") || return 1
  python3 -c '
import socket, sys
count, until, reply = int(sys.argv[1]), sys.argv[2], sys.argv[3]
log = sys.argv[4] if len(sys.argv) > 4 else None
end = {"none": None, "line": b"\n", "head": b"\r\n\r\n"}[until]
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
data = open(reply, "rb").read()
for _ in range(count):
    c, _ = s.accept()
    if end is not None:
        c.settimeout(10); got = b""
        while end not in got:
            b = c.recv(1000)
            if not b: break
            got += b
        if log:
            with open(log, "a") as f: f.write(repr(got) + "\n")
    c.sendall(data); c.close()
' "$@" > "$_uf" &
  echo $! >> "$T/pids"
  until_ok 10 test -s "$_uf" || return 1
  UCSPI_PORT=$(head -n 1 "$_uf")
}

# ucspi_ask_test PROG PORT REPLY WANT: the tests of a query script (see above)
ucspi_ask_test() {
  _up=$(bin "ucspi-tcp/$1")
  ucspi_init delcr
  export PATH="$T/bin:$IM_BUILD/ucspi-tcp:$PATH"
  # shellcheck disable=SC2059
  printf "$3" > "$T/reply"
  ucspi_serve 3 none "$T/reply" || diag "the test server did not start"
  export TEST_PORT="$UCSPI_PORT"
  transcript "$1 host" "$4
exit 0" "$_up" 127.0.0.1
  is "$(sed -n 1p "$T/args")" "-RHl0|--|127.0.0.1|$2|sh|-c|exec delcr <&6|" "port $2, no DNS, no ident"
  transcript "$1 without a host" "$4
exit 0" "$_up"
  is "$(sed -n 2p "$T/args")" "-RHl0|--|0|$2|sh|-c|exec delcr <&6|" "the host defaults to 0"
  TEST_PORT=$(free_port)
  run "$_up" 127.0.0.1
  like "$OUT" "^tcpclient: unable to connect to 127\.0\.0\.1 port $TEST_PORT: connection refused\$" \
    "a host that does not answer: tcpclient's message"
}

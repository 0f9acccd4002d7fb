#!/bin/sh
# tcpserver.t — tcpserver's usage errors, startup failures and exit codes.
. "${IM_SRC:-.}/tests/lib/tap.sh"
TS=$(bin ucspi-tcp/tcpserver)
[ -x "$TS" ] || skip_all "tcpserver is not built"
tmpdir
cd "$T" || exit 255
USAGE='tcpserver: usage: tcpserver [ -146UXpPhHrRoOdDqQvs ] [ -c limit ] [ -C perip ] [ -x rules.cdb ] [ -B banner ] [ -g gid ] [ -u uid ] [ -b backlog ] [ -l localname ] [ -t timeout ] [ -n certfile ] [ -k keyfile ] [ -a cafile ] [ -L ciphers ] host port program'

transcript "no arguments" "$USAGE
exit 100" "$TS"

transcript "no program" "$USAGE
exit 100" "$TS" 127.0.0.1 0

transcript "illegal option" "tcpserver: illegal option -- z
$USAGE
exit 100" "$TS" -z 127.0.0.1 0 true

transcript "option without its argument" "tcpserver: option requires an argument -- x
$USAGE
exit 100" "$TS" -x

transcript "-c 0" "tcpserver: bad limit for -c: 0
$USAGE
exit 100" "$TS" -c 0 127.0.0.1 0 true

transcript "-c too large" "tcpserver: bad limit for -c: 100001
$USAGE
exit 100" "$TS" -c100001 127.0.0.1 0 true

transcript "-C not a number" "tcpserver: bad limit for -C: many
$USAGE
exit 100" "$TS" -C many 127.0.0.1 0 true

transcript "-b not a number" "tcpserver: bad backlog for -b: x
$USAGE
exit 100" "$TS" -bx 127.0.0.1 0 true

transcript "-t too large" "tcpserver: bad timeout for -t: 3601
$USAGE
exit 100" "$TS" -t 3601 127.0.0.1 0 true

transcript "-c FILE missing" "tcpserver: fatal: unable to read $T/nolimit: no such file or directory
exit 111" "$TS" -c "$T/nolimit" 127.0.0.1 0 true

printf 'lots\n' > "$T/badlimit"
transcript "-c FILE not a number" "tcpserver: fatal: unable to read $T/badlimit: not a limit from 1 to 100000
exit 111" "$TS" -c "$T/badlimit" 127.0.0.1 0 true

transcript "unknown port name" "tcpserver: fatal: unable to figure out port number for no-such-service
exit 111" "$TS" 127.0.0.1 no-such-service true

transcript "port out of range" "tcpserver: fatal: unable to figure out port number for 65536
exit 111" "$TS" 127.0.0.1 65536 true

transcript "-6 with an IPv4 address" "tcpserver: fatal: 127.0.0.1 is not an IPv6 address
exit 100" "$TS" -6 127.0.0.1 0 true

transcript "-4 with an IPv6 address" "tcpserver: fatal: ::1 is not an IPv4 address
exit 100" "$TS" -4 ::1 0 true

# an address this host does not have (TEST-NET-1)
run "$TS" 192.0.2.1 0 true
is "$RC" 111 "bind to a foreign address: exit 111"
like "$OUT" '^tcpserver: fatal: unable to bind: ' "bind to a foreign address: message"

# a port in use
PORT=$(free_port)
mkfifo "$T/hold"
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
print("up", flush=True); sys.stdin.read()' "$PORT" < "$T/hold" > "$T/holder.out" &
HOLDER=$!
exec 7> "$T/hold"
i=0
while [ ! -s "$T/holder.out" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
run "$TS" 127.0.0.1 "$PORT" true
is "$RC" 111 "port in use: exit 111"
like "$OUT" '^tcpserver: fatal: unable to bind: address already in use$' "port in use: message"
exec 7>&-
wait "$HOLDER"

# a name that does not resolve, through a DNS server that is not there
run env DNSCACHEIP=127.0.0.1 DNSCACHEPORT="$(free_port)" "$TS" no-such-host.invalid 0 true
is "$RC" 111 "unresolvable host: exit 111"
like "$OUT" '^tcpserver: fatal: temporarily unable to figure out IP address for no-such-host\.invalid: ' \
  "unresolvable host: message"

# TLS without a usable certificate
if ! grep -q '^HAVE_OPENSSL := 1' "$IM_BUILD/config.mk" 2>/dev/null; then
  transcript "-s without OpenSSL" "tcpserver: fatal: TLS is not available: built without OpenSSL
exit 100" "$TS" -s 127.0.0.1 0 true
  done_testing
fi
transcript "-s with a missing certificate" "tcpserver: fatal: TLS: unable to open $T/none.pem: no such file or directory
exit 111" "$TS" -s -n "$T/none.pem" 127.0.0.1 0 true

printf 'not a certificate\n' > "$T/junk.pem"
run "$TS" -s -n "$T/junk.pem" 127.0.0.1 0 true
is "$RC" 111 "-s with a bad certificate: exit 111"
like "$OUT" "^tcpserver: fatal: TLS: .*junk\.pem" "-s with a bad certificate: message"

run env TLS_CERTFILE="$T/none.pem" "$TS" -s 127.0.0.1 0 true
is "$RC" 111 "TLS_CERTFILE is used without -n"
like "$OUT" "none\.pem" "TLS_CERTFILE: named in the message"

run env CERTDIR="$T/certs" TLS_CERTFILE= "$TS" -s 127.0.0.1 0 true
like "$OUT" "$T/certs/servercert\.pem" "without a certificate: CERTDIR/servercert.pem"

# the relay, tcpserver-tls, is looked for next to tcpserver
mkdir "$T/alone"
cp "$TS" "$T/alone/tcpserver"
transcript "-s without tcpserver-tls next to tcpserver" "tcpserver: fatal: unable to run $T/alone/tcpserver-tls: no such file or directory
exit 111" "$T/alone/tcpserver" -s -n "$T/junk.pem" 127.0.0.1 0 true
transcript "without -s tcpserver-tls is not needed" "tcpserver: fatal: unable to figure out port number for no-such-service
exit 111" "$T/alone/tcpserver" 127.0.0.1 no-such-service true

done_testing

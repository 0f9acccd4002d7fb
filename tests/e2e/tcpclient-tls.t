#!/bin/sh
# tcpclient-tls.t — tcpclient -s against openssl s_server with a test CA
# made here: the program talks plain text on descriptors 6 and 7, the
# server's chain and name are checked (-a, -N, the host argument,
# TLS_CAFILE), failures exit 111 before the program runs, and the
# program's exit code comes back.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd openssl python3
tmpdir
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
tc=$(bin ucspi-tcp/tcpclient)
"$tc" -s -RH 127.0.0.1 1 true 2>&1 | grep -q 'built without OpenSSL' &&
  skip_all "this build has no TLS"

# a CA, and a server certificate for tls.test and 127.0.0.1
cd "$T" || exit 255
{
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
    -subj /CN=Test-CA &&
  openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=tls.test &&
  printf 'subjectAltName=DNS:tls.test,IP:127.0.0.1\n' > ext &&
  openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem \
    -days 2 -extfile ext
} > openssl.log 2>&1 || { cat openssl.log >&2; skip_all "openssl cannot make a test CA"; }
# a client certificate from the same CA
{
  openssl req -newkey rsa:2048 -nodes -keyout cli.key -out cli.csr -subj /CN=client.test &&
  openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cli.pem -days 2
} >> openssl.log 2>&1 || { cat openssl.log >&2; skip_all "openssl cannot make a client certificate"; }
# another CA that signed nothing here
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 \
  -subj /CN=Other-CA > /dev/null 2>&1

# s_server -rev answers each line reversed; it serves COUNT connections
port=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$port" -cert srv.pem -key srv.key -rev \
  -naccept 12 < /dev/null > server.log 2>&1 & pids="$pids $!"
i=0
until python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
  "$port" 2>/dev/null || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done

# a second server that insists on a client certificate from the CA
port2=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$port2" -cert srv.pem -key srv.key -rev \
  -Verify 1 -CAfile ca.pem -naccept 3 < /dev/null > server2.log 2>&1 & pids="$pids $!"
i=0
until python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
  "$port2" 2>/dev/null || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done

talk='printf "hello tls\n" >&7; head -n 1 <&6; exit 3'

run "$tc" -s -RH -a ca.pem -N tls.test 127.0.0.1 "$port" sh -c "$talk"
is "$RC" 3 "-N tls.test: the program ran and its exit code came back"
is "$OUT" "slt olleh" "the program wrote and read plain text through TLS"

run "$tc" -s -RH -a ca.pem 127.0.0.1 "$port" sh -c "$talk"
is "$RC:$OUT" "3:slt olleh" "the host argument 127.0.0.1 matches the IP entry"

TLS_CAFILE=ca.pem run "$tc" -s -RH -N tls.test 127.0.0.1 "$port" sh -c "$talk"
is "$RC:$OUT" "3:slt olleh" "TLS_CAFILE names the CA"

run "$tc" -v -s -RH -a ca.pem -N tls.test 127.0.0.1 "$port" sh -c 'exec 6<&- 7>&-'
is "$RC" 0 "-v: exit 0"
like "$OUT" "tcpclient: TLS TLSv1\.[23] [A-Z0-9_-]+ peer /CN=tls\.test" "-v reports the TLS session"

run "$tc" -s -RH -a ca.pem -N tls.test 127.0.0.1 "$port" sh -c \
  'for v in TLS TLS_PROTOCOL TLS_PEER_SUBJECT TLS_PEER_VERIFIED; do eval "echo $v=\$$v"; done'
like "$OUT" "^TLS=1
TLS_PROTOCOL=TLSv1\.[23]
TLS_PEER_SUBJECT=/CN=tls\.test
TLS_PEER_VERIFIED=1$" "the program learns about the TLS session"

run "$tc" -s -RH -a ca.pem -n cli.pem -k cli.key 127.0.0.1 "$port2" sh -c "$talk"
is "$RC:$OUT" "3:slt olleh" "-n and -k present a client certificate the server accepts"
TLS_CERTFILE=cli.pem TLS_KEYFILE=cli.key run "$tc" -s -RH -a ca.pem 127.0.0.1 "$port2" \
  sh -c "$talk"
is "$RC:$OUT" "3:slt olleh" "TLS_CERTFILE and TLS_KEYFILE do the same"

run "$tc" -s -RH -a ca.pem -N wrong.test 127.0.0.1 "$port" sh -c 'echo RAN'
is "$RC" 111 "a wrong name: exit 111"
like "$OUT" "^tcpclient: fatal: unable to start TLS with 127\.0\.0\.1 port $port: .*hostname mismatch" \
  "a wrong name: the verification fails"
ok "$(printf '%s' "$OUT" | grep -c RAN)" "a wrong name: the program does not run"

run "$tc" -s -RH -a other.pem -N tls.test 127.0.0.1 "$port" sh -c 'echo RAN'
is "$RC" 111 "an untrusted CA: exit 111"
like "$OUT" "^tcpclient: fatal: unable to start TLS with .*certificate" "an untrusted CA: why"

run "$tc" -q -s -RH -a other.pem -N tls.test 127.0.0.1 "$port" sh -c 'echo RAN'
is "$RC:$OUT" "111:" "-q: silent failure"

run "$tc" -s -RH -a "$T/missing.pem" 127.0.0.1 "$port" true
is "$RC" 111 "a missing CA file: exit 111"
like "$OUT" "unable to load the trusted CAs" "a missing CA file: why"

# a bigger transfer both ways: 200000 bytes out, each line back reversed
python3 -c 'import sys; sys.stdout.write(("%09d abcdefghij\n" % 0) * 10000)' > big
run "$tc" -s -RH -a ca.pem -N tls.test 127.0.0.1 "$port" sh -c \
  'cat big >&7 & head -n 10000 <&6 | sort | uniq -c | sed "s/^ *//"; wait'
is "$RC:$OUT" "0:10000 jihgfedcba 000000000" "200 KB both ways arrive whole"
done_testing

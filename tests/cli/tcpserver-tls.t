#!/bin/sh
# tcpserver-tls.t — tcpserver-tls, tcpserver's TLS relay: usage errors, the
# certificate check (-C) and its exit codes, descriptors for -d.
. "${IM_SRC:-.}/tests/lib/tap.sh"
TL=$(bin ucspi-tcp/tcpserver-tls)
[ -x "$TL" ] || skip_all "tcpserver-tls is not built"
tmpdir
cd "$T" || exit 255
USAGE='tcpserver-tls: usage: tcpserver-tls [ -qQvd ] -C|-Z -n certfile [ -k keyfile ] [ -a cafile ] [ -L ciphers ] [ -S suites ] [ -B banner ]'

transcript "no arguments" "$USAGE
exit 100" "$TL"

transcript "no mode" "$USAGE
exit 100" "$TL" -n "$T/c.pem"

transcript "no certificate" "$USAGE
exit 100" "$TL" -C

transcript "unknown option" "$USAGE
exit 100" "$TL" -C -x -n "$T/c.pem"

transcript "an argument that is no option" "$USAGE
exit 100" "$TL" -C -n "$T/c.pem" program

transcript "option without its value" "$USAGE
exit 100" "$TL" -C -n

transcript "-d with a descriptor that is no number" "$USAGE
exit 100" "$TL" -d -C -n cert

if ! grep -q '^HAVE_OPENSSL := 1' "$IM_BUILD/config.mk" 2>/dev/null; then
  transcript "-C without OpenSSL" "tcpserver: fatal: TLS is not available: built without OpenSSL
exit 100" "$TL" -C -n "$T/c.pem"
  done_testing
fi

transcript "-C: a missing certificate" "tcpserver: fatal: TLS: unable to open $T/none.pem: no such file or directory
exit 111" "$TL" -C -n "$T/none.pem"

printf 'not a certificate\n' > "$T/junk.pem"
run "$TL" -C -n "$T/junk.pem"
is "$RC" 111 "-C: a bad certificate: exit 111"
like "$OUT" "^tcpserver: fatal: TLS: .*junk\.pem" "-C: a bad certificate: named"

if command -v openssl > /dev/null 2>&1 &&
   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
     -keyout "$T/k.pem" -out "$T/c.pem" -days 2 -subj /CN=localhost > /dev/null 2>&1; then
  transcript "-C: certificate and key" "
exit 0" "$TL" -C -n "$T/c.pem" -k "$T/k.pem"
  cat "$T/c.pem" "$T/k.pem" > "$T/both.pem"
  transcript "-C: both in one file" "
exit 0" "$TL" -Cq -n "$T/both.pem"
  transcript "-C -d: the certificate on a descriptor" "
exit 0" sh -c "exec \"$TL\" -d -C -n 3 3<\"$T/both.pem\""
  run sh -c "exec \"$TL\" -d -C -n 7"
  is "$RC" 111 "-C -d: a descriptor that is not open: exit 111"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$T/k2.pem" -out "$T/c2.pem" -days 2 -subj /CN=other > /dev/null 2>&1
  run "$TL" -C -n "$T/c.pem" -k "$T/k2.pem"
  is "$RC" 111 "-C: a key that does not match: exit 111"
  like "$OUT" "^tcpserver: fatal: TLS: .*k2\.pem" "-C: a key that does not match: named"
  run "$TL" -C -n "$T/both.pem" -L 'NO-SUCH-CIPHER'
  is "$RC" 111 "-C: an unusable cipher list: exit 111"
else
  skip "openssl cannot make a certificate"
fi
done_testing

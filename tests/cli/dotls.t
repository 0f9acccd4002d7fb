#!/bin/sh
# dotls.t — dotls: usage, options, running without a certificate, and the
# plain side of the STARTTLS dialogue over pipes (the TLS side is in
# tests/e2e/dotls-starttls.t).
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
DOTLS=$(bin ucspi-tcp/dotls)
USAGE='dotls: usage: dotls [ -v ] [ -n certfile ] [ -k keyfile ] [ -a cafile ] [ -L ciphers ] [ -S suites ] [ -t timeout ] program [ arg ... ]'

transcript "usage: no program" "$USAGE
exit 100" "$DOTLS"
transcript "usage: an unknown option" "$USAGE
exit 100" "$DOTLS" -x prog
transcript "a timeout that is not a number" "dotls: fatal: bad timeout: 5s
exit 100" "$DOTLS" -t 5s prog
transcript "a zero timeout" "dotls: fatal: bad timeout: 0
exit 100" "$DOTLS" -t 0 prog

# without a usable certificate there is no STARTTLS: the program runs
# alone, without TLS variables, and its exit code is dotls's
transcript "no certificate: a warning, then the program by itself" "$(cat <<'X'
dotls: warning: unable to open /nonexistent/cert.pem: no such file or directory: STARTTLS is off
TLS=unset
exit 3
X
)" env TLS=1 TLS_CIPHER=x "$DOTLS" -n /nonexistent/cert.pem sh -c 'echo "TLS=${TLS-unset}${TLS_CIPHER-}"; exit 3'

grep -q '^HAVE_OPENSSL := 1' "$IM_BUILD/config.mk" 2>/dev/null || { skip "built without OpenSSL"; done_testing; }
command -v openssl > /dev/null 2>&1 || { skip "openssl is not installed"; done_testing; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=localhost -keyout "$T/key.pem" -out "$T/cert.pem" > /dev/null 2>&1
ok $? "a test certificate"
cat > "$T/fake" <<'X'
#!/bin/sh
# a tiny SMTP server: greeting, EHLO, QUIT, and 250 for the rest
printf '220 fake ESMTP\r\n'
while read -r line; do
  case $line in
    EHLO*) printf '250-fake\r\n250 8BITMIME\r\n' ;;
    QUIT*) printf '221 bye\r\n'; exit 0 ;;
    *) printf '250 ok\r\n' ;;
  esac
done
X
chmod +x "$T/fake"
showcr() { sed 's/\r$/\\r/'; }

transcript "the EHLO reply offers STARTTLS, the rest passes" "$(cat <<'X'
220 fake ESMTP\r
250-fake\r
250-8BITMIME\r
250 STARTTLS\r
250 ok\r
221 bye\r
exit 0
X
)" sh -c 'printf "EHLO x\r\nNOOP\r\nQUIT\r\n" | "$1" -n "$2" -k "$3" "$4" | sed "s/\r\$/\\\\r/"' \
  sh "$DOTLS" "$T/cert.pem" "$T/key.pem" "$T/fake"

printf 'EHLO x\r\nSTARTTLS\r\nNOOP\r\n' | TLS_CERTFILE="$T/cert.pem" TLS_KEYFILE="$T/key.pem" \
  "$DOTLS" -t 5 "$T/fake" > "$T/out" 2> "$T/err"
is "$?" 111 "STARTTLS, then no handshake: exit 111"
is "$(showcr < "$T/out")" "$(cat <<'X'
220 fake ESMTP\r
250-fake\r
250-8BITMIME\r
250 STARTTLS\r
220 2.0.0 Ready to start TLS\r
X
)" "the EHLO reply first, then 220 from dotls"
like "$(sed -n 1p "$T/err")" '^dotls: warning: pid [0-9]+: discarded 6 bytes sent after STARTTLS$' \
  "the command pipelined after STARTTLS is discarded and logged"
like "$(sed -n 2p "$T/err")" '^dotls: fatal: pid [0-9]+: TLS handshake' "the failed handshake is logged"

transcript "the program's exit code is dotls's" "$(cat <<'X'
220 x
exit 4
X
)" sh -c 'printf "QUIT\r\n" | "$1" -n "$2" -k "$3" sh -c "echo 220 x; read l; exit 4"' \
  sh "$DOTLS" "$T/cert.pem" "$T/key.pem"

transcript "a program that is not there" "$(cat <<'X'
dotls: fatal: unable to run /nonexistent/prog: no such file or directory
exit 111
X
)" "$DOTLS" -n "$T/cert.pem" -k "$T/key.pem" /nonexistent/prog

printf 'x\n' > "$T/bad.pem"
transcript "a certificate file that is no certificate" "$(cat <<'X'
ran
exit 0
X
)" sh -c '"$1" -n "$2" sh -c "echo ran" 2>/dev/null' sh "$DOTLS" "$T/bad.pem"
"$DOTLS" -n "$T/bad.pem" true 2> "$T/err"
like "$(cat "$T/err")" "^dotls: warning: .*bad.pem.*: STARTTLS is off$" "and the warning names it"
done_testing

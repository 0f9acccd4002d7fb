#!/bin/sh
# http@.t — http@ sends an HTTP/1.0 GET with a Host header and prints the
# body without the headers and without the CRs at line ends. The third
# argument picks the port; for the default port 80 a stand-in tcpclient
# first in PATH records the arguments and goes to the test server.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/ucspi.sh"
ucspi_init addcr delcr

# a web server: reads the request head, logs it (Python repr), answers
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nline one\r\n\r\nline\rthree\r\n' > "$T/reply"
ucspi_serve 3 head "$T/reply" "$T/got"
port=$UCSPI_PORT
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

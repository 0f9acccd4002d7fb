#!/bin/sh
# tcpclient.t — tcpclient's usage, argument errors, connection failures,
# their messages and exit codes. Connections that succeed, the
# environment, timeouts and TLS are in tests/e2e/tcpclient*.t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
tc=$(bin ucspi-tcp/tcpclient)
usage="tcpclient: usage: tcpclient [ -46hHrRdDqQvs ] [ -i localip ] [ -p localport ] [ -T timeoutconn ] [ -l localname ] [ -t timeoutinfo ] [ -a cafile ] [ -n certfile ] [ -k keyfile ] [ -N name ] [ -L cipherlist ] host port program"
# no DNS server anywhere: lookups fail at once instead of waiting
export DNSCACHEIP=127.0.0.1 DNSCACHEPORT="$(free_port)"
closed=$(free_port)

transcript "no arguments" "$usage
exit 100" "$tc"
transcript "host only" "$usage
exit 100" "$tc" 127.0.0.1
transcript "no program" "$usage
exit 100" "$tc" 127.0.0.1 25
transcript "an unknown option" "tcpclient: illegal option -- z
$usage
exit 100" "$tc" -z 127.0.0.1 25 true
transcript "a missing option argument" "tcpclient: option requires an argument -- T
$usage
exit 100" "$tc" -T
transcript "a bad -T" "$usage
exit 100" "$tc" -T 2+x 127.0.0.1 25 true
transcript "a bad -t" "$usage
exit 100" "$tc" -t -1 127.0.0.1 25 true
transcript "a bad -p" "$usage
exit 100" "$tc" -p 70000 127.0.0.1 25 true
transcript "a bad -i" "$usage
exit 100" "$tc" -i 1.2.3 127.0.0.1 25 true
transcript "-i 0 (not an address to bind)" "$usage
exit 100" "$tc" -i 0 127.0.0.1 25 true
transcript "-i of the other family than -4" "$usage
exit 100" "$tc" -4 -i ::1 127.0.0.1 25 true
transcript "-q silences the usage too" "
exit 100" "$tc" -q
transcript "an unknown service name" "tcpclient: fatal: unable to figure out port number for no-such-service
exit 111" "$tc" 127.0.0.1 no-such-service true
transcript "a bad port number" "tcpclient: fatal: unable to figure out port number for 99999
exit 111" "$tc" 127.0.0.1 99999 true
transcript "connection refused" "tcpclient: unable to connect to 127.0.0.1 port $closed: connection refused
exit 111" "$tc" -RH 127.0.0.1 "$closed" true
transcript "host 0 is 127.0.0.1" "tcpclient: unable to connect to 127.0.0.1 port $closed: connection refused
exit 111" "$tc" -RH 0 "$closed" true
transcript "-q: no message" "
exit 111" "$tc" -q -RH 127.0.0.1 "$closed" true
transcript "-- before the host" "tcpclient: unable to connect to 127.0.0.1 port $closed: connection refused
exit 111" "$tc" -RH -- 127.0.0.1 "$closed" true
transcript "a local address this host lacks" "tcpclient: fatal: unable to bind socket: cannot assign requested address
exit 111" "$tc" -RH -i 192.0.2.1 127.0.0.1 "$closed" true
transcript "IPv6 literal with -4" "tcpclient: fatal: no IP address for ::1
exit 111" "$tc" -4 -RH ::1 "$closed" true
run "$tc" -RH no-such-host.test "$closed" true
is "$RC" 111 "DNS unreachable: exit 111"
like "$OUT" "^tcpclient: fatal: temporarily unable to figure out IP address for no-such-host.test: " \
  "DNS unreachable: djb's message"
run "$tc" -q -RH no-such-host.test "$closed" true
is "$RC:$OUT" "111:" "DNS unreachable with -q: silent"
done_testing

#!/bin/sh
# finger@.t — finger@ sends the user (or an empty line) with CR LF to port
# 79 of the host and prints the answer without CRs, unprintable bytes
# shown by cat -v. A stand-in tcpclient first in PATH records the
# arguments and sends the connection to a local server on a free port.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/ucspi.sh"
ucspi_init addcr delcr
export PATH="$T/bin:$IM_BUILD/ucspi-tcp:$PATH"

# a finger server: reads one line, logs it (Python repr), answers, hangs up
printf 'Login: joe\r\nPlan:\001\r\n' > "$T/reply"
ucspi_serve 2 line "$T/reply" "$T/got"
export TEST_PORT=$UCSPI_PORT

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

#!/bin/sh
# date@.t — date@ asks port 13 of the host (0 by default) through tcpclient
# found in PATH, removes CRs and shows unprintable bytes with cat -v. A
# stand-in tcpclient first in PATH records the arguments and sends the
# connection to a local server on a free port instead of port 13.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/ucspi.sh"
ucspi_ask_test date@ 13 'Mon Nov 24 12:00:00 2025\r\n\001\r\nno CR at the end' "Mon Nov 24 12:00:00 2025
^A
no CR at the end"
done_testing

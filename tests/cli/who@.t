#!/bin/sh
# who@.t — who@ asks port 11 of the host (0 by default) through tcpclient
# found in PATH, removes CRs and shows unprintable bytes with cat -v. A
# stand-in tcpclient first in PATH records the arguments and sends the
# connection to a local server on a free port instead of port 11.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/ucspi.sh"
ucspi_ask_test who@ 11 'joe      tty1\r\nann\007     pts/0\r\nno CR at the end' "joe      tty1
ann^G     pts/0
no CR at the end"
done_testing

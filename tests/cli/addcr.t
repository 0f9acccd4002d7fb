#!/bin/sh
# addcr.t — addcr puts a CR before every LF and nothing else; errors exit 111.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/filter.sh"
tmpdir
ADDCR=$(bin ucspi-tcp/addcr)

filter_case "LF becomes CRLF, CRLF becomes CRCRLF, a partial line stays" \
  'a\nb\r\n\nc' "b'a\\r\\nb\\r\\r\\n\\r\\nc'" "$ADDCR"
filter_case "empty input, empty output; arguments are ignored" '' "b''" "$ADDCR" ignored
filter_read_error "$ADDCR"
filter_write_error "a write error" "$ADDCR"

# 200 kB across many reads, compared with Debian's addcr when it is there
filter_random 7 "$ADDCR" '\n' '\r\n'
done_testing

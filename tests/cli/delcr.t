#!/bin/sh
# delcr.t — delcr removes the CR of each CRLF, keeps other CRs and the CR of a partial final line.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/filter.sh"
tmpdir
DELCR=$(bin ucspi-tcp/delcr)

filter_case "CRLF becomes LF; CR CR LF keeps one CR; lone CRs stay" \
  'a\r\r\nb\r\nc\rd\n\r' "b'a\\r\\nb\\nc\\rd\\n\\r'" "$DELCR"
filter_case "empty input" '' "b''" "$DELCR"
filter_read_error "$DELCR"
filter_write_error "a write error" "$DELCR"

# a CR at the end of one read and the LF at the start of the next
( printf 'x\r'; sleep 0.2; printf '\ny\r' ) | "$DELCR" > "$T/split"
is "$(python3 -c 'import sys; print(repr(open(sys.argv[1], "rb").read()))' "$T/split")" "b'x\ny\r'" \
  "a CRLF split across two reads"

# 200 kB across many reads, compared with Debian's delcr when it is there
filter_random 9 "$DELCR" '\r\n' '\n'
done_testing

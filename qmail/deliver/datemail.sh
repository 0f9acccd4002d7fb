#!/bin/sh
# datemail — sendmail with a Date field for now put in front of the message (predate).
# Usage: datemail [sendmail arguments]
# Exit: sendmail's (through predate); 111 when predate cannot be run.
prefix=${PREFIX:-@PREFIX@}
if [ ! -x "$prefix/bin/predate" ]; then
  echo "datemail: fatal: unable to run $prefix/bin/predate" >&2
  exit 111
fi
exec "$prefix/bin/predate" "$prefix/bin/sendmail" "$@"

#!/bin/sh
# mailq — list the queued messages: sendmail -bp, which runs qmail-qread.
exec "${PREFIX:-@PREFIX@}/bin/sendmail" -bp "$@"

#!/bin/sh
# finger@ — ask a host's finger service (TCP port 79) about a user, or
# about everybody with an empty line: finger@ [ host [ user ] ].
printf '%s\n' "${2-}" |
tcpclient -RHl0 -- "${1-0}" 79 sh -c 'addcr >&7; exec delcr <&6' | cat -v

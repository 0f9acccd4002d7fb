#!/bin/sh
# http@ — fetch a page with HTTP/1.0 and print its body (the headers and
# the CRs at line ends removed): http@ [ host [ page [ port ] ] ].
host=${1-0}
port=${3-80}
hostport=$host
[ "$port" = 80 ] || hostport=$host:$port
printf 'GET /%s HTTP/1.0\nHost: %s\n\n' "${2-}" "$hostport" |
tcpclient -RHl0 -- "$host" "$port" sh -c 'addcr >&7; exec delcr <&6' | sed '1,/^$/d'

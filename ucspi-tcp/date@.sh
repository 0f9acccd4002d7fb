#!/bin/sh
# date@ — the time of day on a host, from its daytime service (TCP port
# 13): date@ [ host ]. CRs are removed and unprintable bytes shown by cat -v.
tcpclient -RHl0 -- "${1-0}" 13 sh -c 'exec delcr <&6' | cat -v

#!/bin/sh
# who@ — the users logged in on a host, from its systat service (TCP port
# 11): who@ [ host ]. CRs are removed and unprintable bytes shown by cat -v.
tcpclient -RHl0 -- "${1-0}" 11 sh -c 'exec delcr <&6' | cat -v

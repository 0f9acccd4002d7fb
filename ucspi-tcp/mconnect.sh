#!/bin/sh
# mconnect — talk to an SMTP server by hand: mconnect [ host [ port ] ]
# (host 0 = this machine, port 25); lines typed get CR LF endings.
exec tcpclient -RHl0 -- "${1-0}" "${2-25}" mconnect-io

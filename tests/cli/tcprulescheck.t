#!/bin/sh
# tcprulescheck.t — tcprulescheck: usage, unreadable and corrupt databases,
# and djb's report format for each kind of rule, IPv4 and IPv6.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
TR=$(bin ucspi-tcp/tcprules)
TC=$(bin ucspi-tcp/tcprulescheck)
cd "$T" || exit 255

# tc NAME EXPECTED ENV...: tcprulescheck r.cdb with only ENV
tc() {
  _n=$1 _w=$2
  shift 2
  OUT=$(env -i "$@" "$TC" r.cdb 2>&1); RC=$?
  is "$OUT
exit $RC" "$_w" "$_n"
}

transcript "usage" "tcprulescheck: usage: tcprulescheck rules.cdb
exit 100" "$TC"
transcript "missing database" "tcprulescheck: fatal: unable to read nothere.cdb: no such file or directory
exit 111" "$TC" nothere.cdb
echo garbage > bad.cdb
transcript "corrupt database" "tcprulescheck: fatal: unable to read bad.cdb: protocol error
exit 111" "$TC" bad.cdb

# a marker that lists a prefix length IPv4 cannot have (64): fail closed.
# One record in a cdb: header, record, and the table it hashes to.
if command -v python3 >/dev/null 2>&1; then
  python3 - <<'PY' || exit 255
import struct
key, val = b":cidr4", b"\x40"
h = 5381
for c in key:
    h = (((h << 5) + h) ^ c) & 0xffffffff
rec = struct.pack("<II", len(key), len(val)) + key + val
tpos = 2048 + len(rec)
head = b""
for i in range(256):
    head += struct.pack("<II", tpos, 2 if i == (h & 255) else 0)
slots = [(0, 0), (0, 0)]
slots[(h >> 8) % 2] = (h, 2048)
table = b"".join(struct.pack("<II", a, b) for a, b in slots)
open("badmark.cdb", "wb").write(head + rec + table)
PY
  OUT=$(env -i TCPREMOTEIP=1.2.3.4 "$TC" badmark.cdb 2>&1); RC=$?
  is "$OUT
exit $RC" "tcprulescheck: fatal: unable to read badmark.cdb: protocol error
exit 111" "a corrupt CIDR marker: an error, not a default"
else
  skip "python3 is not installed"
fi

"$TR" r.cdb r.tmp <<'EOF' || exit 255
1.2.3.4:deny,X="unused"
1.2.3.:allow,A="1",B="",C="x y"
=h.example.com:allow
=.example.com:deny
joe@5.6.7.8:allow,WHO="joe"
0.0.0.0:deny,W="zero"
10.0.0.0/12:allow,W="12"
2001:db8::/32:deny
2001:db8::1:allow,W="one"
EOF

tc "deny" "rule 1.2.3.4:
deny connection
exit 0" TCPREMOTEIP=1.2.3.4
tc "allow with settings, in order" "rule 1.2.3.:
set environment variable A=1
set environment variable B=
set environment variable C=x y
allow connection
exit 0" TCPREMOTEIP=1.2.3.5
tc "no rule" "default:
allow connection
exit 0" TCPREMOTEIP=9.9.9.9
tc "host" "rule =h.example.com:
allow connection
exit 0" TCPREMOTEIP=9.9.9.9 TCPREMOTEHOST=h.example.com
tc "host in upper case" "rule =h.example.com:
allow connection
exit 0" TCPREMOTEIP=9.9.9.9 TCPREMOTEHOST=H.Example.COM
tc "domain" "rule =.example.com:
deny connection
exit 0" TCPREMOTEIP=9.9.9.9 TCPREMOTEHOST=x.example.com
tc "info" "rule joe@5.6.7.8:
set environment variable WHO=joe
allow connection
exit 0" TCPREMOTEIP=5.6.7.8 TCPREMOTEINFO=joe
tc "other info" "default:
allow connection
exit 0" TCPREMOTEIP=5.6.7.8 TCPREMOTEINFO=bob
tc "no TCPREMOTEIP: 0.0.0.0" "rule 0.0.0.0:
deny connection
exit 0"
tc "CIDR" "rule 10.0.0.0/12:
set environment variable W=12
allow connection
exit 0" TCPREMOTEIP=10.15.1.1
tc "IPv6 in TCPREMOTEIP" "rule 2001:db8::/32:
deny connection
exit 0" TCPREMOTEIP=2001:db8::2
tc "TCP6REMOTEIP first" "rule 2001:db8::1:
set environment variable W=one
allow connection
exit 0" TCP6REMOTEIP=2001:DB8::1 TCPREMOTEIP=1.2.3.4
tc "empty TCP6REMOTEIP: TCPREMOTEIP" "rule 1.2.3.4:
deny connection
exit 0" TCP6REMOTEIP= TCPREMOTEIP=1.2.3.4
tc "v4-mapped is IPv4" "rule 1.2.3.4:
deny connection
exit 0" TCP6REMOTEIP=::ffff:1.2.3.4
echo '10.0.0.0/9:deny' | "$TR" m.cdb m.tmp || exit 255
OUT=$(env -i TCPREMOTEIP=:cidr4 "$TC" m.cdb 2>&1); RC=$?
is "$OUT
exit $RC" "default:
allow connection
exit 0" "a marker is never taken for a rule"
OUT=$(env -i TCPREMOTEIP=1.2.3.4 "$TC" r.cdb x y 2>&1); RC=$?
is "$OUT
exit $RC" "rule 1.2.3.4:
deny connection
exit 0" "extra arguments are ignored"
OUT=$(env -i TCPREMOTEIP=1.2.3.4 "$TC" r.cdb 2>&1 >/dev/full); RC=$?
is "$OUT
exit $RC" "tcprulescheck: fatal: unable to write output: no space left on device
exit 111" "write error"
done_testing

#!/bin/sh
# rblsmtpd.t — rblsmtpd against the fake DNS server of tests/lib: TXT
# listings give 451 (553 with -b) with the record's text, anti-RBL A
# records allow, unlisted clients get the program, IPv6 and v4-mapped
# addresses, fail-open and fail-closed on SERVFAIL and on timeouts (-T),
# $RBLSMTPD overriding DNS, and -t ending a dialogue that drags on.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd python3
tmpdir
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
rbl=$(bin ucspi-tcp/rblsmtpd)
unset RBLSMTPD TCPREMOTEIP TCP6REMOTEIP

v6name=$(python3 -c 'import ipaddress; print(ipaddress.ip_address("2001:db8::1").reverse_pointer.replace("ip6.arpa", "bl.test"))')
cat > "$T/zone" <<EOF2
4.3.2.1.bl.test TXT "listed: see http://bl.test/?1.2.3.4"
5.3.2.1.bl.test TXT "two " "strings"
6.3.2.1.bl.test TXT ""
4.3.2.1.white.test A 127.0.0.2
4.3.2.1.fail.test SERVFAIL
4.3.2.1.slow.test TIMEOUT
$v6name TXT "v6 listed"
EOF2
FAKEDNS_LOG="$T/dnslog" python3 "$IM_SRC/tests/lib/fakedns.py" "$T/zone" > "$T/dnsport" 2>/dev/null &
pids="$pids $!"
i=0
while [ ! -s "$T/dnsport" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
export DNSCACHEIP=127.0.0.1 DNSCACHEPORT="$(head -n 1 "$T/dnsport")"

# the SMTP client: sends each command and reads one reply line for it,
# printing "S: reply" lines (CR LF removed); with a bare "WAIT" it sends
# nothing and reports how long it took the server to hang up.
cat > "$T/client.py" <<'PY'
import subprocess, sys, time
cmds = sys.argv[1].split("|") if sys.argv[1] else []
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def line():
    l = p.stdout.readline()
    return l.decode("latin-1").rstrip("\r\n") if l else None
first = line()
if first is not None:
    print("S: " + first)
for c in cmds:
    if first is None or not first.startswith("220"):
        break
    if c == "WAIT":
        t0 = time.time()
        while p.stdout.read(1):
            pass
        print("hung up after %d s" % round(time.time() - t0))
        break
    p.stdin.write((c + "\r\n").encode()); p.stdin.flush()
    r = line()
    if r is None:
        break
    print("S: " + r)
p.stdin.close()
rest = p.stdout.read().decode("latin-1")
if rest:
    print(rest.rstrip("\n"))
print("exit %d" % p.wait())
PY
prog="sh -c 'echo RAN; cat >/dev/null'"
client() { python3 "$T/client.py" "$@" 2>"$T/err"; }
logline() { sed 's/ pid [0-9]*:/ pid N:/' "$T/err"; }

OUT=$(TCPREMOTEIP=1.2.3.4 client "HELO x|MAIL FROM:<a@b>|RCPT TO:<c@d>|QUIT" \
  "$rbl" -r bl.test sh -c 'echo RAN')
is "$OUT" "S: 220 rblsmtpd.local
S: 250 rblsmtpd.local
S: 250 rblsmtpd.local
S: 451 listed: see http://bl.test/?1.2.3.4
S: 221 rblsmtpd.local
exit 0" "a listed address: 451 with the TXT text"
is "$(logline)" "rblsmtpd: 1.2.3.4 pid N: 451 listed: see http://bl.test/?1.2.3.4" "its log line"
like "$(cat "$T/dnslog")" "udp 4\.3\.2\.1\.bl\.test TXT" "the name asked is d.c.b.a.base, type TXT"

OUT=$(TCPREMOTEIP=1.2.3.4 client "RCPT TO:<c@d>|QUIT" "$rbl" -b -r bl.test sh -c 'echo RAN')
is "$OUT" "S: 220 rblsmtpd.local
S: 553 listed: see http://bl.test/?1.2.3.4
S: 221 rblsmtpd.local
exit 0" "-b: 553"

OUT=$(TCPREMOTEIP=1.2.3.9 client "" "$rbl" -r bl.test sh -c 'echo RAN')
is "$OUT" "S: RAN
exit 0" "an unlisted address: the program runs"
OUT=$(TCPREMOTEIP=1.2.3.6 client "" "$rbl" -r bl.test sh -c 'echo RAN')
is "$OUT" "S: RAN
exit 0" "a TXT record without text does not list"
OUT=$(TCPREMOTEIP=1.2.3.5 client "RCPT TO:<x>" "$rbl" -r none.test -r bl.test sh -c 'echo RAN')
like "$OUT" "S: 451 two strings" "the second source lists; the strings of a record are joined"

OUT=$(TCPREMOTEIP=1.2.3.4 client "" "$rbl" -a white.test -r bl.test sh -c 'echo RAN')
is "$OUT" "S: RAN
exit 0" "anti-listed before the RBL: the program runs"
OUT=$(TCPREMOTEIP=1.2.3.4 client "QUIT" "$rbl" -r bl.test -a white.test sh -c 'echo RAN')
like "$OUT" "^S: 220" "listed before the anti-RBL: blocked (sources in order)"

OUT=$(TCP6REMOTEIP=2001:db8::1 client "RCPT TO:<x>" "$rbl" -r bl.test sh -c 'echo RAN')
like "$OUT" "S: 451 v6 listed" "IPv6: looked up by reversed nibbles (\$TCP6REMOTEIP)"
OUT=$(TCPREMOTEIP=::ffff:1.2.3.4 client "RCPT TO:<x>" "$rbl" -r bl.test sh -c 'echo RAN')
like "$OUT" "S: 451 listed" "a v4-mapped address is looked up as IPv4"
OUT=$(TCPREMOTEIP=not-an-address client "" "$rbl" -r bl.test sh -c 'echo RAN')
is "$OUT" "S: RAN
exit 0" "no usable address: no lookup, the program runs"

: > "$T/dnslog"
OUT=$(TCPREMOTEIP=1.2.3.9 RBLSMTPD="-set by rules" client "RCPT TO:<x>" "$rbl" -r bl.test sh -c 'echo RAN')
like "$OUT" "S: 553 set by rules" "\$RBLSMTPD blocks an unlisted address"
OUT=$(TCPREMOTEIP=1.2.3.4 RBLSMTPD= client "" "$rbl" -r bl.test sh -c 'echo RAN')
is "$OUT" "S: RAN
exit 0" "an empty \$RBLSMTPD lets a listed address in"
is "$(cat "$T/dnslog")" "" "with \$RBLSMTPD set nothing is looked up"

# temporary failures
OUT=$(TCPREMOTEIP=1.2.3.4 client "" "$rbl" -r fail.test sh -c 'echo RAN')
is "$OUT" "S: RAN
exit 0" "SERVFAIL, fail-open (default): the program runs"
OUT=$(TCPREMOTEIP=1.2.3.4 client "RCPT TO:<x>" "$rbl" -c -b -r fail.test sh -c 'echo RAN')
like "$OUT" "S: 451 temporary RBL lookup error" "SERVFAIL with -c: 451 even with -b"
OUT=$(TCPREMOTEIP=1.2.3.4 client "RCPT TO:<x>" "$rbl" -b -r fail.test -r bl.test sh -c 'echo RAN')
like "$OUT" "S: 451 listed" "after a temporary failure a later listing gets 451, not 553"
t0=$(date +%s)
OUT=$(TCPREMOTEIP=1.2.3.4 client "" "$rbl" -T 1 -r slow.test sh -c 'echo RAN')
t1=$(date +%s)
is "$OUT" "S: RAN
exit 0" "a lookup that times out, fail-open: the program runs"
ok "$([ $((t1 - t0)) -le 4 ]; echo $?)" "-T 1 bounds the lookup ($((t1 - t0)) s)"
OUT=$(TCPREMOTEIP=1.2.3.4 client "RCPT TO:<x>" "$rbl" -T 1 -c -r slow.test sh -c 'echo RAN')
like "$OUT" "S: 451 temporary RBL lookup error" "a lookup that times out with -c: 451"

# -t: the dialogue ends after so many seconds even if the client stays
OUT=$(TCPREMOTEIP=1.2.3.4 client "NOOP|WAIT" "$rbl" -t 1 -r bl.test sh -c 'echo RAN')
like "$OUT" "hung up after [12] s" "-t 1: hung up after about a second"
like "$OUT" "exit 0" "and exits 0"
done_testing

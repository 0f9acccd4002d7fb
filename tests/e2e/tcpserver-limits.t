#!/bin/sh
# tcpserver-limits.t — the limits of tcpserver on loopback: -c (the n+1th
# connection waits until one ends), -C (the n+1th connection from one IP
# is closed at once, other IPs are not affected), MAXPERIP from a rule,
# and -c FILE read again on SIGHUP.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/tcpsrv.sh"
need_cmd python3
tcpsrv_init

# the program: greets, then echoes until the client goes
PROG='echo hi; exec cat'

cat > "$T/lim.py" <<'EOF'
# lim.py SCENARIO PORT LOG PID [FILE]: drive connections, print results
import os, signal, socket, sys, time
scenario, port, log, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def conn(src="127.0.0.1"):
    s = socket.socket()
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s

def greeting(s, wait=10.0):
    """'hi' when the program greets within wait seconds, 'closed' at
    end of data, 'silent' when nothing comes"""
    s.settimeout(wait)
    try:
        b = s.recv(100)
    except socket.timeout:
        return "silent"
    except ConnectionResetError:
        return "closed"
    return b.decode().strip() if b else "closed"

def ends(n):
    """wait until the log shows n 'end' lines"""
    deadline = time.time() + 10
    while time.time() < deadline:
        with open(log) as f:
            if sum(1 for l in f if l.startswith("tcpserver: end ")) >= n:
                return True
        time.sleep(0.02)
    return False

def out(k, v): print("%s=%s" % (k, v), flush=True)

if scenario == "c":
    a, b = conn(), conn()
    out("a", greeting(a)); out("b", greeting(b))
    c = conn()
    out("c-first", greeting(c, 1.0))
    a.close()
    out("c-after", greeting(c))
    b.close(); c.close()
    ends(3)
elif scenario == "C":
    a, b = conn(), conn()
    out("a", greeting(a)); out("b", greeting(b))
    c = conn()
    out("c", greeting(c))
    d = conn("127.0.0.2")
    out("d", greeting(d))
    a.close()
    ends(2)  # c's child and a's
    e = conn()
    out("e", greeting(e))
    for s in (b, c, d, e): s.close()
    ends(5)
elif scenario == "rule":
    a = conn()
    out("a", greeting(a))
    b = conn()
    out("b", greeting(b))
    a2, b2 = conn("127.0.0.2"), conn("127.0.0.2")
    out("a2", greeting(a2)); out("b2", greeting(b2))
    a3, b3 = conn("127.0.0.3"), conn("127.0.0.3")
    out("a3", greeting(a3)); out("b3", greeting(b3))
    for s in (a, b, a2, b2, a3, b3): s.close()
    ends(6)
elif scenario == "hup":
    fn = sys.argv[5]
    a = conn()
    out("a", greeting(a))
    b = conn()
    out("b-first", greeting(b, 1.0))
    with open(fn + ".new", "w") as f: f.write("2\n")
    os.rename(fn + ".new", fn)
    os.kill(pid, signal.SIGHUP)
    out("b-after", greeting(b))
    with open(fn + ".new", "w") as f: f.write("zero\n")
    os.rename(fn + ".new", fn)
    os.kill(pid, signal.SIGHUP)
    c = conn()
    out("c-first", greeting(c, 1.0))
    b.close()
    out("c-after", greeting(c))
    a.close(); c.close()
    ends(3)
EOF
lim() { python3 "$T/lim.py" "$1" "$PORT" "$T/log" "$SPID" "$2"; }

# ---- -c: the third connection waits for a free slot ----
tcpsrv_start -v -HRl0 -c 2 127.0.0.1 0 sh -c "$PROG"
is "$(lim c)" "a=hi
b=hi
c-first=silent
c-after=hi" "-c 2: the third connection waits until one ends"
tcpsrv_stop
like "$(cat "$T/log")" "tcpserver: status: 2/2" "-c 2: status 2/2"
ok "$(grep -c 'status: 3/' "$T/log")" "-c 2: never 3 children"

# ---- -C: the third connection from one IP is closed at once ----
tcpsrv_start -v -HRl0 -C 2 127.0.0.1 0 sh -c "$PROG"
is "$(lim C)" "a=hi
b=hi
c=closed
d=hi
e=hi" "-C 2: a third from 127.0.0.1 is closed; 127.0.0.2 is served; a slot freed is reused"
tcpsrv_stop
like "$(cat "$T/log")" "tcpserver: per ip limit [0-9]+ :127\.0\.0\.1:$PORT :127\.0\.0\.1::[0-9]+ 3/2" \
  "-C: the per ip limit line"
P=$(sed -n 's/^tcpserver: per ip limit \([0-9]*\) .*/\1/p' "$T/log")
like "$(cat "$T/log")" "tcpserver: end $P status 28416" "-C: the refused child exits 111"
ok "$(grep -c "tcpserver: ok $P " "$T/log")" "-C: no ok line for it"

# ---- MAXPERIP from a rule overrides -C ----
printf '127.0.0.1:allow,MAXPERIP="1"\n127.0.0.3:allow,MAXPERIP="0"\n' > "$T/rules"
if tcpsrv_mkrules "$T/r.cdb" < "$T/rules"; then
  tcpsrv_start -v -HRl0 -C 1 -x "$T/r.cdb" 127.0.0.1 0 sh -c "$PROG"
  is "$(lim rule)" "a=hi
b=closed
a2=hi
b2=closed
a3=hi
b3=hi" "MAXPERIP=1 limits 127.0.0.1; -C 1 applies to 127.0.0.2; MAXPERIP=0 lifts it for 127.0.0.3"
  tcpsrv_stop
  is "$(grep -c 'per ip limit' "$T/log")" 2 "two per ip limit lines"
else
  skip "no tcprules to make a cdb"
  skip "no tcprules to make a cdb"
fi

printf '127.0.0.1:allow,MAXPERIP="many"\n' > "$T/rules"
if tcpsrv_mkrules "$T/bad.cdb" < "$T/rules"; then
  tcpsrv_start -HRl0 -x "$T/bad.cdb" 127.0.0.1 0 sh -c "$PROG"
  is "$(python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); s.settimeout(10)
print(s.recv(10) or b"closed")' "$PORT")" "b'closed'" "a bad MAXPERIP drops the connection (fail closed)"
  tcpsrv_wait 'grep -q MAXPERIP "$T/log"'
  tcpsrv_stop
  like "$(cat "$T/log")" "dropping connection, bad MAXPERIP in $T/bad.cdb" "and says why"
else
  skip "no tcprules to make a cdb"
  skip "no tcprules to make a cdb"
fi

# ---- -c FILE, read again on SIGHUP ----
printf '1\n' > "$T/limit"
tcpsrv_start -v -HRl0 -c "$T/limit" 127.0.0.1 0 sh -c "$PROG"
is "$(lim hup "$T/limit")" "a=hi
b-first=silent
b-after=hi
c-first=silent
c-after=hi" "-c FILE: limit 1, then 2 after SIGHUP; a bad file keeps 2"
tcpsrv_stop
like "$(cat "$T/log")" "tcpserver: status: 1/2" "SIGHUP: the new limit in the status line"
like "$(cat "$T/log")" "tcpserver: warning: unable to read $T/limit: not a limit from 1 to 100000" \
  "SIGHUP with a bad file: a warning"
ok "$(grep -c 'status: 3/' "$T/log")" "never 3 children"

# without -c FILE, SIGHUP keeps its default action, as djb's tcpserver
tcpsrv_start -HRl0 127.0.0.1 0 true
kill -HUP "$SPID"
wait "$SPID" 2>/dev/null
is "$?" $((128 + 1)) "no -c FILE: SIGHUP ends tcpserver"
SPID=
done_testing

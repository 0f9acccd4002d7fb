#!/bin/sh
# qmail-lspawn.t — qmail-lspawn driven through pipes with a stand-in qmail-local
# (QMAILLOCAL): the user lookup through users/cdb, the exact argv, the message on
# fd 0, the result letter of every exit code, text capture and truncation, a
# crash, the spawner's own failures, many deliveries at once, end of input while
# deliveries run.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/queue.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/spawn.sh"
spawn_init qmail/send/qmail-lspawn 3
chmod 755 "$T"
export ASSIGNDIR=$T/users QMAILHOME=$T/qmailhome QMAILLOCAL=$T/local
mkdir -p "$T/users" "$T/home/joe" "$T/qmailhome/alias" "$T/rec"
chmod 1777 "$T/rec"
# the user deliveries run as: as root a real unprivileged uid, else ourselves
if [ "$(id -u)" = 0 ]; then
  U=$(id -u nobody) G=$(id -g nobody)
  chown "$U:$G" "$T/home/joe"
else
  U=$(id -u) G=$(id -g)
fi
cat > "$T/users/assign" <<EOF
=joe:joe:$U:$G:$T/home/joe:::
+joe-:joe:$U:$G:$T/home/joe:-::
+t-:joe:$U:$G:$T/home/joe:-::
=rootly:rootly:0:0:$T/home/joe:::
.
EOF
"$(bin tests/lib/mkusers)" "$T/users"
ok $? "users/cdb made from users/assign"
if command -v cdb > /dev/null 2>&1; then
  cdb -d "$T/users/cdb" > "$T/dump" && cdb -c -t "$T/tc.tmp" "$T/tc.cdb" < "$T/dump" &&
    cmp "$T/users/cdb" "$T/tc.cdb"
  ok $? "tinycdb reads users/cdb and rebuilds it byte for byte"
  is "$(tr '\0' '0' < "$T/dump" | sed -n 1p)" "+5,$((17 + ${#U} + ${#G} + ${#T})):!joe0->joe0${U}0${G}0$T/home/joe00" \
    "the key and value of an exact assignment, as qmail-newu makes them"
else
  skip "tinycdb is not installed"; skip "tinycdb is not installed"
fi

printf 'Subject: local\n\nbody\n' > "$T/q/mess/1/7"
cat > "$T/local" <<EOF
#!/bin/sh
# stand-in for qmail-local: -- user home local dash ext domain sender default
rec=$T/rec
key=\$6
[ "\$4" = joe ] && key=argv
case "\$key" in
  [Aa]rgv) { printf '%s\n' "\$0" "\$@"; echo "cwd=\$(pwd)"; echo "uid=\$(id -u)"; } > \$rec/argv
        cat > \$rec/msg; echo "did 0+0+1"; exit 0 ;;
  code*) echo "exit \${6#code}"; exit "\${6#code}" ;;
  crash) echo partial; kill -SEGV \$\$ ;;
  big) head -c 3000 /dev/zero | tr '\\0' x; exit 0 ;;
  slow) sleep 1; echo "slept \$4"; exit 0 ;;
  quiet) exit 100 ;;
  *) echo "unexpected \$6"; exit 111 ;;
esac
EOF
chmod 755 "$T/local"

transcript "usage: at most one argument" "$(cat <<'X'
qmail-lspawn: usage: qmail-lspawn [defaultdelivery]
exit 100
X
)" "$SPAWN" a b

: > "$T/in"
transcript "no requests: no output, exit 0" "
exit 0" spawn_drive

spawn_req 0 7 sender@x.example Joe-Argv@Example.COM > "$T/in"
transcript "a delivery: K and qmail-local's text" "$(cat <<'X'
0 Kdid 0+0+1\n
exit 0
X
)" spawn_drive
is "$(cat "$T/rec/argv")" "$T/local
--
joe
$T/home/joe
Joe-Argv
-
Argv
Example.COM
sender@x.example
./Maildir/
cwd=$T/home/joe
uid=$U" "argv: -- user home local dash ext domain sender defaultdelivery; in the home, as the user"
is "$(cat "$T/rec/msg")" "$(cat "$T/q/mess/1/7")" "fd 0 is the message"

rm -f "$T/rec/argv"
spawn_req 3 7 '' joe@h > "$T/in"
spawn_drive ./Mailbox > /dev/null
is "$(sed -n '3p;5,10p' "$T/rec/argv" | tr '\n' ' ')" "joe joe   h  ./Mailbox " \
  "the exact user: empty dash and ext; an empty sender; the defaultdelivery argument"

{ s=0; for c in 0 99 100 64 65 70 76 77 78 112 111 1 2 75 101; do
    spawn_req $s 7 a@b "t-code$c@h"; s=$((s + 1)); done; } > "$T/in"
transcript "the letter for each exit code of qmail-local" "$(cat <<'X'
0 Kexit 0\n
1 Kexit 99\n
2 Dexit 100\n
3 Dexit 64\n
4 Dexit 65\n
5 Dexit 70\n
6 Dexit 76\n
7 Dexit 77\n
8 Dexit 78\n
9 Dexit 112\n
10 Zexit 111\n
11 Zexit 1\n
12 Zexit 2\n
13 Zexit 75\n
14 Zexit 101\n
exit 0
X
)" spawn_drive

{ spawn_req 0 7 a@b t-crash@h; spawn_req 1 7 a@b t-quiet@h; spawn_req 2 7 a@b @h; } > "$T/in"
transcript "a crash, a silent failure, an empty local part" "$(cat <<'X'
0 Z4.3.0 qmail-local crashed (signal 11)\npartial\n
1 Dqmail-local exited 100
2 Kempty local part: nothing to deliver
exit 0
X
)" spawn_drive

spawn_req 5 7 a@b t-big@h > "$T/in"
spawn_drive > "$T/big"
is "$(wc -c < "$T/big" | tr -d ' ')" $((2 + 1 + 1000 + 1)) "3000 bytes of output: 1000 kept"
like "$(head -c 12 "$T/big")" '^5 Kxxxxxxxxx$' "and the result is K with that text"

{ spawn_req 0 999999 a@b joe@h; spawn_req 1 7 a@b qs-nosuchuser-zz@h; } > "$T/in"
spawn_drive > "$T/o"
like "$(sed -n 1p "$T/o")" '^0 Z4\.3\.0 unable to open mess/0/999999: no such file or directory \(#4\.3\.0\)$' \
  "a missing message: Z"
if [ "$(id -u)" = 0 ]; then
  if getent passwd "$(sed -n 1p "$IM_SRC/conf-users")" > /dev/null; then
    skip "an alias user exists on this system"
  else
    is "$(sed -n 2p "$T/o")" "1 Z4.3.0 unable to find the user (#4.3.0)" "no user and no alias user: Z"
  fi
else
  is "$(sed -n 2p "$T/o")" "1 Zunexpected qs-nosuchuser-zz\\n" \
    "private instance: an unknown address goes to the alias (QMAILHOME/alias), ext = local"
fi

spawn_req 0 7 a@b rootly@h > "$T/in"
if [ "$(id -u)" = 0 ]; then
  transcript "as root, a delivery as uid 0 is refused" "$(cat <<'X'
0 Z4.3.0 refusing to deliver as root for user rootly (#4.3.0)
exit 0
X
)" spawn_drive
else
  transcript "a private instance changes no uid" "$(cat <<'X'
0 Zunexpected \n
exit 0
X
)" spawn_drive
fi

spawn_missing QMAILLOCAL qmail-local 7 joe@h

{ printf '1\0x\0a@b\0c@d\0'; printf '1000\0007\0a@b\0c@d\0'; spawn_req 2 7 a@b t-code0@h; } > "$T/in"
transcript "malformed requests: D with a readable slot, else a warning" "$(cat <<'X'
1 D5.3.0 malformed delivery request (#5.3.0)
2 Kexit 0\n
qmail-lspawn: warning: malformed request ignored
exit 0
X
)" spawn_drive

{ spawn_req 0 7 a@b t-slow@h; spawn_req 0 7 a@b t-code0@h; } > "$T/in"
transcript "a request for a busy slot is ignored" "$(cat <<'X'
0 Kslept t-slow\n
qmail-lspawn: warning: request for busy slot 0 ignored
exit 0
X
)" spawn_drive

{ printf '0\0007\0a@b\0'; } > "$T/in"
transcript "an incomplete request at end of input" "$(cat <<'X'
qmail-lspawn: warning: incomplete request at end of input ignored
exit 0
X
)" spawn_drive

# many at once: 200 deliveries of one second each, the input closed at once
spawn_parallel 7 t-slow@h 'Kslept t-slow\n'

# results are written as deliveries end, not at end of input
spawn_fifo
pid=$SPAWN_PID
spawn_req 4 7 a@b t-code0@h >&3
until_ok 20 test -s "$T/out"
ok $? "a result arrives while the input is still open"
alive "$pid"
ok $? "and the spawner waits for more"
exec 3>&-
until_ok 20 gone "$pid"
ok $? "it exits at end of input"
wait "$pid"
is "$?" 0 "with 0"
is "$(spawn_results < "$T/out")" "4 Kexit 0\\n" "the result"
done_testing

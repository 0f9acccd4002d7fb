#!/bin/sh
# qmail-rspawn.t — qmail-rspawn driven through pipes with a stand-in qmail-remote
# (QMAILREMOTE): the exact argv, the message on fd 0, the result for every
# combination of qmail-remote records, text capture and truncation, a crash,
# the spawner's own failures, many deliveries at once, end of input while
# deliveries run.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/queue.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/spawn.sh"
spawn_init qmail/send/qmail-rspawn 5
export QMAILREMOTE=$T/remote
printf 'Subject: remote\n\nbody\n' > "$T/q/mess/2/12"
cat > "$T/remote" <<EOF
#!/bin/sh
# stand-in for qmail-remote: host sender recipient; answers by the recipient's local part
case "\${3%@*}" in
  argv) printf '%s\n' "\$0" "\$@" > $T/argv; cat > $T/msg; printf 'r\0K1.2.3.4 accepted message.\0' ;;
  r-k) printf 'r250 ok\0Kdelivered\0' ;;
  r-z) printf 'r250 ok\0Zconnection lost after data\0' ;;
  h-d) printf 'h550 no such user\0DGiving up on 1.2.3.4.\0' ;;
  s-z) printf 's451 try later\0Zdeferred\0' ;;
  nl) printf 'h550 no\n\0Dbye\n\0' ;;
  k) printf 'Kjust the final\0' ;;
  z) printf 'Zconnected to no host\0' ;;
  d) printf 'DSorry, I could not find that host\0' ;;
  silent) exit 0 ;;
  junk) printf 'hello without a NUL' ;;
  crash) printf 'r250 ok\0'; kill -SEGV \$\$ ;;
  big) printf 'h'; head -c 3000 /dev/zero | tr '\\0' y; printf '\0Dx\0' ;;
  slow) sleep 1; printf 'r\0Kslept\0' ;;
  waitgone) n=0; while [ ! -e $T/gone ] && [ \$n -lt 400 ]; do sleep 0.05; n=\$((n + 1)); done
        printf 'r\0Kok\0' ;;
  *) printf 'Zunexpected %s\0' "\$3" ;;
esac
EOF
chmod 755 "$T/remote"

transcript "usage: no arguments" "$(cat <<'X'
qmail-rspawn: usage: qmail-rspawn
exit 100
X
)" "$SPAWN" x

: > "$T/in"
transcript "no requests: no output, exit 0" "
exit 0" spawn_drive

spawn_req 0 12 sender@x.example argv@Mail.Example.COM > "$T/in"
transcript "a delivery: K and the final record's text" "$(cat <<'X'
0 K1.2.3.4 accepted message.
exit 0
X
)" spawn_drive
is "$(cat "$T/argv")" "$T/remote
Mail.Example.COM
sender@x.example
argv@Mail.Example.COM" "argv: host sender recipient"
is "$(cat "$T/msg")" "$(cat "$T/q/mess/2/12")" "fd 0 is the message"

{ s=0; for l in r-k r-z h-d s-z nl k z d silent junk crash; do
    spawn_req $s 12 a@b "$l@h.example"; s=$((s + 1)); done; } > "$T/in"
transcript "the result for each combination of records" "$(cat <<'X'
0 K250 ok\ndelivered
1 K250 ok\nconnection lost after data
2 D550 no such user\nGiving up on 1.2.3.4.
3 Z451 try later\ndeferred
4 D550 no\nbye\n
5 Kjust the final
6 Zconnected to no host
7 DSorry, I could not find that host
8 Z4.3.0 qmail-remote crashed
9 Z4.3.0 qmail-remote crashed\nhello without a NUL
10 Z4.3.0 qmail-remote crashed\nr250 ok_
exit 0
X
)" spawn_drive

spawn_req 3 12 a@b big@h > "$T/in"
spawn_drive > "$T/big"
is "$(wc -c < "$T/big" | tr -d ' ')" $((2 + 1 + 999 + 1)) "3000 bytes of report: the 1000 kept make the text"
like "$(head -c 12 "$T/big")" '^3 Dyyyyyyyyy$' "a recipient record cut by the limit still counts: D"

{ spawn_req 0 999999 a@b x@h; spawn_req 1 12 a@b nodomain; spawn_req 2 12 a@b nodomain@; } > "$T/in"
transcript "the spawner's own failures" "$(cat <<'X'
0 Z4.3.0 unable to open mess/4/999999: no such file or directory (#4.3.0)
1 D5.1.2 the recipient address has no domain (#5.1.2)
2 D5.1.2 the recipient address has no domain (#5.1.2)
exit 0
X
)" spawn_drive
spawn_missing QMAILREMOTE qmail-remote 12 k@h

{ printf '9\0x12\0a@b\0c@d\0'; spawn_req 1 12 a@b k@h; } > "$T/in"
transcript "a malformed request: D" "$(cat <<'X'
1 Kjust the final
9 D5.3.0 malformed delivery request (#5.3.0)
exit 0
X
)" spawn_drive

spawn_parallel 12 slow@h Kslept

# the reader of the results goes away: deliveries still finish, exit 0
i=0; while [ $i -lt 3 ]; do spawn_req $i 12 a@b waitgone@h; i=$((i + 1)); done > "$T/in"
(cd "$T/q" && { "$SPAWN" < "$T/in" 2> "$T/err"; echo $? > "$T/rc"; } | { exec 0<&-; touch "$T/gone"; })
is "$(cat "$T/rc")" 0 "a closed result pipe: exit 0 all the same"
like "$(cat "$T/err")" "^qmail-rspawn: warning: unable to write results: broken pipe$" "with one warning"

spawn_fifo
pid=$SPAWN_PID
spawn_req 4 12 a@b k@h >&3
until_ok 20 test -s "$T/out"
ok $? "a result arrives while the input is still open"
spawn_req 5 12 a@b slow@h >&3
exec 3>&-
until_ok 20 gone "$pid"
ok $? "at end of input it lets the running delivery end, then exits"
wait "$pid"
is "$?" 0 "with 0"
is "$(spawn_results < "$T/out")" "4 Kjust the final
5 Kslept" "both results"
done_testing

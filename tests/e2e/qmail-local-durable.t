#!/bin/sh
# qmail-local-durable.t — the mbox lock is exclusive and waited for; the
# order of the system calls that make Maildir and mbox deliveries durable
# (file fsync before the link into new/, new/ fsynced before success;
# mbox locked and fsynced).
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
tmpdir
track_pids
umask 022
QL=$(bin qmail/deliver/qmail-local)
H=$T/home
mkdir -p "$H/Maildir/tmp" "$H/Maildir/new" "$H/Maildir/cur"
export CONTROLDIR=$T/control
unset QMAILQUEUE DEFAULT
printf 'Subject: x\n\nbody\n' > "$T/msg"
printf './Mailbox\n' > "$H/.qmail-box"

if command -v python3 > /dev/null 2>&1; then
  python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close(); time.sleep(120)' "$H/Mailbox" "$T/locked" &
  holder=$!
  echo "$holder" >> "$T/pids"
  until_ok 30 test -e "$T/locked"
  ok $? "someone else locks the mbox"
  "$QL" -- joe "$H" joe-box - box example.com s@x.org ./Maildir/ < "$T/msg" > "$T/out" 2>&1 &
  ql=$!
  echo "$ql" >> "$T/pids"
  sleep 1
  alive "$ql"
  ok $? "qmail-local waits for the lock"
  is "$(stat -c %s "$H/Mailbox")" 0 "and writes nothing meanwhile"
  kill "$holder"
  wait "$ql"
  is "$? $(cat "$T/out")" "0 did 1+0+0" "the lock released: delivered"
  is "$(grep -c '^Subject: x$' "$H/Mailbox")" 1 "one entry"
else
  skip "python3 is not installed: lock wait"; skip "lock wait"; skip "lock wait"; skip "lock wait"; skip "lock wait"
fi

if command -v strace > /dev/null 2>&1; then
  strace -f -o "$T/trace" -e trace=openat,fsync,fdatasync,linkat,link,unlinkat,unlink,rename,renameat,close \
    "$QL" -- joe "$H" joe "" "" example.com s@x.org ./Maildir/ < "$T/msg" > /dev/null 2>&1
  # the calls on the files of the delivery, as events
  ev=$(awk '
    /openat\(.*"tmp\/[^"]*", O_WRONLY\|O_CREAT\|O_EXCL/ { split($0, a, "= "); tmp = a[2] + 0; print "create"; next }
    /openat\(.*"new", O_RDONLY/ { split($0, a, "= "); nd = a[2] + 0; next }
    /fsync\(/ { match($0, /fsync\([0-9]+/); fd = substr($0, RSTART + 6, RLENGTH - 6) + 0;
                if (fd == tmp) print "fsync-file"; else if (fd == nd) print "fsync-new"; next }
    /linkat\(.*"tmp\/.*"new\// { print "link"; next }
    /unlinkat\(.*"tmp\// { print "unlink-tmp"; next }
    /close\(/ { match($0, /close\([0-9]+/); fd = substr($0, RSTART + 6, RLENGTH - 6) + 0;
                if (fd == tmp) { print "close-file"; tmp = -1 } else if (fd == nd) nd = -1; next }
  ' "$T/trace" | tr '\n' ' ')
  is "$ev" "create fsync-file close-file link fsync-new unlink-tmp " \
    "Maildir: write in tmp/, fsync, link into new/, fsync new/, then remove tmp/"
  strace -f -o "$T/trace2" -e trace=openat,flock,fsync,ftruncate,write \
    "$QL" -- joe "$H" joe-box - box example.com s@x.org ./Maildir/ < "$T/msg" > /dev/null 2>&1
  ev=$(awk '
    /openat\(.*"\.\/Mailbox"/ { split($0, a, "= "); fd = a[2] + 0; next }
    /flock\(/ && fd { print "lock"; next }
    /write\(/ && fd && $0 ~ "write\\(" fd "," { if (!w) print "write"; w = 1; next }
    /fsync\(/ && fd && $0 ~ "fsync\\(" fd "\\)" { print "fsync"; next }
  ' "$T/trace2" | tr '\n' ' ')
  is "$ev" "lock write fsync " "mbox: locked, written, fsynced"
else
  skip "strace is not installed: Maildir call order"
  skip "strace is not installed: mbox call order"
fi
done_testing

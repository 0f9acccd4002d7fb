# qinst.sh — a private instance of the delivery stage (queues, qmail-start,
# qscheduler) for tests and benchmarks. Source after tap.sh and proc.sh;
# call tmpdir and track_pids first (every process started here is written
# to $T/pids, so the test's exit kills what is left, by pid).
#
#   qinst_need [PROG...]    skip_all unless python3 and the programs of a
#                           delivery set (qmail/send and qmail/queue ones, and
#                           the extra PROGs, paths under qmail/) are built
#   qinst_probes DIR        stand-ins for the five programs of a queue set and
#                           a logger, in DIR/sbin (DIR/logger): each records its
#                           descriptors, ids, cwd, QUEUEDIR and arguments in
#                           DIR/out/NAME.PID and its events (signals, EOF) in
#                           DIR/out/events; qmail-start and qscheduler are the
#                           built ones
#   qinst_init [COUNT [SPLIT]]
#                           an instance in $T: $T/sbin (links to the built
#                           programs), $T/control, COUNT queues (default 1)
#                           $T/queue/queue1.. made by queue-fix, stand-in
#                           delivery programs; exports what the programs read
#   qinst_ctl NAME [LINE...]  write control file NAME
#   qinst_fail CHANNEL ADDR temp|perm [N]
#                           the stand-in delivery of ADDR on CHANNEL (local,
#                           remote) fails, N times (default: every time)
#   qinst_savemail          keep every delivered message in $T/mail
#   qinst_msg ID            a small message with "X-Test-Id: ID" on stdout
#   qinst_inject SENDER RCPT...   queue stdin with qmail-queue (QUEUEDIR)
#   qinst_multi SENDER RCPT...    the same through qmail-multi
#   qinst_start [ARGS]      qmail-start ARGS in the background (QI_PID; its
#                           log in $T/log)
#   qinst_sched [ARGS]      qscheduler ARGS in the background (QI_PID, $T/log)
#   qinst_stop PID [SECONDS]  SIGTERM, wait (default 30 s), then SIGKILL;
#                           returns its exit status (255 when killed)
#   qinst_empty QUEUE...    no message is left in the queues
#   qinst_drain SECONDS QUEUE...  wait until every QUEUE is empty
#
# Real local delivery (after qinst_init), for tests of the whole local path:
#   qinst_real              the local channel runs the built qmail-local
#                           (QMAILLOCAL is unset: PREFIX/sbin/qmail-local);
#                           sets QI_USER, QI_UID, QI_GID and QI_UGID
#                           ("user:uid:gid", for assign lines) to the user
#                           deliveries run as: the invoking user, or nobody
#                           when that is root; as root the queues are given
#                           to that user, so that the forwards it queues
#                           (qmail-local -> qmail-multi -> qmail-queue, not
#                           setuid here) can be written
#   qinst_home DIR [MAILDIR...]  a home directory DIR (mode 755) with the
#                           Maildirs DIR/MAILDIR, owned by QI_USER
#   qinst_put FILE [LINE...]  write FILE (mode 644, owned by QI_USER), one
#                           LINE a line: a .qmail file, an empty mbox
#   qinst_assign LINE...    ASSIGNDIR/assign with the LINEs and the final
#                           ".", compiled into ASSIGNDIR/cdb by the built
#                           qmail-newu (it replaces qinst_init's catch-all)
#
# Deliveries are recorded one line each in $T/deliveries:
#   CHANNEL RESULT <RCPT> <SENDER> id=ID q=QUEUE
# with CHANNEL local or remote, RESULT ok, defer or fail, ID the message's
# X-Test-Id, QUEUE the last part of the QUEUEDIR the program got (if
# any). After qinst_savemail, each delivered message is also saved in
# $T/mail as CHANNEL.RCPT.PID.

QI_PY=$(command -v python3)

# qinst_probes DIR
qinst_probes() {
  _d=$1
  mkdir -p "$_d/sbin" "$_d/out" || return 1
  : > "$_d/out/events"
  cat > "$_d/probe.py" <<'EOF'
import os, sys, signal, time
OUT = sys.argv.pop(1)
name = os.path.basename(sys.argv[0])
pid = os.getpid()

def rec(line):
    with open(os.path.join(OUT, 'events'), 'a') as f:
        f.write(line + '\n')

fds = []
for f in sorted(os.listdir('/proc/self/fd'), key=int):
    try:
        link = os.readlink('/proc/self/fd/' + f)
        with open('/proc/self/fdinfo/' + f) as fi:
            flags = int(fi.read().split('flags:')[1].split()[0], 8)
    except OSError:
        continue            # the descriptor of listdir, closed by now
    fds.append('%s:%s:%s' % (f, link, ('r', 'w', 'rw', '?')[flags & 3]))
info = ['name=' + name, 'pid=%d' % pid, 'ppid=%d' % os.getppid(),
        'uid=%d' % os.getuid(), 'gid=%d' % os.getgid(), 'cwd=' + os.getcwd(),
        'queuedir=' + os.environ.get('QUEUEDIR', '-'), 'argv=' + ' '.join(sys.argv[1:]),
        'time=%.3f' % time.time(), 'fds=' + ' '.join(fds)]
tmp = os.path.join(OUT, '.%s.%d' % (name, pid))
with open(tmp, 'w') as f:
    f.write('\n'.join(info) + '\n')
os.rename(tmp, os.path.join(OUT, '%s.%d' % (name, pid)))
if name != 'logger':
    os.write(2, ('%s %d started\n' % (name, pid)).encode())
if name == 'qmail-send':
    def on(signo, frame):
        rec('%s %d %s' % (name, pid, signal.Signals(signo).name))
        if signo == signal.SIGTERM:
            os._exit(0)
        if signo == signal.SIGUSR1:
            os._exit(3)
    for s in (signal.SIGHUP, signal.SIGALRM, signal.SIGTERM, signal.SIGUSR1):
        signal.signal(s, on)
    while True:
        signal.pause()
elif name == 'logger':
    with open(os.path.join(OUT, 'log'), 'ab') as f:
        while True:
            b = os.read(0, 4096)
            if not b:
                break
            f.write(b)
            f.flush()
    rec('logger %d eof' % pid)
else:
    while os.read(0, 4096):
        pass
    rec('%s %d eof' % (name, pid))
EOF
  for _p in qmail-send todo-proc qmail-lspawn qmail-rspawn qmail-clean logger; do
    _f=$_d/sbin/$_p
    [ "$_p" = logger ] && _f=$_d/logger
    { printf '#!%s\n' "$QI_PY"
      printf 'import sys\nsys.argv.insert(1, %s)\n' "'$_d/out'"
      printf 'with open(%s) as _f:\n    _c = _f.read()\nexec(_c)\n' "'$_d/probe.py'"
    } > "$_f" && chmod 755 "$_f" || return 1
  done
  ln -sf "$(bin qmail/send/qmail-start)" "$_d/sbin/qmail-start"
  ln -sf "$(bin qmail/send/qscheduler)" "$_d/sbin/qscheduler"
}

# qinst_links: $T/sbin/NAME -> every built program of qmail/
qinst_links() {
  mkdir -p "$T/sbin" || return 1
  for _f in "$IM_BUILD"/qmail/*/*; do
    case $_f in *.o|*.d|*.a) continue ;; esac
    [ -f "$_f" ] && [ -x "$_f" ] && ln -sf "$_f" "$T/sbin/${_f##*/}"
  done
  return 0
}

# qinst_ctl NAME [LINE...]
qinst_ctl() {
  _n=$1; shift
  if [ $# -eq 0 ]; then : > "$T/control/$_n"; else printf '%s\n' "$@" > "$T/control/$_n"; fi
}

# qinst_fail CHANNEL ADDR temp|perm [N]
qinst_fail() {
  echo "$3 ${4:-}" > "$T/fail/$1/$2" && chmod 666 "$T/fail/$1/$2"
}

# qinst_savemail: keep a copy of every message delivered, in $T/mail
qinst_savemail() { mkdir -p "$T/mail" && chmod 1777 "$T/mail"; }

# the stand-in delivery programs, in $T/bin
qinst_standins() {
  mkdir -p "$T/bin" "$T/fail/local" "$T/fail/remote" "$T/home" || return 1
  : > "$T/deliveries"
  # the local stand-in may run as another user (root's tests: nobody)
  chmod 1777 "$T/fail/local" "$T/fail/remote" && chmod 666 "$T/deliveries"
  # shared part: decide the result for $ch $rcpt, record it; sets res
  cat > "$T/bin/decide.sh" <<EOF
T='$T'
EOF
  cat >> "$T/bin/decide.sh" <<'EOF'
res=ok
f=$T/fail/$ch/$rcpt
if [ -f "$f" ]; then
  read -r kind n < "$f"
  if [ -z "$n" ] || [ "$n" -gt 0 ]; then
    [ -n "$n" ] && echo "$kind $((n - 1))" > "$f"
    case $kind in temp) res=defer ;; perm) res=fail ;; esac
  fi
fi
if [ -d "$T/mail" ] && [ "$res" = ok ]; then
  cat > "$T/mail/$ch.$rcpt.$$"
  id=$(sed -n '1,/^$/s/^X-Test-Id: //p' "$T/mail/$ch.$rcpt.$$")
else
  id=$(sed -n '1,/^$/s/^X-Test-Id: //p')
fi
printf '%s %s <%s> <%s> id=%s q=%s\n' "$ch" "$res" "$rcpt" "$sender" "$id" "${QUEUEDIR##*/}" >> "$T/deliveries"
EOF
  # qmail-local -- user homedir local dash ext domain sender defaultdelivery
  cat > "$T/bin/local" <<EOF
#!/bin/sh
[ "\$1" = -- ] && shift
ch=local rcpt="\$3@\$6" sender=\$7
. '$T/bin/decide.sh'
case \$res in
defer) echo "4.2.1 stand-in temporary failure for \$rcpt"; exit 111 ;;
fail) echo "5.1.1 stand-in permanent failure for \$rcpt"; exit 100 ;;
esac
echo "delivered by the stand-in to user \$1"
exit 0
EOF
  # qmail-remote host sender recipient
  cat > "$T/bin/remote" <<EOF
#!/bin/sh
ch=remote rcpt=\$3 sender=\$2
. '$T/bin/decide.sh'
case \$res in
defer) printf 's4.2.1 stand-in temporary failure for %s\0Z4.2.1 try again\0' "\$rcpt" ;;
fail) printf 'h5.1.1 stand-in permanent failure for %s\0D5.1.1 giving up\0' "\$rcpt" ;;
*) printf 'r%s accepted the message\0K%s done\0' "\$1" "\$1" ;;
esac
exit 0
EOF
  chmod 755 "$T/bin/local" "$T/bin/remote"
}

# qinst_users: users/cdb under ASSIGNDIR with one catch-all assignment
# (qmail-users(5) "+:user:uid:gid:$T/home:-::") to the invoking user (to
# nobody when that is root), so that every local address has a user
qinst_users() {
  mkdir -p "$ASSIGNDIR" "$T/home" || return 1
  _u=$(id -un)
  # root: qmail-lspawn delivers as no one's root, so as nobody
  [ "$(id -u)" = 0 ] && _u=nobody && chown nobody "$T/home"
  "$QI_PY" - "$ASSIGNDIR/cdb" "$_u" "$(id -u "$_u")" "$(id -g "$_u")" "$T/home" <<'EOF'
import struct, sys
path, user, uid, gid, home = sys.argv[1:6]
recs = [(b'!', b'\0'.join(x.encode() for x in (user, uid, gid, home, '-', ''))), (b'', b'')]
def h(k):
    v = 5381
    for c in k:
        v = (((v << 5) + v) ^ c) & 0xffffffff
    return v
body, pos, tabs = b'', 2048, [[] for _ in range(256)]
for k, d in recs:
    tabs[h(k) & 255].append((h(k), pos))
    body += struct.pack('<II', len(k), len(d)) + k + d
    pos += 8 + len(k) + len(d)
head, tail = b'', b''
for t in tabs:
    n = 2 * len(t)
    slots = [(0, 0)] * n
    for hv, p in t:
        i = (hv >> 8) % n
        while slots[i][1]:
            i = (i + 1) % n
        slots[i] = (hv, p)
    head += struct.pack('<II', pos + len(tail), n)
    tail += b''.join(struct.pack('<II', a, b) for a, b in slots)
with open(path, 'wb') as f:
    f.write(head + body + tail)
EOF
}

# qinst_init [COUNT [SPLIT]]
qinst_init() {
  _count=${1:-1} _split=${2:-7}
  # as root the queue's owners may not be root: let them reach $T
  [ "$(id -u)" = 0 ] && chmod 755 "$T"
  qinst_links || return 1
  mkdir -p "$T/control" "$T/users" || return 1
  export PREFIX="$T" SYSCONFDIR="$T" CONTROLDIR="$T/control" QMAILHOME="$T" \
    ASSIGNDIR="$T/users" QUEUE_BASE="$T/queue" QUEUE_COUNT="$_count" QUEUE_START=1 \
    QUEUEDIR="$T/queue/queue1" CONFSPLIT="$_split" MIN_FREE=0 \
    QMAILLOCAL="$T/bin/local" QMAILREMOTE="$T/bin/remote"
  unset QUEUEPROG QMAILQUEUE
  qinst_ctl me test.example
  qinst_ctl locals test.example localhost
  qinst_ctl virtualdomains virt.example:vuser
  qinst_ctl concurrencylocal 4
  qinst_ctl concurrencyremote 4
  qinst_standins || return 1
  qinst_users || return 1
  "$T/sbin/queue-fix" -N "$_count" -S 1 "$T/queue" > "$T/queue-fix.out" 2>&1
}

# qinst_msg ID
qinst_msg() {
  printf 'From: sender@remote.example\nTo: rcpt@test.example\nSubject: test %s\nX-Test-Id: %s\n\nbody of message %s\n' \
    "$1" "$1" "$1"
}

# the envelope of SENDER RCPT... for qmail-queue's fd 1
qinst_env() {
  printf 'F%s\0' "$1"; shift
  for _r in "$@"; do printf 'T%s\0' "$_r"; done
  printf '\0'
}

# the message is stdin, the envelope comes through a pipe on fd 1
qinst_inject() { { qinst_env "$@" | "$T/sbin/qmail-queue" 1<&0 0<&3 3<&-; } 3<&0; }
qinst_multi() { { qinst_env "$@" | "$T/sbin/qmail-multi" 1<&0 0<&3 3<&-; } 3<&0; }

# qinst_start [ARGS] / qinst_sched [ARGS]: in the background, pid in QI_PID
qinst_start() {
  "$T/sbin/qmail-start" "$@" < /dev/null >> "$T/log" 2>&1 &
  QI_PID=$!
  echo "$QI_PID" >> "$T/pids"
}
qinst_sched() {
  "$T/sbin/qscheduler" "$@" < /dev/null >> "$T/log" 2>&1 &
  QI_PID=$!
  echo "$QI_PID" >> "$T/pids"
}

# qinst_stop PID [SECONDS]: PID's exit status when it ended after SIGTERM
# within SECONDS; else it is killed and the status is 255
qinst_stop() {
  kill -TERM "$1" 2>/dev/null
  if until_ok "${2:-30}" gone "$1"; then wait "$1" 2>/dev/null; return $?; fi
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 255
}

# qinst_empty QUEUE...: no message file anywhere in the queues
qinst_empty() {
  for _q in "$@"; do
    [ "$(find "$_q/mess" "$_q/todo" "$_q/info" "$_q/local" "$_q/remote" "$_q/bounce" -type f | head -n 1)" = "" ] ||
      return 1
  done
}
# qinst_drain SECONDS QUEUE...
qinst_drain() { _s=$1; shift; until_ok "$_s" qinst_empty "$@"; }

# qinst_real: the built qmail-local on the local channel; QI_USER & co.
qinst_real() {
  unset QMAILLOCAL
  QI_USER=$(id -un)
  [ "$(id -u)" = 0 ] && QI_USER=nobody
  QI_UID=$(id -u "$QI_USER") && QI_GID=$(id -g "$QI_USER") || return 1
  QI_UGID=$QI_USER:$QI_UID:$QI_GID
  if [ "$(id -u)" = 0 ]; then chown -R "$QI_USER" "$T/queue" || return 1; fi
  return 0
}

# qinst_own PATH...: as root, give PATH (recursively) to QI_USER
qinst_own() {
  [ "$(id -u)" = 0 ] || return 0
  chown -R "$QI_USER:$QI_GID" "$@"
}

# qinst_home DIR [MAILDIR...]
qinst_home() {
  _h=$1; shift
  mkdir -p "$_h" && chmod 755 "$_h" || return 1
  for _m in "$@"; do "$T/sbin/maildirmake" "$_h/$_m" || return 1; done
  qinst_own "$_h"
}

# qinst_put FILE [LINE...]
qinst_put() {
  _f=$1; shift
  if [ $# -eq 0 ]; then : > "$_f"; else printf '%s\n' "$@" > "$_f"; fi || return 1
  chmod 644 "$_f" && qinst_own "$_f"
}

# qinst_assign LINE...
qinst_assign() {
  mkdir -p "$ASSIGNDIR" && printf '%s\n' "$@" . > "$ASSIGNDIR/assign" && "$T/sbin/qmail-newu"
}

# qinst_need [PROG...]
qinst_need() {
  need_cmd python3
  for _p in send/qmail-send send/todo-proc send/qmail-lspawn send/qmail-rspawn send/qmail-clean \
    send/qmail-start send/qscheduler queue/qmail-queue queue/qmail-multi queue/queue-fix "$@"; do
    [ -x "$(bin "qmail/$_p")" ] || skip_all "qmail/$_p is not built"
  done
}

#!/bin/sh
# todo-proc.t — todo-proc driven directly: pipes on fds 0/1/7/8 (the real
# qmail-clean, or a stand-in that refuses), messages injected with the
# built qmail-queue. Checks the info/local/remote files byte for byte, the
# log lines, the N messages, routing, H, X, end of file, the trigger's
# latency, restart recovery, malformed envelopes, refused cleanups, the
# lock, the fsyncs (strace), and the preprocessing rate.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
need_cmd python3
tmpdir
track_pids
export TODOPROC="$(bin qmail/send/todo-proc)" QMAILCLEAN="$(bin qmail/send/qmail-clean)"
export QMAILQUEUE="$(bin qmail/queue/qmail-queue)" TP_PIDS=$T/pids
export CONFSPLIT=7 MIN_FREE=0 CONTROLDIR=$T/control
q=$T/queue
mkdir -p "$CONTROLDIR"
echo here.example > "$CONTROLDIR/me"
printf 'here.example\nlocalhost\n' > "$CONTROLDIR/locals"
printf 'virt.example:alice\nsales@shop.example:sales\n' > "$CONTROLDIR/virtualdomains"
echo relay.example > "$CONTROLDIR/percenthack"
newqueue() { rm -rf "$q" "$T/names" "$T/log"; "$(bin qmail/queue/queue-fix)" -s 7 "$q" > /dev/null 2>&1; }

# the harness: tp.py QUEUE STEP...  (see the comments in it)
cat > "$T/tp.py" <<'PY'
# tp.py QUEUE [--clean=real|refuse|closed] STEP...: run todo-proc in QUEUE
# with pipes, play qmail-send (and qmail-clean when --clean=refuse), and
# print what happened. Messages get names m1, m2 ... in injection order
# (kept in QUEUE/../names for later runs); their numbers are exported to
# sh= steps as M1, M2 ... In the output the size of the message file, the
# injector's pid and our uid read SIZE, QP and UID when they are right.
#   start           start todo-proc (and qmail-clean); its fd 2 -> QUEUE/../log
#   inject=F,T,...  qmail-queue with sender F and recipients T ...
#   bulk=N          N messages made directly (as qmail-queue would) in pid/ mess/ intd/ todo/
#   expect=K[/S]    wait (at most S s, 20 by default) for K N messages in all;
#                   else print the shortfall
#   latency=K       K times: inject, time from qmail-queue's exit until the N
#                   arrives; print whether all took < 1 s
#   print           the N messages received since the last print ("N m1");
#   sprint          the same, sorted by name (for messages of one batch)
#   send=C          "C\0" on todo-proc's fd 0      close   close its fd 0
#   wait            wait (at most 20 s) for todo-proc to exit; print "exit RC"
#   quiet=S         sleep S seconds, print any N message that came meanwhile
#   waitlog=TEXT    wait (at most 20 s) until a log line since the last log step has TEXT
#   log             the log lines since the last log step, numbers as names;
#   slog            the same, sorted
#   show=mK         info, local, remote, todo and intd of mK, NULs as \0
#   sh=CMD          run CMD with sh in QUEUE
#   asked           the requests the refusing qmail-clean got, as names
import os, sys, time, signal, threading, subprocess, fcntl, re, json

Q = os.path.abspath(sys.argv[1]); args = sys.argv[2:]
SPLIT = int(os.environ.get('CONFSPLIT', '151'))
LOG = os.path.join(os.path.dirname(Q), 'log')
mode = 'real'
if args and args[0].startswith('--clean='):
    mode = args.pop(0)[8:]
names, byname, sizes, qps = {}, {}, {}, {}
got, got_lock = [], threading.Condition()
asked = []
procs = []
NAMES = os.path.join(os.path.dirname(Q), 'names')
if os.path.exists(NAMES):
    for num, n, size, qp in json.load(open(NAMES)):
        names[num] = n; byname[n] = num; sizes[num] = size; qps[num] = qp
        os.environ[n.upper()] = str(num)
state = {'printed': 0, 'logpos': os.path.getsize(LOG) if os.path.exists(LOG) else 0,
         'start': 0.0, 'pipe0': None}

def out(s): print(s, flush=True)

def spawn(argv, fdmap):
    hi = {t: fcntl.fcntl(s, fcntl.F_DUPFD_CLOEXEC, 100) for t, s in fdmap.items()}
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            for t, h in hi.items(): os.dup2(h, t)
            os.chdir(Q)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    for h in hi.values(): os.close(h)
    with open(os.environ['TP_PIDS'], 'a') as f: f.write('%d\n' % pid)
    procs.append(pid)
    return pid

def reader(fd):
    buf = b''
    while True:
        try: d = os.read(fd, 65536)
        except OSError: d = b''
        if not d: break
        buf += d
        *recs, buf = buf.split(b'\0')
        with got_lock:
            got.extend(recs); got_lock.notify_all()
    os.close(fd)

def refuser(rfd, wfd):
    buf = b''
    while True:
        d = os.read(rfd, 4096)
        if not d: break
        buf += d
        *recs, buf = buf.split(b'\0')
        for r in recs:
            asked.append(r.decode()); os.write(wfd, b'!')

def start():
    p0r, p0w = os.pipe(); p1r, p1w = os.pipe(); p7r, p7w = os.pipe(); p8r, p8w = os.pipe()
    logfd = os.open(LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    if mode == 'real':
        spawn([os.environ['QMAILCLEAN']], {0: p7r, 1: p8w, 2: logfd})
    elif mode == 'refuse':
        threading.Thread(target=refuser, args=(p7r, p8w), daemon=True).start()
        p7r = p8w = None
    wrap = os.environ.get('TP_WRAP', '').split()
    state['start'] = time.time()
    state['tp'] = spawn(wrap + [os.environ['TODOPROC']], {0: p0r, 1: p1w, 2: logfd, 7: p7w, 8: p8r})
    for fd in (p0r, p1w, p7w, p8r, logfd) + ((p7r, p8w) if mode == 'real' else ()):
        os.close(fd)
    if mode == 'closed':
        os.close(p7r); os.close(p8w)
    state['pipe0'] = p0w
    state['reader'] = threading.Thread(target=reader, args=(p1r,), daemon=True)
    state['reader'].start()

def messnums():
    return {int(n) for s in range(SPLIT) for n in os.listdir('%s/mess/%d' % (Q, s))}

def name(num):
    return names.get(num, '?%d' % num)

def inject(spec):
    parts = spec.split(',')
    env = b'F' + parts[0].encode() + b'\0' + b''.join(b'T' + t.encode() + b'\0' for t in parts[1:]) + b'\0'
    with open(Q + '/../env', 'wb') as f: f.write(env)
    before = messnums()
    with open(Q + '/../msg', 'rb') as m, open(Q + '/../env', 'rb') as e:
        p = subprocess.Popen([os.environ['QMAILQUEUE']], stdin=m, stdout=e, env=dict(os.environ, QUEUEDIR=Q))
        rc = p.wait()
    state['injected'] = time.time()
    if rc: out('inject %s: exit %d' % (spec, rc)); return None
    (num,) = messnums() - before
    n = 'm%d' % (len(names) + 1)
    names[num] = n; byname[n] = num; qps[num] = p.pid
    sizes[num] = os.stat('%s/mess/%d/%d' % (Q, num % SPLIT, num)).st_size
    os.environ[n.upper()] = str(num)
    with open(NAMES, 'w') as f: json.dump([[k, names[k], sizes[k], qps[k]] for k in names], f)
    return num

def bulk(count):
    body = b'Received: (indimail-mta 1 invoked by uid 0); Thu, 1 Jan 1970 00:00:00 +0000\nSubject: bulk\n\nx\n'
    env = b'u%d\0p%d\0Fbulk@far.example\0Tlocal@here.example\0Tremote@far.example\0' % (os.getuid(), os.getpid())
    for i in range(count):
        pf = '%s/pid/bulk.%d' % (Q, i)
        fd = os.open(pf, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, body); num = os.fstat(fd).st_ino; os.close(fd)
        os.link(pf, '%s/mess/%d/%d' % (Q, num % SPLIT, num)); os.unlink(pf)
        with open('%s/intd/%d' % (Q, num), 'wb') as f: f.write(env)
        os.link('%s/intd/%d' % (Q, num), '%s/todo/%d' % (Q, num))

def expect(k, limit=20.0):
    end = time.time() + limit
    with got_lock:
        while len(got) < k and time.time() < end:
            got_lock.wait(end - time.time())
        n = len(got)
    el = time.time() - state['start']
    sys.stderr.write('# %d N messages %.3f s after the start\n' % (n, el))
    if n < k: out('expected %d N messages, got %d' % (k, n))
    return el

def latency(k):
    worst = 0.0
    for i in range(k):
        with got_lock: have = len(got)
        num = inject('lat@far.example,lat@here.example'); t0 = state['injected']
        with got_lock:
            while len(got) <= have and time.time() < t0 + 10: got_lock.wait(0.5)
            ok = len(got) > have and got[have] == b'N%d' % num
        worst = max(worst, time.time() - t0 if ok else 99)
    sys.stderr.write('# worst of %d: inject -> N in %.1f ms\n' % (k, worst * 1000))
    out('latency: %s' % ('all under 1 s' if worst < 1 else 'too slow: %.3f s' % worst))

def printn(ordered=False):
    with got_lock: new = got[state['printed']:]; state['printed'] = len(got)
    lines = []
    for r in new:
        r = r.decode()
        lines.append('N ' + name(int(r[1:])) if r[:1] == 'N' and r[1:].isdigit() else 'bad message %r' % r)
    for l in sorted(lines) if ordered else lines: out(l)

def subst(line):
    line = re.sub(r'\d{4,}', lambda m: name(int(m.group())) if int(m.group()) in names else m.group(), line)
    m = re.match(r'info msg (m\d+): bytes (\d+) from <.*> qp (\d+) uid (\d+)$', line)
    if m:
        num = byname[m.group(1)]
        if int(m.group(2)) == sizes[num]: line = line.replace(' bytes %s ' % m.group(2), ' bytes SIZE ')
        if int(m.group(3)) == qps[num]: line = line.replace(' qp %s ' % m.group(3), ' qp QP ')
        if int(m.group(4)) == os.getuid(): line = re.sub(r' uid \d+$', ' uid UID', line)
    return line

def showlog(ordered=False):
    with open(LOG, 'rb') as f: f.seek(state['logpos']); data = f.read()
    state['logpos'] += len(data)
    lines = ['log: ' + subst(l) for l in data.decode('utf-8', 'replace').splitlines()]
    for l in sorted(lines) if ordered else lines: out(l)

def waitlog(text, limit=20.0):
    end = time.time() + limit
    while time.time() < end:
        with open(LOG, 'rb') as f:
            f.seek(state['logpos'])
            if text.encode() in f.read(): return
        time.sleep(0.02)
    out('no log line with %r' % text)

def envsubst(num, data):
    data = data.replace(b'u%d\0' % os.getuid(), b'uUID\0', 1)
    return data.replace(b'p%d\0' % qps[num], b'pQP\0', 1) if num in qps else data

def show(n):
    num = byname[n]
    for d, split in (('info', 1), ('local', 1), ('remote', 1), ('todo', 0), ('intd', 0)):
        fn = '%s/%s/%s%d' % (Q, d, '%d/' % (num % SPLIT) if split else '', num)
        try:
            with open(fn, 'rb') as f: data = f.read()
            if not split: data = envsubst(num, data)
            out('%s %s: %s' % (d, n, ''.join('\\0' if c == 0 else chr(c) if 32 <= c < 127 else '\\x%02x' % c for c in data)))
        except FileNotFoundError:
            out('%s %s: none' % (d, n))

def wait(limit=20.0):
    pid = state['tp']; end = time.time() + limit
    while time.time() < end:
        r, st = os.waitpid(pid, os.WNOHANG)
        if r:
            # what it wrote before it ended is all read before anything is counted
            state['reader'].join(5)
            out('exit %d' % (os.waitstatus_to_exitcode(st))); procs.remove(pid); return
        time.sleep(0.01)
    out('still running after %d s' % limit)

with open(Q + '/../msg', 'wb') as f: f.write(b'Subject: todo-proc test\n\nhello\n')
try:
    for a in args:
        k, _, v = a.partition('=')
        if k == 'start': start()
        elif k == 'inject': inject(v)
        elif k == 'bulk': bulk(int(v))
        elif k == 'expect': expect(int(v.split('/')[0]), float(v.split('/')[1]) if '/' in v else 20.0)
        elif k == 'latency': latency(int(v))
        elif k == 'print': printn()
        elif k == 'sprint': printn(True)
        elif k == 'slog': showlog(True)
        elif k == 'send':
            try: os.write(state['pipe0'], v.encode() + b'\0')
            except OSError as e: out('send %s: %s' % (v, e.strerror))
        elif k == 'close': os.close(state['pipe0']); state['pipe0'] = None
        elif k == 'wait': wait()
        elif k == 'quiet': time.sleep(float(v)); printn()
        elif k == 'waitlog': waitlog(v)
        elif k == 'log': showlog()
        elif k == 'show': show(v)
        elif k == 'sh': subprocess.call(['sh', '-c', v], cwd=Q)
        elif k == 'asked': out('asked: ' + ' '.join(r[0] + name(int(r[1:])) for r in asked))
        else: out('unknown step ' + a)
finally:
    for p in procs:
        try: os.killpg(p, signal.SIGKILL); os.waitpid(p, 0)
        except OSError: pass
PY
tp() { python3 "$T/tp.py" "$q" "$@"; }
# tpis NAME EXPECTED SED-SCRIPT STEP...: the harness's output, through sed, is EXPECTED
tpis() { _n=$1 _w=$2 _f=$3; shift 3; is "$(tp "$@" | sed -e "$_f")" "$_w" "$_n"; }

# --- usage and start-up failures
transcript "an argument: usage, exit 100" "todo-proc: usage: todo-proc
exit 100" "$TODOPROC" x
mkdir -p "$T/empty"
transcript "not in a queue: no lock/" "alert: todo-proc: cannot start: unable to open lock/todomutex: no such file or directory
exit 111" sh -c 'cd "$1" && "$2" 7>/dev/null 8</dev/null' sh "$T/empty" "$TODOPROC"
transcript "fds 7 and 8 closed" "alert: todo-proc: cannot start: descriptors 0, 1, 7 and 8 must be open
exit 111" sh -c 'cd "$1" && "$2" 7>&- 8<&-' sh "$T/empty" "$TODOPROC"
transcript "bad CONFSPLIT" "alert: todo-proc: cannot start: bad CONFSPLIT: invalid argument
exit 111" env CONFSPLIT=x "$TODOPROC"

# --- one message: files byte for byte, log lines, N, cleanup, routing
newqueue
tpis "one message with local, virtual, percenthack and remote recipients" "$(cat <<'X'
N m1
log: new msg m1
log: info msg m1: bytes SIZE from <Alice@Far.Example> qp QP uid UID
info m1: FAlice@Far.Example\0
local m1: Tbob@here.example\0Tcarol@HERE.EXAMPLE\0Tdave@here.example\0Talice-pat@virt.example\0Tsales-sales@shop.example\0Tbob@localhost\0
remote m1: Teve@far.example\0Tjoe@far.example\0Tother@shop.example\0Tbob@here.example.org\0
todo m1: none
intd m1: none
exit 0
X
)" '' start inject=Alice@Far.Example,bob@here.example,eve@far.example,carol@HERE.EXAMPLE,dave,pat@virt.example,joe%far.example@relay.example,sales@shop.example,other@shop.example,bob@localhost,bob@here.example.org \
  expect=1 print log show=m1 close wait
is "$(find "$q/mess" -type f | wc -l | tr -d ' ')" 1 "the message file stays"
is "$(stat -c %a "$q/lock/todomutex")" 600 "lock/todomutex made with mode 600"
is "$(find "$q/info" "$q/local" "$q/remote" -type f -exec stat -c %a {} + | sort -u)" "600" \
  "info, local and remote files are mode 600"

newqueue
tpis "queued before the start: a bounce (empty sender), one without recipients, only remote" "$(cat <<'X'
N m1
N m2
N m3
info m1: F\0
local m1: Tpostmaster@here.example\0
remote m1: none
info m2: Fa@here.example\0
local m2: none
remote m2: none
info m3: Fa@here.example\0
local m3: none
remote m3: Tx@far.example\0
todo m3: none
intd m3: none
X
)" '/^\(todo\|intd\) m[12]/d' inject=,postmaster inject=a@here.example inject=a@here.example,x@far.example start expect=3 sprint \
  show=m1 show=m2 show=m3

# --- H re-reads the controls; X and end of file end it
newqueue
tpis "H: new routing after the control files change" "$(cat <<'X'
N m1
local m1: Tu@here.example\0
remote m1: Tu@new.example\0
N m2
local m2: Tu@here.example\0Tu@new.example\0
remote m2: none
log: new msg m1
log: info msg m1: bytes SIZE from <s@x> qp QP uid UID
log: new msg m2
log: info msg m2: bytes SIZE from <s@x> qp QP uid UID
exit 0
X
)" '/^\(info\|todo\|intd\) m/d' start inject=s@x,u@here.example,u@new.example expect=1 print show=m1 \
  "sh=echo new.example >> $CONTROLDIR/locals" send=H \
  inject=s@x,u@here.example,u@new.example expect=2 print show=m2 log send=X wait
printf 'here.example\nlocalhost\n' > "$CONTROLDIR/locals"

newqueue
tpis "X with nothing to do: exit 0; an unknown command is only a warning" "exit 0
log: warning: todo-proc: unknown command from qmail-send" '' start send=what send=X wait log
tpis "end of file on fd 0: exit 0" "exit 0" '' start close wait

newqueue
tp bulk=1000 start expect=1 send=X wait print > "$T/out"
is "$(grep -v '^N ' "$T/out")" "exit 0" "X during a backlog: exit 0"
n=$(grep -c '^N ' "$T/out")
is "$(find "$q/info" -type f | wc -l | tr -d ' ') $(($(ls "$q/todo" | wc -l) + n))" "$n 1000" \
  "X during a backlog: the batch at hand is finished ($n messages), the rest left in todo/"

# --- the trigger wakes it at once
newqueue
tpis "inject -> N message, 20 times" "latency: all under 1 s
exit 0" '' start latency=20 close wait

# --- restart recovery
newqueue
tpis "restart: info exists -> cleanup only; no info (or a cut one) -> done again" "$(cat <<'X'
N m1
N m2
N m3
log: info msg m2: bytes SIZE from <s2@x> qp QP uid UID
log: info msg m3: bytes SIZE from <s3@x> qp QP uid UID
log: new msg m2
log: new msg m3
info m1: Fs1@x\0
local m1: Tkept@here.example\0
remote m1: none
todo m1: none
intd m1: none
info m2: Fs2@x\0
local m2: Tnew@here.example\0
remote m2: none
todo m2: none
intd m2: none
info m3: Fs3@x\0
local m3: none
remote m3: Tr@far.example\0
X
)" '/^\(todo\|intd\) m3/d' inject=s1@x,one@here.example inject=s2@x,new@here.example inject=s3@x,r@far.example \
  'sh=printf "Fs1@x\0" > info/$((M1 % 7))/$M1; printf "Tkept@here.example\0" > local/$((M1 % 7))/$M1' \
  'sh=printf "Tstale@far.example\0" > remote/$((M2 % 7))/$M2; printf "Tpartial" > local/$((M2 % 7))/$M2; : > info/$((M2 % 7))/$M2' \
  'sh=printf "Tstale@here.example\0" > local/$((M3 % 7))/$M3; printf "Fs3" > info/$((M3 % 7))/$M3' \
  start expect=3 sprint slog show=m1 show=m2 show=m3

# --- malformed envelopes are left for later; unknown records are ignored
newqueue
tpis "malformed envelopes: warning, left in todo/; the others go on" "$(cat <<'X'
N m3
log: info msg m3: bytes SIZE from <ok@x> qp 0 uid 0
log: new msg m3
log: warning: trouble with todo/m1
log: warning: trouble with todo/m2
info m1: none
todo m1: Fcut@x\0Tr@here.exa
info m2: none
todo m2: Tr@here.example\0Fs@x\0
info m3: Fok@x\0
local m3: Tr@here.example\0
remote m3: none
todo m3: none
X
)" '/^\(local\|remote\|intd\) m[12]\|^intd m3/d;s/ uid UID$/ uid 0/' inject=cut@x,r@here.example inject=nos@x,r@here.example inject=ok@x,r@here.example \
  'sh=printf "Fcut@x\0Tr@here.exa" > todo/$M1; printf "Tr@here.example\0Fs@x\0" > todo/$M2; printf "eX-New: 1\0Fok@x\0zz\0Tr@here.example\0" > todo/$M3' \
  start expect=1 print slog show=m1 show=m2 show=m3

# --- qmail-clean refuses: no N, retried at the next scan
newqueue
tpis "qmail-clean answers !: warning, no N, todo/ stays" "$(cat <<'X'
log: new msg m1
log: info msg m1: bytes SIZE from <s@x> qp QP uid UID
log: warning: qmail-clean unable to clean up todo/m1
asked: tm1
info m1: Fs@x\0
local m1: Tr@here.example\0
remote m1: none
todo m1: uUID\0pQP\0Fs@x\0Tr@here.example\0
intd m1: uUID\0pQP\0Fs@x\0Tr@here.example\0
exit 0
X
)" '' --clean=refuse start inject=s@x,r@here.example 'waitlog=unable to clean up' log asked show=m1 send=X wait
tpis "then the real qmail-clean: N without a new log line" "$(cat <<'X'
N m1
exit 0
X
)" '' start expect=1 print log send=X wait
is "$(ls "$q/todo" "$q/intd")" "$(printf '%s:\n\n%s:' "$q/intd" "$q/todo")" "todo/ and intd/ are empty"

tpis "qmail-clean gone: alert, exit 111" "$(cat <<'X'
exit 111
log: new msg m2
log: info msg m2: bytes SIZE from <s@x> qp QP uid UID
log: alert: todo-proc: unable to talk to qmail-clean: broken pipe
X
)" '' --clean=closed start inject=s@x,r@here.example wait log

# --- unreadable controls: alert, nothing done; H after the fix
newqueue
mv "$CONTROLDIR/locals" "$T/locals.saved"; mkdir "$CONTROLDIR/locals"
tpis "control error, then H" "$(cat <<'X'
log: alert: unable to read controls: unable to read CTL/locals: is a directory
info m1: none
todo m1: uUID\0pQP\0Fs@x\0Tr@here.example\0
N m1
info m1: Fs@x\0
local m1: Tr@here.example\0
todo m1: none
exit 0
X
)" "/^\(local\|remote\|intd\) m1: none\|^intd\|^remote/d;s|$CONTROLDIR|CTL|" start inject=s@x,r@here.example 'waitlog=unable to read controls' log show=m1 \
  "sh=rmdir $CONTROLDIR/locals; mv $T/locals.saved $CONTROLDIR/locals" send=H expect=1 print show=m1 send=X wait
if [ -d "$CONTROLDIR/locals" ]; then rmdir "$CONTROLDIR/locals"; mv "$T/locals.saved" "$CONTROLDIR/locals"; fi

# --- the lock: a second todo-proc waits for the first
newqueue
python3 - "$q/lock/todomutex" "$T/release" > "$T/locker.out" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print('locked', flush=True)
while not os.path.exists(sys.argv[2]): time.sleep(0.02)
PY
lp=$!
echo "$lp" >> "$T/pids"
until_ok 10 grep -q locked "$T/locker.out"
tpis "lock held by another: waits, then works" "$(cat <<'X'
log: warning: waiting for another todo-proc to exit
N m1
exit 0
X
)" '' start inject=s@x,r@here.example 'waitlog=waiting for another' log quiet=0.2 \
  "sh=touch $T/release" expect=1 print send=X wait
wait "$lp"

# --- no trigger FIFO: a warning, and todo/ is still scanned at start
newqueue
rm "$q/lock/trigger"
tpis "no lock/trigger" "$(cat <<'X'
N m1
log: warning: todo-proc: unable to open lock/trigger, scanning todo/ every minute: no such file or directory
exit 0
X
)" '/new msg\|info msg/d' inject=s@x,r@here.example start expect=1 print log send=X wait

# --- the fsyncs: every file and directory on disk before qmail-clean and N
if command -v strace > /dev/null 2>&1 && strace -f -o /dev/null true 2> /dev/null; then
  newqueue
  TP_WRAP="strace -f -y -qq -o $T/strace -s 65536 -e trace=fsync,fdatasync,write,unlink,openat" \
    tp inject=a@x,l@here.example,r@far.example inject=,l2@here.example bulk=250 start expect=252/60 send=X wait > "$T/out"
  is "$(cat "$T/out")" "exit 0" "traced run: 252 messages, exit 0"
  python3 - "$T/strace" "$q" > "$T/check" <<'PY'
import re, sys
q = sys.argv[2]; synced = set(); bad = []; ns = 0; dirsyncs = 0; files = 0
for line in open(sys.argv[1]):
    m = re.search(r'(fsync|fdatasync)\(\d+<([^>]*)>\) = 0', line)
    if m:
        p = m.group(2)[len(q) + 1:] if m.group(2).startswith(q + '/') else m.group(2)
        synced.add(p)
        if re.fullmatch(r'(info|local|remote)/\d+', p): dirsyncs += 1
        else: files += 1
        continue
    m = re.search(r'openat\(AT_FDCWD, "((?:info|local|remote)/\d+/\d+)", O_WRONLY', line)
    if m: synced.discard(m.group(1)); synced.discard(m.group(1).rsplit('/', 1)[0]); continue
    m = re.search(r'write\(7<[^>]*>, "(.*)", \d+\) = \d+', line)
    if m:
        for num in re.findall(r't(\d+)\\0', m.group(1)):
            need = ['info/%d/%s' % (int(num) % 7, num), 'info/%d' % (int(num) % 7)]
            ch = [c for c in ('local', 'remote') if 'local/%d/%s' % (int(num) % 7, num) in synced or 'remote/%d/%s' % (int(num) % 7, num) in synced]
            for c in ('local', 'remote'):
                if '%s/%d/%s' % (c, int(num) % 7, num) in synced: need.append('%s/%d' % (c, int(num) % 7))
            if not ch: bad.append(num + ': no channel file synced')
            bad += [num + ': ' + p + ' not synced' for p in need if p not in synced]
    m = re.search(r'write\(1<[^>]*>, "(.*)", \d+\) = \d+', line)
    if m: ns += len(re.findall(r'N\d+\\0', m.group(1)))
print('N messages: %d' % ns)
print('problems: %d' % len(bad))
for b in bad[:5]: print('  ' + b)
print('file fsyncs: %d, directory fsyncs: %d' % (files, dirsyncs))
PY
  is "$(head -n 2 "$T/check")" "N messages: 252
problems: 0" "every file and directory fsynced before qmail-clean is asked and N is sent"
  set -- $(sed -n 's/^file fsyncs: \([0-9]*\), directory fsyncs: \([0-9]*\)$/\1 \2/p' "$T/check")
  ok $([ "${1:-0}" -ge 755 ] && [ "${2:-999}" -le 63 ]; echo $?) \
    "a file fsync per file ($1 >= 755), a directory fsync per directory per batch ($2 <= 3 batches x 3 kinds x 7)"
else
  skip "strace is missing or cannot trace here"
  skip "strace is missing or cannot trace here"
  skip "strace is missing or cannot trace here"
fi

# --- rate: 1,000 queued messages, time until every N is out
newqueue
tp bulk=1000 start expect=1000/60 send=X wait > "$T/out" 2> "$T/rate"
is "$(cat "$T/out")" "exit 0" "1,000 messages preprocessed"
secs=$(sed -n 's/^# 1000 N messages \([0-9.]*\) s after the start$/\1/p' "$T/rate")
diag "1,000 messages in ${secs:-?} s: $(python3 -c "print(int(1000 / max(float('${secs:-1000}'), 0.001)))") messages/s"
is "$(ls "$q/todo" | wc -l | tr -d ' ')" 0 "todo/ is empty afterwards"
is "$(find "$q/info" -type f | wc -l | tr -d ' ') $(find "$q/local" -type f | wc -l | tr -d ' ') $(find "$q/remote" -type f | wc -l | tr -d ' ')" \
  "1000 1000 1000" "1,000 info, local and remote files"
done_testing

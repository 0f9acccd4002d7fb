#!/bin/sh
# qmail-send.t — qmail-send driven directly: a python3 harness plays
# todo-proc, qmail-lspawn, qmail-rspawn and qmail-clean on fds 0..8 and
# reads the log on fd 2. Checks the requests byte for byte, concurrency
# limits, the order of the log lines, the D marks in the files, retry
# times saved as mtimes, bounce/N records and the bounce handed to the
# queue program, double and triple bounces, queuelifetime, "end msg" and
# the x request, SIGALRM, SIGHUP, SIGTERM, the death of a peer, qmail-clean
# refusing, the lock, orphans, and a restart with messages in every state.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
. "$IM_SRC/tests/lib/queue.sh"
need_cmd python3
tmpdir
track_pids
send=$(bin qmail/send/qmail-send)

# ---- start-up errors (transcripts) ----
mkdir "$T/notaqueue"
transcript "not in a queue directory: cannot start, exit 111" "$(cat <<'X'
alert: cannot start: unable to open lock/sendmutex: no such file or directory
exit 111
X
)" sh -c "cd '$T/notaqueue' && exec '$send' 3<&0 4<&0 5<&0 6<&0 7<&0 8<&0"
transcript "a descriptor of the set missing: cannot start, exit 111" "$(cat <<'X'
alert: cannot start: descriptor 5 is not open (qmail-send runs under qmail-start)
exit 111
X
)" sh -c "exec '$send' 3<&0 4<&0 5<&- 6<&0 7<&0 8<&0"
mkqueue "$T/badctl" 3
mkdir "$T/badctl.control"; echo 0 > "$T/badctl.control/concurrencylocal"
transcript "a bad control file: cannot start, exit 111" "$(cat <<X
alert: cannot start: unable to read controls: $T/badctl.control/concurrencylocal: 0 is out of range 1..1000
exit 111
X
)" sh -c "cd '$T/badctl' && CONTROLDIR='$T/badctl.control' exec '$send' 3<&0 4<&0 5<&0 6<&0 7<&0 8<&0"

# ---- the protocol, through the harness ----
export SEND="$send" TP_PIDS="$T/pids" CONFSPLIT=3
cat > "$T/qq" <<'EOF'
#!/bin/sh
# a stand-in queue program: keeps the message, the envelope and QUEUEDIR
d=$(dirname "$0")/qq.out
mkdir -p "$d"
cat > "$d/$$.msg"
cat <&1 > "$d/$$.env"
echo "$QUEUEDIR" > "$d/$$.dir"
code=$(cat "$d/../qq.code" 2>/dev/null)
exit "${code:-0}"
EOF
chmod 755 "$T/qq"
export QUEUEPROG="$T/qq"

cat > "$T/h.py" <<'PY'
import os, sys, time, signal, threading, subprocess, fcntl, re, stat, math

T = os.environ['T_DIR']
SEND = os.environ['SEND']
SPLIT = 3
n = int(sys.argv[1])
failed = 0

def ok(cond, name):
    global n, failed
    n += 1
    print(('ok %d - %s' if cond else 'not ok %d - %s') % (n, name), flush=True)
    if not cond:
        failed += 1
    return cond

def diag(s):
    for line in str(s).splitlines():
        print('# ' + line, file=sys.stderr, flush=True)

def is_(got, want, name):
    if not ok(got == want, name):
        diag('     got: %r' % (got,))
        diag('expected: %r' % (want,))

def until(pred, secs=10):
    end = time.time() + secs
    while time.time() < end:
        r = pred()
        if r:
            return r
        time.sleep(0.01)
    return pred()

def mkqueue(q):
    for d in ('intd', 'todo', 'pid', 'lock', 'bounce'):
        os.makedirs(os.path.join(q, d))
    for d in ('mess', 'info', 'local', 'remote'):
        for i in range(SPLIT):
            os.makedirs(os.path.join(q, d, str(i)))

def fpath(q, d, num):
    if d in ('todo', 'intd', 'bounce'):
        return os.path.join(q, d, str(num))
    return os.path.join(q, d, str(num % SPLIT), str(num))

def put(path, data, mtime=None):
    with open(path, 'wb') as f:
        f.write(data.encode() if isinstance(data, str) else data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))

def mkmsg(q, num, sender, local=(), remote=(), birth=None, lmtime=None, rmtime=None):
    put(fpath(q, 'mess', num), 'Subject: test %d\n\nbody\n' % num)
    if local:
        put(fpath(q, 'local', num), ''.join('T%s\0' % a for a in local), lmtime)
    if remote:
        put(fpath(q, 'remote', num), ''.join('T%s\0' % a for a in remote), rmtime)
    put(fpath(q, 'info', num), 'F%s\0' % sender, birth)

def control(q, **kw):
    d = q + '.control'
    os.makedirs(d, exist_ok=True)
    for k, v in kw.items():
        put(os.path.join(d, k), '%s\n' % v)
    return d

def exists(q, d, num):
    return os.path.exists(fpath(q, d, num))

def fields(data):
    return data.split(b'\0')[:-1] if data else []

class Send:
    """qmail-send in queue q with pipes on 0..8; clean: 'auto' answers +
    after removing the files, or a list of answers to give first (a
    function in the list is called with the number after the files are
    removed, and then + is answered)."""
    def __init__(self, q, clean='auto', env=None, auto=None):
        self.q = q
        self.auto = auto              # a result to give every local request at once
        ALL.append(self)
        self.lines, self.todo, self.req, self.cleanreq = [], b'', [b'', b''], []
        self.clean = clean
        self.closed = set()
        self.cv = threading.Condition()
        pipes = [os.pipe() for _ in range(9)]
        # the child's end of each descriptor, and ours
        child = [pipes[0][0], pipes[1][1], pipes[2][1], pipes[3][1], pipes[4][0],
                 pipes[5][1], pipes[6][0], pipes[7][1], pipes[8][0]]
        ours = [pipes[0][1], pipes[1][0], pipes[2][0], pipes[3][0], pipes[4][1],
                pipes[5][0], pipes[6][1], pipes[7][0], pipes[8][1]]
        def pre():
            hi = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100 + i) for i, fd in enumerate(child)]
            for i, fd in enumerate(hi):
                os.dup2(fd, i)
            for fd in hi:
                os.close(fd)
        e = dict(os.environ)
        e['CONTROLDIR'] = control(q)
        if env:
            e.update(env)
        self.p = subprocess.Popen([SEND], cwd=q, env=e, preexec_fn=pre, close_fds=False)
        with open(os.environ['TP_PIDS'], 'a') as f:
            f.write('%d\n' % self.p.pid)
        for fd in child:
            os.close(fd)
        self.w0, self.w4, self.w6, self.w8 = ours[0], ours[4], ours[6], ours[8]
        for fd, fn in ((ours[1], self._todo), (ours[2], self._log), (ours[3], self._lreq),
                       (ours[5], self._rreq), (ours[7], self._clean)):
            threading.Thread(target=self._reader, args=(fd, fn), daemon=True).start()

    def _reader(self, fd, fn):
        while True:
            try:
                b = os.read(fd, 65536)
            except OSError:
                b = b''
            with self.cv:
                fn(b)
                if not b:
                    self.closed.add(fn.__name__)
                self.cv.notify_all()
            if not b:
                os.close(fd)
                return

    def _todo(self, b): self.todo += b
    def _lreq(self, b):
        self.req[0] += b
        if self.auto and b:
            f = fields(self.req[0])
            done = getattr(self, 'answered', 0)
            for i in range(done, len(f) - len(f) % 4, 4):
                self.result(0, f[i].decode(), self.auto)
            self.answered = len(f) - len(f) % 4
    def _rreq(self, b): self.req[1] += b
    def _log(self, b):
        self.partial = getattr(self, 'partial', b'') + b
        while b'\n' in self.partial:
            line, self.partial = self.partial.split(b'\n', 1)
            self.lines.append(line.decode('latin-1'))

    def _clean(self, b):
        self.cbuf = getattr(self, 'cbuf', b'') + b
        while b'\0' in self.cbuf:
            r, self.cbuf = self.cbuf.split(b'\0', 1)
            r = r.decode()
            self.cleanreq.append(r)
            if isinstance(self.clean, list) and self.clean:
                a = self.clean.pop(0)
            else:
                a = '+'
            hook = a if callable(a) else None
            if hook:
                a = '+'
            if a == '+' and r[0] == 'x':
                num = int(r[1:])
                for d in ('info', 'mess', 'local', 'remote', 'bounce', 'intd', 'todo'):
                    try:
                        os.unlink(fpath(self.q, d, num))
                    except FileNotFoundError:
                        pass
                if hook:
                    hook(num)
            try:
                os.write(self.w8, a.encode())
            except OSError:
                pass

    def wait_for(self, pred, secs=10):
        end = time.time() + secs
        with self.cv:
            while True:
                r = pred()
                if r or time.time() >= end:
                    return r
                self.cv.wait(0.05)

    def log_index(self, regex, start=0, secs=10):
        """the index of the first log line from start matching regex, or None"""
        rx = re.compile(regex)
        def find():
            for i in range(start, len(self.lines)):
                if rx.search(self.lines[i]):
                    return i + 1
            return None
        r = self.wait_for(find, secs)
        return r - 1 if r else None

    def has_log(self, regex, start=0, secs=10):
        return self.log_index(regex, start, secs) is not None

    def expect(self, regex, secs=10):
        """the next log line (after the last one expected) matching regex"""
        i = self.log_index(regex, getattr(self, 'cur', 0), secs)
        if i is not None:
            self.cur = i + 1
        return i is not None

    def requests(self, c):
        f = fields(self.req[c])
        return [tuple(x.decode('latin-1') for x in f[i:i + 4]) for i in range(0, len(f) - len(f) % 4, 4)]

    def wait_requests(self, c, k, secs=10):
        self.wait_for(lambda: len(self.requests(c)) >= k, secs)
        return self.requests(c)

    def result(self, c, slot, text):
        os.write(self.w4 if c == 0 else self.w6, ('%s\0%s\0' % (slot, text)).encode())

    def tell(self, data):
        os.write(self.w0, data.encode())

    def sig(self, s):
        self.p.send_signal(s)

    def wait(self, secs=10):
        """its exit code (None after secs), once its log and fd 1 are read to the end"""
        try:
            rc = self.p.wait(secs)
        except subprocess.TimeoutExpired:
            return None
        self.wait_for(lambda: {'_log', '_todo'} <= self.closed, 5)
        return rc

    def stop(self):
        """SIGTERM; deliveries still running never report: close the
        spawners' result pipes so that it need not wait for them"""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            if self.wait(0.5) is None:
                for fd in (self.w4, self.w6):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            if self.wait(10) is None:
                self.p.kill()
                self.p.wait()
        self.wait(0)
        for fd in (self.w0, self.w4, self.w6, self.w8):
            try:
                os.close(fd)
            except OSError:
                pass

ALL = []

def isqrt(x):
    return math.isqrt(x)

def retry(birth, now, skip):
    return birth + (isqrt(max(now - birth, 0)) + skip) ** 2

def qqout():
    d = os.path.join(T, 'qq.out')
    if not os.path.isdir(d):
        return {}
    r = {}
    for f in os.listdir(d):
        pid, kind = f.split('.')
        r.setdefault(int(pid), {})[kind] = open(os.path.join(d, f), 'rb').read()
    return r

def qqreset(code=None):
    d = os.path.join(T, 'qq.out')
    if os.path.isdir(d):
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
    if code is None:
        if os.path.exists(os.path.join(T, 'qq.code')):
            os.unlink(os.path.join(T, 'qq.code'))
    else:
        put(os.path.join(T, 'qq.code'), '%d\n' % code)

PY

T_DIR=$T python3 - "$tap_n" <<'PY'
import os, sys
exec(open(os.environ['T_DIR'] + '/h.py').read())
now = int(time.time())

# ---- local deliveries: requests, slots, log order, D marks, retry time, bounce, end ----
q = T + '/q1'; mkqueue(q)
control(q, me='here.example', concurrencylocal=5)
birth = now - 1000
mkmsg(q, 101, 'alice@a.example', local=['u1@here.example', 'u2@here.example', 'u3@here.example'], birth=birth, lmtime=birth)
s = Send(q)
r = s.wait_requests(0, 3)
s.wait_for(lambda: len(s.lines) >= 6)
is_(r, [('0', '101', 'alice@a.example', 'u1@here.example'), ('1', '101', 'alice@a.example', 'u2@here.example'),
        ('2', '101', 'alice@a.example', 'u3@here.example')], 'three requests: slot, number, sender, recipient')
is_(s.lines[:6], ['starting delivery 1: msg 101 to local u1@here.example', 'status: local 1/5 remote 0/20',
                  'starting delivery 2: msg 101 to local u2@here.example', 'status: local 2/5 remote 0/20',
                  'starting delivery 3: msg 101 to local u3@here.example', 'status: local 3/5 remote 0/20'],
    'starting delivery and status lines')
s.cur = 6
s.result(0, 1, 'Kdid 1+0+0/\nline two\x01')
ok(s.expect('^status: local 2/5'), 'a success frees its slot')
is_(s.lines[6], 'delivery 2: success: did 1+0+0//line two_', 'success logged; newline -> /, control byte -> _')
is_(open(fpath(q, 'local', 101), 'rb').read(), b'Tu1@here.example\0Du2@here.example\0Tu3@here.example\0',
    'the delivered recipient is marked D in place')
s.result(0, 0, 'D5.1.1 no such user (#5.1.1)')
ok(s.expect('^status: local 1/5'), 'a failure frees its slot')
is_(s.lines[8], 'delivery 1: failure: 5.1.1 no such user (#5.1.1)', 'failure logged')
is_(open(fpath(q, 'bounce', 101), 'rb').read(), b'Au1@here.example\0S5.1.1\0X5.1.1 no such user (#5.1.1)\0',
    'the failure is recorded in bounce/N (A, S, X)')
is_(open(fpath(q, 'local', 101), 'rb').read()[:1], b'D', 'and its recipient marked D')
t0 = int(time.time())
s.result(0, 2, 'Z4.2.2 mailbox full')
ok(s.expect('^status: local 0/5'), 'a deferral frees its slot')
t1 = int(time.time())
is_(s.lines[10], 'delivery 3: deferral: 4.2.2 mailbox full', 'deferral logged')
# (the D marks set the mtime to the time of writing first; the retry time comes after)
want = (retry(birth, t0, 10), retry(birth, t1, 10))
until(lambda: int(os.stat(fpath(q, 'local', 101)).st_mtime) in want, 5)
mt = int(os.stat(fpath(q, 'local', 101)).st_mtime)
if not ok(mt in want, 'the next attempt is saved as the mtime of local/S/N (birth + (isqrt(age)+10)^2)'):
    diag('mtime %r birth %d t0 %d t1 %d' % (mt, birth, t0, t1))
ok(mt > t1, 'which is in the future')
is_(open(fpath(q, 'local', 101), 'rb').read(), b'Du1@here.example\0Du2@here.example\0Tu3@here.example\0',
    'the deferred recipient stays T')
time.sleep(0.3)
is_(len(s.requests(0)), 3, 'no new attempt before its time')
ok(not s.has_log('^(end|bounce) msg', 0, 0), 'no bounce and no end while a recipient is left')
s.sig(signal.SIGALRM)
r = s.wait_requests(0, 4)
is_(r[3:], [('0', '101', 'alice@a.example', 'u3@here.example')], 'SIGALRM: the deferred recipient is tried at once, on the lowest free slot')
ok(s.has_log('^starting delivery 4: msg 101 to local u3@here.example$'), 'delivery numbers go on counting')
qqreset()
s.result(0, 0, 'Kok')
i = s.log_index('^end msg 101$')
ok(i is not None, 'end msg after the last recipient')
j = s.log_index('^bounce msg 101 qp [0-9]+$')
ok(j is not None and j < i, 'bounce msg before end msg')
qp = int(s.lines[j].split()[-1]) if j is not None else 0
out = qqout().get(qp, {})
is_(out.get('env'), b'F\0Talice@a.example\0\0', 'the bounce: from <> to the sender, the queue program\'s pid as qp')
is_(out.get('dir', b'').decode().strip(), q, 'the queue program runs with QUEUEDIR = this queue')
msg = out.get('msg', b'').decode('latin-1')
ok('u1@here.example' in msg and 'no such user' in msg and 'Subject: test 101' in msg,
   'the bounce names the failed recipient, its diagnostic, and holds the original')
ok('Status: 5.1.1' in msg and 'u3@here.example' not in msg, 'only the failed recipient, with its status')
ok(s.wait_for(lambda: 'x101' in s.cleanreq), 'x101 asked of qmail-clean')
ok(not exists(q, 'local', 101) and not exists(q, 'bounce', 101), 'local/S/N and bounce/N are gone')
s.stop()
is_(s.p.returncode, 0, 'SIGTERM when idle: exit 0')
is_(s.lines[-1], 'status: exiting', 'status: exiting is the last line')
is_(s.todo, b'X\0', 'X sent to todo-proc at exit')

# ---- concurrency limit and SIGHUP ----
q = T + '/q2'; mkqueue(q)
control(q, concurrencylocal=1, concurrencyremote=2)
for m in (201, 202, 203):
    mkmsg(q, m, 'bob@b.example', local=['u%d@here.example' % m], birth=now - 10 - m, lmtime=now - 10 - m)
for m in (204, 205, 206):
    mkmsg(q, m, 'bob@b.example', remote=['r%d@far.example' % m], birth=now - 10 - m, rmtime=now - 10 - m)
s = Send(q)
s.wait_requests(0, 1); s.wait_requests(1, 2)
time.sleep(0.3)
is_(len(s.requests(0)), 1, 'concurrencylocal 1: one local delivery at a time')
is_(len(s.requests(1)), 2, 'concurrencyremote 2: two remote deliveries at a time')
is_([r[1] for r in s.requests(0)], ['203'], 'the oldest message goes first')
ok(s.has_log('^status: local 1/1 remote 2/2$'), 'status shows the limits')
ok(s.has_log('^starting delivery [0-9]+: msg 206 to remote r206@far.example$'), 'remote deliveries logged as remote')
put(q + '.control/concurrencylocal', '3\n')
s.sig(signal.SIGHUP)
ok(s.wait_for(lambda: s.todo == b'H\0'), 'SIGHUP: H sent to todo-proc')
s.wait_requests(0, 3)
is_(sorted(r[1] for r in s.requests(0)), ['201', '202', '203'], 'SIGHUP: the new concurrency takes effect at once')
ok(s.has_log('^status: local 3/3 remote 2/2$'), 'status shows the new limit')
for r in s.requests(0):
    s.result(0, r[0], 'Kok')
for r in s.requests(1):
    s.result(1, r[0], 'Kok')
s.wait_requests(1, 3)
is_([r[:2] for r in s.requests(1)][2:], [('0', '204')], 'a freed remote slot is used for the next message')
s.result(1, 0, 'Kok')
ok(s.has_log('^end msg 204$'), 'every message ends')
ok(s.wait_for(lambda: sorted(s.cleanreq) == ['x201', 'x202', 'x203', 'x204', 'x205', 'x206']), 'and is removed by qmail-clean')
s.stop()

# ---- SIGTERM waits for running deliveries ----
q = T + '/q3'; mkqueue(q)
mkmsg(q, 301, 'carol@c.example', local=['a@here.example', 'b@here.example'], birth=now - 5, lmtime=now - 5)
control(q, concurrencylocal=1)
s = Send(q)
s.wait_requests(0, 1)
s.sig(signal.SIGTERM)
time.sleep(0.3)
ok(s.p.poll() is None, 'SIGTERM with a delivery running: still running')
ok(not s.has_log('exiting', 0, 0), 'not exiting yet')
s.result(0, 0, 'Kdone')
is_(s.wait(10), 0, 'exits 0 once the delivery has reported')
is_(len(s.requests(0)), 1, 'no new delivery was started')
is_(s.lines[-3:], ['delivery 1: success: done', 'status: local 0/1 remote 0/20', 'status: exiting'], 'the result is logged before exiting')
is_(open(fpath(q, 'local', 301), 'rb').read(), b'Da@here.example\0Tb@here.example\0', 'and recorded in the file')
is_(s.todo, b'X\0', 'X sent to todo-proc')
s.stop()

# ---- todo-proc: N messages, a malformed one, its death ----
q = T + '/q4'; mkqueue(q)
s = Send(q)
time.sleep(0.2)
mkmsg(q, 401, 'dave@d.example', local=['x@here.example'], remote=['y@far.example'], birth=now, lmtime=now, rmtime=now)
s.tell('N401\0')
s.wait_requests(0, 1); s.wait_requests(1, 1)
is_((s.requests(0), s.requests(1)), ([('0', '401', 'dave@d.example', 'x@here.example')], [('0', '401', 'dave@d.example', 'y@far.example')]),
    'N<num>: the message is delivered on both channels')
s.tell('N401\0Nxyz\0N402\0')
ok(s.has_log('^warning: todo-proc sent a malformed message$'), 'a malformed message is logged')
ok(s.has_log('^warning: unable to stat info/0/402: no such file or directory$'), 'N for a message without info: warning')
time.sleep(0.2)
is_((len(s.requests(0)), len(s.requests(1))), (1, 1), 'a repeated N is ignored')
os.close(s.w0)
ok(s.has_log('^alert: todo-proc died$'), 'end of file from todo-proc: alert')
time.sleep(0.2)
ok(s.p.poll() is None, 'it waits for the running deliveries')
s.result(0, 0, 'Kok'); s.result(1, 0, 'Kok')
is_(s.wait(10), 111, 'then exits 111')
ok(s.has_log('^end msg 401$', 0, 0), 'after recording them')
s.stop()

# ---- expiry, double bounce, triple bounce, bounce injection failing ----
q = T + '/q5'; mkqueue(q)
control(q, me='here.example', queuelifetime=100, doublebounceto='postmaster', doublebouncehost='dbl.example')
mkmsg(q, 501, '', remote=['r@far.example'], birth=now - 1000, rmtime=now - 1000)
mkmsg(q, 502, '#@[]', local=['x@here.example'], birth=now - 10, lmtime=now - 10)
mkmsg(q, 503, 'eve@e.example', remote=['s@far.example'], birth=now - 5, rmtime=now - 5)
qqreset()
s = Send(q)
s.wait_requests(0, 1); s.wait_requests(1, 2)
rr = dict((r[1], r[0]) for r in s.requests(1))
s.result(1, rr['501'], 'Z4.4.1 connection timed out')
ok(s.has_log('^delivery [0-9]+: deferral: 4.4.1 connection timed out$'), 'a deferral past queuelifetime is logged as a deferral')
j = s.log_index('^bounce msg 501 qp [0-9]+$')
ok(j is not None, 'and bounces at once: a double bounce (the sender was empty)')
out = qqout().get(int(s.lines[j].split()[-1]) if j is not None else 0, {})
is_(out.get('env'), b'F#@[]\0Tpostmaster@dbl.example\0\0', 'a double bounce goes to doublebounceto@doublebouncehost from #@[]')
m = out.get('msg', b'').decode('latin-1')
ok('r@far.example' in m and "I'm not going to try again; this message has been in the queue too long." in m,
   'the bounce says the message was in the queue too long')
ok('4.4.7' in m, 'with status 4.4.7')
ok(s.has_log('^end msg 501$', j or 0), 'then end msg')
s.result(0, 0, 'D5.1.1 no mailbox')
ok(s.has_log('^triple bounce: discarding bounce/502$'), 'a failed double bounce: triple bounce, discarded')
ok(s.has_log('^end msg 502$'), 'and the message ends')
is_(len(qqout()), 1, 'nothing was injected for it')
ok(not exists(q, 'bounce', 502), 'bounce/502 is removed')
qqreset(71)
s.result(1, rr['503'], 'D5.7.1 refused')
ok(s.has_log('^warning: unable to inject bounce message for msg 503: qq temporarily refused$'),
   'the queue program failing: warning with its reason')
time.sleep(0.2)
ok(not s.has_log('^end msg 503$', 0, 0), 'no end msg yet')
ok(exists(q, 'bounce', 503) and exists(q, 'info', 503), 'bounce/N and the message are kept')
ok(not exists(q, 'remote', 503), 'its remote file is done')
qqreset()
s.sig(signal.SIGALRM)
j = s.log_index('^bounce msg 503 qp [0-9]+$')
ok(j is not None, 'SIGALRM: the bounce is tried again and sent')
out = qqout().get(int(s.lines[j].split()[-1]) if j is not None else 0, {})
is_(out.get('env'), b'F\0Teve@e.example\0\0', 'to the sender')
ok(s.has_log('^end msg 503$'), 'then end msg')
s.stop()

# ---- qmail-clean refusing; a spawner reporting nonsense; a spawner dying ----
q = T + '/q6'; mkqueue(q)
mkmsg(q, 601, 'f@f.example', local=['a@here.example'], birth=now, lmtime=now)
s = Send(q, clean=['!'])
s.wait_requests(0, 1)
s.result(0, 7, 'Kwho?')
ok(s.has_log('^warning: qmail-lspawn reported on a delivery that is not running$'), 'a result for a free slot: warning')
s.result(0, 0, 'Kok')
ok(s.has_log('^warning: qmail-clean was unable to remove msg 601; will try again later$'), "qmail-clean '!': warning")
ok(exists(q, 'info', 601), 'the message is still there')
s.sig(signal.SIGALRM)
ok(s.wait_for(lambda: s.cleanreq == ['x601', 'x601']), 'SIGALRM: x asked again')
ok(s.wait_for(lambda: not exists(q, 'info', 601)), 'and done')
is_(len([l for l in s.lines if l == 'end msg 601']), 1, 'end msg is logged once')
mkmsg(q, 602, 'f@f.example', local=['b@here.example'], birth=now, lmtime=now)
s.tell('N602\0')
s.wait_requests(0, 2)
os.close(s.w4)
ok(s.has_log('^alert: qmail-lspawn died$'), 'end of file from qmail-lspawn: alert')
is_(s.wait(10), 111, 'exit 111')
ok(s.has_log('^status: exiting$', 0, 0), 'status: exiting')
is_(open(fpath(q, 'local', 602), 'rb').read(), b'Tb@here.example\0', 'the unfinished recipient stays T for the next start')
s.stop()

# ---- a restart with messages in every state ----
q = T + '/q7'; mkqueue(q)
old = now - 3 * 86400
mkmsg(q, 701, 'g@g.example', birth=now)                      # nothing left: ends at once
mkmsg(q, 702, 'g@g.example', birth=now)                      # only a bounce left
put(fpath(q, 'bounce', 702), b'Alost@here.example\0S5.1.1\0Xno such user\0')
mkmsg(q, 703, 'g@g.example', birth=now)                      # a local file with every recipient done
put(fpath(q, 'local', 703), b'Dd@here.example\0')
mkmsg(q, 704, 'g@g.example', birth=now)                      # one done, one to do
put(fpath(q, 'local', 704), b'Dd@here.example\0Tt@here.example\0')
mkmsg(q, 705, 'g@g.example', remote=['later@far.example'], birth=now - 100, rmtime=now + 3600)   # not due yet
mkmsg(q, 706, 'g@g.example', local=['l@here.example'], remote=['r@far.example'], birth=now)      # both channels
put(fpath(q, 'mess', 707), 'x'); put(fpath(q, 'todo', 707), 'u0\0p0\0Fa\0Tb\0')                  # not preprocessed yet
put(fpath(q, 'local', 707), b'Tb@here.example\0')
put(fpath(q, 'mess', 708), 'x', old)                         # an orphan: old, no todo, no info
put(fpath(q, 'intd', 709), 'x', old)                         # an orphan envelope
put(fpath(q, 'mess', 710), 'x', old); put(fpath(q, 'todo', 710), 'x', old)   # old but still in todo
put(fpath(q, 'mess', 711), 'x')                              # young: an injection in progress
qqreset()
s = Send(q)
ok(s.has_log('^end msg 701$'), 'a message with no file left ends at start')
ok(s.has_log('^bounce msg 702 qp [0-9]+$') and s.has_log('^end msg 702$'), 'a message with only bounce/N: bounced, then ended')
ok(s.has_log('^end msg 703$'), 'a local file with no T: removed, the message ends')
s.wait_requests(0, 2); s.wait_requests(1, 1)
time.sleep(0.3)
is_(sorted(r[1:] for r in s.requests(0)), [('704', 'g@g.example', 't@here.example'), ('706', 'g@g.example', 'l@here.example')],
    'local deliveries: only the T records')
is_([r[1:] for r in s.requests(1)], [('706', 'g@g.example', 'r@far.example')], 'remote: the due one only (705 waits for its saved time)')
ok(s.wait_for(lambda: 'x708' in s.cleanreq and 'x709' in s.cleanreq), 'old orphans in mess/ and intd/ are removed through qmail-clean')
ok(not any(x in s.cleanreq for x in ('x707', 'x710', 'x711')), 'not a message still in todo/, nor a young one')
ok(exists(q, 'local', 707), 'a local file without info is left alone')
s.sig(signal.SIGALRM)
s.wait_requests(1, 2)
is_(s.requests(1)[1][1:], ('705', 'g@g.example', 'later@far.example'), 'SIGALRM: the waiting message is tried')
s.stop()

# ---- the lock: a second qmail-send waits for the first ----
q = T + '/q8'; mkqueue(q)
mkmsg(q, 801, 'h@h.example', local=['y@here.example'], birth=now, lmtime=now)
a = Send(q)
a.wait_requests(0, 1)          # a runs: it holds the lock
b = Send(q)
ok(b.has_log('^warning: waiting for another qmail-send to exit$'), 'a second qmail-send waits for the lock')
a.result(0, 0, 'Kok')
ok(a.has_log('^end msg 801$'), 'the first goes on meanwhile')
a.stop()
is_(a.p.returncode, 0, 'the first exits')
mkmsg(q, 802, 'h@h.example', local=['z@here.example'], birth=now, lmtime=now)
b.tell('N802\0')
is_(b.wait_requests(0, 1), [('0', '802', 'h@h.example', 'z@here.example')], 'then the second runs')
b.stop()

# ---- both channels: the message ends when both are done; one bounce for all ----
q = T + '/q10'; mkqueue(q)
mkmsg(q, 1101, 'ivy@i.example', local=['l1@here.example', 'l2@here.example'], remote=['r1@far.example'], birth=now - 50, lmtime=now - 50, rmtime=now - 50)
qqreset()
s = Send(q)
s.wait_requests(0, 2); s.wait_requests(1, 1)
s.result(1, 0, 'D5.1.1 remote says no')
s.result(0, 0, 'Z4.3.0 try later')
s.result(0, 1, 'D5.2.2 full for good')
ok(s.has_log('^delivery 3: failure: 5.1.1 remote says no$'), 'the remote failure is logged')
ok(s.wait_for(lambda: not exists(q, 'remote', 1101)), 'the remote file is done and removed')
time.sleep(0.3)
ok(not s.has_log('^(bounce|end) msg 1101', 0, 0), 'no bounce and no end while a local recipient is deferred')
f = fields(open(fpath(q, 'bounce', 1101), 'rb').read())
is_(sorted(tuple(f[i:i + 3]) for i in range(0, len(f), 3)),
    [(b'Al2@here.example', b'S5.2.2', b'X5.2.2 full for good'), (b'Ar1@far.example', b'S5.1.1', b'X5.1.1 remote says no')],
    'bounce/N collects the failures of both channels')
s.sig(signal.SIGALRM)
s.wait_requests(0, 3)
s.result(0, 0, 'Kfinally')
j = s.log_index('^bounce msg 1101 qp [0-9]+$')
ok(j is not None and s.has_log('^end msg 1101$', j), 'one bounce, then the end, once the last recipient is done')
m = qqout().get(int(s.lines[j].split()[-1]) if j is not None else 0, {}).get('msg', b'').decode('latin-1')
ok('r1@far.example' in m and 'l2@here.example' in m and 'l1@here.example' not in m, 'the one bounce names both failed recipients and not the delivered one')
is_(len([l for l in s.lines if l.startswith('bounce msg')]), 1, 'exactly one bounce')
s.stop()

# ---- a number reused: a new message gets the inode of one being removed ----
q = T + '/q11'; mkqueue(q)
mkmsg(q, 1201, 'old@o.example', local=['a@here.example'], birth=now, lmtime=now)
def reuse(num):
    # qmail-clean has removed the files (mess last); before its answer, a
    # new message with the freed number is preprocessed and announced
    mkmsg(q, num, 'new@n.example', local=['b@here.example'], birth=now, lmtime=now)
    s.tell('N%d\0' % num)
    time.sleep(0.3)
s = Send(q, clean=[reuse])
s.wait_requests(0, 1)
s.result(0, 0, 'Kok')
ok(s.has_log('^end msg 1201$'), 'the old message ends')
is_(s.wait_requests(0, 2)[1:], [('0', '1201', 'new@n.example', 'b@here.example')],
    'the new message with its number is delivered once qmail-clean has answered')
s.result(0, 0, 'Kok')
ok(s.wait_for(lambda: s.cleanreq == ['x1201', 'x1201']), 'and removed in its turn')
is_(len([l for l in s.lines if l == 'end msg 1201']), 2, 'end msg for each of the two')
s.stop()
# todo-proc repeating the number of a message being removed is no new message
q = T + '/q12'; mkqueue(q)
mkmsg(q, 1301, 'old@o.example', local=['a@here.example'], birth=now, lmtime=now)
def repeat(num):
    s.tell('N%d\0' % num)
    time.sleep(0.3)
s = Send(q, clean=[repeat])
s.wait_requests(0, 1)
s.result(0, 0, 'Kok')
ok(s.wait_for(lambda: s.cleanreq == ['x1301']), 'a repeated announcement during the removal')
time.sleep(0.3)
is_([l for l in s.lines if l.startswith('warning')], [], 'brings no warning once the files are gone')
is_(len(s.requests(0)), 1, 'and no delivery')
s.stop()

# ---- many messages: every one delivered once and ended, the limit kept ----
q = T + '/q9'; mkqueue(q)
control(q, concurrencylocal=7)
N = 600
for m in range(1000, 1000 + N):
    mkmsg(q, m, 'bulk@b.example', local=['a%d@here.example' % m, 'b%d@here.example' % m], birth=now - 100, lmtime=now - 100)
t0 = time.time()
s = Send(q, auto='Kok')
ok(s.wait_for(lambda: len([l for l in s.lines if l.startswith('end msg ')]) == N, 60), '%d messages with 2 recipients each all end' % N)
diag('%d messages in %.2f s' % (N, time.time() - t0))
st = [l for l in s.lines if l.startswith('status: ')]
busy = [int(l.split()[2].split('/')[0]) for l in st]
is_(max(busy) if busy else None, 7, 'the local concurrency is used to its limit and never passed')
r = s.requests(0)
is_(len(r), 2 * N, 'one delivery per recipient')
is_(len(set(x[3] for x in r)), 2 * N, 'no recipient twice')
ok(s.wait_for(lambda: len(s.cleanreq) == N), 'and one x per message')
s.stop()
ok(not any(os.listdir('%s/%s/%d' % (q, d, i)) for d in ('info', 'local') for i in range(SPLIT)), 'the queue is empty')

bad = [l for x in ALL for l in x.lines if 'Sanitizer' in l or 'runtime error' in l]
is_(bad[:3], [], 'no sanitizer report in any log')
print('1..%d' % n)
sys.exit(1 if failed else 0)
PY
exit $?

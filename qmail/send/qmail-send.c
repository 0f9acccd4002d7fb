/* qmail-send.c — the scheduler of one queue: delivers each preprocessed
 * message through qmail-lspawn and qmail-rspawn, retries, bounces, and has
 * finished messages removed (qmail-send(8), indimail-queue(5)).
 *
 * Descriptors (wired by qmail-start): 0/1 todo-proc, 2 the log, 3/4
 * qmail-lspawn, 5/6 qmail-rspawn, 7/8 qmail-clean. The current directory
 * is the queue. Memory holds a small record per message (msgtab) and one
 * heap per channel ordered by the time the message is due (sendsched); the
 * recipients are read from local/S/N or remote/S/N only when the
 * message's turn comes (sendjob); a message with nothing left is bounced
 * and removed (sendend). This file wires the peers, signals and control
 * files to those modules. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "coe.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "iopause.h"
#include "lock.h"
#include "msgtab.h"
#include "ndelay.h"
#include "paths.h"
#include "qpath.h"
#include "scan.h"
#include "sendchan.h"
#include "sendctl.h"
#include "sendend.h"
#include "sendjob.h"
#include "sendlog.h"
#include "sendout.h"
#include "sendproto.h"
#include "sendscan.h"
#include "sig.h"
#include "stralloc.h"
#include "strerr.h"

#define SEND_TODO_FIELD_MAX 64       /* "N<num>" from todo-proc */
#define SEND_ORPHAN_EVERY 86400      /* seconds between orphan scans */
#define SEND_WAKE_MAX 60             /* the longest sleep, in case the clock jumps */

struct send {
  struct paths ps;
  struct sendctl ctl;
  struct msgtab t;
  struct sendchan ch[2];      /* by channel (MSGTAB_LOCAL, MSGTAB_REMOTE) */
  struct sendjob job;         /* the passes over the channel files */
  struct sendend end;         /* bounces, and removal through qmail-clean */
  struct sendout todo;        /* to todo-proc */
  struct sendproto todoin;    /* from todo-proc */
  struct sendlog log;
  int sp[2];                  /* the self-pipe */
  unsigned long deliveries;
  time_t now, orphans_next;
  int stopping;               /* start nothing new; exit when idle */
  int code;                   /* the exit code then */
  int todo_dead, clean_dead;
  env_builder qenv;
  stralloc queueprog, fn, why;
};

/* the self-pipe's write end, for the signal handler */
static volatile sig_atomic_t send_sigfd = -1;

static void send_onsig(int sig)
{
  if (send_sigfd >= 0) sig_selfpipe_write(send_sigfd, sig);
}

#define send_say(s, ...) sendlog_say(&(s)->log, __VA_ARGS__, (const char *)0)

static void __attribute__((noreturn)) send_nomem(struct send *s)
{
  send_say(s, "alert: out of memory; exiting");
  _exit(EXIT_TEMP);
}

static void send_status(struct send *s)
{
  if (sendlog_status(&s->log.line, s->ch[0].running, s->ch[0].conc, s->ch[1].running, s->ch[1].conc))
    sendlog_put(&s->log);
}

/* ---- deliveries ---- */

/* start deliveries on channel c while it has free slots and due work */
static void send_start(struct send *s, int c)
{
  struct sendjob_rcpt r;
  while (!s->ch[c].dead && s->ch[c].running < s->ch[c].conc) {
    unsigned long d = s->deliveries + 1;
    int got = sendjob_next(&s->job, c, s->now, &r);
    if (got == 0) return;
    if (got == -1 || sendchan_start(&s->ch[c], r.id, r.num, r.sender, r.addr, r.len, r.at, d) == -1)
      send_nomem(s);
    s->deliveries = d;
    if (sendlog_starting(&s->log.line, d, r.num, c == MSGTAB_REMOTE, r.addr, r.len))
      sendlog_put(&s->log);
    send_status(s);
  }
}

/* a spawner's report r[0..len) (letter, text) for slot n */
static void send_result(struct send *s, int c, unsigned long n, const char *r, size_t len)
{
  struct sendchan_slot *sl = sendchan_slot(&s->ch[c], n);
  char letter = len ? r[0] : 'Z';
  const char *text = len ? r + 1 : r;
  size_t tlen = len ? len - 1 : 0;
  if (!sl) {
    send_say(s, "warning: ", s->ch[c].name, " reported on a delivery that is not running");
    return;
  }
  if (sendlog_delivery(&s->log.line, sl->d, letter, text, tlen)) sendlog_put(&s->log);
  if (sendjob_result(&s->job, c, sl, letter, text, tlen, s->now, s->ctl.queuelifetime.n) == -1)
    send_nomem(s);
  sendchan_end(&s->ch[c], n);
  send_status(s);
}

/* ---- peers ---- */

/* a peer of ours is gone: stop, and exit 111 once what can be recorded is */
static void send_lost(struct send *s, const char *who)
{
  send_say(s, "alert: ", who, " died");
  s->stopping = 1;
  s->code = EXIT_TEMP;
}

/* channel c's spawner is gone: what it ran will never report (the next
 * start tries those recipients again) */
static void send_chandead(struct send *s, int c)
{
  struct sendchan *ch = &s->ch[c];
  ch->dead = 1;
  send_lost(s, ch->name);
  for (unsigned long i = 0; i < SENDCHAN_SLOTS; ++i)
    if (ch->slot[i].used) {
      sendjob_lost(&s->job, c, ch->slot[i].id);
      sendchan_end(ch, i);
    }
}

/* read once from fd into b; the byte count, 0 at end of file or on an
 * error (the peer is gone), -1 when there is nothing to read now */
static ssize_t send_read(int fd, char *b, size_t n)
{
  ssize_t r = read(fd, b, n);
  if (r == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return -1;
  return r < 0 ? 0 : r;
}

/* results from channel c's spawner */
static void send_readresults(struct send *s, int c)
{
  char b[4096];
  const char *f;
  size_t len;
  unsigned long slot;
  int r;
  ssize_t n = send_read(s->ch[c].resfd, b, sizeof b);
  if (n == 0) send_chandead(s, c);
  if (n <= 0) return;
  if (!sendchan_put(&s->ch[c], b, (size_t)n)) send_nomem(s);
  while ((r = sendchan_result(&s->ch[c], &slot, &f, &len)) != 0) {
    if (r == 1) send_result(s, c, slot, f, len);
    else send_say(s, "warning: ", s->ch[c].name, " sent a malformed result");
  }
}

/* take up message num, just announced by todo-proc; renewed: the
 * announcement was kept while the old message of that number was removed
 * (when it was only todo-proc repeating itself, info/N is gone: silence) */
static void send_takeup(struct send *s, unsigned long num, int renewed)
{
  uint32_t id = sendscan_message(&s->t, s->job.heap, s->ps.split, num);
  int e;
  if (id != MSGTAB_NONE) {
    /* with no recipient at all it ends at once */
    if (sendend_finish(&s->end, id, s->now) == -1) send_nomem(s);
    return;
  }
  if (errno == EEXIST) {
    /* known already: todo-proc repeats itself, unless the old message of
     * that number is being removed and a new one has its freed inode; that
     * one is taken up when qmail-clean has answered */
    struct msgtab_msg *m = msgtab_get(&s->t, msgtab_find(&s->t, num));
    if (m->state == SENDEND_CLEANING) m->renew = 1;
    return;
  }
  if (errno == ENOMEM || errno == EOVERFLOW) send_nomem(s);
  if (renewed && errno == ENOENT) return;
  e = errno;
  if (!qpath_file(&s->fn, QPATH_INFO, num, s->ps.split)) send_nomem(s);
  send_say(s, "warning: unable to stat ", s->fn.s, ": ", error_str(e));
}

/* "N<num>" from todo-proc: a new message to schedule */
static void send_newmsg(struct send *s, const char *f, size_t len)
{
  unsigned long num;
  if (len < 2 || f[0] != 'N' || scan_ulong(f + 1, len - 1, &num) != len - 1) {
    send_say(s, "warning: todo-proc sent a malformed message");
    return;
  }
  send_takeup(s, num, 0);
}

static void send_readtodo(struct send *s)
{
  char b[4096];
  const char *f;
  size_t len;
  ssize_t n = send_read(0, b, sizeof b);
  if (n == 0) {
    s->todo_dead = 1;
    if (!s->stopping) send_lost(s, "todo-proc");
    s->code = EXIT_TEMP;
  }
  if (n <= 0) return;
  if (!sendproto_put(&s->todoin, b, (size_t)n)) send_nomem(s);
  while (sendproto_field(&s->todoin, &f, &len)) send_newmsg(s, f, len);
}

/* qmail-clean's answers, one byte each */
static void send_readclean(struct send *s)
{
  char b[256];
  ssize_t n = send_read(8, b, sizeof b);
  if (n == 0) {
    s->clean_dead = 1;
    send_lost(s, "qmail-clean");
  }
  for (ssize_t i = 0; i < n; ++i) {
    unsigned long num;
    int r = sendend_answer(&s->end, b[i], s->now, &num);
    if (r == -1) send_nomem(s);
    if (r == 1) send_takeup(s, num, 1);
  }
}

/* write the output queues; a reader that is gone is a dead peer */
static void send_flushall(struct send *s)
{
  if (!s->todo_dead && sendout_flush(&s->todo) == -1) {
    s->todo_dead = 1;
    if (!s->stopping) send_lost(s, "todo-proc");
  }
  for (int c = 0; c < 2; ++c)
    if (!s->ch[c].dead && sendout_flush(&s->ch[c].req) == -1) send_chandead(s, c);
  if (!s->clean_dead && sendout_flush(&s->end.clean.out) == -1) {
    s->clean_dead = 1;
    send_lost(s, "qmail-clean");
  }
}

/* ---- control files and signals ---- */

/* load the control files into s->ctl; 0, or -1 with s->why set */
static int send_controls(struct send *s)
{
  struct sendctl ctl;
  if (sendctl_load(&ctl, paths_get(&s->ps, PATHS_CONTROLDIR), &s->why) == -1) {
    if (!s->why.len && (!stralloc_copys(&s->why, error_str(errno)) || !stralloc_0(&s->why)))
      send_nomem(s);
    return -1;
  }
  sendctl_free(&s->ctl);
  s->ctl = ctl;
  s->ch[MSGTAB_LOCAL].conc = s->ctl.concurrencylocal.n;
  s->ch[MSGTAB_REMOTE].conc = s->ctl.concurrencyremote.n;
  s->end.bctl.bouncefrom = s->ctl.bouncefrom.s;
  s->end.bctl.bouncehost = s->ctl.bouncehost.s;
  s->end.bctl.dbto = s->ctl.doublebounceto.s;
  s->end.bctl.dbhost = s->ctl.doublebouncehost.s;
  s->end.bctl.maxbytes = s->ctl.bouncemaxbytes.n;
  return 0;
}

static void send_signals(struct send *s)
{
  unsigned char sigs[64];
  ssize_t n = sig_selfpipe_drain(s->sp[0], sigs, sizeof sigs);
  for (ssize_t i = 0; i < n; ++i) {
    if (sigs[i] == SIGALRM) {
      /* everything is due now */
      sendjob_alldue(&s->job, s->now);
      sendend_alldue(&s->end, s->now);
    } else if (sigs[i] == SIGHUP) {
      if (send_controls(s) == -1) send_say(s, "alert: unable to reread controls: ", s->why.s);
      if (!s->todo_dead && !sendout_put(&s->todo, "H", 2)) send_nomem(s);
    } else if (sigs[i] == SIGTERM) {
      s->stopping = 1;
    }
  }
}

/* ---- the loop ---- */

/* 1 when a stopping qmail-send has nothing left to wait for */
static int send_idle(struct send *s)
{
  for (int c = 0; c < 2; ++c)
    if (!s->ch[c].dead && s->ch[c].running) return 0;
  return s->clean_dead || !sendclean_waiting(&s->end.clean);
}

/* fsync this round's marks and conclude the passes that ended */
static void send_flushjob(struct send *s)
{
  if (sendjob_flush(&s->job, s->now) == -1) send_nomem(s);
}

static void __attribute__((noreturn)) send_exit(struct send *s)
{
  send_flushjob(s);
  if (!s->todo_dead && sendout_put(&s->todo, "X", 2))
    if (ndelay_off(s->todo.fd) == -1 || sendout_flush(&s->todo) == -1) {}
  send_say(s, "status: exiting");
  _exit(s->code);
}

/* the time (milliseconds) of the next thing to do without input */
static int64_t send_nextwake(struct send *s)
{
  int64_t due, wake = (int64_t)s->now + SEND_WAKE_MAX;
  for (int c = 0; c < 2; ++c)
    if (!s->stopping && !s->ch[c].dead && s->ch[c].running < s->ch[c].conc &&
        sendjob_due(&s->job, c, &due) && due < wake)
      wake = due;
  if (!s->stopping && sendend_next(&s->end, &due) && due < wake) wake = due;
  if (!s->stopping && s->orphans_next < wake) wake = s->orphans_next;
  return wake * 1000;
}

/* wait for input or the next wake-up, and handle what came */
static void send_wait(struct send *s)
{
  iopause_fd x[9];
  struct timespec ts;
  int64_t ms;
  int ins[5] = { s->sp[0], s->todo_dead ? -1 : 0, s->ch[0].dead ? -1 : s->ch[0].resfd,
                 s->ch[1].dead ? -1 : s->ch[1].resfd, s->clean_dead ? -1 : 8 };
  struct sendout *outs[4] = { &s->todo, &s->ch[0].req, &s->ch[1].req, &s->end.clean.out };
  for (int i = 0; i < 9; ++i) {
    x[i].fd = i < 5 ? ins[i] : sendout_waiting(outs[i - 5]) ? outs[i - 5]->fd : -1;
    x[i].events = i < 5 ? IOPAUSE_READ : IOPAUSE_WRITE;
    x[i].revents = 0;
  }
  clock_gettime(CLOCK_REALTIME, &ts);
  ms = send_nextwake(s) - ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
  if (iopause(x, 9, iopause_deadline(ms < 0 ? 0 : ms)) == -1)
    send_say(s, "alert: unable to wait for events: ", error_str(errno));
  s->now = time(0);
  if (x[0].revents) send_signals(s);
  if (x[1].revents) send_readtodo(s);
  for (int c = 0; c < 2; ++c)
    if (x[2 + c].revents) send_readresults(s, c);
  if (x[4].revents) send_readclean(s);
}

static int send_orphan(void *ctx, unsigned long num)
{
  struct send *s = ctx;
  if (sendend_orphan(&s->end, num) == -1) send_nomem(s);
  return 0;
}

static void send_scanwarn(void *ctx, const char *what, int err)
{
  send_say((struct send *)ctx, "warning: unable to read ", what, ": ", error_str(err));
}

static void send_loop(struct send *s)
{
  for (;;) {
    s->now = time(0);
    send_flushjob(s);
    if (!s->stopping) {
      if (sendend_due(&s->end, s->now) == -1) send_nomem(s);
      send_start(s, MSGTAB_LOCAL);
      send_start(s, MSGTAB_REMOTE);
      send_flushjob(s);
      if (s->now >= s->orphans_next) {
        if (sendscan_orphans(&s->t, s->ps.split, s->now, send_orphan, send_scanwarn, s) == -1)
          send_nomem(s);
        s->orphans_next = s->now + SEND_ORPHAN_EVERY;
      }
    }
    send_flushall(s);
    if (s->stopping && send_idle(s)) send_exit(s);
    send_wait(s);
  }
}

/* ---- start ---- */

static void __attribute__((noreturn)) send_cannot(const char *what, const char *why)
{
  strerr_die(EXIT_TEMP, "alert: cannot start: ", what, why, NULL);
}

/* lock/sendmutex, waiting for a qmail-send that still holds it */
static void send_lock(void)
{
  int fd = open("lock/sendmutex", O_WRONLY | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);
  if (fd == -1) send_cannot("unable to open lock/sendmutex: ", error_str(errno));
  if (lock_exnb(fd) == 0) return;
  if (errno != EWOULDBLOCK) send_cannot("unable to lock lock/sendmutex: ", error_str(errno));
  strerr_warn("warning: waiting for another qmail-send to exit", NULL);
  if (lock_ex(fd) == -1) send_cannot("unable to lock lock/sendmutex: ", error_str(errno));
}

/* descriptors 0..8 as qmail-start wires them */
static void send_fds(struct send *s)
{
  for (int fd = 0; fd <= 8; ++fd) {
    char b[FMT_ULONG];
    if (fcntl(fd, F_GETFD) != -1) continue;
    b[fmt_int(b, fd)] = 0;
    strerr_die(EXIT_TEMP, "alert: cannot start: descriptor ", b,
               " is not open (qmail-send runs under qmail-start)", NULL);
  }
  for (int fd = 3; fd <= 8; ++fd)
    if (coe_on(fd) == -1) send_cannot("unable to set close-on-exec: ", error_str(errno));
  if (ndelay_on(1) == -1 || ndelay_on(3) == -1 || ndelay_on(5) == -1 || ndelay_on(7) == -1)
    send_cannot("unable to set non-blocking output: ", error_str(errno));
  sendout_init(&s->todo, 1);
  sendproto_init(&s->todoin, SEND_TODO_FIELD_MAX);
  sendchan_init(&s->ch[MSGTAB_LOCAL], "qmail-lspawn", 3, 4);
  sendchan_init(&s->ch[MSGTAB_REMOTE], "qmail-rspawn", 5, 6);
  sendend_init(&s->end, &s->t, &s->log, 7, s->ps.split);
  sendjob_init(&s->job, &s->t, &s->end, &s->log, s->ps.split);
}

/* the queue program and its environment: QUEUEDIR = this queue */
static void send_queueprog(struct send *s)
{
  char cwd[PATHS_VALUE_MAX + 1];
  const char *prog = env_get("QUEUEPROG");
  if (!getcwd(cwd, sizeof cwd)) send_cannot("unable to find the queue directory: ", error_str(errno));
  if (!env_init(&s->qenv, 1) || !env_set(&s->qenv, "QUEUEDIR", cwd)) send_nomem(s);
  if (prog && *prog) {
    if (!stralloc_copys(&s->queueprog, prog)) send_nomem(s);
  } else if (!stralloc_copys(&s->queueprog, paths_get(&s->ps, PATHS_PREFIX)) ||
             !stralloc_cats(&s->queueprog, "/sbin/qmail-queue")) {
    send_nomem(s);
  }
  if (!stralloc_0(&s->queueprog)) send_nomem(s);
  s->end.bctl.prog = s->queueprog.s;
  s->end.bctl.envp = env_array(&s->qenv);
  s->end.bctl.split = s->ps.split;
}

static void send_init(struct send *s)
{
  sendlog_init(&s->log, 2);
  if (paths_init(&s->ps) == -1) send_cannot(s->ps.bad ? s->ps.bad : "paths", error_str(errno));
  send_fds(s);
  send_lock();
  if (send_controls(s) == -1) send_cannot("unable to read controls: ", s->why.s);
  send_queueprog(s);
  if (sig_ignore(SIGPIPE) == -1 || sig_selfpipe(s->sp) == -1)
    send_cannot("unable to set up signals: ", error_str(errno));
  send_sigfd = s->sp[1];
  if (sig_catch(SIGALRM, send_onsig) == -1 || sig_catch(SIGHUP, send_onsig) == -1 ||
      sig_catch(SIGTERM, send_onsig) == -1)
    send_cannot("unable to set up signals: ", error_str(errno));
  s->now = time(0);
  if (sendscan_queue(&s->t, s->job.heap, s->ps.split, send_scanwarn, s) == -1) send_nomem(s);
  /* messages with no recipient file left end now */
  for (uint32_t id = 0; id < s->t.n; ++id)
    if (msgtab_get(&s->t, id)->used && sendend_finish(&s->end, id, s->now) == -1) send_nomem(s);
}

int main(void)
{
  static struct send s;
  send_init(&s);
  send_loop(&s);
  return EXIT_BUG;
}

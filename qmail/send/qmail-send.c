/* qmail-send.c — the scheduler of one queue: delivers each preprocessed
 * message through qmail-lspawn and qmail-rspawn, retries, bounces, and has
 * finished messages removed (qmail-send(8), indimail-queue(5)).
 *
 * Descriptors (wired by qmail-start): 0/1 todo-proc, 2 the log, 3/4
 * qmail-lspawn, 5/6 qmail-rspawn, 7/8 qmail-clean. The current directory
 * is the queue. Memory holds a small record per message (msgtab) and one
 * heap per channel ordered by the time the message is due (sendsched); the
 * recipients are read from local/S/N or remote/S/N only when the
 * message's turn comes (sendpass). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bounce.h"
#include "coe.h"
#include "dsn.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "fsync.h"
#include "genalloc.h"
#include "iopause.h"
#include "lock.h"
#include "msgtab.h"
#include "ndelay.h"
#include "paths.h"
#include "qpath.h"
#include "scan.h"
#include "sendchan.h"
#include "sendclean.h"
#include "sendctl.h"
#include "sendlog.h"
#include "sendmark.h"
#include "sendout.h"
#include "sendpass.h"
#include "sendproto.h"
#include "sendscan.h"
#include "sendsched.h"
#include "sig.h"
#include "stralloc.h"
#include "strerr.h"

#define SEND_TODO_FIELD_MAX 64       /* "N<num>" from todo-proc */
#define SEND_RETRY_LATER 60          /* seconds before trying a failed step again */
#define SEND_ORPHAN_EVERY 86400      /* seconds between orphan scans */
#define SEND_WAKE_MAX 60             /* the longest sleep, in case the clock jumps */
#define SEND_EXPIRED "I'm not going to try again; this message has been in the queue too long."

/* where a message's end stands (msgtab_msg.state) */
enum { ST_LIVE, ST_BOUNCEWAIT, ST_CLEANING, ST_CLEANWAIT };

/* a (message, channel) whose pass may have ended in this round */
struct check {
  uint32_t id;
  int chan;
};
GENALLOC_DECLARE(checklist, struct check)

struct send {
  struct paths ps;
  struct sendctl ctl;
  struct msgtab t;
  struct sendchan ch[2];      /* by channel (MSGTAB_LOCAL, MSGTAB_REMOTE) */
  struct sendsched heap[2];   /* messages with a file of the channel, by due time */
  struct sendpass pass[2];    /* the file being read for deliveries */
  uint32_t passid[2];         /* its message, or MSGTAB_NONE */
  stralloc sender[2];         /* its sender */
  struct sendsched later;     /* ST_BOUNCEWAIT and ST_CLEANWAIT messages */
  struct sendmark marks;
  checklist checks;
  struct sendout todo;        /* to todo-proc */
  struct sendproto todoin;    /* from todo-proc */
  struct sendclean clean;
  int sp[2];                  /* the self-pipe */
  unsigned long deliveries;
  time_t now, orphans_next;
  int stopping;               /* start nothing new; exit when idle */
  int code;                   /* the exit code then */
  int todo_dead, clean_dead;
  struct bounce_ctl bctl;
  env_builder qenv;
  stralloc queueprog, fn, line, rec, why;
};

static const enum qpath_dir send_dir[2] = { QPATH_LOCAL, QPATH_REMOTE };

/* the self-pipe's write end, for the signal handler */
static volatile sig_atomic_t send_sigfd = -1;

static void send_onsig(int sig)
{
  if (send_sigfd >= 0) sig_selfpipe_write(send_sigfd, sig);
}

/* write s->line to the log; a log that cannot be written loses the line */
static void send_log(struct send *s)
{
  if (sendlog_write(2, &s->line) == -1) {}
}

#define send_say(s, ...) \
  do { if (sendlog_text(&(s)->line, __VA_ARGS__, (const char *)0)) send_log(s); } while (0)

static void __attribute__((noreturn)) send_nomem(struct send *s)
{
  send_say(s, "alert: out of memory; exiting");
  _exit(EXIT_TEMP);
}

static void send_status(struct send *s)
{
  if (sendlog_status(&s->line, s->ch[0].running, s->ch[0].conc, s->ch[1].running, s->ch[1].conc))
    send_log(s);
}

/* s->fn = the path of message num's file in d */
static const char *send_path(struct send *s, enum qpath_dir d, unsigned long num)
{
  if (!qpath_file(&s->fn, d, num, s->ps.split)) send_nomem(s);
  return s->fn.s;
}

static struct msgtab_msg *send_msg(struct send *s, uint32_t id)
{
  return msgtab_get(&s->t, id);
}

/* ---- the end of a message ---- */

static void send_later(struct send *s, uint32_t id, int state)
{
  send_msg(s, id)->state = (unsigned char)state;
  if (!sendsched_push(&s->later, id, s->now + SEND_RETRY_LATER, 0)) send_nomem(s);
}

/* ask qmail-clean to remove message num (id: MSGTAB_NONE for an orphan) */
static void send_cleanx(struct send *s, unsigned long num, uint32_t id)
{
  if (!sendclean_ask(&s->clean, num, id)) send_nomem(s);
  if (id != MSGTAB_NONE) send_msg(s, id)->state = ST_CLEANING;
}

/* send the bounce of id; 1 when it is dealt with, 0 to try again later */
static int send_bounce(struct send *s, uint32_t id)
{
  struct msgtab_msg *m = send_msg(s, id);
  unsigned long num = m->num;
  char nb[FMT_ULONG];
  pid_t qp = 0;
  int r = bounce_send(&s->bctl, num, m->birth, s->now, &qp, &s->why);
  nb[fmt_ulong(nb, num)] = 0;
  if (r == BOUNCE_FAILED) {
    send_say(s, "warning: unable to inject bounce message for msg ", nb, ": ", s->why.s);
    return 0;
  }
  if (r == BOUNCE_SENT && sendlog_bounce(&s->line, num, (unsigned long)qp)) send_log(s);
  if (r == BOUNCE_DROPPED && sendlog_triple(&s->line, num)) send_log(s);
  if (r == BOUNCE_CORRUPT) send_say(s, "alert: discarding bounce/", nb, ": ", s->why.s);
  if (fsync_unlink(send_path(s, QPATH_BOUNCE, num)) == -1 && errno != ENOENT)
    send_say(s, "warning: unable to remove ", s->fn.s, ": ", error_str(errno));
  send_msg(s, id)->hasbounce = 0;
  return 1;
}

/* a message with no file and no delivery left: bounce, log, remove */
static void send_finish(struct send *s, uint32_t id)
{
  struct msgtab_msg *m = send_msg(s, id);
  for (int c = 0; c < 2; ++c)
    if (m->ch[c].hasfile || m->ch[c].injob) return;
  if (m->state != ST_LIVE) return;
  if (m->hasbounce && !send_bounce(s, id)) { send_later(s, id, ST_BOUNCEWAIT); return; }
  m = send_msg(s, id);
  if (sendlog_end(&s->line, m->num)) send_log(s);
  send_cleanx(s, m->num, id);
}

/* qmail-clean's answer to the oldest request */
static void send_cleaned(struct send *s, char answer)
{
  struct sendclean_req r;
  char nb[FMT_ULONG];
  if (!sendclean_answer(&s->clean, &r)) {
    send_say(s, "warning: qmail-clean answered a request it was not sent");
    return;
  }
  if (answer == '+') {
    if (r.id != MSGTAB_NONE) msgtab_del(&s->t, r.id);
    return;
  }
  nb[fmt_ulong(nb, r.num)] = 0;
  send_say(s, "warning: qmail-clean was unable to remove msg ", nb, "; will try again later");
  if (r.id != MSGTAB_NONE) send_later(s, r.id, ST_CLEANWAIT);
}

/* messages whose end was put off, now due */
static void send_dolater(struct send *s)
{
  struct sendsched_entry e;
  while (sendsched_top(&s->later, &e) && e.due <= s->now) {
    struct msgtab_msg *m = send_msg(s, e.id);
    sendsched_pop(&s->later);
    if (m->state == ST_BOUNCEWAIT) {
      m->state = ST_LIVE;
      send_finish(s, e.id);
    } else if (m->state == ST_CLEANWAIT) {
      send_cleanx(s, m->num, e.id);
    }
  }
}

/* ---- passes: a message's turn on a channel ---- */

/* the pass of (id, c) is over and every delivery has reported: reschedule
 * the file, or remove it when no recipient is left */
static void send_jobend(struct send *s, uint32_t id, int c)
{
  struct msgtab_msg *m = send_msg(s, id);
  struct msgtab_chan *mc = &m->ch[c];
  int64_t due = s->now + SEND_RETRY_LATER;
  if (!mc->injob || mc->inpass || mc->running) return;
  mc->injob = 0;
  if (mc->hasfile) {
    const char *path = send_path(s, send_dir[c], m->num);
    if (mc->deferred) {
      if (sendmark_retry(path, m->birth, s->now, c, &due) == -1)
        send_say(s, "warning: unable to save the retry time of ", path, ": ", error_str(errno));
    } else if (mc->trouble) {}
    else if (unlink(path) == 0 || errno == ENOENT) mc->hasfile = 0;
    else send_say(s, "warning: unable to remove ", path, ": ", error_str(errno));
    if (mc->hasfile && !sendsched_push(&s->heap[c], id, due, m->birth)) send_nomem(s);
  }
  mc->deferred = mc->trouble = 0;
  send_finish(s, id);
}

/* start the pass of the first message due on channel c; 0 when none is */
static int send_passbegin(struct send *s, int c)
{
  struct sendsched_entry e;
  struct msgtab_msg *m;
  if (!sendsched_top(&s->heap[c], &e) || e.due > s->now) return 0;
  sendsched_pop(&s->heap[c]);
  m = send_msg(s, e.id);
  m->ch[c].injob = 1;
  if (sendpass_open(&s->pass[c], send_path(s, send_dir[c], m->num)) == -1) {
    if (errno == ENOENT) m->ch[c].hasfile = 0;
    else {
      send_say(s, "warning: unable to open ", s->fn.s, ": ", error_str(errno));
      ++m->ch[c].trouble;
    }
  } else if (sendpass_sender(send_path(s, QPATH_INFO, m->num), &s->sender[c]) == -1) {
    send_say(s, "warning: unable to read ", s->fn.s, ": ", error_str(errno));
    sendpass_close(&s->pass[c]);
    ++m->ch[c].trouble;
  } else {
    m->ch[c].inpass = 1;
    s->passid[c] = e.id;
    return 1;
  }
  send_jobend(s, e.id, c);
  return 1;
}

static void send_passend(struct send *s, int c)
{
  uint32_t id = s->passid[c];
  sendpass_close(&s->pass[c]);
  s->passid[c] = MSGTAB_NONE;
  send_msg(s, id)->ch[c].inpass = 0;
  send_jobend(s, id, c);
}

/* mark the record at offset at of (id, c)'s file done */
static void send_mark(struct send *s, uint32_t id, int c, off_t at)
{
  const char *path = send_path(s, send_dir[c], send_msg(s, id)->num);
  if (sendmark_done(&s->marks, id, c, path, at) == 0) return;
  send_say(s, "warning: trouble marking ", path, ": ", error_str(errno));
  ++send_msg(s, id)->ch[c].trouble;
}

/* sendmark's report of a file whose fsync failed */
static void send_markfail(void *ctx, uint32_t id, int c, int err)
{
  struct send *s = ctx;
  struct msgtab_msg *m = send_msg(s, id);
  if (!m->used) return;
  send_say(s, "warning: trouble marking ", send_path(s, send_dir[c], m->num), ": ", error_str(err));
  ++m->ch[c].trouble;
}

/* hand recipient addr (record at offset at) of the pass to a free slot */
static void send_dispatch(struct send *s, int c, const char *addr, size_t len, off_t at)
{
  uint32_t id = s->passid[c];
  struct msgtab_msg *m = send_msg(s, id);
  unsigned long d = s->deliveries + 1;
  if (sendchan_start(&s->ch[c], id, m->num, s->sender[c].s, addr, len, at, d) == -1) send_nomem(s);
  s->deliveries = d;
  ++m->ch[c].running;
  if (sendlog_starting(&s->line, d, m->num, c == MSGTAB_REMOTE, addr, len)) send_log(s);
  send_status(s);
}

/* start deliveries on channel c while it has free slots and due work */
static void send_start(struct send *s, int c)
{
  while (!s->ch[c].dead && s->ch[c].running < s->ch[c].conc) {
    const char *addr;
    size_t len;
    off_t at;
    int r;
    if (s->passid[c] == MSGTAB_NONE) {
      if (!send_passbegin(s, c)) return;
      continue;
    }
    r = sendpass_next(&s->pass[c], &addr, &len, &at);
    if (r == SENDPASS_RCPT) {
      send_dispatch(s, c, addr, len, at);
      continue;
    }
    send_path(s, send_dir[c], send_msg(s, s->passid[c])->num);
    if (r == SENDPASS_LONG) {
      send_say(s, "alert: discarding an over-long recipient in ", s->fn.s);
      send_mark(s, s->passid[c], c, at);
      continue;
    }
    if (r == -1) {
      send_say(s, "warning: trouble reading ", s->fn.s, ": ", error_str(errno));
      ++send_msg(s, s->passid[c])->ch[c].trouble;
    }
    send_passend(s, c);
  }
}

/* ---- results ---- */

/* remember (id, c) for send_checks, after this round's marks are on disk */
static void send_check(struct send *s, uint32_t id, int c)
{
  struct check k;
  k.id = id;
  k.chan = c;
  if (!checklist_append(&s->checks, k)) send_nomem(s);
}

/* fsync this round's marks, then conclude the passes whose deliveries
 * have all reported */
static void send_checks(struct send *s)
{
  sendmark_flush(&s->marks);
  for (size_t i = 0; i < s->checks.len; ++i)
    if (send_msg(s, s->checks.items[i].id)->used)
      send_jobend(s, s->checks.items[i].id, s->checks.items[i].chan);
  s->checks.len = 0;
}

/* a permanent failure of slot sl's recipient: record it in bounce/N, then
 * mark it done */
static void send_failed(struct send *s, int c, struct sendchan_slot *sl, const char *status,
                        const char *text, size_t len)
{
  struct msgtab_msg *m = send_msg(s, sl->id);
  s->rec.len = 0;
  if (!dsn_record(&s->rec, sl->rcpt.s, sl->rcpt.len, status, text, len)) {
    if (errno == ENOMEM) send_nomem(s);
    /* an address too long for a bounce record: recorded without it */
    if (!dsn_record(&s->rec, "", 0, status, text, len)) send_nomem(s);
  }
  if (sendmark_bounce(send_path(s, QPATH_BOUNCE, m->num), s->rec.s, s->rec.len) == -1) {
    send_say(s, "alert: unable to append to ", s->fn.s, ": ", error_str(errno),
             "; will try again later");
    ++m->ch[c].trouble;
    return;
  }
  m->hasbounce = 1;
  send_mark(s, sl->id, c, sl->at);
}

/* a spawner's report r[0..len) (letter, text) for slot n */
static void send_result(struct send *s, int c, unsigned long n, const char *r, size_t len)
{
  struct sendchan_slot *sl = sendchan_slot(&s->ch[c], n);
  struct msgtab_msg *m;
  char letter = len ? r[0] : 'Z', status[DSN_STATUS_MAX + 1];
  const char *text = len ? r + 1 : r;
  size_t tlen = len ? len - 1 : 0;
  if (!sl) {
    send_say(s, "warning: ", s->ch[c].name, " reported on a delivery that is not running");
    return;
  }
  m = send_msg(s, sl->id);
  if (sendlog_delivery(&s->line, sl->d, letter, text, tlen)) send_log(s);
  switch (sendmark_verdict(letter, s->now, m->birth, s->ctl.queuelifetime.n)) {
  case SENDMARK_DONE:
    send_mark(s, sl->id, c, sl->at);
    break;
  case SENDMARK_FAIL:
    if (!dsn_status(text, tlen, 1, status)) send_nomem(s);
    send_failed(s, c, sl, status, text, tlen);
    break;
  case SENDMARK_EXPIRE:
    send_failed(s, c, sl, "4.4.7", SEND_EXPIRED, sizeof SEND_EXPIRED - 1);
    break;
  default:
    ++m->ch[c].deferred;
  }
  --send_msg(s, sl->id)->ch[c].running;
  send_check(s, sl->id, c);
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
      --send_msg(s, ch->slot[i].id)->ch[c].running;
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

/* "N<num>" from todo-proc: a new message to schedule */
static void send_newmsg(struct send *s, const char *f, size_t len)
{
  unsigned long num;
  uint32_t id;
  if (len < 2 || f[0] != 'N' || scan_ulong(f + 1, len - 1, &num) != len - 1) {
    send_say(s, "warning: todo-proc sent a malformed message");
    return;
  }
  id = sendscan_message(&s->t, s->heap, s->ps.split, num);
  if (id != MSGTAB_NONE) {
    send_finish(s, id);   /* with no recipient at all it ends at once */
    return;
  }
  if (errno == EEXIST) return;   /* known already: todo-proc repeats itself */
  if (errno == ENOMEM || errno == EOVERFLOW) send_nomem(s);
  send_say(s, "warning: unable to stat ", send_path(s, QPATH_INFO, num), ": ", error_str(errno));
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
  for (ssize_t i = 0; i < n; ++i) send_cleaned(s, b[i]);
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
  if (!s->clean_dead && sendout_flush(&s->clean.out) == -1) {
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
  s->bctl.bouncefrom = s->ctl.bouncefrom.s;
  s->bctl.bouncehost = s->ctl.bouncehost.s;
  s->bctl.dbto = s->ctl.doublebounceto.s;
  s->bctl.dbhost = s->ctl.doublebouncehost.s;
  s->bctl.maxbytes = s->ctl.bouncemaxbytes.n;
  return 0;
}

static void send_signals(struct send *s)
{
  unsigned char sigs[64];
  ssize_t n = sig_selfpipe_drain(s->sp[0], sigs, sizeof sigs);
  for (ssize_t i = 0; i < n; ++i) {
    if (sigs[i] == SIGALRM) {
      /* everything is due now */
      sendsched_all(&s->heap[0], s->now);
      sendsched_all(&s->heap[1], s->now);
      sendsched_all(&s->later, s->now);
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
  return s->clean_dead || !sendclean_waiting(&s->clean);
}

static void __attribute__((noreturn)) send_exit(struct send *s)
{
  send_checks(s);
  if (!s->todo_dead && sendout_put(&s->todo, "X", 2))
    if (ndelay_off(s->todo.fd) == -1 || sendout_flush(&s->todo) == -1) {}
  send_say(s, "status: exiting");
  _exit(s->code);
}

/* the time (milliseconds) of the next thing to do without input */
static int64_t send_nextwake(struct send *s)
{
  struct sendsched_entry e;
  int64_t wake = (int64_t)s->now + SEND_WAKE_MAX;
  for (int c = 0; c < 2; ++c)
    if (!s->stopping && !s->ch[c].dead && s->ch[c].running < s->ch[c].conc &&
        s->passid[c] == MSGTAB_NONE && sendsched_top(&s->heap[c], &e) && e.due < wake)
      wake = e.due;
  if (!s->stopping && sendsched_top(&s->later, &e) && e.due < wake) wake = e.due;
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
  struct sendout *outs[4] = { &s->todo, &s->ch[0].req, &s->ch[1].req, &s->clean.out };
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
  send_cleanx(ctx, num, MSGTAB_NONE);
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
    send_checks(s);
    if (!s->stopping) {
      send_dolater(s);
      send_start(s, MSGTAB_LOCAL);
      send_start(s, MSGTAB_REMOTE);
      send_checks(s);
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
  sendclean_init(&s->clean, 7);
  sendchan_init(&s->ch[MSGTAB_LOCAL], "qmail-lspawn", 3, 4);
  sendchan_init(&s->ch[MSGTAB_REMOTE], "qmail-rspawn", 5, 6);
  for (int c = 0; c < 2; ++c) {
    sendpass_init(&s->pass[c]);
    s->passid[c] = MSGTAB_NONE;
  }
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
  s->bctl.prog = s->queueprog.s;
  s->bctl.envp = env_array(&s->qenv);
  s->bctl.split = s->ps.split;
}

static void send_init(struct send *s)
{
  if (paths_init(&s->ps) == -1) send_cannot(s->ps.bad ? s->ps.bad : "paths", error_str(errno));
  send_fds(s);
  send_lock();
  if (send_controls(s) == -1) send_cannot("unable to read controls: ", s->why.s);
  send_queueprog(s);
  sendmark_init(&s->marks, send_markfail, s);
  if (sig_ignore(SIGPIPE) == -1 || sig_selfpipe(s->sp) == -1)
    send_cannot("unable to set up signals: ", error_str(errno));
  send_sigfd = s->sp[1];
  if (sig_catch(SIGALRM, send_onsig) == -1 || sig_catch(SIGHUP, send_onsig) == -1 ||
      sig_catch(SIGTERM, send_onsig) == -1)
    send_cannot("unable to set up signals: ", error_str(errno));
  s->now = time(0);
  if (sendscan_queue(&s->t, s->heap, s->ps.split, send_scanwarn, s) == -1) send_nomem(s);
  /* messages with no recipient file left end now */
  for (uint32_t id = 0; id < s->t.n; ++id)
    if (send_msg(s, id)->used) send_finish(s, id);
}

int main(void)
{
  static struct send s;
  send_init(&s);
  send_loop(&s);
  return EXIT_BUG;
}

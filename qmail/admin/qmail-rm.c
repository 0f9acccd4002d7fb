/* qmail-rm.c — take messages out of the queues, chosen by number or by a
 * pattern on the envelope, safely while qmail-send runs. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "coe.h"
#include "exitcode.h"
#include "fmt.h"
#include "lock.h"
#include "open.h"
#include "paths.h"
#include "qread.h"
#include "qrm.h"
#include "scan.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-rm: fatal: "
#define WARNING "qmail-rm: warning: "
#define USAGE "qmail-rm: usage: qmail-rm [-nf] [-q queue] [-i num] [-p pattern] ..."

GENALLOC_DECLARE(rm_pats, const char *)

struct rm {
  struct paths ps;
  int dryrun;                 /* -n */
  int force;                  /* -f: unlink, qmail-send being stopped */
  const char *queue;          /* -q */
  qread_nums ids;             /* -i */
  stralloc found;             /* found.s[i]: ids.items[i] was seen */
  rm_pats pats;               /* -p */
  int retry;                  /* something is left to try again */
  int skipped;                /* a queue could not be searched */
  const char *dir;
  const char *qname;
  int locks[2];               /* lock/sendmutex, lock/todomutex with -f */
  qread_nums nums;
  struct qread_msg msg;
  stralloc line;
  stralloc tmp;
};

static void rm_nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
}

static void rm_flush(void)
{
  if (buf_flush(buf_1) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

/* a warning about message num of the queue at hand, or about the queue
 * itself for num 0 (no inode is 0), with errno's text; retry later */
static void rm_warn(struct rm *r, unsigned long num, const char *what)
{
  char n[FMT_ULONG];
  int e = errno;
  rm_flush();
  n[fmt_ulong(n, num)] = 0;
  errno = e;
  if (num)
    strerr_warn(WARNING, r->qname, "/#", n, ": ", what, STRERR_SYS, NULL);
  else
    strerr_warn(WARNING, r->dir, ": ", what, STRERR_SYS, NULL);
  r->retry = 1;
}

/* "QNAME/#NUM <SENDER>: what" on stdout */
static void rm_say(struct rm *r, const char *what)
{
  r->line.len = 0;
  if (!stralloc_cats(&r->line, r->qname) || !stralloc_cats(&r->line, "/#") ||
      !stralloc_catulong0(&r->line, r->msg.num, 1) || !stralloc_cats(&r->line, " <") ||
      !qread_fmt_text(&r->line, r->msg.sender.s, r->msg.sender.len) || !stralloc_cats(&r->line, ">: ") ||
      !stralloc_cats(&r->line, what) || !stralloc_append(&r->line, '\n'))
    rm_nomem();
  if (buf_put(buf_1, r->line.s, r->line.len) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

/* "...: marked N recipients done" (or "would mark") */
static void rm_say_marked(struct rm *r, unsigned long n)
{
  stralloc what = STRALLOC_ZERO;
  if (!stralloc_cats(&what, r->dryrun ? "would mark " : "marked ") || !stralloc_catulong0(&what, n, 1) ||
      !stralloc_cats(&what, n == 1 ? " recipient done" : " recipients done") || !stralloc_0(&what))
    rm_nomem();
  rm_say(r, what.s);
  stralloc_free(&what);
}

/* 1 when a pattern matches a recipient of the loaded message on chan */
static int rm_rcpt_match(struct rm *r, enum qread_chan chan)
{
  struct qread_rcpts rs;
  struct qread_rcpt rc;
  int hit = 0;
  if (qread_rcpts_open(&rs, chan, r->msg.num, r->ps.split, 0, &r->tmp) != 1) return 0;
  while (!hit && qread_rcpts_next(&rs, &rc) == 1)
    for (size_t i = 0; i < r->pats.len && !hit; ++i) hit = qrm_match(r->pats.items[i], rc.addr, rc.len);
  qread_rcpts_close(&rs);
  return hit;
}

/* 1 when the loaded message is one to take out */
static int rm_selected(struct rm *r)
{
  int hit = 0;
  for (size_t i = 0; i < r->ids.len; ++i)
    if (r->ids.items[i] == r->msg.num) hit = r->found.s[i] = 1;
  if (hit) return 1;
  for (size_t i = 0; i < r->pats.len; ++i)
    if (qrm_match(r->pats.items[i], r->msg.sender.s, r->msg.sender.len)) return 1;
  if (!r->pats.len) return 0;
  if (r->msg.todo) return rm_rcpt_match(r, QREAD_TODO);
  return rm_rcpt_match(r, QREAD_LOCAL) || rm_rcpt_match(r, QREAD_REMOTE);
}

/* take the loaded message out */
static void rm_take(struct rm *r)
{
  unsigned long l = 0, m = 0;
  if (r->force) {
    if (!r->dryrun && qrm_remove(r->msg.num, r->ps.split, &r->tmp) == -1) {
      rm_warn(r, r->msg.num, "unable to remove: ");
      return;
    }
    rm_say(r, r->dryrun ? "would remove" : "removed");
    return;
  }
  if (r->msg.todo) {
    rm_say(r, "not yet preprocessed, try again");
    r->retry = 1;
    return;
  }
  if (qrm_markdone(QREAD_LOCAL, r->msg.num, r->ps.split, r->dryrun, &l, &r->tmp) == -1 ||
      qrm_markdone(QREAD_REMOTE, r->msg.num, r->ps.split, r->dryrun, &m, &r->tmp) == -1) {
    rm_warn(r, r->msg.num, "unable to mark recipients done: ");
    return;
  }
  rm_say_marked(r, l + m);
}

/* every message of the queue at hand: preprocessed ones, then todo/ */
static void rm_queue(struct rm *r)
{
  for (int todo = 0; todo <= 1; ++todo) {
    if (qread_scan(&r->nums, todo, r->ps.split) == -1) {
      rm_warn(r, 0, todo ? "unable to read todo: " : "unable to read info: ");
      continue;
    }
    for (size_t i = 0; i < r->nums.len; ++i) {
      int x;
      if (todo && (x = qread_exists(r->nums.items[i], r->ps.split)) != 0) {
        if (x == -1) rm_warn(r, r->nums.items[i], "unable to read info: ");
        continue; /* preprocessed: taken care of above */
      }
      x = qread_load(&r->msg, r->nums.items[i], todo, r->ps.split, &r->tmp);
      if (x == 0) continue; /* gone meanwhile */
      if (x == -1) {
        rm_warn(r, r->nums.items[i], "unable to read: ");
        continue;
      }
      if (rm_selected(r)) rm_take(r);
    }
  }
}

/* -f: hold the locks of qmail-send and todo-proc; 0, or -1 when one runs */
static int rm_lock(struct rm *r)
{
  static const char *const names[2] = { "lock/sendmutex", "lock/todomutex" };
  for (int i = 0; i < 2; ++i) {
    r->locks[i] = open_read(names[i]);
    if (r->locks[i] == -1) {
      if (i == 1 && errno == ENOENT) continue; /* todo-proc never ran here */
      rm_warn(r, 0, i ? "unable to open lock/todomutex: " : "unable to open lock/sendmutex: ");
      return -1;
    }
    if (coe_on(r->locks[i]) == -1 || lock_exnb(r->locks[i]) == -1) {
      if (errno == EWOULDBLOCK) {
        errno = 0;
        rm_flush();
        strerr_warn(WARNING, r->dir, ": ", i ? "todo-proc" : "qmail-send",
                    " is running: stop it, or leave out -f", NULL);
        r->retry = 1;
      } else {
        rm_warn(r, 0, "unable to lock: ");
      }
      return -1;
    }
  }
  return 0;
}

static void rm_unlock(struct rm *r)
{
  for (int i = 0; i < 2; ++i) {
    if (r->locks[i] != -1) close(r->locks[i]);
    r->locks[i] = -1;
  }
}

static void rm_options(struct rm *r, int argc, char **argv)
{
  int opt;
  unsigned long n;
  opterr = 0;
  while ((opt = getopt(argc, argv, "nfq:i:p:")) != -1) {
    size_t len = optarg ? strlen(optarg) : 0;
    switch (opt) {
    case 'n': r->dryrun = 1; break;
    case 'f': r->force = 1; break;
    case 'q': r->queue = optarg; break;
    case 'i':
      if (!len || scan_ulong(optarg, len, &n) != len)
        strerr_die(EXIT_PERM, FATAL, "not a message number: ", optarg, NULL);
      if (!qread_nums_append(&r->ids, n) || !stralloc_append(&r->found, 0)) rm_nomem();
      break;
    case 'p':
      if (!len) strerr_die(EXIT_PERM, FATAL, "empty pattern", NULL);
      if (!rm_pats_append(&r->pats, optarg)) rm_nomem();
      break;
    default: strerr_die(EXIT_PERM, USAGE, NULL);
    }
  }
  if (optind != argc || (!r->ids.len && !r->pats.len)) strerr_die(EXIT_PERM, USAGE, NULL);
}

/* dirs = the queues to work on: -q's, or all of them */
static size_t rm_queues(struct rm *r, stralloc *dirs)
{
  size_t n;
  unsigned long qn;
  size_t len;
  if (!r->queue) {
    if (qread_queues(&r->ps, dirs, &n) == -1) rm_nomem();
    return n;
  }
  len = strlen(r->queue);
  if (!len || scan_ulong(r->queue, len, &qn) != len)
    strerr_die(EXIT_PERM, FATAL, "not a queue number: ", r->queue, NULL);
  if (paths_queue(&r->ps, qn, dirs) == -1) {
    if (errno == ERANGE)
      strerr_die(EXIT_PERM, FATAL, "no queue ", r->queue, " (QUEUE_START and QUEUE_COUNT say which exist)", NULL);
    rm_nomem();
  }
  if (!stralloc_0(dirs)) rm_nomem();
  return 1;
}

int main(int argc, char **argv)
{
  static struct rm r;
  stralloc dirs = STRALLOC_ZERO;
  int missing = 0;
  size_t n;
  const char *d;
  r.locks[0] = r.locks[1] = -1;
  rm_options(&r, argc, argv);
  if (paths_init(&r.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", r.ps.bad ? r.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  n = rm_queues(&r, &dirs);
  d = dirs.s;
  for (size_t i = 0; i < n; ++i, d += strlen(d) + 1) {
    r.dir = d;
    r.qname = qread_qname(d);
    if (chdir(d) == -1) {
      rm_warn(&r, 0, "unable to switch to the queue: ");
      r.skipped = 1;
      continue;
    }
    if (r.force && rm_lock(&r) == -1) {
      rm_unlock(&r);
      r.skipped = 1;
      continue;
    }
    rm_queue(&r);
    rm_flush();
    rm_unlock(&r);
  }
  rm_flush();
  for (size_t i = 0; i < r.ids.len; ++i) {
    char num[FMT_ULONG];
    if (r.found.s[i] || r.skipped) continue; /* it may be in a queue skipped */
    num[fmt_ulong(num, r.ids.items[i])] = 0;
    strerr_warn(WARNING, "message ", num, " is in no queue", NULL);
    missing = 1;
  }
  _exit(r.retry ? EXIT_TEMP : missing ? EXIT_PERM : EXIT_OK);
}

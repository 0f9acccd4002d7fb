/* qmail-qread.c — list the messages of every queue with their recipients,
 * or count them. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "fmt.h"
#include "paths.h"
#include "qread.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-qread: fatal: "
#define WARNING "qmail-qread: warning: "
#define USAGE "qmail-qread: usage: qmail-qread [-alrtcs]"

struct qr {
  struct paths ps;
  int local, remote, todo;      /* what the listing shows */
  int count;                    /* -c: counts instead of the listing */
  int summary;                  /* -s: the totals only */
  int trouble;                  /* something could not be read */
  const char *dir;              /* the queue at hand */
  const char *qname;
  qread_nums nums;
  struct qread_msg msg;
  stralloc line;
  stralloc tmp;
  unsigned long long messages;  /* totals over the queues */
  unsigned long long pending;
};

static void qr_nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
}

static void qr_out(const char *s, size_t len)
{
  if (buf_put(buf_1, s, len) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

/* print qr->line and a newline */
static void qr_line(struct qr *q)
{
  if (!stralloc_append(&q->line, '\n')) qr_nomem();
  qr_out(q->line.s, q->line.len);
  q->line.len = 0;
}

static void qr_trouble(struct qr *q, unsigned long num)
{
  char n[FMT_ULONG];
  int e = errno;
  if (buf_flush(buf_1) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
  n[fmt_ulong(n, num)] = 0;
  errno = e;
  strerr_warn(WARNING, "trouble with ", q->qname, "/#", n, ": ", STRERR_SYS, NULL);
  q->trouble = 1;
}

/* what of the queue at hand (NULL: the queue itself) cannot be read */
static void qr_unreadable(struct qr *q, const char *what)
{
  int e = errno;
  if (buf_flush(buf_1) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
  errno = e;
  if (what)
    strerr_warn(WARNING, "unable to read ", q->dir, "/", what, ": ", STRERR_SYS, NULL);
  else
    strerr_warn(WARNING, "unable to switch to ", q->dir, ": ", STRERR_SYS, NULL);
  q->trouble = 1;
}

/* the message's head line */
static void qr_head(struct qr *q)
{
  q->line.len = 0;
  if (!qread_fmt_head(&q->line, &q->msg, q->qname)) qr_nomem();
  qr_line(q);
}

/* the recipients of the loaded message on chan; *headed: the head line is out */
static void qr_rcpts(struct qr *q, enum qread_chan chan, int *headed)
{
  struct qread_rcpts r;
  struct qread_rcpt rc;
  int x = qread_rcpts_open(&r, chan, q->msg.num, q->ps.split, 0, &q->tmp);
  if (x == 0) return;
  if (x == -1) {
    qr_trouble(q, q->msg.num);
    return;
  }
  while ((x = qread_rcpts_next(&r, &rc)) == 1) {
    if (!*headed) { qr_head(q); *headed = 1; }
    q->line.len = 0;
    if (!qread_fmt_rcpt(&q->line, chan, &rc)) qr_nomem();
    qr_line(q);
  }
  if (x == -1) qr_trouble(q, q->msg.num);
  qread_rcpts_close(&r);
}

/* one message: its head line and its recipients on the channels shown */
static void qr_message(struct qr *q, unsigned long num, int todo)
{
  int headed = 0;
  int x = qread_load(&q->msg, num, todo, q->ps.split, &q->tmp);
  if (x == 0) return; /* delivered meanwhile */
  if (x == -1) {
    qr_trouble(q, num);
    return;
  }
  /* with one channel only, a message without recipients there is left out */
  if (todo || (q->local && q->remote)) { qr_head(q); headed = 1; }
  if (todo) {
    qr_rcpts(q, QREAD_TODO, &headed);
    return;
  }
  if (q->local) qr_rcpts(q, QREAD_LOCAL, &headed);
  if (q->remote) qr_rcpts(q, QREAD_REMOTE, &headed);
}

/* the message numbers in todo/ that have no info file yet, into q->nums */
static int qr_pending(struct qr *q)
{
  size_t keep = 0;
  if (qread_scan(&q->nums, 1, q->ps.split) == -1) return -1;
  for (size_t i = 0; i < q->nums.len; ++i) {
    int x = qread_exists(q->nums.items[i], q->ps.split);
    if (x == -1) return -1;
    if (x == 0) q->nums.items[keep++] = q->nums.items[i];
  }
  q->nums.len = keep;
  return 0;
}

static void qr_list(struct qr *q)
{
  if (q->local || q->remote) {
    if (qread_scan(&q->nums, 0, q->ps.split) == -1)
      qr_unreadable(q, "info");
    else
      for (size_t i = 0; i < q->nums.len; ++i) qr_message(q, q->nums.items[i], 0);
  }
  if (q->todo) {
    if (qr_pending(q) == -1)
      qr_unreadable(q, "todo");
    else
      for (size_t i = 0; i < q->nums.len; ++i) qr_message(q, q->nums.items[i], 1);
  }
}

/* "PREFIXmessages in queue: M" and "...but not yet preprocessed: P" */
static void qr_counts(struct qr *q, const char *prefix, unsigned long long m, unsigned long long p)
{
  q->line.len = 0;
  if (!stralloc_cats(&q->line, prefix) || !stralloc_cats(&q->line, "messages in queue: ") ||
      !stralloc_catulong0(&q->line, m, 1))
    qr_nomem();
  qr_line(q);
  if (!stralloc_cats(&q->line, prefix) ||
      !stralloc_cats(&q->line, "messages in queue but not yet preprocessed: ") ||
      !stralloc_catulong0(&q->line, p, 1))
    qr_nomem();
  qr_line(q);
}

static void qr_count(struct qr *q)
{
  unsigned long long m, p;
  stralloc prefix = STRALLOC_ZERO;
  if (qread_scan(&q->nums, 0, q->ps.split) == -1) {
    qr_unreadable(q, "info");
    return;
  }
  m = q->nums.len;
  if (qr_pending(q) == -1) {
    qr_unreadable(q, "todo");
    return;
  }
  p = q->nums.len;
  q->messages += m + p;
  q->pending += p;
  if (q->summary) return;
  if (!stralloc_copys(&prefix, q->qname) || !stralloc_cats(&prefix, ": ") || !stralloc_0(&prefix))
    qr_nomem();
  qr_counts(q, prefix.s, m + p, p);
  stralloc_free(&prefix);
}

static void qr_options(struct qr *q, int argc, char **argv)
{
  int opt;
  opterr = 0;
  while ((opt = getopt(argc, argv, "alrtcs")) != -1) {
    switch (opt) {
    case 'a': q->local = q->remote = q->todo = 1; break;
    case 'l': q->local = 1; break;
    case 'r': q->remote = 1; break;
    case 't': q->todo = 1; break;
    case 'c': q->count = 1; break;
    case 's': q->count = q->summary = 1; break;
    default: strerr_die(EXIT_PERM, USAGE, NULL);
    }
  }
  if (optind != argc) strerr_die(EXIT_PERM, USAGE, NULL);
  if (!q->local && !q->remote && !q->todo) q->local = q->remote = 1;
}

int main(int argc, char **argv)
{
  static struct qr q;
  stralloc dirs = STRALLOC_ZERO;
  size_t ndirs;
  const char *d;
  qr_options(&q, argc, argv);
  if (paths_init(&q.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", q.ps.bad ? q.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  if (qread_queues(&q.ps, &dirs, &ndirs) == -1) qr_nomem();
  d = dirs.s;
  for (size_t i = 0; i < ndirs; ++i, d += strlen(d) + 1) {
    q.dir = d;
    q.qname = qread_qname(d);
    if (chdir(d) == -1) {
      qr_unreadable(&q, NULL);
      continue;
    }
    if (q.count)
      qr_count(&q);
    else
      qr_list(&q);
  }
  if (q.count) qr_counts(&q, q.summary ? "" : "total: ", q.messages, q.pending);
  if (buf_flush(buf_1) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
  _exit(q.trouble ? EXIT_TEMP : EXIT_OK);
}

/* queue-fix.c — create, check or repair one queue directory or several. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "paths.h"
#include "qfix.h"
#include "scan.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "queue-fix: fatal: "
#define USAGE "queue-fix: usage: queue-fix [-n] [-c] [-t seconds] [-s split] [-N count [-S start]] dir"
#define QFIX_ORPHAN_AGE (36L * 60 * 60)

struct queuefix {
  struct qfix_opts o;
  unsigned long count;      /* 0: dir is one queue; else dir holds queueSTART.. */
  unsigned long start;
  const char *dir;
};

static void qf_report(void *ctx, const char *path, const char *what)
{
  (void)ctx;
  if (buf_puts(buf_1, "queue-fix: ") == -1 || buf_puts(buf_1, path) == -1 ||
      buf_puts(buf_1, ": ") == -1 || buf_puts(buf_1, what) == -1 ||
      buf_putsflush(buf_1, "\n") == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

static unsigned long qf_number(const char *s, const char *what)
{
  unsigned long n;
  size_t len = strlen(s);
  if (!len || scan_ulong(s, len, &n) != len) strerr_die(EXIT_PERM, FATAL, what, " is not a number: ", s, NULL);
  return n;
}

static void qf_options(struct queuefix *q, int argc, char **argv)
{
  int opt;
  opterr = 0;
  while ((opt = getopt(argc, argv, "ncs:t:N:S:")) != -1) {
    switch (opt) {
    case 'n': q->o.check_only = 1; break;
    case 'c': q->o.clean = 1; break;
    case 's': q->o.split = qf_number(optarg, "split"); break;
    case 't': q->o.orphan_age = (time_t)qf_number(optarg, "age"); break;
    case 'N': q->count = qf_number(optarg, "count"); break;
    case 'S': q->start = qf_number(optarg, "start"); break;
    default: strerr_die(EXIT_PERM, USAGE, NULL);
    }
  }
  if (optind + 1 != argc) strerr_die(EXIT_PERM, USAGE, NULL);
  q->dir = argv[optind];
  if (q->o.split == 0 || q->o.split > PATHS_SPLIT_MAX) strerr_die(EXIT_PERM, FATAL, "split must be 1 to 10000", NULL);
  if (q->count > PATHS_QUEUE_MAX || q->start > PATHS_QUEUE_MAX)
    strerr_die(EXIT_PERM, FATAL, "count and start must be at most 1000", NULL);
}

/* fix one queue; the number of problems left */
static int qf_one(struct queuefix *q, const char *dir)
{
  int r = qfix_queue(dir, &q->o);
  if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to fix ", dir, ": ", STRERR_SYS, NULL);
  return r;
}

int main(int argc, char **argv)
{
  struct queuefix q;
  struct paths ps;
  int problems = 0;
  memset(&q, 0, sizeof q);
  q.o.report = qf_report;
  q.o.orphan_age = QFIX_ORPHAN_AGE;
  q.start = 1;
  umask(0); /* the modes of the layout are exact */
  if (paths_init(&ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ps.bad ? ps.bad : "setting", ": ", STRERR_SYS, NULL);
  q.o.split = ps.split;
  qf_options(&q, argc, argv);
  if (q.count == 0) problems = qf_one(&q, q.dir);
  for (unsigned long i = 0; i < q.count; ++i) {
    stralloc d = STRALLOC_ZERO;
    if (!stralloc_copys(&d, q.dir) || !stralloc_cats(&d, "/queue") ||
        !stralloc_catulong0(&d, q.start + i, 0) || !stralloc_0(&d))
      strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
    if (i == 0 && !q.o.check_only && mkdir(q.dir, 0755) == -1 && errno != EEXIST)
      strerr_die(EXIT_TEMP, FATAL, "unable to create ", q.dir, ": ", STRERR_SYS, NULL);
    problems += qf_one(&q, d.s);
    stralloc_free(&d);
  }
  if (problems) _exit(q.o.check_only ? 1 : EXIT_TEMP);
  _exit(EXIT_OK);
}

/* qscheduler.c — run one qmail-start per queue, restart a set that ends, forward signals.
 *
 * qscheduler [-s] [defaultdelivery [logger [arg ...]]]
 *
 * Static mode (the only one): for each queue n from QUEUE_START to
 * QUEUE_START+QUEUE_COUNT-1 it runs PREFIX/sbin/qmail-start with its own
 * arguments and QUEUEDIR=QUEUE_BASE/queue<n>. A set that ends is started
 * again one second later. SIGHUP and SIGALRM go on to every set; SIGTERM
 * goes on too, and qscheduler exits 0 once every process it started (and,
 * where the system allows a subreaper, every process they left behind)
 * has ended. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__has_include)
#if __has_include(<sys/prctl.h>)
#include <sys/prctl.h>   /* PR_SET_CHILD_SUBREAPER, where the system has it */
#endif
#endif

#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "iopause.h"
#include "paths.h"
#include "sig.h"
#include "stralloc.h"
#include "strerr.h"
#include "wait.h"

#define FATAL "qscheduler: fatal: "
#define WARNING "qscheduler: warning: "
#define USAGE "qscheduler: usage: qscheduler [-s] [defaultdelivery [logger [arg ...]]]"
#define QS_RESTART_MS 1000
#define QS_SIGS_MAX 64

struct qs_queue {
  stralloc dir;           /* QUEUE_BASE/queueN, a C string */
  pid_t pid;              /* the running qmail-start (then qmail-send), or 0 */
  int64_t restart_at;     /* when to start it again (monotonic ms), or 0 */
};

struct qsched {
  struct paths ps;
  struct qs_queue *q;
  size_t n;
  char **argv;            /* "qmail-start" and our arguments */
  stralloc prog;          /* PREFIX/sbin/qmail-start */
  char argv0[sizeof "qmail-start"];
  int sp[2];              /* the self-pipe */
  int stopping;
};

/* the write end of the self-pipe, for the handler */
static volatile sig_atomic_t qs_sigfd = -1;

static const int qs_signals[] = { SIGTERM, SIGHUP, SIGALRM, SIGCHLD };
#define QS_NSIGNALS (sizeof qs_signals / sizeof qs_signals[0])

static void qs_handler(int signo) { sig_selfpipe_write(qs_sigfd, signo); }

static void qs_blocksigs(int block)
{
  for (size_t i = 0; i < QS_NSIGNALS; ++i)
    if ((block ? sig_block(qs_signals[i]) : sig_unblock(qs_signals[i])) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to change the signal mask: ", STRERR_SYS, NULL);
}

/* the child: signals back to normal, QUEUEDIR, exec qmail-start */
static void __attribute__((noreturn)) qs_exec(struct qsched *s, const struct qs_queue *q)
{
  for (size_t i = 0; i < QS_NSIGNALS; ++i)
    if (sig_default(qs_signals[i]) == -1) _exit(EXIT_TEMP);
  sig_blocknone();
  if (!env_put("QUEUEDIR", q->dir.s)) strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  execv(s->prog.s, s->argv);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", s->prog.s, ": ", STRERR_SYS, NULL);
}

static void qs_start(struct qsched *s, struct qs_queue *q)
{
  char num[FMT_ULONG];
  pid_t pid;
  qs_blocksigs(1);
  pid = fork();
  if (pid == 0) qs_exec(s, q);
  qs_blocksigs(0);
  if (pid == -1) {
    strerr_warn(WARNING, "unable to fork for ", q->dir.s, ": ", STRERR_SYS, NULL);
    q->restart_at = iopause_deadline(QS_RESTART_MS);
    return;
  }
  q->pid = pid;
  q->restart_at = 0;
  num[fmt_ulong(num, (unsigned long)pid)] = 0;
  strerr_warn("qscheduler: pid ", num, " queue ", q->dir.s, NULL);
}

/* say how a set ended */
static void qs_ended(const struct qs_queue *q, pid_t pid, int status)
{
  char num[FMT_ULONG], why[FMT_ULONG];
  num[fmt_ulong(num, (unsigned long)pid)] = 0;
  if (wait_crashed(status)) {
    why[fmt_ulong(why, (unsigned long)wait_termsig(status))] = 0;
    strerr_warn("qscheduler: pid ", num, " queue ", q->dir.s, " killed by signal ", why, NULL);
  } else {
    why[fmt_ulong(why, (unsigned long)wait_exitcode(status))] = 0;
    strerr_warn("qscheduler: pid ", num, " queue ", q->dir.s, " exited ", why, NULL);
  }
}

/* reap every child that ended; 1 when no child is left at all */
static int qs_reap(struct qsched *s)
{
  for (;;) {
    int status;
    pid_t pid = wait_nohang(&status);
    if (pid == 0) return 0;
    if (pid == -1) return errno == ECHILD;
    for (size_t i = 0; i < s->n; ++i) {
      struct qs_queue *q = &s->q[i];
      if (q->pid != pid) continue;
      qs_ended(q, pid, status);
      q->pid = 0;
      if (!s->stopping) q->restart_at = iopause_deadline(QS_RESTART_MS);
    }
  }
}

static void qs_forward(struct qsched *s, int signo)
{
  for (size_t i = 0; i < s->n; ++i)
    if (s->q[i].pid > 0) kill(s->q[i].pid, signo);
}

/* act on the signals that arrived */
static void qs_signals_in(struct qsched *s)
{
  unsigned char sigs[QS_SIGS_MAX];
  ssize_t r;
  while ((r = sig_selfpipe_drain(s->sp[0], sigs, sizeof sigs)) > 0) {
    for (ssize_t i = 0; i < r; ++i) {
      if (sigs[i] == SIGTERM) {
        if (!s->stopping) strerr_warn("qscheduler: stopping", NULL);
        s->stopping = 1;
        for (size_t k = 0; k < s->n; ++k) s->q[k].restart_at = 0;
        qs_forward(s, SIGTERM);
      } else if (sigs[i] == SIGHUP || sigs[i] == SIGALRM) {
        qs_forward(s, sigs[i]);
      }
    }
  }
}

/* the earliest restart due, or IOPAUSE_FOREVER */
static int64_t qs_next(const struct qsched *s)
{
  int64_t d = IOPAUSE_FOREVER;
  for (size_t i = 0; i < s->n; ++i)
    if (s->q[i].restart_at && (d == IOPAUSE_FOREVER || s->q[i].restart_at < d)) d = s->q[i].restart_at;
  return d;
}

static void __attribute__((noreturn)) qs_loop(struct qsched *s)
{
  for (;;) {
    iopause_fd x;
    int64_t now;
    x.fd = s->sp[0];
    x.events = IOPAUSE_READ;
    if (iopause(&x, 1, qs_next(s)) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to wait: ", STRERR_SYS, NULL);
    qs_signals_in(s);
    if (qs_reap(s) && s->stopping) {
      strerr_warn("qscheduler: exiting", NULL);
      _exit(EXIT_OK);
    }
    now = iopause_now();
    for (size_t i = 0; i < s->n; ++i)
      if (s->q[i].restart_at && s->q[i].restart_at <= now) qs_start(s, &s->q[i]);
  }
}

static void qs_setup(struct qsched *s)
{
  if (paths_init(&s->ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", s->ps.bad ? s->ps.bad : "setting", ": ", STRERR_SYS, NULL);
  if (!stralloc_copys(&s->prog, paths_get(&s->ps, PATHS_PREFIX)) ||
      !stralloc_cats(&s->prog, "/sbin/qmail-start") || !stralloc_0(&s->prog))
    strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  s->n = s->ps.queue_count;
  s->q = calloc(s->n, sizeof *s->q);
  if (!s->q) strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  for (size_t i = 0; i < s->n; ++i)
    if (paths_queue(&s->ps, s->ps.queue_start + i, &s->q[i].dir) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to name queue: ", STRERR_SYS, NULL);
  if (sig_selfpipe(s->sp) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create a pipe: ", STRERR_SYS, NULL);
  qs_sigfd = s->sp[1];
  for (size_t i = 0; i < QS_NSIGNALS; ++i)
    if (sig_catch(qs_signals[i], qs_handler) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to catch signals: ", STRERR_SYS, NULL);
#ifdef PR_SET_CHILD_SUBREAPER
  /* so that what a killed qmail-send leaves behind is ours to wait for */
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
}

int main(int argc, char **argv)
{
  static struct qsched s;
  int i = 1;
  if (i < argc && !strcmp(argv[i], "-s")) ++i;
  /* anything else that looks like an option is refused; "--" goes on to qmail-start */
  if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--")) strerr_die(EXIT_PERM, USAGE, NULL);
  /* argv[i - 1] is ours to reuse as qmail-start's argv[0] */
  memcpy(s.argv0, "qmail-start", sizeof s.argv0);
  argv[i - 1] = s.argv0;
  s.argv = argv + i - 1;
  qs_setup(&s);
  sig_blocknone();
  for (size_t k = 0; k < s.n; ++k) qs_start(&s, &s.q[k]);
  qs_loop(&s);
}

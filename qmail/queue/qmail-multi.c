/* qmail-multi.c — the qmail-queue front end: pick a queue, filter, queue.
 *
 * Injectors run qmail-multi (through QMAILQUEUE) exactly as they would run
 * qmail-queue: message on fd 0, envelope on fd 1, the answer in the exit
 * code. qmail-multi chooses one of the QUEUE_COUNT queues from QUEUE_START
 * under QUEUE_BASE at random (unless QUEUEDIR already names one) and puts
 * it in QUEUEDIR; runs the FILTERARGS filter, if any, over the message;
 * then execs the next program of the chain with the (filtered) message on
 * fd 0 and the envelope untouched on fd 1: its own arguments, else
 * QUEUEPROG, else PREFIX/sbin/qmail-queue. Nothing goes through a shell. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "exitcode.h"
#include "paths.h"
#include "pathexec.h"
#include "qpath.h"
#include "stralloc.h"
#include "wait.h"

#define MULTI_FILTER_ARGS_MAX 64

struct multi {
  struct paths ps;
  stralloc queuedir;
  stralloc filter;            /* FILTERARGS, split in place */
  char *fargv[MULTI_FILTER_ARGS_MAX + 1];
  stralloc queueprog;
};

static void __attribute__((noreturn)) multi_die(int code) { _exit(code); }

/* QUEUEDIR for the rest of the chain */
static void multi_queue(struct multi *m)
{
  unsigned long n;
  if (paths_init(&m->ps) == -1) multi_die(QQ_CONTROL);
  if (paths_fromenv(&m->ps, PATHS_QUEUEDIR)) return;
  n = qpath_pick(m->ps.queue_start, m->ps.queue_count);
  if (paths_queue(&m->ps, n, &m->queuedir) == -1) multi_die(QQ_QUEUEDIR);
  if (!stralloc_0(&m->queuedir)) multi_die(QQ_NOMEM);
  if (!env_put("QUEUEDIR", m->queuedir.s)) multi_die(QQ_NOMEM);
}

/* split FILTERARGS into words at spaces and tabs; 0 words = no filter */
static size_t multi_split(struct multi *m, const char *s)
{
  size_t n = 0, i = 0;
  if (!stralloc_copys(&m->filter, s) || !stralloc_0(&m->filter)) multi_die(QQ_NOMEM);
  while (i < m->filter.len - 1) {
    char *p = m->filter.s;
    while (p[i] == ' ' || p[i] == '\t') p[i++] = 0;
    if (!p[i]) break;
    if (n == MULTI_FILTER_ARGS_MAX) multi_die(QQ_CONTROL);
    m->fargv[n++] = p + i;
    while (p[i] && p[i] != ' ' && p[i] != '\t') ++i;
  }
  m->fargv[n] = 0;
  return n;
}

/* an unlinked temporary file for the filter's output */
static int multi_tmpfile(void)
{
  const char *dir = env_get("TMPDIR");
  stralloc fn = STRALLOC_ZERO;
  int fd;
  if (!dir || *dir != '/') dir = "/tmp";
  fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd != -1) return fd;
  if (!stralloc_copys(&fn, dir) || !stralloc_cats(&fn, "/qmail-multi.XXXXXX") || !stralloc_0(&fn))
    multi_die(QQ_NOMEM);
  fd = mkstemp(fn.s);
  if (fd != -1) unlink(fn.s);
  stralloc_free(&fn);
  return fd;
}

/* run the filter: message on fd 0 in, the new message in a temporary file
 * that becomes fd 0. Exit 0 goes on; 100 refuses for good (31); anything
 * else, or a crash, refuses for now (71). */
static void multi_filter(struct multi *m)
{
  const char *args = env_get("FILTERARGS");
  int out, status;
  pid_t pid;
  if (!args || !multi_split(m, args)) return;
  out = multi_tmpfile();
  if (out == -1) multi_die(QQ_WRITE);
  pid = fork();
  if (pid == -1) multi_die(QQ_NOMEM);
  if (pid == 0) {
    if (dup2(out, 1) == -1) _exit(111);
    pathexec_run(m->fargv[0], m->fargv, 0);
    _exit(111);
  }
  if (wait_pid(pid, &status) == -1) multi_die(QQ_BUG);
  if (wait_crashed(status)) multi_die(QQ_TEMP_REFUSED);
  if (wait_exitcode(status) == 100) multi_die(QQ_PERM_REFUSED);
  if (wait_exitcode(status) != 0) multi_die(QQ_TEMP_REFUSED);
  if (lseek(out, 0, SEEK_SET) == -1 || dup2(out, 0) == -1) multi_die(QQ_READ);
  close(out);
}

/* exec the next program of the chain */
static void __attribute__((noreturn)) multi_next(struct multi *m, char **argv)
{
  const char *prog = env_get("QUEUEPROG");
  char *qargv[2];
  if (argv[0]) {
    pathexec_run(argv[0], argv, 0);
    multi_die(QQ_BUG);
  }
  if (!prog || !*prog) {
    if (!stralloc_copys(&m->queueprog, paths_get(&m->ps, PATHS_PREFIX)) ||
        !stralloc_cats(&m->queueprog, "/sbin/qmail-queue") || !stralloc_0(&m->queueprog))
      multi_die(QQ_NOMEM);
    prog = m->queueprog.s;
  }
  qargv[0] = (char *)(uintptr_t)prog;
  qargv[1] = 0;
  pathexec_run(prog, qargv, 0);
  multi_die(QQ_BUG);
}

int main(int argc, char **argv)
{
  static struct multi m;
  (void)argc;
  multi_queue(&m);
  multi_filter(&m);
  multi_next(&m, argv + 1);
}

/* qhrun.c — running the program a .qmail helper wraps, what its end means,
 * and the forward of forward and condredirect. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "env.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "pathexec.h"
#include "qhrun.h"
#include "qqprog.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "wait.h"

enum qhrun_verdict qhrun_verdict(int status)
{
  if (wait_crashed(status)) return QHRUN_CRASH;
  switch (wait_exitcode(status)) {
  case 0: return QHRUN_ZERO;
  case 111: return QHRUN_TEMP;
  default: return QHRUN_OTHER;
  }
}

int qhrun_exectemp(int err)
{
  switch (err) {
  case ENOMEM: case ETXTBSY: case EIO: case ENFILE: case EMFILE: case EAGAIN:
  case EINTR: case ETIMEDOUT: case ENOBUFS:
    return 1;
  default:
    return 0;
  }
}

/* the child's last step: exec argv, or say why not and exit 111 or 100 */
static void __attribute__((noreturn)) run_child(char *const argv[], const char *fail)
{
  int e;
  if (sig_default(SIGPIPE) == -1) _exit(111);
  pathexec_run(argv[0], argv, 0);
  e = errno;
  strerr_warn(fail, "unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
  _exit(qhrun_exectemp(e) ? 111 : 100);
}

void qhrun_test(char *const argv[], const char *warn, const char *fatal)
{
  int status;
  if (qhrun_wait(argv, warn, &status) == -1)
    strerr_die(EXIT_TEMP, fatal, "unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
  switch (qhrun_verdict(status)) {
  case QHRUN_ZERO: return;
  case QHRUN_CRASH: strerr_die(EXIT_TEMP, fatal, "child crashed", (char *)0);
  case QHRUN_TEMP: strerr_die(EXIT_TEMP, fatal, "temporary child error", (char *)0);
  case QHRUN_OTHER: break;
  }
  _exit(EXIT_OK);
}

int qhrun_wait(char *const argv[], const char *fail, int *status)
{
  pid_t pid;
  if (!argv || !argv[0]) { errno = EINVAL; return -1; }
  pid = fork();
  if (pid == -1) return -1;
  if (pid == 0) run_child(argv, fail);
  return wait_pid(pid, status) == -1 ? -1 : 0;
}

/* head, then copyfd to its end, into fd. 0 done (or the reader went
 * away); -1 with errno when reading copyfd failed. */
static int pump(int fd, const char *head, size_t headlen, int copyfd)
{
  char chunk[QHRUN_CHUNK];
  if (fd_writeall(fd, head, headlen) == -1) return 0;
  if (copyfd == -1) return 0;
  for (;;) {
    ssize_t r = read(copyfd, chunk, sizeof chunk);
    if (r == 0) return 0;
    if (r == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (fd_writeall(fd, chunk, (size_t)r) == -1) return 0;
  }
}

int qhrun_feed(char *const argv[], const char *fail, const char *head, size_t headlen,
               int copyfd, int *status, int *readerr)
{
  int pi[2];
  pid_t pid;
  *readerr = 0;
  if (!argv || !argv[0]) { errno = EINVAL; return -1; }
  if (pipe(pi) == -1) return -1;
  pid = fork();
  if (pid == -1) {
    int e = errno;
    close(pi[0]);
    close(pi[1]);
    errno = e;
    return -1;
  }
  if (pid == 0) {
    close(pi[1]);
    if (pi[0] != 0) {
      if (dup2(pi[0], 0) == -1) _exit(111);
      close(pi[0]);
    }
    run_child(argv, fail);
  }
  close(pi[0]);
  if (pump(pi[1], head, headlen, copyfd) == -1) {
    *readerr = errno;
    kill(pid, SIGKILL);
  }
  close(pi[1]);
  return wait_pid(pid, status) == -1 ? -1 : 0;
}

const char *qhrun_need(const char *name, const char *fatal)
{
  const char *v = env_get(name);
  if (!v) strerr_die(EXIT_PERM, fatal, name, " not set", (char *)0);
  return v;
}

/* die with what became of the message when the queue did not take it */
static void refused(const struct qhrun_fwd *f, const struct qqprog_end *e)
{
  int code = e->cls == QQPROG_PERM ? EXIT_PERM : EXIT_TEMP;
  if (e->cls == QQPROG_OK) return;
  if (e->crashed) strerr_die(EXIT_TEMP, f->fatal, "qq crashed (#4.3.0)", (char *)0);
  if (e->custom) strerr_die(code, f->fatal, e->text, (char *)0);
  strerr_die(code, f->fatal, qq_str(e->code), code == EXIT_PERM ? " (#5.3.0)" : " (#4.3.0)",
             (char *)0);
}

void qhrun_forward(const struct qhrun_fwd *f, const char *sender, const char *dtline,
                   char *const rcpts[], size_t n)
{
  const struct qqprog_how how = { f->runfail, "", QQPROG_CUSTOM | QQPROG_CLEAN };
  stralloc prog = STRALLOC_ZERO, list = STRALLOC_ZERO, env = STRALLOC_ZERO;
  struct qqprog q;
  struct qqprog_end e;
  char num[FMT_ULONG];
  if (!qqprog_path(&prog, 0))
    strerr_die(EXIT_TEMP, f->fatal, "unable to find the queue program: ", STRERR_SYS, (char *)0);
  for (size_t i = 0; i < n; ++i)
    if (!stralloc_cats(&list, rcpts[i]) || !stralloc_0(&list))
      strerr_die(EXIT_TEMP, f->fatal, "out of memory", (char *)0);
  if (!qqprog_envelope(&env, sender, str_len(sender), list.s, list.len))
    strerr_die(EXIT_TEMP, f->fatal, "out of memory", (char *)0);
  if (qqprog_start(&q, prog.s, &how) == -1)
    strerr_die(EXIT_TEMP, f->fatal, "unable to start ", prog.s, ": ", STRERR_SYS, (char *)0);
  qqprog_put(&q, dtline, str_len(dtline));
  if (qqprog_copy(&q, 0) == -1)
    strerr_die(EXIT_TEMP, f->fatal, "unable to copy the message: ", STRERR_SYS, (char *)0);
  if (qqprog_close(&q, &env, &e) == -1)
    strerr_die(EXIT_TEMP, f->fatal, "unable to wait for ", prog.s, ": ", STRERR_SYS, (char *)0);
  refused(f, &e);
  num[fmt_ulong(num, (unsigned long)q.pid)] = 0;
  strerr_die(f->okcode, f->qp, num, (char *)0);
}

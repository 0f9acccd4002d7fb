/* qhqq.c — handing a message to the queue program (qmail-queue(8)'s protocol). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "byte.h"
#include "coe.h"
#include "env.h"
#include "exitcode.h"
#include "pathexec.h"
#include "paths.h"
#include "qhqq.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "wait.h"

/* the longest temporary directory name used for the error file */
#define QHQQ_TMPDIR_MAX 1024

int qhqq_prog(stralloc *out)
{
  struct paths ps;
  const char *q = env_get("QMAILQUEUE");
  int ok;
  if (q && *q) return stralloc_copys(out, q) && stralloc_0(out);
  if (paths_init(&ps) == -1) return 0;
  ok = stralloc_copys(out, paths_get(&ps, PATHS_PREFIX)) &&
       stralloc_cats(out, "/sbin/qmail-multi") && stralloc_0(out);
  paths_free(&ps);
  return ok;
}

int qhqq_envelope(stralloc *out, const char *sender, char *const *rcpts, size_t n)
{
  size_t i;
  out->len = 0;
  if (!stralloc_append(out, 'F') || !stralloc_cats(out, sender) || !stralloc_0(out)) return 0;
  for (i = 0; i < n; ++i)
    if (!stralloc_append(out, 'T') || !stralloc_cats(out, rcpts[i]) || !stralloc_0(out))
      return 0;
  return stralloc_0(out);
}

/* an unlinked temporary file in TMPDIR (else /tmp), close-on-exec, or -1 */
static int error_file(void)
{
  char path[QHQQ_TMPDIR_MAX + 16];
  const char *dir = env_get("TMPDIR");
  size_t len;
  int fd;
  if (!dir || !*dir) dir = "/tmp";
  len = str_len(dir);
  if (len > QHQQ_TMPDIR_MAX) return -1;
  byte_copy(path, len, dir);
  byte_copy(path + len, 13, "/qhqq.XXXXXX");
  fd = mkstemp(path);
  if (fd == -1) return -1;
  unlink(path);
  if (coe_on(fd) == -1) { close(fd); return -1; }
  return fd;
}

/* fd moved to a number of at least 3, so that the dup2s onto 0, 1 and 2
 * cannot clobber one another; dies when it cannot */
static int high(int fd)
{
  int h;
  if (fd > 2) return fd;
  h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (h == -1) _exit(QQ_BUG);
  return h;
}

static void __attribute__((noreturn)) qq_child(const char *prog, const char *fail,
                                               int msg, int env, int err)
{
  char *argv[2];
  msg = high(msg);
  env = high(env);
  if (err != -1) err = high(err);
  if (dup2(msg, 0) == -1 || dup2(env, 1) == -1 || (err != -1 && dup2(err, 2) == -1))
    _exit(QQ_BUG);
  if (sig_default(SIGPIPE) == -1) _exit(QQ_BUG);
  argv[0] = (char *)(uintptr_t)prog;
  argv[1] = 0;
  pathexec_run(prog, argv, 0);
  strerr_warn(fail, "unable to run ", prog, ": ", STRERR_SYS, (char *)0);
  _exit(QQ_BUG);
}

static void close_pair(int p[2])
{
  close(p[0]);
  close(p[1]);
}

int qhqq_open(struct qhqq *q, const char *prog, const char *fail)
{
  int pm[2], pe[2], e;
  q->pid = -1;
  q->msgfd = q->envfd = q->errfd = -1;
  if (pipe(pm) == -1) return -1;
  if (pipe(pe) == -1) { e = errno; close_pair(pm); errno = e; return -1; }
  /* every end close-on-exec: the dup2s in the child make the copies on
   * 0 and 1 that the program keeps */
  if (coe_on(pm[0]) == -1 || coe_on(pm[1]) == -1 || coe_on(pe[0]) == -1 ||
      coe_on(pe[1]) == -1)
    goto fail;
  q->errfd = error_file();
  q->pid = fork();
  if (q->pid == -1) goto fail;
  if (q->pid == 0) qq_child(prog, fail, pm[0], pe[0], q->errfd);
  close(pm[0]);
  close(pe[0]);
  q->msgfd = pm[1];
  q->envfd = pe[1];
  return 0;
fail:
  e = errno;
  close_pair(pm);
  close_pair(pe);
  if (q->errfd != -1) close(q->errfd);
  q->errfd = -1;
  errno = e;
  return -1;
}

/* write s[0..n) to *fd; when the reader went away, close *fd (-1 marks
 * it closed) and report success: the exit code will tell */
static int put_all(int *fd, const char *s, size_t n)
{
  while (n && *fd != -1) {
    ssize_t w = write(*fd, s, n);
    if (w == -1) {
      if (errno == EINTR) continue;
      if (errno != EPIPE) return -1;
      close(*fd);
      *fd = -1;
      break;
    }
    s += w;
    n -= (size_t)w;
  }
  return 0;
}

int qhqq_putmsg(struct qhqq *q, const char *s, size_t n)
{
  return put_all(&q->msgfd, s, n);
}

int qhqq_copy(struct qhqq *q, int fd)
{
  char chunk[QHQQ_CHUNK];
  for (;;) {
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r == 0) return 0;
    if (r == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (q->msgfd == -1) return 0;
    if (put_all(&q->msgfd, chunk, (size_t)r) == -1) return -1;
  }
}

/* copy what the program wrote on its descriptor 2 to ours */
static void pass_errors(int fd)
{
  char chunk[4096];
  off_t at = 0;
  ssize_t r;
  while ((r = pread(fd, chunk, sizeof chunk, at)) > 0) {
    ssize_t w = write(2, chunk, (size_t)r);
    if (w <= 0) break;
    at += w;
  }
}

int qhqq_close(struct qhqq *q, const stralloc *env, enum qhqq_result *res, stralloc *why)
{
  char text[QHQQ_TEXT_MAX];
  ssize_t n = 0;
  int status, ok = 1;
  if (q->msgfd != -1) close(q->msgfd);
  q->msgfd = -1;
  if (put_all(&q->envfd, env->s, env->len) == -1) { /* the exit code tells */ }
  if (q->envfd != -1) close(q->envfd);
  q->envfd = -1;
  if (wait_pid(q->pid, &status) == -1) {
    if (q->errfd != -1) close(q->errfd);
    q->errfd = -1;
    return -1;
  }
  if (q->errfd != -1) {
    if (wait_exitcode(status) == QQ_CUSTOM) n = pread(q->errfd, text, sizeof text, 0);
    else pass_errors(q->errfd);
    close(q->errfd);
    q->errfd = -1;
  }
  if (n < 0) n = 0;
  *res = qhqq_classify(status, text, (size_t)n, why, &ok);
  if (!ok) { errno = ENOMEM; return -1; }
  return 0;
}

/* why = text[1..) up to its first LF, controls made '_' */
static int custom_why(stralloc *why, const char *text, size_t len)
{
  size_t i, end = byte_chr(text, len, '\n');
  why->len = 0;
  for (i = 1; i < end; ++i) {
    unsigned char c = (unsigned char)text[i];
    if (!stralloc_append(why, c < 32 || c == 127 ? '_' : (char)c)) return 0;
  }
  return stralloc_0(why);
}

enum qhqq_result qhqq_classify(int status, const char *text, size_t len, stralloc *why, int *ok)
{
  int code;
  enum qhqq_result r;
  *ok = 1;
  if (wait_crashed(status)) {
    if (!stralloc_copys(why, "qq crashed (#4.3.0)") || !stralloc_0(why)) *ok = 0;
    return QHQQ_TEMP;
  }
  code = wait_exitcode(status);
  if (code == 0) {
    if (!stralloc_copys(why, "") || !stralloc_0(why)) *ok = 0;
    return QHQQ_OK;
  }
  if (code == QQ_CUSTOM && len && (text[0] == 'D' || text[0] == 'Z')) {
    if (!custom_why(why, text, len)) *ok = 0;
    return text[0] == 'D' ? QHQQ_PERM : QHQQ_TEMP;
  }
  r = qq_permanent(code) ? QHQQ_PERM : QHQQ_TEMP;
  if (!stralloc_copys(why, qq_str(code)) ||
      !stralloc_cats(why, r == QHQQ_PERM ? " (#5.3.0)" : " (#4.3.0)") || !stralloc_0(why))
    *ok = 0;
  return r;
}

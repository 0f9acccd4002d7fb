/* qqprog.c — running the queue program as a child and reading its answer. */
#include "qqprog.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "byte.h"
#include "env.h"
#include "exitcode.h"
#include "pathexec.h"
#include "paths.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "wait.h"

int qqprog_path(stralloc *out, const char *prefix)
{
  struct paths ps;
  const char *q = env_get("QMAILQUEUE");
  int ok;
  if (q && *q) return stralloc_copys(out, q) && stralloc_0(out);
  if (prefix)
    return stralloc_copys(out, prefix) && stralloc_cats(out, "/sbin/qmail-multi") &&
           stralloc_0(out);
  if (paths_init(&ps) == -1) return 0;
  ok = qqprog_path(out, paths_get(&ps, PATHS_PREFIX));
  paths_free(&ps);
  return ok;
}

int qqprog_envelope(stralloc *out, const char *sender, size_t slen, const char *rcpts,
                    size_t len)
{
  size_t i = 0;
  out->len = 0;
  if (!stralloc_append(out, 'F') || !stralloc_catb(out, sender, slen) || !stralloc_0(out))
    return 0;
  while (i < len) {
    size_t n = byte_chr(rcpts + i, len - i, 0);
    if (!stralloc_append(out, 'T') || !stralloc_catb(out, rcpts + i, n) || !stralloc_0(out))
      return 0;
    i += n + 1;
  }
  return stralloc_0(out);
}

/* an unlinked close-on-exec file in TMPDIR (when absolute) or /tmp, or -1 */
static int error_file(void)
{
  char path[QQPROG_TMPDIR_MAX + 16];
  const char *dir = env_get("TMPDIR");
  size_t len;
  int fd;
  if (!dir || *dir != '/' || str_len(dir) > QQPROG_TMPDIR_MAX) dir = "/tmp";
  fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd != -1) return fd;
  /* a filesystem without O_TMPFILE: a named file, unlinked at once */
  len = str_len(dir);
  byte_copy(path, len, dir);
  byte_copy(path + len, 15, "/qqprog.XXXXXX");
  fd = mkostemp(path, O_CLOEXEC);
  if (fd != -1) unlink(path);
  return fd;
}

/* fd moved to a number of at least 3, so that the dup2s onto 0, 1 and 2
 * cannot clobber one another; in the child only */
static int high(int fd)
{
  int h;
  if (fd == -1 || fd > 2) return fd;
  h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (h == -1) _exit(QQ_BUG);
  return h;
}

/* the child: fds[0] and fds[1] on 0 and 1, fds[2] (when not -1) on 2,
 * then the exec; its errno goes to fds[3] when it fails */
static void __attribute__((noreturn)) child(const char *prog, const struct qqprog_how *how,
                                            int fds[4])
{
  char *argv[2];
  int e, i;
  for (i = 0; i < 4; ++i) fds[i] = high(fds[i]);
  argv[0] = (char *)(uintptr_t)prog;
  argv[1] = 0;
  if (dup2(fds[0], 0) != -1 && dup2(fds[1], 1) != -1 && (fds[2] == -1 || dup2(fds[2], 2) != -1) &&
      sig_default(SIGPIPE) != -1)
    pathexec_run(prog, argv, 0);
  e = errno;
  if (how->failhead)
    strerr_warn(how->failhead, prog, ": ", STRERR_SYS, how->failtail ? how->failtail : "",
                (char *)0);
  if (write(fds[3], &e, sizeof e) == -1) {}
  _exit(QQ_BUG);
}

static void close_fd(int *fd)
{
  if (*fd != -1) close(*fd);
  *fd = -1;
}

static void close_pipes(int p[][2], size_t n)
{
  for (size_t k = 0; k < n; ++k) {
    close_fd(&p[k][0]);
    close_fd(&p[k][1]);
  }
}

/* in the parent: 0 when the exec happened (the report pipe closed empty),
 * else the child's errno */
static int exec_error(int fd)
{
  int err = 0;
  ssize_t n;
  while ((n = read(fd, &err, sizeof err)) == -1 && errno == EINTR) {}
  return n == (ssize_t)sizeof err ? err : 0;
}

int qqprog_start(struct qqprog *q, const char *prog, const struct qqprog_how *how)
{
  int p[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } }, fds[4], e;
  q->pid = -1;
  q->msgfd = q->envfd = q->errfd = -1;
  q->werr = 0;
  q->flags = how->flags;
  for (size_t k = 0; k < 3; ++k)
    if (pipe2(p[k], O_CLOEXEC) == -1) { e = errno; close_pipes(p, 3); errno = e; return -1; }
  q->errfd = error_file();
  fds[0] = p[0][0]; fds[1] = p[1][0]; fds[2] = q->errfd; fds[3] = p[2][1];
  q->pid = fork();
  if (q->pid == -1) {
    e = errno;
    close_pipes(p, 3);
    close_fd(&q->errfd);
    errno = e;
    return -1;
  }
  if (q->pid == 0) child(prog, how, fds);
  close_fd(&p[0][0]);
  close_fd(&p[1][0]);
  close_fd(&p[2][1]);
  e = exec_error(p[2][0]);
  close_fd(&p[2][0]);
  q->msgfd = p[0][1];
  q->envfd = p[1][1];
  buf_init(&q->msg, buf_fdwrite, q->msgfd, q->space, sizeof q->space);
  if (!e || how->failhead) return 0;
  close_fd(&q->msgfd);
  close_fd(&q->envfd);
  close_fd(&q->errfd);
  if (wait_pid(q->pid, 0) == -1) {}
  errno = e;
  return -1;
}

/* a write to the message pipe failed: the rest of the message is dropped */
static void msg_failed(struct qqprog *q)
{
  q->werr = errno;
  close_fd(&q->msgfd);
}

void qqprog_put(struct qqprog *q, const char *s, size_t n)
{
  if (q->msgfd != -1 && !q->werr && buf_put(&q->msg, s, n) == -1) msg_failed(q);
}

int qqprog_copy(struct qqprog *q, int fd)
{
  char chunk[QQPROG_CHUNK];
  while (q->msgfd != -1 && !q->werr) {
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r == 0) break;
    if (r == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    qqprog_put(q, chunk, (size_t)r);
  }
  return 0;
}

/* s[0..n) to fd, unbuffered: 0, or -1 with errno */
static int put_to(int fd, const char *s, size_t n)
{
  char space[1];
  buf b;
  buf_init(&b, buf_fdwrite, fd, space, sizeof space);
  return buf_putflush(&b, s, n);
}

/* copy what the program wrote on its descriptor 2 to ours */
static void pass_errors(int fd)
{
  char chunk[4096];
  off_t at = 0;
  ssize_t r;
  while ((r = pread(fd, chunk, sizeof chunk, at)) > 0) {
    if (put_to(2, chunk, (size_t)r) == -1) break;
    at += r;
  }
}

int qqprog_close(struct qqprog *q, const stralloc *env, struct qqprog_end *e)
{
  char text[QQPROG_TEXT_MAX];
  ssize_t n = 0;
  int status;
  if (q->msgfd != -1 && !q->werr && buf_flush(&q->msg) == -1) msg_failed(q);
  close_fd(&q->msgfd);
  if (env && !q->werr && put_to(q->envfd, env->s, env->len) == -1) q->werr = errno;
  close_fd(&q->envfd);
  if (wait_pid(q->pid, &status) == -1) {
    close_fd(&q->errfd);
    return -1;
  }
  if (q->errfd != -1 && (q->flags & QQPROG_CUSTOM) && wait_exitcode(status) == QQ_CUSTOM)
    n = pread(q->errfd, text, sizeof text, 0);
  qqprog_classify(status, text, n > 0 ? (size_t)n : 0, q->flags, e);
  if (q->errfd != -1 && !e->custom) pass_errors(q->errfd);
  close_fd(&q->errfd);
  return 0;
}

/* e->text = text[1..) up to its first LF, controls made '_' when clean */
static void custom_text(struct qqprog_end *e, const char *text, size_t len, int clean)
{
  size_t end = byte_chr(text, len, '\n'), i;
  for (i = 1; i < end && i < sizeof e->text; ++i) {
    unsigned char c = (unsigned char)text[i];
    e->text[i - 1] = clean && (c < 32 || c == 127) ? '_' : (char)c;
  }
  e->text[i - 1] = 0;
}

void qqprog_classify(int status, const char *text, size_t len, int flags, struct qqprog_end *e)
{
  e->crashed = wait_crashed(status);
  e->code = wait_exitcode(status);
  e->custom = 0;
  e->text[0] = 0;
  if (e->crashed) { e->cls = QQPROG_TEMP; return; }
  if (e->code == QQ_CUSTOM && (flags & QQPROG_CUSTOM) && len &&
      (text[0] == 'D' || text[0] == 'Z')) {
    e->custom = 1;
    e->cls = text[0] == 'D' ? QQPROG_PERM : QQPROG_TEMP;
    custom_text(e, text, len, (flags & QQPROG_CLEAN) != 0);
    return;
  }
  if (e->code == 0) e->cls = QQPROG_OK;
  else e->cls = qq_permanent(e->code) ? QQPROG_PERM : QQPROG_TEMP;
}

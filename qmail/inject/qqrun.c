/* qqrun.c — running a queue program as a child and reading its answer. */
#include "qqrun.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

#include "byte.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "pathexec.h"
#include "sig.h"
#include "wait.h"

/* an unlinked file for what the program writes on descriptor 2 */
static int qqrun_tmpfile(void)
{
  const char *dir = env_get("TMPDIR");
  int fd = -1;
  if (dir && *dir == '/') fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd == -1) fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  return fd;
}

/* in the child: fds[0] and fds[1] on 0 and 1, fds[2] on 2, then exec;
 * on failure its errno goes to fds[3] */
static void __attribute__((noreturn)) qqrun_child(const char *prog, const int fds[4])
{
  char *argv[2];
  int e;
  argv[0] = (char *)(uintptr_t)prog;
  argv[1] = 0;
  if (dup2(fds[0], 0) != -1 && dup2(fds[1], 1) != -1 && (fds[2] == -1 || dup2(fds[2], 2) != -1)) {
    if (sig_default(SIGPIPE) == -1) {}
    pathexec_run(prog, argv, 0);
  }
  e = errno;
  if (write(fds[3], &e, sizeof e) == -1) {}
  _exit(QQ_BUG);
}

static void qqrun_close(int *fd)
{
  if (*fd != -1) close(*fd);
  *fd = -1;
}

static void qqrun_closeall(int p[][2], size_t n)
{
  size_t k;
  for (k = 0; k < n; ++k) {
    qqrun_close(&p[k][0]);
    qqrun_close(&p[k][1]);
  }
}

int qqrun_start(struct qqrun *r, const char *prog)
{
  int p[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } }, fds[4], err, e;
  ssize_t n;
  size_t k;
  for (k = 0; k < 3; ++k)
    if (pipe2(p[k], O_CLOEXEC) == -1) { e = errno; qqrun_closeall(p, 3); errno = e; return -1; }
  r->errfd = qqrun_tmpfile();
  fds[0] = p[0][0]; fds[1] = p[1][0]; fds[2] = r->errfd; fds[3] = p[2][1];
  r->pid = fork();
  if (r->pid == -1) {
    e = errno;
    qqrun_closeall(p, 3);
    qqrun_close(&r->errfd);
    errno = e;
    return -1;
  }
  if (r->pid == 0) qqrun_child(prog, fds);
  qqrun_close(&p[0][0]);
  qqrun_close(&p[1][0]);
  qqrun_close(&p[2][1]);
  while ((n = read(p[2][0], &err, sizeof err)) == -1 && errno == EINTR);
  qqrun_close(&p[2][0]);
  r->msgfd = p[0][1];
  r->envfd = p[1][1];
  if (n != (ssize_t)sizeof err) return 0;
  qqrun_close(&r->msgfd);
  qqrun_close(&r->envfd);
  qqrun_close(&r->errfd);
  if (wait_pid(r->pid, 0) == -1) {}
  errno = err;
  return -1;
}

/* copy the error file to descriptor 2 */
static void qqrun_errcopy(int fd)
{
  char x[4096];
  ssize_t n;
  if (fd == -1 || lseek(fd, 0, SEEK_SET) != 0) return;
  while ((n = read(fd, x, sizeof x)) > 0)
    if (write(2, x, (size_t)n) != n) break;
}

enum qqrun_status qqrun_classify(int status, const char *text, size_t len, stralloc *why, int *ok)
{
  int code = wait_exitcode(status);
  char num[FMT_ULONG];
  enum qqrun_status st = QQRUN_TEMP;
  why->len = 0;
  if (code == QQ_CUSTOM && len && (text[0] == 'D' || text[0] == 'Z')) {
    size_t end = byte_chr(text, len, '\n');
    *ok = stralloc_copyb(why, text + 1, end - 1) && stralloc_0(why);
    return text[0] == 'D' ? QQRUN_PERM : QQRUN_TEMP;
  }
  if (wait_crashed(status)) {
    *ok = stralloc_copys(why, "the queue program crashed") && stralloc_0(why);
    return QQRUN_TEMP;
  }
  if (code == 0) st = QQRUN_OK;
  else if (qq_permanent(code)) st = QQRUN_PERM;
  num[fmt_ulong(num, (unsigned long)code)] = 0;
  *ok = stralloc_copys(why, qq_str(code)) && stralloc_cats(why, " (exit ") &&
        stralloc_cats(why, num) && stralloc_cats(why, ")") && stralloc_0(why);
  return st;
}

int qqrun_finish(struct qqrun *r, enum qqrun_status *st, stralloc *why)
{
  char text[QQRUN_TEXT_MAX];
  ssize_t n = 0;
  int status, ok;
  qqrun_close(&r->msgfd);
  qqrun_close(&r->envfd);
  if (wait_pid(r->pid, &status) == -1) { qqrun_close(&r->errfd); return -1; }
  if (r->errfd != -1 && wait_exitcode(status) == QQ_CUSTOM) n = pread(r->errfd, text, sizeof text, 0);
  /* a custom text is the answer; anything else is for the user to see */
  if (n <= 0 || (text[0] != 'D' && text[0] != 'Z')) qqrun_errcopy(r->errfd);
  qqrun_close(&r->errfd);
  *st = qqrun_classify(status, text, n > 0 ? (size_t)n : 0, why, &ok);
  if (!ok) { errno = ENOMEM; return -1; }
  return 0;
}

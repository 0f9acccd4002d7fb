/* qlrun.c — running .qmail program lines and the queue program for forwards. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

#include "buf.h"
#include "byte.h"
#include "exitcode.h"
#include "pathexec.h"
#include "qlrun.h"
#include "strerr.h"
#include "wait.h"

enum qlrun_result qlrun_status(int status)
{
  int code;
  if (wait_crashed(status)) return QLRUN_CRASH;
  code = wait_exitcode(status);
  switch (code) {
  case 0: return QLRUN_OK;
  case 99: return QLRUN_STOP;
  case 64: case 65: case 70: case 76: case 77: case 78: case 100: case 112:
    return QLRUN_PERM;
  default: return QLRUN_TEMP;
  }
}

enum qlrun_result qlrun_qqstatus(int status)
{
  int code;
  if (wait_crashed(status)) return QLRUN_CRASH;
  code = wait_exitcode(status);
  if (code == 0) return QLRUN_OK;
  return qq_permanent(code) ? QLRUN_PERM : QLRUN_TEMP;
}

/* the child's side of qlrun_program; never returns */
static void __attribute__((noreturn)) program_child(const char *cmd, char *const envp[], int msgfd)
{
  char *argv[4];
  argv[0] = (char *)(uintptr_t)"sh";
  argv[1] = (char *)(uintptr_t)"-c";
  argv[2] = (char *)(uintptr_t)cmd;
  argv[3] = 0;
  signal(SIGPIPE, SIG_DFL);
  if (lseek(msgfd, 0, SEEK_SET) == -1 || (msgfd != 0 && dup2(msgfd, 0) == -1)) {
    strerr_warn("Unable to rewind the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
    _exit(111);
  }
  if (dup2(1, 2) == -1) _exit(111);
  execve(QLRUN_SHELL, argv, envp);
  strerr_warn("Unable to run " QLRUN_SHELL ": ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  _exit(111);
}

int qlrun_program(const char *cmd, char *const envp[], int msgfd, int *status)
{
  pid_t pid = fork();
  if (pid == -1) return -1;
  if (pid == 0) program_child(cmd, envp, msgfd);
  return wait_pid(pid, status) == -1 ? -1 : 0;
}

int qlrun_envelope(stralloc *out, const char *sender, const char *rcpts, size_t len)
{
  size_t i = 0;
  out->len = 0;
  if (!stralloc_append(out, 'F') || !stralloc_cats(out, sender) || !stralloc_0(out)) return 0;
  while (i < len) {
    size_t n = byte_chr(rcpts + i, len - i, 0);
    if (!stralloc_append(out, 'T') || !stralloc_catb(out, rcpts + i, n) || !stralloc_0(out))
      return 0;
    i += n + 1;
  }
  return stralloc_0(out);
}

/* write head and the message to fd; -1 when the reader went away */
static int feed_message(int fd, int msgfd, const char *head, size_t headlen)
{
  char space[QLRUN_CHUNK], in[QLRUN_CHUNK];
  buf b;
  buf_init(&b, buf_fdwrite, fd, space, sizeof space);
  if (buf_put(&b, head, headlen) == -1) return -1;
  if (lseek(msgfd, 0, SEEK_SET) == -1) return -1;
  for (;;) {
    ssize_t n = read(msgfd, in, sizeof in);
    if (n == -1 && errno == EINTR) continue;
    if (n == -1) return -1;
    if (n == 0) break;
    if (buf_put(&b, in, (size_t)n) == -1) return -1;
  }
  return buf_flush(&b);
}

/* the child's side of qlrun_forward; never returns */
static void __attribute__((noreturn)) forward_child(const char *prog, int mfd, int efd)
{
  char *argv[2];
  argv[0] = (char *)(uintptr_t)prog;
  argv[1] = 0;
  signal(SIGPIPE, SIG_DFL);
  /* the pipes are above 2: descriptors 0, 1 and 2 are always open here */
  if (dup2(mfd, 0) == -1 || dup2(efd, 1) == -1) _exit(QQ_BUG);
  close(mfd);
  close(efd);
  pathexec_run(prog, argv, 0);
  strerr_warn("Unable to run ", prog, ": ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  _exit(QQ_BUG);
}

int qlrun_forward(const char *prog, int msgfd, const char *head, size_t headlen,
                  const stralloc *env, pid_t *pid, int *status)
{
  int mp[2], ep[2], fed = 0;
  char space[256];
  buf b;
  if (pipe(mp) == -1) return -1;
  if (pipe(ep) == -1) { close(mp[0]); close(mp[1]); return -1; }
  *pid = fork();
  if (*pid == -1) {
    int e = errno;
    close(mp[0]); close(mp[1]); close(ep[0]); close(ep[1]);
    errno = e;
    return -1;
  }
  if (*pid == 0) {
    close(mp[1]);
    close(ep[1]);
    forward_child(prog, mp[0], ep[0]);
  }
  close(mp[0]);
  close(ep[0]);
  /* a write that fails means the queue program stopped reading: its exit
   * status says why; the envelope is sent only after the whole message,
   * so a queue program never accepts a message we could not give it */
  if (feed_message(mp[1], msgfd, head, headlen) == 0) {
    close(mp[1]);
    mp[1] = -1;
    buf_init(&b, buf_fdwrite, ep[1], space, sizeof space);
    fed = buf_put(&b, env->s, env->len) == 0 && buf_flush(&b) == 0;
  }
  if (mp[1] != -1) close(mp[1]);
  close(ep[1]);
  if (wait_pid(*pid, status) == -1) return -1;
  if (!fed && qlrun_qqstatus(*status) == QLRUN_OK) { errno = EPIPE; return -1; }
  return 0;
}

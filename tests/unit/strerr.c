/* strerr.c — unit test for libqmail/strerr. */
#include <errno.h>
#include <sys/wait.h>

#include "strerr.h"
#include "tap.h"

/* run fn in a child with stderr on a pipe; returns its exit status (or
 * -1) and the text it wrote in out */
static int capture(void (*fn)(void), char *out, size_t outlen)
{
  int p[2], st;
  size_t n = 0;
  ssize_t r;
  pid_t pid;
  if (pipe(p) != 0) return -1;
  pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(p[1], 2);
    close(p[0]);
    fn();
    _exit(0);
  }
  close(p[1]);
  while (n + 1 < outlen && (r = read(p[0], out + n, outlen - 1 - n)) > 0) n += (size_t)r;
  out[n] = 0;
  close(p[0]);
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void die_eacces(void)
{
  errno = EACCES;
  strerr_die(111, "prog: fatal: ", "unable to open ", "control/me", ": ", STRERR_SYS, NULL);
}

static void die_plain(void) { strerr_die(100, "prog: usage: prog [-v] dir", NULL); }

static void warn_twice(void)
{
  errno = ENOENT;
  strerr_warn("prog: warning: ", "missing: ", STRERR_SYS, NULL);
  if (errno != ENOENT) _exit(3);
  strerr_warn("prog: info: done", NULL);
}

static void die_long(void)
{
  static char big[STRERR_MAX * 2];
  memset(big, 'x', sizeof big - 1);
  strerr_die(7, "prog: ", big, NULL);
}

int main(void)
{
  char out[STRERR_MAX * 3];

  is_int(capture(die_eacces, out, sizeof out), 111, "die: exit code");
  is_str(out, "prog: fatal: unable to open control/me: permission denied\n",
         "die: qmail-style line with lower-case errno text");
  is_int(capture(die_plain, out, sizeof out), 100, "die without errno: exit code");
  is_str(out, "prog: usage: prog [-v] dir\n", "die without errno: line");
  is_int(capture(warn_twice, out, sizeof out), 0, "warn returns and keeps errno");
  is_str(out, "prog: warning: missing: no such file or directory\nprog: info: done\n",
         "warn: two lines");
  is_int(capture(die_long, out, sizeof out), 7, "long line: exit code");
  is_int(strlen(out), STRERR_MAX + 1, "long line: cut at STRERR_MAX plus newline");
  ok(out[STRERR_MAX] == '\n', "long line still ends in a newline");

  is_str(error_str(ETIMEDOUT), "timed out", "error_str: ETIMEDOUT");
  is_str(error_str(EAGAIN), "temporary failure", "error_str: EAGAIN");
  is_str(error_str(0), "no error", "error_str: 0");
  ok(strlen(error_str(123456)) > 0, "error_str: unknown errno gives text");
  return done_testing();
}

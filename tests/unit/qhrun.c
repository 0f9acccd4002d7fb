/* qhrun.c — unit test for qmail/deliver/qhrun: what a program's end means,
 * which exec failures are temporary, and both runners end to end. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qhrun.h"
#include "tap.h"
#include "wait.h"

#define S(x) ((char *)(uintptr_t)(x))

/* the wait status of a child that exits code, or is killed by sig */
#define status_of(code, sig) W_EXITCODE(code, sig)

/* quiet: 1 sends our descriptor 2 to /dev/null (for the failures the
 * test provokes on purpose), 0 brings it back */
static void quiet(int on)
{
  static int saved = -1;
  if (on && saved == -1) {
    int null = open("/dev/null", O_WRONLY);
    saved = dup(2);
    if (null != -1) { dup2(null, 2); close(null); }
  } else if (!on && saved != -1) {
    dup2(saved, 2);
    close(saved);
    saved = -1;
  }
}

static size_t slurp(const char *path, char *data, size_t size)
{
  int fd = open(path, O_RDONLY);
  ssize_t n = fd == -1 ? -1 : read(fd, data, size);
  if (fd != -1) close(fd);
  return n < 0 ? 0 : (size_t)n;
}

static void verdicts(void)
{
  is_int(qhrun_verdict(status_of(0, 0)), QHRUN_ZERO, "exit 0");
  is_int(qhrun_verdict(status_of(111, 0)), QHRUN_TEMP, "exit 111");
  is_int(qhrun_verdict(status_of(100, 0)), QHRUN_OTHER, "exit 100");
  is_int(qhrun_verdict(status_of(1, 0)), QHRUN_OTHER, "exit 1");
  is_int(qhrun_verdict(status_of(99, 0)), QHRUN_OTHER, "exit 99");
  is_int(qhrun_verdict(status_of(0, SIGKILL)), QHRUN_CRASH, "killed");
  ok(qhrun_exectemp(ENOMEM) && qhrun_exectemp(ETXTBSY) && qhrun_exectemp(EIO) &&
     qhrun_exectemp(EMFILE), "ENOMEM ETXTBSY EIO EMFILE: temporary");
  ok(!qhrun_exectemp(ENOENT) && !qhrun_exectemp(EACCES) && !qhrun_exectemp(ENOEXEC) &&
     !qhrun_exectemp(ENOTDIR), "ENOENT EACCES ENOEXEC ENOTDIR: permanent");
}

static void waits(void)
{
  char *sh3[] = { S("sh"), S("-c"), S("exit 3"), 0 };
  char *none[] = { S("/nonexistent/prog"), 0 };
  char *noexec[] = { S("/dev/null"), 0 };
  char *empty[] = { 0 };
  int st = -1;
  is_int(qhrun_wait(sh3, "t: ", &st), 0, "wait: ran sh");
  is_int(wait_exitcode(st), 3, "wait: its exit code");
  quiet(1);
  is_int(qhrun_wait(none, "qhrun test (expected): ", &st), 0, "wait: a missing program is reaped");
  is_int(wait_exitcode(st), 100, "wait: a missing program exits 100");
  is_int(qhrun_wait(noexec, "qhrun test (expected): ", &st), 0, "wait: a non-executable is reaped");
  quiet(0);
  is_int(wait_exitcode(st), 100, "wait: a non-executable exits 100");
  errno = 0;
  is_int(qhrun_wait(empty, "t: ", &st), -1, "wait: no program");
  is_int(errno, EINVAL, "wait: EINVAL");
}

static void feeds(const char *dir)
{
  char out[4096], cmd[4200], data[8192];
  char *cat[] = { S("sh"), S("-c"), cmd, 0 };
  char *quit[] = { S("sh"), S("-c"), S("exit 7"), 0 };
  char *none[] = { S("/nonexistent/prog"), 0 };
  int st = -1, rerr = -1, in;
  size_t n;
  snprintf(out, sizeof out, "%s/out", dir);
  snprintf(cmd, sizeof cmd, "cat > '%s'", out);
  is_int(qhrun_feed(cat, "t: ", "head\n", 5, -1, &st, &rerr), 0, "feed: head only");
  is_int(wait_exitcode(st), 0, "feed: cat exits 0");
  is_int(rerr, 0, "feed: no read error");
  n = slurp(out, data, sizeof data);
  is_mem(data, n, "head\n", 5, "feed: the head arrived");

  snprintf(data, sizeof data, "%s/in", dir);
  in = open(data, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ok(in != -1 && write(in, "one\ntwo\n", 8) == 8, "feed: an input file");
  close(in);
  in = open(data, O_RDONLY);
  is_int(qhrun_feed(cat, "t: ", "H: x\n", 5, in, &st, &rerr), 0, "feed: head and input");
  close(in);
  n = slurp(out, data, sizeof data);
  is_mem(data, n, "H: x\none\ntwo\n", 13, "feed: head, then the input");

  in = open("/dev/zero", O_RDONLY);
  is_int(qhrun_feed(quit, "t: ", "x", 1, in, &st, &rerr), 0, "feed: a child that reads nothing");
  close(in);
  is_int(wait_exitcode(st), 7, "feed: its exit code, no hang on endless input");
  is_int(rerr, 0, "feed: not a read error");

  in = open(dir, O_RDONLY);   /* a directory: read fails with EISDIR */
  is_int(qhrun_feed(cat, "t: ", "x", 1, in, &st, &rerr), 0, "feed: unreadable input");
  close(in);
  is_int(rerr, EISDIR, "feed: the read error is reported");
  ok(wait_crashed(st) && wait_termsig(st) == SIGKILL, "feed: the child was killed, not given EOF");

  quiet(1);
  is_int(qhrun_feed(none, "qhrun test (expected): ", "x", 1, -1, &st, &rerr), 0, "feed: a missing program");
  quiet(0);
  is_int(wait_exitcode(st), 100, "feed: exits 100");
}

int main(void)
{
  const char *dir = tap_tmpdir();
  signal(SIGPIPE, SIG_IGN);
  verdicts();
  waits();
  feeds(dir);
  tap_rmtree(dir);
  return done_testing();
}

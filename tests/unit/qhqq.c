/* qhqq.c — unit test for qmail/deliver/qhqq: the envelope, what the queue
 * program's end means, where the program is found, and a run end to end
 * with a stand-in queue program. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qhqq.h"
#include "tap.h"

#define S(x) ((char *)(uintptr_t)(x))

static int status_of(int code, int sig)
{
  int st = 0;
  pid_t pid = fork();
  if (pid == 0) {
    if (sig) { signal(sig, SIG_DFL); kill(getpid(), sig); }
    _exit(code);
  }
  waitpid(pid, &st, 0);
  return st;
}

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

static void envelopes(void)
{
  stralloc e = STRALLOC_ZERO;
  char *two[] = { S("a@b"), S("c@d") };
  ok(qhqq_envelope(&e, "s@x", two, 2), "envelope: built");
  is_mem(e.s, e.len, "Fs@x\0Ta@b\0Tc@d\0\0", 16, "envelope: F, T, T, NUL");
  ok(qhqq_envelope(&e, "", two, 1), "envelope: null sender");
  is_mem(e.s, e.len, "F\0Ta@b\0\0", 8, "envelope: F alone");
  stralloc_free(&e);
}

static void classify(void)
{
  stralloc why = STRALLOC_ZERO;
  int okb = 0;
  is_int(qhqq_classify(status_of(0, 0), "", 0, &why, &okb), QHQQ_OK, "classify: 0 ok");
  is_str(why.s, "", "classify: no reason");
  is_int(qhqq_classify(status_of(31, 0), "", 0, &why, &okb), QHQQ_PERM, "classify: 31 permanent");
  is_str(why.s, "qq permanently refused (#5.3.0)", "classify: 31's reason");
  is_int(qhqq_classify(status_of(11, 0), "", 0, &why, &okb), QHQQ_PERM, "classify: 11 permanent");
  is_int(qhqq_classify(status_of(40, 0), "", 0, &why, &okb), QHQQ_PERM, "classify: 40 permanent");
  is_int(qhqq_classify(status_of(71, 0), "", 0, &why, &okb), QHQQ_TEMP, "classify: 71 temporary");
  is_str(why.s, "qq temporarily refused (#4.3.0)", "classify: 71's reason");
  is_int(qhqq_classify(status_of(88, 0), "Dno such list\nmore", 18, &why, &okb), QHQQ_PERM,
         "classify: 88 D permanent");
  is_str(why.s, "no such list", "classify: 88's text to its LF");
  is_int(qhqq_classify(status_of(88, 0), "Zbusy\033[2J", 9, &why, &okb), QHQQ_TEMP,
         "classify: 88 Z temporary");
  is_str(why.s, "busy_[2J", "classify: controls in the text made _");
  is_int(qhqq_classify(status_of(88, 0), "Xodd", 4, &why, &okb), QHQQ_TEMP, "classify: 88 other letter");
  is_str(why.s, "qq custom error (#4.3.0)", "classify: its reason");
  is_int(qhqq_classify(status_of(88, 0), "", 0, &why, &okb), QHQQ_TEMP, "classify: 88 without text");
  is_int(qhqq_classify(status_of(0, SIGSEGV), "", 0, &why, &okb), QHQQ_TEMP, "classify: crash");
  is_str(why.s, "qq crashed (#4.3.0)", "classify: crash's reason");
  ok(okb, "classify: why was built every time");
  stralloc_free(&why);
}

static void programs(void)
{
  stralloc p = STRALLOC_ZERO;
  setenv("QMAILQUEUE", "/x/qq", 1);
  ok(qhqq_prog(&p) && !strcmp(p.s, "/x/qq"), "prog: QMAILQUEUE");
  setenv("QMAILQUEUE", "", 1);
  setenv("PREFIX", "/opt/im", 1);
  ok(qhqq_prog(&p) && !strcmp(p.s, "/opt/im/sbin/qmail-multi"), "prog: empty QMAILQUEUE: PREFIX/sbin/qmail-multi");
  unsetenv("QMAILQUEUE");
  setenv("PREFIX", "relative", 1);
  ok(!qhqq_prog(&p), "prog: a bad PREFIX fails");
  unsetenv("PREFIX");
  stralloc_free(&p);
}

/* a stand-in queue program that keeps its input and exits code */
static void standin(const char *dir, const char *qq, int code)
{
  FILE *f = fopen(qq, "w");
  if (!f) return;
  fprintf(f, "#!/bin/sh\ncat > '%s/msg'\ncat <&1 > '%s/env'\nexit %d\n",
          dir, dir, code);
  fclose(f);
  chmod(qq, 0755);
}

static void runs(const char *dir)
{
  char qq[4096], path[4200], data[4096];
  struct qhqq q;
  stralloc env = STRALLOC_ZERO, why = STRALLOC_ZERO;
  enum qhqq_result res = QHQQ_TEMP;
  char *rcpt[] = { S("r@x") };
  size_t n;
  snprintf(qq, sizeof qq, "%s/qq", dir);
  standin(dir, qq, 0);
  ok(qhqq_envelope(&env, "s@x", rcpt, 1), "run: envelope");
  is_int(qhqq_open(&q, qq, "t: "), 0, "run: started");
  ok(q.pid > 0, "run: a pid");
  is_int(qhqq_putmsg(&q, "DT: x\n", 6), 0, "run: head written");
  is_int(qhqq_putmsg(&q, "body\n", 5), 0, "run: body written");
  is_int(qhqq_close(&q, &env, &res, &why), 0, "run: finished");
  is_int(res, QHQQ_OK, "run: queued");
  snprintf(path, sizeof path, "%s/msg", dir);
  n = slurp(path, data, sizeof data);
  is_mem(data, n, "DT: x\nbody\n", 11, "run: the message");
  snprintf(path, sizeof path, "%s/env", dir);
  n = slurp(path, data, sizeof data);
  is_mem(data, n, "Fs@x\0Tr@x\0\0", 11, "run: the envelope");

  standin(dir, qq, 31);
  is_int(qhqq_open(&q, qq, "t: "), 0, "refused: started");
  is_int(qhqq_close(&q, &env, &res, &why), 0, "refused: finished");
  is_int(res, QHQQ_PERM, "refused: permanent");

  snprintf(path, sizeof path, "%s/none", dir);
  quiet(1);
  is_int(qhqq_open(&q, path, "qhqq test (expected): "), 0, "missing: started");
  is_int(qhqq_close(&q, &env, &res, &why), 0, "missing: finished");
  quiet(0);
  is_int(res, QHQQ_TEMP, "missing: temporary");
  is_str(why.s, "qq internal bug (#4.3.0)", "missing: qq internal bug");
  stralloc_free(&env);
  stralloc_free(&why);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  signal(SIGPIPE, SIG_IGN);
  envelopes();
  classify();
  programs();
  runs(dir);
  tap_rmtree(dir);
  return done_testing();
}

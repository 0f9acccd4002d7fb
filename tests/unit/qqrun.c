/* qqrun.c — unit test for qmail/inject/qqrun: how an exit is classified,
 * and a queue program run for real (a shell script). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qqrun.h"
#include "tap.h"

static int exited(int code) { return code << 8; }

static void classify(const char *name, int status, const char *text, enum qqrun_status want,
                     const char *why)
{
  stralloc sa = STRALLOC_ZERO;
  int okay = 0;
  enum qqrun_status st = qqrun_classify(status, text, text ? strlen(text) : 0, &sa, &okay);
  ok(okay, "%s: why built", name);
  is_int(st, want, "%s: status", name);
  is_str(sa.s, why, "%s: why", name);
  stralloc_free(&sa);
}

#define PATHSIZE 8192

/* a script in dir that runs body; its path in out */
static void script(const char *dir, const char *name, const char *body, char *out)
{
  FILE *f;
  snprintf(out, PATHSIZE, "%.4000s/%.100s", dir, name);
  f = fopen(out, "w");
  if (!f) { printf("Bail out! %s: %s\n", out, strerror(errno)); _exit(255); }
  fprintf(f, "#!/bin/sh\n%s\n", body);
  fclose(f);
  chmod(out, 0755);
}

/* run prog with a message and an envelope; its status and why */
static int run(const char *prog, enum qqrun_status *st, stralloc *why)
{
  struct qqrun r;
  if (qqrun_start(&r, prog) == -1) return -1;
  if (write(r.msgfd, "Subject: x\n\nbody\n", 17) != 17) {}
  close(r.msgfd);
  r.msgfd = -1;
  if (write(r.envfd, "Fa@b\0Tc@d\0\0", 11) != 11) {}
  return qqrun_finish(&r, st, why);
}

/* the first line of the file path, or "" */
static const char *slurp(const char *path)
{
  static char got[256];
  FILE *f = fopen(path, "r");
  size_t n = 0;
  if (f) { n = fread(got, 1, sizeof got - 1, f); fclose(f); }
  got[n] = 0;
  return got;
}

int main(void)
{
  const char *dir = tap_tmpdir();
  char prog[PATHSIZE], file[PATHSIZE];
  stralloc why = STRALLOC_ZERO;
  enum qqrun_status st;

  classify("exit 0", exited(0), 0, QQRUN_OK, "ok (exit 0)");
  classify("exit 31", exited(31), 0, QQRUN_PERM, "qq permanently refused (exit 31)");
  classify("exit 11", exited(11), 0, QQRUN_PERM, "qq address too long (exit 11)");
  classify("exit 40", exited(40), 0, QQRUN_PERM, "qq permanent problem (exit 40)");
  classify("exit 53", exited(53), 0, QQRUN_TEMP, "qq write error or disk full (exit 53)");
  classify("exit 91", exited(91), 0, QQRUN_TEMP, "qq envelope format error (exit 91)");
  classify("exit 111", exited(111), 0, QQRUN_TEMP, "qq temporary problem (exit 111)");
  classify("88 D", exited(88), "Dspam is not welcome here\nmore", QQRUN_PERM, "spam is not welcome here");
  classify("88 Z", exited(88), "Ztry later", QQRUN_TEMP, "try later");
  classify("88 without a letter", exited(88), "oops", QQRUN_TEMP, "qq custom error (exit 88)");
  classify("88 with no text", exited(88), 0, QQRUN_TEMP, "qq custom error (exit 88)");
  classify("killed", SIGKILL, 0, QQRUN_TEMP, "the queue program crashed");

  signal(SIGPIPE, SIG_IGN);
  script(dir, "qq0", "cat > \"$0.msg\"; tr '\\0' '|' <&1 > \"$0.env\"; exit 0", prog);
  ok(run(prog, &st, &why) == 0 && st == QQRUN_OK, "a queue program that accepts");
  snprintf(file, sizeof file, "%.4000s/qq0.env", dir);
  is_str(slurp(file), "Fa@b|Tc@d||", "it got the envelope on descriptor 1");
  snprintf(file, sizeof file, "%.4000s/qq0.msg", dir);
  is_str(slurp(file), "Subject: x\n\nbody\n", "and the message on descriptor 0");
  script(dir, "qqd", "cat > /dev/null; echo 'Dgo away' >&2; exit 88", prog);
  ok(run(prog, &st, &why) == 0 && st == QQRUN_PERM, "88 D from a real program");
  is_str(why.s, "go away", "its text");
  script(dir, "qqz", "exit 71", prog);
  ok(run(prog, &st, &why) == 0 && st == QQRUN_TEMP, "a program that reads nothing");
  is_str(why.s, "qq temporarily refused (exit 71)", "its exit code");
  snprintf(prog, sizeof prog, "%.4000s/does-not-exist", dir);
  errno = 0;
  ok(run(prog, &st, &why) == -1 && errno == ENOENT, "a missing program: ENOENT");
  stralloc_free(&why);
  tap_rmtree(dir);
  return done_testing();
}

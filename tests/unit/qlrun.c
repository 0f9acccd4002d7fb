/* qlrun.c — unit test for qmail/deliver/qlrun: exit codes of programs and
 * of the queue program, the envelope, and both runners end to end. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcode.h"
#include "qlrun.h"
#include "tap.h"
#include "wait.h"

/* the wait status of a child that exits code, or is killed by sig */
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

static const char *slurp(const char *path, size_t *len)
{
  static char data[4096];
  int fd = open(path, O_RDONLY);
  ssize_t n = fd == -1 ? -1 : read(fd, data, sizeof data - 1);
  if (fd != -1) close(fd);
  if (n < 0) n = 0;
  data[n] = 0;
  if (len) *len = (size_t)n;
  return data;
}

static void statuses(void)
{
  static const int perm[] = { 64, 65, 70, 76, 77, 78, 100, 112 };
  static const int temp[] = { 1, 2, 63, 66, 98, 101, 111, 255 };
  int allperm = 1, alltemp = 1;
  is_int(qlrun_status(status_of(0, 0)), QLRUN_OK, "exit 0: delivered");
  is_int(qlrun_status(status_of(99, 0)), QLRUN_STOP, "exit 99: delivered, stop");
  for (size_t i = 0; i < sizeof perm / sizeof perm[0]; ++i)
    if (qlrun_status(status_of(perm[i], 0)) != QLRUN_PERM) { allperm = 0; diag("exit %d", perm[i]); }
  ok(allperm, "exits 64 65 70 76 77 78 100 112: permanent");
  for (size_t i = 0; i < sizeof temp / sizeof temp[0]; ++i)
    if (qlrun_status(status_of(temp[i], 0)) != QLRUN_TEMP) { alltemp = 0; diag("exit %d", temp[i]); }
  ok(alltemp, "other exits: temporary");
  is_int(qlrun_status(status_of(0, SIGKILL)), QLRUN_CRASH, "a signal: crash");
  is_int(qlrun_qqstatus(status_of(0, 0)), QLRUN_OK, "qq 0: queued");
  is_int(qlrun_qqstatus(status_of(31, 0)), QLRUN_PERM, "qq 31: permanent");
  is_int(qlrun_qqstatus(status_of(11, 0)), QLRUN_PERM, "qq 11: permanent");
  is_int(qlrun_qqstatus(status_of(71, 0)), QLRUN_TEMP, "qq 71: temporary");
  is_int(qlrun_qqstatus(status_of(100, 0)), QLRUN_TEMP, "qq 100: temporary (not a qq code)");
  is_int(qlrun_qqstatus(status_of(0, SIGSEGV)), QLRUN_CRASH, "qq crash");
}

int main(void)
{
  char dir[] = "/tmp/qlrun.XXXXXX", msgp[64], outp[64], prog[64], recm[64], rece[64];
  stralloc env = STRALLOC_ZERO;
  char e1[] = "SENDER=`touch pwned`; $(touch pwned)", e2[] = "PATH=/bin:/usr/bin";
  char *envp[] = { e1, e2, 0 };
  int msg, out, saved, status;
  size_t len;
  pid_t pid = 0;
  FILE *f;

  statuses();
  ok(qlrun_envelope(&env, "s@x", "a@b\0c@d\0", 8), "envelope");
  is_mem(env.s, env.len, "Fs@x\0Ta@b\0Tc@d\0\0", 16, "F, T, T, end");
  ok(qlrun_envelope(&env, "", "a@b", 3), "envelope, empty sender, last address without NUL");
  is_mem(env.s, env.len, "F\0Ta@b\0\0", 8, "F, T, end");
  ok(qlrun_envelope(&env, "s", "", 0), "envelope without recipients");
  is_mem(env.s, env.len, "Fs\0\0", 4, "F, end");

  if (!mkdtemp(dir)) skip_all("no temporary directory");
  snprintf(msgp, sizeof msgp, "%s/msg", dir);
  snprintf(outp, sizeof outp, "%s/out", dir);
  msg = open(msgp, O_RDWR | O_CREAT | O_TRUNC, 0600);
  ok(msg != -1 && write(msg, "line 1\nline 2\n", 14) == 14, "a message");
  ok(chdir(dir) == 0, "in the directory");

  /* the program's output (1 and 2) goes to our fd 1: point it at a file */
  out = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  fflush(stdout);
  saved = dup(1);
  dup2(out, 1);
  status = -1;
  int r = qlrun_program("cat; echo \"$SENDER\"; echo err >&2; exit 99", envp, msg, &status);
  dup2(saved, 1);
  close(saved);
  close(out);
  ok(r == 0, "program ran");
  is_int(qlrun_status(status), QLRUN_STOP, "its exit 99");
  is_str(slurp(outp, 0), "line 1\nline 2\n`touch pwned`; $(touch pwned)\nerr\n",
         "the whole message on stdin, the environment as data, stderr on stdout");
  ok(access("pwned", F_OK) == -1, "nothing in the sender ran");

  /* a stand-in queue program that records what it reads */
  snprintf(prog, sizeof prog, "%s/qq", dir);
  snprintf(recm, sizeof recm, "%s/m", dir);
  snprintf(rece, sizeof rece, "%s/e", dir);
  f = fopen(prog, "w");
  ok(f && fprintf(f, "#!/bin/sh\ncat > %s && cat <&1 > %s && exit $(cat %s/code)\n",
                  recm, rece, dir) > 0 && fclose(f) == 0 && chmod(prog, 0700) == 0,
     "a stand-in queue program");
  f = fopen("code", "w");
  ok(f && fputs("0\n", f) >= 0 && fclose(f) == 0, "that exits 0");
  ok(qlrun_envelope(&env, "s@x", "a@b\0", 4), "its envelope");
  r = qlrun_forward(prog, msg, "Delivered-To: me@here\n", 22, &env, &pid, &status);
  ok(r == 0 && pid > 0, "forward ran");
  is_int(qlrun_qqstatus(status), QLRUN_OK, "queued");
  is_str(slurp(recm, 0), "Delivered-To: me@here\nline 1\nline 2\n", "head, then the message");
  slurp(rece, &len);
  is_mem(slurp(rece, 0), len, "Fs@x\0Ta@b\0\0", 11, "the envelope on fd 1");
  f = fopen("code", "w");
  ok(f && fputs("31\n", f) >= 0 && fclose(f) == 0, "now it exits 31");
  ok(qlrun_forward(prog, msg, "", 0, &env, &pid, &status) == 0, "forward ran");
  is_int(qlrun_qqstatus(status), QLRUN_PERM, "refused for good");
  fflush(stderr);
  saved = dup(2);
  out = open("/dev/null", O_WRONLY);
  dup2(out, 2);
  r = qlrun_forward("/nonexistent/qq", msg, "", 0, &env, &pid, &status);
  dup2(saved, 2);
  close(saved);
  close(out);
  ok(r == 0, "a missing program");
  is_int(wait_exitcode(status), QQ_BUG, "exits 81");

  close(msg);
  unlink(msgp); unlink(outp); unlink(prog); unlink(recm); unlink(rece); unlink("code");
  if (chdir("/") != 0 || rmdir(dir) != 0) diag("could not remove %s", dir);
  stralloc_free(&env);
  return done_testing();
}

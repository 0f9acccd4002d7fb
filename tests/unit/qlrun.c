/* qlrun.c — unit test for qmail/deliver/qlrun: exit codes of .qmail
 * programs, and a program line run end to end. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qlrun.h"
#include "tap.h"

/* the wait status of a child that exits code, or is killed by sig */
#define status_of(code, sig) W_EXITCODE(code, sig)

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
}

int main(void)
{
  char dir[] = "/tmp/qlrun.XXXXXX", msgp[64], outp[64];
  char e1[] = "SENDER=`touch pwned`; $(touch pwned)", e2[] = "PATH=/bin:/usr/bin";
  char *envp[] = { e1, e2, 0 };
  int msg, out, saved, status;

  statuses();

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

  close(msg);
  unlink(msgp); unlink(outp);
  if (chdir("/") != 0 || rmdir(dir) != 0) diag("could not remove %s", dir);
  return done_testing();
}

/* mlproc.c — fork and exec multilog's processor, and judge its exit. */
#include "mlproc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strerr.h"
#include "wait.h"

extern char **environ;

/* child: set up descriptors, directory and signals, then exec; never
 * returns */
static void __attribute__((noreturn)) mlproc_child(const char *processor, int dirfd,
                                                   const int fds[MLPROC_NFD])
{
  static const int target[MLPROC_NFD] = { 0, 1, 4, 5 };
  int moved[MLPROC_NFD];
  char sh[] = "sh", dashc[] = "-c";
  char *argv[4];
  sigset_t none;
  signal(SIGTERM, SIG_DFL);
  signal(SIGALRM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  signal(SIGXFSZ, SIG_DFL);
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  /* the directory first: dirfd may be one of the targets below */
  if (fchdir(dirfd) == -1) goto fail;
  /* then out of the way of 0..5, so that no dup2 overwrites a source */
  for (int i = 0; i < MLPROC_NFD; ++i) {
    moved[i] = fcntl(fds[i], F_DUPFD, 10);
    if (moved[i] == -1) goto fail;
  }
  for (int i = 0; i < MLPROC_NFD; ++i) {
    if (dup2(moved[i], target[i]) == -1) goto fail;
    close(moved[i]);
  }
  argv[0] = sh;
  argv[1] = dashc;
  argv[2] = strdup(processor);  /* a writable copy, as execve's type wants */
  argv[3] = NULL;
  if (!argv[2]) goto fail;
  execve(MLPROC_SHELL, argv, environ);
fail:
  strerr_warn("multilog: warning: unable to run processor ", processor, ": ", STRERR_SYS, NULL);
  _exit(111);
}

pid_t mlproc_start(const char *processor, int dirfd, const int fds[MLPROC_NFD])
{
  sigset_t all, old;
  pid_t pid;
  /* no handler of ours may run in the child before exec */
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &old);
  pid = fork();
  if (pid == 0) mlproc_child(processor, dirfd, fds);
  {
    int e = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
  }
  return pid;
}

int mlproc_wait(pid_t pid, const char **how)
{
  int st;
  *how = "";
  if (wait_pid(pid, &st) == -1) { *how = "vanished"; return 0; }
  if (wait_crashed(st)) { *how = "crashed"; return 0; }
  if (wait_exitcode(st) != 0) { *how = "exited nonzero"; return 0; }
  return 1;
}

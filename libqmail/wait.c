/* wait.c — reaping children and decoding their wait status. */
#include "wait.h"

#include <errno.h>
#include <sys/wait.h>

pid_t wait_pid(pid_t pid, int *status)
{
  int st = 0;
  pid_t r;
  do r = waitpid(pid, &st, 0); while (r < 0 && errno == EINTR);
  if (r > 0 && status) *status = st;
  return r;
}

pid_t wait_nohang(int *status)
{
  int st = 0;
  pid_t r;
  do r = waitpid(-1, &st, WNOHANG); while (r < 0 && errno == EINTR);
  if (r > 0 && status) *status = st;
  return r;
}

int wait_crashed(int status) { return WIFSIGNALED(status) ? 1 : 0; }
int wait_exitcode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
int wait_termsig(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }
int wait_stopped(int status) { return WIFSTOPPED(status) ? 1 : 0; }
int wait_stopsig(int status) { return WIFSTOPPED(status) ? WSTOPSIG(status) : 0; }

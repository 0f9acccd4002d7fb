/* qlrun.c — running .qmail program lines. */
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

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

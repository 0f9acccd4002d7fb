/* fghack.c — keep a program that puts itself in the background in the
 * foreground: wait until it and every descendant let go of a pipe
 * (fghack(8)). */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "coe.h"
#include "exitcode.h"
#include "pathexec.h"
#include "strerr.h"
#include "wait.h"

#define FATAL "fghack: fatal: "
#define USAGE "fghack: usage: fghack child"

/* how many extra copies of the pipe's write end child gets, so that a
 * daemon closing a few descriptors still keeps one */
#define FGHACK_COPIES 30

static void __attribute__((noreturn)) fghack_child(int wfd, char **child)
{
  if (coe_off(wfd) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to set up pipe: ", STRERR_SYS, (const char *)0);
  for (int i = 0; i < FGHACK_COPIES; ++i)
    if (dup(wfd) == -1) break;
  pathexec_run(child[0], child, 0);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", child[0], ": ", STRERR_SYS, (const char *)0);
}

/* read and discard until every writer has closed rfd */
static void fghack_drain(int rfd)
{
  char space[1024];
  for (;;) {
    ssize_t r = read(rfd, space, sizeof space);
    if (r == 0) return;
    if (r == -1 && errno != EINTR)
      strerr_die(EXIT_TEMP, FATAL, "unable to read pipe: ", STRERR_SYS, (const char *)0);
  }
}

int main(int argc, char **argv)
{
  int pi[2], status;
  pid_t pid;
  if (argc < 2 || !argv[1]) strerr_die(EXIT_PERM, USAGE, (const char *)0);
  if (pipe2(pi, O_CLOEXEC) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to create pipe: ", STRERR_SYS, (const char *)0);
  pid = fork();
  if (pid == -1) strerr_die(EXIT_TEMP, FATAL, "unable to fork: ", STRERR_SYS, (const char *)0);
  if (pid == 0) {
    close(pi[0]);
    fghack_child(pi[1], argv + 1);
  }
  close(pi[1]);
  fghack_drain(pi[0]);
  if (wait_pid(pid, &status) == -1)
    strerr_die(EXIT_TEMP, FATAL, "wait failed: ", STRERR_SYS, (const char *)0);
  if (wait_crashed(status)) strerr_die(EXIT_TEMP, FATAL, "child crashed", (const char *)0);
  return wait_exitcode(status);
}

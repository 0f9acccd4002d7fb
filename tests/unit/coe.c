/* coe.c — unit test for libqmail/coe: the flag, and a real exec. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coe.h"
#include "tap.h"

#define FD 47 /* a number no shell or runtime is likely to use */

static int cloexec(int fd) { return !!(fcntl(fd, F_GETFD) & FD_CLOEXEC); }

/* exec this program again to ask whether FD is open after exec: 1 open,
 * 0 closed, -1 the check itself failed */
static int open_after_exec(const char *self)
{
  int st;
  pid_t pid;
  fflush(stdout);
  pid = fork();
  if (pid == -1) return -1;
  if (pid == 0) {
    char *argv[] = { (char *)(uintptr_t)self, (char *)(uintptr_t)"--is-open", 0 };
    execv(self, argv);
    _exit(99);
  }
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
  if (WEXITSTATUS(st) == 0) return 1;
  if (WEXITSTATUS(st) == 1) return 0;
  return -1;
}

int main(int argc, char **argv)
{
  int p[2], d;
  if (argc == 2 && strcmp(argv[1], "--is-open") == 0)
    return fcntl(FD, F_GETFD) == -1 ? 1 : 0;

  if (pipe(p) == -1 || dup2(p[0], FD) != FD) skip_all("pipe or dup2 failed");
  close(p[0]);
  is_int(cloexec(FD), 0, "a dup2'ed fd is not close-on-exec");
  is_int(open_after_exec(argv[0]), 1, "so it stays open across exec");
  is_int(coe_on(FD), 0, "coe_on");
  is_int(cloexec(FD), 1, "FD_CLOEXEC is set");
  is_int(open_after_exec(argv[0]), 0, "the fd is closed across exec");
  ok(fcntl(FD, F_GETFD) != -1, "but still open here");
  is_int(coe_on(FD), 0, "coe_on twice");
  is_int(cloexec(FD), 1, "still set");
  d = dup(FD);
  is_int(cloexec(d), 0, "a dup does not share the flag");
  close(d);
  is_int(coe_off(FD), 0, "coe_off");
  is_int(cloexec(FD), 0, "FD_CLOEXEC is clear");
  is_int(open_after_exec(argv[0]), 1, "the fd is inherited again");
  is_int(coe_off(FD), 0, "coe_off twice");
  is_int(cloexec(FD), 0, "still clear");
  is_int(cloexec(p[1]), 0, "another fd is untouched");
  close(FD);
  close(p[1]);
  errno = 0;
  is_int(coe_on(FD), -1, "coe_on of a closed fd fails");
  is_int(errno, EBADF, "with EBADF");
  errno = 0;
  is_int(coe_off(-1), -1, "coe_off of -1 fails");
  is_int(errno, EBADF, "with EBADF");
  return done_testing();
}

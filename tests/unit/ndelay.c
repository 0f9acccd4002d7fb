/* ndelay.c — unit test for libqmail/ndelay. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "ndelay.h"
#include "tap.h"

static int nonblocking(int fd) { return !!(fcntl(fd, F_GETFL) & O_NONBLOCK); }

int main(void)
{
  int p[2], fd, dupfd;
  char c;
  const char *d = tap_tmpdir();
  char path[4200];

  if (pipe(p) == -1) skip_all("pipe failed");
  is_int(nonblocking(p[0]), 0, "a new pipe blocks");
  is_int(ndelay_on(p[0]), 0, "ndelay_on");
  is_int(nonblocking(p[0]), 1, "O_NONBLOCK is set");
  errno = 0;
  is_int(read(p[0], &c, 1), -1, "a read of the empty pipe returns at once");
  ok(errno == EAGAIN || errno == EWOULDBLOCK, "with EAGAIN");
  is_int(ndelay_on(p[0]), 0, "ndelay_on twice");
  is_int(nonblocking(p[0]), 1, "still set");
  is_int(nonblocking(p[1]), 0, "the other end is untouched");
  dupfd = dup(p[0]);
  is_int(nonblocking(dupfd), 1, "a dup shares the flag");
  is_int(ndelay_off(p[0]), 0, "ndelay_off");
  is_int(nonblocking(p[0]), 0, "O_NONBLOCK is clear");
  is_int(nonblocking(dupfd), 0, "on the dup too");
  is_int(ndelay_off(p[0]), 0, "ndelay_off twice");
  is_int(nonblocking(p[0]), 0, "still clear");
  close(dupfd);
  close(p[0]);
  close(p[1]);

  snprintf(path, sizeof path, "%s/f", d);
  fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  is_int(ndelay_on(fd), 0, "ndelay_on on a file");
  ok((fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK)) == (O_APPEND | O_NONBLOCK),
     "O_APPEND kept beside O_NONBLOCK");
  is_int(ndelay_off(fd), 0, "ndelay_off on a file");
  ok((fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK)) == O_APPEND, "O_APPEND kept");
  close(fd);

  errno = 0;
  is_int(ndelay_on(fd), -1, "ndelay_on of a closed fd fails");
  is_int(errno, EBADF, "with EBADF");
  errno = 0;
  is_int(ndelay_off(-1), -1, "ndelay_off of -1 fails");
  is_int(errno, EBADF, "with EBADF");
  tap_rmtree(d);
  return done_testing();
}

/* fd.c — write(2) a whole buffer, retrying EINTR and short writes. */
#include "fd.h"

#include <errno.h>
#include <unistd.h>

int fd_writeall(int fd, const char *s, size_t n)
{
  while (n) {
    ssize_t w = write(fd, s, n);
    if (w == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    /* write(2) of n > 0 bytes never returns 0 on a sane fd: do not spin */
    if (w == 0) { errno = EIO; return -1; }
    s += w;
    n -= (size_t)w;
  }
  return 0;
}

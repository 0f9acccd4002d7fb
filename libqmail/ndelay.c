/* ndelay.c — O_NONBLOCK through fcntl(2). */
#include "ndelay.h"

#include <fcntl.h>

/* set or clear O_NONBLOCK, keeping the other status flags */
static int ndelay_set(int fd, int on)
{
  int fl = fcntl(fd, F_GETFL);
  if (fl == -1) return -1;
  fl = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
  return fcntl(fd, F_SETFL, fl) == -1 ? -1 : 0;
}

int ndelay_on(int fd) { return ndelay_set(fd, 1); }
int ndelay_off(int fd) { return ndelay_set(fd, 0); }

/* coe.c — FD_CLOEXEC through fcntl(2). */
#include "coe.h"

#include <fcntl.h>

/* set or clear FD_CLOEXEC, keeping any other descriptor flags */
static int coe_set(int fd, int on)
{
  int fl = fcntl(fd, F_GETFD);
  if (fl == -1) return -1;
  fl = on ? fl | FD_CLOEXEC : fl & ~FD_CLOEXEC;
  return fcntl(fd, F_SETFD, fl) == -1 ? -1 : 0;
}

int coe_on(int fd) { return coe_set(fd, 1); }
int coe_off(int fd) { return coe_set(fd, 0); }

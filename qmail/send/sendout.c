/* sendout.c — queued output to a non-blocking pipe (sendout.h). */
#include "sendout.h"

#include <errno.h>
#include <unistd.h>

void sendout_init(struct sendout *o, int fd)
{
  o->fd = fd;
  o->s.s = 0;
  o->s.len = o->s.a = 0;
  o->pos = 0;
}

int sendout_put(struct sendout *o, const char *x, size_t n)
{
  return stralloc_catb(&o->s, x, n);
}

int sendout_flush(struct sendout *o)
{
  while (o->pos < o->s.len) {
    ssize_t w = write(o->fd, o->s.s + o->pos, o->s.len - o->pos);
    if (w == -1) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
      return -1;
    }
    o->pos += (size_t)w;
  }
  o->s.len = o->pos = 0;
  return 0;
}

int sendout_waiting(const struct sendout *o)
{
  return o->pos < o->s.len;
}

void sendout_free(struct sendout *o)
{
  stralloc_free(&o->s);
  o->pos = 0;
}

/* getln.c — bounded line reading from a buf. */
#include "getln.h"

#include <errno.h>
#include <string.h>

int getln(buf *b, stralloc *line, int *match, int sep, size_t max)
{
  *match = 0;
  if (!stralloc_ready(line, 0)) return -1;
  line->len = 0;
  for (;;) {
    ssize_t r = buf_feed(b);
    char *x, *e;
    size_t n, room;
    if (r < 0) return -1;
    if (r == 0) return 0;
    /* more bytes follow max bytes without a separator: too long (a line
     * of exactly max bytes that ends the input is fine) */
    if (line->len >= max) { errno = EMSGSIZE; return -1; }
    x = buf_peek(b);
    n = (size_t)r;
    room = max - line->len;
    e = memchr(x, sep, n < room ? n : room);
    if (e) n = (size_t)(e - x) + 1;
    else if (n > room) n = room;
    if (!stralloc_catb(line, x, n)) return -1;
    buf_seek(b, n);
    if (e) { *match = 1; return 0; }
  }
}

int getln_skip(buf *b, int sep)
{
  for (;;) {
    ssize_t r = buf_feed(b);
    char *x, *e;
    if (r <= 0) return r < 0 ? -1 : 0;
    x = buf_peek(b);
    e = memchr(x, sep, (size_t)r);
    if (e) { buf_seek(b, (size_t)(e - x) + 1); return 0; }
    buf_seek(b, (size_t)r);
  }
}

/* sendproto.c — NUL-terminated fields from a pipe, with a maximum (sendproto.h). */
#include "sendproto.h"

#include <string.h>

#include "byte.h"

void sendproto_init(struct sendproto *r, size_t max)
{
  memset(r, 0, sizeof *r);
  r->max = max ? max : 1;
}

/* move the bytes not handed out to the front of the buffer */
static void sendproto_compact(struct sendproto *r)
{
  if (!r->pos) return;
  byte_copy(r->in.s, r->in.len - r->pos, r->in.s + r->pos);
  r->in.len -= r->pos;
  r->start -= r->pos;
  r->pos = 0;
}

int sendproto_put(struct sendproto *r, const char *data, size_t n)
{
  sendproto_compact(r);
  while (n) {
    size_t i = byte_chr(data, n, 0);
    size_t have = r->in.len - r->start;
    size_t room = r->max - have;
    size_t take = i;
    if (r->skipping) take = 0;
    else if (take > room) { take = room; r->skipping = 1; }
    if (take && !stralloc_catb(&r->in, data, take)) return 0;
    if (i == n) return 1;            /* the field goes on in a later put */
    if (!stralloc_append(&r->in, 0)) return 0;
    r->start = r->in.len;
    r->skipping = 0;
    data += i + 1;
    n -= i + 1;
  }
  return 1;
}

int sendproto_field(struct sendproto *r, const char **s, size_t *len)
{
  size_t i;
  if (r->pos >= r->start) return 0;
  i = byte_chr(r->in.s + r->pos, r->start - r->pos, 0);
  *s = r->in.s + r->pos;
  *len = i;
  r->pos += i + 1;
  return 1;
}

int sendproto_partial(const struct sendproto *r)
{
  return r->in.len > r->start || r->skipping;
}

void sendproto_free(struct sendproto *r)
{
  stralloc_free(&r->in);
  r->pos = r->start = 0;
  r->skipping = 0;
}

/* netstring.c — netstring parser, encoder and bounded reader. */
#include "netstring.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>

/* take one character of the length into *n (*digits so far): 1 for a
 * digit, 0 for the ':' that ends a length, -1 with errno on error */
static int netstring_digit(size_t *n, size_t *digits, char c, size_t max)
{
  if (c == ':') {
    if (!*digits) { errno = EINVAL; return -1; }
    return 0;
  }
  if (c < '0' || c > '9' || (*digits == 1 && *n == 0)) { errno = EINVAL; return -1; }
  if (__builtin_mul_overflow(*n, 10, n) || __builtin_add_overflow(*n, (size_t)(c - '0'), n) ||
      *n > max) {
    errno = EMSGSIZE;
    return -1;
  }
  ++*digits;
  return 1;
}

ssize_t netstring_parse(const char *s, size_t len, size_t max,
                        const char **data, size_t *datalen)
{
  size_t n = 0, digits = 0, i = 0;
  for (;; ++i) {
    int r;
    if (i == len) return 0;
    r = netstring_digit(&n, &digits, s[i], max);
    if (r < 0) return -1;
    if (r == 0) break;
  }
  ++i; /* the ':' */
  /* the data and the ',' must be there: n + 1 more bytes */
  if (n >= len - i) return 0;
  if (s[i + n] != ',') { errno = EINVAL; return -1; }
  if (i + n + 1 > (size_t)SSIZE_MAX) { errno = EMSGSIZE; return -1; }
  *data = s + i;
  *datalen = n;
  return (ssize_t)(i + n + 1);
}

int netstring_encode(stralloc *out, const char *data, size_t len)
{
  size_t old = out->len;
  if (!out->s) old = 0;
  if (stralloc_catulong0(out, len, 0) && stralloc_append(out, ':') &&
      stralloc_catb(out, data, len) && stralloc_append(out, ','))
    return 1;
  if (out->s) out->len = old;
  return 0;
}

/* read the length and its ':': 1, 0 at a clean EOF, -1 */
static int netstring_readlen(buf *b, size_t *n, size_t max)
{
  size_t digits = 0;
  *n = 0;
  for (;;) {
    char c;
    int r = buf_getc(b, &c);
    if (r < 0) return -1;
    if (r == 0) {
      if (!digits) return 0;
      errno = EPROTO;
      return -1;
    }
    r = netstring_digit(n, &digits, c, max);
    if (r < 0) return -1;
    if (r == 0) return 1;
  }
}

int netstring_read(buf *b, stralloc *out, size_t max)
{
  size_t n;
  char c;
  int r;
  if (!stralloc_ready(out, 0)) return -1;
  out->len = 0;
  r = netstring_readlen(b, &n, max);
  if (r <= 0) return r;
  while (out->len < n) {
    ssize_t got = buf_feed(b);
    size_t take;
    if (got < 0) return -1;
    if (got == 0) { errno = EPROTO; return -1; }
    take = n - out->len;
    if ((size_t)got < take) take = (size_t)got;
    if (!stralloc_catb(out, buf_peek(b), take)) return -1;
    buf_seek(b, take);
  }
  r = buf_getc(b, &c);
  if (r < 0) return -1;
  if (r == 0) { errno = EPROTO; return -1; }
  if (c != ',') { errno = EINVAL; return -1; }
  return 1;
}

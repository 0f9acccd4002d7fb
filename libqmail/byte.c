/* byte.c — pointer + length byte operations over the mem* functions. */
#include "byte.h"

#include <string.h>

/* mem* with a NULL pointer is undefined even for length 0, so every
 * function returns early on n == 0. */

void byte_copy(void *to, size_t n, const void *from)
{
  if (n) memmove(to, from, n);
}

void byte_copyr(void *to, size_t n, const void *from)
{
  if (n) memmove(to, from, n);
}

int byte_diff(const void *a, size_t n, const void *b)
{
  int d;
  if (!n) return 0;
  d = memcmp(a, b, n);
  return (d > 0) - (d < 0);
}

int byte_equal(const void *a, size_t n, const void *b)
{
  return !n || memcmp(a, b, n) == 0;
}

size_t byte_chr(const void *s, size_t n, int c)
{
  const char *p;
  if (!n) return 0;
  p = memchr(s, (unsigned char)c, n);
  return p ? (size_t)(p - (const char *)s) : n;
}

size_t byte_rchr(const void *s, size_t n, int c)
{
  const char *p;
  if (!n) return 0;
  p = memrchr(s, (unsigned char)c, n);
  return p ? (size_t)(p - (const char *)s) : n;
}

void byte_zero(void *s, size_t n)
{
  if (n) memset(s, 0, n);
}

void byte_wipe(void *s, size_t n)
{
  if (n) explicit_bzero(s, n);
}

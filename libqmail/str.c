/* str.c — NUL-terminated string helpers with qmail's index conventions. */
#include "str.h"

#include <errno.h>
#include <string.h>

size_t str_len(const char *s) { return strlen(s); }

int str_diff(const char *a, const char *b)
{
  const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  while (*x && *x == *y) { ++x; ++y; }
  return (int)*x - (int)*y;
}

int str_diffn(const char *a, const char *b, size_t n)
{
  const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  for (; n; --n, ++x, ++y)
    if (!*x || *x != *y) return (int)*x - (int)*y;
  return 0;
}

int str_equal(const char *a, const char *b) { return strcmp(a, b) == 0; }

int str_start(const char *s, const char *prefix)
{
  while (*prefix)
    if (*s++ != *prefix++) return 0;
  return 1;
}

size_t str_chr(const char *s, int c)
{
  /* strchrnul finds the terminating NUL when c is absent (or is 0) */
  return (size_t)(strchrnul(s, (unsigned char)c) - s);
}

size_t str_rchr(const char *s, int c)
{
  const char *p = strrchr(s, (unsigned char)c);
  return p ? (size_t)(p - s) : strlen(s);
}

int str_copyb(char *to, size_t size, const char *from)
{
  size_t n = strnlen(from, size);
  if (n == size) {
    /* no NUL within size bytes: it does not fit */
    if (size) to[0] = 0;
    errno = ERANGE;
    return 0;
  }
  memcpy(to, from, n + 1);
  return 1;
}

/* stralloc.c — growable byte strings with overflow-checked growth. */
#include "stralloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int stralloc_ready(stralloc *sa, size_t n)
{
  size_t want, extra;
  char *p;
  if (sa->s && n <= sa->a) return 1;
  /* grow by about 1/8 plus a little, so that repeated appends are amortised */
  extra = (n >> 3) + 30;
  if (__builtin_add_overflow(n, extra, &want)) want = n;
  if (want > PTRDIFF_MAX) {
    if (n > PTRDIFF_MAX) { errno = EOVERFLOW; return 0; }
    want = n;
  }
  if (want == 0) want = 1;
  p = realloc(sa->s, want);
  if (!p) { errno = ENOMEM; return 0; }
  sa->s = p;
  sa->a = want;
  return 1;
}

int stralloc_readyplus(stralloc *sa, size_t n)
{
  size_t want;
  if (!sa->s) sa->len = 0;
  if (__builtin_add_overflow(sa->len, n, &want)) { errno = EOVERFLOW; return 0; }
  return stralloc_ready(sa, want);
}

int stralloc_copyb(stralloc *sa, const char *s, size_t n)
{
  if (!stralloc_ready(sa, n)) return 0;
  if (n) memmove(sa->s, s, n);
  sa->len = n;
  return 1;
}

int stralloc_copys(stralloc *sa, const char *s) { return stralloc_copyb(sa, s, strlen(s)); }

int stralloc_copy(stralloc *to, const stralloc *from)
{
  return stralloc_copyb(to, from->s, from->s ? from->len : 0);
}

int stralloc_catb(stralloc *sa, const char *s, size_t n)
{
  if (!stralloc_readyplus(sa, n)) return 0;
  if (n) memmove(sa->s + sa->len, s, n);
  sa->len += n;
  return 1;
}

int stralloc_cats(stralloc *sa, const char *s) { return stralloc_catb(sa, s, strlen(s)); }

int stralloc_cat(stralloc *to, const stralloc *from)
{
  return stralloc_catb(to, from->s, from->s ? from->len : 0);
}

int stralloc_append(stralloc *sa, char c) { return stralloc_catb(sa, &c, 1); }

int stralloc_catulong0(stralloc *sa, unsigned long long n, unsigned width)
{
  char buf[64];
  size_t i = sizeof buf;
  if (width > 40) width = 40;
  do { buf[--i] = (char)('0' + n % 10); n /= 10; } while (n);
  while (sizeof buf - i < width) buf[--i] = '0';
  return stralloc_catb(sa, buf + i, sizeof buf - i);
}

int stralloc_catlong(stralloc *sa, long long n)
{
  unsigned long long u = (unsigned long long)n;
  if (n < 0) {
    if (!stralloc_append(sa, '-')) return 0;
    u = 0 - u;
  }
  return stralloc_catulong0(sa, u, 0);
}

int stralloc_0(stralloc *sa) { return stralloc_append(sa, 0); }

int stralloc_starts(const stralloc *sa, const char *s)
{
  size_t n = strlen(s);
  return sa->s && sa->len >= n && memcmp(sa->s, s, n) == 0;
}

void stralloc_trunc(stralloc *sa, size_t n)
{
  if (n < sa->len) sa->len = n;
}

void stralloc_free(stralloc *sa)
{
  free(sa->s);
  sa->s = 0;
  sa->len = 0;
  sa->a = 0;
}

/* mlmatch.c — multilog's star patterns (see mlmatch.h). */
#include "mlmatch.h"

#include <string.h>

int mlmatch(const char *pat, size_t plen, const char *s, size_t len)
{
  size_t p = 0, i = 0;
  while (p < plen) {
    char c = pat[p++];
    if (c == '*') {
      const char *stop;
      if (p == plen) return 1;
      /* the star ends just before the next pattern byte; that byte is
       * then matched by the next round of the loop */
      stop = len > i ? memchr(s + i, pat[p], len - i) : NULL;
      if (!stop) return 0;
      i = (size_t)(stop - s);
      continue;
    }
    if (i == len || s[i] != c) return 0;
    ++i;
  }
  return i == len;
}

/* genalloc.c — overflow-checked growth behind the GENALLOC_DECLARE arrays. */
#include "genalloc.h"

#include <errno.h>
#include <stdlib.h>

int genalloc_addcount(size_t len, size_t n, size_t *total)
{
  if (__builtin_add_overflow(len, n, total)) { errno = EOVERFLOW; return 0; }
  return 1;
}

void *genalloc_grow(void *p, size_t *a, size_t n, size_t size)
{
  size_t want, bytes, extra;
  void *q;
  if (!size) { errno = EINVAL; return 0; }
  if (p && n <= *a) return p;
  if (__builtin_mul_overflow(n, size, &bytes) || bytes > GENALLOC_MAX_BYTES) {
    errno = EOVERFLOW;
    return 0;
  }
  /* grow by about 1/8 plus a few, so that repeated appends are amortised;
   * when the headroom does not fit, settle for exactly n */
  extra = (n >> 3) + 8;
  if (__builtin_add_overflow(n, extra, &want) || __builtin_mul_overflow(want, size, &bytes)
      || bytes > GENALLOC_MAX_BYTES) {
    want = n;
    bytes = n * size;
  }
  if (!bytes) { want = 1; bytes = size; }
  q = realloc(p, bytes);
  if (!q) { errno = ENOMEM; return 0; }
  *a = want;
  return q;
}

void genalloc_release(void *p) { free(p); }

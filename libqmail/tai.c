/* tai.c — TAI64 labels. */
#include "tai.h"

#include <errno.h>

void tai_now(struct tai *t)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) ts.tv_sec = time(0);
  /* any time_t of this era is far inside the representable range */
  t->x = TAI_UNIX_EPOCH + (uint64_t)(int64_t)ts.tv_sec;
}

int tai_unix(struct tai *t, int64_t u)
{
  /* the label is epoch + u, which stays in [0, 2^64) for every u from
   * -epoch up; only times before label 0 cannot be written */
  if (u < -(int64_t)TAI_UNIX_EPOCH) { errno = EOVERFLOW; return 0; }
  t->x = TAI_UNIX_EPOCH + (uint64_t)u;
  return 1;
}

int tai_tounix(const struct tai *t, time_t *u)
{
  int64_t s;
  if (t->x >= TAI_UNIX_EPOCH) {
    uint64_t d = t->x - TAI_UNIX_EPOCH;
    if (d > (uint64_t)INT64_MAX) { errno = EOVERFLOW; return 0; }
    s = (int64_t)d;
  } else {
    s = -(int64_t)(TAI_UNIX_EPOCH - t->x);
  }
  if ((time_t)s != s) { errno = EOVERFLOW; return 0; }
  *u = (time_t)s;
  return 1;
}

void tai_pack(unsigned char out[TAI_PACK], const struct tai *t)
{
  uint64_t x = t->x;
  for (int i = TAI_PACK - 1; i >= 0; --i) {
    out[i] = (unsigned char)(x & 0xff);
    x >>= 8;
  }
}

void tai_unpack(const unsigned char in[TAI_PACK], struct tai *t)
{
  uint64_t x = 0;
  for (int i = 0; i < TAI_PACK; ++i) x = (x << 8) | in[i];
  t->x = x;
}

int tai_less(const struct tai *a, const struct tai *b) { return a->x < b->x; }

/* taia.c — TAI64NA times with saturating arithmetic. */
#include "taia.h"

#include <errno.h>
#include <time.h>

#define TAIA_BILLION 1000000000U

void taia_now(struct taia *t)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
    ts.tv_sec = time(0);
    ts.tv_nsec = 0;
  }
  t->sec.x = TAI_UNIX_EPOCH + (uint64_t)(int64_t)ts.tv_sec;
  t->nano = (uint32_t)ts.tv_nsec;
  t->atto = 0;
}

void taia_uint(struct taia *t, unsigned int s)
{
  t->sec.x = s;
  t->nano = 0;
  t->atto = 0;
}

/* saturate t at the largest value or at zero, and say so */
static int taia_saturate(struct taia *t, int high)
{
  t->sec.x = high ? UINT64_MAX : 0;
  t->nano = high ? TAIA_BILLION - 1 : 0;
  t->atto = high ? TAIA_BILLION - 1 : 0;
  errno = EOVERFLOW;
  return 0;
}

int taia_add(struct taia *t, const struct taia *a, const struct taia *b)
{
  /* 64-bit sums, so that even out-of-range fields cannot wrap */
  uint64_t atto = (uint64_t)a->atto + b->atto, nano = (uint64_t)a->nano + b->nano, sec;
  nano += atto / TAIA_BILLION;
  atto %= TAIA_BILLION;
  if (__builtin_add_overflow(a->sec.x, b->sec.x, &sec)
      || __builtin_add_overflow(sec, nano / TAIA_BILLION, &sec))
    return taia_saturate(t, 1);
  t->sec.x = sec;
  t->nano = (uint32_t)(nano % TAIA_BILLION);
  t->atto = (uint32_t)atto;
  return 1;
}

int taia_sub(struct taia *t, const struct taia *a, const struct taia *b)
{
  int64_t atto = (int64_t)a->atto - b->atto, nano = (int64_t)a->nano - b->nano;
  uint64_t sec, borrow = 0;
  if (atto < 0) { atto += TAIA_BILLION; --nano; }
  while (nano < 0) { nano += TAIA_BILLION; ++borrow; }
  if (__builtin_sub_overflow(a->sec.x, b->sec.x, &sec)
      || __builtin_sub_overflow(sec, borrow, &sec))
    return taia_saturate(t, 0);
  t->sec.x = sec;
  t->nano = (uint32_t)nano;
  t->atto = (uint32_t)atto;
  return 1;
}

int taia_less(const struct taia *a, const struct taia *b)
{
  if (a->sec.x != b->sec.x) return a->sec.x < b->sec.x;
  if (a->nano != b->nano) return a->nano < b->nano;
  return a->atto < b->atto;
}

double taia_frac(const struct taia *t)
{
  return ((double)t->atto * 1e-9 + (double)t->nano) * 1e-9;
}

double taia_approx(const struct taia *t)
{
  return (double)t->sec.x + taia_frac(t);
}

void taia_pack(unsigned char out[TAIA_PACK], const struct taia *t)
{
  uint32_t n = t->nano;
  tai_pack(out, &t->sec);
  for (int i = TAIA_PACK - 1; i >= TAI_PACK; --i) {
    out[i] = (unsigned char)(n & 0xff);
    n >>= 8;
  }
}

int taia_unpack(const unsigned char in[TAIA_PACK], struct taia *t)
{
  uint32_t n = 0;
  for (int i = TAI_PACK; i < TAIA_PACK; ++i) n = (n << 8) | in[i];
  if (n >= TAIA_BILLION) { errno = EINVAL; return 0; }
  tai_unpack(in, &t->sec);
  t->nano = n;
  t->atto = 0;
  return 1;
}

/* retry.c — qmail's retry schedule: exact integer square roots, saturating times. */
#include <stdint.h>

#include "retry.h"

/* isqrt: digit by digit in base 4, so every step is exact and nothing
 * overflows even for UINT64_MAX. */
uint64_t retry_isqrt(uint64_t x)
{
  uint64_t r = 0, bit = (uint64_t)1 << 62;
  while (bit > x) bit >>= 2;
  while (bit) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

int64_t retry_next(int64_t birth, int64_t now, enum retry_channel c)
{
  uint64_t age, root, sq;
  int64_t next;
  unsigned skip = c == RETRY_LOCAL ? RETRY_SKIP_LOCAL : RETRY_SKIP_REMOTE;

  if (now < birth) now = birth;  /* the clock went back: as if just born */
  /* now >= birth, so the difference fits in 64 unsigned bits even when
   * birth is negative and now positive */
  age = (uint64_t)now - (uint64_t)birth;
  root = retry_isqrt(age) + skip;  /* at most 2^32 + 20: no overflow */
  if (__builtin_mul_overflow(root, root, &sq) || sq > (uint64_t)INT64_MAX) return INT64_MAX;
  if (__builtin_add_overflow(birth, (int64_t)sq, &next)) return INT64_MAX;
  return next;
}

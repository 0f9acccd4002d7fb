/* tai64n.c — TAI64N labels as text, and their local-time rendering. */
#include "tai64n.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

static const char tai64n_hex[] = "0123456789abcdef";

size_t tai64n_fmt(char out[TAI64N_FMT], const struct taia *t)
{
  unsigned char packed[TAIA_PACK];
  taia_pack(packed, t);
  out[0] = '@';
  for (size_t i = 0; i < TAIA_PACK; ++i) {
    out[1 + 2 * i] = tai64n_hex[packed[i] >> 4];
    out[2 + 2 * i] = tai64n_hex[packed[i] & 15];
  }
  return TAI64N_FMT;
}

/* the value of a lowercase hex digit, or -1 */
static int tai64n_digit(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

size_t tai64n_scan(const char *s, size_t len, struct taia *t)
{
  unsigned char packed[TAIA_PACK];
  struct taia got;
  if (len < TAI64N_FMT || s[0] != '@') return 0;
  for (size_t i = 0; i < TAIA_PACK; ++i) {
    int hi = tai64n_digit(s[1 + 2 * i]), lo = tai64n_digit(s[2 + 2 * i]);
    if (hi < 0 || lo < 0) return 0;
    packed[i] = (unsigned char)(hi << 4 | lo);
  }
  if (!taia_unpack(packed, &got)) return 0;
  *t = got;
  return TAI64N_FMT;
}

size_t tai64nlocal_fmt(char out[TAI64NLOCAL_FMT], const struct taia *t)
{
  struct tm tm;
  uint64_t d = t->sec.x - TAI_UNIX_EPOCH;
  time_t u;
  int n;
  /* tai64nlocal subtracts 2^62 + 10 modulo 2^64 and hands the result to
   * localtime as a signed time: do the same so that the two always agree */
  u = (time_t)(d <= INT64_MAX ? (int64_t)d : -(int64_t)(UINT64_MAX - d) - 1);
  tzset();
  if (!localtime_r(&u, &tm)) { errno = EOVERFLOW; return 0; }
  n = snprintf(out, TAI64NLOCAL_FMT, "%lld-%02d-%02d %02d:%02d:%02d.%09u",
               1900LL + tm.tm_year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
               tm.tm_min, tm.tm_sec, (unsigned)t->nano);
  if (n <= 0 || n >= TAI64NLOCAL_FMT) { errno = EOVERFLOW; return 0; }
  return (size_t)n;
}

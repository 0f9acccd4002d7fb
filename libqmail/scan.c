/* scan.c — overflow-rejecting number scanners over pointer + length. */
#include "scan.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>

/* digit value of c in base (8, 10 or 16), or -1 */
static int digit(unsigned char c, unsigned base)
{
  unsigned v;
  if (c >= '0' && c <= '9') v = c - '0';
  else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
  else return -1;
  return v < base ? (int)v : -1;
}

/* the core: the run of base digits at s as a value <= max. Every digit of
 * the run is consumed, so "99999999999999999999999" is one overflowing
 * number, never a prefix that fits. */
static size_t scan_base(const char *s, size_t len, unsigned base,
                        unsigned long long max, unsigned long long *out)
{
  unsigned long long v = 0;
  int over = 0;
  size_t i;
  for (i = 0; i < len; ++i) {
    int d = digit((unsigned char)s[i], base);
    if (d < 0) break;
    if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, (unsigned)d, &v)
        || v > max)
      over = 1;
  }
  if (i == 0) { errno = EINVAL; return 0; }
  if (over) { errno = ERANGE; return 0; }
  *out = v;
  return i;
}

size_t scan_plusminus(const char *s, size_t len, int *sign)
{
  *sign = 1;
  if (len && s[0] == '+') return 1;
  if (len && s[0] == '-') { *sign = -1; return 1; }
  return 0;
}

/* SCAN_UNSIGNED(name, T, base, max): an unsigned scanner over scan_base */
#define SCAN_UNSIGNED(name, T, base, max) \
  size_t name(const char *s, size_t len, T *out) \
  { \
    unsigned long long v; \
    size_t n = scan_base(s, len, (base), (max), &v); \
    if (n) *out = (T)v; \
    return n; \
  }

SCAN_UNSIGNED(scan_ulong, unsigned long, 10, ULONG_MAX)
SCAN_UNSIGNED(scan_uint, unsigned int, 10, UINT_MAX)
SCAN_UNSIGNED(scan_ushort, unsigned short, 10, USHRT_MAX)
SCAN_UNSIGNED(scan_ullong, unsigned long long, 10, ULLONG_MAX)
SCAN_UNSIGNED(scan_sizet, size_t, 10, SIZE_MAX)
SCAN_UNSIGNED(scan_xlong, unsigned long, 16, ULONG_MAX)
SCAN_UNSIGNED(scan_8long, unsigned long, 8, ULONG_MAX)

/* a signed decimal whose magnitude is at most maxpos (or maxpos + 1 when
 * negative), returned as the magnitude and the sign */
static size_t scan_signed(const char *s, size_t len, unsigned long long maxpos,
                          unsigned long long *mag, int *sign)
{
  size_t n = scan_plusminus(s, len, sign);
  size_t d = scan_base(s + n, len - n, 10, *sign < 0 ? maxpos + 1 : maxpos, mag);
  return d ? n + d : 0;
}

size_t scan_long(const char *s, size_t len, long *out)
{
  unsigned long long m;
  int sign;
  size_t n = scan_signed(s, len, LONG_MAX, &m, &sign);
  if (!n) return 0;
  /* m <= LONG_MAX + 1 here: -(m - 1) - 1 reaches LONG_MIN without overflow */
  *out = sign < 0 ? (m ? -(long)(m - 1) - 1 : 0) : (long)m;
  return n;
}

size_t scan_int(const char *s, size_t len, int *out)
{
  unsigned long long m;
  int sign;
  size_t n = scan_signed(s, len, INT_MAX, &m, &sign);
  if (!n) return 0;
  *out = sign < 0 ? (m ? -(int)(m - 1) - 1 : 0) : (int)m;
  return n;
}

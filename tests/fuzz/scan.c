/* scan.c — fuzz target for libqmail/scan (with fmt for the round trip).
 *
 * Every scanner gets the input; each result is checked against strtoull /
 * strtoll run on the same digits (value, or overflow), consumed must not
 * pass len and must take the whole run of digits, failure must leave the
 * output alone, and fmt of a scanned value must scan back to itself. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s (line %d)\n", #c, __LINE__); abort(); } } while (0)

static int isdig(unsigned char c, unsigned base)
{
  if (base == 8) return c >= '0' && c <= '7';
  if (base == 10) return c >= '0' && c <= '9';
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* the reference: the sign (if allowed) and digit run at s, as strtoull /
 * strtoll read it. Returns the bytes the run spans (0: no digits) and sets
 * *range when the value is outside [min, max]. */
static size_t reference(const char *s, size_t len, unsigned base, int sign_ok,
                        long long min, unsigned long long max, int *range,
                        unsigned long long *uv, long long *sv)
{
  size_t i = 0, d;
  char *copy;
  if (sign_ok && len && (s[0] == '+' || s[0] == '-')) i = 1;
  for (d = i; d < len && isdig((unsigned char)s[d], base); ++d) {}
  if (d == i) return 0;
  copy = malloc(d + 1);
  CHECK(copy);
  memcpy(copy, s, d);
  copy[d] = 0;
  errno = 0;
  if (sign_ok) {
    *sv = strtoll(copy, 0, 10);
    *range = errno == ERANGE || *sv < min || (*sv > 0 && (unsigned long long)*sv > max);
  } else {
    *uv = strtoull(copy, 0, (int)base);
    *range = errno == ERANGE || *uv > max;
  }
  free(copy);
  return d;
}

/* U(scan, fmt, T, base, max): check one unsigned scanner */
#define U(scanfn, fmtfn, T, base, max) do { \
    T v = (T)12345, back; \
    unsigned long long rv = 0; long long sv = 0; int range = 0; \
    size_t want = reference(s, size, base, 0, 0, (max), &range, &rv, &sv); \
    size_t n = scanfn(s, size, &v); \
    CHECK(n <= size); \
    if (!want || range) { CHECK(n == 0 && v == (T)12345); break; } \
    CHECK(n == want && (unsigned long long)v == rv); \
    char buf[FMT_ULONG]; \
    size_t len = fmtfn(buf, v); \
    CHECK(len == fmtfn(0, v) && len < sizeof buf); \
    CHECK(scanfn(buf, len, &back) == len && back == v); \
  } while (0)

/* S(scan, fmt, T, min, max): check one signed scanner */
#define S(scanfn, fmtfn, T, min, max) do { \
    T v = (T)-777, back; \
    unsigned long long rv = 0; long long sv = 0; int range = 0; \
    size_t want = reference(s, size, 10, 1, (min), (max), &range, &rv, &sv); \
    size_t n = scanfn(s, size, &v); \
    CHECK(n <= size); \
    if (!want || range) { CHECK(n == 0 && v == (T)-777); break; } \
    CHECK(n == want && (long long)v == sv); \
    char buf[FMT_ULONG]; \
    size_t len = fmtfn(buf, v); \
    CHECK(len == fmtfn(0, v) && len < sizeof buf); \
    CHECK(scanfn(buf, len, &back) == len && back == v); \
  } while (0)

static size_t fmt_ushort_(char *d, unsigned short n) { return fmt_uint(d, n); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *s = (const char *)data;
  int sign = 0;
  size_t pm = scan_plusminus(s, size, &sign);
  CHECK(pm <= 1 && pm <= size && (sign == 1 || sign == -1));
  CHECK(pm == (size && (s[0] == '+' || s[0] == '-')));

  U(scan_ulong, fmt_ulong, unsigned long, 10, ULONG_MAX);
  U(scan_uint, fmt_uint, unsigned int, 10, UINT_MAX);
  U(scan_ushort, fmt_ushort_, unsigned short, 10, USHRT_MAX);
  U(scan_ullong, fmt_ullong, unsigned long long, 10, ULLONG_MAX);
  U(scan_sizet, fmt_sizet, size_t, 10, SIZE_MAX);
  U(scan_xlong, fmt_xlong, unsigned long, 16, ULONG_MAX);
  U(scan_8long, fmt_8long, unsigned long, 8, ULONG_MAX);
  S(scan_long, fmt_long, long, LONG_MIN, LONG_MAX);
  S(scan_int, fmt_int, int, INT_MIN, INT_MAX);
  return 0;
}

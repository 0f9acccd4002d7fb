/* fmt.c — unit test for libqmail/fmt. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "tap.h"

int main(void)
{
  char b[FMT_ULONG + 8], want[64];
  size_t n;

  memset(b, '#', sizeof b);
  n = fmt_ulong(b, 0);
  is_mem(b, n, "0", 1, "ulong 0");
  is_int(b[1], '#', "nothing written past the digits (no NUL)");
  n = fmt_ulong(b, 1234567890UL);
  is_mem(b, n, "1234567890", 10, "ulong");
  snprintf(want, sizeof want, "%lu", ULONG_MAX);
  n = fmt_ulong(b, ULONG_MAX);
  is_mem(b, n, want, strlen(want), "ulong max");
  is_int(fmt_ulong(0, ULONG_MAX), strlen(want), "ulong NULL dest gives the length");
  is_int(fmt_ulong(0, 0), 1, "length of 0");
  is_int(fmt_ulong(0, 9), 1, "length of 9");
  is_int(fmt_ulong(0, 10), 2, "length of 10");

  n = fmt_uint(b, UINT_MAX);
  snprintf(want, sizeof want, "%u", UINT_MAX);
  is_mem(b, n, want, strlen(want), "uint max");
  n = fmt_ullong(b, ULLONG_MAX);
  is_mem(b, n, "18446744073709551615", 20, "ullong max");
  n = fmt_sizet(b, SIZE_MAX);
  snprintf(want, sizeof want, "%zu", SIZE_MAX);
  is_mem(b, n, want, strlen(want), "sizet max");

  n = fmt_ulong0(b, 42, 5);
  is_mem(b, n, "00042", 5, "ulong0 pads");
  n = fmt_ulong0(b, 123456, 3);
  is_mem(b, n, "123456", 6, "ulong0 never truncates");
  n = fmt_ulong0(b, 0, 0);
  is_mem(b, n, "0", 1, "ulong0 width 0");
  n = fmt_uint0(b, 7, 2);
  is_mem(b, n, "07", 2, "uint0");
  is_int(fmt_ulong0(0, 5, 30), 30, "ulong0 NULL dest with width");
  is_int(fmt_ulong0(0, 5, SIZE_MAX), SIZE_MAX, "ulong0 length with a huge width");

  n = fmt_long(b, -1);
  is_mem(b, n, "-1", 2, "long -1");
  n = fmt_long(b, 0);
  is_mem(b, n, "0", 1, "long 0");
  snprintf(want, sizeof want, "%ld", LONG_MIN);
  n = fmt_long(b, LONG_MIN);
  is_mem(b, n, want, strlen(want), "long LONG_MIN");
  is_int(fmt_long(0, LONG_MIN), strlen(want), "long LONG_MIN length");
  snprintf(want, sizeof want, "%ld", LONG_MAX);
  n = fmt_long(b, LONG_MAX);
  is_mem(b, n, want, strlen(want), "long LONG_MAX");
  n = fmt_int(b, INT_MIN);
  is_mem(b, n, "-2147483648", 11, "int INT_MIN");

  n = fmt_xlong(b, 0xdeadbeefUL);
  is_mem(b, n, "deadbeef", 8, "xlong lower case");
  n = fmt_xlong(b, 0);
  is_mem(b, n, "0", 1, "xlong 0");
  snprintf(want, sizeof want, "%lx", ULONG_MAX);
  n = fmt_xlong(b, ULONG_MAX);
  is_mem(b, n, want, strlen(want), "xlong max");
  n = fmt_8long(b, 0755);
  is_mem(b, n, "755", 3, "8long");
  snprintf(want, sizeof want, "%lo", ULONG_MAX);
  n = fmt_8long(b, ULONG_MAX);
  is_mem(b, n, want, strlen(want), "8long max");
  ok(n + 2 <= FMT_ULONG, "FMT_ULONG holds the longest form plus a sign and NUL");

  n = fmt_str(b, "abc");
  n += fmt_ulong(b + n, 12);
  is_mem(b, n, "abc12", 5, "str then ulong");
  is_int(fmt_str(0, "hello"), 5, "str NULL dest");
  is_int(fmt_str(b, ""), 0, "str empty");

  return done_testing();
}

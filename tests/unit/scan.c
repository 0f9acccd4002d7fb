/* scan.c — unit test for libqmail/scan. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"
#include "tap.h"

#define S(lit) (lit), (sizeof(lit) - 1)

int main(void)
{
  unsigned long ul;
  unsigned int ui;
  unsigned short us;
  unsigned long long ull;
  size_t z;
  long l;
  int i, sign;
  char big[64];

  ul = 7;
  is_int(scan_ulong(S("12345"), &ul), 5, "ulong consumes all digits");
  is_int(ul, 12345, "ulong value");
  is_int(scan_ulong(S("42 rest"), &ul), 2, "ulong stops at a non-digit");
  is_int(ul, 42, "ulong value before space");
  is_int(scan_ulong("98765", 3, &ul), 3, "ulong reads only len bytes");
  is_int(ul, 987, "ulong value within len");
  is_int(scan_ulong(S("0007"), &ul), 4, "leading zeros");
  is_int(ul, 7, "leading zeros value");
  ul = 99;
  errno = 0;
  is_int(scan_ulong(S("x1"), &ul), 0, "ulong: no digit");
  is_int(errno, EINVAL, "no digit: EINVAL");
  is_int(ul, 99, "no digit: out untouched");
  is_int(scan_ulong(S(" 1"), &ul), 0, "ulong: no leading space");
  is_int(scan_ulong(S("+1"), &ul), 0, "ulong: no sign");
  is_int(scan_ulong("", 0, &ul), 0, "ulong: empty");
  is_int(scan_ulong(0, 0, &ul), 0, "ulong: NULL with length 0");
  is_int(ul, 99, "still untouched");

  /* the edges of unsigned long (64-bit here, 32-bit elsewhere) */
  snprintf(big, sizeof big, "%lu", ULONG_MAX);
  ok(scan_ulong(big, strlen(big), &ul) == strlen(big) && ul == ULONG_MAX, "ulong: ULONG_MAX");
  snprintf(big, sizeof big, "%lu0", ULONG_MAX);
  ul = 5;
  errno = 0;
  is_int(scan_ulong(big, strlen(big), &ul), 0, "ulong: ULONG_MAX * 10 overflows");
  is_int(errno, ERANGE, "overflow: ERANGE");
  is_int(ul, 5, "overflow: out untouched");
  if (ULONG_MAX == 18446744073709551615UL) {
    is_int(scan_ulong(S("18446744073709551616"), &ul), 0, "ulong: ULONG_MAX + 1 overflows");
    is_int(scan_ulong(S("18446744073709551615x"), &ul), 20, "ulong: max then junk");
    is_int(scan_ulong(S("99999999999999999999999999999999"), &ul), 0, "ulong: long overflow");
    is_int(scan_ulong(S("36893488147419103231"), &ul), 0, "ulong: 2^65-1 does not wrap");
  } else {
    skip(4, "unsigned long is not 64-bit");
  }
  ok(scan_ulong(S("0000000000000000000000000000000000001"), &ul) == 37 && ul == 1,
     "ulong: many leading zeros do not overflow");

  is_int(scan_uint(S("4294967295"), &ui), 10, "uint: UINT_MAX");
  ok(ui == UINT_MAX, "uint: UINT_MAX value");
  ui = 3;
  errno = 0;
  is_int(scan_uint(S("4294967296"), &ui), 0, "uint: UINT_MAX + 1 overflows");
  ok(errno == ERANGE && ui == 3, "uint: ERANGE, out untouched");

  is_int(scan_ushort(S("65535"), &us), 5, "ushort: max");
  is_int(us, 65535, "ushort value");
  us = 1;
  is_int(scan_ushort(S("65536"), &us), 0, "ushort: max + 1 overflows");
  is_int(us, 1, "ushort untouched");
  is_int(scan_ushort(S("25:"), &us), 2, "ushort port then colon");

  is_int(scan_ullong(S("18446744073709551615"), &ull), 20, "ullong max");
  ok(ull == ULLONG_MAX, "ullong max value");
  is_int(scan_ullong(S("18446744073709551616"), &ull), 0, "ullong max + 1");

  snprintf(big, sizeof big, "%zu", SIZE_MAX);
  ok(scan_sizet(big, strlen(big), &z) == strlen(big) && z == SIZE_MAX, "sizet: SIZE_MAX");
  snprintf(big, sizeof big, "%zu9", SIZE_MAX);
  z = 4;
  ok(scan_sizet(big, strlen(big), &z) == 0 && z == 4, "sizet: beyond SIZE_MAX rejected");

  is_int(scan_plusminus(S("-5"), &sign), 1, "plusminus -");
  is_int(sign, -1, "plusminus - sign");
  is_int(scan_plusminus(S("+5"), &sign), 1, "plusminus +");
  is_int(sign, 1, "plusminus + sign");
  sign = 0;
  is_int(scan_plusminus(S("5"), &sign), 0, "plusminus none");
  is_int(sign, 1, "plusminus none gives +1");
  is_int(scan_plusminus("-", 0, &sign), 0, "plusminus respects len");

  is_int(scan_long(S("-123x"), &l), 4, "long negative");
  is_int(l, -123, "long negative value");
  is_int(scan_long(S("+77"), &l), 3, "long plus");
  is_int(l, 77, "long plus value");
  is_int(scan_long(S("-0"), &l), 2, "long minus zero");
  is_int(l, 0, "long minus zero value");
  l = 11;
  errno = 0;
  is_int(scan_long(S("-"), &l), 0, "long: sign alone fails");
  ok(errno == EINVAL && l == 11, "sign alone: EINVAL, untouched");
  is_int(scan_long(S("--1"), &l), 0, "long: two signs fail");
  is_int(scan_long(S("-x"), &l), 0, "long: sign then junk fails");
  snprintf(big, sizeof big, "%ld", LONG_MAX);
  ok(scan_long(big, strlen(big), &l) == strlen(big) && l == LONG_MAX, "long: LONG_MAX");
  snprintf(big, sizeof big, "%ld", LONG_MIN);
  ok(scan_long(big, strlen(big), &l) == strlen(big) && l == LONG_MIN, "long: LONG_MIN");
  if (LONG_MAX == 9223372036854775807L) {
    l = 11;
    errno = 0;
    is_int(scan_long(S("9223372036854775808"), &l), 0, "long: LONG_MAX + 1 overflows");
    ok(errno == ERANGE && l == 11, "long overflow: ERANGE, untouched");
    is_int(scan_long(S("-9223372036854775809"), &l), 0, "long: LONG_MIN - 1 overflows");
    is_int(scan_long(S("+9223372036854775808"), &l), 0, "long: +(LONG_MAX + 1) overflows");
  } else {
    skip(4, "long is not 64-bit");
  }

  is_int(scan_int(S("-2147483648"), &i), 11, "int: INT_MIN");
  ok(i == INT_MIN, "int: INT_MIN value");
  is_int(scan_int(S("2147483647"), &i), 10, "int: INT_MAX");
  ok(i == INT_MAX, "int: INT_MAX value");
  i = 6;
  is_int(scan_int(S("2147483648"), &i), 0, "int: INT_MAX + 1");
  is_int(scan_int(S("-2147483649"), &i), 0, "int: INT_MIN - 1");
  is_int(i, 6, "int untouched");

  is_int(scan_xlong(S("fF09g"), &ul), 4, "xlong mixed case, stops at g");
  is_int(ul, 0xff09, "xlong value");
  is_int(scan_xlong(S("0x10"), &ul), 1, "xlong: no 0x prefix (reads the 0)");
  is_int(ul, 0, "xlong: 0x prefix value");
  if (ULONG_MAX == 18446744073709551615UL) {
    ok(scan_xlong(S("ffffffffffffffff"), &ul) == 16 && ul == ULONG_MAX, "xlong max");
    ul = 2;
    ok(scan_xlong(S("10000000000000000"), &ul) == 0 && ul == 2, "xlong overflow");
    ok(scan_8long(S("1777777777777777777777"), &ul) == 22 && ul == ULONG_MAX, "8long max");
    ok(scan_8long(S("2000000000000000000000"), &ul) == 0, "8long overflow");
  } else {
    skip(4, "unsigned long is not 64-bit");
  }
  is_int(scan_8long(S("7558"), &ul), 3, "8long stops at 8");
  is_int(ul, 0755, "8long value");
  is_int(scan_8long(S("9"), &ul), 0, "8long: 9 is no digit");
  is_int(scan_xlong(S("g"), &ul), 0, "xlong: g is no digit");

  return done_testing();
}

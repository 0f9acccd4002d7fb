/* stralloc.c — unit test for libqmail/stralloc. */
#include <errno.h>
#include <stdint.h>

#include "stralloc.h"
#include "tap.h"

int main(void)
{
  stralloc sa = STRALLOC_ZERO, sb = STRALLOC_ZERO;

  ok(stralloc_copys(&sa, "hello"), "copys");
  is_mem(sa.s, sa.len, "hello", 5, "copys content");
  ok(stralloc_cats(&sa, ", world"), "cats");
  ok(stralloc_append(&sa, '!'), "append");
  is_mem(sa.s, sa.len, "hello, world!", 13, "cats + append content");
  ok(stralloc_starts(&sa, "hello"), "starts: yes");
  ok(!stralloc_starts(&sa, "world"), "starts: no");
  ok(!stralloc_starts(&sb, "x"), "starts on an empty stralloc");
  ok(stralloc_copy(&sb, &sa) && sb.len == sa.len, "copy");
  ok(stralloc_cat(&sb, &sa) && sb.len == 26, "cat");
  ok(stralloc_copyb(&sb, "", 0) && sb.len == 0, "copyb of nothing");

  /* overlapping copy from inside itself */
  ok(stralloc_copys(&sa, "abcdef"), "copys again");
  ok(stralloc_copyb(&sa, sa.s + 2, 3), "copyb from own storage");
  is_mem(sa.s, sa.len, "cde", 3, "overlapping copy");

  sa.len = 0;
  ok(stralloc_catulong0(&sa, 42, 5), "catulong0 padded");
  is_mem(sa.s, sa.len, "00042", 5, "zero padding");
  sa.len = 0;
  ok(stralloc_catulong0(&sa, 18446744073709551615ULL, 0), "catulong0 max");
  is_mem(sa.s, sa.len, "18446744073709551615", 20, "ULLONG_MAX digits");
  sa.len = 0;
  ok(stralloc_catlong(&sa, INT64_MIN), "catlong minimum");
  is_mem(sa.s, sa.len, "-9223372036854775808", 20, "LLONG_MIN digits");
  sa.len = 0;
  ok(stralloc_catlong(&sa, 0), "catlong zero");
  is_mem(sa.s, sa.len, "0", 1, "zero");

  ok(stralloc_copys(&sa, "x") && stralloc_0(&sa), "0");
  is_int(sa.len, 2, "0 counts the NUL");
  is_str(sa.s, "x", "NUL-terminated");
  stralloc_trunc(&sa, 10);
  is_int(sa.len, 2, "trunc never grows");
  stralloc_trunc(&sa, 1);
  is_int(sa.len, 1, "trunc shrinks");

  /* growth near SIZE_MAX fails cleanly and leaves the string intact */
  errno = 0;
  ok(!stralloc_readyplus(&sa, SIZE_MAX), "readyplus SIZE_MAX fails");
  is_int(errno, EOVERFLOW, "with EOVERFLOW");
  is_int(sa.len, 1, "string untouched");
  errno = 0;
  ok(!stralloc_readyplus(&sa, SIZE_MAX - sa.len + 1), "len + n wraps by one");
  is_int(errno, EOVERFLOW, "EOVERFLOW on wrap");
  errno = 0;
  ok(!stralloc_ready(&sa, SIZE_MAX), "ready SIZE_MAX fails");
  is_int(errno, EOVERFLOW, "EOVERFLOW beyond PTRDIFF_MAX");
  errno = 0;
  ok(!stralloc_ready(&sa, (size_t)PTRDIFF_MAX), "ready PTRDIFF_MAX fails");
  is_int(errno, ENOMEM, "ENOMEM when malloc refuses");
  ok(!stralloc_catb(&sa, "y", SIZE_MAX), "catb with a huge length fails");
  is_mem(sa.s, sa.len, "x", 1, "content survives failed growth");

  /* many appends: amortised growth keeps working */
  sa.len = 0;
  for (int i = 0; i < 100000; ++i)
    if (!stralloc_append(&sa, (char)('a' + i % 26))) break;
  is_int(sa.len, 100000, "100000 appends");
  ok(sa.a >= sa.len, "allocation covers length");
  ok(sa.s[99999] == (char)('a' + 99999 % 26), "last byte right");

  stralloc_free(&sa);
  ok(sa.s == 0 && sa.len == 0 && sa.a == 0, "free zeroes");
  stralloc_free(&sa);
  ok(1, "double free of a zeroed stralloc is harmless");
  stralloc_free(&sb);
  return done_testing();
}

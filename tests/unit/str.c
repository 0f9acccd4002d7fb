/* str.c — unit test for libqmail/str. */
#include <errno.h>
#include <string.h>

#include "str.h"
#include "tap.h"

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void)
{
  char buf[8];

  is_int(str_len(""), 0, "len of empty");
  is_int(str_len("hello"), 5, "len");

  is_int(str_diff("abc", "abc"), 0, "diff equal");
  is_int(sign(str_diff("abc", "abd")), -1, "diff less");
  is_int(sign(str_diff("abd", "abc")), 1, "diff greater");
  is_int(sign(str_diff("ab", "abc")), -1, "diff: prefix sorts first");
  is_int(sign(str_diff("abc", "ab")), 1, "diff: longer sorts after");
  is_int(sign(str_diff("a\x80", "a\x7f")), 1, "diff compares as unsigned char");
  is_int(sign(str_diff("", "")), 0, "diff of empties");

  is_int(str_diffn("abcX", "abcY", 3), 0, "diffn stops after n");
  is_int(sign(str_diffn("abcX", "abcY", 4)), -1, "diffn sees byte n");
  is_int(str_diffn("ab", "ab", 10), 0, "diffn stops at the NUL");
  is_int(sign(str_diffn("ab", "abc", 10)), -1, "diffn shorter string");
  is_int(str_diffn("x", "y", 0), 0, "diffn with n = 0");
  is_int(sign(str_diffn("\xff", "a", 1)), 1, "diffn unsigned");

  ok(str_equal("mail", "mail"), "equal: yes");
  ok(!str_equal("mail", "Mail"), "equal: case matters");
  ok(!str_equal("mail", "mai"), "equal: length matters");
  ok(str_equal("", ""), "equal: empties");

  ok(str_start("postmaster", "post"), "start: yes");
  ok(str_start("post", "post"), "start: whole string");
  ok(str_start("post", ""), "start: empty prefix");
  ok(!str_start("po", "post"), "start: prefix longer than string");
  ok(!str_start("Post", "post"), "start: case matters");
  ok(!str_start("", "p"), "start: empty string");

  is_int(str_chr("user@host", '@'), 4, "chr finds");
  is_int(str_chr("a@b@c", '@'), 1, "chr finds the first");
  is_int(str_chr("user", '@'), 4, "chr absent gives length");
  is_int(str_chr("", '@'), 0, "chr on empty");
  is_int(str_chr("abc", 0), 3, "chr of NUL gives length");
  is_int(str_chr("a\xe9z", 0xe9), 1, "chr with a high byte as int");
  is_int(str_chr("a\xe9z", (char)0xe9), 1, "chr with a high byte as (signed) char");

  is_int(str_rchr("a@b@c", '@'), 3, "rchr finds the last");
  is_int(str_rchr("abc", '@'), 3, "rchr absent gives length");
  is_int(str_rchr("", '@'), 0, "rchr on empty");
  is_int(str_rchr("@", '@'), 0, "rchr at 0");
  is_int(str_rchr("abc", 0), 3, "rchr of NUL gives length");

  ok(str_copyb(buf, sizeof buf, "1234567"), "copyb: exactly fits (7 + NUL)");
  is_str(buf, "1234567", "copyb content");
  errno = 0;
  ok(!str_copyb(buf, sizeof buf, "12345678"), "copyb: one byte too long fails");
  is_int(errno, ERANGE, "copyb: ERANGE");
  is_str(buf, "", "copyb: failure leaves an empty string, not a truncated one");
  ok(str_copyb(buf, sizeof buf, ""), "copyb of empty");
  is_str(buf, "", "copyb of empty content");
  memcpy(buf, "zzz", 4);
  ok(!str_copyb(buf, 0, "a"), "copyb into size 0 fails");
  is_str(buf, "zzz", "copyb into size 0 writes nothing");
  ok(!str_copyb(buf, 0, ""), "copyb of empty into size 0 fails (no room for the NUL)");
  ok(str_copyb(buf, 1, ""), "copyb of empty into size 1");

  return done_testing();
}

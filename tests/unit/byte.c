/* byte.c — unit test for libqmail/byte. */
#include <string.h>

#include "byte.h"
#include "tap.h"

int main(void)
{
  char b[16];

  memcpy(b, "abcdefgh", 9);
  byte_copy(b + 2, 4, b);
  is_mem(b, 8, "ababcdgh", 8, "copy forward over an overlap (to > from)");
  memcpy(b, "abcdefgh", 9);
  byte_copy(b, 4, b + 2);
  is_mem(b, 8, "cdefefgh", 8, "copy backward over an overlap (to < from)");
  memcpy(b, "abcdefgh", 9);
  byte_copyr(b + 1, 5, b);
  is_mem(b, 8, "aabcdegh", 8, "copyr over an overlap");
  byte_copy(0, 0, 0);
  byte_copyr(0, 0, 0);
  ok(1, "copy of 0 bytes with NULL pointers");

  is_int(byte_diff("abc", 3, "abc"), 0, "diff equal");
  is_int(byte_diff("abc", 3, "abd"), -1, "diff less");
  is_int(byte_diff("abd", 3, "abc"), 1, "diff greater");
  is_int(byte_diff("a\0c", 3, "a\0b"), 1, "diff goes past NUL bytes");
  is_int(byte_diff("\x80", 1, "\x7f"), 1, "diff compares as unsigned");
  is_int(byte_diff("x", 0, "y"), 0, "diff of 0 bytes");
  is_int(byte_diff(0, 0, 0), 0, "diff of 0 bytes with NULL");

  ok(byte_equal("a\0b", 3, "a\0b"), "equal with NUL inside");
  ok(!byte_equal("a\0b", 3, "a\0c"), "equal: last byte differs");
  ok(byte_equal("x", 0, "y"), "equal of 0 bytes");
  ok(byte_equal(0, 0, 0), "equal of 0 bytes with NULL");

  is_int(byte_chr("a\0b@c@", 6, '@'), 3, "chr past a NUL");
  is_int(byte_chr("abc", 3, '@'), 3, "chr absent gives n");
  is_int(byte_chr("abc@", 3, '@'), 3, "chr looks only at n bytes");
  is_int(byte_chr("a\0b", 3, 0), 1, "chr of NUL");
  is_int(byte_chr("a\xffz", 3, 0xff), 1, "chr high byte as int");
  is_int(byte_chr("a\xffz", 3, -1), 1, "chr high byte as negative char value");
  is_int(byte_chr(0, 0, 'x'), 0, "chr of 0 bytes");

  is_int(byte_rchr("a@b@c", 5, '@'), 3, "rchr finds the last");
  is_int(byte_rchr("abc", 3, '@'), 3, "rchr absent gives n");
  is_int(byte_rchr("@bc@", 3, '@'), 0, "rchr looks only at n bytes");
  is_int(byte_rchr(0, 0, 'x'), 0, "rchr of 0 bytes");

  memset(b, 'x', sizeof b);
  byte_zero(b + 1, 4);
  is_mem(b, 6, "x\0\0\0\0x", 6, "zero sets exactly n bytes");
  byte_zero(0, 0);
  memset(b, 'x', sizeof b);
  byte_wipe(b, 3);
  is_mem(b, 4, "\0\0\0x", 4, "wipe sets exactly n bytes");
  byte_wipe(0, 0);
  ok(1, "zero and wipe of 0 bytes with NULL");

  return done_testing();
}

/* mlmatch.c — unit test for daemontools/mlmatch: multilog's star patterns. */
#include <string.h>

#include "mlmatch.h"
#include "tap.h"

/* m: match C strings */
static int m(const char *pat, const char *line)
{
  return mlmatch(pat, strlen(pat), line, strlen(line));
}

int main(void)
{
  /* the examples of multilog(8) */
  ok(m("hello", "hello"), "a literal matches itself");
  ok(!m("hello", "hello world"), "a literal does not match a longer line");
  ok(!m("hello world", "hello"), "nor a shorter one");
  ok(m("named[*]: Cleaned cache *", "named[135]: Cleaned cache of 3121 RRs"),
     "named[*]: Cleaned cache * (the manual's example)");
  ok(!m("named[*]: Cleaned cache *", "named[1]x]: Cleaned cache of 3 RRs"),
     "the first star stops at the first ]");
  ok(m("* fatal: *", "@400000003b4a39c23294b13c fatal: out of memory"),
     "* fatal: * after a timestamp");
  ok(m("*", ""), "* matches the empty line");
  ok(m("*", "anything at all"), "* matches any line");
  ok(m("", ""), "the empty pattern matches the empty line");
  ok(!m("", "x"), "and nothing else");

  /* stars inside the pattern stop at the next pattern byte, no backtracking */
  ok(m("a*b", "axb"), "a*b / axb");
  ok(m("a*b", "ab"), "a star may match nothing");
  ok(!m("a*b", "axbyb"), "no backtracking: a*b / axbyb");
  ok(!m("a*b", "axc"), "the byte after the star never comes");
  ok(m("a*b*", "axbyb"), "a*b* / axbyb");
  ok(m("*b*c", "abxbc"), "*b*c / abxbc");
  ok(!m("*b*c", "abcxbc"), "no backtracking: *b*c / abcxbc (a matcher that backtracks would match)");
  ok(m("*:*:x", "1:2:x"), "two stars, one per field");
  ok(!m("x*", "y"), "a literal before the star must match");
  ok(m("x*", "x"), "a final star may match nothing");

  /* two stars in a row: the first stops at a literal star */
  ok(m("a**", "a*x"), "a** / a*x");
  ok(!m("a**", "axx"), "a** needs a literal star in the line");
  ok(m("**", "*"), "** / *");

  /* bytes of any value, NUL included */
  ok(mlmatch("a\0b", 3, "a\0b", 3), "NUL in pattern and line");
  ok(!mlmatch("a\0b", 3, "a\0c", 3), "a NUL compares as a byte");
  ok(mlmatch("*\0", 2, "xy\0", 3), "a star stops at a NUL");
  ok(mlmatch("\xff*", 2, "\xff\x80", 2), "high bytes");

  /* lengths are honoured, not NULs */
  ok(mlmatch("abc", 2, "ab", 2), "only plen bytes of the pattern are read");
  ok(mlmatch("abc", 3, "abcd", 3), "only len bytes of the line are read");
  ok(mlmatch("", 0, "", 0), "empty and empty");
  ok(!mlmatch("*x", 2, NULL, 0), "a star on an empty line looking for x");
  ok(mlmatch("*", 1, NULL, 0), "a final star on an empty (NULL) line");
  return done_testing();
}

/* qhaddr.c — unit test for qmail/deliver/qhaddr: finding an address in an
 * address-list field. */
#include <string.h>

#include "qhaddr.h"
#include "tap.h"

static int has(const char *text, const char *addr)
{
  return qhaddr_has(text, strlen(text), addr);
}

int main(void)
{
  char big[QHADDR_MAX + 20];
  ok(has("joe@x", "joe@x"), "a bare address");
  ok(has(" joe@x \n", "joe@x"), "white space around it");
  ok(has("Joe Smith <joe@x>", "joe@x"), "in angle brackets");
  ok(has("\"Smith, Joe\" <joe@x>", "joe@x"), "a quoted display name with a comma");
  ok(has("a@y, b@z,\n joe@x", "joe@x"), "the last of a folded list");
  ok(has("joe@x, a@y", "joe@x"), "the first of a list");
  ok(has("JOE@X", "joe@x"), "case is ignored");
  ok(has("joe@x (Joe, the one)", "joe@x"), "a comment with a comma");
  ok(has("(a (nested) comment) joe@x", "joe@x"), "a nested comment");
  ok(has("list: a@y, joe@x;", "joe@x"), "inside a group");
  ok(has("list: a@y;, joe@x", "joe@x"), "after a group");
  ok(has("<@relay.example,@r2:joe@x>", "joe@x"), "a source route is dropped");
  ok(has("\"joe\"@x", "joe@x"), "a quoted local part");
  ok(has("\"j\\\"oe\"@x", "j\"oe@x"), "an escaped quote in a quoted local part");
  ok(has("j\\oe@x", "joe@x"), "a backslash outside quotes");
  ok(has("j o e @ x", "joe@x"), "spaces inside an address are not part of it");
  ok(!has("joe@xx", "joe@x"), "a longer domain");
  ok(!has("xjoe@x", "joe@x"), "a longer local part");
  ok(!has("Joe <jo@x>", "joe@x"), "the display name does not count");
  ok(!has("\"joe@x\" <other@y>", "joe@x"), "a display name that looks like the address");
  ok(!has("joe@x (", "joe") , "an unterminated comment");
  ok(!has("", "joe@x"), "empty field");
  ok(!has("a@y,,", ""), "an empty address never matches");
  ok(!has("<joe@x", "x"), "an unterminated angle");
  ok(has("<joe@x", "joe@x"), "an unterminated angle still names its address");
  memset(big, 'a', sizeof big);
  memcpy(big + sizeof big - 3, "@x", 2);
  big[sizeof big - 1] = 0;
  ok(!has(big, big), "an address past QHADDR_MAX never matches");
  ok(qhaddr_has("joe@x\0evil, joe@y", 17, "joe@y"), "bytes after a NUL are read too");
  return done_testing();
}

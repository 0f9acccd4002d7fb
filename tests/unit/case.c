/* case.c — unit test for libqmail/case. */
#include <locale.h>
#include <string.h>

#include "case.h"
#include "tap.h"

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void)
{
  char s[32];
  int all = 1;

  /* a locale with non-ASCII letters must not change anything */
  setlocale(LC_ALL, "C.UTF-8");

  for (int c = 0; c < 256; ++c) {
    int want = c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (case_lowerc((unsigned char)c) != want) all = 0;
    want = c >= 'a' && c <= 'z' ? c - 32 : c;
    if (case_upperc((unsigned char)c) != want) all = 0;
  }
  ok(all, "lowerc/upperc fold exactly the 26 ASCII letters");

  memcpy(s, "MiXeD@HOST.Example\xc9\xe9[]", 23);
  case_lowerb(s, 5);
  is_mem(s, 22, "mixed@HOST.Example\xc9\xe9[]", 22, "lowerb folds only n bytes");
  case_lowerb(s, 22);
  is_mem(s, 22, "mixed@host.example\xc9\xe9[]", 22, "lowerb leaves non-ASCII and [] alone");
  case_lowerb(0, 0);
  strcpy(s, "AbC\xc0Z");
  case_lowers(s);
  is_str(s, "abc\xc0z", "lowers");
  s[0] = 0;
  case_lowers(s);
  is_str(s, "", "lowers on empty");

  is_int(case_diffb("HeLLo", 5, "hello"), 0, "diffb ignores case");
  is_int(sign(case_diffb("abc", 3, "ABD")), -1, "diffb less");
  is_int(sign(case_diffb("ABD", 3, "abc")), 1, "diffb greater");
  is_int(case_diffb("a\0X", 3, "A\0x"), 0, "diffb goes past NULs");
  is_int(sign(case_diffb("[", 1, "{")), -1, "diffb does not fold [ and {");
  is_int(sign(case_diffb("@", 1, "`")), -1, "diffb does not fold @ and `");
  is_int(sign(case_diffb("\xe9", 1, "\xc9")), 1, "diffb does not fold Latin-1");
  is_int(case_diffb("x", 0, "y"), 0, "diffb of 0 bytes");

  is_int(case_diffs("Postmaster", "POSTMASTER"), 0, "diffs ignores case");
  is_int(sign(case_diffs("post", "POSTMASTER")), -1, "diffs prefix first");
  is_int(sign(case_diffs("postmaster", "POST")), 1, "diffs longer after");
  is_int(sign(case_diffs("Z", "a")), 1, "diffs compares folded bytes (z > a)");
  is_int(sign(case_diffs("\x80", "a")), 1, "diffs unsigned");
  is_int(case_diffs("", ""), 0, "diffs empties");

  ok(case_equals("Example.COM", "example.com"), "equals: yes");
  ok(!case_equals("example.com", "example.co"), "equals: length");
  ok(!case_equals("\xc9", "\xe9"), "equals: no Latin-1 folding");

  ok(case_starts("MAIL FROM:<a@b>", "mail from:"), "starts: yes");
  ok(case_starts("x", ""), "starts: empty prefix");
  ok(!case_starts("MAIL", "mail from:"), "starts: string shorter");
  ok(!case_starts("RCPT TO:", "mail"), "starts: no");

  ok(case_startb("EHLO host", 9, "ehlo"), "startb: yes");
  ok(!case_startb("EHLO", 3, "ehlo"), "startb: only len bytes are looked at");
  ok(case_startb("EH\0LO", 5, "eh\0"), "startb: prefix ends at its NUL");
  ok(case_startb(0, 0, ""), "startb: empty prefix on 0 bytes");
  ok(!case_startb("", 0, "a"), "startb: 0 bytes");

  return done_testing();
}

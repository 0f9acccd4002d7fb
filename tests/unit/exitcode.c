/* exitcode.c — unit test for libqmail/exitcode. */
#include "exitcode.h"
#include "tap.h"

int main(void)
{
  static const int codes[] = { 0, 11, 31, 51, 52, 53, 54, 55, 56, 61, 62, 63, 64,
                               65, 66, 71, 72, 73, 74, 81, 88, 91 };
  is_int(EXIT_OK, 0, "EXIT_OK");
  is_int(EXIT_PERM, 100, "EXIT_PERM");
  is_int(EXIT_BUG, 101, "EXIT_BUG");
  is_int(EXIT_TEMP, 111, "EXIT_TEMP");
  is_int(QQ_ENVELOPE, 91, "envelope format error is 91");
  is_int(QQ_TODO, 66, "trouble with todo is 66");
  ok(qq_permanent(QQ_ADDR_TOO_LONG), "11 is permanent");
  ok(qq_permanent(QQ_PERM_REFUSED), "31 is permanent");
  ok(qq_permanent(40), "40 is permanent");
  ok(!qq_permanent(10), "10 is not permanent");
  ok(!qq_permanent(QQ_NOMEM), "51 is temporary");
  ok(!qq_permanent(QQ_ENVELOPE), "91 is temporary");
  ok(!qq_permanent(QQ_OK), "0 is not permanent");
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    const char *s = qq_str(codes[i]);
    ok(s && (codes[i] == 0 || strncmp(s, "qq ", 3) == 0), "qq_str(%d) = %s", codes[i], s);
  }
  is_str(qq_str(QQ_WRITE), "qq write error or disk full", "qq_str(53)");
  is_str(qq_str(20), "qq permanent problem", "unknown permanent code");
  is_str(qq_str(99), "qq temporary problem", "unknown temporary code");
  return done_testing();
}

/* sendclean.c — unit test for qmail/send/sendclean (x requests in order). */
#include <unistd.h>

#include "sendclean.h"
#include "tap.h"

int main(void)
{
  struct sendclean c;
  struct sendclean_req r;
  int good = 1;

  sendclean_init(&c, 7);
  ok(!sendclean_answer(&c, &r), "an answer with nothing asked: 0");
  ok(sendclean_ask(&c, 12345, 3) && sendclean_ask(&c, 6, 9), "two requests");
  is_mem(c.out.s.s, c.out.s.len, "x12345\0x6\0", 10, "queued as x<num> NUL");
  is_int(c.out.fd, 7, "for the given descriptor");
  is_int(sendclean_waiting(&c), 2, "two wait for answers");
  ok(sendclean_answer(&c, &r) && r.num == 12345 && r.id == 3, "the first answer is for the first request");
  ok(sendclean_answer(&c, &r) && r.num == 6 && r.id == 9, "then the second");
  is_int(sendclean_waiting(&c), 0, "none waits");
  ok(!sendclean_answer(&c, &r), "an answer too many: 0");
  c.out.s.len = 0;
  /* answers trailing requests for a long time: the list does not grow */
  for (unsigned long i = 0; i < 100000 && good; ++i) {
    good &= sendclean_ask(&c, i, (uint32_t)i);
    if (i >= 10) good &= sendclean_answer(&c, &r) && r.num == i - 10;
    c.out.s.len = 0;
  }
  ok(good, "100000 requests answered in order, ten in flight");
  ok(c.a < 5000, "the list stays small");
  is_int(sendclean_waiting(&c), 10, "ten still wait");
  sendclean_free(&c);
  ok(c.r == 0 && c.out.s.s == 0 && sendclean_waiting(&c) == 0, "free");
  return done_testing();
}

/* sendproto.c — unit test for qmail/send/sendproto (NUL fields from pipes). */
#include "sendproto.h"
#include "tap.h"

int main(void)
{
  struct sendproto r;
  const char *f;
  size_t len;
  char big[20000];

  sendproto_init(&r, 10);
  ok(!sendproto_field(&r, &f, &len), "nothing yet");
  ok(sendproto_put(&r, "ab", 2), "put half a field");
  ok(!sendproto_field(&r, &f, &len) && sendproto_partial(&r), "no field yet; a partial one waits");
  ok(sendproto_put(&r, "c\0\0de", 5), "the rest, an empty field, and a start");
  ok(sendproto_field(&r, &f, &len), "a field");
  is_mem(f, len, "abc", 3, "made of both pieces");
  ok(sendproto_field(&r, &f, &len) && len == 0, "an empty field");
  ok(!sendproto_field(&r, &f, &len), "then none");
  ok(sendproto_put(&r, "f\0", 2) && sendproto_field(&r, &f, &len), "completed");
  is_mem(f, len, "def", 3, "across a put after fields were taken");
  ok(!sendproto_partial(&r), "nothing partial left");

  ok(sendproto_put(&r, "0123456789ABCDEF", 16), "a field longer than max");
  ok(sendproto_put(&r, "GHIJ", 4) && sendproto_put(&r, "KL\0next\0", 8), "goes on in later puts");
  ok(sendproto_field(&r, &f, &len), "is returned");
  is_mem(f, len, "0123456789", 10, "cut to its first max bytes");
  ok(sendproto_field(&r, &f, &len), "the next field");
  is_mem(f, len, "next", 4, "is intact");
  ok(r.in.a < 100, "the buffer did not grow with the long field");

  for (size_t i = 0; i < sizeof big; ++i) big[i] = 'x';
  big[5] = 0;
  big[sizeof big - 1] = 0;
  ok(sendproto_put(&r, big, sizeof big), "one put: a field, then a very long one");
  ok(sendproto_field(&r, &f, &len) && len == 5, "the first");
  ok(sendproto_field(&r, &f, &len) && len == 10, "the long one, cut");
  ok(!sendproto_field(&r, &f, &len), "no more");
  sendproto_free(&r);
  ok(r.in.s == 0, "free");
  return done_testing();
}

/* envelope.c — unit test for qmail/lib/envelope. */
#include "envelope.h"
#include "tap.h"

static enum envelope_result feed(struct envelope *e, const char *rec)
{
  return envelope_next(e, rec, strlen(rec));
}

int main(void)
{
  struct envelope e;
  static char big[ENVELOPE_ADDR_MAX + 3];

  envelope_init(&e);
  is_int(feed(&e, "Fa@b"), ENVELOPE_MORE, "sender accepted");
  is_int(feed(&e, "Tc@d"), ENVELOPE_MORE, "recipient accepted");
  is_int(feed(&e, "Te@f"), ENVELOPE_MORE, "second recipient accepted");
  is_int(e.rcpts, 2, "two recipients counted");
  is_int(feed(&e, ""), ENVELOPE_END, "empty record ends");
  is_int(feed(&e, "Tg@h"), ENVELOPE_BAD, "nothing after the end");

  envelope_init(&e);
  is_int(feed(&e, "F"), ENVELOPE_MORE, "empty sender (bounce) accepted");
  is_int(feed(&e, ""), ENVELOPE_END, "no recipients: ends");
  is_int(e.rcpts, 0, "zero recipients");

  envelope_init(&e);
  is_int(feed(&e, ""), ENVELOPE_BAD, "empty first record is bad");
  envelope_init(&e);
  is_int(feed(&e, "Ta@b"), ENVELOPE_BAD, "T before F is bad");
  envelope_init(&e);
  is_int(feed(&e, "Xa@b"), ENVELOPE_BAD, "unknown record type");
  envelope_init(&e);
  ok(feed(&e, "Fa@b") == ENVELOPE_MORE && feed(&e, "Fc@d") == ENVELOPE_BAD, "a second F is bad");
  envelope_init(&e);
  is_int(envelope_next(&e, "Fa\0b", 4), ENVELOPE_BAD, "NUL inside a record is bad");

  big[0] = 'F';
  memset(big + 1, 'x', ENVELOPE_ADDR_MAX);
  envelope_init(&e);
  is_int(envelope_next(&e, big, ENVELOPE_ADDR_MAX + 1), ENVELOPE_MORE, "sender of ADDR_MAX accepted");
  big[0] = 'T';
  is_int(envelope_next(&e, big, ENVELOPE_ADDR_MAX + 1), ENVELOPE_MORE, "recipient of ADDR_MAX accepted");
  big[ENVELOPE_ADDR_MAX + 1] = 'x';
  is_int(envelope_next(&e, big, ENVELOPE_ADDR_MAX + 2), ENVELOPE_TOO_LONG, "recipient of ADDR_MAX+1: too long");
  big[0] = 'F';
  envelope_init(&e);
  is_int(envelope_next(&e, big, ENVELOPE_ADDR_MAX + 2), ENVELOPE_TOO_LONG, "sender of ADDR_MAX+1: too long");
  is_int(ENVELOPE_TOO_LONG, 11, "too long is qmail-queue's 11");
  is_int(ENVELOPE_BAD, 91, "bad is qmail-queue's 91");
  return done_testing();
}

/* envelope.c — record-by-record checking of the qmail-queue envelope. */
#include "envelope.h"

#include <string.h>

void envelope_init(struct envelope *e)
{
  e->state = ENVELOPE_WANT_SENDER;
  e->rcpts = 0;
}

enum envelope_result envelope_next(struct envelope *e, const char *rec, size_t len)
{
  switch (e->state) {
  case ENVELOPE_WANT_SENDER:
    if (len == 0 || rec[0] != 'F') return ENVELOPE_BAD;
    if (memchr(rec, 0, len)) return ENVELOPE_BAD;
    if (len - 1 > ENVELOPE_ADDR_MAX) return ENVELOPE_TOO_LONG;
    e->state = ENVELOPE_WANT_RCPT;
    return ENVELOPE_MORE;
  case ENVELOPE_WANT_RCPT:
    if (len == 0) { e->state = ENVELOPE_DONE; return ENVELOPE_END; }
    if (rec[0] != 'T') return ENVELOPE_BAD;
    if (memchr(rec, 0, len)) return ENVELOPE_BAD;
    if (len - 1 > ENVELOPE_ADDR_MAX) return ENVELOPE_TOO_LONG;
    ++e->rcpts;
    return ENVELOPE_MORE;
  case ENVELOPE_DONE:
  default:
    return ENVELOPE_BAD;
  }
}

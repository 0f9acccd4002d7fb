/* dsn.c — fuzz target: bounce files through dsn_parse (and back through
 * dsn_record and dsn_write), status texts through dsn_status. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dsn.h"
#include "stralloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a status code of the given class: C.S.D, 1-3 digits each */
static int code_ok(const char *c, char class)
{
  size_t i = 1, parts;
  if (c[0] != class) return 0;
  for (parts = 0; parts < 2; ++parts) {
    size_t d = 0;
    if (c[i++] != '.') return 0;
    while (c[i] >= '0' && c[i] <= '9') { ++i; ++d; }
    if (d < 1 || d > 3) return 0;
  }
  return c[i] == 0;
}

static void status(const char *s, size_t len)
{
  char out[DSN_STATUS_MAX + 1];
  memset(out, 'x', sizeof out);
  if (!dsn_status(s, len, 1, out) || !code_ok(out, '5')) abort();
  if (!dsn_status(s, len, 0, out) || !code_ok(out, '4')) abort();
}

struct sink { size_t col, longest; };

static ssize_t sink_op(buf *b, char *s, size_t n)
{
  struct sink *k = b->ctx;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] == '\n') k->col = 0;
    else if (++k->col > k->longest) k->longest = k->col;
  }
  return (ssize_t)n;
}

/* write: the bounce for l (the original unreadable: fd -1 stops it
 * there); no line may be longer than 990 bytes */
static void write_bounce(const struct dsn_list *l)
{
  struct dsn_info in = { "mx.example", "MAILER-DAEMON@mx.example", "a@example", "a@example",
                         7, 1700000000, 1700003600, 0, 0 };
  struct sink k = { 0, 0 };
  char space[512];
  buf b;
  buf_init(&b, sink_op, -1, space, sizeof space);
  b.ctx = &k;
  if (dsn_write(&b, &in, l->r, l->n, -1) != -1 || errno != EBADF) abort();
  if (k.longest > 990) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *s = (const char *)data;
  struct dsn_list l = { 0, 0, 0 }, again = { 0, 0, 0 };
  stralloc sa = STRALLOC_ZERO;

  status(s, size);
  if (!dsn_parse(s, size, &l)) {
    if (errno != EINVAL && errno != EOVERFLOW && errno != ENOMEM) abort();
    if (l.n) abort();
    dsn_list_free(&l);
    return 0;
  }
  for (size_t i = 0; i < l.n; ++i) {
    const struct dsn_rcpt *r = l.r + i;
    if (r->addrlen > DSN_ADDR_MAX || r->textlen > DSN_TEXT_MAX) abort();
    if (r->addr < s || r->addr + r->addrlen > s + size) abort();
    if (r->text < s || r->text + r->textlen > s + size) abort();
    if (!code_ok(r->status, '5') && !code_ok(r->status, '4')) abort();
    if (!dsn_record(&sa, r->addr, r->addrlen, r->status, r->text, r->textlen)) abort();
  }
  /* the records written again are the bytes read, up to the crash tail */
  if (sa.len > size || (sa.len && memcmp(sa.s, s, sa.len))) abort();
  if (!dsn_parse(sa.s, sa.len, &again) || again.n != l.n) abort();
  write_bounce(&l);
  dsn_list_free(&again);
  dsn_list_free(&l);
  stralloc_free(&sa);
  return 0;
}

/* rules.c — fuzz target: the tcprules source-line parser (ucspi-tcp/rulesline)
 * and the value decoder of ucspi-tcp/rules, line by line as tcprules reads. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "rulesline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check: the invariants of one parsed rule of a line of len bytes */
static void check(const struct rulesline *r, size_t len, stralloc *key,
                  struct rules_result *res)
{
  if (r->nkeys > 256 || (!r->range && r->nkeys != 1)) abort();
  if (r->data.len > len + 2) abort();
  if (r->cidr && (r->range || r->plen > (r->v6 ? 128u : 32u))) abort();
  if (r->range && (r->left > r->right || r->right > r->addr.len)) abort();
  for (size_t i = 0; i < r->nkeys; ++i) {
    if (!rulesline_key(r, i, key)) return;      /* ENOMEM */
    if (key->len > len + RULES_CIDR_FMT) abort();
    if (key->len >= 2 && key->s[0] == ':' && key->s[1] == 'c') abort();  /* marker */
  }
  if (!rules_parse_value(r->data.s, r->data.len, res)) return;
  /* (a NUL inside a value can add entries, a "D" too, as with djb's) */
  if (r->data.len && r->data.s[0] == 'D' && res->allow) abort();
  if (res->env.len > r->data.len) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct rulesline r = RULESLINE_ZERO;
  struct rules_result res = { 0, STRALLOC_ZERO };
  stralloc key = STRALLOC_ZERO;
  const char *s = (const char *)data;
  size_t pos = 0;
  while (pos < size) {
    size_t len = size - pos;
    const char *nl = memchr(s + pos, '\n', len);
    int got, again;
    if (nl) len = (size_t)(nl - (s + pos)) + 1;
    errno = 0;
    got = rulesline_parse(&r, s + pos, len);
    if (got < -1 || got > 1) abort();
    if (got == -1 && errno != EINVAL && errno != ENOMEM) abort();
    if (got == 1) check(&r, len, &key, &res);
    /* the same line without its newline and trailing blanks: the same answer */
    again = rulesline_parse(&r, s + pos, rulesline_trim(s + pos, len));
    if (again != got && !(again == -1 && errno == ENOMEM)) abort();
    pos += len;
  }
  rulesline_free(&r);
  rules_result_free(&res);
  stralloc_free(&key);
  return 0;
}

/* rulesmake.c — write parsed tcprules lines into a rules cdb (see rulesmake.h). */
#include <errno.h>

#include "byte.h"
#include "rules.h"
#include "rulesmake.h"
#include "str.h"

int rulesmake_start(struct rulesmake *m, int fd)
{
  byte_zero(m->have4, sizeof m->have4);
  byte_zero(m->have6, sizeof m->have6);
  m->key.s = NULL;
  m->key.len = m->key.a = 0;
  return cdb_make_start(&m->cm, fd);
}

int rulesmake_add(struct rulesmake *m, const struct rulesline *r)
{
  for (size_t i = 0; i < r->nkeys; ++i) {
    if (!rulesline_key(r, i, &m->key)) return -1;
    if (cdb_make_add(&m->cm, m->key.s, m->key.len, r->data.s, r->data.len) == -1)
      return -1;
  }
  if (r->cidr) {
    if (r->v6 && r->plen <= 128) m->have6[r->plen] = 1;
    else if (!r->v6 && r->plen <= 32) m->have4[r->plen] = 1;
  }
  return 0;
}

/* marker: the record listing the CIDR lengths of one family, longest first */
static int marker(struct rulesmake *m, const char *key, const unsigned char *have,
                  unsigned max)
{
  char lens[129];
  size_t n = 0;
  for (unsigned p = max + 1; p-- > 0;)
    if (have[p]) lens[n++] = (char)p;
  if (!n) return 0;
  return cdb_make_add(&m->cm, key, str_len(key), lens, n);
}

int rulesmake_finish(struct rulesmake *m)
{
  int r = 0;
  if (marker(m, RULES_MARK4, m->have4, 32) == -1 ||
      marker(m, RULES_MARK6, m->have6, 128) == -1) {
    r = -1;
    rulesmake_free(m);
  } else {
    r = cdb_make_finish(&m->cm);
  }
  stralloc_free(&m->key);
  return r;
}

void rulesmake_free(struct rulesmake *m)
{
  int e = errno;
  cdb_make_free(&m->cm);
  stralloc_free(&m->key);
  errno = e;
}

/* tcdb.h — sets of generated records for the C unit tests of the cdb
 * reader and writer. Include after tap.h; the functions are static
 * inline, so a test uses only those it needs.
 *
 * A record set is a function record(i, k, d) that makes record i (its key
 * in k, its data in d); keys repeat every `period` records, so a key's
 * records are i, i + period, i + 2 * period, ... below n.
 *
 *   tcdb_line(out, k, d)     add tinycdb's text form of one record
 *                            ("+klen,dlen:key->data" and a newline) to
 *                            out; 1, or 0 when memory runs out
 *   tcdb_findall(c, n, period, record, extra)
 *                            look up every key of the set in c: each of
 *                            its records must come back through
 *                            cdb_findnext, in order, with its data; returns
 *                            1 when they all did (0 at the first that did
 *                            not); *extra is set to 1 when cdb_findnext
 *                            found another record after a key's last, else
 *                            left alone */
#ifndef TCDB_H
#define TCDB_H

#include <string.h>

#include "cdb.h"
#include "stralloc.h"

static inline int tcdb_line(stralloc *out, const stralloc *k, const stralloc *d)
{
  return stralloc_append(out, '+') && stralloc_catulong0(out, k->len, 0) &&
         stralloc_append(out, ',') && stralloc_catulong0(out, d->len, 0) &&
         stralloc_append(out, ':') && stralloc_catb(out, k->s, k->len) &&
         stralloc_cats(out, "->") && stralloc_catb(out, d->s, d->len) && stralloc_append(out, '\n');
}

static inline int tcdb_findall(struct cdb *c, size_t n, size_t period,
                               void (*record)(size_t, stralloc *, stralloc *), int *extra)
{
  stralloc k = STRALLOC_ZERO, d = STRALLOC_ZERO, got = STRALLOC_ZERO;
  int good = 1;
  for (size_t i = 0; good && i < period; ++i) {
    record(i, &k, &d);
    cdb_findstart(c);
    for (size_t j = i; good && j < n; j += period) {
      record(j, &k, &d);
      good = cdb_findnext(c, k.s, k.len) == 1 && cdb_datalen(c) == d.len &&
             stralloc_ready(&got, d.len + 1) && cdb_read(c, got.s, d.len, cdb_datapos(c)) == 0 &&
             (d.len == 0 || memcmp(got.s, d.s, d.len) == 0);
    }
    if (good && cdb_findnext(c, k.s, k.len) != 0) *extra = 1;
  }
  stralloc_free(&k);
  stralloc_free(&d);
  stralloc_free(&got);
  return good;
}

#endif

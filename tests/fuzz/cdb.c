/* cdb.c — fuzz target: bytes as a cdb file in memory; look up keys, walk every record. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cdb.h"

/* look up key: every record with it, reading each one's data */
static void lookup(struct cdb *c, const char *key, size_t len)
{
  char x[64];
  int n = 0;
  cdb_findstart(c);
  while (cdb_findnext(c, key, len) == 1 && ++n < 100000) {
    uint32_t dl = cdb_datalen(c);
    if (cdb_read(c, x, dl < sizeof x ? dl : sizeof x, cdb_datapos(c)) != 0) break;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *d = (const char *)data;
  struct cdb c;
  uint32_t cur;
  char x[64];
  if (cdb_init_mem(&c, d, size) != 0) return 0;
  lookup(&c, "", 0);
  lookup(&c, "key", 3);
  /* keys taken from the input itself: from the record area and the end */
  if (size > 2048 + 8) lookup(&c, d + 2056, size - 2056 < 16 ? size - 2056 : 16);
  if (size > 2048 + 11) lookup(&c, d + 2056, 3);
  lookup(&c, d + size - 4, 4);
  /* every record, and a lookup of each key met on the way */
  cdb_seqinit(&c, &cur);
  for (int n = 0; n < 100000 && cdb_seqnext(&c, &cur) == 1; ++n) {
    uint32_t kl = cdb_keylen(&c), kp = cdb_keypos(&c);
    if (kl > sizeof x || cdb_read(&c, x, kl, kp) != 0) continue;
    if (n < 64) {
      struct cdb c2 = c;
      lookup(&c2, x, kl);
    }
  }
  cdb_free(&c);
  return 0;
}

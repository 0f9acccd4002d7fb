/* qgetpw.c — fuzz target: the users/assign parser. Every record it makes is
 * well formed: a key "!"+local (a NUL last for an exact one) with a value of
 * six fields, or the final empty key holding distinct wildchars. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qgetpw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen { size_t records; int ended; };

static int check(void *ctx, const char *key, size_t keylen, const char *data, size_t datalen)
{
  struct seen *s = ctx;
  size_t nuls = 0;
  if (s->ended) abort();   /* nothing after the wildchars record */
  ++s->records;
  if (!keylen) {
    unsigned char seen[256] = { 0 };
    for (size_t i = 0; i < datalen; ++i) {
      if (seen[(unsigned char)data[i]]) abort();
      seen[(unsigned char)data[i]] = 1;
    }
    s->ended = 1;
    return 1;
  }
  if (key[0] != '!' || keylen > QGETPW_LOCAL_MAX + 2) abort();
  if (memchr(key, 0, keylen) && (key[keylen - 1] != 0 || memchr(key, 0, keylen) != key + keylen - 1))
    abort();
  for (size_t i = 0; i < keylen; ++i)
    if (key[i] >= 'A' && key[i] <= 'Z') abort();
  for (size_t i = 0; i < datalen; ++i) nuls += data[i] == 0;
  if (nuls != 5 || !datalen || data[0] == 0) abort();
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct seen s = { 0, 0 };
  size_t line = 0;
  int r = qgetpw_assign_parse((const char *)data, size, check, &s, &line);
  if (r == 1 && (!s.ended || line != 0)) abort();
  if (r == 0 && s.ended) abort();
  return 0;
}

/* hash_common.c — the part of the hash module that needs no crypto library:
 * the table of algorithms, their names and sizes, and hex output. Built
 * with hash.c and with hash_stub.c alike. */
#include "hash.h"

#include <errno.h>
#include <strings.h>

struct hash_info { enum hash_alg alg; size_t size; const char *name, *alias, *ossl; };

static const struct hash_info hash_table[] = {
  { HASH_MD5, 16, "md5", "md5", "MD5" },
  { HASH_SHA1, 20, "sha1", "sha-1", "SHA1" },
  { HASH_SHA256, 32, "sha256", "sha-256", "SHA256" },
  { HASH_SHA512, 64, "sha512", "sha-512", "SHA512" },
};

static const struct hash_info *hash_info(enum hash_alg alg)
{
  for (size_t i = 0; i < sizeof hash_table / sizeof hash_table[0]; ++i)
    if (hash_table[i].alg == alg) return &hash_table[i];
  return 0;
}

size_t hash_size(enum hash_alg alg)
{
  const struct hash_info *h = hash_info(alg);
  return h ? h->size : 0;
}

const char *hash_mdname(enum hash_alg alg)
{
  const struct hash_info *h = hash_info(alg);
  return h ? h->ossl : 0;
}

const char *hash_name(enum hash_alg alg)
{
  const struct hash_info *h = hash_info(alg);
  return h ? h->name : 0;
}

enum hash_alg hash_byname(const char *name)
{
  for (size_t i = 0; name && i < sizeof hash_table / sizeof hash_table[0]; ++i)
    if (!strcasecmp(name, hash_table[i].name) || !strcasecmp(name, hash_table[i].alias))
      return hash_table[i].alg;
  return HASH_NONE;
}

int hash_hex(char *out, size_t outsize, const unsigned char *in, size_t len)
{
  static const char digits[] = "0123456789abcdef";
  if (outsize == 0 || len > (outsize - 1) / 2) { errno = EINVAL; return -1; }
  for (size_t i = 0; i < len; ++i) {
    out[2 * i] = digits[in[i] >> 4];
    out[2 * i + 1] = digits[in[i] & 15];
  }
  out[2 * len] = 0;
  return 0;
}

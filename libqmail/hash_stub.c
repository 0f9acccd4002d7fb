/* hash_stub.c — hash module for builds without OpenSSL: digests and HMAC fail with ENOSYS. */
#include "hash.h"

#include <errno.h>
#include <strings.h>

struct hash_info { enum hash_alg alg; size_t size; const char *name, *alias; };

static const struct hash_info hash_table[] = {
  { HASH_MD5, 16, "md5", "md5" },
  { HASH_SHA1, 20, "sha1", "sha-1" },
  { HASH_SHA256, 32, "sha256", "sha-256" },
  { HASH_SHA512, 64, "sha512", "sha-512" },
};

static const struct hash_info *hash_info(enum hash_alg alg)
{
  for (size_t i = 0; i < sizeof hash_table / sizeof hash_table[0]; ++i)
    if (hash_table[i].alg == alg) return &hash_table[i];
  return 0;
}

int hash_available(void) { return 0; }

size_t hash_size(enum hash_alg alg)
{
  const struct hash_info *h = hash_info(alg);
  return h ? h->size : 0;
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

static int hash_nosys(void)
{
  errno = ENOSYS;
  return -1;
}

int hash_digest(enum hash_alg alg, const void *data, size_t len,
                unsigned char *out, size_t outlen)
{
  (void)alg; (void)data; (void)len; (void)out; (void)outlen;
  return hash_nosys();
}

int hash_init(hash_ctx *ctx, enum hash_alg alg)
{
  ctx->evp = 0;
  ctx->alg = alg;
  return hash_nosys();
}

int hash_update(hash_ctx *ctx, const void *data, size_t len)
{
  (void)ctx; (void)data; (void)len;
  return hash_nosys();
}

int hash_final(hash_ctx *ctx, unsigned char *out, size_t outlen)
{
  (void)ctx; (void)out; (void)outlen;
  return hash_nosys();
}

void hash_free(hash_ctx *ctx) { ctx->evp = 0; }

int hash_hmac(enum hash_alg alg, const void *key, size_t keylen,
              const void *msg, size_t len, unsigned char *out, size_t outlen)
{
  (void)alg; (void)key; (void)keylen; (void)msg; (void)len; (void)out; (void)outlen;
  return hash_nosys();
}

int hash_hmac_init(hash_hmac_ctx *ctx, enum hash_alg alg, const void *key, size_t keylen)
{
  (void)key; (void)keylen;
  ctx->mac = 0;
  ctx->alg = alg;
  return hash_nosys();
}

int hash_hmac_update(hash_hmac_ctx *ctx, const void *data, size_t len)
{
  (void)ctx; (void)data; (void)len;
  return hash_nosys();
}

int hash_hmac_final(hash_hmac_ctx *ctx, unsigned char *out, size_t outlen)
{
  (void)ctx; (void)out; (void)outlen;
  return hash_nosys();
}

void hash_hmac_free(hash_hmac_ctx *ctx) { ctx->mac = 0; }

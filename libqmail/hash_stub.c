/* hash_stub.c — hash module for builds without OpenSSL: digests and HMAC fail with ENOSYS. */
#include "hash.h"

#include <errno.h>
#include <strings.h>

int hash_available(void) { return 0; }

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

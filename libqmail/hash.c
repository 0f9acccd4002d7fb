/* hash.c — digests and HMAC through OpenSSL 3's EVP_MD and EVP_MAC interfaces. */
#include "hash.h"

#include <errno.h>
#include <stdint.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>


/* fail with e, leaving OpenSSL's error queue empty for the next caller */
static int hash_fail(int e)
{
  ERR_clear_error();
  errno = e;
  return -1;
}

int hash_available(void) { return 1; }

int hash_init(hash_ctx *ctx, enum hash_alg alg)
{
  const char *mdname = hash_mdname(alg);
  EVP_MD *md;
  EVP_MD_CTX *c;
  int ok;
  ctx->evp = 0;
  ctx->alg = alg;
  if (!mdname) { errno = EINVAL; return -1; }
  md = EVP_MD_fetch(0, mdname, 0);
  if (!md) return hash_fail(EOPNOTSUPP);
  c = EVP_MD_CTX_new();
  if (!c) { EVP_MD_free(md); return hash_fail(ENOMEM); }
  ok = EVP_DigestInit_ex2(c, md, 0);
  EVP_MD_free(md); /* the context keeps its own reference */
  if (!ok) { EVP_MD_CTX_free(c); return hash_fail(EIO); }
  ctx->evp = c;
  return 0;
}

int hash_update(hash_ctx *ctx, const void *data, size_t len)
{
  if (!ctx->evp) { errno = EINVAL; return -1; }
  if (!len) return 0;
  if (!EVP_DigestUpdate(ctx->evp, data, len)) return hash_fail(EIO);
  return 0;
}

int hash_final(hash_ctx *ctx, unsigned char *out, size_t outlen)
{
  size_t size = hash_size(ctx->alg);
  unsigned int got = 0;
  if (!ctx->evp || outlen < size) { errno = EINVAL; return -1; }
  if (!EVP_DigestFinal_ex(ctx->evp, out, &got) || got != size) {
    hash_free(ctx);
    return hash_fail(EIO);
  }
  hash_free(ctx);
  return 0;
}

void hash_free(hash_ctx *ctx)
{
  EVP_MD_CTX_free(ctx->evp);
  ctx->evp = 0;
}

int hash_digest(enum hash_alg alg, const void *data, size_t len,
                unsigned char *out, size_t outlen)
{
  hash_ctx ctx = HASH_CTX_ZERO;
  if (outlen < hash_size(alg)) { errno = EINVAL; return -1; }
  if (hash_init(&ctx, alg) == -1) return -1;
  if (hash_update(&ctx, data, len) == -1) { hash_free(&ctx); return -1; }
  return hash_final(&ctx, out, outlen);
}

int hash_hmac_init(hash_hmac_ctx *ctx, enum hash_alg alg, const void *key, size_t keylen)
{
  const char *mdname = hash_mdname(alg);
  OSSL_PARAM params[2];
  EVP_MAC *mac;
  EVP_MAC_CTX *c;
  int ok;
  ctx->mac = 0;
  ctx->alg = alg;
  if (!mdname) { errno = EINVAL; return -1; }
  mac = EVP_MAC_fetch(0, "HMAC", 0);
  if (!mac) return hash_fail(EOPNOTSUPP);
  c = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac); /* the context keeps its own reference */
  if (!c) return hash_fail(ENOMEM);
  params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                               (char *)(uintptr_t)mdname, 0);
  params[1] = OSSL_PARAM_construct_end();
  /* a NULL key would mean "keep the previous key": pass "" for an empty one */
  ok = EVP_MAC_init(c, key && keylen ? key : (const void *)"", keylen, params);
  if (!ok) {
    EVP_MAC_CTX_free(c);
    return hash_fail(EOPNOTSUPP);
  }
  ctx->mac = c;
  return 0;
}

int hash_hmac_update(hash_hmac_ctx *ctx, const void *data, size_t len)
{
  if (!ctx->mac) { errno = EINVAL; return -1; }
  if (!len) return 0;
  if (!EVP_MAC_update(ctx->mac, data, len)) return hash_fail(EIO);
  return 0;
}

int hash_hmac_final(hash_hmac_ctx *ctx, unsigned char *out, size_t outlen)
{
  size_t size = hash_size(ctx->alg), got = 0;
  if (!ctx->mac || outlen < size) { errno = EINVAL; return -1; }
  if (!EVP_MAC_final(ctx->mac, out, &got, outlen) || got != size) {
    hash_hmac_free(ctx);
    return hash_fail(EIO);
  }
  hash_hmac_free(ctx);
  return 0;
}

void hash_hmac_free(hash_hmac_ctx *ctx)
{
  EVP_MAC_CTX_free(ctx->mac);
  ctx->mac = 0;
}

int hash_hmac(enum hash_alg alg, const void *key, size_t keylen,
              const void *msg, size_t len, unsigned char *out, size_t outlen)
{
  hash_hmac_ctx ctx = HASH_HMAC_ZERO;
  if (outlen < hash_size(alg)) { errno = EINVAL; return -1; }
  if (hash_hmac_init(&ctx, alg, key, keylen) == -1) return -1;
  if (hash_hmac_update(&ctx, msg, len) == -1) { hash_hmac_free(&ctx); return -1; }
  return hash_hmac_final(&ctx, out, outlen);
}

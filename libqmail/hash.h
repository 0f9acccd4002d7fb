/* hash.h — message digests (MD5, SHA-1, SHA-256, SHA-512) and HMAC, through OpenSSL 3.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set:
 * EINVAL for an unknown algorithm or an output buffer too small,
 * EOPNOTSUPP when this OpenSSL does not offer the algorithm (MD5 under a
 * FIPS-only configuration), ENOMEM, EIO for any other OpenSSL failure
 * (its error queue is cleared), and ENOSYS for every computing function
 * of a build without OpenSSL (libqmail/hash_stub.c). hash_size,
 * hash_name, hash_mdname, hash_byname and hash_hex are plain look-ups
 * (libqmail/hash_common.c) and work in both builds.
 *
 * Digests are raw bytes, hash_size(alg) of them (at most HASH_SIZE_MAX);
 * hash_hex turns them into lower-case hex. An incremental context
 * (hash_ctx, hash_hmac_ctx) holds OpenSSL memory from its init until its
 * final or free; after any failure the caller calls the free function,
 * which is harmless on a finished or zeroed context. */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>

#define HASH_WUR __attribute__((warn_unused_result))

/* the longest digest (SHA-512), and the hex of it with its NUL */
#define HASH_SIZE_MAX 64
#define HASH_HEX_MAX (2 * HASH_SIZE_MAX + 1)

enum hash_alg { HASH_NONE = 0, HASH_MD5, HASH_SHA1, HASH_SHA256, HASH_SHA512 };

typedef struct hash_ctx { void *evp; enum hash_alg alg; } hash_ctx;
typedef struct hash_hmac_ctx { void *mac; enum hash_alg alg; } hash_hmac_ctx;
#define HASH_CTX_ZERO { 0, HASH_NONE }
#define HASH_HMAC_ZERO { 0, HASH_NONE }

/* available: 1 when this build computes digests, 0 for the stub. */
int hash_available(void);

/* size: the digest length of alg in bytes, 0 for an unknown alg. */
size_t hash_size(enum hash_alg alg);

/* name: "md5", "sha1", "sha256", "sha512"; NULL for an unknown alg. */
const char *hash_name(enum hash_alg alg);

/* mdname: the standard name of alg ("MD5", "SHA1", "SHA256", "SHA512"),
 * as crypto libraries spell it; NULL for an unknown alg. */
const char *hash_mdname(enum hash_alg alg);

/* byname: the algorithm called name (any case; "sha-256" and "sha256"
 * both), HASH_NONE when there is none. */
enum hash_alg hash_byname(const char *name);

/* digest: the digest of data[0..len) into out (outlen >= hash_size). */
int hash_digest(enum hash_alg alg, const void *data, size_t len,
                unsigned char *out, size_t outlen) HASH_WUR;

/* init / update / final: the same, in pieces. final writes
 * hash_size(alg) bytes to out and releases the context. */
int hash_init(hash_ctx *ctx, enum hash_alg alg) HASH_WUR;
int hash_update(hash_ctx *ctx, const void *data, size_t len) HASH_WUR;
int hash_final(hash_ctx *ctx, unsigned char *out, size_t outlen) HASH_WUR;
void hash_free(hash_ctx *ctx);

/* hmac: HMAC-alg (RFC 2104) of msg[0..len) under key[0..keylen) into
 * out (outlen >= hash_size). Any key length, including 0. */
int hash_hmac(enum hash_alg alg, const void *key, size_t keylen,
              const void *msg, size_t len, unsigned char *out, size_t outlen) HASH_WUR;

/* hmac_init / update / final: the same, in pieces; final releases. */
int hash_hmac_init(hash_hmac_ctx *ctx, enum hash_alg alg, const void *key, size_t keylen) HASH_WUR;
int hash_hmac_update(hash_hmac_ctx *ctx, const void *data, size_t len) HASH_WUR;
int hash_hmac_final(hash_hmac_ctx *ctx, unsigned char *out, size_t outlen) HASH_WUR;
void hash_hmac_free(hash_hmac_ctx *ctx);

/* hex: in[0..len) as lower-case hex with a NUL into out; fails with
 * EINVAL when outsize < 2 * len + 1. */
int hash_hex(char *out, size_t outsize, const unsigned char *in, size_t len) HASH_WUR;

#endif

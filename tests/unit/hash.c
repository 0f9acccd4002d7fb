/* hash.c — unit test for libqmail/hash: RFC 1321, FIPS 180, RFC 2202 and RFC 4231 vectors. */
#include <errno.h>
#include <stdint.h>

#include "config.h"
#include "hash.h"
#include "tap.h"

/* a byte string given as text, or as count copies of one byte, or (seq)
 * as the bytes 1, 2, … count */
struct bytes { const char *text; int byte; size_t count; int seq; };
#define TXT(s) { s, 0, 0, 0 }
#define REP(b, n) { 0, b, n, 0 }
#define SEQ(n) { 0, 0, n, 1 }

static size_t mk(const struct bytes *b, unsigned char *out)
{
  if (b->text) {
    memcpy(out, b->text, strlen(b->text));
    return strlen(b->text);
  }
  for (size_t i = 0; i < b->count; ++i) out[i] = (unsigned char)(b->seq ? i + 1 : (size_t)b->byte);
  return b->count;
}

struct digest_vec { enum hash_alg alg; struct bytes data; const char *hex; };

static const struct digest_vec digests[] = {
  /* RFC 1321 appendix A.5 */
  { HASH_MD5, TXT(""), "d41d8cd98f00b204e9800998ecf8427e" },
  { HASH_MD5, TXT("a"), "0cc175b9c0f1b6a831c399e269772661" },
  { HASH_MD5, TXT("abc"), "900150983cd24fb0d6963f7d28e17f72" },
  { HASH_MD5, TXT("message digest"), "f96b697d7cb7938d525a2f31aaf161d0" },
  { HASH_MD5, TXT("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b" },
  { HASH_MD5, TXT("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
    "d174ab98d277d9f5a5611c2c9f419d9f" },
  { HASH_MD5, TXT("1234567890123456789012345678901234567890"
                  "1234567890123456789012345678901234567890"),
    "57edf4a22be3c955ac49da2e2107b67a" },
  /* FIPS 180 examples */
  { HASH_SHA1, TXT("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d" },
  { HASH_SHA1, TXT("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
  { HASH_SHA256, TXT("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { HASH_SHA256, TXT("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  { HASH_SHA512, TXT("abc"),
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
  { HASH_SHA512, TXT("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                     "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
    "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
    "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909" },
};

/* one million 'a's (FIPS 180) */
static const char *const million[][2] = {
  { "sha1", "34aa973cd4c4daa4f61eeb2bdbad27316534016f" },
  { "sha256", "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
  { "sha512", "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
              "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b" },
};

struct hmac_vec { enum hash_alg alg; struct bytes key, data; const char *hex; };

#define LARGER1 "Test Using Larger Than Block-Size Key - Hash Key First"
#define LARGER2 "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"
#define LARGER3 "This is a test using a larger than block-size key and a larger than " \
                "block-size data. The key needs to be hashed before being used by the HMAC algorithm."
#define JEFE "what do ya want for nothing?"

static const struct hmac_vec hmacs[] = {
  /* RFC 2202 §2, HMAC-MD5 */
  { HASH_MD5, REP(0x0b, 16), TXT("Hi There"), "9294727a3638bb1c13f48ef8158bfc9d" },
  { HASH_MD5, TXT("Jefe"), TXT(JEFE), "750c783e6ab0b503eaa86e310a5db738" },
  { HASH_MD5, REP(0xaa, 16), REP(0xdd, 50), "56be34521d144c88dbb8c733f0e8b3f6" },
  { HASH_MD5, SEQ(25), REP(0xcd, 50), "697eaf0aca3a3aea3a75164746ffaa79" },
  { HASH_MD5, REP(0x0c, 16), TXT("Test With Truncation"), "56461ef2342edc00f9bab995690efd4c" },
  { HASH_MD5, REP(0xaa, 80), TXT(LARGER1), "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" },
  { HASH_MD5, REP(0xaa, 80), TXT(LARGER2), "6f630fad67cda0ee1fb1f562db3aa53e" },
  /* RFC 2202 §3, HMAC-SHA-1 */
  { HASH_SHA1, REP(0x0b, 20), TXT("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00" },
  { HASH_SHA1, TXT("Jefe"), TXT(JEFE), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
  { HASH_SHA1, REP(0xaa, 20), REP(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
  { HASH_SHA1, SEQ(25), REP(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
  { HASH_SHA1, REP(0x0c, 20), TXT("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
  { HASH_SHA1, REP(0xaa, 80), TXT(LARGER1), "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
  { HASH_SHA1, REP(0xaa, 80), TXT(LARGER2), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
  /* RFC 4231 §4, HMAC-SHA-256 and HMAC-SHA-512 */
  { HASH_SHA256, REP(0x0b, 20), TXT("Hi There"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
  { HASH_SHA256, TXT("Jefe"), TXT(JEFE),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
  { HASH_SHA256, REP(0xaa, 20), REP(0xdd, 50),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
  { HASH_SHA256, SEQ(25), REP(0xcd, 50),
    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
  { HASH_SHA256, REP(0xaa, 131), TXT(LARGER1),
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
  { HASH_SHA256, REP(0xaa, 131), TXT(LARGER3),
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
  { HASH_SHA512, REP(0x0b, 20), TXT("Hi There"),
    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
    "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
  { HASH_SHA512, TXT("Jefe"), TXT(JEFE),
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
  { HASH_SHA512, REP(0xaa, 131), TXT(LARGER1),
    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
    "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
  { HASH_SHA512, REP(0xaa, 131), TXT(LARGER3),
    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
    "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
  /* an empty key and message (HMAC-SHA-256) */
  { HASH_SHA256, TXT(""), TXT(""),
    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad" },
};

static const char *hex(const unsigned char *d, size_t n)
{
  static char out[HASH_HEX_MAX];
  if (hash_hex(out, sizeof out, d, n) == -1) return "(hex failed)";
  return out;
}

static void test_lookups(void)
{
  char small[5];
  const unsigned char b[] = { 0x00, 0x7f, 0xa5, 0xff };
  is_int(hash_size(HASH_MD5), 16, "md5 size");
  is_int(hash_size(HASH_SHA1), 20, "sha1 size");
  is_int(hash_size(HASH_SHA256), 32, "sha256 size");
  is_int(hash_size(HASH_SHA512), 64, "sha512 size");
  is_int(hash_size(HASH_NONE), 0, "none has no size");
  is_int(hash_size((enum hash_alg)99), 0, "unknown has no size");
  is_str(hash_name(HASH_SHA256), "sha256", "name");
  ok(hash_name((enum hash_alg)99) == 0, "unknown has no name");
  is_int(hash_byname("SHA-256"), HASH_SHA256, "byname SHA-256");
  is_int(hash_byname("sha1"), HASH_SHA1, "byname sha1");
  is_int(hash_byname("Md5"), HASH_MD5, "byname Md5");
  is_int(hash_byname("sha384"), HASH_NONE, "byname of an unknown");
  is_int(hash_byname(""), HASH_NONE, "byname of empty");
  is_int(hash_byname(0), HASH_NONE, "byname of NULL");
  ok(hash_hex(small, sizeof small, b, 2) == 0, "hex of 2 bytes in 5");
  is_str(small, "007f", "hex text");
  errno = 0;
  ok(hash_hex(small, sizeof small, b, 3) == -1 && errno == EINVAL, "hex too long: EINVAL");
  ok(hash_hex(small, 0, b, 0) == -1 && errno == EINVAL, "hex into nothing: EINVAL");
  ok(hash_hex(small, 1, b, 0) == 0 && small[0] == 0, "hex of nothing");
  is_str(hex(b, 4), "007fa5ff", "hex of all nibbles");
}

static void test_digests(void)
{
  unsigned char in[200], out[HASH_SIZE_MAX];
  for (size_t i = 0; i < sizeof digests / sizeof digests[0]; ++i) {
    const struct digest_vec *v = &digests[i];
    size_t n = mk(&v->data, in);
    hash_ctx c = HASH_CTX_ZERO;
    int good = 1;
    ok(hash_digest(v->alg, in, n, out, sizeof out) == 0, "%s digest %zu", hash_name(v->alg), i);
    is_str(hex(out, hash_size(v->alg)), v->hex, "%s of '%s'", hash_name(v->alg), v->data.text);
    /* the same a byte at a time */
    good = hash_init(&c, v->alg) == 0;
    for (size_t j = 0; good && j < n; ++j) good = hash_update(&c, in + j, 1) == 0;
    good = good && hash_final(&c, out, hash_size(v->alg)) == 0;
    ok(good, "%s incremental %zu", hash_name(v->alg), i);
    is_str(hex(out, hash_size(v->alg)), v->hex, "%s byte by byte", hash_name(v->alg));
    hash_free(&c);
  }
}

static void test_million(void)
{
  char *a = malloc(1000000);
  unsigned char out[HASH_SIZE_MAX];
  if (!a) { skip(6, "no memory"); return; }
  memset(a, 'a', 1000000);
  for (size_t i = 0; i < sizeof million / sizeof million[0]; ++i) {
    enum hash_alg alg = hash_byname(million[i][0]);
    hash_ctx c = HASH_CTX_ZERO;
    int good;
    ok(hash_digest(alg, a, 1000000, out, sizeof out) == 0 &&
       strcmp(hex(out, hash_size(alg)), million[i][1]) == 0, "%s of a million 'a's", million[i][0]);
    /* in uneven pieces */
    good = hash_init(&c, alg) == 0;
    for (size_t off = 0, step = 1; good && off < 1000000; off += step, step = step * 3 % 9973 + 1)
      good = hash_update(&c, a + off, off + step > 1000000 ? 1000000 - off : step) == 0;
    good = good && hash_final(&c, out, sizeof out) == 0;
    ok(good && strcmp(hex(out, hash_size(alg)), million[i][1]) == 0,
       "%s of a million 'a's in uneven pieces", million[i][0]);
    hash_free(&c);
  }
  free(a);
}

static void test_hmacs(void)
{
  unsigned char key[200], data[200], out[HASH_SIZE_MAX];
  for (size_t i = 0; i < sizeof hmacs / sizeof hmacs[0]; ++i) {
    const struct hmac_vec *v = &hmacs[i];
    size_t kn = mk(&v->key, key), dn = mk(&v->data, data), half = dn / 2;
    hash_hmac_ctx c = HASH_HMAC_ZERO;
    int good;
    ok(hash_hmac(v->alg, key, kn, data, dn, out, sizeof out) == 0, "hmac %zu", i);
    is_str(hex(out, hash_size(v->alg)), v->hex, "HMAC-%s vector %zu (key %zu bytes)",
           hash_name(v->alg), i, kn);
    good = hash_hmac_init(&c, v->alg, key, kn) == 0 && hash_hmac_update(&c, data, half) == 0 &&
           hash_hmac_update(&c, data + half, dn - half) == 0 &&
           hash_hmac_final(&c, out, hash_size(v->alg)) == 0;
    ok(good && strcmp(hex(out, hash_size(v->alg)), v->hex) == 0, "HMAC-%s vector %zu in two pieces",
       hash_name(v->alg), i);
    hash_hmac_free(&c);
  }
  /* a NULL key pointer with length 0 is the empty key */
  ok(hash_hmac(HASH_SHA256, 0, 0, "", 0, out, sizeof out) == 0 &&
     strcmp(hex(out, 32), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad") == 0,
     "HMAC with a NULL empty key");
}

static void test_errors(void)
{
  unsigned char out[HASH_SIZE_MAX];
  hash_ctx c = HASH_CTX_ZERO;
  hash_hmac_ctx m = HASH_HMAC_ZERO;
  errno = 0;
  ok(hash_digest(HASH_SHA256, "abc", 3, out, 31) == -1 && errno == EINVAL, "digest into 31 bytes: EINVAL");
  errno = 0;
  ok(hash_digest((enum hash_alg)99, "abc", 3, out, sizeof out) == -1 && errno == EINVAL,
     "unknown algorithm: EINVAL");
  errno = 0;
  ok(hash_digest(HASH_NONE, "abc", 3, out, sizeof out) == -1 && errno == EINVAL, "HASH_NONE: EINVAL");
  errno = 0;
  ok(hash_hmac(HASH_SHA1, "k", 1, "abc", 3, out, 19) == -1 && errno == EINVAL, "hmac into 19 bytes: EINVAL");
  errno = 0;
  ok(hash_hmac((enum hash_alg)99, "k", 1, "abc", 3, out, sizeof out) == -1 && errno == EINVAL,
     "hmac with an unknown algorithm: EINVAL");
  ok(hash_init(&c, HASH_MD5) == 0 && hash_update(&c, "x", 1) == 0, "init + update");
  errno = 0;
  ok(hash_final(&c, out, 15) == -1 && errno == EINVAL, "final into 15 bytes: EINVAL");
  ok(hash_final(&c, out, 16) == 0, "context still usable after a refused final");
  is_str(hex(out, 16), "9dd4e461268c8034f5c8564e155c67a6", "md5 of 'x'");
  errno = 0;
  ok(hash_update(&c, "x", 1) == -1 && errno == EINVAL, "update after final: EINVAL");
  errno = 0;
  ok(hash_final(&c, out, sizeof out) == -1 && errno == EINVAL, "final twice: EINVAL");
  hash_free(&c);
  hash_free(&c);
  ok(hash_hmac_init(&m, HASH_SHA1, "k", 1) == 0 && hash_hmac_final(&m, out, sizeof out) == 0,
     "hmac of nothing");
  errno = 0;
  ok(hash_hmac_update(&m, "x", 1) == -1 && errno == EINVAL, "hmac update after final: EINVAL");
  hash_hmac_free(&m);
  hash_hmac_free(&m);
  ok(1, "free twice is harmless");
}

/* a build without OpenSSL: everything that computes fails with ENOSYS */
static void test_stub(void)
{
  unsigned char out[HASH_SIZE_MAX];
  hash_ctx c = HASH_CTX_ZERO;
  hash_hmac_ctx m = HASH_HMAC_ZERO;
  ok(!hash_available(), "the stub says it is a stub");
  errno = 0;
  ok(hash_digest(HASH_SHA256, "abc", 3, out, sizeof out) == -1 && errno == ENOSYS, "digest: ENOSYS");
  errno = 0;
  ok(hash_init(&c, HASH_SHA256) == -1 && errno == ENOSYS, "init: ENOSYS");
  errno = 0;
  ok(hash_update(&c, "x", 1) == -1 && errno == ENOSYS, "update: ENOSYS");
  errno = 0;
  ok(hash_final(&c, out, sizeof out) == -1 && errno == ENOSYS, "final: ENOSYS");
  errno = 0;
  ok(hash_hmac(HASH_SHA1, "k", 1, "x", 1, out, sizeof out) == -1 && errno == ENOSYS, "hmac: ENOSYS");
  errno = 0;
  ok(hash_hmac_init(&m, HASH_SHA1, "k", 1) == -1 && errno == ENOSYS, "hmac_init: ENOSYS");
  errno = 0;
  ok(hash_hmac_update(&m, "x", 1) == -1 && errno == ENOSYS, "hmac_update: ENOSYS");
  errno = 0;
  ok(hash_hmac_final(&m, out, sizeof out) == -1 && errno == ENOSYS, "hmac_final: ENOSYS");
  hash_free(&c);
  hash_hmac_free(&m);
}

int main(void)
{
  test_lookups();
  if (!HAVE_OPENSSL) {
    test_stub();
    return done_testing();
  }
  ok(hash_available(), "this build computes digests");
  test_digests();
  test_million();
  test_hmacs();
  test_errors();
  return done_testing();
}

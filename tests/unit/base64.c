/* base64.c — unit test for libqmail/base64: RFC 4648 vectors, strictness, leniency. */
#include <errno.h>
#include <stdint.h>

#include "base64.h"
#include "tap.h"

/* a printable form of in[0..n) for test names: controls as \xHH */
static const char *vis(const char *in, size_t n)
{
  static char out[256];
  size_t o = 0;
  for (size_t i = 0; i < n && o + 5 < sizeof out; ++i) {
    unsigned char c = (unsigned char)in[i];
    if (c >= 0x20 && c < 0x7f) out[o++] = (char)c;
    else o += (size_t)snprintf(out + o, sizeof out - o, "\\x%02x", c);
  }
  out[o] = 0;
  return out;
}

/* decode text (C string) with fn; checks success and the result */
static void dec_ok(int (*fn)(stralloc *, const char *, size_t), const char *in,
                   const char *want, size_t wantlen, const char *what)
{
  stralloc sa = STRALLOC_ZERO;
  int r = fn(&sa, in, strlen(in));
  ok(r == 1, "%s: decodes '%s'", what, vis(in, strlen(in)));
  is_mem(sa.s, sa.len, want, wantlen, "%s: '%s' gives the right bytes", what,
         vis(in, strlen(in)));
  stralloc_free(&sa);
}

/* decode must fail with EINVAL and leave out as it was */
static void dec_bad(int (*fn)(stralloc *, const char *, size_t), const char *in,
                    size_t len, const char *what)
{
  stralloc sa = STRALLOC_ZERO;
  int r;
  if (!stralloc_copys(&sa, "keep")) { ok(0, "copys"); return; }
  errno = 0;
  r = fn(&sa, in, len);
  ok(r == 0 && errno == EINVAL, "%s: rejects '%s' with EINVAL", what, vis(in, len));
  is_mem(sa.s, sa.len, "keep", 4, "%s: out unchanged after '%s'", what, vis(in, len));
  stralloc_free(&sa);
}

static const char *const rfc[][2] = {
  { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
  { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
};

static void test_vectors(void)
{
  for (size_t i = 0; i < sizeof rfc / sizeof rfc[0]; ++i) {
    stralloc sa = STRALLOC_ZERO;
    ok(base64_encode(&sa, rfc[i][0], strlen(rfc[i][0])), "encode '%s'", rfc[i][0]);
    is_mem(sa.s, sa.len, rfc[i][1], strlen(rfc[i][1]), "RFC 4648 §10: '%s'", rfc[i][0]);
    stralloc_free(&sa);
    dec_ok(base64_decode, rfc[i][1], rfc[i][0], strlen(rfc[i][0]), "strict");
    dec_ok(base64_decode_lenient, rfc[i][1], rfc[i][0], strlen(rfc[i][0]), "lenient");
  }
}

static void test_roundtrip(void)
{
  char in[300];
  stralloc enc = STRALLOC_ZERO, dec = STRALLOC_ZERO;
  int good = 1;
  for (size_t i = 0; i < sizeof in; ++i) in[i] = (char)(i * 7 + 3);
  for (size_t n = 0; n <= sizeof in && good; ++n) {
    enc.len = dec.len = 0;
    good = base64_encode(&enc, in, n) && enc.len == (n + 2) / 3 * 4 &&
           base64_decode(&dec, enc.s, enc.len) && dec.len == n &&
           (n == 0 || memcmp(dec.s, in, n) == 0);
  }
  ok(good, "round trip of every length 0..300 of binary bytes");
  /* every byte value in every position of a group */
  for (int b = 0; b < 256 && good; ++b)
    for (int pos = 0; pos < 3 && good; ++pos) {
      char g[3] = { 0, 0, 0 };
      g[pos] = (char)b;
      enc.len = dec.len = 0;
      good = base64_encode(&enc, g, 3) && base64_decode(&dec, enc.s, enc.len) &&
             dec.len == 3 && memcmp(dec.s, g, 3) == 0;
    }
  ok(good, "every byte value round-trips in every position");
  /* appending keeps what was there */
  ok(stralloc_copys(&enc, "x=") && base64_encode(&enc, "foo", 3), "encode appends");
  is_mem(enc.s, enc.len, "x=Zm9v", 6, "encode kept the prefix");
  ok(stralloc_copys(&dec, "y:") && base64_decode(&dec, "Zm9v", 4), "decode appends");
  is_mem(dec.s, dec.len, "y:foo", 5, "decode kept the prefix");
  stralloc_free(&enc);
  stralloc_free(&dec);
}

static void test_strict(void)
{
  static const char *const bad[] = {
    "Zg=", "Zg", "Zm8", "Z===", "Zg===", "Zm9v=", "Zg==Zg==", "Zm9vY", "=",
    "====", "Z", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Zm9*", "-_8=", "Zm9v\r\n",
    "Zg=a", "Zm=v",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i)
    dec_bad(base64_decode, bad[i], strlen(bad[i]), "strict");
  dec_bad(base64_decode, "Zm\0v", 4, "strict (NUL byte)");
  dec_bad(base64_decode, "Zm9v\xc3\xa9", 6, "strict (8-bit byte)");
}

static void test_lenient(void)
{
  dec_ok(base64_decode_lenient, "Zm9v\r\nYmFy", "foobar", 6, "lenient");
  dec_ok(base64_decode_lenient, " Z g = = \t", "f", 1, "lenient");
  dec_ok(base64_decode_lenient, "Zg", "f", 1, "lenient");
  dec_ok(base64_decode_lenient, "Zm8", "fo", 2, "lenient");
  dec_ok(base64_decode_lenient, "Zg=", "f", 1, "lenient");
  dec_ok(base64_decode_lenient, "Zh==", "f", 1, "lenient (unused bits ignored)");
  dec_ok(base64_decode_lenient, " \r\n ", "", 0, "lenient (only whitespace)");
  dec_ok(base64_decode_lenient, "Zm9v\v\fYg==\r\n", "foob", 4, "lenient");
  dec_bad(base64_decode_lenient, "Zm9vY", 5, "lenient (lone last character)");
  dec_bad(base64_decode_lenient, "Zg==Zg", 6, "lenient (data after padding)");
  dec_bad(base64_decode_lenient, "Zm9*", 4, "lenient (bad character)");
  dec_bad(base64_decode_lenient, "=Zg", 3, "lenient ('=' first)");
  dec_bad(base64_decode_lenient, "Zg===", 5, "lenient (three pads)");
  dec_bad(base64_decode_lenient, "Zm\0v", 4, "lenient (NUL byte)");
}

static void test_overflow(void)
{
  stralloc sa = STRALLOC_ZERO;
  errno = 0;
  ok(!base64_encode(&sa, "", SIZE_MAX), "encode of SIZE_MAX bytes fails before reading");
  is_int(errno, EOVERFLOW, "with EOVERFLOW");
  errno = 0;
  ok(!base64_decode(&sa, "", SIZE_MAX), "decode of SIZE_MAX bytes fails before reading");
  is_int(errno, EOVERFLOW, "with EOVERFLOW");
  ok(sa.len == 0, "nothing appended");
  stralloc_free(&sa);
}

int main(void)
{
  test_vectors();
  test_roundtrip();
  test_strict();
  test_lenient();
  test_overflow();
  return done_testing();
}

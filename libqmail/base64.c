/* base64.c — RFC 4648 base64 encoding and strict or lenient decoding. */
#include "base64.h"

#include <errno.h>

static const char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_encode(stralloc *out, const char *in, size_t len)
{
  const unsigned char *u = (const unsigned char *)in;
  size_t groups = len / 3 + (len % 3 != 0), need;
  char *p;
  if (__builtin_mul_overflow(groups, 4, &need)) { errno = EOVERFLOW; return 0; }
  if (!stralloc_readyplus(out, need)) return 0;
  p = out->s + out->len;
  for (; len >= 3; len -= 3, u += 3) {
    *p++ = base64_alphabet[u[0] >> 2];
    *p++ = base64_alphabet[(u[0] & 3) << 4 | u[1] >> 4];
    *p++ = base64_alphabet[(u[1] & 15) << 2 | u[2] >> 6];
    *p++ = base64_alphabet[u[2] & 63];
  }
  if (len) {
    unsigned b1 = len == 2 ? u[1] : 0;
    *p++ = base64_alphabet[u[0] >> 2];
    *p++ = base64_alphabet[(u[0] & 3) << 4 | b1 >> 4];
    *p++ = len == 2 ? base64_alphabet[(b1 & 15) << 2] : '=';
    *p++ = '=';
  }
  out->len += need;
  return 1;
}

/* the value of an alphabet character, -1 for any other byte */
static int base64_value(unsigned char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

static int base64_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* the last, partial group: n characters (2 or 3) holding acc, pad '='
 * seen after them; appends its bytes at *p */
static int base64_tail(char **p, unsigned long acc, int n, int pad, int lenient)
{
  if (n == 0 && pad == 0) return 1;
  if (n == 1) return 0;                                 /* 6 bits: no byte */
  if (!lenient && n + pad != 4) return 0;               /* padding required */
  if (n == 2) {
    if (!lenient && (acc & 15)) return 0;               /* unused bits set */
    *(*p)++ = (char)(acc >> 4);
  } else {
    if (!lenient && (acc & 3)) return 0;
    *(*p)++ = (char)(acc >> 10);
    *(*p)++ = (char)(acc >> 2 & 255);
  }
  return 1;
}

static int base64_run(stralloc *out, const char *in, size_t len, int lenient)
{
  unsigned long acc = 0;
  int n = 0, pad = 0;
  char *p;
  /* at most 3 bytes for every 4 characters; len / 4 * 3 + 3 cannot wrap */
  if (!stralloc_readyplus(out, len / 4 * 3 + 3)) return 0;
  p = out->s + out->len;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)in[i];
    int v;
    if (lenient && base64_space(c)) continue;
    if (c == '=') {
      if (n < 2 || n + ++pad > 4) goto bad;
      continue;
    }
    if (pad || (v = base64_value(c)) < 0) goto bad;
    acc = acc << 6 | (unsigned long)v;
    if (++n == 4) {
      *p++ = (char)(acc >> 16);
      *p++ = (char)(acc >> 8 & 255);
      *p++ = (char)(acc & 255);
      acc = 0;
      n = 0;
    }
  }
  if (!base64_tail(&p, acc, n, pad, lenient)) goto bad;
  out->len = (size_t)(p - out->s);
  return 1;
bad:
  errno = EINVAL;
  return 0;
}

int base64_decode(stralloc *out, const char *in, size_t len)
{
  return base64_run(out, in, len, 0);
}

int base64_decode_lenient(stralloc *out, const char *in, size_t len)
{
  return base64_run(out, in, len, 1);
}

/* ip.c — IPv4/IPv6 text scanning and formatting, and CIDR matching. */
#include "ip.h"

#include <string.h>

static int ip_isdigit(char c) { return c >= '0' && c <= '9'; }

static int ip_hexval(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* a run of decimal digits at s: at most 4 are read, so that a fourth digit
 * shows the run is too long. Returns the digits read, *val their value. */
static size_t ip_decrun(const char *s, size_t len, unsigned *val)
{
  size_t n = 0;
  unsigned v = 0;
  while (n < len && n < 4 && ip_isdigit(s[n])) v = v * 10 + (unsigned)(s[n++] - '0');
  *val = v;
  return n;
}

/* the same for hex digits, at most 5 read (a group has at most 4) */
static size_t ip_hexrun(const char *s, size_t len, unsigned *val)
{
  size_t n = 0;
  unsigned v = 0;
  int d;
  while (n < len && n < 5 && (d = ip_hexval(s[n])) >= 0) {
    v = v << 4 | (unsigned)d;
    ++n;
  }
  *val = v;
  return n;
}

/* a decimal number of 1 to 3 digits, no leading zero, at most max */
static size_t ip_decnum(const char *s, size_t len, unsigned max, unsigned *val)
{
  size_t n = ip_decrun(s, len, val);
  if (n == 0 || n > 3 || *val > max) return 0;
  if (n > 1 && s[0] == '0') return 0;
  return n;
}

size_t ip4_scan(const char *s, size_t len, unsigned char ip[4])
{
  size_t i = 0, n;
  unsigned v;
  for (int k = 0; k < 4; ++k) {
    if (k) {
      if (i >= len || s[i] != '.') return 0;
      ++i;
    }
    n = ip_decnum(s + i, len - i, 255, &v);
    if (!n) return 0;
    ip[k] = (unsigned char)v;
    i += n;
  }
  /* a fifth part would make this something longer, not an address */
  if (i + 1 < len && s[i] == '.' && ip_isdigit(s[i + 1])) return 0;
  return i;
}

/* decimal digits of v (< 1000) into out; returns the count */
static size_t ip_fmtdec(char *out, unsigned v)
{
  size_t n = 0;
  if (v >= 100) out[n++] = (char)('0' + v / 100);
  if (v >= 10) out[n++] = (char)('0' + v / 10 % 10);
  out[n++] = (char)('0' + v % 10);
  return n;
}

size_t ip4_fmt(char *out, const unsigned char ip[4])
{
  char tmp[IP4_FMT];
  size_t n = 0;
  for (int k = 0; k < 4; ++k) {
    if (k) tmp[n++] = '.';
    n += ip_fmtdec(tmp + n, ip[k]);
  }
  if (out) memcpy(out, tmp, n);
  return n;
}

/* s (len bytes) follows a complete IPv6 address: 1 if it would continue
 * the token into something longer and invalid */
static int ip6_tailbad(const char *s, size_t len)
{
  if (len == 0) return 0;
  if (ip_hexval(s[0]) >= 0) return 1;
  if (len < 2) return 0;
  if (s[0] == ':' && (s[1] == ':' || ip_hexval(s[1]) >= 0)) return 1;
  return s[0] == '.' && ip_isdigit(s[1]);
}

/* the groups of an IPv6 address into b: *n bytes, *gap = where "::" was
 * (-1 if none). Returns the bytes consumed, 0 if invalid. */
static size_t ip6_groups(const char *s, size_t len, unsigned char b[16],
                         size_t *np, int *gapp)
{
  size_t i = 0, n = 0, h;
  int gap = -1;
  unsigned v;
  if (len >= 2 && s[0] == ':' && s[1] == ':') {
    gap = 0;
    i = 2;
    if (i < len && s[i] == ':') return 0;   /* ":::" */
  }
  for (;;) {
    size_t max = gap < 0 ? 16 : 14;   /* "::" stands for at least one group */
    if (n >= max) break;
    h = ip_hexrun(s + i, len - i, &v);
    if (h == 0) break;
    if (i + h < len && s[i + h] == '.') {   /* the trailing dotted quad */
      if (n + 4 > max) return 0;
      h = ip4_scan(s + i, len - i, b + n);
      if (!h) return 0;
      n += 4;
      i += h;
      break;
    }
    if (h > 4) return 0;
    b[n++] = (unsigned char)(v >> 8);
    b[n++] = (unsigned char)v;
    i += h;
    if (n >= max || i + 1 >= len || s[i] != ':') break;
    if (s[i + 1] == ':') {
      if (gap >= 0) return 0;
      gap = (int)n;
      i += 2;
      if (i < len && s[i] == ':') return 0; /* ":::" */
    } else if (ip_hexval(s[i + 1]) >= 0) ++i;
    else break;                              /* a lone ':' ends it */
  }
  *np = n;
  *gapp = gap;
  return i;
}

size_t ip6_scan(const char *s, size_t len, unsigned char ip[16])
{
  unsigned char b[16];
  size_t n = 0, i;
  int gap = -1;
  i = ip6_groups(s, len, b, &n, &gap);
  if (i == 0) return 0;
  if (gap < 0 && n != 16) return 0;
  if (ip6_tailbad(s + i, len - i)) return 0;
  if (gap < 0) {
    memcpy(ip, b, 16);
    return i;
  }
  memset(ip, 0, 16);
  memcpy(ip, b, (size_t)gap);
  memcpy(ip + 16 - (n - (size_t)gap), b + gap, n - (size_t)gap);
  return i;
}

int ip6_is_v4mapped(const unsigned char ip[16])
{
  static const unsigned char prefix[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff };
  return memcmp(ip, prefix, 12) == 0;
}

void ip4_to6(unsigned char out[16], const unsigned char ip4[4])
{
  memmove(out + 12, ip4, 4);
  memset(out, 0, 10);
  out[10] = 0xff;
  out[11] = 0xff;
}

/* one group in lowercase hex without leading zeros */
static size_t ip6_fmtgroup(char *out, unsigned v)
{
  static const char hex[] = "0123456789abcdef";
  size_t n = 0;
  int shift = 12;
  while (shift > 0 && (v >> shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) out[n++] = hex[(v >> shift) & 15];
  return n;
}

/* the longest run of two or more zero groups (the first if tied):
 * *start = 8 and *count = 0 if there is none */
static void ip6_zerorun(const unsigned char ip[16], int *start, int *count)
{
  int bs = 8, bl = 1;
  for (int g = 0; g < 8; ) {
    int l = 0;
    while (g + l < 8 && ip[2 * (g + l)] == 0 && ip[2 * (g + l) + 1] == 0) ++l;
    if (l > bl) { bs = g; bl = l; }
    g += l ? l : 1;
  }
  *start = bs;
  *count = bs == 8 ? 0 : bl;
}

size_t ip6_fmt(char *out, const unsigned char ip[16])
{
  char tmp[IP6_FMT];
  size_t n = 0;
  int bs, bl;
  if (ip6_is_v4mapped(ip)) {
    memcpy(tmp, "::ffff:", 7);
    n = 7 + ip4_fmt(tmp + 7, ip + 12);
  } else {
    ip6_zerorun(ip, &bs, &bl);
    for (int g = 0; g < 8; ) {
      if (g == bs) {
        tmp[n++] = ':';
        tmp[n++] = ':';
        g += bl;
        continue;
      }
      if (g > 0 && g != bs + bl) tmp[n++] = ':';
      n += ip6_fmtgroup(tmp + n, (unsigned)ip[2 * g] << 8 | ip[2 * g + 1]);
      ++g;
    }
  }
  if (out) memcpy(out, tmp, n);
  return n;
}

size_t ip_cidr_scan(const char *s, size_t len, unsigned char ip[16],
                    unsigned *prefixlen, int *is_v6)
{
  unsigned char ip4[4];
  unsigned max, pfx;
  size_t i, n;
  i = ip4_scan(s, len, ip4);
  if (i) {
    ip4_to6(ip, ip4);
    *is_v6 = 0;
    max = 32;
  } else {
    i = ip6_scan(s, len, ip);
    if (!i) return 0;
    *is_v6 = 1;
    max = 128;
  }
  pfx = max;
  if (i < len && s[i] == '/') {
    ++i;
    n = ip_decnum(s + i, len - i, max, &pfx);
    if (!n) return 0;
    i += n;
  }
  *prefixlen = 128 - max + pfx;
  return i;
}

int ip_cidr_match(const unsigned char net[16], unsigned prefixlen,
                  const unsigned char addr[16])
{
  size_t full;
  unsigned rem;
  if (prefixlen > 128) return 0;
  full = prefixlen / 8;
  rem = prefixlen % 8;
  if (full && memcmp(net, addr, full) != 0) return 0;
  if (rem) {
    unsigned char mask = (unsigned char)(0xffu << (8 - rem));
    if ((net[full] ^ addr[full]) & mask) return 0;
  }
  return 1;
}

/* rulesline.c — parse one tcprules source line into keys and a value (see rulesline.h). */
#include <errno.h>

#include "byte.h"
#include "fmt.h"
#include "ip.h"
#include "rules.h"
#include "rulesline.h"

/* the largest number a range writes a key for */
#define RANGE_TOP 255

size_t rulesline_trim(const char *s, size_t len)
{
  while (len && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\t'))
    --len;
  return len;
}

static int bad(void)
{
  errno = EINVAL;
  return -1;
}

/* verb: 4 for "deny", 5 for "allow" at the start of s[0..len), else 0 */
static size_t verb(const char *s, size_t len)
{
  if (len >= 4 && byte_equal(s, 4, "deny")) return 4;
  if (len >= 5 && byte_equal(s, 5, "allow")) return 5;
  return 0;
}

/* instructions: "allow"/"deny" and the ,NAME=dVALUEd settings into data */
static int instructions(struct rulesline *r, const char *s, size_t len)
{
  size_t v = verb(s, len);
  if (!v) return bad();
  if (!stralloc_copyb(&r->data, "D", v == 4 ? 2 : 0)) return -1;
  s += v;
  len -= v;
  while (len) {
    size_t eq, end;
    char delim;
    if (s[0] != ',') return bad();
    eq = byte_chr(s, len, '=');
    if (eq == len || eq + 1 == len) return bad();
    delim = s[eq + 1];
    end = eq + 2 + byte_chr(s + eq + 2, len - eq - 2, delim);
    if (end == len) return bad();
    if (!stralloc_append(&r->data, '+') ||
        !stralloc_catb(&r->data, s + 1, eq) ||      /* NAME= */
        !stralloc_catb(&r->data, s + eq + 2, end - eq - 2) ||
        !stralloc_0(&r->data))
      return -1;
    s += end + 1;
    len -= end + 1;
  }
  return 0;
}

/* number: all of s[0..len) as a decimal number, wrapping modulo 2^64 (djb's
 * tcprules does; empty is 0); 0 when a byte is not a digit */
static int number(const char *s, size_t len, uint64_t *out)
{
  uint64_t n = 0;
  for (size_t i = 0; i < len; ++i) {
    if (s[i] < '0' || s[i] > '9') return 0;
    n = n * 10 + (uint64_t)(s[i] - '0');
  }
  *out = n;
  return 1;
}

/* range: the "-" range of addr (dash is the index of its first "-") */
static int range(struct rulesline *r, size_t dash)
{
  const char *a = r->addr.s;
  size_t len = r->addr.len, dot = byte_rchr(a, dash, '.');
  uint64_t last;
  r->left = dot == dash ? 0 : dot + 1;
  r->right = dash + 1 + byte_chr(a + dash + 1, len - dash - 1, '.');
  if (!number(a + r->left, dash - r->left, &r->first)) return bad();
  if (!number(a + dash + 1, r->right - dash - 1, &last)) return bad();
  if (last > RANGE_TOP) last = RANGE_TOP;
  r->range = 1;
  r->nkeys = r->first <= last ? (size_t)(last - r->first) + 1 : 0;
  return 0;
}

/* net: the key of the CIDR rule ip/pfx (pfx in 16-byte bits, as
 * ip_cidr_scan gives it) into addr, mapping to djb's keys where it can */
static int net(struct rulesline *r, const unsigned char ip[16], unsigned pfx,
               int v6)
{
  char k[RULES_CIDR_FMT];
  size_t n;
  if (v6 && ip6_is_v4mapped(ip) && pfx >= 96) v6 = 0;
  r->v6 = v6;
  r->plen = v6 ? pfx : pfx - 96;
  r->nkeys = 1;
  if (r->plen == (v6 ? 128u : 32u)) {
    n = v6 ? ip6_fmt(k, ip) : ip4_fmt(k, ip + 12);
  } else if (!v6 && r->plen && r->plen % 8 == 0) {
    n = 0;
    for (unsigned i = 0; i < r->plen / 8; ++i) {
      n += fmt_uint(k + n, ip[12 + i]);
      k[n++] = '.';
    }
  } else {
    n = rules_cidr_key(k, ip, v6, r->plen);
    r->cidr = 1;
  }
  return stralloc_copyb(&r->addr, k, n) ? 0 : -1;
}

/* hexval: the value of a hex digit, or -1 */
static int hexval(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* v6prefix: "2001:db8:" — 1 to 7 whole groups, each ending in ":" */
static int v6prefix(const char *s, size_t len, unsigned char ip[16], unsigned *pfx)
{
  size_t i = 0;
  unsigned groups = 0;
  byte_zero(ip, 16);
  while (i < len) {
    unsigned long g = 0;
    size_t d = 0;
    while (i + d < len && d < 5 && hexval(s[i + d]) >= 0) {
      g = g * 16 + (unsigned long)hexval(s[i + d]);
      ++d;
    }
    if (d == 0 || d > 4 || i + d == len || s[i + d] != ':' || groups == 7)
      return 0;
    ip[2 * groups] = (unsigned char)(g >> 8);
    ip[2 * groups + 1] = (unsigned char)g;
    ++groups;
    i += d + 1;
  }
  *pfx = 16 * groups;
  return groups > 0;
}

/* v6addr: the address a[0..len) of an IPv6 line: [info@]address, CIDR or
 * group prefix; 0, or -1 when it is none of them */
static int v6addr(struct rulesline *r, const char *a, size_t len)
{
  unsigned char ip[16];
  unsigned pfx;
  int v6;
  size_t at = byte_rchr(a, len, '@');
  if (at < len) {
    /* info@address: an exact address only (djb looks up no info@prefix) */
    char k[IP6_FMT];
    size_t n;
    if (at + 1 == len || ip6_scan(a + at + 1, len - at - 1, ip) != len - at - 1)
      return bad();
    if (byte_chr(a, at, ':') < at) return bad();  /* as in djb's lines */
    n = ip6_is_v4mapped(ip) ? ip4_fmt(k, ip + 12) : ip6_fmt(k, ip);
    r->nkeys = 1;
    if (!stralloc_copyb(&r->addr, a, at + 1) || !stralloc_catb(&r->addr, k, n))
      return -1;
    return 0;
  }
  if (len && ip_cidr_scan(a, len, ip, &pfx, &v6) == len && v6)
    return net(r, ip, pfx, 1);
  if (v6prefix(a, len, ip, &pfx)) return net(r, ip, pfx, 1);
  return bad();
}

/* djbaddr: the address a[0..len) of a djb line: key as written, IPv4 CIDR
 * or range */
static int djbaddr(struct rulesline *r, const char *a, size_t len)
{
  unsigned char ip[16];
  unsigned pfx;
  int v6;
  size_t dash;
  if (!stralloc_copyb(&r->addr, a, len)) return -1;
  r->nkeys = 1;
  if (byte_chr(a, len, '=') < len || byte_chr(a, len, '@') < len) return 0;
  if (byte_chr(a, len, '/') < len && ip_cidr_scan(a, len, ip, &pfx, &v6) == len
      && !v6)
    return net(r, ip, pfx, 0);
  dash = byte_chr(a, len, '-');
  return dash < len ? range(r, dash) : 0;
}

int rulesline_parse(struct rulesline *r, const char *s, size_t len)
{
  size_t colon;
  r->nkeys = 0;
  r->range = r->cidr = r->v6 = 0;
  r->plen = 0;
  r->left = r->right = 0;
  r->first = 0;
  if (len && s[0] == '#') return 0;
  len = rulesline_trim(s, len);
  colon = byte_chr(s, len, ':');
  if (colon == len) return 0;
  if (verb(s + colon + 1, len - colon - 1)) {
    if (instructions(r, s + colon + 1, len - colon - 1) == -1) return -1;
    return djbaddr(r, s, colon) == -1 ? -1 : 1;
  }
  /* an IPv6 line: the address ends at the first ":" before a verb */
  for (++colon; colon < len; ++colon)
    if (s[colon] == ':' && verb(s + colon + 1, len - colon - 1)) break;
  if (colon >= len) return bad();
  if (instructions(r, s + colon + 1, len - colon - 1) == -1) return -1;
  return v6addr(r, s, colon) == -1 ? -1 : 1;
}

int rulesline_key(const struct rulesline *r, size_t i, stralloc *key)
{
  char num[FMT_ULONG];
  if (!r->range) return stralloc_copy(key, &r->addr);
  return stralloc_copyb(key, r->addr.s, r->left) &&
         stralloc_catb(key, num, fmt_ullong(num, (unsigned long long)(r->first + i))) &&
         stralloc_catb(key, r->addr.s + r->right, r->addr.len - r->right);
}

void rulesline_free(struct rulesline *r)
{
  stralloc_free(&r->data);
  stralloc_free(&r->addr);
}

/* ip.c — fuzz target: the IPv4, IPv6 and CIDR scanners, and fmt/scan round trips. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ip_fuzz_v4(const char *s, size_t len)
{
  unsigned char ip[4], back[4];
  char out[IP4_FMT];
  size_t n = ip4_scan(s, len, ip), f;
  if (!n) return;
  if (n > len) abort();
  f = ip4_fmt(out, ip);
  if (f >= IP4_FMT || f != ip4_fmt(NULL, ip)) abort();
  if (ip4_scan(out, f, back) != f || memcmp(ip, back, 4) != 0) abort();
}

static void ip_fuzz_v6(const char *s, size_t len)
{
  unsigned char ip[16], back[16];
  char out[IP6_FMT];
  size_t n = ip6_scan(s, len, ip), f;
  if (!n) return;
  if (n > len) abort();
  f = ip6_fmt(out, ip);
  if (f >= IP6_FMT || f != ip6_fmt(NULL, ip)) abort();
  if (ip6_scan(out, f, back) != f || memcmp(ip, back, 16) != 0) abort();
  /* a canonical text is its own canonical form */
  if (ip6_fmt(NULL, back) != f) abort();
}

static void ip_fuzz_cidr(const char *s, size_t len)
{
  unsigned char ip[16], back[16];
  char out[IP6_FMT + 8];
  unsigned pfx, pfx2;
  int v6, v62;
  size_t n = ip_cidr_scan(s, len, ip, &pfx, &v6), f;
  if (!n) return;
  if (n > len || pfx > 128 || (!v6 && (pfx < 96 || !ip6_is_v4mapped(ip)))) abort();
  if (!ip_cidr_match(ip, pfx, ip)) abort();
  f = v6 ? ip6_fmt(out, ip) : ip4_fmt(out, ip + 12);
  out[f++] = '/';
  {
    unsigned p = v6 ? pfx : pfx - 96;
    if (p >= 100) out[f++] = (char)('0' + p / 100);
    if (p >= 10) out[f++] = (char)('0' + p / 10 % 10);
    out[f++] = (char)('0' + p % 10);
  }
  if (ip_cidr_scan(out, f, back, &pfx2, &v62) != f) abort();
  if (memcmp(ip, back, 16) != 0 || pfx != pfx2 || v6 != v62) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *s = (const char *)data;
  ip_fuzz_v4(s, size);
  ip_fuzz_v6(s, size);
  ip_fuzz_cidr(s, size);
  return 0;
}

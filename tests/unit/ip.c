/* ip.c — unit test for libqmail/ip: scanners, RFC 5952 formatting, CIDR. */
#include <arpa/inet.h>
#include <stdint.h>

#include "ip.h"
#include "tap.h"

struct v4case { const char *s; size_t len; const char *fmt; };
struct v6case { const char *s; size_t len; const char *fmt; };

static const struct v4case v4cases[] = {
  { "0.0.0.0", 7, "0.0.0.0" },
  { "255.255.255.255", 15, "255.255.255.255" },
  { "1.2.3.4", 7, "1.2.3.4" },
  { "192.168.100.200", 15, "192.168.100.200" },
  { "10.0.0.1", 8, "10.0.0.1" },
  { "1.2.3.4:25", 7, "1.2.3.4" },
  { "10.0.0.1/8", 8, "10.0.0.1" },
  { "127.0.0.1.", 9, "127.0.0.1" },
  { "127.0.0.1.x", 9, "127.0.0.1" },
  { "1.2.3.4 ", 7, "1.2.3.4" },
  { "1.2.3.4]", 7, "1.2.3.4" },
  { "1.2.3.4a", 7, "1.2.3.4" },
  { "100.20.3.0", 10, "100.20.3.0" },
  /* invalid */
  { "", 0, 0 },
  { "1", 0, 0 },
  { "1.2.3", 0, 0 },
  { "1.2.3.", 0, 0 },
  { "1.2.3.4.5", 0, 0 },
  { "1.2.3.4.56", 0, 0 },
  { "256.1.1.1", 0, 0 },
  { "1.2.3.256", 0, 0 },
  { "1.2.3.999", 0, 0 },
  { "01.2.3.4", 0, 0 },
  { "1.2.3.00", 0, 0 },
  { "1.2.3.010", 0, 0 },
  { "1.2.3.0001", 0, 0 },
  { "1234.1.1.1", 0, 0 },
  { "1.2.3.4567", 0, 0 },
  { "1..2.3", 0, 0 },
  { ".1.2.3.4", 0, 0 },
  { "a.b.c.d", 0, 0 },
  { "-1.2.3.4", 0, 0 },
  { "1.2.3.-4", 0, 0 },
  { "1 .2.3.4", 0, 0 },
  { "0x1.2.3.4", 0, 0 },
  { " 1.2.3.4", 0, 0 },
  { "::1", 0, 0 },
};

static const struct v6case v6cases[] = {
  { "::", 2, "::" },
  { "::1", 3, "::1" },
  { "1::", 3, "1::" },
  { "2001:db8::1", 11, "2001:db8::1" },
  { "2001:DB8:0:0:0:0:0:1", 20, "2001:db8::1" },
  { "2001:0db8:0000:0000:0000:0000:0000:0001", 39, "2001:db8::1" },
  /* RFC 5952 section 4 */
  { "2001:0db8::0001", 15, "2001:db8::1" },
  { "2001:db8::0:1", 13, "2001:db8::1" },
  { "2001:db8:0:0:1:0:0:1", 20, "2001:db8::1:0:0:1" },
  { "2001:db8:0:1:1:1:1:1", 20, "2001:db8:0:1:1:1:1:1" },
  { "2001:db8::1:1:1:1:1", 19, "2001:db8:0:1:1:1:1:1" },
  { "2001:0:0:1:0:0:0:1", 18, "2001:0:0:1::1" },
  { "2001:db8:0:0:aaaa:0:0:1", 23, "2001:db8::aaaa:0:0:1" },
  { "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:AAAA", 38, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa" },
  { "2001:db8::aaaa:0:0:1", 20, "2001:db8::aaaa:0:0:1" },
  /* mixed notation */
  { "::ffff:192.0.2.1", 16, "::ffff:192.0.2.1" },
  { "::FFFF:c000:0201", 16, "::ffff:192.0.2.1" },
  { "0:0:0:0:0:ffff:10.0.0.1", 23, "::ffff:10.0.0.1" },
  { "::192.0.2.1", 11, "::c000:201" },
  { "64:ff9b::192.0.2.33", 19, "64:ff9b::c000:221" },
  { "1:2:3:4:5:6:1.2.3.4", 19, "1:2:3:4:5:6:102:304" },
  { "1::1.2.3.4", 10, "1::102:304" },
  { "::ffff:0.0.0.0", 14, "::ffff:0.0.0.0" },
  /* full and edge lengths */
  { "1:2:3:4:5:6:7:8", 15, "1:2:3:4:5:6:7:8" },
  { "1:2:3:4:5:6:7::", 15, "1:2:3:4:5:6:7:0" },
  { "::2:3:4:5:6:7:8", 15, "0:2:3:4:5:6:7:8" },
  { "1:0:0:0:0:0:0:0", 15, "1::" },
  { "0:0:0:0:0:0:0:0", 15, "::" },
  { "0:0:0:0:0:0:0:1", 15, "::1" },
  { "1:0:1:0:1:0:1:0", 15, "1:0:1:0:1:0:1:0" },
  { "1:0:0:2:0:0:0:3", 15, "1:0:0:2::3" },
  { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 39, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
  { "fe80::1%eth0", 7, "fe80::1" },
  { "::1]", 3, "::1" },
  { "::1/128", 3, "::1" },
  { "::1:", 3, "::1" },
  { "::1:g", 3, "::1" },
  { "1::2:", 4, "1::2" },
  { "::g", 2, "::" },
  { "1:2:3:4:5:6:7:8 ", 15, "1:2:3:4:5:6:7:8" },
  { "::ffff:1.2.3.4.", 14, "::ffff:1.2.3.4" },
  /* invalid */
  { "", 0, 0 },
  { ":", 0, 0 },
  { ":1::", 0, 0 },
  { ":::", 0, 0 },
  { "1:::", 0, 0 },
  { "1:::2", 0, 0 },
  { "1:2", 0, 0 },
  { "1", 0, 0 },
  { "1:", 0, 0 },
  { "1::2::3", 0, 0 },
  { "::1::", 0, 0 },
  { "12345::", 0, 0 },
  { "::12345", 0, 0 },
  { "1:2:3:4:5:6:7:88888", 0, 0 },
  { "1:2:3:4:5:6:7:8:9", 0, 0 },
  { "1:2:3:4:5:6:7:8::", 0, 0 },
  { "1::2:3:4:5:6:7:8", 0, 0 },
  { "::1:2:3:4:5:6:7:8", 0, 0 },
  { "1:2:3:4:5:6:7::8", 0, 0 },
  { "1:2:3:4:5:6:7", 0, 0 },
  { "g::", 0, 0 },
  { "[::1]", 0, 0 },
  { "1.2.3.4", 0, 0 },
  { "::1.2.3", 0, 0 },
  { "::1.2.3.256", 0, 0 },
  { "::01.2.3.4", 0, 0 },
  { "::1.2.3.4.5", 0, 0 },
  { "::1.2.3.4:5", 0, 0 },
  { "::1.2.3.4a", 0, 0 },
  { "1:2:3:4:5:6:7:1.2.3.4", 0, 0 },
  { "::1:2:3:4:5:6:1.2.3.4", 0, 0 },
  { "1:2:3:4:5:1.2.3.4", 0, 0 },
  { "1:2:3:4:5:6:7:8.1", 0, 0 },
  { "::a.b.c.d", 0, 0 },
  { "::ffff:1.2.3.4.5", 0, 0 },
};

static void test_v4_table(void)
{
  for (size_t k = 0; k < sizeof v4cases / sizeof v4cases[0]; ++k) {
    const struct v4case *c = &v4cases[k];
    unsigned char ip[4];
    char out[IP4_FMT + 4];
    size_t got = ip4_scan(c->s, strlen(c->s), ip);
    is_int(got, c->len, "ip4_scan \"%s\" consumes %zu", c->s, c->len);
    if (!got || !c->fmt) continue;
    memset(out, '#', sizeof out);
    size_t n = ip4_fmt(out, ip);
    is_mem(out, n, c->fmt, strlen(c->fmt), "ip4_fmt of \"%s\"", c->s);
    ok(out[n] == '#', "ip4_fmt writes no NUL or more");
    is_int(ip4_fmt(NULL, ip), n, "ip4_fmt(NULL) gives the length");
  }
}

/* glibc's inet_pton agrees on every address that we accept whole */
static void check_pton(const char *s, size_t len, const unsigned char ip[16])
{
  unsigned char want[16];
  char z[64];
  if (len != strlen(s) || len >= sizeof z) return;
  memcpy(z, s, len + 1);
  ok(inet_pton(AF_INET6, z, want) == 1 && memcmp(want, ip, 16) == 0,
     "inet_pton agrees on \"%s\"", s);
}

static void test_v6_table(void)
{
  for (size_t k = 0; k < sizeof v6cases / sizeof v6cases[0]; ++k) {
    const struct v6case *c = &v6cases[k];
    unsigned char ip[16], again[16];
    char out[IP6_FMT + 4];
    memset(ip, 0xa5, sizeof ip);
    size_t got = ip6_scan(c->s, strlen(c->s), ip);
    is_int(got, c->len, "ip6_scan \"%s\" consumes %zu", c->s, c->len);
    if (!got) {
      ok(ip[0] == 0xa5 && ip[15] == 0xa5, "failed scan leaves ip alone");
      continue;
    }
    check_pton(c->s, got, ip);
    memset(out, '#', sizeof out);
    size_t n = ip6_fmt(out, ip);
    is_mem(out, n, c->fmt, strlen(c->fmt), "ip6_fmt of \"%s\"", c->s);
    ok(out[n] == '#' && n < IP6_FMT, "ip6_fmt stays within IP6_FMT - 1");
    is_int(ip6_fmt(NULL, ip), n, "ip6_fmt(NULL) gives the length");
    ok(ip6_scan(out, n, again) == n && memcmp(ip, again, 16) == 0,
       "canonical form of \"%s\" scans back", c->s);
  }
}

/* a length limit is honoured: nothing past len is read */
static void test_bounds(void)
{
  unsigned char ip[16];
  is_int(ip4_scan("1.2.3.45", 7, ip), 7, "ip4_scan stops at len");
  ok(ip[3] == 4, "and reads only the bytes given");
  is_int(ip4_scan("1.2.3.4", 5, ip), 0, "ip4_scan: truncated input is invalid");
  is_int(ip6_scan("::1234", 4, ip), 4, "ip6_scan stops at len");
  ok(ip[14] == 0 && ip[15] == 0x12, "group read only within len");
  is_int(ip6_scan("::", 1, ip), 0, "ip6_scan: one colon of two");
  is_int(ip6_scan("::ffff:1.2.3.4", 13, ip), 0, "ip6_scan: truncated quad");
  is_int(ip4_scan("", 0, ip), 0, "ip4_scan of nothing");
  is_int(ip6_scan("", 0, ip), 0, "ip6_scan of nothing");
}

/* a cheap deterministic generator for the round trips */
static uint32_t rnd(uint32_t *st)
{
  *st ^= *st << 13;
  *st ^= *st >> 17;
  *st ^= *st << 5;
  return *st;
}

/* random addresses with runs of zero groups: fmt, scan back, and compare
 * with inet_ntop where glibc follows RFC 5952 (it writes ::a.b.c.d for
 * addresses in ::/96, which RFC 5952 does not ask for) */
static void test_roundtrip(void)
{
  uint32_t st = 2463534242u;
  int bad_scan = 0, bad_ntop = 0, compared = 0;
  for (int t = 0; t < 20000; ++t) {
    unsigned char ip[16], back[16];
    char out[IP6_FMT], ref[INET6_ADDRSTRLEN];
    for (int g = 0; g < 8; ++g) {
      uint32_t r = rnd(&st);
      unsigned v = r % 3 == 0 ? 0 : r % 3 == 1 ? (r >> 8) % 16 : (r >> 8) & 0xffff;
      ip[2 * g] = (unsigned char)(v >> 8);
      ip[2 * g + 1] = (unsigned char)v;
    }
    if (t % 7 == 0) ip4_to6(ip, ip + 12);
    size_t n = ip6_fmt(out, ip);
    if (ip6_scan(out, n, back) != n || memcmp(ip, back, 16) != 0) ++bad_scan;
    static const unsigned char z12[12];
    if (memcmp(ip, z12, 12) == 0) continue;
    ++compared;
    if (!inet_ntop(AF_INET6, ip, ref, sizeof ref) || strlen(ref) != n ||
        memcmp(ref, out, n) != 0) {
      if (!bad_ntop++) diag("ours %.*s, inet_ntop %s", (int)n, out, ref);
    }
  }
  is_int(bad_scan, 0, "20000 random addresses: fmt then scan gives the same bytes");
  is_int(bad_ntop, 0, "%d of them formatted as inet_ntop does", compared);

  int bad4 = 0;
  for (unsigned v = 0; v < 256; ++v) {
    unsigned char ip[4] = { (unsigned char)v, (unsigned char)(255 - v), 0, (unsigned char)(v * 7) }, back[4];
    char out[IP4_FMT], ref[INET_ADDRSTRLEN];
    size_t n = ip4_fmt(out, ip);
    inet_ntop(AF_INET, ip, ref, sizeof ref);
    if (ip4_scan(out, n, back) != n || memcmp(ip, back, 4) || strlen(ref) != n ||
        memcmp(ref, out, n))
      ++bad4;
  }
  is_int(bad4, 0, "IPv4 fmt/scan round trip and inet_ntop agree for 256 addresses");
}

static void test_mapped(void)
{
  unsigned char ip[16], v4[4] = { 192, 0, 2, 1 };
  ip4_to6(ip, v4);
  ok(ip6_is_v4mapped(ip), "ip4_to6 gives a v4-mapped address");
  ok(ip[10] == 0xff && ip[11] == 0xff && memcmp(ip + 12, v4, 4) == 0, "layout ::ffff:a.b.c.d");
  memcpy(ip + 12, v4, 4);
  ip4_to6(ip, ip + 12);
  ok(ip6_is_v4mapped(ip) && memcmp(ip + 12, v4, 4) == 0, "ip4_to6 in place");
  ok(ip6_scan("::1", 3, ip) && !ip6_is_v4mapped(ip), "::1 is not v4-mapped");
  ok(ip6_scan("::fffe:1.2.3.4", 14, ip) && !ip6_is_v4mapped(ip), "::fffe:... is not v4-mapped");
  ok(ip6_scan("1::ffff:1.2.3.4", 15, ip) && !ip6_is_v4mapped(ip), "1::ffff:... is not v4-mapped");
}

struct cidrcase { const char *s; size_t len; unsigned pfx; int v6; };
static const struct cidrcase cidrcases[] = {
  { "10.0.0.0/8", 10, 104, 0 },
  { "10.1.2.3", 8, 128, 0 },
  { "0.0.0.0/0", 9, 96, 0 },
  { "1.2.3.4/32", 10, 128, 0 },
  { "192.168.1.128/25", 16, 121, 0 },
  { "10.0.0.0/8 rest", 10, 104, 0 },
  { "10.0.0.0/8:x", 10, 104, 0 },
  { "2001:db8::/32", 13, 32, 1 },
  { "2001:db8::/32 rest", 13, 32, 1 },
  { "::/0", 4, 0, 1 },
  { "::1/128", 7, 128, 1 },
  { "::1", 3, 128, 1 },
  { "2001:db8::/33", 13, 33, 1 },
  { "::ffff:10.0.0.0/104", 19, 104, 1 },
  /* invalid */
  { "1.2.3.4/33", 0, 0, 0 },
  { "1.2.3.4/", 0, 0, 0 },
  { "1.2.3.4/x", 0, 0, 0 },
  { "1.2.3.4/08", 0, 0, 0 },
  { "1.2.3.4/00", 0, 0, 0 },
  { "1.2.3.4/1000", 0, 0, 0 },
  { "1.2.3.4/-1", 0, 0, 0 },
  { "::1/129", 0, 0, 0 },
  { "::/00", 0, 0, 0 },
  { "::/999", 0, 0, 0 },
  { "::/4294967424", 0, 0, 0 },
  { "/8", 0, 0, 0 },
  { "", 0, 0, 0 },
  { "1.2.3/8", 0, 0, 0 },
  { "1.2.3.4.5/8", 0, 0, 0 },
};

static void test_cidr_scan(void)
{
  for (size_t k = 0; k < sizeof cidrcases / sizeof cidrcases[0]; ++k) {
    const struct cidrcase *c = &cidrcases[k];
    unsigned char ip[16];
    unsigned pfx = 999;
    int v6 = -1;
    size_t got = ip_cidr_scan(c->s, strlen(c->s), ip, &pfx, &v6);
    is_int(got, c->len, "ip_cidr_scan \"%s\" consumes %zu", c->s, c->len);
    if (!got || !c->len) continue;
    ok(pfx == c->pfx && v6 == c->v6, "\"%s\": prefix %u (want %u), is_v6 %d", c->s, pfx,
       c->pfx, v6);
    if (!c->v6) ok(ip6_is_v4mapped(ip), "\"%s\" is stored v4-mapped", c->s);
  }
}

/* match text addr against text net: 1, 0, or -1 if a string did not scan */
static int m(const char *net, const char *addr)
{
  unsigned char n[16], a[16];
  unsigned pfx, apfx;
  int v6, av6;
  if (!ip_cidr_scan(net, strlen(net), n, &pfx, &v6)) return -1;
  if (!ip_cidr_scan(addr, strlen(addr), a, &apfx, &av6)) return -1;
  return ip_cidr_match(n, pfx, a);
}

static void test_cidr_match(void)
{
  is_int(m("10.0.0.0/8", "10.255.1.1"), 1, "10/8 holds 10.255.1.1");
  is_int(m("10.0.0.0/8", "11.0.0.1"), 0, "10/8 does not hold 11.0.0.1");
  is_int(m("10.0.0.0/8", "9.255.255.255"), 0, "10/8 does not hold 9.255.255.255");
  is_int(m("10.0.0.0/8", "2001:db8::1"), 0, "10/8 does not hold an IPv6 address");
  is_int(m("10.0.0.0/8", "::a00:1"), 0, "10/8 does not hold ::10.0.0.1 (not mapped)");
  is_int(m("10.0.0.0/8", "::ffff:10.0.0.1"), 1, "10/8 holds ::ffff:10.0.0.1");
  is_int(m("0.0.0.0/0", "1.2.3.4"), 1, "0/0 holds any IPv4");
  is_int(m("0.0.0.0/0", "255.255.255.255"), 1, "0/0 holds 255.255.255.255");
  is_int(m("0.0.0.0/0", "2001:db8::1"), 0, "0.0.0.0/0 holds no IPv6");
  is_int(m("0.0.0.0/0", "::"), 0, "0.0.0.0/0 does not hold ::");
  is_int(m("1.2.3.4/32", "1.2.3.4"), 1, "/32 holds itself");
  is_int(m("1.2.3.4/32", "1.2.3.5"), 0, "/32 holds nothing else");
  is_int(m("1.2.3.4", "1.2.3.4"), 1, "plain address holds itself");
  is_int(m("1.2.3.4", "1.2.3.3"), 0, "plain address holds nothing else");
  is_int(m("192.168.1.128/25", "192.168.1.200"), 1, "/25 upper half");
  is_int(m("192.168.1.128/25", "192.168.1.127"), 0, "/25 not the lower half");
  is_int(m("192.168.1.130/25", "192.168.1.255"), 1, "host bits in the net are ignored");
  is_int(m("1.2.3.4/31", "1.2.3.5"), 1, "/31 pair");
  is_int(m("1.2.3.4/31", "1.2.3.6"), 0, "/31 outside");
  is_int(m("2001:db8::/32", "2001:db8:ffff::1"), 1, "2001:db8::/32 holds 2001:db8:ffff::1");
  is_int(m("2001:db8::/32", "2001:db9::"), 0, "2001:db8::/32 does not hold 2001:db9::");
  is_int(m("2001:db8::/32", "10.0.0.1"), 0, "2001:db8::/32 holds no IPv4");
  is_int(m("2001:db8::/33", "2001:db8:7fff::"), 1, "/33 lower half");
  is_int(m("2001:db8::/33", "2001:db8:8000::"), 0, "/33 not the upper half");
  is_int(m("::/0", "2001:db8::1"), 1, "::/0 holds IPv6");
  is_int(m("::/0", "10.0.0.1"), 1, "::/0 holds (mapped) IPv4 too");
  is_int(m("::1/128", "::1"), 1, "/128 holds itself");
  is_int(m("::1/128", "::2"), 0, "/128 holds nothing else");
  is_int(m("::1", "::1:0"), 0, "plain IPv6 address is /128");
  is_int(m("fe80::/10", "febf::1"), 1, "fe80::/10 holds febf::1");
  is_int(m("fe80::/10", "fec0::1"), 0, "fe80::/10 does not hold fec0::1");

  unsigned char a[16], b[16];
  memset(a, 0x11, 16);
  memcpy(b, a, 16);
  is_int(ip_cidr_match(a, 128, b), 1, "equal at /128");
  is_int(ip_cidr_match(a, 129, b), 0, "prefix 129 matches nothing, even itself");
  is_int(ip_cidr_match(a, 4000000000u, b), 0, "huge prefix matches nothing");
  b[15] ^= 1;
  is_int(ip_cidr_match(a, 127, b), 1, "last bit ignored at /127");
  is_int(ip_cidr_match(a, 128, b), 0, "last bit counts at /128");
  b[0] ^= 0x80;
  is_int(ip_cidr_match(a, 0, b), 1, "/0 matches anything");
  is_int(ip_cidr_match(a, 1, b), 0, "first bit counts at /1");
}

int main(void)
{
  test_v4_table();
  test_v6_table();
  test_bounds();
  test_roundtrip();
  test_mapped();
  test_cidr_scan();
  test_cidr_match();
  return done_testing();
}

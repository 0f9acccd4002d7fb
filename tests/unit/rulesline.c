/* rulesline.c — unit test for ucspi-tcp/rulesline: djb's tcprules syntax
 * (settings, quoting, ranges, errors) and the IPv6 and CIDR extensions. */
#include <errno.h>

#include "rulesline.h"
#include "tap.h"

static struct rulesline r = RULESLINE_ZERO;
static stralloc k = STRALLOC_ZERO;

/* parse a C string */
static int parse(const char *s)
{
  return rulesline_parse(&r, s, strlen(s));
}

/* all the keys, joined by "|" */
static const char *keys(void)
{
  static char out[8192];
  size_t n = 0;
  out[0] = 0;
  for (size_t i = 0; i < r.nkeys; ++i) {
    if (!rulesline_key(&r, i, &k)) return "(nomem)";
    if (n + k.len + 2 > sizeof out) return "(too long)";
    if (i) out[n++] = '|';
    memcpy(out + n, k.s, k.len);
    n += k.len;
    out[n] = 0;
  }
  return out;
}

/* name: the line for a test name, newlines shown as \n */
static const char *name(const char *line)
{
  static char out[512];
  size_t n = 0;
  for (; *line && n + 3 < sizeof out; ++line) {
    if (*line == '\n') { out[n++] = '\\'; out[n++] = 'n'; }
    else out[n++] = *line;
  }
  out[n] = 0;
  return out;
}

/* a rule line: parses to 1 with these keys (unless NULL) and this value */
static void rule(const char *line, const char *want_keys, const char *data, size_t dlen)
{
  int p = parse(line);
  is_int(p, 1, "%s: a rule", name(line));
  if (p != 1) return;
  if (want_keys) is_str(keys(), want_keys, "%s: keys", name(line));
  is_mem(r.data.s, r.data.len, data, dlen, "%s: value", name(line));
}

static void bad(const char *line)
{
  errno = 0;
  is_int(parse(line), -1, "%s: refused", name(line));
  is_int(errno, EINVAL, "%s: EINVAL", name(line));
}

static void cidr(const char *line, const char *key, int v6, unsigned plen)
{
  rule(line, key, "", 0);
  ok(r.cidr && r.v6 == v6 && r.plen == plen, "%s: CIDR %d/%u (got %d %d/%u)",
     name(line), v6, plen, r.cidr, r.v6, r.plen);
}

static void djb_syntax(void)
{
  is_int(parse("# 1.2.3.4:deny\n"), 0, "comment");
  is_int(parse("nocolon\n"), 0, "no colon: ignored");
  is_int(parse("\n"), 0, "empty line");
  is_int(parse(""), 0, "nothing");
  is_int(parse(" \t\n"), 0, "blank line");
  rule(" #x:allow\n", " #x", "", 0);
  rule("1.2.3.4:allow\n", "1.2.3.4", "", 0);
  rule("1.2.3.4:deny", "1.2.3.4", "D", 2);
  rule("1.2.3.4:allow \t \n\n", "1.2.3.4", "", 0);
  rule(":deny\n", "", "D", 2);
  rule("=Host.Example:deny\n", "=Host.Example", "D", 2);
  rule("Joe@1.2.3.4:allow\n", "Joe@1.2.3.4", "", 0);
  rule("1.2.3.4:allow,X=\"y\",Y=/a b/,Z=\"\"\n", "1.2.3.4", "+X=y\0+Y=a b\0+Z=", 16);
  rule("1.2.3.4:deny,X=\"1\"\n", "1.2.3.4", "D\0+X=1", 7);
  rule("1.2.3.4:allow,X=yay\n", "1.2.3.4", "+X=a", 5);
  rule("1.2.3.4:allow,X=\"a,b=c:d\"\n", "1.2.3.4", "+X=a,b=c:d", 11);
  rule("1.2.3.4:allow,,X=\"1\"\n", "1.2.3.4", "+,X=1", 6);
  rule("1.2.3.4:allow,=xax\n", "1.2.3.4", "+=a", 4);
  rule("1.2.3.4:allow,X=\"a\"\t\n", "1.2.3.4", "+X=a", 5);
  rule("1.2.3.4:allow,X=\"a b \"\n", "1.2.3.4", "+X=a b ", 8);
  {
    static const char nul[] = "1.2.3.4:allow,X=\"a\0b\"\n";
    is_int(rulesline_parse(&r, nul, sizeof nul - 1), 1, "a NUL inside a value");
    is_mem(r.data.s, r.data.len, "+X=a\0b", 7, "is copied as it is");
  }
  bad("1.2.3.4:allowjunk\n");
  bad("1.2.3.4:allow junk\n");
  bad("1.2.3.4:Allow\n");
  bad("1.2.3.4: allow\n");
  bad("1.2.3.4:denyallow\n");
  bad("1.2.3.4:allow,\n");
  bad("1.2.3.4:allow,X\n");
  bad("1.2.3.4:allow,X=\n");
  bad("1.2.3.4:allow,X=\"abc\n");
  bad("1.2.3.4:allow,X=y\n");
  bad("1.2.3.4:allow,X=\"a\"junk\n");
  bad("1.2.3.4:allow,X=\"a\" ,Y=\"b\"\n");
  bad("1.2.3.4:allow,X=\"a\"Y=\"b\"\n");
  bad("1.2.3.4:allow\r\n");
  is_int(rulesline_trim("a: \t\n \n", 7), 2, "trim: spaces, tabs, newlines");
  is_int(rulesline_trim("a\r", 2), 2, "trim: not CR");
}

static void ranges(void)
{
  rule("1.2.3.50-53:allow\n", "1.2.3.50|1.2.3.51|1.2.3.52|1.2.3.53", "", 0);
  rule("1.2.50-52.:deny\n", "1.2.50.|1.2.51.|1.2.52.", "D", 2);
  rule("1-3.:deny\n", "1.|2.|3.", "D", 2);
  rule("1.2.3.4-2:deny\n", "", "D", 2);
  rule("1.2.3.254-300:deny\n", "1.2.3.254|1.2.3.255", "D", 2);
  rule("1.2.3.300-301:deny\n", "", "D", 2);
  rule("1.2.3.-2:deny\n", "1.2.3.0|1.2.3.1|1.2.3.2", "D", 2);
  rule("1.2.3.5-:deny\n", "", "D", 2);
  rule("-:deny\n", "0", "D", 2);
  rule("1.2.3.5-6.7:deny\n", "1.2.3.5.7|1.2.3.6.7", "D", 2);
  rule("1-2.3-4:deny\n", "1.3-4|2.3-4", "D", 2);
  rule(".1-2:deny\n", ".1|.2", "D", 2);
  rule("1.2.3.05-06:deny\n", "1.2.3.5|1.2.3.6", "D", 2);
  rule("1.2.3.18446744073709551616-18446744073709551617:deny\n", "1.2.3.0|1.2.3.1",
       "D", 2);
  rule("0-255.:allow\n", NULL, "", 0);
  is_int(r.nkeys, 256, "0-255: 256 keys");
  rule("=foo-bar.com:deny\n", "=foo-bar.com", "D", 2);
  rule("joe@1.2.3.1-3:deny\n", "joe@1.2.3.1-3", "D", 2);
  rule("x=1-2:deny\n", "x=1-2", "D", 2);
  bad("a-b:deny\n");
  bad("x1-3:deny\n");
  bad("1.2.3.x-5:deny\n");
  bad("1.2.3.5-6x:deny\n");
  bad("1.2.3.1-2-3:deny\n");
  bad("1.2.3.+5-6:deny\n");
  bad("1.2.3.0-1/24:deny\n");
}

static void extensions(void)
{
  cidr("10.0.0.0/9:allow\n", "10.0.0.0/9", 0, 9);
  is_int(parse("10.0.0.0/9:deny\n"), 1, "CIDR deny");
  is_mem(r.data.s, r.data.len, "D", 2, "CIDR deny value");
  cidr("10.1.2.3/9:allow\n", "10.0.0.0/9", 0, 9);
  cidr("0.0.0.0/0:allow\n", "0.0.0.0/0", 0, 0);
  cidr("10.1.2.0/23:allow\n", "10.1.2.0/23", 0, 23);
  rule("10.1.2.3/24:allow\n", "10.1.2.", "", 0);
  ok(!r.cidr, "/24 is djb's dotted key, no marker");
  rule("10.1.2.3/16:allow\n", "10.1.", "", 0);
  rule("10.1.2.3/8:allow\n", "10.", "", 0);
  rule("10.1.2.3/32:allow\n", "10.1.2.3", "", 0);
  ok(!r.cidr, "/32 is the address");
  rule("10.1.2.3/33:allow\n", "10.1.2.3/33", "", 0);
  ok(!r.cidr, "an impossible prefix stays a key as written, as djb's");
  rule("2001:DB8:0::1:allow,X=\"a:allow\"\n", "2001:db8::1", "+X=a:allow", 11);
  ok(!r.cidr, "IPv6 exact");
  rule("::1:deny\n", "::1", "D", 2);
  rule("::ffff:1.2.3.4:deny\n", "1.2.3.4", "D", 2);
  rule("joe@2001:db8::2:deny\n", "joe@2001:db8::2", "D", 2);
  rule("a@b@::ffff:1.2.3.4:deny\n", "a@b@1.2.3.4", "D", 2);
  cidr("2001:db8::/32:allow\n", "2001:db8::/32", 1, 32);
  cidr("2001:db8:ffff::/32:allow\n", "2001:db8::/32", 1, 32);
  cidr("::/0:allow\n", "::/0", 1, 0);
  cidr("2001:db8::allow\n", "2001:db8::/32", 1, 32);
  cidr("fe80::allow\n", "fe80::/16", 1, 16);
  cidr("1:2:3:4:5:6:7::allow\n", "1:2:3:4:5:6:7:0/112", 1, 112);
  rule("2001:db8:::allow\n", "2001:db8::", "", 0);
  ok(!r.cidr, "2001:db8:: then \":allow\" is the address");
  cidr("::ffff:10.0.0.0/105:allow\n", "10.0.0.0/9", 0, 9);
  rule("::ffff:10.1.0.0/112:allow\n", "10.1.", "", 0);
  rule("2001:db8::1/128:allow\n", "2001:db8::1", "", 0);
  bad("::1:allowx\n");
  bad("zz::1:allow\n");
  bad("joe@::1/64:allow\n");
  rule("joe@:allow\n", "joe@", "", 0);
  bad("1.2.3.4:x:allow\n");
  bad(":cidr4@::1:allow\n");
  bad("2001:db8::/129:allow\n");
  bad("1:2:3:4:5:6:7:8::allow\n");
  bad("12345::allow\n");
  bad("::ffff::allow\n");
  rule(":::allow\n", "::", "", 0);
}

int main(void)
{
  djb_syntax();
  ranges();
  extensions();
  rulesline_free(&r);
  rulesline_free(&r);
  stralloc_free(&k);
  return done_testing();
}

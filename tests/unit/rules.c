/* rules.c — unit test for ucspi-tcp/rules (lookups in a tcprules cdb: djb's
 * order, CIDR and IPv6 precedence, markers, corrupt data) and rulesmake. */
#include <errno.h>
#include <fcntl.h>

#include "cdb_make.h"
#include "ip.h"
#include "rules.h"
#include "rulesline.h"
#include "rulesmake.h"
#include "tap.h"

static const char *dir;
static char path[4200];
static struct cdb db;
static int dbfd = -1;
static struct rules_result res;
static stralloc key = STRALLOC_ZERO;

static void db_close(void)
{
  if (dbfd == -1) return;
  cdb_free(&db);
  close(dbfd);
  dbfd = -1;
}

static int db_open(void)
{
  db_close();
  dbfd = open(path, O_RDONLY);
  if (dbfd == -1 || cdb_init(&db, dbfd) == -1) {
    printf("Bail out! cannot open %s\n", path);
    exit(255);
  }
  return 1;
}

/* build: compile rules source text (lines ending in \n) as tcprules does */
static int build(const char *src)
{
  struct rulesline rl = RULESLINE_ZERO;
  struct rulesmake rm;
  int fd, okay = 1;
  snprintf(path, sizeof path, "%s/rules.cdb", dir);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || rulesmake_start(&rm, fd) == -1) return 0;
  while (*src) {
    const char *nl = strchr(src, '\n');
    size_t len = nl ? (size_t)(nl - src) + 1 : strlen(src);
    int r = rulesline_parse(&rl, src, len);
    if (r == -1 || (r == 1 && rulesmake_add(&rm, &rl) == -1)) okay = 0;
    src += len;
  }
  if (rulesmake_finish(&rm) == -1) okay = 0;
  close(fd);
  rulesline_free(&rl);
  return okay && db_open();
}

/* raw: a cdb of the given records (key, value, key, value, ..., NULL) */
static void raw(const char *k1, size_t l1, const char *v1, size_t vl1,
                const char *k2, size_t l2, const char *v2, size_t vl2)
{
  struct cdb_make cm;
  int fd;
  snprintf(path, sizeof path, "%s/raw.cdb", dir);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || cdb_make_start(&cm, fd) == -1 ||
      cdb_make_add(&cm, k1, l1, v1, vl1) == -1 ||
      (k2 && cdb_make_add(&cm, k2, l2, v2, vl2) == -1) ||
      cdb_make_finish(&cm) == -1) {
    printf("Bail out! cannot write %s\n", path);
    exit(255);
  }
  close(fd);
  db_open();
}

/* answer: "KEY allow|deny ENV,ENV" from rules_lookup_text, checked against
 * rules_lookup on the binary address when the text is one */
static const char *answer(const char *ip, const char *info, const char *host)
{
  static char out[4096];
  struct rules_result bin = { 0, STRALLOC_ZERO };
  unsigned char a[16];
  size_t n, len = strlen(ip);
  int r = rules_lookup_text(&db, ip, info, host, &res, &key), rb = r, v6 = 0;
  if (r == -1) return "error";
  if (ip4_scan(ip, len, a + 12) == len && len) ip4_to6(a, a + 12);
  else if (ip6_scan(ip, len, a) == len && len) v6 = 1;
  else len = 0;
  if (len) {
    rb = rules_lookup(&db, a, v6, info, host, &bin);
    if (rb != r || bin.allow != res.allow || bin.env.len != res.env.len ||
        (res.env.len && memcmp(bin.env.s, res.env.s, res.env.len) != 0))
      diag("rules_lookup and rules_lookup_text differ for %s", ip);
  }
  rules_result_free(&bin);
  if (rb != r) return "mismatch";
  n = (size_t)snprintf(out, sizeof out, "%.*s %s ", r ? (int)key.len : 7,
                       r ? key.s : "default", res.allow ? "allow" : "deny");
  for (size_t i = 0; i < res.env.len && n + 2 < sizeof out; ++i)
    out[n++] = res.env.s[i] ? res.env.s[i] : ',';
  out[n] = 0;
  return out;
}

static const char precedence[] =
  "joe@10.1.2.3:allow,W=\"info-ip\"\n"
  "joe@=h.example.com:allow,W=\"info-host\"\n"
  "10.1.2.3:allow,W=\"ip\"\n"
  "=h.example.com:allow,W=\"host\"\n"
  "10.1.2.2/31:allow,W=\"31\"\n"
  "10.1.2.:allow,W=\"24\"\n"
  "10.1.0.0/20:allow,W=\"20\"\n"
  "10.1.0.0/16:allow,W=\"16\"\n"
  "10.1.:deny,W=\"16 again\"\n"
  "10.0.0.0/12:allow,W=\"12\"\n"
  "10.:allow,W=\"8\"\n"
  "8.0.0.0/6:allow,W=\"6\"\n"
  "=.example.com:allow,W=\"dom\"\n"
  "=:allow,W=\"anyhost\"\n"
  "0.0.0.0/0:allow,W=\"v4all\"\n"
  "2001:db8::1:deny,W=\"ip6\"\n"
  "joe@2001:db8::1:allow,W=\"info-ip6\"\n"
  "2001:db8::/48:allow,W=\"48\"\n"
  "2001:db8::/32:deny\n"
  "::/0:allow,W=\"v6all\"\n"
  ":deny,W=\"empty\"\n";

static void order(void)
{
  const char *h = "h.example.com";
  ok(build(precedence), "build the precedence rules");
  is_str(answer("10.1.2.3", "joe", h), "joe@10.1.2.3 allow W=info-ip,", "1: info@ip");
  is_str(answer("10.1.2.4", "joe", h), "joe@=h.example.com allow W=info-host,", "2: info@=host");
  is_str(answer("10.1.2.3", "bob", h), "10.1.2.3 allow W=ip,", "3: ip");
  is_str(answer("10.1.2.3", "JOE", NULL), "10.1.2.3 allow W=ip,", "info is compared exactly");
  is_str(answer("10.1.2.4", NULL, h), "=h.example.com allow W=host,", "4: =host");
  is_str(answer("10.1.2.2", NULL, "x.example.com"), "10.1.2.2/31 allow W=31,",
         "5: a CIDR prefix beats =.domain");
  is_str(answer("10.1.2.4", NULL, NULL), "10.1.2. allow W=24,", "5: /24 (dotted)");
  is_str(answer("10.1.3.1", NULL, NULL), "10.1.0.0/20 allow W=20,", "5: /20");
  is_str(answer("10.1.200.1", NULL, NULL), "10.1. allow W=16,",
         "5: /16 written as CIDR is the dotted key; the first line wins");
  is_str(answer("10.5.0.1", NULL, NULL), "10.0.0.0/12 allow W=12,", "5: /12");
  is_str(answer("10.100.0.1", NULL, NULL), "10. allow W=8,", "5: /8");
  is_str(answer("9.1.1.1", NULL, NULL), "8.0.0.0/6 allow W=6,", "5: /6");
  is_str(answer("12.1.1.1", NULL, "a.b.example.com"), "=.example.com allow W=dom,", "6: =.domain");
  is_str(answer("12.1.1.1", NULL, "A.B.EXAMPLE.COM"), "=.example.com allow W=dom,",
         "the host name is folded to lower case");
  is_str(answer("12.1.1.1", NULL, "other.org"), "= allow W=anyhost,", "6: =");
  is_str(answer("12.1.1.1", NULL, NULL), "0.0.0.0/0 allow W=v4all,", "7: 0.0.0.0/0");
  is_str(answer("::ffff:12.1.1.1", NULL, NULL), "0.0.0.0/0 allow W=v4all,",
         "v4-mapped is IPv4");
  is_str(answer("2001:db8::1", NULL, NULL), "2001:db8::1 deny W=ip6,", "IPv6 exact (deny)");
  is_str(answer("2001:DB8:0::1", "joe", NULL), "joe@2001:db8::1 allow W=info-ip6,",
         "info@IPv6; text canonicalised");
  is_str(answer("2001:db8::2", NULL, NULL), "2001:db8::/48 allow W=48,", "IPv6 /48");
  is_str(answer("2001:db8:1::1", NULL, h), "=h.example.com allow W=host,",
         "=host beats IPv6 prefixes");
  is_str(answer("2001:db8:1::1", NULL, NULL), "2001:db8::/32 deny ", "IPv6 /32");
  is_str(answer("2001:db9::1", NULL, NULL), "::/0 allow W=v6all,", "7: ::/0");
  is_str(answer("1.2.3", NULL, NULL), " deny W=empty,", "text that is no address");
  is_str(answer("10.1.2", NULL, NULL), "10.1. allow W=16,", "djb's textual prefixes for non-addresses");
  is_str(answer("", NULL, NULL), " deny W=empty,", "8: the empty key");
}

static void no_rule(void)
{
  static const char src[] = "1.2.3.4:deny,A=\"1\"\n1.2.3.5:allow,A=\"1\",B=\"2\"\n";
  ok(build(src), "build");
  is_str(answer("1.2.3.5", NULL, NULL), "1.2.3.5 allow A=1,B=2,", "env");
  is_str(answer("1.2.3.4", NULL, NULL), "1.2.3.4 deny A=1,", "env replaced");
  is_str(answer("5.6.7.8", NULL, NULL), "default allow ", "no rule: 0, allow, no env");
  is_str(answer("::1", "x", "y"), "default allow ", "no rule for IPv6");
}

static void markers(void)
{
  unsigned char a[16] = { 0 };
  char big[300];
  static char huge[RULES_DATA_MAX + 1];
  a[10] = a[11] = 0xff;
  a[12] = 10;
  raw(RULES_MARK4, 6, "\x40", 1, "10.0.0.1", 8, "", 0);
  errno = 0;
  is_int(rules_lookup(&db, a, 0, NULL, NULL, &res), -1, "a marker length over 32: error");
  is_int(errno, EPROTO, "EPROTO");
  a[15] = 1;
  is_int(rules_lookup(&db, a, 0, NULL, NULL, &res), 1, "an exact rule is found before the marker is read");
  memset(big, 1, sizeof big);
  raw(RULES_MARK6, 6, big, sizeof big, "", 0, "", 0);
  a[0] = 0x20;            /* 2001::ffff:a00:1, not v4-mapped */
  a[1] = 0x01;
  errno = 0;
  is_int(rules_lookup(&db, a, 1, NULL, NULL, &res), -1, "an over-long marker: error");
  a[0] = a[1] = 0;
  is_int(errno, EPROTO, "EPROTO");
  raw("10.0.0.1", 8, huge, sizeof huge, NULL, 0, NULL, 0);
  errno = 0;
  is_int(rules_lookup(&db, a, 0, NULL, NULL, &res), -1, "a value over RULES_DATA_MAX: error");
  is_int(errno, EPROTO, "EPROTO");
  raw("=", 1, "D", 2, NULL, 0, NULL, 0);
  {
    static char host[RULES_KEY_MAX + 10];
    memset(host, 'a', sizeof host - 1);
    host[5] = '.';
    is_int(rules_lookup(&db, a, 0, host, host, &res), 1, "an over-long host and info: skipped");
    ok(!res.allow, "and = still matches");
  }
}

static void values(void)
{
  char k[RULES_CIDR_FMT];
  unsigned char a[16];
  size_t n;
  ok(rules_parse_value("", 0, &res) && res.allow && !res.env.len, "value: empty = allow");
  ok(rules_parse_value("D", 2, &res) && !res.allow, "value: D = deny");
  ok(rules_parse_value("D\0+X=1\0+Y=\0", 11, &res) && !res.allow, "value: deny with env");
  is_mem(res.env.s, res.env.len, "X=1\0Y=", 7, "value: env entries");
  ok(rules_parse_value("+X\0+=v\0junk\0+Z=1", 16, &res) && res.allow, "value: odd entries");
  is_int(res.env.len, 0, "value: no '=', empty name, other entries, an unterminated tail: ignored");
  ok(rules_parse_value("Dx\0", 3, &res) && !res.allow, "value: any entry starting with D");
  ok(ip6_scan("2001:db8:ffff::1", 16, a) == 16, "scan");
  n = rules_cidr_key(k, a, 1, 33);
  is_mem(k, n, "2001:db8:8000::/33", 18, "cidr_key: v6 /33");
  n = rules_cidr_key(k, a, 1, 0);
  is_mem(k, n, "::/0", 4, "cidr_key: v6 /0");
  n = rules_cidr_key(k, a, 1, 200);
  is_mem(k, n, "2001:db8:ffff::1/128", 20, "cidr_key: v6 length clamped");
  ok(ip4_scan("10.255.1.2", 10, a + 12) == 10, "scan");
  ip4_to6(a, a + 12);
  n = rules_cidr_key(k, a, 0, 9);
  is_mem(k, n, "10.128.0.0/9", 12, "cidr_key: v4 /9");
  n = rules_cidr_key(k, a, 0, 0);
  is_mem(k, n, "0.0.0.0/0", 9, "cidr_key: v4 /0");
  n = rules_cidr_key(k, a, 0, 40);
  is_mem(k, n, "10.255.1.2/32", 13, "cidr_key: v4 length clamped");
}

int main(void)
{
  dir = tap_tmpdir();
  order();
  no_rule();
  markers();
  values();
  db_close();
  rules_result_free(&res);
  rules_result_free(&res);
  stralloc_free(&key);
  tap_rmtree(dir);
  return done_testing();
}

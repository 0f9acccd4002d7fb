/* tsenv.c — unit test for ucspi-tcp/tsenv (the child's environment and
 * log line) and tschild_maxperip (MAXPERIP from a rule). */
#include "tap.h"
#include "tschild.h"
#include "tsenv.h"

static const unsigned char lo4[16] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff,127,0,0,1 };
static const unsigned char ten4[16] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff,10,1,2,3 };
static const unsigned char lo6[16] = { 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1 };
static const unsigned char doc6[16] = { 0x20,0x01,0x0d,0xb8,0,0,0,0,0,0,0,0,0,0,0,0x42 };

/* the value of name in the NULL-terminated array v, "(unset)" when none;
 * a name that occurs twice is reported as "(twice)" */
static const char *get(char *const *v, const char *name)
{
  size_t n = strlen(name), i;
  const char *found = 0;
  for (i = 0; v && v[i]; ++i)
    if (strncmp(v[i], name, n) == 0 && v[i][n] == '=') {
      if (found) return "(twice)";
      found = v[i] + n + 1;
    }
  return found ? found : "(unset)";
}

static size_t count(char *const *v)
{
  size_t n = 0;
  while (v && v[n]) ++n;
  return n;
}

/* conn: a connection from remote:rport to local:lport, no names */
static void conn(struct tsenv *c, const unsigned char local[16], uint16_t lport,
                 const unsigned char remote[16], uint16_t rport, int is_v6)
{
  memset(c, 0, sizeof *c);
  memcpy(c->localip, local, 16);
  c->localport = lport;
  memcpy(c->remoteip, remote, 16);
  c->remoteport = rport;
  c->is_v6 = is_v6;
}

static void conn4(struct tsenv *c) { conn(c, lo4, 25, ten4, 40000, 0); }

/* one expected variable: its name, its value ("(unset)": none), the test */
struct want { const char *name, *value, *what; };

/* expect: every variable of t[0..n) as it should be in v */
static void expect(char *const *v, const struct want *t, size_t n)
{
  for (size_t i = 0; i < n; ++i) is_str(get(v, t[i].name), t[i].value, "%s", t[i].what);
}
#define EXPECT(v, t) expect((v), (t), sizeof (t) / sizeof (t)[0])

static void test_v4(void)
{
  char *envp[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
  char e0[] = "TCPREMOTEHOST=stale", e1[] = "TCP6REMOTEIP=stale", e2[] = "TLS=1",
       e3[] = "TLS_PEER_SUBJECT=x", e4[] = "KEEP=me", e5[] = "noequals", e6[] = "=x";
  char *space[128];
  struct tsenv c;
  char **v;
  envp[0] = e0; envp[1] = e1; envp[2] = e2; envp[3] = e3; envp[4] = e4; envp[5] = e5;
  envp[6] = e6;
  conn4(&c);
  c.localhost = "mx.example";
  c.remoteinfo = "joe";
  v = tsenv_build(space, sizeof space, envp, &c, 0, 0, 0);
  ok(v != 0, "IPv4 environment");
  if (!v) return;
  static const struct want want[] = {
    { "PROTO", "TCP", "PROTO" },
    { "TCPLOCALIP", "127.0.0.1", "TCPLOCALIP" },
    { "TCPLOCALPORT", "25", "TCPLOCALPORT" },
    { "TCPLOCALHOST", "mx.example", "TCPLOCALHOST" },
    { "TCPREMOTEIP", "10.1.2.3", "TCPREMOTEIP" },
    { "TCPREMOTEPORT", "40000", "TCPREMOTEPORT" },
    { "TCPREMOTEHOST", "(unset)", "unknown TCPREMOTEHOST removed" },
    { "TCPREMOTEINFO", "joe", "TCPREMOTEINFO" },
    { "TCP6REMOTEIP", "(unset)", "TCP6 names removed" },
    { "TLS", "(unset)", "TLS removed" },
    { "TLS_PEER_SUBJECT", "(unset)", "TLS_PEER_SUBJECT removed" },
    { "KEEP", "me", "other variables kept" },
  };
  EXPECT(v, want);
  ok(v[0] == e4, "kept entries are the caller's strings, first");
  is_int(count(v), 8, "KEEP, PROTO and six TCP variables; malformed entries dropped");
  ok(v == space, "built in the caller's space");
}

static void test_v6(void)
{
  static const struct want want[] = {
    { "PROTO", "TCP6", "PROTO=TCP6" },
    { "TCP6LOCALIP", "::1", "TCP6LOCALIP" },
    { "TCP6LOCALPORT", "465", "TCP6LOCALPORT" },
    { "TCP6REMOTEIP", "2001:db8::42", "TCP6REMOTEIP" },
    { "TCP6REMOTEPORT", "1", "TCP6REMOTEPORT" },
    { "TCP6LOCALHOST", "(unset)", "no TCP6LOCALHOST" },
    { "TCPREMOTEIP", "2001:db8::42", "TCPREMOTEIP too, for djb's programs" },
    { "TCPLOCALPORT", "465", "TCPLOCALPORT too" },
  };
  struct tsenv c;
  char **v;
  conn(&c, lo6, 465, doc6, 1, 1);
  v = tsenv_build(0, 0, 0, &c, 0, 0, 0);
  ok(v != 0, "IPv6 environment");
  if (!v) return;
  EXPECT(v, want);
  is_int(count(v), 9, "PROTO and 4 + 4 variables");
  free(v);
}

static void test_rules(void)
{
  static const char r[] = "RELAYCLIENT=\0FOO=a=b\0noequals\0=x\0TCPREMOTEHOST=set\0KEEP=rule\0tail";
  char *envp[] = { 0, 0, 0 };
  char *extra[] = { 0, 0, 0 };
  char *space[8];
  char e0[] = "KEEP=env", e1[] = "FOO=env", x0[] = "TLS=1", x1[] = "FOO=extra";
  struct tsenv c;
  char **v;
  envp[0] = e0; envp[1] = e1;
  extra[0] = x0; extra[1] = x1;
  conn4(&c);
  v = tsenv_build(space, 64, envp, &c, r, sizeof r - 1, extra);
  ok(v != 0, "environment with a rule and extra entries");
  if (!v) return;
  static const struct want want[] = {
    { "RELAYCLIENT", "", "empty value" },
    { "noequals", "(unset)", "an entry without '=' is skipped" },
    { "", "(unset)", "an entry with an empty name is skipped" },
    { "TCPREMOTEHOST", "set", "a rule can set a TCP variable" },
    { "KEEP", "rule", "the rule overrides the environment" },
    { "FOO", "extra", "extra overrides the rule" },
    { "TLS", "1", "extra sets TLS" },
    { "tail", "(unset)", "bytes after the last NUL ignored" },
  };
  EXPECT(v, want);
  is_int(count(v), 10, "5 connection variables, RELAYCLIENT TCPREMOTEHOST KEEP FOO TLS: each once");
  ok(v != space, "too big for the space: allocated");
  free(v);
}

static void test_limits(void)
{
  static char *big[TSENV_ENTRIES_MAX + 2];
  static char one[] = "A=1";
  struct tsenv c;
  size_t i;
  conn4(&c);
  for (i = 0; i <= TSENV_ENTRIES_MAX; ++i) big[i] = one;
  errno = 0;
  ok(tsenv_build(0, 0, big, &c, 0, 0, 0) == 0 && errno == E2BIG, "past TSENV_ENTRIES_MAX: E2BIG");
}

static void test_logline(void)
{
  char x[TSENV_LOG_MAX];
  char host[3000];
  size_t n;
  struct tsenv c;
  conn(&c, lo4, 25, ten4, 4000, 0);
  n = tsenv_logline(x, "ok", 123, &c, 0);
  is_mem(x, n, "tcpserver: ok 123 :127.0.0.1:25 :10.1.2.3::4000\n", 48,
         "djb's format, unknown names empty");
  c.localhost = "0";
  c.remotehost = "client.example";
  c.remoteinfo = "joe";
  n = tsenv_logline(x, "deny", 7, &c, 0);
  is_mem(x, n, "tcpserver: deny 7 0:127.0.0.1:25 client.example:10.1.2.3:joe:4000\n", 66,
         "names filled in");
  memcpy(c.localip, lo6, 16);
  memcpy(c.remoteip, doc6, 16);
  c.is_v6 = 1;
  c.localhost = c.remotehost = c.remoteinfo = 0;
  n = tsenv_logline(x, "per ip limit", 9, &c, "3/2");
  is_mem(x, n, "tcpserver: per ip limit 9 :::1:25 :2001:db8::42::4000 3/2\n", 58,
         "IPv6 text and the extra field");
  memset(host, 'h', sizeof host - 1);
  host[sizeof host - 1] = 0;
  c.localhost = c.remotehost = host;
  n = tsenv_logline(x, "ok", 1, &c, 0);
  is_int(n, TSENV_LOG_MAX, "an overlong line is cut to TSENV_LOG_MAX");
  is_int(x[n - 1], '\n', "and still ends with a newline");
}

static void test_ipfmt(void)
{
  char x[TSENV_IPFMT];
  is_int(tsenv_ipfmt(x, lo4, 0), 9, "IPv4 length");
  is_str(x, "127.0.0.1", "IPv4 text");
  tsenv_ipfmt(x, lo4, 1);
  is_str(x, "::ffff:127.0.0.1", "a v4-mapped address given as IPv6");
}

static void test_maxperip(void)
{
  unsigned long u = 99;
  static const char a[] = "FOO=1\0MAXPERIP=3\0";
  static const char b[] = "MAXPERIP=3\0MAXPERIP=5\0";
  static const char c[] = "MAXPERIP=x\0";
  static const char d[] = "MAXPERIPX=3\0XMAXPERIP=4\0";
  static const char e[] = "MAXPERIP=0\0";
  is_int(tschild_maxperip(a, sizeof a - 1, &u), 1, "found");
  is_int(u, 3, "value");
  is_int(tschild_maxperip(b, sizeof b - 1, &u), 1, "two");
  is_int(u, 5, "the last wins");
  is_int(tschild_maxperip(c, sizeof c - 1, &u), -1, "not a number");
  u = 99;
  is_int(tschild_maxperip(d, sizeof d - 1, &u), 0, "other names do not count");
  is_int(u, 99, "untouched");
  is_int(tschild_maxperip(e, sizeof e - 1, &u), 1, "0");
  is_int(u, 0, "0: no limit");
  is_int(tschild_maxperip("", 0, &u), 0, "empty");
}

/* need: the worst connection (IPv6, both families, the longest
 * addresses and ports, host names) fits in exactly tsenv_need bytes */
static void test_need(void)
{
  static const unsigned char wide[16] = { 0x20,0x01,0x0d,0xb8,0x12,0x34,0x56,0x78,
                                          0x9a,0xbc,0xde,0xf0,0x12,0x34,0x56,0x78 };
  char e0[] = "PATH=/bin", e1[] = "HOME=/", e2[] = "TERM=dumb";
  char *envp[] = { e0, e1, e2, 0 };
  char local[300], remote[200], info[100];
  struct tsenv c;
  size_t need;
  void *space;
  char **v;
  memset(local, 'l', sizeof local - 1);
  local[sizeof local - 1] = 0;
  memset(remote, 'r', sizeof remote - 1);
  remote[sizeof remote - 1] = 0;
  memset(info, 'i', sizeof info - 1);
  info[sizeof info - 1] = 0;
  conn(&c, wide, 65535, wide, 65535, 1);
  c.localhost = local;
  c.remotehost = remote;
  c.remoteinfo = info;
  need = tsenv_need(3, strlen(local) + strlen(remote) + strlen(info));
  space = malloc(need);
  v = space ? tsenv_build(space, need, envp, &c, 0, 0, 0) : 0;
  ok(v && (void *)v == space, "need: the worst connection fits in tsenv_need bytes");
  is_str(v ? get(v, "TCP6LOCALHOST") : 0, local, "need: and is complete");
  if (v && (void *)v != space) free(v);
  free(space);
  ok(tsenv_need(3, 0) < tsenv_need(4, 0), "need: grows with the environment");
  is_int(tsenv_need((size_t)-1, 0), SIZE_MAX, "need: SIZE_MAX on overflow");
}

int main(void)
{
  test_need();
  test_v4();
  test_v6();
  test_rules();
  test_limits();
  test_logline();
  test_ipfmt();
  test_maxperip();
  return done_testing();
}

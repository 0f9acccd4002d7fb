/* tsenv.c — the tcp-environ(5) variables and the log line of a tcpserver child. */
#include "tsenv.h"

#include <errno.h>
#include <stdlib.h>

#include "byte.h"
#include "fmt.h"
#include "ip.h"
#include "str.h"

/* the names tcpserver sets or removes; dropped from the inherited
 * environment and set again as the connection needs */
static const char *const own[] = {
  "PROTO",
  "TCPLOCALIP", "TCPLOCALPORT", "TCPLOCALHOST", "TCPREMOTEIP", "TCPREMOTEPORT",
  "TCPREMOTEHOST", "TCPREMOTEINFO",
  "TCP6LOCALIP", "TCP6LOCALPORT", "TCP6LOCALHOST", "TCP6REMOTEIP", "TCP6REMOTEPORT",
  "TCP6REMOTEHOST", "TCP6REMOTEINFO",
  "TLS", "TLS_PROTOCOL", "TLS_CIPHER", "TLS_PEER_SUBJECT", "TLS_PEER_VERIFIED", 0
};

/* the connection's variables: name and value (value NULL: not set) */
struct kv { const char *prefix, *name, *value; };
#define TSENV_KV_MAX 15

size_t tsenv_ipfmt(char *out, const unsigned char ip[16], int is_v6)
{
  size_t n = is_v6 ? ip6_fmt(out, ip) : ip4_fmt(out, ip + 12);
  out[n] = 0;
  return n;
}

/* the texts of the connection that are not in c already */
struct texts { char lip[TSENV_IPFMT], rip[TSENV_IPFMT], lport[FMT_ULONG], rport[FMT_ULONG]; };

static size_t family(struct kv *kv, const char *prefix, const struct tsenv *c, const struct texts *t)
{
  const char *names[7] = { "LOCALIP", "LOCALPORT", "LOCALHOST", "REMOTEIP", "REMOTEPORT",
                           "REMOTEHOST", "REMOTEINFO" };
  const char *values[7];
  size_t i, n = 0;
  values[0] = t->lip;
  values[1] = t->lport;
  values[2] = c->localhost;
  values[3] = t->rip;
  values[4] = t->rport;
  values[5] = c->remotehost;
  values[6] = c->remoteinfo;
  for (i = 0; i < 7; ++i) {
    if (!values[i]) continue;
    kv[n].prefix = prefix;
    kv[n].name = names[i];
    kv[n].value = values[i];
    ++n;
  }
  return n;
}

static size_t connvars(struct kv *kv, const struct tsenv *c, struct texts *t)
{
  size_t n = 1;
  tsenv_ipfmt(t->lip, c->localip, c->is_v6);
  tsenv_ipfmt(t->rip, c->remoteip, c->is_v6);
  t->lport[fmt_ulong(t->lport, c->localport)] = 0;
  t->rport[fmt_ulong(t->rport, c->remoteport)] = 0;
  kv[0].prefix = "";
  kv[0].name = "PROTO";
  kv[0].value = c->is_v6 ? "TCP6" : "TCP";
  n += family(kv + n, "TCP", c, t);
  if (c->is_v6) n += family(kv + n, "TCP6", c, t);
  return n;
}

static size_t namelen(const char *e) { return str_chr(e, '='); }

static int ownname(const char *e)
{
  size_t i, n = namelen(e);
  for (i = 0; own[i]; ++i)
    if (str_len(own[i]) == n && byte_equal(e, n, own[i])) return 1;
  return 0;
}

/* a usable "NAME=value" entry: a '=' after a non-empty name */
static int entry(const char *e) { return e[0] != '=' && e[namelen(e)] == '='; }

static size_t count(char *const *v)
{
  size_t n = 0;
  while (v && v[n]) ++n;
  return n;
}

/* the entries of the rule that build keeps (bytes after the last NUL
 * are not an entry) */
static size_t rulecount(const char *r, size_t len)
{
  size_t i = 0, n = 0;
  while (i < len) {
    size_t k = byte_chr(r + i, len - i, 0);
    if (k == len - i) break;
    n += entry(r + i);
    i += k + 1;
  }
  return n;
}

/* later settings win: drop every earlier entry with the name of one at
 * or after first; returns the entries left, moved together */
static size_t dedupe(char **v, size_t n, size_t first)
{
  size_t i, j, m = 0;
  for (j = first; j < n; ++j) {
    size_t k = namelen(v[j]);
    for (i = 0; i < j; ++i)
      if (v[i] && namelen(v[i]) == k && byte_equal(v[i], k, v[j])) v[i] = 0;
  }
  for (i = 0; i < n; ++i)
    if (v[i]) v[m++] = v[i];
  v[m] = 0;
  return m;
}

char **tsenv_build(void *space, size_t spacesize, char *const *envp, const struct tsenv *c,
                   const char *rule, size_t rulelen, char *const *extra)
{
  struct kv kv[TSENV_KV_MAX];
  struct texts t;
  size_t nkv = connvars(kv, c, &t), total, bytes = 0, size, i, n = 0, first;
  char **v, *s;
  total = count(envp) + nkv + rulecount(rule, rulelen) + count(extra);
  if (total > TSENV_ENTRIES_MAX) { errno = E2BIG; return 0; }
  for (i = 0; i < nkv; ++i) {
    size_t len = str_len(kv[i].prefix) + str_len(kv[i].name) + str_len(kv[i].value) + 2;
    if (__builtin_add_overflow(bytes, len, &bytes)) { errno = EOVERFLOW; return 0; }
  }
  if (__builtin_mul_overflow(total + 1, sizeof *v, &size)
      || __builtin_add_overflow(size, bytes, &size)) {
    errno = EOVERFLOW;
    return 0;
  }
  v = size <= spacesize ? space : malloc(size);
  if (!v) { errno = ENOMEM; return 0; }
  s = (char *)(v + total + 1);
  for (i = 0; envp && envp[i]; ++i)
    if (entry(envp[i]) && !ownname(envp[i])) v[n++] = envp[i];
  first = n;
  for (i = 0; i < nkv; ++i) {
    v[n++] = s;
    s += fmt_str(s, kv[i].prefix);
    s += fmt_str(s, kv[i].name);
    *s++ = '=';
    s += fmt_str(s, kv[i].value);
    *s++ = 0;
  }
  for (i = 0; i < rulelen;) {
    size_t k = byte_chr(rule + i, rulelen - i, 0);
    if (k == rulelen - i) break;
    if (entry(rule + i)) v[n++] = (char *)(uintptr_t)(rule + i);
    i += k + 1;
  }
  for (i = 0; extra && extra[i]; ++i) v[n++] = extra[i];
  dedupe(v, n, first);
  return v;
}

size_t tsenv_need(size_t envc, size_t names)
{
  /* per variable: "TCP6" + the longest name + '=' + NUL; per family: two
   * addresses and two ports; PROTO's value */
  size_t texts = TSENV_KV_MAX * (4 + 10 + 2) + 2 * (2 * TSENV_IPFMT + 2 * FMT_ULONG) + 8, n;
  if (__builtin_add_overflow(envc, (size_t)TSENV_KV_MAX + 1, &n)
      || __builtin_mul_overflow(n, sizeof(char *), &n)
      || __builtin_add_overflow(n, texts, &n)
      || __builtin_add_overflow(n, names, &n) || __builtin_add_overflow(n, names, &n))
    return SIZE_MAX;
  return n;
}

/* a bounded writer into a log line: keeps room for the newline */
struct line { char *s; size_t len; };

static void cat(struct line *l, const char *x)
{
  while (*x && l->len + 1 < TSENV_LOG_MAX) l->s[l->len++] = *x++;
}

static void catnum(struct line *l, unsigned long u)
{
  char x[FMT_ULONG];
  x[fmt_ulong(x, u)] = 0;
  cat(l, x);
}

static void catip(struct line *l, const unsigned char ip[16], int is_v6)
{
  char x[TSENV_IPFMT];
  tsenv_ipfmt(x, ip, is_v6);
  cat(l, x);
}

size_t tsenv_logline(char *out, const char *what, pid_t pid, const struct tsenv *c,
                     const char *extra)
{
  struct line l;
  l.s = out;
  l.len = 0;
  cat(&l, "tcpserver: ");
  cat(&l, what);
  cat(&l, " ");
  catnum(&l, (unsigned long)pid);
  cat(&l, " ");
  if (c->localhost) cat(&l, c->localhost);
  cat(&l, ":");
  catip(&l, c->localip, c->is_v6);
  cat(&l, ":");
  catnum(&l, c->localport);
  cat(&l, " ");
  if (c->remotehost) cat(&l, c->remotehost);
  cat(&l, ":");
  catip(&l, c->remoteip, c->is_v6);
  cat(&l, ":");
  if (c->remoteinfo) cat(&l, c->remoteinfo);
  cat(&l, ":");
  catnum(&l, c->remoteport);
  if (extra) {
    cat(&l, " ");
    cat(&l, extra);
  }
  out[l.len++] = '\n';
  return l.len;
}

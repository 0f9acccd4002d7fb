/* rules.c — look up the rule for a connection in a tcprules cdb (see rules.h). */
#include <errno.h>
#include <stdint.h>

#include "byte.h"
#include "case.h"
#include "fmt.h"
#include "ip.h"
#include "rules.h"
#include "str.h"

/* the longest marker: one byte per prefix length 0..128 */
#define RULES_MARK_MAX 129

/* one lookup: the database, what is known of the connection, the key being
 * built and where the answer goes */
struct lookup {
  struct cdb *c;
  unsigned char ip[16];
  int v6;                       /* the family used for rules */
  int bin;                      /* ip holds the address: CIDR steps apply */
  const char *iptext;           /* the address as text (djb's keys) */
  size_t iplen;
  char ipbuf[IP6_FMT];
  const char *info, *host;
  stralloc key;
  stralloc data;
  struct rules_result *res;
  stralloc *keyout;
};

int rules_parse_value(const char *data, size_t len, struct rules_result *res)
{
  size_t i = 0;
  res->allow = 1;
  res->env.len = 0;
  while (i < len) {
    size_t n = byte_chr(data + i, len - i, 0);
    const char *e = data + i;
    if (n == len - i) break;            /* no NUL: djb ignores the tail */
    if (n && e[0] == 'D') res->allow = 0;
    if (n > 1 && e[0] == '+') {
      size_t eq = byte_chr(e + 1, n - 1, '=');
      if (eq > 0 && eq < n - 1)
        if (!stralloc_catb(&res->env, e + 1, n - 1) || !stralloc_0(&res->env))
          return 0;
    }
    i += n + 1;
  }
  return 1;
}

/* key_try: look up l->key; on a hit read and decode the value. 1 / 0 / -1. */
static int key_try(struct lookup *l)
{
  uint32_t dlen;
  int r;
  /* a marker is never a rule (only a bogus text address could ask) */
  if (l->key.len >= 2 && l->key.s[0] == ':' && l->key.s[1] == 'c') return 0;
  r = cdb_find(l->c, l->key.s, l->key.len);
  if (r <= 0) return r;
  dlen = cdb_datalen(l->c);
  if (dlen > RULES_DATA_MAX) { errno = EPROTO; return -1; }
  if (!stralloc_ready(&l->data, dlen ? dlen : 1)) return -1;
  if (cdb_read(l->c, l->data.s, dlen, cdb_datapos(l->c)) == -1) return -1;
  if (!rules_parse_value(l->data.s, dlen, l->res)) return -1;
  if (l->keyout && !stralloc_copy(l->keyout, &l->key)) return -1;
  return 1;
}

/* key_cat: append s[0..n) to the key, folded to lower case when fold.
 * 1 done; 0 when the key would be longer than RULES_KEY_MAX (no such rule
 * exists: the step is skipped); -1 on ENOMEM. */
static int key_cat(struct lookup *l, const char *s, size_t n, int fold)
{
  size_t at = l->key.len;
  if (at > RULES_KEY_MAX || n > RULES_KEY_MAX - at) return 0;
  if (!stralloc_catb(&l->key, s, n)) return -1;
  if (fold) case_lowerb(l->key.s + at, n);
  return 1;
}

/* key_two: key = a then b (a C string, may be NULL), b folded; then look
 * it up: 1 / 0 / -1 as key_try */
static int key_two(struct lookup *l, const char *a, size_t alen, const char *b)
{
  int r;
  l->key.len = 0;
  if ((r = key_cat(l, a, alen, 1)) != 1) return r;
  if (b && (r = key_cat(l, b, str_len(b), 1)) != 1) return r;
  return key_try(l);
}

/* try_info: the info@ steps (1 and 2) */
static int try_info(struct lookup *l)
{
  int r;
  l->key.len = 0;
  if ((r = key_cat(l, l->info, str_len(l->info), 0)) != 1) return r;
  if ((r = key_cat(l, "@", 1, 0)) == 1 &&
      (r = key_cat(l, l->iptext, l->iplen, 0)) == 1)
    r = key_try(l);
  if (r || !l->host) return r;
  l->key.len = 0;
  if ((r = key_cat(l, l->info, str_len(l->info), 0)) == 1 &&
      (r = key_cat(l, "@=", 2, 0)) == 1 &&
      (r = key_cat(l, l->host, str_len(l->host), 1)) == 1)
    r = key_try(l);
  return r;
}

/* read_marker: which CIDR prefix lengths occur: have[n] = 1 */
static int read_marker(struct lookup *l, unsigned char have[RULES_MARK_MAX])
{
  const char *mark = l->v6 ? RULES_MARK6 : RULES_MARK4;
  unsigned max = l->v6 ? 128 : 32;
  char buf[RULES_MARK_MAX];
  uint32_t n;
  int r;
  byte_zero(have, RULES_MARK_MAX);
  r = cdb_find(l->c, mark, str_len(mark));
  if (r <= 0) return r;
  n = cdb_datalen(l->c);
  if (n > sizeof buf) { errno = EPROTO; return -1; }
  if (cdb_read(l->c, buf, n, cdb_datapos(l->c)) == -1) return -1;
  for (uint32_t i = 0; i < n; ++i) {
    unsigned char p = (unsigned char)buf[i];
    if (p > max) { errno = EPROTO; return -1; }  /* fail closed */
    have[p] = 1;
  }
  return 1;
}

/* try_dotted: djb's prefixes of the text, each ending in ".", longest first */
static int try_dotted(struct lookup *l)
{
  for (size_t n = l->iplen; n > 0; --n) {
    int r;
    if (l->iptext[n - 1] != '.') continue;
    l->key.len = 0;
    if ((r = key_cat(l, l->iptext, n, 0)) == 1) r = key_try(l);
    if (r) return r;
  }
  return 0;
}

/* try_prefixes: step 5, longest prefix first */
static int try_prefixes(struct lookup *l, const unsigned char have[RULES_MARK_MAX])
{
  unsigned bits = l->v6 ? 128 : 32;
  char k[RULES_CIDR_FMT];
  if (!l->bin) return try_dotted(l);
  for (unsigned p = bits - 1; p > 0; --p) {
    int r;
    if (!l->v6 && p % 8 == 0) {
      /* djb's dotted prefix: the text up to and including dot p/8 */
      size_t dots = 0, i = 0;
      while (i < l->iplen && dots < p / 8)
        if (l->iptext[i++] == '.') ++dots;
      if (!stralloc_copyb(&l->key, l->iptext, i)) return -1;
    } else if (have[p]) {
      if (!stralloc_copyb(&l->key, k, rules_cidr_key(k, l->ip, l->v6, p)))
        return -1;
    } else {
      continue;
    }
    if ((r = key_try(l)) != 0) return r;
  }
  return 0;
}

/* try_host: steps 4 (exact == 1) or 6 (exact == 0) */
static int try_host(struct lookup *l, int exact)
{
  const char *h = l->host;
  int r;
  if (exact) return key_two(l, "=", 1, h);
  for (; *h; ++h)
    if (*h == '.' && (r = key_two(l, "=", 1, h)) != 0) return r;
  return key_two(l, "=", 1, NULL);
}

/* walk: steps 1 to 8 */
static int walk(struct lookup *l)
{
  unsigned char have[RULES_MARK_MAX];
  char k[RULES_CIDR_FMT];
  int r;
  if (l->info && (r = try_info(l)) != 0) return r;
  if (!stralloc_copyb(&l->key, l->iptext, l->iplen)) return -1;
  if ((r = key_try(l)) != 0) return r;
  if (l->host && (r = try_host(l, 1)) != 0) return r;
  byte_zero(have, sizeof have);
  if (l->bin && read_marker(l, have) == -1) return -1;
  if ((r = try_prefixes(l, have)) != 0) return r;
  if (l->host && (r = try_host(l, 0)) != 0) return r;
  if (have[0]) {
    if (!stralloc_copyb(&l->key, k, rules_cidr_key(k, l->ip, l->v6, 0)))
      return -1;
    if ((r = key_try(l)) != 0) return r;
  }
  l->key.len = 0;
  return key_try(l);
}

/* run: the walk for a prepared lookup; frees its buffers */
static int run(struct lookup *l, struct rules_result *res, stralloc *keyout)
{
  int r;
  l->res = res;
  l->keyout = keyout;
  r = walk(l);
  if (r == 0) {
    res->allow = 1;
    res->env.len = 0;
  }
  stralloc_free(&l->key);
  stralloc_free(&l->data);
  return r;
}

int rules_lookup(struct cdb *c, const unsigned char ip[16], int is_v6,
                 const char *info, const char *host, struct rules_result *res)
{
  struct lookup l;
  byte_zero(&l, sizeof l);
  l.c = c;
  byte_copy(l.ip, 16, ip);
  l.v6 = is_v6 && !ip6_is_v4mapped(ip);
  l.bin = 1;
  l.iplen = l.v6 ? ip6_fmt(l.ipbuf, l.ip) : ip4_fmt(l.ipbuf, l.ip + 12);
  l.iptext = l.ipbuf;
  l.info = info;
  l.host = host;
  return run(&l, res, NULL);
}

int rules_lookup_text(struct cdb *c, const char *ip, const char *info,
                      const char *host, struct rules_result *res,
                      stralloc *key)
{
  struct lookup l;
  size_t len = str_len(ip);
  byte_zero(&l, sizeof l);
  l.c = c;
  l.info = info;
  l.host = host;
  if (ip4_scan(ip, len, l.ip + 12) == len && len) {
    ip4_to6(l.ip, l.ip + 12);
    l.bin = 1;
  } else if (ip6_scan(ip, len, l.ip) == len && len) {
    l.bin = 1;
    l.v6 = !ip6_is_v4mapped(l.ip);
  }
  if (l.bin) {
    l.iplen = l.v6 ? ip6_fmt(l.ipbuf, l.ip) : ip4_fmt(l.ipbuf, l.ip + 12);
    l.iptext = l.ipbuf;
  } else {
    l.iptext = ip;       /* djb's textual lookup of whatever it is */
    l.iplen = len;
  }
  return run(&l, res, key);
}

size_t rules_cidr_key(char *out, const unsigned char net[16], int is_v6,
                      unsigned plen)
{
  unsigned char m[16];
  unsigned bits;
  size_t n;
  if (plen > (is_v6 ? 128u : 32u)) plen = is_v6 ? 128 : 32;
  bits = is_v6 ? plen : plen + 96;
  for (unsigned i = 0; i < 16; ++i) {
    unsigned have = bits > 8 * i ? bits - 8 * i : 0;
    unsigned char mask = have >= 8 ? 0xff : (unsigned char)(0xff00 >> have);
    m[i] = net[i] & mask;
  }
  n = is_v6 ? ip6_fmt(out, m) : ip4_fmt(out, m + 12);
  out[n++] = '/';
  return n + fmt_uint(out + n, plen);
}

void rules_result_free(struct rules_result *res)
{
  stralloc_free(&res->env);
}

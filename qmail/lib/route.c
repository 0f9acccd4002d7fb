/* route.c — local or remote delivery for a recipient, qmail's rules. */
#include "route.h"

#include <errno.h>
#include <string.h>

/* index of the last c in s[0..n), or n */
static size_t route_rchr(const char *s, size_t n, char c)
{
  size_t i = n;
  while (i > 0)
    if (s[--i] == c) return i;
  return n;
}

static int route_listed(const constmap *m, const char *s, size_t n)
{
  return m && constmap_get(m, s, n) != 0;
}

/* steps 1 and 2: out = the address with a domain, percenthack applied */
static int route_normalise(const struct route_ctl *c, const char *addr, size_t len,
                           stralloc *out)
{
  size_t at;
  if (!stralloc_copyb(out, addr, len)) return 0;
  at = route_rchr(out->s, out->len, '@');
  if (at == out->len) {
    const char *d = c->envnoathost ? c->envnoathost : "";
    if (!stralloc_append(out, '@') || !stralloc_cats(out, d)) return 0;
  }
  for (;;) {
    size_t pct;
    at = route_rchr(out->s, out->len, '@');
    if (!route_listed(c->percenthack, out->s + at + 1, out->len - at - 1)) break;
    pct = route_rchr(out->s, at, '%');
    if (pct == at) break;
    out->len = at;
    out->s[pct] = '@';
  }
  return 1;
}

/* step 4: the virtualdomains value for out, or NULL */
static const char *route_virtual(const struct route_ctl *c, const stralloc *a, size_t at)
{
  const char *v;
  if (!c->virtualdomains) return 0;
  if ((v = constmap_get(c->virtualdomains, a->s, a->len))) return v;
  for (size_t i = at + 1; i < a->len; ++i) {
    if (i != at + 1 && a->s[i] != '.') continue;
    if ((v = constmap_get(c->virtualdomains, a->s + i, a->len - i))) return v;
  }
  return constmap_get(c->virtualdomains, "", 0);
}

int route(const struct route_ctl *c, const char *addr, size_t len, stralloc *out)
{
  size_t at;
  const char *v;
  if (len > ROUTE_ADDR_MAX || memchr(addr, 0, len)) { errno = EINVAL; return 0; }
  if (!route_normalise(c, addr, len, out)) return 0;
  at = route_rchr(out->s, out->len, '@');
  if (route_listed(c->locals, out->s + at + 1, out->len - at - 1)) return ROUTE_LOCAL;
  v = route_virtual(c, out, at);
  if (!v || !*v) return ROUTE_REMOTE;
  {
    stralloc tmp = STRALLOC_ZERO;
    int ok = stralloc_copys(&tmp, v) && stralloc_append(&tmp, '-') && stralloc_cat(&tmp, out) &&
             stralloc_copy(out, &tmp);
    stralloc_free(&tmp);
    return ok ? ROUTE_LOCAL : 0;
  }
}

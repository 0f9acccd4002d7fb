/* tcaddr.c — host, port and timeout arguments of tcpclient; A/AAAA and PTR lookups. */
#include "tcaddr.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <arpa/inet.h>

#include "byte.h"
#include "dns.h"
#include "ip.h"
#include "scan.h"
#include "str.h"

int tcaddr_seconds(const char *s, unsigned long *out)
{
  unsigned long u;
  size_t len = str_len(s), n;
  if (!len) return 0;
  n = scan_ulong(s, len, &u);
  if (n != len || u > TCADDR_TIMEOUT_MAX) return 0;
  *out = u;
  return 1;
}

int tcaddr_timeouts(const char *s, unsigned long *x, unsigned long *y)
{
  unsigned long a, b = 0;
  size_t len = str_len(s), n;
  n = scan_ulong(s, len, &a);
  if (!n || a > TCADDR_TIMEOUT_MAX) return 0;
  if (n < len) {
    if (s[n] != '+') return 0;
    if (!tcaddr_seconds(s + n + 1, &b)) return 0;
  }
  *x = a;
  *y = b;
  return 1;
}

int tcaddr_port(const char *s, uint16_t *port)
{
  unsigned long u;
  size_t len = str_len(s), n;
  struct servent *se;
  if (!len) return 0;
  n = scan_ulong(s, len, &u);
  if (n == len) {
    if (u > 65535) return 0;
    *port = (uint16_t)u;
    return 1;
  }
  if (n) return 0;  /* "25x" is neither a number nor a plausible name */
  se = getservbyname(s, "tcp");
  if (!se) return 0;
  *port = ntohs((uint16_t)se->s_port);
  return 1;
}

int tcaddr_literal(const char *s, enum tcaddr_family family, struct tcaddr *a)
{
  size_t len = str_len(s);
  unsigned char ip4[4];
  byte_zero(a, sizeof *a);
  if (len == 0 || str_equal(s, "0")) {
    if (family == TCADDR_V6) {
      a->ip[15] = 1;
      a->v6 = 1;
    } else {
      ip4[0] = 127; ip4[1] = 0; ip4[2] = 0; ip4[3] = 1;
      ip4_to6(a->ip, ip4);
    }
    return 1;
  }
  if (ip4_scan(s, len, ip4) == len) {
    ip4_to6(a->ip, ip4);
    return 1;
  }
  if (ip6_scan(s, len, a->ip) == len) {
    if (ip6_is_v4mapped(a->ip)) return 1;  /* same as the dotted quad */
    a->v6 = 1;
    return 1;
  }
  return 0;
}

size_t tcaddr_fmt(char out[TCADDR_FMT], const struct tcaddr *a)
{
  size_t n = a->v6 ? ip6_fmt(out, a->ip) : ip4_fmt(out, a->ip + 12);
  out[n] = 0;
  return n;
}

/* add the records of one lookup (type A or AAAA) to l; a dns.h status */
static int tcaddr_add(const char *host, uint16_t type, struct tcaddr_list *l,
                      struct dns_reply *r, unsigned timeout_ms)
{
  int rc = dns_lookup(0, host, type, r, timeout_ms);
  size_t i;
  if (rc != DNS_OK) return rc;
  for (i = 0; i < r->count && l->n < TCADDR_MAX; ++i) {
    struct tcaddr *a = &l->a[l->n];
    if (r->rr[i].type != type) continue;
    byte_zero(a, sizeof *a);
    if (type == DNS_T_AAAA) {
      byte_copy(a->ip, 16, r->rr[i].ip);
      a->v6 = !ip6_is_v4mapped(a->ip);
    } else {
      ip4_to6(a->ip, r->rr[i].ip);
    }
    ++l->n;
  }
  return DNS_OK;
}

int tcaddr_resolve(const char *host, enum tcaddr_family family, struct tcaddr_list *l,
                   unsigned timeout_ms)
{
  struct dns_reply *r;
  int rc6 = DNS_NODATA, rc4 = DNS_NODATA, err = 0;
  l->n = 0;
  if (tcaddr_literal(host, family, &l->a[0])) {
    if ((family == TCADDR_V4 && l->a[0].v6) || (family == TCADDR_V6 && !l->a[0].v6))
      return DNS_NODATA;
    l->n = 1;
    return DNS_OK;
  }
  r = malloc(sizeof *r);
  if (!r) return -1;
  if (family != TCADDR_V4) {
    rc6 = tcaddr_add(host, DNS_T_AAAA, l, r, timeout_ms);
    if (rc6 < 0) err = errno;
  }
  if (family != TCADDR_V6) {
    rc4 = tcaddr_add(host, DNS_T_A, l, r, timeout_ms);
    if (rc4 < 0) err = errno;
  }
  free(r);
  if (l->n) return DNS_OK;
  if (rc6 < 0 || rc4 < 0) {
    errno = err;
    return -1;
  }
  if (rc6 == DNS_BADNAME || rc4 == DNS_BADNAME) return DNS_BADNAME;
  if (rc6 == DNS_NXDOMAIN || rc4 == DNS_NXDOMAIN) return DNS_NXDOMAIN;
  return DNS_NODATA;
}

int tcaddr_name(const struct tcaddr *a, char *out, size_t size, unsigned timeout_ms)
{
  struct dns_reply *r = malloc(sizeof *r);
  int rc;
  size_t i;
  if (!r) return -1;
  rc = dns_ptr6(a->ip, r, timeout_ms);
  if (rc == DNS_OK) {
    for (i = 0; i < r->count; ++i)
      if (r->rr[i].type == DNS_T_PTR) break;
    if (i == r->count) {
      rc = DNS_NODATA;
    } else if (!str_copyb(out, size, dns_packet_rrdata(r, &r->rr[i]))) {
      errno = EMSGSIZE;
      rc = -1;
    }
  }
  free(r);
  return rc;
}

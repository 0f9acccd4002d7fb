/* route.c — unit test for qmail/lib/route. */
#include <errno.h>

#include "route.h"
#include "tap.h"

static int mkmap(constmap *m, const char *entries, size_t len, int colon)
{
  return constmap_init(m, entries, len, colon);
}

/* check: route addr; expect channel and address */
static void check(const struct route_ctl *c, const char *addr, int want, const char *wantaddr)
{
  stralloc out = STRALLOC_ZERO;
  int r = route(c, addr, strlen(addr), &out);
  is_int(r, want, "%s: channel", addr);
  if (r) is_mem(out.s, out.len, wantaddr, strlen(wantaddr), "%s -> %s", addr, wantaddr);
  stralloc_free(&out);
}

int main(void)
{
  static const char locals_s[] = "example.com\0LOCALHOST\0";
  static const char pct_s[] = "relay.example.net\0example.com\0";
  static const char vd_s[] = "virt.example.org:alice\0sales@shop.example:sales\0"
                             ".deep.example:deep\0notvirt.example.org:\0";
  static const char vdall_s[] = ":catchall\0";
  constmap locals, pct, vd, vdall;
  struct route_ctl c = { "example.com", &locals, &pct, &vd };
  struct route_ctl bare = { "here.example", 0, 0, 0 };
  stralloc out = STRALLOC_ZERO;
  char big[ROUTE_ADDR_MAX + 2];

  ok(mkmap(&locals, locals_s, sizeof locals_s - 1, 0), "locals map");
  ok(mkmap(&pct, pct_s, sizeof pct_s - 1, 0), "percenthack map");
  ok(mkmap(&vd, vd_s, sizeof vd_s - 1, 1), "virtualdomains map");
  ok(mkmap(&vdall, vdall_s, sizeof vdall_s - 1, 1), "catch-all map");

  check(&c, "bob@example.com", ROUTE_LOCAL, "bob@example.com");
  check(&c, "bob@EXAMPLE.COM", ROUTE_LOCAL, "bob@EXAMPLE.COM");
  check(&c, "bob@localhost", ROUTE_LOCAL, "bob@localhost");
  check(&c, "bob", ROUTE_LOCAL, "bob@example.com");
  check(&c, "bob@elsewhere.net", ROUTE_REMOTE, "bob@elsewhere.net");
  check(&c, "a@b@elsewhere.net", ROUTE_REMOTE, "a@b@elsewhere.net");
  check(&c, "joe%far.example@relay.example.net", ROUTE_REMOTE, "joe@far.example");
  check(&c, "joe%x%example.com@relay.example.net", ROUTE_REMOTE, "joe@x"); /* applied again: example.com is in percenthack too */
  check(&c, "joe%far.example@other.net", ROUTE_REMOTE, "joe%far.example@other.net");
  check(&c, "pat@virt.example.org", ROUTE_LOCAL, "alice-pat@virt.example.org");
  check(&c, "sales@shop.example", ROUTE_LOCAL, "sales-sales@shop.example");
  check(&c, "other@shop.example", ROUTE_REMOTE, "other@shop.example");
  check(&c, "x@a.b.deep.example", ROUTE_LOCAL, "deep-x@a.b.deep.example");
  check(&c, "x@deep.example", ROUTE_REMOTE, "x@deep.example");
  check(&c, "y@notvirt.example.org", ROUTE_REMOTE, "y@notvirt.example.org");
  check(&c, "", ROUTE_LOCAL, "@example.com");
  check(&bare, "root", ROUTE_REMOTE, "root@here.example");
  c.virtualdomains = &vdall;
  check(&c, "anyone@anywhere.example", ROUTE_LOCAL, "catchall-anyone@anywhere.example");
  check(&c, "bob@example.com", ROUTE_LOCAL, "bob@example.com");

  memset(big, 'a', sizeof big);
  errno = 0;
  ok(!route(&c, big, ROUTE_ADDR_MAX + 1, &out), "address over ROUTE_ADDR_MAX refused");
  is_int(errno, EINVAL, "with EINVAL");
  ok(route(&c, big, ROUTE_ADDR_MAX, &out), "address of ROUTE_ADDR_MAX accepted");
  errno = 0;
  ok(!route(&c, "a\0b@c", 5, &out), "address with a NUL refused");
  is_int(errno, EINVAL, "with EINVAL");

  constmap_free(&locals);
  constmap_free(&pct);
  constmap_free(&vd);
  constmap_free(&vdall);
  stralloc_free(&out);
  return done_testing();
}

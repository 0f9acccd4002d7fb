/* route.c — fuzz target: route any address under fixed control lists; the
 * result is a channel or a clean refusal, and a local address keeps a '@'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char locals_s[] = "example.com\0";
  static const char pct_s[] = "example.com\0relay.example\0";
  static const char vd_s[] = "v.example:pre\0.sub.example:sub\0:all\0none.example:\0";
  constmap locals, pct, vd;
  struct route_ctl c = { "example.com", &locals, &pct, &vd };
  stralloc out = STRALLOC_ZERO;
  int r;
  if (!constmap_init(&locals, locals_s, sizeof locals_s - 1, 0) ||
      !constmap_init(&pct, pct_s, sizeof pct_s - 1, 0) ||
      !constmap_init(&vd, vd_s, sizeof vd_s - 1, 1))
    abort();
  r = route(&c, (const char *)data, size, &out);
  if (r != 0 && r != ROUTE_LOCAL && r != ROUTE_REMOTE) abort();
  if (r && !memchr(out.s, '@', out.len)) abort();
  if (r && out.len > size + 64 + 1 + sizeof "example.com") abort();
  stralloc_free(&out);
  constmap_free(&locals);
  constmap_free(&pct);
  constmap_free(&vd);
  return 0;
}

/* route.h — where a recipient goes: local or remote, and its queue address.
 *
 * The rules of qmail-send(8) and qmail-control(5), applied in this order:
 *  1. an address without '@' gets "@" envnoathost;
 *  2. percenthack: while the domain is listed in percenthack and the local
 *     part has a '%', the last '%' becomes the '@' ("u%d2@d1" -> "u@d2");
 *  3. a domain listed in locals (case-insensitively) is local: the address
 *     is kept as it is;
 *  4. virtualdomains: the first of these keys found decides — the whole
 *     address, the domain, each ".suffix" of the domain from the longest,
 *     then the empty key (a catch-all). A non-empty value makes the
 *     recipient local with the address "value-address"; an empty value,
 *     or no key found, makes it remote, the address unchanged.
 * It does no I/O: the control lists come in as constmaps (locals and
 * percenthack as sets, virtualdomains split at the colon).
 *
 * Return convention: route returns ROUTE_LOCAL or ROUTE_REMOTE, or 0 with
 * errno (ENOMEM, EOVERFLOW, or EINVAL for an address over ROUTE_ADDR_MAX
 * or one containing a NUL). */
#ifndef ROUTE_H
#define ROUTE_H

#include <stddef.h>

#include "constmap.h"
#include "stralloc.h"

#define ROUTE_ADDR_MAX 1003

enum route_channel { ROUTE_LOCAL = 1, ROUTE_REMOTE = 2 };

struct route_ctl {
  const char *envnoathost;        /* the domain for addresses without '@' */
  const constmap *locals;
  const constmap *percenthack;
  const constmap *virtualdomains;
};

/* route: decide for recipient addr[0..len); out = the address to queue
 * (not NUL-terminated). */
int route(const struct route_ctl *, const char *addr, size_t len, stralloc *out)
    __attribute__((warn_unused_result));

#endif

/* rcptset.h — the envelope recipients of one message: kept in the order
 * they come, each address once (compared byte for byte), at most
 * RCPTSET_MAX of them.
 *
 * Return convention: rcptset_add returns 1 (added, or there already, or
 * empty), or 0 with errno set: E2BIG when the set holds RCPTSET_MAX
 * addresses already, EINVAL for an address with a NUL in it, ENOMEM or
 * EOVERFLOW when memory runs out. Pure: no I/O. */
#ifndef RCPTSET_H
#define RCPTSET_H

#include <stddef.h>

#include "stralloc.h"

/* the most recipients of one message */
#define RCPTSET_MAX 100000u

struct rcptset {
  stralloc list;   /* the addresses, each followed by a NUL */
  size_t count;    /* how many */
  size_t *slot;    /* open-addressed hash table: offset + 1 into list, or 0 */
  size_t nslots;   /* a power of two, at least twice count */
};
#define RCPTSET_ZERO { STRALLOC_ZERO, 0, 0, 0 }

/* add: s[0..len) at the end unless it is empty (a null address) or in
 * the set already. */
int rcptset_add(struct rcptset *rs, const char *s, size_t len) __attribute__((warn_unused_result));

/* free: release rs's storage and empty it; harmless twice. */
void rcptset_free(struct rcptset *rs);

#endif

/* rcptset.c — an ordered set of envelope recipients, with a hash table. */
#include "rcptset.h"

#include <errno.h>
#include <stdlib.h>

#include "byte.h"
#include "str.h"

static size_t rcptset_hash(const char *s, size_t len)
{
  size_t h = 5381, k;
  for (k = 0; k < len; ++k) h = (h * 33) ^ (unsigned char)s[k];
  return h;
}

/* the slot of s[0..len): where it is, or the empty slot for it */
static size_t rcptset_find(const struct rcptset *rs, const char *s, size_t len)
{
  size_t k = rcptset_hash(s, len) & (rs->nslots - 1);
  while (rs->slot[k]) {
    const char *t = rs->list.s + rs->slot[k] - 1;
    if (str_len(t) == len && byte_equal(t, len, s)) break;
    k = (k + 1) & (rs->nslots - 1);
  }
  return k;
}

/* room for one more address, the table staying at most half full */
static int rcptset_grow(struct rcptset *rs)
{
  size_t *old = rs->slot, n = rs->nslots, k, want;
  if (n && (rs->count + 1) * 2 <= n) return 1;
  want = n ? n * 2 : 64;
  rs->slot = calloc(want, sizeof *rs->slot);
  if (!rs->slot) { rs->slot = old; errno = ENOMEM; return 0; }
  rs->nslots = want;
  for (k = 0; k < n; ++k)
    if (old[k]) {
      const char *t = rs->list.s + old[k] - 1;
      rs->slot[rcptset_find(rs, t, str_len(t))] = old[k];
    }
  free(old);
  return 1;
}

int rcptset_add(struct rcptset *rs, const char *s, size_t len)
{
  size_t k;
  if (!len) return 1;
  if (byte_chr(s, len, 0) < len) { errno = EINVAL; return 0; }
  if (!rcptset_grow(rs)) return 0;
  k = rcptset_find(rs, s, len);
  if (rs->slot[k]) return 1;
  if (rs->count >= RCPTSET_MAX) { errno = E2BIG; return 0; }
  if (!stralloc_catb(&rs->list, s, len) || !stralloc_0(&rs->list)) return 0;
  rs->slot[k] = rs->list.len - len;
  ++rs->count;
  return 1;
}

void rcptset_free(struct rcptset *rs)
{
  stralloc_free(&rs->list);
  free(rs->slot);
  rs->slot = 0;
  rs->nslots = 0;
  rs->count = 0;
}

/* msgtab.c — qmail-send's table of messages with a number index (msgtab.h). */
#include "msgtab.h"

#include <errno.h>
#include <string.h>

#include "genalloc.h"

/* the slot where num's search starts (Fibonacci hashing) */
static size_t msgtab_home(const struct msgtab *t, unsigned long num)
{
  uint64_t h = (uint64_t)num * UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(h >> 32) & (t->nindex - 1);
}

/* put id into the index at num's first free slot; the index has room */
static void msgtab_insert(struct msgtab *t, unsigned long num, uint32_t id)
{
  size_t i = msgtab_home(t, num);
  while (t->index[i]) i = (i + 1) & (t->nindex - 1);
  t->index[i] = id + 1;
}

/* grow the index to keep its load at most one half, rehashing every id */
static int msgtab_rehash(struct msgtab *t, size_t want)
{
  size_t size = t->nindex ? t->nindex : 1024;
  size_t got = 0;
  uint32_t *ix;
  while (size / 2 < want) {
    if (size > SIZE_MAX / 4) { errno = EOVERFLOW; return 0; }
    size *= 2;
  }
  if (size == t->nindex) return 1;
  ix = genalloc_grow(0, &got, size, sizeof *ix);
  if (!ix) return 0;
  memset(ix, 0, size * sizeof *ix);
  genalloc_release(t->index);
  t->index = ix;
  t->nindex = size;
  for (size_t id = 0; id < t->n; ++id)
    if (t->m[id].used) msgtab_insert(t, t->m[id].num, (uint32_t)id);
  return 1;
}

uint32_t msgtab_find(const struct msgtab *t, unsigned long num)
{
  size_t i;
  if (!t->nindex) return MSGTAB_NONE;
  for (i = msgtab_home(t, num); t->index[i]; i = (i + 1) & (t->nindex - 1))
    if (t->m[t->index[i] - 1].num == num) return t->index[i] - 1;
  return MSGTAB_NONE;
}

/* a free id: a reused one, or the next new one */
static int msgtab_newid(struct msgtab *t, uint32_t *id)
{
  struct msgtab_msg *m;
  if (t->nfree) { *id = t->freeids[--t->nfree]; return 1; }
  if (t->n >= MSGTAB_MAX) { errno = EOVERFLOW; return 0; }
  m = genalloc_grow(t->m, &t->a, t->n + 1, sizeof *m);
  if (!m) return 0;
  t->m = m;
  *id = (uint32_t)t->n++;
  return 1;
}

int msgtab_add(struct msgtab *t, unsigned long num, uint32_t *id)
{
  uint32_t x;
  if (msgtab_find(t, num) != MSGTAB_NONE) { errno = EEXIST; return 0; }
  if (t->count >= MSGTAB_MAX) { errno = EOVERFLOW; return 0; }
  if (!msgtab_rehash(t, t->count + 1)) return 0;
  /* room to give the id back later, so that msgtab_del cannot fail */
  if (!t->nfree) {
    uint32_t *f = genalloc_grow(t->freeids, &t->afree, t->n + 1, sizeof *f);
    if (!f) return 0;
    t->freeids = f;
  }
  if (!msgtab_newid(t, &x)) return 0;
  memset(&t->m[x], 0, sizeof t->m[x]);
  t->m[x].num = num;
  t->m[x].used = 1;
  msgtab_insert(t, num, x);
  ++t->count;
  *id = x;
  return 1;
}

struct msgtab_msg *msgtab_get(struct msgtab *t, uint32_t id)
{
  return &t->m[id];
}

/* remove index slot i, moving later entries of its cluster back so that
 * every search still finds them (backward-shift deletion) */
static void msgtab_unindex(struct msgtab *t, size_t i)
{
  size_t mask = t->nindex - 1, j = i;
  for (;;) {
    size_t home;
    t->index[i] = 0;
    for (;;) {
      j = (j + 1) & mask;
      if (!t->index[j]) return;
      home = msgtab_home(t, t->m[t->index[j] - 1].num);
      /* j's entry may move to i when its home is not in (i, j] */
      if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) break;
    }
    t->index[i] = t->index[j];
    i = j;
  }
}

void msgtab_del(struct msgtab *t, uint32_t id)
{
  size_t i;
  if (id >= t->n || !t->m[id].used) return;
  for (i = msgtab_home(t, t->m[id].num); t->index[i] != id + 1; i = (i + 1) & (t->nindex - 1)) {}
  msgtab_unindex(t, i);
  t->m[id].used = 0;
  t->freeids[t->nfree++] = id;
  --t->count;
}

size_t msgtab_count(const struct msgtab *t)
{
  return t->count;
}

void msgtab_free(struct msgtab *t)
{
  genalloc_release(t->m);
  genalloc_release(t->freeids);
  genalloc_release(t->index);
  memset(t, 0, sizeof *t);
}

/* constmap.c — open-addressed, case-insensitive hash table over entry lists. */
#include "constmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"

struct constmap_slot {
  const char *key;   /* NULL = free slot */
  const char *value;
  size_t keylen;
  uint64_t hash;
};

/* FNV-1a over the folded bytes, then a 64-bit finaliser so that the low
 * bits used to pick a bucket depend on every input bit */
static uint64_t constmap_hash(const char *s, size_t n)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; ++i) {
    h ^= case_lowerc((unsigned char)s[i]);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/* find: the slot holding key, or the free slot where it would go */
static struct constmap_slot *constmap_find(const constmap *cm, const char *key, size_t keylen,
                                           uint64_t h)
{
  size_t i = (size_t)h & cm->mask;
  for (;; i = (i + 1) & cm->mask) {
    struct constmap_slot *sl = &cm->slot[i];
    if (!sl->key) return sl;
    if (sl->hash == h && sl->keylen == keylen && case_diffb(sl->key, keylen, key) == 0)
      return sl;
  }
}

/* table: allocate a power-of-two table with at least twice n slots, so
 * that the load stays at most one half and every probe ends */
static int constmap_table(constmap *cm, size_t n)
{
  size_t slots = 2;
  while (slots / 2 < n) slots *= 2; /* n <= CONSTMAP_MAX_ENTRIES: no wrap */
  cm->slot = calloc(slots, sizeof *cm->slot);
  if (!cm->slot) { errno = ENOMEM; return 0; }
  cm->mask = slots - 1;
  return 1;
}

/* add: index one entry e of elen bytes (its NUL at e[elen]) */
static void constmap_add(constmap *cm, const char *e, size_t elen, int splitcolon)
{
  static const char empty[] = "";
  const char *value = empty;
  size_t keylen = elen;
  struct constmap_slot *sl;
  uint64_t h;
  if (splitcolon) {
    const char *colon = memchr(e, ':', elen);
    if (!colon) return;
    keylen = (size_t)(colon - e);
    value = colon + 1;
  }
  h = constmap_hash(e, keylen);
  sl = constmap_find(cm, e, keylen, h);
  if (sl->key) return; /* a duplicate: the first entry wins */
  sl->key = e;
  sl->keylen = keylen;
  sl->value = value;
  sl->hash = h;
  ++cm->count;
}

int constmap_init(constmap *cm, const char *s, size_t len, int splitcolon)
{
  size_t n = 0, i, end;
  cm->slot = 0;
  cm->mask = 0;
  cm->count = 0;
  if (!len) return 1;
  if (s[len - 1]) { errno = EINVAL; return 0; }
  for (i = 0; i < len; ++i) n += !s[i]; /* one entry per NUL */
  if (n > CONSTMAP_MAX_ENTRIES) { errno = EOVERFLOW; return 0; }
  if (!constmap_table(cm, n)) return 0;
  for (i = 0; i < len; i = end + 1) {
    end = i + strlen(s + i); /* stops at a NUL no later than s[len - 1] */
    constmap_add(cm, s + i, end - i, splitcolon);
  }
  return 1;
}

const char *constmap_get(const constmap *cm, const char *key, size_t keylen)
{
  const struct constmap_slot *sl;
  if (!cm->slot) return 0;
  sl = constmap_find(cm, key, keylen, constmap_hash(key, keylen));
  return sl->key ? sl->value : 0;
}

size_t constmap_count(const constmap *cm) { return cm->count; }

void constmap_free(constmap *cm)
{
  free(cm->slot);
  cm->slot = 0;
  cm->mask = 0;
  cm->count = 0;
}

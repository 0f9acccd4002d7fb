/* constmap.h — a read-only hash set/map over a list of control-file entries.
 *
 * The input is len bytes of NUL-terminated entries one after another
 * (what a control-file loader produces, the last NUL counted in len). Keys
 * compare ASCII case-insensitively, as in qmail. With splitcolon each
 * entry is "key:value", split at its first ':', and an entry without ':'
 * is ignored (as qmail does); without it the whole entry is the key and
 * the value is "". Empty keys are kept. When a key occurs more than once,
 * the first entry wins. The map points into the input, which must stay
 * unchanged while the map is used.
 *
 * Return convention: constmap_init returns 1, or 0 with errno set
 * (ENOMEM; EOVERFLOW when there are more than CONSTMAP_MAX_ENTRIES
 * entries; EINVAL when len > 0 and the last byte is not a NUL).
 * constmap_get returns the value or NULL. */
#ifndef CONSTMAP_H
#define CONSTMAP_H

#include <stddef.h>
#include <stdint.h>

/* the largest number of entries (NULs in the input) a map will index */
#define CONSTMAP_MAX_ENTRIES ((size_t)1 << 26)

struct constmap_slot;

typedef struct constmap {
  struct constmap_slot *slot; /* open-addressed table, NULL when empty */
  size_t mask;                /* number of slots - 1 (a power of two - 1) */
  size_t count;               /* distinct keys */
} constmap;

/* init: build the map over s[0..len). s may be NULL when len is 0 (an
 * empty map). On failure the map is left empty (safe to get and free). */
int constmap_init(constmap *, const char *s, size_t len, int splitcolon)
    __attribute__((warn_unused_result));

/* get: the value for the keylen bytes at key (case-insensitive), a
 * NUL-terminated string pointing into the input (or a static ""), or NULL
 * when the key is absent. */
const char *constmap_get(const constmap *, const char *key, size_t keylen);

/* count: the number of distinct keys in the map. */
size_t constmap_count(const constmap *);

/* free: release the table and leave the map empty. */
void constmap_free(constmap *);

#endif

/* genalloc.h — type-safe growable arrays.
 *
 * GENALLOC_DECLARE(name, T) declares
 *   typedef struct name { T *items; size_t len; size_t a; } name;
 * (items: the elements, len: how many are used, a: how many are allocated)
 * and static inline functions:
 *   int  name_ready(name *x, size_t n)      room for at least n elements in all
 *   int  name_readyplus(name *x, size_t n)  room for n more after len
 *   int  name_append(name *x, T v)          add v at the end (len + 1)
 *   void name_free(name *x)                 release items, zero the struct
 * Initialise with GENALLOC_ZERO. Use it at file scope, once per name.
 *
 * Return convention: the builders return 1 on success, 0 on failure with
 * errno set: EOVERFLOW when the element count or the byte size
 * (count * sizeof(T)) would overflow or exceed GENALLOC_MAX_BYTES, ENOMEM
 * when the allocator refuses. On failure the array is unchanged. */
#ifndef GENALLOC_H
#define GENALLOC_H

#include <stddef.h>
#include <stdint.h>

/* no array may be larger than this many bytes (pointer differences inside
 * it must stay representable) */
#define GENALLOC_MAX_BYTES ((size_t)PTRDIFF_MAX)

#define GENALLOC_ZERO { 0, 0, 0 }

/* grow: make room for at least n elements of size bytes in the block p
 * that holds *a elements now (p may be NULL with *a == 0). Returns the
 * block to use from now on (p itself when it was big enough; otherwise a
 * reallocated block, with *a updated and p no longer valid), or NULL with
 * errno (EOVERFLOW, ENOMEM, or EINVAL for size 0) leaving p and *a as they
 * were. The result is never NULL on success, even for n == 0. */
void *genalloc_grow(void *p, size_t *a, size_t n, size_t size)
    __attribute__((warn_unused_result));

/* release: free the block p (NULL is fine). */
void genalloc_release(void *p);

/* addcount: *total = len + n and 1, or 0 with EOVERFLOW when it wraps. */
int genalloc_addcount(size_t len, size_t n, size_t *total)
    __attribute__((warn_unused_result));

#define GENALLOC_DECLARE(name, T) \
  typedef struct name { T *items; size_t len; size_t a; } name; \
  static inline __attribute__((unused, warn_unused_result)) \
  int name##_ready(name *x, size_t n) \
  { \
    T *p = (T *)genalloc_grow(x->items, &x->a, n, sizeof(T)); \
    if (!p) return 0; \
    x->items = p; \
    return 1; \
  } \
  static inline __attribute__((unused, warn_unused_result)) \
  int name##_readyplus(name *x, size_t n) \
  { \
    size_t total; \
    if (!x->items) x->len = 0; \
    return genalloc_addcount(x->len, n, &total) && name##_ready(x, total); \
  } \
  static inline __attribute__((unused, warn_unused_result)) \
  int name##_append(name *x, T v) \
  { \
    if (!name##_readyplus(x, 1)) return 0; \
    x->items[x->len++] = v; \
    return 1; \
  } \
  static inline __attribute__((unused)) void name##_free(name *x) \
  { \
    genalloc_release(x->items); \
    x->items = 0; \
    x->len = 0; \
    x->a = 0; \
  }

#endif

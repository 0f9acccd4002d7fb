/* sendsched.h — qmail-send's priority queues: a binary min-heap of message ids
 * ordered by the time they are due.
 *
 * Each entry is an id (a small number naming a message in qmail-send's
 * table) with a key: a due time, then a tie-breaker (the message's birth,
 * so that of two messages due at once the older goes first), then the id
 * itself, so the order is total and independent of insertion order. The
 * heap keeps the position of every id it holds, so that an id can be
 * found, moved or removed in O(log n); an id is in a heap at most once.
 * Every operation is O(log n) except sendsched_all (O(n)).
 *
 * Return convention: sendsched_push returns 1, or 0 with errno (ENOMEM,
 * EOVERFLOW past SENDSCHED_MAX entries, EEXIST when the id is already there,
 * EINVAL for an id of SENDSCHED_MAX or more); the predicates return 1 or 0;
 * sendsched_top returns 1 with the entry or 0 when the heap is empty;
 * sendsched_remove returns 1, or 0 when the id is not in the heap. */
#ifndef SENDSCHED_H
#define SENDSCHED_H

#include <stddef.h>
#include <stdint.h>

/* the most entries (and the largest id + 1) a heap takes */
#define SENDSCHED_MAX ((size_t)1 << 30)

struct sendsched_entry {
  int64_t due;       /* when the message is due (Unix time) */
  int64_t tie;       /* second key: its birth */
  uint32_t id;       /* third key and the payload */
};

struct sendsched {
  struct sendsched_entry *e;   /* the heap, e[0] the smallest */
  size_t n, a;             /* entries used, allocated */
  uint32_t *pos;           /* pos[id] = index in e + 1, 0 = absent */
  size_t npos;             /* ids pos has room for */
};
#define SENDSCHED_ZERO { 0, 0, 0, 0, 0 }

/* push: add id with its key. */
int sendsched_push(struct sendsched *, uint32_t id, int64_t due, int64_t tie)
    __attribute__((warn_unused_result));
/* top: the smallest entry, without removing it. */
int sendsched_top(const struct sendsched *, struct sendsched_entry *out);
/* pop: remove the smallest entry (nothing when empty). */
void sendsched_pop(struct sendsched *);
/* has: 1 when id is in the heap. */
int sendsched_has(const struct sendsched *, uint32_t id);
/* remove: take id out wherever it is. */
int sendsched_remove(struct sendsched *, uint32_t id);
/* setdue: give id (which must be there; otherwise nothing happens) a new
 * due time, keeping its tie. */
void sendsched_setdue(struct sendsched *, uint32_t id, int64_t due);
/* all: every entry due later than due becomes due at due (as after
 * SIGALRM: everything is due now); entries due earlier keep their time. */
void sendsched_all(struct sendsched *, int64_t due);
/* size: the number of entries. */
size_t sendsched_size(const struct sendsched *);
/* free: release the storage and zero the heap. */
void sendsched_free(struct sendsched *);

#endif

/* sendsched.c — a binary min-heap of ids by due time, with positions (sendsched.h). */
#include "sendsched.h"

#include <errno.h>
#include <string.h>

#include "genalloc.h"

/* 1 when a orders before b */
static int sendsched_less(const struct sendsched_entry *a, const struct sendsched_entry *b)
{
  if (a->due != b->due) return a->due < b->due;
  if (a->tie != b->tie) return a->tie < b->tie;
  return a->id < b->id;
}

static void sendsched_place(struct sendsched *h, size_t i, struct sendsched_entry x)
{
  h->e[i] = x;
  h->pos[x.id] = (uint32_t)(i + 1);
}

/* move the entry at i towards the root while it is smaller than its parent */
static void sendsched_up(struct sendsched *h, size_t i)
{
  struct sendsched_entry x = h->e[i];
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!sendsched_less(&x, &h->e[parent])) break;
    sendsched_place(h, i, h->e[parent]);
    i = parent;
  }
  sendsched_place(h, i, x);
}

/* move the entry at i towards the leaves while a child is smaller */
static void sendsched_down(struct sendsched *h, size_t i)
{
  struct sendsched_entry x = h->e[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= h->n) break;
    if (c + 1 < h->n && sendsched_less(&h->e[c + 1], &h->e[c])) ++c;
    if (!sendsched_less(&h->e[c], &x)) break;
    sendsched_place(h, i, h->e[c]);
    i = c;
  }
  sendsched_place(h, i, x);
}

/* room for id in pos, grown geometrically */
static int sendsched_posroom(struct sendsched *h, uint32_t id)
{
  size_t want, old = h->npos;
  uint32_t *p;
  if (id < h->npos) return 1;
  want = old ? old : 64;
  while (want <= id) want *= 2;
  if (want > SENDSCHED_MAX) want = SENDSCHED_MAX;
  p = genalloc_grow(h->pos, &h->npos, want, sizeof *p);
  if (!p) return 0;
  h->pos = p;
  memset(h->pos + old, 0, (h->npos - old) * sizeof *p);
  return 1;
}

int sendsched_push(struct sendsched *h, uint32_t id, int64_t due, int64_t tie)
{
  struct sendsched_entry x;
  struct sendsched_entry *e;
  if (id >= SENDSCHED_MAX) { errno = EINVAL; return 0; }
  if (h->n >= SENDSCHED_MAX) { errno = EOVERFLOW; return 0; }
  if (!sendsched_posroom(h, id)) return 0;
  if (h->pos[id]) { errno = EEXIST; return 0; }
  e = genalloc_grow(h->e, &h->a, h->n + 1, sizeof *e);
  if (!e) return 0;
  h->e = e;
  x.due = due;
  x.tie = tie;
  x.id = id;
  h->e[h->n++] = x;
  sendsched_up(h, h->n - 1);
  return 1;
}

int sendsched_top(const struct sendsched *h, struct sendsched_entry *out)
{
  if (!h->n) return 0;
  *out = h->e[0];
  return 1;
}

int sendsched_has(const struct sendsched *h, uint32_t id)
{
  return id < h->npos && h->pos[id] != 0;
}

int sendsched_remove(struct sendsched *h, uint32_t id)
{
  size_t i;
  struct sendsched_entry last;
  if (!sendsched_has(h, id)) return 0;
  i = h->pos[id] - 1;
  h->pos[id] = 0;
  last = h->e[--h->n];
  if (i == h->n) return 1;
  sendsched_place(h, i, last);
  if (i > 0 && sendsched_less(&last, &h->e[(i - 1) / 2])) sendsched_up(h, i);
  else sendsched_down(h, i);
  return 1;
}

void sendsched_pop(struct sendsched *h)
{
  if (h->n) (void)sendsched_remove(h, h->e[0].id);
}

void sendsched_setdue(struct sendsched *h, uint32_t id, int64_t due)
{
  size_t i;
  int64_t old;
  if (!sendsched_has(h, id)) return;
  i = h->pos[id] - 1;
  old = h->e[i].due;
  h->e[i].due = due;
  if (due < old) sendsched_up(h, i);
  else sendsched_down(h, i);
}

void sendsched_all(struct sendsched *h, int64_t due)
{
  size_t i;
  for (i = 0; i < h->n; ++i)
    if (h->e[i].due > due) h->e[i].due = due;
  /* Floyd's heap construction: every subtree from the last parent up */
  for (i = h->n / 2; i > 0; --i) sendsched_down(h, i - 1);
}

size_t sendsched_size(const struct sendsched *h)
{
  return h->n;
}

void sendsched_free(struct sendsched *h)
{
  genalloc_release(h->e);
  genalloc_release(h->pos);
  memset(h, 0, sizeof *h);
}

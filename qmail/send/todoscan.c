/* todoscan.c — the messages in todo/, sorted for batching, and those set aside (todoscan.h). */
#include "todoscan.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>

#include "todo.h"

static int todoscan_cmpnum(const void *a, const void *b)
{
  unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
  return x < y ? -1 : x > y;
}

static int todoscan_cmpentry(const void *a, const void *b)
{
  const struct todoscan_entry *x = a, *y = b;
  if (x->split != y->split) return x->split < y->split ? -1 : 1;
  return x->num < y->num ? -1 : x->num > y->num;
}

/* 1 when num is set aside; the list is sorted */
static int todoscan_isfailed(const struct todoscan *s, unsigned long num)
{
  return s->failed.len &&
         bsearch(&num, s->failed.items, s->failed.len, sizeof num, todoscan_cmpnum) != 0;
}

int todoscan_run(struct todoscan *s, const char *dir, unsigned long split, int periodic)
{
  DIR *d;
  struct dirent *de;
  int e = 0;
  s->list.len = s->next = 0;
  s->more = 0;
  if (periodic) s->failed.len = 0;
  else if (s->failed.len > 1)
    qsort(s->failed.items, s->failed.len, sizeof s->failed.items[0], todoscan_cmpnum);
  if (!(d = opendir(dir))) return -1;
  while ((de = readdir(d))) {
    struct todoscan_entry x;
    if (!todo_name(de->d_name, &x.num) || todoscan_isfailed(s, x.num)) continue;
    if (s->list.len >= TODOSCAN_MAX) { s->more = 1; break; }
    x.split = x.num % split;
    if (!todoscan_entries_append(&s->list, x)) { e = errno; break; }
  }
  closedir(d);
  if (e) { s->list.len = 0; errno = e; return -1; }
  if (s->list.len > 1)
    qsort(s->list.items, s->list.len, sizeof s->list.items[0], todoscan_cmpentry);
  return 0;
}

int todoscan_next(struct todoscan *s, unsigned long *num)
{
  if (s->next >= s->list.len) return 0;
  *num = s->list.items[s->next++].num;
  return 1;
}

size_t todoscan_left(const struct todoscan *s)
{
  return s->list.len - s->next;
}

int todoscan_fail(struct todoscan *s, unsigned long num)
{
  if (s->failed.len >= TODOSCAN_FAILED_MAX) return 1;
  return todoscan_nums_append(&s->failed, num);
}

void todoscan_free(struct todoscan *s)
{
  todoscan_entries_free(&s->list);
  todoscan_nums_free(&s->failed);
  s->next = 0;
  s->more = 0;
}

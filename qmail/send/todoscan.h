/* todoscan.h — todo-proc's view of todo/: the committed messages waiting
 * to be preprocessed, in the order they are done, and the messages set
 * aside because preprocessing them failed.
 *
 * A scan reads the directory once and keeps the names that are message
 * numbers (todo_name), at most TODOSCAN_MAX of them (the rest waits for
 * the next scan: todoscan.more is set). They are sorted by split
 * subdirectory (number % split), then by number, so that a batch of
 * consecutive messages touches few directories and costs few directory
 * fsyncs. A message set aside with todoscan_fail is left out of every
 * scan until a periodic one, which forgets the list and tries them all
 * again; at most TODOSCAN_FAILED_MAX are set aside (the rest are simply
 * retried at once).
 *
 * Return convention: todoscan_run returns 0, or -1 with errno (from
 * opendir, or ENOMEM, EOVERFLOW) and an empty list; todoscan_fail returns
 * 1, or 0 with errno (ENOMEM, EOVERFLOW); todoscan_next returns 1 with
 * a number, 0 at the end of the list. */
#ifndef TODOSCAN_H
#define TODOSCAN_H

#include <stddef.h>

#include "genalloc.h"

#define TODOSCAN_MAX 1000000          /* todo/ entries one scan takes */
#define TODOSCAN_FAILED_MAX 100000    /* messages set aside at once */

struct todoscan_entry {
  unsigned long split, num;
};
GENALLOC_DECLARE(todoscan_entries, struct todoscan_entry)
GENALLOC_DECLARE(todoscan_nums, unsigned long)

struct todoscan {
  todoscan_entries list;     /* the last scan, sorted */
  size_t next;               /* the next of list to hand out */
  todoscan_nums failed;      /* set aside until a periodic scan */
  int more;                  /* the last scan stopped at TODOSCAN_MAX */
};
#define TODOSCAN_ZERO { GENALLOC_ZERO, 0, GENALLOC_ZERO, 0 }

/* run: replace the list with the messages in directory dir (todo/) for
 * a queue split split (> 0), leaving out those set aside, unless periodic:
 * then the set-aside list is emptied first. */
int todoscan_run(struct todoscan *, const char *dir, unsigned long split, int periodic)
    __attribute__((warn_unused_result));
/* next: *num = the next message of the list. */
int todoscan_next(struct todoscan *, unsigned long *num);
/* left: the messages of the list not yet handed out. */
size_t todoscan_left(const struct todoscan *);
/* fail: set num aside until the next periodic scan. */
int todoscan_fail(struct todoscan *, unsigned long num) __attribute__((warn_unused_result));
/* free: release everything and empty the scan. */
void todoscan_free(struct todoscan *);

#endif

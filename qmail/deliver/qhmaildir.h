/* qhmaildir.h — the messages of a Maildir (maildir(5)) in delivery order,
 * and the cleaning of its tmp/, for maildir2mbox and maildirwatch.
 *
 * Return convention: qhmaildir_scan and qhmaildir_clean are syscall-like:
 * 0, or -1 with errno set (E2BIG past QHMAILDIR_MAX messages); the others
 * are pure. */
#ifndef QHMAILDIR_H
#define QHMAILDIR_H

#include <stddef.h>
#include <time.h>

#include "genalloc.h"
#include "stralloc.h"

/* the most messages one scan takes */
#define QHMAILDIR_MAX 1000000
/* tmp/ files not accessed for this long are left-overs of a crash */
#define QHMAILDIR_TMP_AGE (36 * 3600)

struct qhmaildir_msg {
  unsigned long t;   /* the delivery time its name starts with (0: none) */
  const char *path;  /* "DIR/new/NAME" or "DIR/cur/NAME", in names */
  const char *name;  /* NAME, inside path */
};
GENALLOC_DECLARE(qhmaildir_list, struct qhmaildir_msg)

struct qhmaildir {
  stralloc names;          /* the paths, each with its NUL */
  qhmaildir_list msgs;     /* in delivery order */
};
#define QHMAILDIR_ZERO { STRALLOC_ZERO, GENALLOC_ZERO }

/* nametime: the number a message name starts with ("1700000000.P1.host":
 * 1700000000) in *t and 1; 0 when it does not start with a digit followed,
 * after the digits, by '.', or the number does not fit. */
int qhmaildir_nametime(const char *name, unsigned long *t);

/* scan: m->msgs = the files of dir/new, and of dir/cur when cur is 1,
 * whose names do not start with '.', sorted by the time of their names,
 * then by name. m is emptied first; its pointers stay valid until the
 * next scan or qhmaildir_free. */
int qhmaildir_scan(struct qhmaildir *m, const char *dir, int cur)
    __attribute__((warn_unused_result));

/* clean: remove the files of dir/tmp that nobody has accessed for
 * QHMAILDIR_TMP_AGE seconds before now. Files that vanish meanwhile are
 * fine; -1 only when dir/tmp cannot be read. */
int qhmaildir_clean(const char *dir, time_t now) __attribute__((warn_unused_result));

void qhmaildir_free(struct qhmaildir *m);

#endif

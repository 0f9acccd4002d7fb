/* qpath.h — the layout of one queue directory and the choice of a queue.
 *
 * A queue directory (DESIGN.md §4) holds mess/ info/ local/ remote/, each
 * split into `split` subdirectories 0 .. split-1, and todo/ intd/ bounce/
 * pid/ lock/ unsplit. A message's number is the inode of its mess file;
 * its split subdirectory is number % split. Paths built here are relative
 * to the queue directory.
 *
 * Return convention: builders return 1 on success, 0 with errno (ENOMEM,
 * EOVERFLOW, or EINVAL for split 0). qpath_pick returns a queue number. */
#ifndef QPATH_H
#define QPATH_H

#include "stralloc.h"

enum qpath_dir {
  QPATH_MESS, QPATH_INFO, QPATH_LOCAL, QPATH_REMOTE,   /* split */
  QPATH_TODO, QPATH_INTD, QPATH_BOUNCE                 /* not split */
};

/* file: out = "DIR/[SPLIT/]NUM" for message num, as a C string (the NUL
 * is stored past len). */
int qpath_file(stralloc *out, enum qpath_dir, unsigned long num, unsigned long split)
    __attribute__((warn_unused_result));
/* dir: out = the directory qpath_file's file lives in ("mess/17",
 * "todo"), as a C string. */
int qpath_dir(stralloc *out, enum qpath_dir, unsigned long num, unsigned long split)
    __attribute__((warn_unused_result));
/* name: the directory's name ("mess", "todo", ...). */
const char *qpath_name(enum qpath_dir);
/* split: 1 when the directory is split into subdirectories. */
int qpath_issplit(enum qpath_dir);

/* pick: the queue an injection goes to, among count queues numbered from
 * start: chosen uniformly at random (getrandom(2); if that fails, from
 * the pid and the clock), so that concurrent injectors spread evenly and
 * no state is shared between them. count 0 is taken as 1. */
unsigned long qpath_pick(unsigned long start, unsigned long count);

#endif

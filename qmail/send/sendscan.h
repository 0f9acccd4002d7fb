/* sendscan.h — what qmail-send learns from the queue directory: every
 * preprocessed message at start, one message announced by todo-proc, and
 * the orphans that crashed injections left behind.
 *
 * The scans read directories and stat each file once (fstatat against the
 * directory), and read no file's contents, so that a queue of 100,000
 * messages is known in well under a second. A message exists for
 * delivery when info/S/N does: its birth is that file's mtime. For each
 * of local/S/N and remote/S/N that exists, the message is put on the
 * channel's heap, due at the file's mtime (the time of the next attempt
 * that qmail-send saved after a deferral; for a new file, its creation).
 * bounce/N sets hasbounce. A local, remote or bounce file without an info
 * file belongs to a message todo-proc has not finished: it is left alone.
 * All paths are relative to the current directory (the queue).
 *
 * Return convention: sendscan_queue and sendscan_orphans return 0, or -1
 * with errno (ENOMEM, EOVERFLOW); a directory or file that cannot be read
 * is reported through warn and skipped. sendscan_message returns the id,
 * or MSGTAB_NONE with errno (ENOENT when info/S/N does not exist; EEXIST
 * when the number is known already). */
#ifndef SENDSCAN_H
#define SENDSCAN_H

#include <stdint.h>
#include <time.h>

#include "msgtab.h"
#include "sendsched.h"

/* how old an orphan must be before it is removed: an injection that old
 * has certainly died */
#define SENDSCAN_ORPHAN_AGE (36L * 60 * 60)

/* warn(ctx, what, err): "what" (a path) could not be read */
typedef void (*sendscan_warn)(void *ctx, const char *what, int err);
/* orphan(ctx, num): message num is an orphan; 0, or -1 to stop the scan */
typedef int (*sendscan_orphan)(void *ctx, unsigned long num);

/* queue: fill t and the heaps (heaps[MSGTAB_LOCAL], heaps[MSGTAB_REMOTE])
 * with every message of the queue. */
int sendscan_queue(struct msgtab *t, struct sendsched heaps[2], unsigned long split,
                   sendscan_warn warn, void *ctx) __attribute__((warn_unused_result));

/* message: add message num, which todo-proc announced, as the queue scan
 * would have. */
uint32_t sendscan_message(struct msgtab *t, struct sendsched heaps[2], unsigned long split,
                          unsigned long num);

/* orphans: every number with a file in mess/S/ or intd/ older than
 * SENDSCAN_ORPHAN_AGE at now, that is not in t and has neither todo/N
 * nor info/S/N (checked in that order, which todo-proc's order of work
 * makes safe), is passed to orphan. */
int sendscan_orphans(const struct msgtab *t, unsigned long split, time_t now,
                     sendscan_orphan orphan, sendscan_warn warn, void *ctx)
    __attribute__((warn_unused_result));

#endif

/* qfix.h — create, check and repair a queue directory (queue-fix's logic).
 *
 * The layout, modes and owners are qmail's: the queue and mess/, todo/,
 * lock/ are mode 750 and intd/, pid/ mode 700, owned by qmailq; info/,
 * local/, remote/, bounce/ mode 700 owned by qmails; the split
 * directories inherit their parent's mode and owner; lock/sendmutex and
 * lock/todomutex (600, qmails), lock/tcpto (644, qmailr, 1024 zero bytes) and the FIFO
 * lock/trigger (622, qmails). Everything is in the qmail group. For a
 * private instance (not root, or root where the qmail users do not exist)
 * every owner is the invoking user (said once in a warning) and no
 * owner is changed (users_resolve).
 *
 * Return convention: qfix_queue returns the number of problems it could
 * not fix (0 = the queue is right now), or -1 with errno for a failure
 * that stopped it. Every change (or, with check_only, every change that
 * would be made) is reported through the report callback, one line each. */
#ifndef QFIX_H
#define QFIX_H

#include <time.h>

struct qfix_opts {
  unsigned long split;       /* subdirectories of mess/ info/ local/ remote/ */
  int check_only;            /* report, change nothing */
  int clean;                 /* remove orphaned files (see qfix_queue) */
  time_t orphan_age;         /* only orphans older than this many seconds */
  void (*report)(void *ctx, const char *path, const char *what);
  void *ctx;
};

/* queue: make dir a complete, correct queue. With opts->clean it also
 * removes orphans older than orphan_age: files in pid/; intd/N with no
 * todo/N; mess/S/N with no todo/N, intd/N or info/S/N. Orphans are what
 * a crashed qmail-queue leaves; they are never delivered, and qmail-queue
 * may still be writing a young one, hence the age. Split subdirectories
 * numbered split or more that hold files are reported as problems (their
 * messages would never be found). */
int qfix_queue(const char *dir, const struct qfix_opts *opts)
    __attribute__((warn_unused_result));

#endif

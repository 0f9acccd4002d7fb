/* qrm.h — qmail-rm's logic: which messages a pattern selects, and the two
 * ways of taking a message out of a queue.
 *
 * Like qread, everything works in the current directory, which must be
 * the queue. Marking is safe while qmail-send runs: it only overwrites
 * the type byte of 'T' records of local/S/N and remote/S/N with 'D' (what
 * qmail-send itself does after a delivery), so qmail-send finds nothing
 * left to deliver at the message's next turn and ends it through
 * qmail-clean. Removing unlinks the message's files and is only for a
 * queue that no qmail-send and no todo-proc is using (the caller holds
 * their locks).
 *
 * Return convention: qrm_match returns 1 / 0. qrm_markdone and qrm_remove
 * are syscall-like: 0 on success, -1 with errno. */
#ifndef QRM_H
#define QRM_H

#include <stddef.h>

#include "qread.h"
#include "stralloc.h"

/* match: 1 when the address addr[0..len) matches pattern. A pattern with
 * '*', '?' or '[' is a wildmat(3)-style pattern for the whole address;
 * any other pattern matches where it occurs anywhere in the address. Both
 * ignore the case of ASCII letters. The pattern "<>" matches only the
 * empty address (the sender of a bounce); an empty pattern matches
 * nothing. An address holding a NUL byte never matches. */
int qrm_match(const char *pattern, const char *addr, size_t len);

/* markdone: turn every 'T' record of message num's file on chan
 * (QREAD_LOCAL or QREAD_REMOTE) into 'D', in place, then fsync the file
 * (once, only when something changed). With dryrun nothing is written.
 * *marked = the records that were (or would be) changed. A channel
 * without a file gives 0 with *marked = 0. */
int qrm_markdone(enum qread_chan chan, unsigned long num, unsigned long split, int dryrun,
                 unsigned long *marked, stralloc *tmp) __attribute__((warn_unused_result));

/* remove: unlink every file of message num, each unlink made durable
 * (directory fsync) before the next: todo/N first (else todo-proc would
 * preprocess the message again), then intd/N, info/S/N (after which
 * nothing names the message for delivery), local, remote, bounce, and
 * mess/S/N last. A file already gone is fine. */
int qrm_remove(unsigned long num, unsigned long split, stralloc *tmp)
    __attribute__((warn_unused_result));

#endif

/* sendjob.h — qmail-send's passes: a message's turn on a channel, from the
 * moment its channel file (local/S/N or remote/S/N) is opened until the
 * last delivery started from it has reported.
 *
 * Per channel, a heap holds the messages that have a file of the channel,
 * ordered by when they are due (sendsched; sendscan fills it). At most
 * one pass per channel reads its file at a time (sendpass): sendjob_next
 * hands out the recipients one by one, opening the next due message's
 * file when the last one is read. Each result is recorded in the file
 * (sendmark: 'D' for delivered, a bounce record and 'D' for a permanent
 * failure; a temporary failure leaves the 'T'). Marks are fsynced once
 * per round by sendjob_flush, which then concludes every pass whose
 * deliveries have all reported: the file is removed when nothing is left
 * in it, or gets the time of its next attempt (retry schedule, saved as
 * its mtime) and goes back on the heap; a file that had trouble is tried
 * again SENDEND_RETRY seconds later. A message with no file left is
 * handed to sendend_finish. Warnings go to the log as qmail-log(5) lines.
 *
 * Return convention: sendjob_next returns 1 with a recipient, 0 when no
 * message is due now, or -1 with errno; sendjob_result and sendjob_flush
 * return 0, or -1 with errno. The errors are ENOMEM and EOVERFLOW, which
 * the owner treats as fatal; sendjob_due returns 1 with a time or 0. */
#ifndef SENDJOB_H
#define SENDJOB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "genalloc.h"
#include "msgtab.h"
#include "sendchan.h"
#include "sendend.h"
#include "sendlog.h"
#include "sendmark.h"
#include "sendpass.h"
#include "sendsched.h"
#include "stralloc.h"

/* a (message, channel) whose pass may have ended in this round */
struct sendjob_check {
  uint32_t id;
  int chan;
};
GENALLOC_DECLARE(sendjob_checklist, struct sendjob_check)

/* a recipient to deliver, valid until the next call on its channel */
struct sendjob_rcpt {
  uint32_t id;              /* the message */
  unsigned long num;
  const char *sender;       /* a C string */
  const char *addr;         /* addr[0..len) */
  size_t len;
  off_t at;                 /* the offset of its record in the file */
};

struct sendjob {
  struct msgtab *t;              /* the owner's table */
  struct sendend *end;           /* where messages with nothing left go */
  struct sendlog *log;           /* the owner's log */
  unsigned long split;
  struct sendsched heap[2];      /* by channel (MSGTAB_LOCAL, MSGTAB_REMOTE) */
  struct sendpass pass[2];       /* the file being read */
  uint32_t passid[2];            /* its message, or MSGTAB_NONE */
  stralloc sender[2];            /* its sender */
  struct sendmark marks;
  sendjob_checklist checks;
  stralloc fn, rec;
};

/* init: empty heaps, no pass open. */
void sendjob_init(struct sendjob *, struct msgtab *t, struct sendend *end, struct sendlog *log,
                  unsigned long split);
/* next: the next recipient of channel c to deliver at now, which counts
 * as running (msgtab_chan.running) until its sendjob_result or
 * sendjob_lost. Call it only while the channel has a free slot. */
int sendjob_next(struct sendjob *, int c, time_t now, struct sendjob_rcpt *out)
    __attribute__((warn_unused_result));
/* result: the report (result letter, text[0..len)) of the delivery in
 * slot sl of channel c, at now, for a queue lifetime of lifetime seconds
 * (sendmark_verdict). The pass is concluded by the next sendjob_flush. */
int sendjob_result(struct sendjob *, int c, const struct sendchan_slot *sl, char letter,
                   const char *text, size_t len, time_t now, unsigned long lifetime)
    __attribute__((warn_unused_result));
/* lost: the delivery of message id on channel c will never report (its
 * spawner died); its recipient stays to do. */
void sendjob_lost(struct sendjob *, int c, uint32_t id);
/* flush: fsync this round's marks, then conclude the passes that ended. */
int sendjob_flush(struct sendjob *, time_t now) __attribute__((warn_unused_result));
/* due: when channel c has no pass open, *due = when its next message is
 * due. */
int sendjob_due(const struct sendjob *, int c, int64_t *due);
/* alldue: every message on either heap is due at now (SIGALRM). */
void sendjob_alldue(struct sendjob *, time_t now);

#endif

/* sendend.h — the end of a message in qmail-send: once no channel file and
 * no delivery of it is left, its bounce is sent (when bounce/N holds
 * failures), "end msg N" is logged, and qmail-clean is asked to remove its
 * files; when qmail-clean answers '+', the message leaves the table.
 *
 * A bounce that cannot be injected now, and a removal that qmail-clean
 * could not do, are tried again SENDEND_RETRY seconds later: such a
 * message waits on the later heap, and sendend_due takes it up again.
 * Where a message's end stands is kept in its msgtab_msg.state.
 * Warnings and alerts go to the log as qmail-log(5) lines. All paths are
 * relative to the current directory (the queue).
 *
 * Return convention: sendend_finish, sendend_orphan, sendend_answer (also
 * 1, see there) and sendend_due return 0, or -1 with errno (ENOMEM, EOVERFLOW) when memory
 * ran out, which the owner treats as fatal; sendend_next returns 1 with a
 * time, 0 when nothing waits. */
#ifndef SENDEND_H
#define SENDEND_H

#include <stdint.h>
#include <time.h>

#include "bounce.h"
#include "msgtab.h"
#include "sendclean.h"
#include "sendlog.h"
#include "sendsched.h"
#include "stralloc.h"

/* seconds before a step that failed (a bounce, a removal, a channel file
 * with trouble) is tried again */
#define SENDEND_RETRY 60

/* msgtab_msg.state */
enum {
  SENDEND_LIVE,        /* deliveries may be left */
  SENDEND_BOUNCEWAIT,  /* its bounce could not be sent: on the later heap */
  SENDEND_CLEANING,    /* qmail-clean was asked to remove it */
  SENDEND_CLEANWAIT    /* qmail-clean could not: on the later heap */
};

struct sendend {
  struct msgtab *t;          /* the owner's table */
  struct sendlog *log;       /* the owner's log */
  unsigned long split;       /* the queue's split */
  struct bounce_ctl bctl;    /* filled in by the owner before the first finish */
  struct sendclean clean;    /* requests to qmail-clean and their order */
  struct sendsched later;    /* BOUNCEWAIT and CLEANWAIT messages, by retry time */
  stralloc fn, why;
};

/* init: nothing waiting; removal requests are queued for cleanfd. */
void sendend_init(struct sendend *, struct msgtab *t, struct sendlog *log, int cleanfd,
                  unsigned long split);
/* finish: end message id at now if nothing is left of it (no channel
 * file, no pass, state SENDEND_LIVE); otherwise nothing happens. */
int sendend_finish(struct sendend *, uint32_t id, time_t now) __attribute__((warn_unused_result));
/* orphan: ask qmail-clean to remove message num, which is in no table. */
int sendend_orphan(struct sendend *, unsigned long num) __attribute__((warn_unused_result));
/* answer: qmail-clean's answer byte ('+' removed, anything else not) to
 * the oldest request; a stray answer is logged and ignored. Returns 1,
 * with the number in *renew, when the message removed had been announced
 * again (msgtab_msg.renew): a new message with its number is queued and
 * the owner must take it up now. */
int sendend_answer(struct sendend *, char answer, time_t now, unsigned long *renew)
    __attribute__((warn_unused_result));
/* due: take up every waiting message whose retry time has come. */
int sendend_due(struct sendend *, time_t now) __attribute__((warn_unused_result));
/* next: *due = the earliest retry time of a waiting message. */
int sendend_next(const struct sendend *, int64_t *due);
/* alldue: every waiting message is due at now (SIGALRM). */
void sendend_alldue(struct sendend *, time_t now);

#endif

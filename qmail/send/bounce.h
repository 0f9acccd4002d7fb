/* bounce.h — sending a message's failure report back: who gets it, and
 * feeding it to qmail-queue.
 *
 * bounce_route applies the bounce senders of indimail-queue(5): a message
 * from an ordinary sender bounces to that sender with the empty envelope
 * sender; a bounce (empty sender) that fails is a double bounce, sent to
 * doublebounceto (with "@doublebouncehost" added when it has no '@') from
 * "#@[]"; a double bounce that fails is a triple bounce and is discarded,
 * and so is a double bounce when doublebounceto is empty (qmail's rule).
 * bounce_inject runs the queue program (qmail-queue) with the DSN of
 * dsn_write on its fd 0 and the envelope "F<from>\0T<to>\0\0" on its fd 1.
 *
 * Return convention: bounce_route returns an enum bounce_kind, or -1 with
 * errno (ENOMEM, EOVERFLOW); bounce_inject returns 0 when the queue
 * program exited 0, or -1 with why holding the reason as a C string
 * (qq_str of its exit code, "qq crashed", or the error that stopped us
 * from running or feeding it). */
#ifndef BOUNCE_H
#define BOUNCE_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "dsn.h"
#include "stralloc.h"

/* the sender of a double bounce, and the mark of a message that is one */
#define BOUNCE_DOUBLE_SENDER "#@[]"
/* the largest bounce/N file read; records past it are not reported */
#define BOUNCE_FILE_MAX (64ul * 1024 * 1024)

enum bounce_kind {
  BOUNCE_NORMAL = 1,     /* to the sender, from "" */
  BOUNCE_DOUBLE = 2,     /* to doublebounceto, from "#@[]" */
  BOUNCE_DISCARD = 3     /* a triple bounce, or nowhere to send a double one */
};

/* route: the envelope of the bounce of a message from sender: *from and
 * *to are C strings (NUL counted in len) unless the kind is
 * BOUNCE_DISCARD. dbto and dbhost: doublebounceto, doublebouncehost. */
int bounce_route(const char *sender, const char *dbto, const char *dbhost, stralloc *from,
                 stralloc *to) __attribute__((warn_unused_result));

struct bounce_job {
  const char *prog;           /* the queue program, an absolute path */
  char *const *envp;          /* its environment (QUEUEDIR set) */
  const char *from, *to;      /* the bounce's envelope */
  const struct dsn_info *info;
  const struct dsn_rcpt *r;   /* the failed recipients */
  size_t n;
  int origfd;                 /* the original message, read from its start */
};

/* inject: fork, exec job->prog, feed it, wait. *qp gets its pid. The
 * caller ignores SIGPIPE, and marks close-on-exec every descriptor the
 * queue program must not inherit. */
int bounce_inject(const struct bounce_job *job, pid_t *qp, stralloc *why)
    __attribute__((warn_unused_result));

/* what qmail-send needs to send a message's bounce */
struct bounce_ctl {
  const char *prog;              /* the queue program */
  char *const *envp;             /* its environment */
  const char *bouncefrom, *bouncehost;   /* From: bouncefrom@bouncehost */
  const char *dbto, *dbhost;     /* doublebounceto, doublebouncehost */
  unsigned long maxbytes;        /* bouncemaxbytes */
  unsigned long split;           /* the queue's split */
};

enum bounce_result {
  BOUNCE_SENT,      /* injected: *qp is the queue program's pid */
  BOUNCE_DROPPED,   /* BOUNCE_DISCARD: nothing sent */
  BOUNCE_NONE,      /* there is no bounce/N */
  BOUNCE_FAILED,    /* not sent this time (why): try again later */
  BOUNCE_CORRUPT    /* bounce/N cannot be parsed (why): it never will be */
};

/* send: the bounce of message num (born at birth) from its files in the
 * current directory (info/S/N for the sender, bounce/N, mess/S/N), as
 * one DSN for every recipient recorded. bounce/N is left for the caller
 * to remove. Returns an enum bounce_result; why is set for the failures. */
int bounce_send(const struct bounce_ctl *, unsigned long num, time_t birth, time_t now,
                pid_t *qp, stralloc *why) __attribute__((warn_unused_result));

#endif

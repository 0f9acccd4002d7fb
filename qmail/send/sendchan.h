/* sendchan.h — one delivery channel of qmail-send (local through
 * qmail-lspawn, remote through qmail-rspawn): its slots, the requests it
 * sends and the results it reads back (indimail-queue(5)).
 *
 * A request is "<slot>\0<num>\0<sender>\0<recipient>\0"; a result is
 * "<slot>\0<R><text>\0" with R one of K, Z, D. A slot is a number below
 * the channel's concurrency naming one running delivery; sendchan_start
 * takes the lowest free one. Results are split from the bytes read with
 * sendproto, so a report longer than SENDCHAN_REPORT_MAX is cut.
 *
 * Return convention: sendchan_start returns the slot, or -1 with errno
 * (ENOMEM, EOVERFLOW; EBUSY when running is not below conc) and nothing
 * changed; sendchan_put returns 1, or 0 with errno (ENOMEM);
 * sendchan_result returns 1 with a result, 0 when none is complete, -1
 * for a malformed slot field (skipped); sendchan_slot returns the slot or
 * NULL when it is not running. */
#ifndef SENDCHAN_H
#define SENDCHAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sendctl.h"
#include "sendout.h"
#include "sendproto.h"
#include "stralloc.h"

#define SENDCHAN_SLOTS SENDCTL_CONC_MAX
#define SENDCHAN_REPORT_MAX 8192      /* a result's text kept at most */

struct sendchan_slot {
  int used;
  uint32_t id;           /* the message, in the owner's table */
  off_t at;              /* the offset of the recipient's record */
  unsigned long d;       /* the delivery's number, for the log */
  stralloc rcpt;         /* the recipient (for a bounce record) */
};

struct sendchan {
  const char *name;      /* "qmail-lspawn", for messages */
  struct sendout req;    /* requests to the spawner */
  int resfd;             /* its results */
  struct sendproto res;
  int haveslot;          /* the slot field of a result has come */
  unsigned long resslot;
  unsigned long running, conc;
  int dead;              /* the spawner is gone */
  struct sendchan_slot slot[SENDCHAN_SLOTS];
};

/* init: a channel with no delivery running, concurrency 1. */
void sendchan_init(struct sendchan *, const char *name, int reqfd, int resfd);
/* start: a slot for message id's recipient addr[0..len), recorded at
 * offset at of its file, delivery number d; the request (with num and the
 * C string sender) is queued on req. */
long sendchan_start(struct sendchan *, uint32_t id, unsigned long num, const char *sender,
                    const char *addr, size_t len, off_t at, unsigned long d)
    __attribute__((warn_unused_result));
/* put: n bytes read from resfd. */
int sendchan_put(struct sendchan *, const char *b, size_t n) __attribute__((warn_unused_result));
/* result: the next complete result: *slot, and r[0..len) = the letter
 * and the text (len 0: an empty field). */
int sendchan_result(struct sendchan *, unsigned long *slot, const char **r, size_t *len);
/* slot: the running delivery in slot n. */
struct sendchan_slot *sendchan_slot(struct sendchan *, unsigned long n);
/* end: slot n (running) is free again. */
void sendchan_end(struct sendchan *, unsigned long n);

#endif

/* sendclean.h — qmail-send's requests to its qmail-clean: "x<num>" NUL,
 * answered in order by one byte each ('+' done, '!' failed), so the
 * requests in flight are a first-in first-out list.
 *
 * Return convention: sendclean_ask returns 1, or 0 with errno (ENOMEM,
 * EOVERFLOW; nothing is queued then); sendclean_answer returns 1 with the
 * request answered, or 0 when none was waiting (an answer too many). */
#ifndef SENDCLEAN_H
#define SENDCLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "sendout.h"

struct sendclean_req {
  unsigned long num;
  uint32_t id;          /* the asker's name for the message */
};

struct sendclean {
  struct sendout out;   /* the requests, to qmail-clean's fd 0 */
  struct sendclean_req *r;
  size_t head, len, a;  /* r[head..len) wait for their answers */
};

/* init: no request yet; requests go to fd. */
void sendclean_init(struct sendclean *, int fd);
/* ask: queue "x<num>" for message num (id is given back with the answer). */
int sendclean_ask(struct sendclean *, unsigned long num, uint32_t id)
    __attribute__((warn_unused_result));
/* answer: the oldest request in flight, which the answer byte is for. */
int sendclean_answer(struct sendclean *, struct sendclean_req *out)
    __attribute__((warn_unused_result));
/* waiting: requests not yet answered. */
size_t sendclean_waiting(const struct sendclean *);
/* free: forget every request and release the storage. */
void sendclean_free(struct sendclean *);

#endif

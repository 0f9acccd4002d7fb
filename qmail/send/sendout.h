/* sendout.h — bytes for a peer on a non-blocking pipe: qmail-send queues
 * its requests here and writes them when the pipe has room, so that it
 * never blocks on a peer that is busy writing back to it.
 *
 * Return convention: sendout_put returns 1, or 0 with errno (ENOMEM,
 * EOVERFLOW); sendout_flush returns 0 (everything written, or the pipe is
 * full for now), or -1 with errno when the peer is gone (EPIPE) or the
 * write fails otherwise. */
#ifndef SENDOUT_H
#define SENDOUT_H

#include <stddef.h>

#include "stralloc.h"

struct sendout {
  int fd;
  stralloc s;      /* s.s[pos..len) waits to be written */
  size_t pos;
};

/* init: an empty queue for fd (which the caller makes non-blocking). */
void sendout_init(struct sendout *, int fd);
/* put: queue n bytes; nothing is written yet. */
int sendout_put(struct sendout *, const char *x, size_t n) __attribute__((warn_unused_result));
/* flush: write what the pipe takes without blocking. */
int sendout_flush(struct sendout *) __attribute__((warn_unused_result));
/* waiting: 1 when bytes wait to be written. */
int sendout_waiting(const struct sendout *);
/* free: drop what waits and release the buffer (the fd stays open). */
void sendout_free(struct sendout *);

#endif

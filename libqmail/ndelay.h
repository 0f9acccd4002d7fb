/* ndelay.h — turn non-blocking I/O (O_NONBLOCK) on and off for a descriptor.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set.
 * The flag belongs to the open file description, so it changes for every
 * descriptor that shares it (dup'ed, inherited). Other status flags
 * (O_APPEND ...) are kept. */
#ifndef NDELAY_H
#define NDELAY_H

/* on: set O_NONBLOCK on fd. */
int ndelay_on(int fd) __attribute__((warn_unused_result));
/* off: clear O_NONBLOCK on fd. */
int ndelay_off(int fd) __attribute__((warn_unused_result));

#endif

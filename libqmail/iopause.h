/* iopause.h — wait until descriptors are ready or a deadline passes (poll(2)).
 *
 * Return convention: syscall-like: iopause returns the number of entries
 * with events (revents != 0), 0 when the deadline passed first, -1 with
 * errno set; iopause_one returns 0 when its descriptor is ready and -1
 * with errno set (ETIMEDOUT when the deadline passed first). The clock
 * functions return milliseconds.
 *
 * An iopause_fd is struct pollfd itself: fill fd and events (IOPAUSE_READ,
 * IOPAUSE_WRITE); iopause fills revents, which can also hold POLLHUP,
 * POLLERR or POLLNVAL. An entry with a negative fd is ignored, which is how
 * a caller switches one off without reshuffling the array.
 *
 * Deadlines are absolute times on the monotonic clock (iopause_now), so a
 * loop that waits several times keeps one overall limit and wall-clock
 * jumps do not matter. A signal does not end the wait: EINTR is retried
 * with the time that is left, so handlers should wake the loop through a
 * self-pipe that is one of the descriptors. */
#ifndef IOPAUSE_H
#define IOPAUSE_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pollfd iopause_fd;
#define IOPAUSE_READ POLLIN
#define IOPAUSE_WRITE POLLOUT

/* the deadline that never passes */
#define IOPAUSE_FOREVER ((int64_t)-1)

/* now: the monotonic clock in milliseconds (positive; -1 with errno only
 * if the clock cannot be read). */
int64_t iopause_now(void);

/* deadline: the deadline timeout_ms from now; IOPAUSE_FOREVER for a
 * negative timeout; saturates at INT64_MAX instead of overflowing. */
int64_t iopause_deadline(int64_t timeout_ms);

/* iopause: wait for the n entries of x until deadline (from iopause_now
 * or iopause_deadline; IOPAUSE_FOREVER or any negative value waits with no
 * limit). A deadline that has passed still looks once, without waiting.
 * 0 is returned only once the deadline has passed. x stays owned by the
 * caller; n must be below the RLIMIT_NOFILE limit (else EINVAL). */
int iopause(iopause_fd *x, size_t n, int64_t deadline)
    __attribute__((warn_unused_result));

/* one: iopause for the single descriptor fd and events (IOPAUSE_READ,
 * IOPAUSE_WRITE) until deadline, with the same deadline rules (a passed
 * deadline still looks once; EINTR is retried). 0 when fd is ready, which
 * includes a hang-up, an error condition or a closed fd (POLLHUP, POLLERR,
 * POLLNVAL: the next read or write reports them); -1 with ETIMEDOUT when
 * the deadline passed first, EBADF for a negative fd (which would
 * otherwise be ignored and wait for nothing), or poll's errno. */
int iopause_one(int fd, short events, int64_t deadline)
    __attribute__((warn_unused_result));

#endif

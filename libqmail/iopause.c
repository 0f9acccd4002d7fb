/* iopause.c — poll(2) with an absolute monotonic deadline, EINTR retried. */
#include "iopause.h"

#include <errno.h>
#include <limits.h>
#include <time.h>

int64_t iopause_now(void)
{
  struct timespec ts;
  int64_t ms;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1) return -1;
  if (__builtin_mul_overflow((int64_t)ts.tv_sec, (int64_t)1000, &ms) ||
      __builtin_add_overflow(ms, (int64_t)(ts.tv_nsec / 1000000), &ms) ||
      /* CLOCK_MONOTONIC may start at 0: keep the promise of a positive value */
      __builtin_add_overflow(ms, (int64_t)1, &ms)) {
    errno = EOVERFLOW;
    return -1;
  }
  return ms;
}

int64_t iopause_deadline(int64_t timeout_ms)
{
  int64_t now, d;
  if (timeout_ms < 0) return IOPAUSE_FOREVER;
  now = iopause_now();
  if (now < 0) now = 0;
  if (__builtin_add_overflow(now, timeout_ms, &d)) return INT64_MAX;
  return d;
}

/* the poll timeout for a wait until deadline: -1 forever, else the
 * milliseconds left, 0 once passed, at most INT_MAX */
static int iopause_timeout(int64_t deadline)
{
  int64_t left;
  if (deadline < 0) return -1;
  left = deadline - iopause_now(); /* both non-negative: cannot overflow */
  if (left <= 0) return 0;
  return left > INT_MAX ? INT_MAX : (int)left;
}

int iopause(iopause_fd *x, size_t n, int64_t deadline)
{
  for (;;) {
    int t = iopause_timeout(deadline);
    int r = poll(x, (nfds_t)n, t);
    if (r > 0) return r;
    if (r == -1 && errno != EINTR) return -1;
    /* an early or capped wake-up, or a signal: wait for what is left */
    if (r == 0 && t == 0) return 0;
  }
}

int iopause_one(int fd, short events, int64_t deadline)
{
  iopause_fd x;
  int r;
  if (fd < 0) { errno = EBADF; return -1; }
  x.fd = fd;
  x.events = events;
  x.revents = 0;
  r = iopause(&x, 1, deadline);
  if (r == -1) return -1;
  if (r == 0) { errno = ETIMEDOUT; return -1; }
  return 0;
}

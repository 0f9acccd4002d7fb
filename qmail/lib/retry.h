/* retry.h — qmail's retry schedule: when to try a deferred delivery again.
 *
 * A message born at time b (the mtime of its info file) that was deferred
 * at time now is tried next on channel c at
 *     b + (floor(sqrt(now - b)) + skip[c])^2
 * with skip 10 for local and 20 for remote deliveries, as qmail-send does:
 * remote attempts come about 0, 400, 1600, 3600, 6400 ... seconds after
 * the birth. The square root is an exact integer one (no libm, no
 * rounding error at perfect squares).
 *
 * Return convention: retry_next returns a time, never fails; retry_isqrt
 * returns floor(sqrt(x)). */
#ifndef RETRY_H
#define RETRY_H

#include <stdint.h>

enum retry_channel { RETRY_LOCAL = 0, RETRY_REMOTE = 1 };

#define RETRY_SKIP_LOCAL 10
#define RETRY_SKIP_REMOTE 20

/* isqrt: the largest r with r*r <= x. */
uint64_t retry_isqrt(uint64_t x);

/* next: the time of the next attempt after a deferral at now of a message
 * born at birth. now before birth (a clock set back) counts as now ==
 * birth. The result is always greater than now and saturates at
 * INT64_MAX instead of overflowing (so it equals now only when now is
 * INT64_MAX itself). Any c other than RETRY_LOCAL counts as remote. */
int64_t retry_next(int64_t birth, int64_t now, enum retry_channel c);

#endif

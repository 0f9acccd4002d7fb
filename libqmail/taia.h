/* taia.h — TAI64NA times: a TAI64 label plus nanoseconds and attoseconds.
 *
 * The same struct holds moments (taia_now) and durations (taia_uint,
 * taia_sub). The packed form is TAI64N: 8 bytes of label and 4 of
 * nanoseconds, big-endian; attoseconds are not packed.
 *
 * Return convention: taia_add and taia_sub never fail: they return 1 when
 * the result is exact and 0 (errno EOVERFLOW) when it saturated, to the
 * largest time for a sum and to zero for a difference of b > a, which is
 * what a deadline ("never") or a time left ("none") wants, so callers may
 * ignore it. taia_unpack returns 1, or 0 with errno EINVAL for a
 * nanosecond field of 10^9 or more. taia_less is a predicate. */
#ifndef TAIA_H
#define TAIA_H

#include <stdint.h>

#include "tai.h"

struct taia {
  struct tai sec;
  uint32_t nano;  /* 0 .. 999999999 */
  uint32_t atto;  /* 0 .. 999999999 */
};

/* bytes in a packed TAI64N time */
#define TAIA_PACK 12

/* now: the current time from CLOCK_REALTIME (atto = 0). */
void taia_now(struct taia *t);
/* uint: the duration of s seconds. */
void taia_uint(struct taia *t, unsigned int s);
/* add: *t = a + b (t may be a or b). */
int taia_add(struct taia *t, const struct taia *a, const struct taia *b);
/* sub: *t = a - b (t may be a or b). */
int taia_sub(struct taia *t, const struct taia *a, const struct taia *b);
/* less: 1 when a is before (shorter than) b. */
int taia_less(const struct taia *a, const struct taia *b);
/* frac: the part below one second, in seconds (0 <= frac < 1). */
double taia_frac(const struct taia *t);
/* approx: the whole value in seconds; precise only for durations (a
 * moment's label is near 2^62, beyond a double's 53 bits). */
double taia_approx(const struct taia *t);
/* pack / unpack: the 12-byte TAI64N form. */
void taia_pack(unsigned char out[TAIA_PACK], const struct taia *t);
int taia_unpack(const unsigned char in[TAIA_PACK], struct taia *t) __attribute__((warn_unused_result));

#endif

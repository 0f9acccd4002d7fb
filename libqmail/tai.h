/* tai.h — TAI64 labels: whole seconds on djb's external time scale.
 *
 * A label is an unsigned 64-bit count; 2^62 is the beginning of 1970 TAI.
 * Like daemontools and libtai, and unlike true TAI, the current Unix time
 * t maps to the label 2^62 + 10 + t (leap seconds are not counted), so
 * labels interoperate with tai64n, multilog and their readers.
 *
 * Return convention: tai_now, tai_pack and tai_unpack cannot fail; the
 * conversions return 1 on success and 0 with errno EOVERFLOW when the
 * value does not fit in the other form. tai_less is a predicate. */
#ifndef TAI_H
#define TAI_H

#include <stdint.h>
#include <time.h>

#define TAI_WUR __attribute__((warn_unused_result))

struct tai { uint64_t x; };

/* the label of the Unix epoch: 2^62 + 10 */
#define TAI_UNIX_EPOCH 4611686018427387914ULL
/* bytes in a packed label */
#define TAI_PACK 8

/* now: the label of the current second (CLOCK_REALTIME). */
void tai_now(struct tai *t);
/* unix: the label of Unix time u; EOVERFLOW below label 0. */
int tai_unix(struct tai *t, int64_t u) TAI_WUR;
/* tounix: the Unix time of t; EOVERFLOW when it does not fit a time_t. */
int tai_tounix(const struct tai *t, time_t *u) TAI_WUR;
/* pack / unpack: 8 bytes, big-endian (the external TAI64 format). */
void tai_pack(unsigned char out[TAI_PACK], const struct tai *t);
void tai_unpack(const unsigned char in[TAI_PACK], struct tai *t);
/* less: 1 when a is before b. */
int tai_less(const struct tai *a, const struct tai *b);

#endif

/* tai64n.h — TAI64N labels as text ("@" and 24 lowercase hex digits), as
 * tai64n and multilog write them, and their local-time rendering as
 * tai64nlocal prints it.
 *
 * Return convention: the formatters return the number of bytes written
 * (never 0 on success); tai64n_scan returns the bytes consumed or 0 for
 * malformed input; tai64nlocal_fmt returns 0 when the time has no local
 * rendering (outside what localtime can express). tai64n_scan is a pure
 * parser of untrusted bytes. */
#ifndef TAI64N_H
#define TAI64N_H

#include <stddef.h>

#include "taia.h"

/* length of a label: "@" + 16 hex digits of seconds + 8 of nanoseconds */
#define TAI64N_FMT 25
/* room for the longest local rendering and a NUL */
#define TAI64NLOCAL_FMT 40

/* fmt: write the 25-byte label of t to out (no NUL); returns 25. */
size_t tai64n_fmt(char out[TAI64N_FMT], const struct taia *t);

/* scan: read a label from the first len bytes of s: '@' and exactly 24
 * lowercase hex digits whose last 8 are below 10^9 nanoseconds. Bytes
 * after the 25th are not examined. Stores the time in t (atto = 0) and
 * returns 25, or returns 0 and leaves t alone. */
size_t tai64n_scan(const char *s, size_t len, struct taia *t);

/* local_fmt: "YYYY-MM-DD HH:MM:SS.nnnnnnnnn" for t in the local time zone
 * (TZ as tzset reads it), NUL-terminated, byte for byte what daemontools'
 * tai64nlocal prints: the year is not padded, the rest is. (Years before
 * 0 get a minus sign where tai64nlocal prints a wrapped unsigned number.)
 * Returns the length without the NUL, or 0 (errno EOVERFLOW) when
 * localtime cannot express the time, where tai64nlocal would crash. */
size_t tai64nlocal_fmt(char out[TAI64NLOCAL_FMT], const struct taia *t);

#endif

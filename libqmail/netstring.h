/* netstring.h — djb's netstrings, "LENGTH:DATA,": parse, encode, read from a buf.
 *
 * Return conventions (each function states its own):
 *  - netstring_parse: bytes consumed (> 0) for a whole netstring, 0 when
 *    more input is needed, -1 with errno set;
 *  - netstring_encode: a builder, 1 on success, 0 with errno set;
 *  - netstring_read: 1 for a netstring, 0 at a clean end of input, -1
 *    with errno set.
 * errno: EINVAL for a malformed netstring (a non-digit where the length
 * goes, an empty length, a leading zero other than in "0:", no ':' after
 * the length, no ',' after the data); EMSGSIZE when the length is more
 * than the caller's max or does not fit in size_t; EPROTO when the input
 * ends inside a netstring (netstring_read); ENOMEM / EOVERFLOW from
 * stralloc; the buf's errors (ETIMEDOUT …).
 *
 * max bounds the data length and so the memory that input can make a
 * reader take: callers pass their protocol's limit (a QMTP message, a
 * QMQP packet). */
#ifndef NETSTRING_H
#define NETSTRING_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "stralloc.h"

#define NETSTRING_WUR __attribute__((warn_unused_result))

/* parse: the netstring at the start of s[0..len), whose data may be at
 * most max bytes. On success *data points into s and *datalen is the
 * data's length; they are untouched otherwise. Pure: no I/O, no memory.
 * A length already larger than max fails at once, before the rest of
 * the netstring arrives. */
ssize_t netstring_parse(const char *s, size_t len, size_t max,
                        const char **data, size_t *datalen) NETSTRING_WUR;

/* encode: append "LEN:data," for data[0..len) to out. */
int netstring_encode(stralloc *out, const char *data, size_t len) NETSTRING_WUR;

/* read: the next netstring from b into out (its data replaces out's
 * contents), data at most max bytes. out grows only as data arrives, so
 * a large announced length alone takes no memory. After an error the
 * position in b is unspecified: the caller drops the connection. */
int netstring_read(buf *b, stralloc *out, size_t max) NETSTRING_WUR;

#endif

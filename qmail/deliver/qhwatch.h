/* qhwatch.h — the summary of one message that maildirwatch shows on a
 * terminal: whom it was delivered to and who sent it, then its From and
 * Subject fields.
 *
 * Pure: no I/O. The header is untrusted: nothing of it reaches the
 * terminal as a control (escape sequences included).
 *
 * Return convention: builders return 1, or 0 with errno set (ENOMEM,
 * EOVERFLOW). */
#ifndef QHWATCH_H
#define QHWATCH_H

#include <stddef.h>

#include "stralloc.h"

/* the characters of a summary line */
#define QHWATCH_WIDTH 79

#define QHWATCH_WUR __attribute__((warn_unused_result))

/* clean: append s[0..len) to out as printable text of at most width
 * characters: line breaks and tabs become spaces, runs of spaces one space
 * (none at the start or the end), every other control byte (C0, DEL), every UTF-8
 * sequence that is malformed or encodes a C1 control (U+0080-U+009F), and
 * every stray byte at or above 0x80 becomes '?'. Valid UTF-8 characters
 * are kept and count as one character each. */
int qhwatch_clean(stralloc *out, const char *s, size_t len, size_t width) QHWATCH_WUR;

/* field: the body of the first field called name (any case) in the header
 * hdr[0..len) (which ends at its first empty line), continuation lines
 * included: 1 with *v and *vlen set, else 0. */
int qhwatch_field(const char *hdr, size_t len, const char *name, const char **v, size_t *vlen);

/* summary: append for the message with header hdr[0..len):
 *   ESC[1m DELIVERED-TO ESC[0m " from " RETURN-PATH LF
 *   "  From: " FROM LF          (when there is a From field)
 *   "  Subject: " SUBJECT LF    (when there is a Subject field)
 *   LF
 * each value cleaned to fit width characters in all ("?" for a missing
 * Delivered-To or Return-Path). */
int qhwatch_summary(stralloc *out, const char *hdr, size_t len, size_t width) QHWATCH_WUR;

#endif

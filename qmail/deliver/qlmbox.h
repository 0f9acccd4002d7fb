/* qlmbox.h — delivery to an mbox file (mbox(5), as qmail-local writes it).
 *
 * An entry is the From_ line, the Return-Path and Delivered-To lines, the
 * message with every line that matches ^>*From  given one more '>', a LF
 * if the message did not end with one, and an empty line. The file is
 * locked (flock) for the append, fsynced before success, and cut back to
 * its old size when anything fails, so that no entry is ever left half
 * written by a failure qlmbox_deliver can see.
 *
 * Return convention: the quoting functions return 1, or 0 with errno set
 * (ENOMEM, EOVERFLOW); qlmbox_deliver returns 0, or -1 with errno set and
 * *what naming the step that failed. */
#ifndef QLMBOX_H
#define QLMBOX_H

#include <stddef.h>

#include "stralloc.h"

/* the bytes read from the message at a time */
#define QLMBOX_CHUNK 65536
/* how long qlmbox_deliver waits for the lock by default */
#define QLMBOX_LOCK_SECONDS 30

#define QLMBOX_WUR __attribute__((warn_unused_result))

/* the streaming ">From " quoter: a line is only ever held back for the at
 * most five bytes of a "From " that may be starting */
struct qlmbox_quote {
  int state;          /* start of line, inside one, matching "From ", in the
                         run of '>' that starts a line */
  size_t held;        /* bytes of "From " matched so far */
};

void qlmbox_quote_init(struct qlmbox_quote *q);

/* quote: append the mbox form of in[0..len), the next bytes of the
 * message, to out. Output grows by at most len + len / 6 + 6 bytes. */
int qlmbox_quote(struct qlmbox_quote *q, const char *in, size_t len, stralloc *out) QLMBOX_WUR;

/* quote_end: append what is held back, the LF a message without a final
 * LF lacks, and the empty line that ends the entry. */
int qlmbox_quote_end(struct qlmbox_quote *q, stralloc *out) QLMBOX_WUR;

/* deliver: append to the mbox path (created mode 0600 when missing) the
 * entry for the message on msgfd (read from offset 0) with head (the
 * From_, Return-Path and Delivered-To lines) before it. Waits at most
 * lock_seconds for the lock (then ETIMEDOUT). */
int qlmbox_deliver(const char *path, int msgfd, const char *head, size_t headlen,
                   unsigned lock_seconds, const char **what) QLMBOX_WUR;

#endif

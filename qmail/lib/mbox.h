/* mbox.h — the mbox format (mbox(5)) as qmail-local and maildir2mbox write
 * it, and qmail-local's all-or-nothing delivery to an mbox file.
 *
 * An entry is a From_ line, the message with every line that matches
 * ^>*From  given one more '>', a LF if the message did not end with one,
 * and an empty line. qmail-local makes the From_ line from the envelope
 * sender and puts its Return-Path and Delivered-To lines before the
 * message; maildir2mbox makes it from the message's Return-Path line.
 *
 * Return convention: the quoting functions, mbox_fromline and mbox_ufline
 * are builders (1, or 0 with errno set: ENOMEM, EOVERFLOW; EOVERFLOW too
 * for a time outside the years 0 to 9999); mbox_copy and mbox_deliver are
 * syscall-like (0, or -1 with errno set and the failed step reported).
 * The quoter and the From_ line builders are pure: no I/O. */
#ifndef MBOX_H
#define MBOX_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "stralloc.h"

/* the bytes read from a message at a time */
#define MBOX_CHUNK 65536
/* how long qmail-local waits for an mbox's lock */
#define MBOX_LOCK_SECONDS 30

#define MBOX_WUR __attribute__((warn_unused_result))

/* the streaming ">From " quoter: a line is only ever held back for the at
 * most five bytes of a "From " that may be starting */
struct mbox_quote {
  int state;          /* start of line, inside one, matching "From ", in the
                         run of '>' that starts a line */
  size_t held;        /* bytes of "From " matched so far */
};

void mbox_quote_init(struct mbox_quote *q);

/* quote: append the mbox form of in[0..len), the next bytes of the
 * message, to out. Output grows by at most len + len / 6 + 6 bytes. */
int mbox_quote(struct mbox_quote *q, const char *in, size_t len, stralloc *out) MBOX_WUR;

/* quote_end: append what is held back, the LF a message without a final
 * LF lacks, and the empty line that ends the entry. */
int mbox_quote_end(struct mbox_quote *q, stralloc *out) MBOX_WUR;

/* fromline: out = "From SENDER DATE\n" for the envelope sender
 * sender[0..len): SENDER is sender with white space and control bytes
 * (bytes up to ' ', and DEL) made '-', or MAILER-DAEMON when len is 0.
 * DATE is t in UTC as asctime(3) writes it: "Thu Nov  5 13:05:09 2026". */
int mbox_fromline(stralloc *out, const char *sender, size_t len, time_t t) MBOX_WUR;

/* ufline: mbox_fromline for a message whose first line is first[0..len).
 * The sender comes from a "Return-Path: <address>" line (the field name
 * in any case), "<>" being the empty sender; it is "unknown" when the
 * first line is no such line. */
int mbox_ufline(stralloc *out, const char *first, size_t len, time_t t) MBOX_WUR;

/* the step of mbox_copy that failed */
enum mbox_step { MBOX_READ, MBOX_WRITE, MBOX_NOMEM };

/* copy: put to out (not flushed) the quoted rest of fd, from its current
 * offset to its end, and the end of the entry (mbox_quote_end). */
int mbox_copy(int fd, buf *out, enum mbox_step *step) MBOX_WUR;

/* deliver: append to the mbox path (created mode 0600 when missing) the
 * entry for the message on msgfd (read from offset 0) with head (the
 * From_, Return-Path and Delivered-To lines) before it. The file is
 * locked (flock) for the append, waiting at most lock_seconds (then
 * ETIMEDOUT), fsynced before success, and cut back to its old size when
 * anything fails, so that no entry is ever left half written by a failure
 * it can see. *what names the step that failed. */
int mbox_deliver(const char *path, int msgfd, const char *head, size_t headlen,
                 unsigned lock_seconds, const char **what) MBOX_WUR;

#endif

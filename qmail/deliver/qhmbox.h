/* qhmbox.h — the pieces of the mbox format (mbox(5)) that maildir2mbox
 * writes: the From_ line that starts a message, and the quoting of body
 * lines that would look like one.
 *
 * Pure: no I/O. Return convention: qhmbox_ufline is a builder (1, or 0
 * with errno set: ENOMEM, EOVERFLOW, or EOVERFLOW for a time gmtime
 * cannot break down); qhmbox_isfrom returns 1 or 0. */
#ifndef QHMBOX_H
#define QHMBOX_H

#include <stddef.h>
#include <time.h>

#include "stralloc.h"

#define QHMBOX_WUR __attribute__((warn_unused_result))

/* ufline: out = "From SENDER DATE\n" for a message whose first line is
 * first[0..len). SENDER comes from a "Return-Path: <address>" line (the
 * field name in any case): the address with white space and control
 * bytes made '-', or MAILER-DAEMON for "<>"; it is "unknown" when the
 * first line is no such line. DATE is t in UTC as asctime(3) writes it:
 * "Thu Nov  5 13:05:09 2026". */
int qhmbox_ufline(stralloc *out, const char *first, size_t len, time_t t) QHMBOX_WUR;

/* isfrom: 1 when line[0..len) is zero or more '>' and then "From ", the
 * lines that get one more '>' in an mbox; else 0. */
int qhmbox_isfrom(const char *line, size_t len);

#endif

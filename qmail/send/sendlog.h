/* sendlog.h — the lines qmail-send writes to its log (qmail-log(5)).
 *
 * Each builder replaces line with one complete line, newline included,
 * ready for sendlog_write, which hands it to the log descriptor in a
 * single write(2) so that the lines of the programs sharing the log never
 * mix. Text that comes from elsewhere (addresses, delivery reports) is
 * made safe first: every byte outside printable ASCII becomes '_' and a
 * newline becomes '/', as qmail does; a line is cut at SENDLOG_LINE_MAX
 * bytes (below PIPE_BUF) with its newline kept.
 *
 * A struct sendlog pairs the log descriptor with a line buffer, so that
 * qmail-send and its modules can log through one object: sendlog_say
 * builds and writes a free line, sendlog_put writes the line a builder
 * left in log->line. The log is best effort: a line that cannot be built
 * or written is lost, and the caller goes on.
 *
 * Return convention: the builders and sendlog_safe return 1, or 0 with
 * errno (ENOMEM, EOVERFLOW); sendlog_write returns 0, or -1 with errno. */
#ifndef SENDLOG_H
#define SENDLOG_H

#include <stddef.h>

#include "stralloc.h"

/* the longest log line, newline included */
#define SENDLOG_LINE_MAX 4000

#define SENDLOG_WUR __attribute__((warn_unused_result))

/* safe: append s[0..len) to out, made safe as above. */
int sendlog_safe(stralloc *out, const char *s, size_t len) SENDLOG_WUR;

/* "starting delivery D: msg NUM to local|remote ADDR" */
int sendlog_starting(stralloc *line, unsigned long d, unsigned long num, int remote,
                     const char *addr, size_t len) SENDLOG_WUR;
/* "delivery D: success|failure|deferral: TEXT" for result K, D or Z
 * (any other letter is logged as a deferral) */
int sendlog_delivery(stralloc *line, unsigned long d, char result, const char *text,
                     size_t len) SENDLOG_WUR;
/* "status: local L/LMAX remote R/RMAX" */
int sendlog_status(stralloc *line, unsigned long l, unsigned long lmax, unsigned long r,
                   unsigned long rmax) SENDLOG_WUR;
/* "end msg NUM" */
int sendlog_end(stralloc *line, unsigned long num) SENDLOG_WUR;
/* "bounce msg NUM qp PID" */
int sendlog_bounce(stralloc *line, unsigned long num, unsigned long qp) SENDLOG_WUR;
/* "triple bounce: discarding bounce/NUM" */
int sendlog_triple(stralloc *line, unsigned long num) SENDLOG_WUR;
/* text: the C strings of the NULL-terminated list, in one line (for
 * alerts and warnings: "warning: trouble marking local/3/17: ..."); each
 * string is made safe. */
int sendlog_text(stralloc *line, const char *s, ...) __attribute__((sentinel)) SENDLOG_WUR;

/* write: line (cut to SENDLOG_LINE_MAX, ending in a newline) to fd in one
 * write(2); EINTR is retried. */
int sendlog_write(int fd, stralloc *line) SENDLOG_WUR;

struct sendlog {
  int fd;          /* the log descriptor */
  stralloc line;   /* the line being built */
};

/* init: a log writing to fd, with an empty line. */
void sendlog_init(struct sendlog *, int fd);
/* put: write log->line as sendlog_write does (lost on failure). */
void sendlog_put(struct sendlog *);
/* say: the line of sendlog_text for the NULL-terminated list, written
 * (lost when it cannot be built or written). */
void sendlog_say(struct sendlog *, const char *s, ...) __attribute__((sentinel));

#endif

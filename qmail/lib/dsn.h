/* dsn.h — bounce records and the RFC 3464 delivery status notification.
 *
 * bounce/N holds, for each recipient that failed for good, three records:
 * 'A' address NUL, 'S' status NUL (an RFC 3463 enhanced status code such
 * as 5.1.1), 'X' text NUL (the diagnostic). qmail-send appends them with
 * dsn_record and reads the file back with dsn_parse when it sends the
 * bounce. dsn_write builds the bounce message itself: a multipart/report
 * (report-type=delivery-status) whose first part keeps the wording of
 * qmail's bounces (QSBMF: "Hi. This is the qmail-send program at ...",
 * one "<address>:" paragraph per recipient, "--- Below this line is a
 * copy of the message."), whose second part is message/delivery-status
 * (Reporting-MTA, Arrival-Date; per recipient Final-Recipient, Action:
 * failed, Status, Diagnostic-Code, Last-Attempt-Date), and whose third is
 * the original message (message/rfc822), or only its header
 * (text/rfc822-headers) when it is longer than bouncemaxbytes.
 * The message is written with LF line ends, as queued messages are.
 *
 * Return convention: dsn_record, dsn_parse and dsn_status return 1 on
 * success, 0 with errno (ENOMEM, EOVERFLOW, EINVAL for malformed input);
 * dsn_write returns 0, or -1 with errno (from reading origfd or writing
 * out). dsn_parse is a pure parser of untrusted bytes (fuzzed). */
#ifndef DSN_H
#define DSN_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "stralloc.h"

#define DSN_ADDR_MAX 1003        /* the longest address in a record */
#define DSN_TEXT_MAX 4000        /* the longest diagnostic kept */
#define DSN_STATUS_MAX 15        /* "5.123.123" and room */
#define DSN_RCPTS_MAX 100000     /* recipients in one bounce file */

struct dsn_rcpt {
  const char *addr; size_t addrlen;
  char status[DSN_STATUS_MAX + 1];   /* "5.1.1", NUL-terminated */
  const char *text; size_t textlen;
};

struct dsn_list {
  struct dsn_rcpt *r;    /* dsn_parse allocates; they point into the parsed bytes */
  size_t n, a;
};

struct dsn_info {
  const char *host;        /* this host's name for the report (bouncehost) */
  const char *from;        /* From: of the bounce ("MAILER-DAEMON@host") */
  const char *to;          /* To: of the bounce (the original sender, or the
                              double bounce address) */
  const char *sender;      /* the original envelope sender ("" for a bounce) */
  unsigned long num;       /* the message's number, for the Message-ID */
  time_t arrival;          /* the message's birth */
  time_t now;              /* the time of the report */
  unsigned long maxbytes;  /* bouncemaxbytes: 0 = the whole original */
  int doublebounce;        /* 1: the original was itself a bounce */
};

/* status: the enhanced status code for a result: the one that text starts
 * with ("5.1.1 ..." or "#5.1.1" inside qmail-style "(#5.1.1)") when there
 * is one, else "5.0.0" for a permanent failure (perm 1) or "4.0.0". out
 * gets a NUL-terminated code. */
int dsn_status(const char *text, size_t len, int perm, char out[DSN_STATUS_MAX + 1])
    __attribute__((warn_unused_result));

/* record: append the three records for one recipient to out. A NUL in
 * addr or text is replaced by '_'; text is cut at DSN_TEXT_MAX; addr
 * longer than DSN_ADDR_MAX is EINVAL; status must be a code as above. */
int dsn_record(stralloc *out, const char *addr, size_t addrlen, const char *status,
               const char *text, size_t textlen) __attribute__((warn_unused_result));

/* parse: the records of a bounce file s[0..len) into l (appended; free with
 * dsn_list_free). A final incomplete triple (a crash while appending) is
 * ignored; records out of order, an unknown type or a bad status is EINVAL.
 * l's entries point into s, which must outlive them. */
int dsn_parse(const char *s, size_t len, struct dsn_list *l) __attribute__((warn_unused_result));
void dsn_list_free(struct dsn_list *l);

/* write: the whole bounce message for the n recipients in r to out (not
 * flushed), with the original message read from origfd (from its current
 * offset to its end). */
int dsn_write(buf *out, const struct dsn_info *, const struct dsn_rcpt *r, size_t n, int origfd)
    __attribute__((warn_unused_result));

#endif

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
 * In the bounce, header fields are folded at blanks to stay under 78
 * bytes where they can, and no line that dsn_write makes is longer than
 * 990 bytes (RFC 5322 allows 998): a run without blanks that is longer is
 * cut and continued after an added space. Addresses and texts are written
 * in printable ASCII: white space becomes a space (in the first part a
 * newline of the text stays a line break, and blank lines are left out so
 * that each recipient stays one QSBMF paragraph), any other byte '_'.
 * Diagnostic-Code is "smtp; <reply>" when the text, after an optional
 * leading enhanced status code and an optional "Remote host said:",
 * starts with a 3-digit SMTP reply code, else "x-unix; <text>". The
 * multipart boundary is "=_dsn_<now>_<num>_" (hex) and 96 random bits
 * (getrandom): "=_" never occurs in quoted-printable or base64 text and
 * the random part cannot be predicted by the author of the original, so
 * the boundary does not occur in the original in practice; the original
 * is not scanned for it. The Message-ID is <NOW.NUM.RANDOM.qmail@HOST>.
 * The copy of the original starts with "Return-Path: <sender>".
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
#define DSN_HEADERS_MAX 262144   /* most bytes of the original's header in a
                                    text/rfc822-headers part */

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
 * gets a NUL-terminated code. A code is class.subject.detail with class
 * 2, 4 or 5 and 1-3 digits each, not followed by a digit or a dot; leading
 * blanks are skipped; of several "(#...)" the first counts. The class of
 * the result is always 5 when perm, else 4 (the delivery program's verdict
 * wins over a code in its text). Never fails (returns 1). */
int dsn_status(const char *text, size_t len, int perm, char out[DSN_STATUS_MAX + 1])
    __attribute__((warn_unused_result));

/* record: append the three records for one recipient to out. A NUL in
 * addr or text is replaced by '_'; text is cut at DSN_TEXT_MAX; addr
 * longer than DSN_ADDR_MAX is EINVAL; status must be a code as above of
 * class 4 or 5 (else EINVAL). On failure out is unchanged. */
int dsn_record(stralloc *out, const char *addr, size_t addrlen, const char *status,
               const char *text, size_t textlen) __attribute__((warn_unused_result));

/* parse: the records of a bounce file s[0..len) into l (appended; free with
 * dsn_list_free). A final incomplete triple (a crash while appending) is
 * ignored; records out of order, an unknown type, a bad status, an address
 * over DSN_ADDR_MAX or a text over DSN_TEXT_MAX is EINVAL; more than
 * DSN_RCPTS_MAX recipients in l is EOVERFLOW. On failure l->n is what it
 * was (l->r may have grown: free it as usual). l's entries point into s,
 * which must outlive them. l must start zeroed or from an earlier parse. */
int dsn_parse(const char *s, size_t len, struct dsn_list *l) __attribute__((warn_unused_result));
void dsn_list_free(struct dsn_list *l);

/* write: the whole bounce message for the n recipients in r to out (not
 * flushed), with the original message read from origfd (from its current
 * offset to its end) in fixed-size pieces, so memory does not grow with
 * the message. When origfd is a regular file longer (from its offset)
 * than a non-zero maxbytes, only its header is returned (the lines before
 * the first empty one, at most DSN_HEADERS_MAX bytes); any other kind of
 * fd is copied whole. Fields of info that are NULL count as "". Addresses
 * and texts of r longer than DSN_ADDR_MAX / DSN_TEXT_MAX are cut; a status
 * that is not a failure code is written as 5.0.0. */
int dsn_write(buf *out, const struct dsn_info *, const struct dsn_rcpt *r, size_t n, int origfd)
    __attribute__((warn_unused_result));

#endif

/* date822.h — RFC 5322 date-times: writing them, and reading every form
 * that mail carries, the obsolete ones included.
 *
 * Return convention: date822_fmt returns the length written (without the
 * NUL) or 0 with errno set (ERANGE: out too small; EOVERFLOW: the year is
 * outside 1900..9999). date822_scan returns the number of bytes consumed
 * (at least 1) or 0 for anything malformed or impossible; it is a pure
 * parser of untrusted bytes. Neither depends on the locale. */
#ifndef DATE822_H
#define DATE822_H

#include <stddef.h>
#include <time.h>

/* room for "Tue, 24 Nov 2026 13:05:09 +0000" and a NUL */
#define DATE822_FMT 32

/* fmt: "Tue, 24 Nov 2026 13:05:09 +0000" for t into out (outlen bytes,
 * NUL-terminated): English names, the day of the month unpadded, a
 * numeric zone. use_local 0 writes UTC as +0000; 1 writes local time (TZ)
 * with its offset, or UTC when that offset is not a whole number of
 * minutes (old local mean times), so that the text always names t. */
size_t date822_fmt(char *out, size_t outlen, time_t t, int use_local)
  __attribute__((warn_unused_result));

/* scan: read a date-time from the first len bytes of s and store the Unix
 * time it names in *out; nothing is stored on failure. Accepted:
 *   [CFWS] [day-name [CFWS] "," ] day month year time zone [CFWS]
 * where CFWS is white space, folds (CRLF or LF before a blank) and nested
 * comments; names are case-insensitive; the day name must be one but
 * need not match the date; day 1-2 digits; year 4 digits (>= 1900),
 * or 2 (00-49 = 20xx, 50-99 = 19xx) or 3 (+1900) as RFC 5322 §4.3 says;
 * time hh:mm or hh:mm:ss (second 60, a leap second, counts as the next
 * minute's 0); zone +hhmm / -hhmm, or UT, GMT, EST, EDT, CST, CDT, MST,
 * MDT, PST, PDT, and any other name of 1-5 letters as -0000 (§4.3).
 * Rejected: impossible dates (30 Feb, 31 Apr), hour > 23, minute > 59,
 * zone minutes > 59, unterminated comments, missing fields. Bytes after
 * the date and its trailing CFWS are not examined. */
size_t date822_scan(const char *s, size_t len, time_t *out);

#endif

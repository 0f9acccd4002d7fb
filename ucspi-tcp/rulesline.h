/* rulesline.h — parse one line of a tcprules source file into cdb keys and
 * a value (pure: no I/O), djb's syntax plus IPv6 and CIDR addresses.
 *
 * Return convention: rulesline_parse returns 1 (a rule), 0 (nothing: a
 * comment or a line without a colon) or -1 with errno EINVAL (a syntax
 * error) or ENOMEM/EOVERFLOW. rulesline_key returns 1, or 0 with errno
 * ENOMEM (builder convention).
 *
 * The syntax, as djb's tcprules reads it: a line that starts with "#" is a
 * comment; trailing newlines, spaces and tabs are dropped; a line without
 * ":" is ignored. The address is what comes before the first ":", the
 * instructions what comes after: "allow" or "deny" (exactly), then any
 * number of ",NAME=" followed by a delimiter character, the value, and the
 * same delimiter again (",X=\"a b\"" or ",X=/a b/"); anything else is an
 * error. NAME is everything between the "," and the first "=" after it.
 * The value is "" for allow or "D\0" for deny, then "+NAME=value\0" per
 * setting (rules.h).
 *
 * Addresses: one that holds "=" or "@" is a key as written (=host,
 * =.domain, info@ip, info@=host). Else an IPv4 CIDR "a.b.c.d/n" is a CIDR
 * rule (below). Else one with a "-" is a range: the digits between the
 * "." before the first "-" (or the start) and the "-" and those between
 * the "-" and the next "." (or the end) are numbers (empty = 0; other bytes
 * are an error); one key is written for each number from the first to
 * the second that is at most 255 (none when the first is larger; numbers
 * wrap modulo 2^64 as djb's scanner does), with the
 * text around the range kept ("1.2.3.50-99", "10.1-3."). Any other address
 * is a key as written. Keys are never folded to lower case.
 *
 * IPv6 (an extension; djb's tcprules rejects these lines): when the text
 * after the first ":" does not start with "allow" or "deny", the address
 * ends at the first later ":" that is followed by "allow" or "deny" and
 * must then be one of: an IPv6 address (key: RFC 5952 text), the same
 * after "info@" where info has no ":" (key: info@ and the RFC 5952 text),
 * an IPv6 CIDR
 * "2001:db8::/32", or a prefix of whole groups ending in ":"
 * ("2001:db8:" means 2001:db8::/32). A v4-mapped address or CIDR of at
 * least /96 is the IPv4 rule.
 *
 * CIDR rules get the keys of rules.h: /32 and /128 the address itself,
 * IPv4 /24 /16 /8 djb's dotted prefixes ("10.1.2." "10.1." "10."), any
 * other length the CIDR key "net/len", which needs a marker (cidr = 1). */
#ifndef RULESLINE_H
#define RULESLINE_H

#include <stddef.h>
#include <stdint.h>

#include "stralloc.h"

#define RULESLINE_WUR __attribute__((warn_unused_result))

/* the longest source line, newline included */
#define RULES_LINE_MAX 65536

struct rulesline {
  stralloc data;        /* the cdb value */
  stralloc addr;        /* the key, or for a range the text around it */
  size_t nkeys;         /* how many keys the rule writes (0 to 256) */
  int range;            /* 1: keys are addr[0..left) N addr[right..) */
  size_t left, right;
  uint64_t first;       /* the first number of a range */
  int cidr;             /* 1: the key is a CIDR key; see v6 and plen */
  int v6;               /* CIDR family */
  unsigned plen;        /* CIDR length in the family's bits */
};

#define RULESLINE_ZERO { STRALLOC_ZERO, STRALLOC_ZERO, 0, 0, 0, 0, 0, 0, 0, 0 }

/* parse: the line s[0..len) (its newline may be there or not). On 1, the
 * struct describes the rule (its strallocs are reused from call to call);
 * on 0 or -1 it is unspecified. */
int rulesline_parse(struct rulesline *, const char *s, size_t len) RULESLINE_WUR;

/* trim: the length of s[0..len) without its trailing newlines, spaces
 * and tabs (the text that rulesline_parse reads, and that tcprules shows
 * in its complaint). */
size_t rulesline_trim(const char *s, size_t len);

/* key: the i-th key (0 <= i < nkeys) into key, replacing its contents. */
int rulesline_key(const struct rulesline *, size_t i, stralloc *key) RULESLINE_WUR;

/* free: release the strallocs. Harmless twice. */
void rulesline_free(struct rulesline *);

#endif

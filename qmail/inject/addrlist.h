/* addrlist.h — address lists of header fields (qmail-header(5)): a pure
 * tokenizer and parser that rewrites every address the way qmail-inject
 * does and collects the envelope form of each.
 *
 * Return convention: builders return 1 on success, 0 on failure with errno
 * set: EINVAL for a syntax error (the reason in the err member, or in
 * *err), EMSGSIZE for an address longer than ADDRLIST_ADDR_MAX or a value
 * longer than ADDRLIST_TEXT_MAX, ENOMEM or EOVERFLOW when memory runs out.
 * No function does I/O; the input is untrusted bytes.
 *
 * The syntax accepted (RFC 822 with qmail-inject's leniency):
 *   list     = item *( "," item )     empty items are allowed
 *   item     = mailbox | phrase ":" [ mailbox *( "," mailbox ) ] ";"
 *   mailbox  = addrspec | [ phrase ] "<" [ route ":" ] addrspec ">" | "<>"
 *   addrspec = local [ "@" domain ]
 * where a local part is words (atoms or quoted strings) and dots, a domain
 * is atoms, domain literals and dots, and comments and white space (folds
 * included) may stand between any two tokens. A backslash outside quotes
 * takes the next byte literally, as part of an atom; in a local part it
 * is then dropped (and the local part quoted if it needs it), in a domain
 * it is kept, as are the brackets of a literal. The CR and LF of folds
 * never reach an address. Rewriting:
 *   - a lone local part gets "@" and the default host;
 *   - a domain that ends with "+" loses it and gets "." and the plus domain;
 *   - any other domain without a dot gets "." and the default domain;
 *   - a domain literal ("[10.0.0.1]") is left as it is;
 *   - source routes are removed; comments inside an address move after it;
 *   - two addresses separated only by white space ("djb fred") get a comma;
 *   - a group that the field ends without its ";" gets one.
 * Everything else in the field (phrases, comments, folds, groups) is kept
 * byte for byte. Errors: unterminated quoted strings, comments and domain
 * literals, control characters other than tab, CR and LF, an unbalanced
 * or misplaced "<", ">", ")", "]", ":" or "@", a backslash that ends the
 * value, a group inside a group, a ";" outside a group, an empty local
 * part or domain. */
#ifndef ADDRLIST_H
#define ADDRLIST_H

#include <stddef.h>

#include "stralloc.h"

/* the longest envelope address (qmail's, as envelope.h's ENVELOPE_ADDR_MAX) */
#define ADDRLIST_ADDR_MAX 1003
/* the longest field value parsed */
#define ADDRLIST_TEXT_MAX (1u << 20)

#define ADDRLIST_WUR __attribute__((warn_unused_result))

enum addrlist_err {
  ADDRLIST_OK,
  ADDRLIST_EQUOTE,      /* unterminated quoted string */
  ADDRLIST_ECOMMENT,    /* unterminated comment, or a ")" without "(" */
  ADDRLIST_ELITERAL,    /* unterminated domain literal, or a stray "]" */
  ADDRLIST_ECTRL,       /* a control character */
  ADDRLIST_EANGLE,      /* "<" without ">", or something else inside */
  ADDRLIST_EGROUP,      /* a group inside a group, or a ";" outside one */
  ADDRLIST_EUNEXPECTED, /* a special character where an address should be,
                           or a backslash at the very end */
  ADDRLIST_EEMPTY,      /* an empty local part or domain */
  ADDRLIST_ELONG,       /* an address longer than ADDRLIST_ADDR_MAX */
  ADDRLIST_ETEXT        /* the value is longer than ADDRLIST_TEXT_MAX */
};

/* the host names used in rewriting, as C strings; defaulthost is used as
 * it is (make it canonical first with addrlist_host). An empty
 * defaultdomain or plusdomain adds nothing. */
struct addrlist_hosts {
  const char *defaulthost;
  const char *defaultdomain;
  const char *plusdomain;
};

struct addrlist {
  stralloc text;          /* the rewritten field value */
  stralloc addrs;         /* every address in envelope form (unquoted),
                             each followed by a NUL; "" for "<>" */
  size_t count;           /* the number of addresses in addrs */
  enum addrlist_err err;  /* after a failure with EINVAL or EMSGSIZE */
};
#define ADDRLIST_ZERO { STRALLOC_ZERO, STRALLOC_ZERO, 0, ADDRLIST_OK }

/* parse: rewrite the field value s[0..len) into al->text and collect its
 * addresses in al->addrs (both replaced). al must be zeroed (or used
 * before); addrlist_free releases it. */
int addrlist_parse(struct addrlist *al, const char *s, size_t len,
                   const struct addrlist_hosts *h) ADDRLIST_WUR;

/* host: append to out the canonical form of the host name host[0..len)
 * (the plus-domain and default-domain rules above). An empty host fails
 * with EINVAL. */
int addrlist_host(stralloc *out, const char *host, size_t len,
                  const struct addrlist_hosts *h) ADDRLIST_WUR;

/* quotelocal: append the local part local[0..len) to out as it must be
 * written in a header: unchanged when it is a dot-atom, else as a quoted
 * string with '"' and '\' escaped. */
int addrlist_quotelocal(stralloc *out, const char *local, size_t len) ADDRLIST_WUR;

/* strerr: a short description of err ("unterminated quoted string"). */
const char *addrlist_strerr(enum addrlist_err err);

/* free: release al's storage; harmless twice. */
void addrlist_free(struct addrlist *al);

#endif

/* rbl.h — the decisions of rblsmtpd: the DNS name to look up for an
 * address, the walk over the RBL and anti-RBL sources, the $RBLSMTPD
 * override, the reply text, and the verbs of its small SMTP dialogue.
 * Pure: the DNS lookups are the caller's function, so that unit tests
 * drive every path without a resolver.
 *
 * Return convention: rbl_reverse is a predicate (1 made, 0 not an
 * address); rbl_message and rbl_command return a length or a verb code;
 * rbl_check and rbl_fromenv fill a struct rbl_state and cannot fail. */
#ifndef RBL_H
#define RBL_H

#include <stddef.h>

/* the longest text kept for a reply (djb's limit), the longest reply line
 * without CR LF ("553 " + text), the reversed-address prefix with its NUL
 * (32 nibbles and dots for IPv6), the longest command line read */
#define RBL_TEXT_MAX 200
#define RBL_MESSAGE_MAX (4 + RBL_TEXT_MAX)
#define RBL_REVERSE_MAX 65
#define RBL_LINE_MAX 1024

enum rbl_decision {
  RBL_UNDECIDED = 0,  /* no source has spoken: run the program */
  RBL_ALLOW = 1,      /* anti-listed, or $RBLSMTPD empty: run the program */
  RBL_BLOCK = 2,      /* block with 451 */
  RBL_BOUNCE = 3      /* block with 553 (451 after a temporary failure) */
};

struct rbl_state {
  enum rbl_decision decision;
  int mustnotbounce;            /* a lookup failed temporarily: never 553 */
  char text[RBL_TEXT_MAX + 1];  /* the reason, NUL-terminated */
};

struct rbl_source {
  int anti;          /* 1: -a (anti-RBL, A record); 0: -r (RBL, TXT record) */
  const char *base;  /* the zone, e.g. "zen.spamhaus.org" */
};

/* lookup: the caller's DNS. For a TXT lookup (txt = 1) it stores the text
 * of the records, concatenated and NUL-terminated, cut to size - 1 bytes,
 * in text; an A lookup (txt = 0) stores nothing. Returns 1 when the name
 * has records of that type, 0 when it has none (NXDOMAIN, NODATA), -1 for
 * a temporary failure. */
typedef int (*rbl_lookup)(void *ctx, const char *name, int txt, char *text, size_t size);

/* reverse: the prefix for the address ip (text form: dotted quad, IPv6,
 * or v4-mapped IPv6 which counts as IPv4): "4.3.2.1." for 1.2.3.4, the 32
 * nibbles of an IPv6 address in reverse order, each followed by a dot. */
int rbl_reverse(const char *ip, char out[RBL_REVERSE_MAX]);

/* fromenv: the decision that $RBLSMTPD (value) imposes: empty allows;
 * "-text" bounces (553) with text; other text blocks (451). */
void rbl_fromenv(struct rbl_state *st, const char *value);

/* check: ask each source of src[0..n) in turn (prefix + base) until one
 * decides, as rblsmtpd(1) describes: a TXT record with non-empty text on
 * an RBL blocks (bounces with bounce set); an A record on an anti-RBL
 * allows. A temporary failure forbids 553 and, with failclosed, blocks
 * ("temporary RBL lookup error") on an RBL; on an anti-RBL it allows
 * unless failclosed. Does nothing when st already holds a decision. */
void rbl_check(struct rbl_state *st, const struct rbl_source *src, size_t n,
               const char *prefix, int bounce, int failclosed, rbl_lookup lookup, void *ctx);

/* message: the reply line for a blocked client, without CR LF: "451 " or
 * "553 " and the text, each byte outside 32..126 shown as '?', into out
 * (RBL_MESSAGE_MAX bytes); returns its length. */
size_t rbl_message(const struct rbl_state *st, char out[RBL_MESSAGE_MAX]);

enum rbl_verb {
  RBL_REJECT = 0,  /* anything else: the reply line */
  RBL_OK = 1,      /* HELO EHLO MAIL RSET NOOP: 250 */
  RBL_QUIT = 2     /* QUIT: 221 and hang up */
};

/* command: what the command line x[0..n) (its CR LF or LF may be there)
 * asks for: the verb is the text before the first space, in any case. */
enum rbl_verb rbl_command(const char *x, size_t n);

#endif

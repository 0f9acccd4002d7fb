/* rules.h — look up the rule for a connection in a tcprules cdb.
 *
 * Return convention: syscall-like: rules_lookup returns 1 (a rule matched),
 * 0 (no rule: the caller allows) or -1 with errno set: EPROTO for a corrupt
 * database or a record larger than RULES_DATA_MAX, ENOMEM, or the error of
 * the cdb reader. The key helpers return the number of bytes written.
 *
 * The database (written by tcprules) is djb's, plus IPv6 and CIDR keys:
 *
 *   key                    matches
 *   1.2.3.4                the IPv4 address (djb)
 *   1.2.3.  1.2.  1.       a dotted IPv4 prefix (djb; also what tcprules
 *                          writes for 1.2.3.0/24, 1.2.0.0/16, 1.0.0.0/8)
 *   =host  =.domain  =     TCPREMOTEHOST exactly, a domain suffix, any
 *                          known host name (djb)
 *   info@1.2.3.4           TCPREMOTEINFO and the address (djb)
 *   info@=host             TCPREMOTEINFO and the host name (djb)
 *   (empty)                everything (djb)
 *   2001:db8::1            the IPv6 address, RFC 5952 canonical text
 *   info@2001:db8::1       TCPREMOTEINFO and the IPv6 address
 *   10.0.0.0/9             CIDR: the network address (host bits cleared)
 *   2001:db8::/32          in canonical text, "/", the prefix length in
 *                          decimal, counted in the family's own bits
 *   :cidr4  :cidr6         markers: one byte per CIDR prefix length that
 *                          occurs in the file, longest first; a lookup tries
 *                          only those lengths. No address can produce a key
 *                          that starts with ":c", so they never collide.
 *
 * Values are djb's: "D\0" first for deny (nothing for allow), then one
 * "+NAME=value\0" per environment setting.
 *
 * A v4-mapped IPv6 address (::ffff:a.b.c.d) is looked up as IPv4, whatever
 * is_v6 says, and tcprules stores a v4-mapped rule as the IPv4 rule.
 *
 * Order of lookup; the first key found wins (most specific first):
 *   1. info@ip        (when info is known)
 *   2. info@=host     (when info and host are known)
 *   3. ip             the exact address
 *   4. =host          (when host is known)
 *   5. IP prefixes from the longest to the shortest (1 bit): IPv4 /31../1,
 *      where /24 /16 /8 are djb's dotted keys; IPv6 /127../1. Only lengths
 *      listed in the marker are tried as CIDR keys.
 *   6. =.domain suffixes, longest first, then "=" (when host is known)
 *   7. the family's /0 rule (0.0.0.0/0 or ::/0), when there is one
 *   8. the empty key
 * Steps 1-4, the dotted prefixes, 6 and 8 are djb's order exactly. The host
 * name is folded to lower case (as djb's resolver returns it; tcprules
 * keeps keys as written, so host rules must be written in lower case);
 * info is compared exactly. */
#ifndef RULES_H
#define RULES_H

#include "cdb.h"
#include "stralloc.h"

#define RULES_WUR __attribute__((warn_unused_result))

/* the largest value a rule may have (a tcprules source line is smaller) */
#define RULES_DATA_MAX 1048576
/* the longest key tcprules writes; a lookup skips the steps whose key
 * would be longer (an over-long info or host name), as none can match */
#define RULES_KEY_MAX 65536

#define RULES_MARK4 ":cidr4"
#define RULES_MARK6 ":cidr6"

/* longest text of a CIDR key: IPv6 text, "/", 3 digits */
#define RULES_CIDR_FMT (40 + 4)

struct rules_result {
  int allow;       /* 1 allow, 0 deny */
  stralloc env;    /* what the rule sets: entries "NAME=value\0" one after
                      another (djb's "+NAME=value\0" without the '+') */
};

/* lookup: find the rule for a connection in a tcprules cdb, in the order
 * above. ip: 16 bytes (IPv4 as v4-mapped), is_v6 says which family; info
 * and host may be NULL (unknown). res must be initialised (zeroed, or used
 * before); its env is replaced. Returns 1 and fills res when a rule
 * matched, 0 when none did (res->allow = 1, env empty: the caller allows),
 * -1 with errno on a read error or a corrupt database (res unspecified;
 * fail closed). */
int rules_lookup(struct cdb *, const unsigned char ip[16], int is_v6,
                 const char *info, const char *host,
                 struct rules_result *res) RULES_WUR;

/* lookup_text: the same lookup for an address given as text, as
 * tcprulescheck has it: IPv6 text (canonicalised; v4-mapped is IPv4),
 * IPv4 text, or anything else, which gets djb's textual steps only (its
 * "." prefixes; no CIDR). When key is not NULL and the return is 1, key
 * gets the key of the rule that matched. */
int rules_lookup_text(struct cdb *, const char *ip, const char *info,
                      const char *host, struct rules_result *res,
                      stralloc *key) RULES_WUR;

/* parse_value: decode a rule's value data[0..len) into res: allow unless a
 * "D" entry is present; "+NAME=value" entries go to env. Ignored, as in
 * djb's tcpserver: entries without '=', other entries, bytes after the last
 * NUL; and entries with an empty NAME. Returns 1, or 0 with errno ENOMEM. */
int rules_parse_value(const char *data, size_t len,
                      struct rules_result *res) RULES_WUR;

/* cidr_key: the key of the CIDR rule net/plen into out (at least
 * RULES_CIDR_FMT bytes), no NUL: net is 16 bytes (IPv4 v4-mapped), plen
 * counts the family's own bits (0..32 or 0..128); host bits are cleared.
 * Returns the bytes written. */
size_t rules_cidr_key(char *out, const unsigned char net[16], int is_v6,
                      unsigned plen);

/* result_free: release res->env. Harmless twice. */
void rules_result_free(struct rules_result *);

#endif

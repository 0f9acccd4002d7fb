/* dns_packet.h — DNS messages (RFC 1035, 3596, 6698, 6891): build a query,
 * check and parse the response. Pure: no I/O, no allocation.
 *
 * Return convention: syscall-like. Functions that can fail return a
 * non-negative value (0, or a length) on success and -1 with errno set:
 *   EINVAL   an argument is not valid (a bad name in text form),
 *   EMSGSIZE the output does not fit where the caller said,
 *   EPROTO   the message is malformed (bounds, counts, labels, RDATA),
 *   ENOMSG   the message is well formed but not the answer to the question
 *            (not a response, other id, other name, type or class),
 *   ELOOP    the CNAME chain inside the answer is longer than DNS_MAX_CNAME.
 * Formatters that cannot fail return the bytes written.
 *
 * Names. In wire form a name is a sequence of labels (1..DNS_LABEL_MAX
 * bytes each) ending with the empty root label, DNS_NAME_MAX bytes at most.
 * In text form (what the parser returns) labels are joined by dots, with no
 * trailing dot, ASCII letters folded to lower case, and every byte other
 * than a-z 0-9 '-' '_' '*' '/' written as a backslash and three decimal
 * digits (so "\046" is a dot inside a label); the root is ".". Text form of
 * the longest name needs less than DNS_TEXT_MAX bytes with its NUL.
 * Comparisons of names are case-insensitive for ASCII letters. */
#ifndef DNS_PACKET_H
#define DNS_PACKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DNS_PACKET_WUR __attribute__((warn_unused_result))

#define DNS_NAME_MAX 255      /* a name in wire form, root label included */
#define DNS_LABEL_MAX 63      /* one label */
#define DNS_TEXT_MAX 1024     /* a name in text form with its NUL (max 1004) */
#define DNS_MSG_MAX 65535     /* the largest message (TCP length prefix) */
#define DNS_QUERY_MAX 512     /* room for any query we build */
#define DNS_EDNS_UDPSIZE 1232 /* UDP payload size announced with EDNS0 */
#define DNS_MAX_ANSWERS 64    /* records kept per reply; the rest dropped */
#define DNS_MAX_CNAME 16      /* CNAME hops followed inside one answer */
#define DNS_PTR_MAX 74        /* text PTR name of an IPv6 address + NUL */
/* pool: every kept name (text) and TXT/TLSA/raw data, with NULs */
#define DNS_POOL_MAX (DNS_MAX_ANSWERS * (DNS_TEXT_MAX + 1) + DNS_MSG_MAX + 1)

/* types and classes */
#define DNS_T_A 1
#define DNS_T_NS 2
#define DNS_T_CNAME 5
#define DNS_T_SOA 6
#define DNS_T_PTR 12
#define DNS_T_MX 15
#define DNS_T_TXT 16
#define DNS_T_AAAA 28
#define DNS_T_OPT 41
#define DNS_T_TLSA 52
#define DNS_C_IN 1

/* response codes */
#define DNS_R_NOERROR 0
#define DNS_R_FORMERR 1
#define DNS_R_SERVFAIL 2
#define DNS_R_NXDOMAIN 3
#define DNS_R_NOTIMP 4
#define DNS_R_REFUSED 5

/* flags for dns_packet_query */
#define DNS_Q_EDNS 1   /* add an EDNS0 OPT record announcing DNS_EDNS_UDPSIZE */
#define DNS_Q_DO 2     /* set the DO bit in the OPT record (implies DNS_Q_EDNS) */
#define DNS_Q_AD 4     /* set the AD bit in the header (RFC 6840 5.7) */
#define DNS_Q_NORD 8   /* leave RD (recursion desired) off */

struct dns_header {
  uint16_t id;
  unsigned qr, opcode, aa, tc, rd, ra, ad, cd, rcode;
  uint16_t qdcount, ancount, nscount, arcount;
};

/* a question in wire form, ready to be sent and to check answers with */
struct dns_question {
  uint16_t id;
  uint16_t type;
  size_t namelen;                    /* wire length, root label included */
  unsigned char name[DNS_NAME_MAX];  /* wire form, lower case */
};

/* one answer record; its variable data is in the reply's pool */
struct dns_rr {
  uint16_t type;
  uint32_t ttl;
  unsigned char ip[16];   /* A: ip[0..4); AAAA: ip[0..16) */
  uint16_t pref;          /* MX preference */
  unsigned char usage, selector, mtype;  /* TLSA */
  /* pool[off .. off+len), followed by a NUL not counted in len:
   * MX exchange, PTR, CNAME, NS: the name in text form;
   * TXT: the record's character-strings concatenated (may hold NULs);
   * TLSA: the certificate association data (binary);
   * any other type: the raw RDATA. A, AAAA: len 0. */
  size_t off, len;
};

/* a parsed reply. Large (about 130 KB): allocate it, keep it off small
 * stacks. Owned by the caller; the parser only fills it. */
struct dns_reply {
  struct dns_header h;
  char name[DNS_TEXT_MAX];  /* owner of the answers: qname or CNAME target */
  size_t count;             /* records in rr[] */
  int more;                 /* 1 if records beyond DNS_MAX_ANSWERS were dropped */
  struct dns_rr rr[DNS_MAX_ANSWERS];
  size_t poollen;
  char pool[DNS_POOL_MAX];
};

/* rrdata: the data of rr inside r (see struct dns_rr), NUL-terminated. */
static inline const char *dns_packet_rrdata(const struct dns_reply *r, const struct dns_rr *rr)
{
  return r->pool + rr->off;
}

/* name_fromtext: the text name s (len bytes; a final dot is allowed; "."
 * is the root; "\DDD" and "\c" escapes) into wire form in out, lower case.
 * Returns the wire length, or -1 EINVAL (empty name or label, a label over
 * 63 bytes, a name over 255, a bad escape). */
ssize_t dns_packet_name_fromtext(unsigned char out[DNS_NAME_MAX], const char *s, size_t len)
    DNS_PACKET_WUR;

/* name_totext: the valid uncompressed wire name w into text form in out
 * (see the top of this file), NUL-terminated. Returns the text length. */
size_t dns_packet_name_totext(char out[DNS_TEXT_MAX], const unsigned char *w);

/* ptrname4 / ptrname6: the reverse-lookup name of an address in text form:
 * "4.3.2.1.in-addr.arpa", or 32 nibbles then "ip6.arpa". Returns the
 * length (without the NUL written after it). */
size_t dns_packet_ptrname4(char out[DNS_PTR_MAX], const unsigned char ip[4]);
size_t dns_packet_ptrname6(char out[DNS_PTR_MAX], const unsigned char ip[16]);

/* question: fill q from the C string name, type and id.
 * Returns 0, or -1 EINVAL (bad name). */
int dns_packet_question(struct dns_question *q, const char *name, uint16_t type,
                        uint16_t id) DNS_PACKET_WUR;

/* query: the query message for q (opcode QUERY, class IN, RD on unless
 * DNS_Q_NORD; flags as above) into out[0..outsize). Returns its length,
 * or -1 EMSGSIZE (outsize too small; DNS_QUERY_MAX always suffices) or
 * EINVAL (q->namelen is 0 or over DNS_NAME_MAX). */
ssize_t dns_packet_query(unsigned char *out, size_t outsize, const struct dns_question *q,
                         unsigned flags) DNS_PACKET_WUR;

/* header: the fixed 12-byte header of msg (len bytes) into h.
 * Returns 0, or -1 EPROTO when len < 12. */
int dns_packet_header(const unsigned char *msg, size_t len, struct dns_header *h)
    DNS_PACKET_WUR;

/* matches: check that msg is a response (QR set, opcode QUERY) to q: same
 * id and exactly one question with the same name (ignoring case), type and
 * class IN. Looks at nothing after the question.
 * Returns 0 when it is, -1 ENOMSG when it is not, -1 EPROTO if malformed. */
int dns_packet_matches(const unsigned char *msg, size_t len, const struct dns_question *q)
    DNS_PACKET_WUR;

/* parse: check msg against q as dns_packet_matches does (q NULL: take the
 * question from the message itself, which must hold exactly one), walk
 * every section bounds-checked, and fill r with the header and the class
 * IN answers of the asked type. CNAMEs are followed inside the answer
 * section (unless CNAME itself was asked) and r->name is where the chain
 * ended. The RCODE is reported in r->h.rcode, not as an error: a
 * well-formed NXDOMAIN parses fine with r->count == 0.
 * Returns 0, or -1 with errno EPROTO, ENOMSG or ELOOP (r then holds junk). */
int dns_packet_parse(const unsigned char *msg, size_t len, const struct dns_question *q,
                     struct dns_reply *r) DNS_PACKET_WUR;

#endif

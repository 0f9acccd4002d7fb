/* ip.h — IPv4 and IPv6 addresses: text scanning, canonical formatting, CIDR.
 *
 * Return convention: scanners return the number of bytes consumed, 0 when
 * the text is not a valid address; formatters return the number of bytes
 * written (no NUL); predicates return 1 / 0. Everything here is pure: no
 * I/O, no allocation, no errno. A scanner never reads past len, and looks
 * at most 2 bytes beyond what it consumes.
 *
 * Addresses are raw bytes in network order: 4 bytes for IPv4, 16 for IPv6.
 * Where both families share one 16-byte array, IPv4 is kept v4-mapped
 * (::ffff:a.b.c.d).
 *
 * A scanner consumes exactly the address and stops before the first byte
 * that cannot continue it ("1.2.3.4:25" gives 7, "::1]" gives 3). It
 * returns 0 when the bytes that follow would make the token a longer,
 * invalid address rather than end it: a digit or "." + digit after an IPv4
 * address; a hex digit, ":" + hex digit, ":" + ":" or "." + digit after a
 * complete IPv6 address. */
#ifndef IP_H
#define IP_H

#include <stddef.h>

#define IP_WUR __attribute__((warn_unused_result))

#define IP4_FMT 16   /* "255.255.255.255" + NUL */
#define IP6_FMT 40   /* longest RFC 5952 text + NUL */

/* ip4_scan: a dotted quad at s (len bytes available) into ip.
 * Exactly 4 parts; each part is 1 to 3 decimal digits with a value of at
 * most 255. Leading zeros are refused ("01", "00", "010"): inet_aton would
 * read them as octal, so they are ambiguous; a lone "0" is fine.
 * Returns the bytes consumed, or 0 (ip may then be partly written). */
size_t ip4_scan(const char *s, size_t len, unsigned char ip[4]) IP_WUR;

/* ip4_fmt: ip as "a.b.c.d" into out (at least IP4_FMT - 1 bytes), no NUL.
 * out may be NULL to learn the length. Returns the bytes written. */
size_t ip4_fmt(char *out, const unsigned char ip[4]);

/* ip6_scan: an RFC 4291 text address at s into ip: eight groups of 1 to 4
 * hex digits (either case) separated by ":", one "::" standing for one or
 * more zero groups, and optionally a dotted quad (ip4_scan rules) as the
 * last 32 bits. No zone ("%eth0"), no brackets, no prefix: the scan stops
 * before them. Returns the bytes consumed, or 0 (ip is then untouched). */
size_t ip6_scan(const char *s, size_t len, unsigned char ip[16]) IP_WUR;

/* ip6_fmt: ip in RFC 5952 canonical form into out (at least IP6_FMT - 1
 * bytes), no NUL: lowercase hex without leading zeros, the longest run of
 * two or more zero groups (the first of equal runs) written as "::", and a
 * v4-mapped address as "::ffff:a.b.c.d". out may be NULL to learn the
 * length. Returns the bytes written. */
size_t ip6_fmt(char *out, const unsigned char ip[16]);

/* ip6_is_v4mapped: 1 if ip is ::ffff:a.b.c.d, else 0. */
int ip6_is_v4mapped(const unsigned char ip[16]);

/* ip4_to6: out = ip4 v4-mapped (::ffff:a.b.c.d). out and ip4 may overlap
 * only if ip4 == out + 12. */
void ip4_to6(unsigned char out[16], const unsigned char ip4[4]);

/* ip_cidr_scan: "10.0.0.0/8", "2001:db8::/32", or a plain address, which
 * gets the full-length prefix. The prefix is 1 to 3 decimal digits without
 * leading zeros, at most 32 (IPv4) or 128 (IPv6); a "/" with no digits
 * after it is invalid. Host bits after the prefix are allowed and ignored
 * by ip_cidr_match.
 *
 * Output: ip gets the address in 16 bytes (IPv4 v4-mapped); *is_v6 is 0
 * for IPv4, 1 for IPv6; *prefixlen counts bits of that 16-byte form, so
 * that ip_cidr_match works for both families: an IPv4 "/8" gives 104
 * (96 + 8), a plain IPv4 address 128, "0.0.0.0/0" 96 (all of IPv4 and no
 * IPv6). Returns the bytes consumed, or 0 if invalid or the prefix is too
 * long; the outputs are then unspecified. */
size_t ip_cidr_scan(const char *s, size_t len, unsigned char ip[16],
                    unsigned *prefixlen, int *is_v6) IP_WUR;

/* ip_cidr_match: 1 if the first prefixlen bits of addr equal those of net,
 * else 0. prefixlen 0 matches everything; a prefixlen over 128 matches
 * nothing (fail closed). */
int ip_cidr_match(const unsigned char net[16], unsigned prefixlen,
                  const unsigned char addr[16]);

#endif

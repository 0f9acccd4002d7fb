/* tcaddr.h — what tcpclient makes of its host, port and timeout arguments:
 * the -T x+y scan, port numbers and service names, address literals, the
 * list of addresses from DNS (A and AAAA), and the host name of an address.
 *
 * Return convention: the scanners and tcaddr_literal are predicates that
 * return 1 (parsed, outputs set) or 0 (not valid); tcaddr_resolve and
 * tcaddr_name return a dns.h status (DNS_OK, DNS_NXDOMAIN, DNS_NODATA,
 * DNS_BADNAME) or -1 with errno for a temporary failure.
 *
 * Addresses are kept as in socket.h: 16 bytes with a flag; an IPv4
 * address is v4-mapped (::ffff:a.b.c.d) with v6 = 0. */
#ifndef TCADDR_H
#define TCADDR_H

#include <stddef.h>
#include <stdint.h>

#define TCADDR_WUR __attribute__((warn_unused_result))

/* the most addresses kept for one host (the rest are ignored) */
#define TCADDR_MAX 64
/* the longest timeout accepted, in seconds (-T and -t) */
#define TCADDR_TIMEOUT_MAX 86400UL
/* room for an address in text form with its NUL */
#define TCADDR_FMT 40

/* which families a lookup may give */
enum tcaddr_family { TCADDR_ANY = 0, TCADDR_V4 = 4, TCADDR_V6 = 6 };

struct tcaddr {
  unsigned char ip[16];
  int v6;
};

struct tcaddr_list {
  size_t n;
  struct tcaddr a[TCADDR_MAX];
};

/* timeouts: "x+y" or "x" (y = 0) in whole seconds, each at most
 * TCADDR_TIMEOUT_MAX, into *x and *y. */
int tcaddr_timeouts(const char *s, unsigned long *x, unsigned long *y) TCADDR_WUR;

/* seconds: a decimal number of seconds up to TCADDR_TIMEOUT_MAX. */
int tcaddr_seconds(const char *s, unsigned long *out) TCADDR_WUR;

/* port: a decimal number 0..65535, or a name from the services database
 * (protocol tcp), into *port (host byte order). */
int tcaddr_port(const char *s, uint16_t *port) TCADDR_WUR;

/* literal: s as an address: "0" or "" (the local host: 127.0.0.1, or ::1
 * when family is TCADDR_V6), a dotted quad, or an IPv6 address. 1 with *a
 * set; 0 when s is not an address (a host name, or garbage). */
int tcaddr_literal(const char *s, enum tcaddr_family family, struct tcaddr *a) TCADDR_WUR;

/* fmt: a in text form ("127.0.0.1", "::1"), NUL-terminated, into out.
 * Returns the length without the NUL. */
size_t tcaddr_fmt(char out[TCADDR_FMT], const struct tcaddr *a);

/* resolve: the addresses of host into l (emptied first): the literal
 * itself when host is one, else the AAAA records then the A records, as
 * family allows, each lookup within timeout_ms. One lookup failing
 * temporarily while the other finds addresses is not an error. DNS_OK
 * with l->n > 0; a permanent status when there is no address; -1 with
 * errno when a lookup failed temporarily and nothing was found. */
int tcaddr_resolve(const char *host, enum tcaddr_family family, struct tcaddr_list *l,
                   unsigned timeout_ms) TCADDR_WUR;

/* name: the first PTR name of a (lower case, as dns_packet gives it) into
 * out (size bytes, NUL-terminated; a longer name is a temporary failure,
 * EMSGSIZE). DNS_OK, a permanent status when there is none, or -1. */
int tcaddr_name(const struct tcaddr *a, char *out, size_t size, unsigned timeout_ms) TCADDR_WUR;

#endif

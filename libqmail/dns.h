/* dns.h — the stub resolver: ask the configured DNS servers over UDP
 * (over TCP when the answer comes back truncated) and parse the answer.
 *
 * Return convention. The lookups (dns_lookup, dns_ip4 ... dns_tlsa)
 * return a status:
 *   DNS_OK       (0)  found: r->count > 0 records of the asked type;
 *   DNS_NODATA   (1)  permanent: the name exists, with no record of that type;
 *   DNS_NXDOMAIN (2)  permanent: no such name;
 *   DNS_BADNAME  (3)  permanent: the name (or address) is not a valid
 *                     domain name, so nothing was asked;
 *   -1                temporary failure, errno set: ETIMEDOUT (no server
 *                     answered in time), EAGAIN (the servers answered
 *                     SERVFAIL, REFUSED, NOTIMP or FORMERR), EPROTO
 *                     (malformed answers), ELOOP (a CNAME chain longer than
 *                     DNS_MAX_CNAME), EINVAL (bad DNSCACHEIP/DNSCACHEPORT),
 *                     ECONNREFUSED (no server listens), ENOMEM, ...
 * The other functions are syscall-like: 0, or -1 with errno set.
 *
 * Every query carries EDNS0 (DNS_EDNS_UDPSIZE), the DO bit and the AD bit,
 * so that a validating resolver reports in r->h.ad whether the answer was
 * authenticated (DNSSEC), as DANE needs. The AD bit is only as trustworthy
 * as the path to the resolver: use a resolver on the same host. A server
 * that rejects EDNS with FORMERR is asked again without it.
 *
 * Servers. DNSCACHEIP (read through env_get) lists one or more IPv4 or
 * IPv6 addresses separated by spaces or commas; without it (or when it is
 * empty) the "nameserver" lines of /etc/resolv.conf are used; with
 * neither, 127.0.0.1. DNSCACHEPORT gives the port, 1 to 65535 (unset or
 * empty: 53); a bad value fails every lookup (EINVAL), so that a
 * misconfiguration is not silently sent elsewhere. Each lookup goes
 * round the servers up to DNS_TRIES times within the total timeout, with a
 * fresh random query id and source port per attempt; an answer counts only
 * when it comes from the address and port asked and matches the id, name
 * and type of the question. No state is kept between calls. */
#ifndef DNS_H
#define DNS_H

#include <stddef.h>
#include <stdint.h>

#include "dns_packet.h"

#define DNS_WUR __attribute__((warn_unused_result))

#define DNS_OK 0
#define DNS_NODATA 1
#define DNS_NXDOMAIN 2
#define DNS_BADNAME 3

#define DNS_RESOLVCONF "/etc/resolv.conf"
#define DNS_RESOLVCONF_MAX 65536  /* bytes of resolv.conf read; the rest ignored */
#define DNS_MAX_SERVERS 16        /* servers kept; the rest ignored */
#define DNS_TRIES 3               /* rounds over the servers per lookup */
#define DNS_PORT 53

struct dns_server {
  int v6;                  /* 0: ip[0..4) is IPv4; 1: ip is IPv6 */
  unsigned char ip[16];
};

struct dns_servers {
  size_t n;
  uint16_t port;
  struct dns_server s[DNS_MAX_SERVERS];
};

/* servers_parse: the nameserver lines of resolv.conf text (len bytes)
 * appended to sv (n unchanged when none; sv->port untouched). Lines that
 * are comments ('#' or ';'), other keywords, bad addresses and addresses
 * with a zone ("fe80::1%eth0") are skipped; servers beyond DNS_MAX_SERVERS
 * are ignored. Pure. */
void dns_servers_parse(struct dns_servers *sv, const char *text, size_t len);

/* servers_list: the DNSCACHEIP form (addresses separated by spaces, tabs
 * or commas) into sv (replacing what was there; port untouched).
 * Returns 0, or -1 EINVAL when an entry is not an address or there are
 * none. Pure. */
int dns_servers_list(struct dns_servers *sv, const char *list) DNS_WUR;

/* servers_load: sv from the environment (DNSCACHEIP, DNSCACHEPORT), else
 * from the file resolvconf (DNS_RESOLVCONF for programs; tests give their
 * own), else 127.0.0.1. A missing file is not an error.
 * Returns 0, or -1 with errno (EINVAL for a bad DNSCACHEIP or
 * DNSCACHEPORT; read errors of the file). */
int dns_servers_load(struct dns_servers *sv, const char *resolvconf) DNS_WUR;

/* query: ask the servers sv for q (name and type set; q->id is chosen
 * here), with the DNS_Q_* flags of dns_packet.h, within timeout_ms in
 * all. On success r holds the parsed answer, whose RCODE is NOERROR or
 * NXDOMAIN. Returns 0, or -1 with errno as for a temporary failure above. */
int dns_query(const struct dns_servers *sv, struct dns_question *q, unsigned flags,
              unsigned timeout_ms, struct dns_reply *r) DNS_WUR;

/* lookup: the records of type for the C string name, from the servers sv
 * (NULL: dns_servers_load(DNS_RESOLVCONF) now). r is the caller's and
 * holds the answer (r->count records, r->h.ad) when DNS_OK, NODATA or
 * NXDOMAIN is returned. Returns a status (top of this file). */
int dns_lookup(const struct dns_servers *sv, const char *name, uint16_t type,
               struct dns_reply *r, unsigned timeout_ms) DNS_WUR;

/* The common lookups, with the servers from dns_servers_load; each
 * returns a status and fills r as dns_lookup does. */
/* ip4 / ip6: A / AAAA records; the address is in r->rr[i].ip. */
int dns_ip4(const char *name, struct dns_reply *r, unsigned timeout_ms) DNS_WUR;
int dns_ip6(const char *name, struct dns_reply *r, unsigned timeout_ms) DNS_WUR;
/* mx: MX records sorted by preference, lowest first, in random order
 * among equal preferences (RFC 5321 5.1); r->rr[i].pref and the exchange
 * name as data. A null MX (RFC 7505) has the name ".". */
int dns_mx(const char *name, struct dns_reply *r, unsigned timeout_ms) DNS_WUR;
/* txt: TXT records, each one's strings concatenated as its data. */
int dns_txt(const char *name, struct dns_reply *r, unsigned timeout_ms) DNS_WUR;
/* ptr: PTR records for the address addr in text form (IPv4 or IPv6);
 * DNS_BADNAME when addr is not an address. ptr4 / ptr6 take it binary.
 * A v4-mapped IPv6 address (::ffff:a.b.c.d) is looked up in in-addr.arpa. */
int dns_ptr(const char *addr, struct dns_reply *r, unsigned timeout_ms) DNS_WUR;
int dns_ptr4(const unsigned char ip[4], struct dns_reply *r, unsigned timeout_ms) DNS_WUR;
int dns_ptr6(const unsigned char ip[16], struct dns_reply *r, unsigned timeout_ms) DNS_WUR;
/* tlsa: TLSA records of a name like "_25._tcp.mx.example.com"; usage,
 * selector, mtype and the association data. Check r->h.ad for DANE. */
int dns_tlsa(const char *name, struct dns_reply *r, unsigned timeout_ms) DNS_WUR;

#endif

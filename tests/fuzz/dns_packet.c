/* dns_packet.c — fuzz target: bytes as a DNS response to fixed questions and to its own, and as a text name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check: the invariants of a reply that parsed; aborts when one fails */
static void check(const struct dns_reply *r)
{
  unsigned char w[DNS_NAME_MAX];
  if (r->count > DNS_MAX_ANSWERS || r->poollen > DNS_POOL_MAX) abort();
  if (strlen(r->name) >= DNS_TEXT_MAX) abort();
  /* every name we return reads back as a valid name */
  if (dns_packet_name_fromtext(w, r->name, strlen(r->name)) < 0) abort();
  for (size_t i = 0; i < r->count; ++i) {
    const struct dns_rr *rr = &r->rr[i];
    if (rr->off > r->poollen || r->poollen - rr->off < rr->len) abort();
    if (rr->len && r->pool[rr->off + rr->len] != 0) abort();
  }
}

/* text: the input as a name in text form must survive a round trip */
static void text(const uint8_t *data, size_t size)
{
  unsigned char w[DNS_NAME_MAX], w2[DNS_NAME_MAX];
  char t[DNS_TEXT_MAX];
  ssize_t n = dns_packet_name_fromtext(w, (const char *)data, size);
  if (n < 0) return;
  size_t tl = dns_packet_name_totext(t, w);
  if (tl >= DNS_TEXT_MAX || dns_packet_name_fromtext(w2, t, tl) != n || memcmp(w, w2, (size_t)n))
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const uint16_t types[] = { DNS_T_A, DNS_T_AAAA, DNS_T_MX, DNS_T_TXT, DNS_T_PTR,
                                    DNS_T_CNAME, DNS_T_TLSA, DNS_T_NS, DNS_T_SOA };
  struct dns_reply *r = malloc(sizeof *r);
  struct dns_question q;
  struct dns_header h;
  if (!r) return 0;
  for (size_t i = 0; i < sizeof types / sizeof types[0]; ++i) {
    if (dns_packet_question(&q, "example.com", types[i], 0x1234) < 0) abort();
    if (dns_packet_matches(data, size, &q) == 0 && dns_packet_parse(data, size, &q, r) == 0)
      check(r);
  }
  if (dns_packet_parse(data, size, 0, r) == 0) check(r);
  if (dns_packet_header(data, size, &h) == 0 && h.rcode > 15) abort();
  text(data, size);
  free(r);
  return 0;
}

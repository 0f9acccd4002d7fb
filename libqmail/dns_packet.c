/* dns_packet.c — DNS query building and bounds-checked response parsing. */
#include "dns_packet.h"

#include <errno.h>
#include <string.h>

#include "case.h"

#define HEADER_LEN 12
#define RR_FIXED 10   /* type, class, ttl, rdlength after the owner name */

static int fail(int e)
{
  errno = e;
  return -1;
}

static uint16_t get16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t get32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, unsigned v)
{
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}

/* ---- names ---- */

/* name_read: the possibly compressed name at msg[*pos] into out, in wire
 * form, uncompressed and lower case. *pos moves past the bytes the name
 * occupies where it starts. Every pointer must point strictly before the
 * start of the run of labels it ends, and not into the header: each jump
 * then lowers that start, so no pointer chain can loop.
 * Returns the wire length, or -1 EPROTO. */
static int name_read(const unsigned char *msg, size_t len, size_t *pos,
                     unsigned char out[DNS_NAME_MAX])
{
  size_t p = *pos, start = *pos, o = 0, end = 0;
  int jumped = 0;
  for (;;) {
    if (p >= len) return fail(EPROTO);
    unsigned c = msg[p];
    if ((c & 0xc0) == 0xc0) {
      if (len - p < 2) return fail(EPROTO);
      size_t target = (size_t)(c & 0x3f) << 8 | msg[p + 1];
      if (target >= start || target < HEADER_LEN) return fail(EPROTO);
      if (!jumped) end = p + 2;
      jumped = 1;
      start = p = target;
      continue;
    }
    if (c & 0xc0) return fail(EPROTO);  /* the obsolete 01 and 10 label types */
    if (c == 0) break;
    /* room for this label and the root label after it */
    if (len - p - 1 < c || o + 1 + c + 1 > DNS_NAME_MAX) return fail(EPROTO);
    out[o++] = (unsigned char)c;
    for (size_t i = 1; i <= c; ++i) out[o++] = case_lowerc(msg[p + i]);
    p += 1 + c;
  }
  out[o++] = 0;
  *pos = jumped ? end : p + 1;
  return (int)o;
}

/* text_byte: one byte of a label in text form at out; the bytes written. */
static size_t text_byte(char *out, unsigned char c)
{
  c = case_lowerc(c);
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*' ||
      c == '/') {
    out[0] = (char)c;
    return 1;
  }
  out[0] = '\\';
  out[1] = (char)('0' + c / 100);
  out[2] = (char)('0' + c / 10 % 10);
  out[3] = (char)('0' + c % 10);
  return 4;
}

size_t dns_packet_name_totext(char out[DNS_TEXT_MAX], const unsigned char *w)
{
  size_t i = 0, o = 0;
  if (!w[0]) {
    out[0] = '.';
    out[1] = 0;
    return 1;
  }
  /* the guards only matter for a wire name that breaks the contract */
  while (i < DNS_NAME_MAX && w[i] && w[i] <= DNS_LABEL_MAX && i + 1 + w[i] < DNS_NAME_MAX) {
    size_t l = w[i++];
    if (o) out[o++] = '.';
    while (l--) o += text_byte(out + o, w[i++]);
  }
  out[o] = 0;
  return o;
}

/* escape: the byte named by the escape at s[*i] (after the backslash).
 * Returns it, or -1 if the escape is bad. */
static int escape(const char *s, size_t len, size_t *i)
{
  size_t k = *i;
  if (k >= len) return -1;
  if (s[k] < '0' || s[k] > '9') {
    *i = k + 1;
    return (unsigned char)s[k];
  }
  if (len - k < 3) return -1;
  int v = 0;
  for (size_t j = k; j < k + 3; ++j) {
    if (s[j] < '0' || s[j] > '9') return -1;
    v = v * 10 + (s[j] - '0');
  }
  if (v > 255) return -1;
  *i = k + 3;
  return v;
}

ssize_t dns_packet_name_fromtext(unsigned char out[DNS_NAME_MAX], const char *s, size_t len)
{
  size_t i = 0, lab = 0, o = 1;  /* lab: length byte of the current label */
  if (len == 0) return fail(EINVAL);
  if (len == 1 && s[0] == '.') {
    out[0] = 0;
    return 1;
  }
  while (i < len) {
    int c = (unsigned char)s[i++];
    if (c == '.') {
      if (o - lab - 1 == 0) return fail(EINVAL);
      out[lab] = (unsigned char)(o - lab - 1);
      lab = o++;
      if (lab >= DNS_NAME_MAX) return fail(EINVAL);
      continue;
    }
    if (c <= ' ' || c == 0x7f) return fail(EINVAL);
    if (c == '\\' && (c = escape(s, len, &i)) < 0) return fail(EINVAL);
    if (o - lab - 1 >= DNS_LABEL_MAX || o + 1 >= DNS_NAME_MAX) return fail(EINVAL);
    out[o++] = case_lowerc((unsigned char)c);
  }
  if (o - lab - 1 == 0) {  /* ended with a dot: lab is where the root goes */
    out[lab] = 0;
    return (ssize_t)lab + 1;
  }
  out[lab] = (unsigned char)(o - lab - 1);
  out[o++] = 0;
  return (ssize_t)o;
}

static size_t put_str(char *out, const char *s)
{
  size_t n = strlen(s);
  memcpy(out, s, n + 1);
  return n;
}

size_t dns_packet_ptrname4(char out[DNS_PTR_MAX], const unsigned char ip[4])
{
  size_t o = 0;
  for (int i = 3; i >= 0; --i) {
    unsigned v = ip[i];
    if (v >= 100) out[o++] = (char)('0' + v / 100);
    if (v >= 10) out[o++] = (char)('0' + v / 10 % 10);
    out[o++] = (char)('0' + v % 10);
    out[o++] = '.';
  }
  return o + put_str(out + o, "in-addr.arpa");
}

size_t dns_packet_ptrname6(char out[DNS_PTR_MAX], const unsigned char ip[16])
{
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  for (int i = 15; i >= 0; --i) {
    out[o++] = hex[ip[i] & 15];
    out[o++] = '.';
    out[o++] = hex[ip[i] >> 4];
    out[o++] = '.';
  }
  return o + put_str(out + o, "ip6.arpa");
}

/* ---- queries ---- */

int dns_packet_question(struct dns_question *q, const char *name, uint16_t type, uint16_t id)
{
  ssize_t n = dns_packet_name_fromtext(q->name, name, strlen(name));
  if (n < 0) return -1;
  q->namelen = (size_t)n;
  q->type = type;
  q->id = id;
  return 0;
}

ssize_t dns_packet_query(unsigned char *out, size_t outsize, const struct dns_question *q,
                         unsigned flags)
{
  int edns = (flags & (DNS_Q_EDNS | DNS_Q_DO)) != 0;
  size_t need;
  unsigned f = 0;
  if (q->namelen == 0 || q->namelen > DNS_NAME_MAX) return fail(EINVAL);
  need = HEADER_LEN + q->namelen + 4 + (edns ? 11 : 0);  /* at most 282 */
  if (need > outsize) return fail(EMSGSIZE);
  if (!(flags & DNS_Q_NORD)) f |= 0x0100;
  if (flags & DNS_Q_AD) f |= 0x0020;
  memset(out, 0, need);
  put16(out, q->id);
  put16(out + 2, f);
  put16(out + 4, 1);
  put16(out + 10, edns);
  memcpy(out + HEADER_LEN, q->name, q->namelen);
  unsigned char *p = out + HEADER_LEN + q->namelen;
  put16(p, q->type);
  put16(p + 2, DNS_C_IN);
  if (edns) {  /* OPT: root owner, type 41, class = UDP size, ttl = ext-rcode/version/flags */
    put16(p + 5, DNS_T_OPT);
    put16(p + 7, DNS_EDNS_UDPSIZE);
    if (flags & DNS_Q_DO) p[11] = 0x80;
  }
  return (ssize_t)need;
}

/* ---- responses ---- */

int dns_packet_header(const unsigned char *msg, size_t len, struct dns_header *h)
{
  if (len < HEADER_LEN) return fail(EPROTO);
  unsigned f = get16(msg + 2);
  h->id = get16(msg);
  h->qr = f >> 15 & 1;
  h->opcode = f >> 11 & 15;
  h->aa = f >> 10 & 1;
  h->tc = f >> 9 & 1;
  h->rd = f >> 8 & 1;
  h->ra = f >> 7 & 1;
  h->ad = f >> 5 & 1;
  h->cd = f >> 4 & 1;
  h->rcode = f & 15;
  h->qdcount = get16(msg + 4);
  h->ancount = get16(msg + 6);
  h->nscount = get16(msg + 8);
  h->arcount = get16(msg + 10);
  return 0;
}

/* question_check: header into h, the question into own (when q is NULL)
 * or checked against q; *pos = the first byte after the question.
 * Returns 0, or -1 EPROTO / ENOMSG. */
static int question_check(const unsigned char *msg, size_t len, const struct dns_question *q,
                          struct dns_question *own, struct dns_header *h, size_t *pos)
{
  size_t p = HEADER_LEN;
  if (dns_packet_header(msg, len, h) < 0) return -1;
  if (!h->qr || h->opcode != 0 || h->qdcount != 1) return fail(ENOMSG);
  if (q && h->id != q->id) return fail(ENOMSG);
  int n = name_read(msg, len, &p, own->name);
  if (n < 0) return -1;
  if (len - p < 4) return fail(EPROTO);
  own->namelen = (size_t)n;
  own->type = get16(msg + p);
  own->id = h->id;
  if (get16(msg + p + 2) != DNS_C_IN) return fail(ENOMSG);
  if (q && (q->type != own->type || q->namelen != own->namelen ||
            memcmp(q->name, own->name, own->namelen) != 0))
    return fail(ENOMSG);
  *pos = p + 4;
  return 0;
}

int dns_packet_matches(const unsigned char *msg, size_t len, const struct dns_question *q)
{
  struct dns_question own;
  struct dns_header h;
  size_t pos;
  return question_check(msg, len, q, &own, &h, &pos);
}

/* one resource record as found in the message */
struct rrinfo {
  unsigned char owner[DNS_NAME_MAX];
  size_t ownerlen;
  uint16_t type, class;
  uint32_t ttl;
  size_t rdata, rdlen;   /* msg[rdata .. rdata+rdlen) */
};

/* rr_read: the record at msg[*pos] into ri, bounds-checked; *pos moves
 * past it. Returns 0, or -1 EPROTO. */
static int rr_read(const unsigned char *msg, size_t len, size_t *pos, struct rrinfo *ri)
{
  size_t p = *pos;
  int n = name_read(msg, len, &p, ri->owner);
  if (n < 0) return -1;
  if (len - p < RR_FIXED) return fail(EPROTO);
  ri->ownerlen = (size_t)n;
  ri->type = get16(msg + p);
  ri->class = get16(msg + p + 2);
  ri->ttl = get32(msg + p + 4);
  ri->rdlen = get16(msg + p + 8);
  ri->rdata = p + RR_FIXED;
  if (len - ri->rdata < ri->rdlen) return fail(EPROTO);
  *pos = ri->rdata + ri->rdlen;
  return 0;
}

/* rdata_name: the name that fills ri's RDATA from offset skip to its end.
 * Returns its wire length, or -1 EPROTO. */
static int rdata_name(const unsigned char *msg, const struct rrinfo *ri, size_t skip,
                      unsigned char out[DNS_NAME_MAX])
{
  size_t end = ri->rdata + ri->rdlen, p = ri->rdata + skip;
  if (skip >= ri->rdlen) return fail(EPROTO);
  /* pointers may lead back anywhere before the name, but the name's own
   * bytes must lie within the RDATA and fill it exactly */
  int n = name_read(msg, end, &p, out);
  if (n < 0) return -1;
  return p == end ? n : fail(EPROTO);
}

/* pool_room: 1 if n more bytes fit in r's pool, else 0 with EMSGSIZE. */
static int pool_room(const struct dns_reply *r, size_t n)
{
  size_t want;
  if (__builtin_add_overflow(r->poollen, n, &want) || want > DNS_POOL_MAX) {
    errno = EMSGSIZE;
    return 0;
  }
  return 1;
}

/* pool_name: a wire name into the pool in text form; rr->off/len. */
static int pool_name(struct dns_reply *r, struct dns_rr *rr, const unsigned char *w)
{
  if (!pool_room(r, DNS_TEXT_MAX)) return -1;
  rr->off = r->poollen;
  rr->len = dns_packet_name_totext(r->pool + r->poollen, w);
  r->poollen += rr->len + 1;
  return 0;
}

/* pool_bytes: n bytes into the pool, NUL after them, as rr's data. */
static int pool_bytes(struct dns_reply *r, struct dns_rr *rr, const unsigned char *s, size_t n)
{
  if (!pool_room(r, n + 1)) return -1;
  rr->off = r->poollen;
  rr->len = n;
  if (n) memcpy(r->pool + r->poollen, s, n);
  r->pool[r->poollen + n] = 0;
  r->poollen += n + 1;
  return 0;
}

/* txt_decode: check the character-strings of a TXT RDATA; when rr is
 * not NULL, store them concatenated. Returns 0, or -1 EPROTO/EMSGSIZE. */
static int txt_decode(const unsigned char *msg, const struct rrinfo *ri, struct dns_reply *r,
                      struct dns_rr *rr)
{
  size_t p = ri->rdata, end = ri->rdata + ri->rdlen;
  while (p < end) {
    size_t l = msg[p];
    if (end - p - 1 < l) return fail(EPROTO);
    p += 1 + l;
  }
  if (!rr) return 0;
  if (!pool_room(r, ri->rdlen + 1)) return -1;
  rr->off = r->poollen;
  for (p = ri->rdata; p < end; p += 1 + msg[p]) {
    memcpy(r->pool + r->poollen, msg + p + 1, msg[p]);
    r->poollen += msg[p];
  }
  rr->len = r->poollen - rr->off;
  r->pool[r->poollen++] = 0;
  return 0;
}

/* rr_decode: check ri's RDATA for its type; when rr is not NULL, fill it
 * (data into r's pool). Returns 0, or -1 EPROTO/EMSGSIZE. */
static int rr_decode(const unsigned char *msg, const struct rrinfo *ri, struct dns_reply *r,
                     struct dns_rr *rr)
{
  unsigned char w[DNS_NAME_MAX];
  const unsigned char *d = msg + ri->rdata;
  switch (ri->type) {
  case DNS_T_A:
  case DNS_T_AAAA:
    if (ri->rdlen != (ri->type == DNS_T_A ? 4u : 16u)) return fail(EPROTO);
    if (rr) memcpy(rr->ip, d, ri->rdlen);
    return 0;
  case DNS_T_MX:
    if (ri->rdlen < 3) return fail(EPROTO);
    if (rdata_name(msg, ri, 2, w) < 0) return -1;
    if (!rr) return 0;
    rr->pref = get16(d);
    return pool_name(r, rr, w);
  case DNS_T_CNAME:
  case DNS_T_PTR:
  case DNS_T_NS:
    if (rdata_name(msg, ri, 0, w) < 0) return -1;
    return rr ? pool_name(r, rr, w) : 0;
  case DNS_T_TXT:
    return txt_decode(msg, ri, r, rr);
  case DNS_T_TLSA:
    if (ri->rdlen < 3) return fail(EPROTO);
    if (!rr) return 0;
    rr->usage = d[0];
    rr->selector = d[1];
    rr->mtype = d[2];
    return pool_bytes(r, rr, d + 3, ri->rdlen - 3);
  default:
    return rr ? pool_bytes(r, rr, d, ri->rdlen) : 0;
  }
}

/* keep: record ri (owner already matched, type asked) in r, or only check
 * it when r is full. Returns 0, or -1. */
static int keep(const unsigned char *msg, const struct rrinfo *ri, struct dns_reply *r)
{
  if (r->count >= DNS_MAX_ANSWERS) {
    r->more = 1;
    return rr_decode(msg, ri, r, 0);
  }
  struct dns_rr *rr = &r->rr[r->count];
  memset(rr, 0, sizeof *rr);
  rr->type = ri->type;
  rr->ttl = ri->ttl;
  if (rr_decode(msg, ri, r, rr) < 0) return -1;
  ++r->count;
  return 0;
}

/* collect: scan the an answer records from msg[pos] for those owned by
 * cur: keep the ones of type qtype; remember in next (*nextlen) the target
 * of the first CNAME, when CNAMEs are to be followed.
 * Returns how many records of type qtype cur owns, or -1. */
static int collect(const unsigned char *msg, size_t len, size_t pos, unsigned an,
                   const unsigned char *cur, size_t curlen, uint16_t qtype,
                   struct dns_reply *r, unsigned char next[DNS_NAME_MAX], size_t *nextlen)
{
  struct rrinfo ri;
  int found = 0;
  *nextlen = 0;
  for (unsigned i = 0; i < an; ++i) {
    if (rr_read(msg, len, &pos, &ri) < 0) return -1;
    if (ri.class != DNS_C_IN || ri.ownerlen != curlen || memcmp(ri.owner, cur, curlen)) continue;
    if (ri.type == qtype) {
      if (keep(msg, &ri, r) < 0) return -1;
      ++found;
    } else if (ri.type == DNS_T_CNAME && qtype != DNS_T_CNAME && !*nextlen) {
      int n = rdata_name(msg, &ri, 0, next);
      if (n < 0) return -1;
      *nextlen = (size_t)n;
    }
  }
  return found;
}

/* sections_check: every record of every section after the question at
 * msg[pos] lies within the message. Returns 0, or -1 EPROTO. */
static int sections_check(const unsigned char *msg, size_t len, size_t pos,
                          const struct dns_header *h)
{
  struct rrinfo ri;
  unsigned long total = (unsigned long)h->ancount + h->nscount + h->arcount;
  for (unsigned long i = 0; i < total; ++i)
    if (rr_read(msg, len, &pos, &ri) < 0) return -1;
  return 0;
}

/* follow: collect the answers for q, following CNAMEs from the question
 * name; r->name is where the chain ended. Returns 0, or -1. */
static int follow(const unsigned char *msg, size_t len, size_t pos,
                  const struct dns_question *q, struct dns_reply *r)
{
  unsigned char cur[DNS_NAME_MAX], next[DNS_NAME_MAX];
  size_t curlen = q->namelen, nextlen;
  memcpy(cur, q->name, curlen);
  for (unsigned hops = 0;; ++hops) {
    int found = collect(msg, len, pos, r->h.ancount, cur, curlen, q->type, r, next, &nextlen);
    if (found < 0) return -1;
    if (found || !nextlen) break;
    if (hops == DNS_MAX_CNAME) return fail(ELOOP);
    memcpy(cur, next, nextlen);
    curlen = nextlen;
  }
  dns_packet_name_totext(r->name, cur);
  return 0;
}

int dns_packet_parse(const unsigned char *msg, size_t len, const struct dns_question *q,
                     struct dns_reply *r)
{
  struct dns_question own;
  size_t pos;
  r->count = 0;
  r->more = 0;
  r->poollen = 0;
  r->name[0] = 0;
  if (question_check(msg, len, q, &own, &r->h, &pos) < 0) return -1;
  if (sections_check(msg, len, pos, &r->h) < 0) return -1;
  return follow(msg, len, pos, &own, r);
}

/* dns_packet.c — unit test for libqmail/dns_packet: names, queries, hand-built responses. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns_packet.h"
#include "tap.h"

/* a packet being built by hand */
struct pk {
  unsigned char b[70000];
  size_t n;
};

static void put8(struct pk *p, unsigned v) { p->b[p->n++] = (unsigned char)v; }
static void put16(struct pk *p, unsigned v)
{
  put8(p, v >> 8);
  put8(p, v & 255);
}
static void put32(struct pk *p, uint32_t v)
{
  put16(p, v >> 16);
  put16(p, v & 0xffff);
}
static void set16(struct pk *p, size_t at, unsigned v)
{
  p->b[at] = (unsigned char)(v >> 8);
  p->b[at + 1] = (unsigned char)v;
}
static void putbytes(struct pk *p, const void *s, size_t n)
{
  memcpy(p->b + p->n, s, n);
  p->n += n;
}
/* putlabels: dotted labels, no root ("" puts nothing) */
static void putlabels(struct pk *p, const char *s)
{
  while (*s) {
    size_t l = strcspn(s, ".");
    put8(p, (unsigned)l);
    putbytes(p, s, l);
    s += l;
    if (*s == '.') ++s;
  }
}
static void putname(struct pk *p, const char *s)
{
  putlabels(p, s);
  put8(p, 0);
}
static void putptr(struct pk *p, size_t off) { put16(p, 0xc000 | (unsigned)off); }

static void header(struct pk *p, unsigned id, unsigned flags, unsigned qd, unsigned an,
                   unsigned ns, unsigned ar)
{
  p->n = 0;
  put16(p, id);
  put16(p, flags);
  put16(p, qd);
  put16(p, an);
  put16(p, ns);
  put16(p, ar);
}

/* rr_begin: type, class, ttl and a placeholder RDLENGTH after an owner
 * already written; returns where RDATA starts. rr_end fills RDLENGTH. */
static size_t rr_begin(struct pk *p, unsigned type, unsigned class)
{
  put16(p, type);
  put16(p, class);
  put32(p, 3600);
  put16(p, 0);
  return p->n;
}
static void rr_end(struct pk *p, size_t at) { set16(p, at - 2, (unsigned)(p->n - at)); }

#define FL_RESP 0x8180u /* QR, RD, RA */
#define QOFF 12         /* where the question name starts */

/* qhead: a response header (id 0x1234, AN answers to come) and the
 * question NAME/TYPE, class IN */
static void qhead(struct pk *p, const char *name, uint16_t type, unsigned an)
{
  header(p, 0x1234, FL_RESP, 1, an, 0, 0);
  putname(p, name);
  put16(p, type);
  put16(p, 1);
}

/* start: qhead for "example.com"; answers added by caller */
static void start(struct pk *p, unsigned an, uint16_t type)
{
  qhead(p, "example.com", type, an);
}

/* ask: q becomes the question NAME/TYPE (id 0x1234), and the packet a
 * response to it with AN answers to come */
static void ask(struct pk *p, struct dns_question *q, const char *name, uint16_t type, unsigned an)
{
  if (dns_packet_question(q, name, type, 0x1234) < 0) abort();
  qhead(p, name, type, an);
}

/* rr: a record of TYPE, class IN, whose owner is a pointer to OWNER and
 * whose RDATA is the N bytes at S; returns where RDATA starts */
static size_t rr(struct pk *p, size_t owner, unsigned type, const void *s, size_t n)
{
  putptr(p, owner);
  size_t at = rr_begin(p, type, 1);
  putbytes(p, s, n);
  rr_end(p, at);
  return at;
}

static void a_rec(struct pk *p, size_t owner, const unsigned char ip[4]) { rr(p, owner, 1, ip, 4); }

static int parse(const struct pk *p, const struct dns_question *q, struct dns_reply *r)
{
  errno = 0;
  return dns_packet_parse(p->b, p->n, q, r);
}

static void test_names(void)
{
  unsigned char w[DNS_NAME_MAX];
  char t[DNS_TEXT_MAX], in[400];
  ssize_t n;

  n = dns_packet_name_fromtext(w, "Example.COM.", 12);
  is_int(n, 13, "fromtext: length with trailing dot");
  is_mem(w, 13, "\7example\3com\0", 13, "fromtext: wire form, lower case");
  is_int(dns_packet_name_fromtext(w, "example.com", 11), 13, "fromtext: no trailing dot");
  is_int(dns_packet_name_fromtext(w, ".", 1), 1, "fromtext: root");
  ok(w[0] == 0, "root is one zero byte");
  const char *bad[] = { "", "a..b", ".a", "..", "a b", "a\\", "a\\25", "a\\256", "a\\2x5",
                        "a\tb", "a.b..", "x\177" };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    errno = 0;
    n = dns_packet_name_fromtext(w, bad[i], strlen(bad[i]));
    ok(n == -1 && errno == EINVAL, "fromtext refuses '%s'", bad[i]);
  }
  n = dns_packet_name_fromtext(w, "a\\.b.\\067\\\\", 11);
  is_int(n, 8, "fromtext: escapes");
  is_mem(w, 8, "\3a.b\2c\\\0", 8, "escaped dot, decimal, backslash");

  memset(in, 'a', 63);
  is_int(dns_packet_name_fromtext(w, in, 63), 65, "63-byte label fits");
  memset(in, 'a', 64);
  ok(dns_packet_name_fromtext(w, in, 64) == -1 && errno == EINVAL, "64-byte label refused");
  /* 63.63.63.61 = 255 bytes of wire: the maximum */
  memset(in, 'b', sizeof in);
  in[63] = in[127] = in[191] = '.';
  is_int(dns_packet_name_fromtext(w, in, 253), 255, "255-byte name fits");
  in[253] = '.';
  is_int(dns_packet_name_fromtext(w, in, 254), 255, "255-byte name with final dot");
  ok(dns_packet_name_fromtext(w, in, 255) == -1 && errno == EINVAL, "256-byte name refused");

  is_int(dns_packet_name_fromtext(w, "ex.com", 6), 8, "fromtext");
  is_int(dns_packet_name_totext(t, w), 6, "totext length");
  is_str(t, "ex.com", "totext");
  w[0] = 0;
  is_int(dns_packet_name_totext(t, w), 1, "root length");
  is_str(t, ".", "root is a dot");
  memcpy(w, "\5A.b\0Z\3*_/\0", 12);
  dns_packet_name_totext(t, w);
  is_str(t, "a\\046b\\000z.*_/", "totext escapes and folds");

  /* the worst case for text length: 250 bytes that all need escaping */
  size_t o = 0;
  for (int l = 0; l < 4; ++l) {
    int len = l < 3 ? 63 : 61;
    w[o++] = (unsigned char)len;
    for (int i = 0; i < len; ++i) w[o++] = 0xff;
  }
  w[o] = 0;
  is_int(dns_packet_name_totext(t, w), 1003, "longest text form is 1003 bytes");
  ok(dns_packet_name_fromtext(w, t, 1003) == 255 && w[1] == 0xff, "and it reads back");
}

static void test_ptr_and_query(void)
{
  char t[DNS_PTR_MAX];
  unsigned char q6[16] = { 0x20, 0x01, 0x0d, 0xb8 }, out[DNS_QUERY_MAX];
  const unsigned char ip4[4] = { 192, 0, 2, 1 }, ip0[4] = { 0, 10, 100, 255 };
  struct dns_question q;
  q6[15] = 1;
  is_int(dns_packet_ptrname4(t, ip4), 22, "ptrname4 length");
  is_str(t, "1.2.0.192.in-addr.arpa", "ptrname4");
  dns_packet_ptrname4(t, ip0);
  is_str(t, "255.100.10.0.in-addr.arpa", "ptrname4 digits");
  is_int(dns_packet_ptrname6(t, q6), 72, "ptrname6 length");
  is_str(t, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
         "ptrname6");

  ok(dns_packet_question(&q, "Example.Com", 1, 0xbeef) == 0, "question");
  is_int(q.namelen, 13, "question name length");
  ssize_t n = dns_packet_query(out, sizeof out, &q, 0);
  is_int(n, 29, "plain query length");
  is_mem(out, 29,
         "\xbe\xef\x01\x00\0\1\0\0\0\0\0\0\7example\3com\0\0\1\0\1", 29,
         "plain query bytes: RD, one question, class IN");
  n = dns_packet_query(out, sizeof out, &q, DNS_Q_DO | DNS_Q_AD | DNS_Q_NORD);
  is_int(n, 40, "EDNS query length");
  is_mem(out, 12, "\xbe\xef\x00\x20\0\1\0\0\0\0\0\1", 12, "AD set, RD off, ARCOUNT 1");
  is_mem(out + 29, 11, "\0\0\x29\x04\xd0\0\0\x80\0\0\0", 11, "OPT: size 1232, DO");
  n = dns_packet_query(out, sizeof out, &q, DNS_Q_EDNS);
  ok(n == 40 && out[40 - 4] == 0, "EDNS without DO");
  errno = 0;
  ok(dns_packet_query(out, 39, &q, DNS_Q_EDNS) == -1 && errno == EMSGSIZE, "too small: EMSGSIZE");
  ok(dns_packet_query(out, 29, &q, 0) == 29, "exact size fits");
  ok(dns_packet_question(&q, "a..b", 1, 1) == -1 && errno == EINVAL, "question: bad name");
}

static void test_good(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  const unsigned char ip1[4] = { 192, 0, 2, 1 }, ip2[4] = { 192, 0, 2, 2 };
  if (dns_packet_question(&q, "EXAMPLE.com", 1, 0x1234) < 0) abort();

  start(p, 3, 1);
  set16(p, 2, FL_RESP | 0x0400 | 0x0020);  /* AA, AD */
  a_rec(p, QOFF, ip1);
  putptr(p, QOFF);  /* an AAAA of the same owner: not asked, skipped */
  size_t at = rr_begin(p, 28, 1);
  putbytes(p, "0123456789abcdef", 16);
  rr_end(p, at);
  a_rec(p, QOFF, ip2);
  is_int(parse(p, &q, r), 0, "A answer parses");
  is_int(r->count, 2, "two A records kept");
  ok(!memcmp(r->rr[0].ip, ip1, 4) && !memcmp(r->rr[1].ip, ip2, 4), "addresses in order");
  is_int(r->rr[0].ttl, 3600, "ttl");
  is_int(r->rr[0].type, 1, "type");
  ok(r->h.aa && r->h.ad && r->h.qr && r->h.ra && !r->h.tc, "header flags");
  is_int(r->h.rcode, 0, "NOERROR");
  is_str(r->name, "example.com", "owner name");
  is_int(dns_packet_matches(p->b, p->n, &q), 0, "matches");
  ok(dns_packet_parse(p->b, p->n, 0, r) == 0 && r->count == 2, "parse without a question");

  /* a response to another question, or not a response at all */
  q.id = 0x1235;
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "other id: ENOMSG");
  ok(dns_packet_matches(p->b, p->n, &q) == -1 && errno == ENOMSG, "matches: other id");
  q.id = 0x1234;
  q.type = 28;
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "other type: ENOMSG");
  if (dns_packet_question(&q, "example.org", 1, 0x1234) < 0) abort();
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "other name: ENOMSG");
  if (dns_packet_question(&q, "example.com", 1, 0x1234) < 0) abort();
  set16(p, 2, 0x0100);
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "QR clear: ENOMSG");
  set16(p, 2, FL_RESP | 0x0800);
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "opcode IQUERY: ENOMSG");
  set16(p, 2, FL_RESP);
  set16(p, QOFF + 13 + 2, 3);
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "class CH: ENOMSG");
  set16(p, QOFF + 13 + 2, 1);
  set16(p, 4, 0);
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "no question: ENOMSG");
  set16(p, 4, 2);
  ok(parse(p, &q, r) == -1 && errno == ENOMSG, "two questions: ENOMSG");
  set16(p, 4, 1);
  is_int(parse(p, &q, r), 0, "restored packet parses again");

}

/* every truncation of a good packet is malformed */
static void test_truncations(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  const unsigned char ip1[4] = { 192, 0, 2, 1 };
  ask(p, &q, "example.com", 1, 2);
  a_rec(p, QOFF, ip1);
  a_rec(p, QOFF, ip1);
  is_int(parse(p, &q, r), 0, "a good packet");
  ok(dns_packet_matches(p->b, 20, &q) == -1 && errno == EPROTO, "matches: cut question");
  struct pk *cut = malloc(sizeof *cut);
  int bad = 0;
  for (size_t k = 0; k < p->n; ++k) {
    memcpy(cut->b, p->b, k);
    cut->n = k;
    if (parse(cut, &q, r) != -1 || errno != EPROTO) ++bad;
  }
  is_int(bad, 0, "all %zu truncations fail with EPROTO", p->n);
  memcpy(cut->b, p->b, p->n);
  cut->n = p->n;
  putbytes(cut, "junk", 4);
  is_int(parse(cut, &q, r), 0, "trailing bytes after the sections are ignored");
  free(cut);

  struct dns_header h;
  ok(dns_packet_header(p->b, 11, &h) == -1 && errno == EPROTO, "header: 11 bytes");
}

static void test_mx(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  size_t at, mx1;

  ask(p, &q, "example.com", 15, 2);
  putptr(p, QOFF);
  at = rr_begin(p, 15, 1);
  put16(p, 20);
  mx1 = p->n;
  putlabels(p, "MX1");
  putptr(p, QOFF);
  rr_end(p, at);
  putptr(p, QOFF);
  at = rr_begin(p, 15, 1);
  put16(p, 10);
  putlabels(p, "mx2");
  putptr(p, mx1 + 4);  /* a pointer to the pointer after "MX1" */
  rr_end(p, at);
  is_int(parse(p, &q, r), 0, "MX answer parses");
  is_int(r->count, 2, "two MX");
  ok(r->rr[0].pref == 20 && r->rr[1].pref == 10, "preferences in packet order");
  is_str(dns_packet_rrdata(r, &r->rr[0]), "mx1.example.com", "exchange lower-cased");
  is_int(r->rr[0].len, 15, "exchange length");
  is_str(dns_packet_rrdata(r, &r->rr[1]), "mx2.example.com", "pointer to a pointer");

  /* MX whose RDLENGTH does not match its name, either way */
  set16(p, at - 2, 7);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "MX RDLENGTH shorter than its name");
  set16(p, at - 2, 9);
  put8(p, 0);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "MX RDATA with a byte after its name");
  set16(p, at - 2, 2);
  p->n = at + 2;
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "MX RDATA of 2 bytes");

}

static void test_txt_tlsa(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  size_t at;

  /* TXT: two records, the first of two strings */
  ask(p, &q, "example.com", 16, 2);
  at = rr(p, QOFF, 16, "\x07v=spf1 \x04-all", 13);
  at = rr(p, QOFF, 16, "\x03" "A\0b" "\x00", 5);
  is_int(parse(p, &q, r), 0, "TXT answer parses");
  is_int(r->count, 2, "two TXT records");
  is_mem(dns_packet_rrdata(r, &r->rr[0]), r->rr[0].len, "v=spf1 -all", 11, "strings joined");
  is_mem(dns_packet_rrdata(r, &r->rr[1]), r->rr[1].len, "A\0b", 3, "NUL kept, case kept");
  p->b[p->n - 5] = 5;
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "TXT string beyond its RDATA");

  /* TLSA */
  ask(p, &q, "_25._tcp.example.com", 52, 1);
  at = rr(p, QOFF, 52, "\3\1\1\xde\xad\xbe\xef", 7);
  is_int(parse(p, &q, r), 0, "TLSA parses");
  ok(r->count == 1 && r->rr[0].usage == 3 && r->rr[0].selector == 1 && r->rr[0].mtype == 1,
     "TLSA fields");
  is_mem(dns_packet_rrdata(r, &r->rr[0]), r->rr[0].len, "\xde\xad\xbe\xef", 4, "TLSA data");
  set16(p, at - 2, 2);
  p->n = at + 2;
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "TLSA RDATA of 2 bytes");

}

static void test_ptr_aaaa(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  size_t at;

  /* PTR and AAAA, and a malformed A */
  ask(p, &q, "1.2.0.192.in-addr.arpa", 12, 1);
  putptr(p, QOFF);
  at = rr_begin(p, 12, 1);
  putname(p, "Host.Example.com");
  rr_end(p, at);
  is_int(parse(p, &q, r), 0, "PTR parses");
  is_str(dns_packet_rrdata(r, &r->rr[0]), "host.example.com", "PTR name");

  ask(p, &q, "example.com", 28, 1);
  at = rr(p, QOFF, 28, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\1", 16);
  is_int(parse(p, &q, r), 0, "AAAA parses");
  ok(r->rr[0].ip[0] == 0x20 && r->rr[0].ip[15] == 1, "AAAA address");
  set16(p, at - 2, 4);
  p->n = at + 4;
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "AAAA with 4 bytes");

  ask(p, &q, "example.com", 1, 1);
  at = rr(p, QOFF, 1, "\1\2\3\4\5", 5);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "A with 5 bytes");
}

static void test_cname(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  const unsigned char ip[4] = { 10, 0, 0, 1 };
  size_t at, target;
  if (dns_packet_question(&q, "alias.example.com", 1, 0x1234) < 0) abort();

  /* the A record comes before the CNAME that leads to it */
  qhead(p, "alias.example.com", 1, 3);
  target = p->n;
  putname(p, "target.example.com");
  at = rr_begin(p, 1, 1);
  putbytes(p, ip, 4);
  rr_end(p, at);
  putptr(p, QOFF);
  at = rr_begin(p, 5, 1);
  putptr(p, target);
  rr_end(p, at);
  putname(p, "other.example.com");  /* an A of another owner: not ours */
  at = rr_begin(p, 1, 1);
  putbytes(p, "\1\1\1\1", 4);
  rr_end(p, at);
  is_int(parse(p, &q, r), 0, "CNAME answer parses");
  is_int(r->count, 1, "one A through the CNAME");
  ok(!memcmp(r->rr[0].ip, ip, 4), "the target's address");
  is_str(r->name, "target.example.com", "r->name is the CNAME target");

  q.type = 5;  /* asking for the CNAME itself does not follow it */
  set16(p, QOFF + 19, 5);
  is_int(parse(p, &q, r), 0, "CNAME query parses");
  ok(r->count == 1 && !strcmp(dns_packet_rrdata(r, &r->rr[0]), "target.example.com"),
     "the CNAME record itself");
  is_str(r->name, "alias.example.com", "not followed");

}

static void test_cname_loops(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  const unsigned char ip[4] = { 10, 0, 0, 1 };
  size_t at;

  /* a CNAME loop: a -> b -> a */
  ask(p, &q, "a.x", 1, 2);
  putptr(p, QOFF);
  at = rr_begin(p, 5, 1);
  putname(p, "b.x");
  rr_end(p, at);
  putptr(p, at);
  at = rr_begin(p, 5, 1);
  putptr(p, QOFF);
  rr_end(p, at);
  ok(parse(p, &q, r) == -1 && errno == ELOOP, "CNAME loop: ELOOP");

  /* a chain of n hops c0 -> c1 -> ... -> cn, then cn A */
  for (int hops = DNS_MAX_CNAME; hops <= DNS_MAX_CNAME + 1; ++hops) {
    char name[16];
    qhead(p, "c0.x", 1, (unsigned)hops + 1);
    for (int i = 0; i < hops; ++i) {
      snprintf(name, sizeof name, "c%d.x", i);
      putname(p, name);
      at = rr_begin(p, 5, 1);
      snprintf(name, sizeof name, "c%d.x", i + 1);
      putname(p, name);
      rr_end(p, at);
    }
    putname(p, name);
    at = rr_begin(p, 1, 1);
    putbytes(p, ip, 4);
    rr_end(p, at);
    if (dns_packet_question(&q, "c0.x", 1, 0x1234) < 0) abort();
    int rc = parse(p, &q, r);
    if (hops == DNS_MAX_CNAME)
      ok(rc == 0 && r->count == 1, "%d CNAME hops are followed", hops);
    else
      ok(rc == -1 && errno == ELOOP, "%d CNAME hops: ELOOP", hops);
  }
}

static void test_pointers(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  const unsigned char ip[4] = { 10, 0, 0, 1 };
  size_t at, here;
  if (dns_packet_question(&q, "example.com", 1, 0x1234) < 0) abort();

  start(p, 1, 1);
  here = p->n;
  at = rr(p, here, 1, ip, 4);  /* an owner pointing at itself */
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "pointer to itself");
  set16(p, here, 0xc000 | (unsigned)(here + 2));
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "pointer forward");
  set16(p, here, 0xc000 | 4);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "pointer into the header");
  set16(p, here, 0xc000 | 0x3fff);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "pointer past the end");
  p->b[here] = 0x40;
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "label type 01 (length 64)");
  p->b[here] = 0x80;
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "label type 10");

  /* z: "\1a" then a pointer back to z; the owner of the second record
   * points to z. A rule "target before the pointer" would loop here. */
  start(p, 2, 1);
  putptr(p, QOFF);
  at = rr_begin(p, 99, 1);
  size_t z = p->n;
  put8(p, 1);
  put8(p, 'a');
  putptr(p, z);
  rr_end(p, at);
  at = rr(p, z, 1, ip, 4);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "label then a pointer to its own start");

  /* y points to z, z points to y (z < y): a two-pointer loop */
  start(p, 2, 1);
  putptr(p, QOFF);
  at = rr_begin(p, 99, 1);
  z = p->n;
  putptr(p, z + 2);  /* where the owner of the next record will be */
  rr_end(p, at);
  here = p->n;
  at = rr(p, z, 1, ip, 4);
  ok(here == z + 2, "loop packet laid out as planned");
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "two pointers in a loop");

}

static void test_long_names(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  const unsigned char ip[4] = { 10, 0, 0, 1 };
  size_t at;
  if (dns_packet_question(&q, "example.com", 1, 0x1234) < 0) abort();

  /* names over 255 bytes */
  char big[400];
  memset(big, 'x', sizeof big);
  big[63] = big[127] = big[191] = '.';
  big[253] = 0;  /* 63.63.63.61: 255 bytes of wire */
  start(p, 1, 1);
  putname(p, big);
  at = rr_begin(p, 1, 1);
  putbytes(p, ip, 4);
  rr_end(p, at);
  ok(parse(p, &q, r) == 0 && r->count == 0, "a 255-byte owner parses");
  big[253] = 'x';
  big[254] = 0;  /* 63.63.63.62 = 256 */
  start(p, 1, 1);
  putname(p, big);
  at = rr_begin(p, 1, 1);
  putbytes(p, ip, 4);
  rr_end(p, at);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "a 256-byte owner fails");
  /* over 255 through compression: 200 bytes of labels, then the question name */
  start(p, 1, 1);
  big[191] = 0;
  putlabels(p, big);  /* 63.63.63 = 192 bytes */
  putlabels(p, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"); /* +55 */
  at = rr(p, QOFF, 1, ip, 4);  /* the owner: + 13 = 260 */
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "over 255 bytes through a pointer");
}

static void test_counts(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  const unsigned char ip[4] = { 10, 0, 0, 1 };
  size_t at;
  if (dns_packet_question(&q, "example.com", 1, 0x1234) < 0) abort();

  start(p, 2, 1);
  a_rec(p, QOFF, ip);
  a_rec(p, QOFF, ip);
  is_int(parse(p, &q, r), 0, "two answers");
  set16(p, 6, 3);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "ANCOUNT beyond the packet");
  set16(p, 6, 2);
  set16(p, 10, 0xffff);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "ARCOUNT 65535 beyond the packet");
  set16(p, 10, 0);
  set16(p, 8, 1);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "NSCOUNT beyond the packet");
  set16(p, 8, 0);
  set16(p, p->n - 6, 5);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "RDLENGTH beyond the end");
  set16(p, p->n - 6, 0xffff);
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "RDLENGTH 65535");

  /* authority: a malformed record of another type in another section is
   * only bounds-checked; a record of another class is skipped */
  start(p, 2, 1);
  a_rec(p, QOFF, ip);
  putptr(p, QOFF);
  at = rr_begin(p, 1, 3);  /* class CH */
  putbytes(p, "\11\11\11\11", 4);
  rr_end(p, at);
  set16(p, 10, 1);
  put8(p, 0);
  at = rr_begin(p, 41, 1232);  /* OPT */
  rr_end(p, at);
  is_int(parse(p, &q, r), 0, "answer + class CH + OPT parses");
  ok(r->count == 1 && r->rr[0].ip[0] == 10, "class CH record skipped");

  /* NXDOMAIN with an SOA in authority */
  start(p, 0, 1);
  set16(p, 2, FL_RESP | 3);
  set16(p, 8, 1);
  at = rr(p, QOFF + 8, 6, "\0\0" "0123456789abcdefghij", 22);
  is_int(parse(p, &q, r), 0, "NXDOMAIN parses");
  ok(r->h.rcode == 3 && r->count == 0, "rcode 3, no records");

}

static void test_limits(struct pk *p, struct dns_reply *r)
{
  struct dns_question q;
  size_t at;
  if (dns_packet_question(&q, "example.com", 1, 0x1234) < 0) abort();

  /* more records than DNS_MAX_ANSWERS */
  start(p, DNS_MAX_ANSWERS + 6, 1);
  for (int i = 0; i < DNS_MAX_ANSWERS + 6; ++i) {
    unsigned char x[4] = { 10, 0, 0, (unsigned char)i };
    a_rec(p, QOFF, x);
  }
  is_int(parse(p, &q, r), 0, "70 A records parse");
  ok(r->count == DNS_MAX_ANSWERS && r->more == 1, "64 kept, more set");
  is_int(r->rr[63].ip[3], 63, "the first 64 in order");
  set16(p, p->n - 6, 3);
  p->n -= 1;
  ok(parse(p, &q, r) == -1 && errno == EPROTO, "a dropped record is still checked");

  /* 64 MX records with long names fill the pool without overflow */
  ask(p, &q, "example.com", 15, DNS_MAX_ANSWERS);
  size_t longname = 0;
  for (int i = 0; i < DNS_MAX_ANSWERS; ++i) {
    putptr(p, QOFF);
    at = rr_begin(p, 15, 1);
    put16(p, (unsigned)i);
    if (!longname) {
      longname = p->n;
      for (int l = 0; l < 3; ++l) {
        put8(p, 63);
        for (int k = 0; k < 63; ++k) put8(p, 0x01);
      }
      put8(p, 0);
    } else {
      putptr(p, longname);
    }
    rr_end(p, at);
  }
  is_int(parse(p, &q, r), 0, "64 MX with 760-byte text names parse");
  ok(r->count == 64 && r->rr[63].len == 3 * 63 * 4 + 2, "all names whole");
}

int main(void)
{
  struct pk *p = malloc(sizeof *p);
  struct dns_reply *r = malloc(sizeof *r);
  if (!p || !r) return 99;
  test_names();
  test_ptr_and_query();
  test_good(p, r);
  test_truncations(p, r);
  test_mx(p, r);
  test_txt_tlsa(p, r);
  test_ptr_aaaa(p, r);
  test_cname(p, r);
  test_cname_loops(p, r);
  test_pointers(p, r);
  test_long_names(p, r);
  test_counts(p, r);
  test_limits(p, r);
  free(p);
  free(r);
  return done_testing();
}

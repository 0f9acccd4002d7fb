/* dns.c — the stub resolver: servers from DNSCACHEIP or resolv.conf, UDP with TCP fallback. */
#include "dns.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "env.h"
#include "ip.h"
#include "scan.h"

#define QUERY_FLAGS (DNS_Q_EDNS | DNS_Q_DO | DNS_Q_AD)

/* what dns_packet answers and tcp/udp attempts end with, besides -1 */
enum { J_OK = 0, J_NOEDNS = 1, J_TCP = 2 };

static int fail(int e)
{
  errno = e;
  return -1;
}

static void close_keep_errno(int fd)
{
  int e = errno;
  close(fd);
  errno = e;
}

/* ---- servers ---- */

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* addr_scan: 1 if the whole of s[0..len) is an IPv4 or IPv6 address, put
 * into srv (a v4-mapped IPv6 address becomes IPv4); else 0. */
static int addr_scan(struct dns_server *srv, const char *s, size_t len)
{
  unsigned char ip[16];
  memset(srv, 0, sizeof *srv);
  if (len && ip4_scan(s, len, ip) == len) {
    memcpy(srv->ip, ip, 4);
    return 1;
  }
  if (!len || ip6_scan(s, len, ip) != len) return 0;
  if (ip6_is_v4mapped(ip)) {
    memcpy(srv->ip, ip + 12, 4);
    return 1;
  }
  srv->v6 = 1;
  memcpy(srv->ip, ip, 16);
  return 1;
}

/* parse_line: one resolv.conf line (no newline) into sv if it names a server. */
static void parse_line(struct dns_servers *sv, const char *s, size_t len)
{
  size_t i = 0, a;
  while (i < len && is_space(s[i])) ++i;
  if (len - i < 10 || memcmp(s + i, "nameserver", 10) != 0) return;
  i += 10;
  if (i >= len || !is_space(s[i])) return;
  while (i < len && is_space(s[i])) ++i;
  a = i;
  while (i < len && !is_space(s[i]) && s[i] != '#' && s[i] != ';') ++i;
  if (sv->n < DNS_MAX_SERVERS && addr_scan(&sv->s[sv->n], s + a, i - a)) ++sv->n;
}

void dns_servers_parse(struct dns_servers *sv, const char *text, size_t len)
{
  size_t i = 0;
  while (i < len) {
    size_t e = i;
    while (e < len && text[e] != '\n') ++e;
    parse_line(sv, text + i, e - i);
    i = e + 1;
  }
}

static int is_listsep(char c) { return c == ',' || is_space(c) || c == '\n'; }

int dns_servers_list(struct dns_servers *sv, const char *list)
{
  size_t i = 0, n = 0, len = strlen(list);
  struct dns_server one;
  while (i < len) {
    size_t a;
    if (is_listsep(list[i])) {
      ++i;
      continue;
    }
    for (a = i; i < len && !is_listsep(list[i]); ++i) {}
    if (!addr_scan(&one, list + a, i - a)) return fail(EINVAL);
    if (n < DNS_MAX_SERVERS) sv->s[n++] = one;
  }
  if (!n) return fail(EINVAL);
  sv->n = n;
  return 0;
}

/* load_file: the nameserver lines of the file at path into sv; a missing
 * file adds nothing. Returns 0, or -1 with errno. */
static int load_file(struct dns_servers *sv, const char *path)
{
  size_t n = 0;
  char *text;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
  text = malloc(DNS_RESOLVCONF_MAX);
  if (!text) {
    close(fd);
    return fail(ENOMEM);
  }
  while (n < DNS_RESOLVCONF_MAX) {
    ssize_t got = read(fd, text + n, DNS_RESOLVCONF_MAX - n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      close_keep_errno(fd);
      free(text);
      return -1;
    }
    if (got == 0) break;
    n += (size_t)got;
  }
  close(fd);
  /* a file cut at the maximum loses its partial last line, so that a cut
   * address is not taken for a shorter one */
  if (n == DNS_RESOLVCONF_MAX)
    while (n && text[n - 1] != '\n') --n;
  dns_servers_parse(sv, text, n);
  free(text);
  return 0;
}

int dns_servers_load(struct dns_servers *sv, const char *resolvconf)
{
  const char *ips = env_get("DNSCACHEIP"), *port = env_get("DNSCACHEPORT");
  sv->n = 0;
  sv->port = DNS_PORT;
  if (port && *port) {
    unsigned long v;
    size_t len = strlen(port);
    if (scan_ulong(port, len, &v) != len || v == 0 || v > 65535) return fail(EINVAL);
    sv->port = (uint16_t)v;
  }
  if (ips && *ips) return dns_servers_list(sv, ips);
  if (load_file(sv, resolvconf) < 0) return -1;
  if (!sv->n) {
    memset(&sv->s[0], 0, sizeof sv->s[0]);
    sv->s[0].ip[0] = 127;
    sv->s[0].ip[3] = 1;
    sv->n = 1;
  }
  return 0;
}

/* ---- time, randomness, addresses ---- */

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* random_bytes: n (at most 256) unpredictable bytes. Returns 0, or -1. */
static int random_bytes(void *p, size_t n)
{
  ssize_t got;
  do got = getrandom(p, n, 0);
  while (got < 0 && errno == EINTR);
  if (got < 0) return -1;
  return (size_t)got == n ? 0 : fail(EIO);
}

union sockaddr_any {
  struct sockaddr sa;
  struct sockaddr_in in;
  struct sockaddr_in6 in6;
};

/* sa_make: the socket address of server srv at port; returns its length. */
static socklen_t sa_make(union sockaddr_any *u, const struct dns_server *srv, uint16_t port)
{
  memset(u, 0, sizeof *u);
  if (srv->v6) {
    u->in6.sin6_family = AF_INET6;
    u->in6.sin6_port = htons(port);
    memcpy(&u->in6.sin6_addr, srv->ip, 16);
    return sizeof u->in6;
  }
  u->in.sin_family = AF_INET;
  u->in.sin_port = htons(port);
  memcpy(&u->in.sin_addr, srv->ip, 4);
  return sizeof u->in;
}

/* sa_same: 1 if a (from recvfrom) is the address and port of b. */
static int sa_same(const union sockaddr_any *a, socklen_t alen, const union sockaddr_any *b)
{
  if (a->sa.sa_family != b->sa.sa_family) return 0;
  if (b->sa.sa_family == AF_INET)
    return alen >= sizeof a->in && a->in.sin_port == b->in.sin_port &&
           a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
  return alen >= sizeof a->in6 && a->in6.sin6_port == b->in6.sin6_port &&
         memcmp(&a->in6.sin6_addr, &b->in6.sin6_addr, 16) == 0;
}

/* wait_fd: wait until fd is ready for events or the clock reaches until.
 * Returns 0 when ready, -1 ETIMEDOUT or a poll error. */
static int wait_fd(int fd, short events, long long until)
{
  for (;;) {
    struct pollfd p = { fd, events, 0 };
    long long left = until - now_ms();
    if (left <= 0) return fail(ETIMEDOUT);
    int r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
    if (r > 0) return 0;
    if (r < 0 && errno != EINTR) return -1;
  }
}

/* ---- one exchange ---- */

/* judge: what to do with msg (n bytes), already known to match q:
 * J_OK (parsed into r), J_TCP (truncated), J_NOEDNS (FORMERR to a query
 * with EDNS), or -1 with errno (EAGAIN for a server failure, or the
 * parser's EPROTO / ELOOP). */
static int judge(const unsigned char *msg, size_t n, const struct dns_question *q,
                 unsigned flags, struct dns_reply *r)
{
  struct dns_header h;
  if (dns_packet_header(msg, n, &h) < 0) return -1;
  if (h.tc) return J_TCP;
  if (h.rcode == DNS_R_FORMERR && (flags & (DNS_Q_EDNS | DNS_Q_DO))) return J_NOEDNS;
  if (h.rcode != DNS_R_NOERROR && h.rcode != DNS_R_NXDOMAIN) return fail(EAGAIN);
  return dns_packet_parse(msg, n, q, r) < 0 ? -1 : J_OK;
}

/* make_query: a fresh random id for q and the query for it in out
 * (DNS_QUERY_MAX bytes). Returns its length, or -1. */
static ssize_t make_query(unsigned char *out, struct dns_question *q, unsigned flags)
{
  unsigned char id[2];
  if (random_bytes(id, 2) < 0) return -1;
  q->id = (uint16_t)(id[0] << 8 | id[1]);
  return dns_packet_query(out, DNS_QUERY_MAX, q, flags);
}

static int udp_send(int fd, struct dns_question *q, unsigned flags)
{
  unsigned char out[DNS_QUERY_MAX];
  ssize_t n = make_query(out, q, flags);
  if (n < 0) return -1;
  ssize_t w = send(fd, out, (size_t)n, MSG_NOSIGNAL);
  if (w < 0) return -1;
  return w == n ? 0 : fail(EIO);
}

/* udp_recv: the next datagram that comes from the address to before
 * until, into buf (DNS_MSG_MAX bytes). Returns its length, or -1 with
 * errno (ETIMEDOUT; ECONNREFUSED when nothing listens there). */
static ssize_t udp_recv(int fd, const union sockaddr_any *to, unsigned char *buf,
                        long long until)
{
  for (;;) {
    union sockaddr_any from;
    socklen_t fromlen = sizeof from;
    if (wait_fd(fd, POLLIN, until) < 0) return -1;
    ssize_t n = recvfrom(fd, buf, DNS_MSG_MAX, 0, &from.sa, &fromlen);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    if (n < 0) return -1;
    if (sa_same(&from, fromlen, to)) return n;
  }
}

/* udp_try: ask server i over UDP and wait until until for an answer that
 * matches; others are ignored. *flags loses EDNS if the server wants so.
 * Returns J_OK, J_TCP, or -1 with errno. */
static int udp_try(const struct dns_servers *sv, size_t i, struct dns_question *q,
                   unsigned *flags, long long until, unsigned char *buf, struct dns_reply *r)
{
  union sockaddr_any to;
  socklen_t tolen = sa_make(&to, &sv->s[i], sv->port);
  int rc, fd = socket(to.sa.sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  /* connect: the kernel picks a random source port and drops datagrams
   * from other peers; udp_recv checks the source again all the same */
  if (connect(fd, &to.sa, tolen) < 0 || udp_send(fd, q, *flags) < 0) {
    close_keep_errno(fd);
    return -1;
  }
  for (;;) {
    ssize_t n = udp_recv(fd, &to, buf, until);
    if (n < 0) {
      rc = -1;
      break;
    }
    if (dns_packet_matches(buf, (size_t)n, q) != 0) continue;  /* not ours */
    rc = judge(buf, (size_t)n, q, *flags, r);
    if (rc != J_NOEDNS) break;
    *flags &= ~(unsigned)(DNS_Q_EDNS | DNS_Q_DO);
    if (udp_send(fd, q, *flags) < 0) {
      rc = -1;
      break;
    }
  }
  close_keep_errno(fd);
  return rc;
}

/* io_all: write (out != 0) or read n bytes on the non-blocking fd before
 * until. Returns 0, or -1 with errno (EPROTO when the peer closes early). */
static int io_all(int fd, const unsigned char *out, unsigned char *in, size_t n, long long until)
{
  size_t done = 0;
  while (done < n) {
    ssize_t k = out ? send(fd, out + done, n - done, MSG_NOSIGNAL)
                    : recv(fd, in + done, n - done, 0);
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (wait_fd(fd, out ? POLLOUT : POLLIN, until) < 0) return -1;
      continue;
    }
    if (k < 0) return -1;
    if (k == 0) return fail(EPROTO);
    done += (size_t)k;
  }
  return 0;
}

/* tcp_connect: a TCP connection to server i, made before until.
 * Returns the non-blocking fd, or -1 with errno. */
static int tcp_connect(const struct dns_servers *sv, size_t i, long long until)
{
  union sockaddr_any to;
  socklen_t tolen = sa_make(&to, &sv->s[i], sv->port);
  int err = 0, fd = socket(to.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  socklen_t errlen = sizeof err;
  if (fd < 0) return -1;
  if (connect(fd, &to.sa, tolen) == 0) return fd;
  if (errno != EINPROGRESS || wait_fd(fd, POLLOUT, until) < 0 ||
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0) {
    close_keep_errno(fd);
    return -1;
  }
  if (err) {
    close(fd);
    return fail(err);
  }
  return fd;
}

/* tcp_try: ask server i over TCP (2-byte length prefix) before until.
 * Returns J_OK, or -1 with errno. */
static int tcp_try(const struct dns_servers *sv, size_t i, struct dns_question *q,
                   unsigned flags, long long until, unsigned char *buf, struct dns_reply *r)
{
  unsigned char out[2 + DNS_QUERY_MAX], lenbuf[2];
  int rc = -1, fd = tcp_connect(sv, i, until);
  ssize_t n;
  if (fd < 0) return -1;
  if ((n = make_query(out + 2, q, flags)) < 0) goto done;
  out[0] = (unsigned char)(n >> 8);
  out[1] = (unsigned char)n;
  if (io_all(fd, out, 0, (size_t)n + 2, until) < 0) goto done;
  if (io_all(fd, 0, lenbuf, 2, until) < 0) goto done;
  n = lenbuf[0] << 8 | lenbuf[1];
  if (io_all(fd, 0, buf, (size_t)n, until) < 0) goto done;
  /* on our own connection an answer that does not match is an error */
  if (dns_packet_matches(buf, (size_t)n, q) < 0) {
    if (errno == ENOMSG) errno = EPROTO;
    goto done;
  }
  rc = judge(buf, (size_t)n, q, flags, r);
  if (rc == J_TCP || rc == J_NOEDNS) rc = fail(EAGAIN);
done:
  close_keep_errno(fd);
  return rc;
}

/* ---- the query loop ---- */

/* what went wrong so far, to report the most telling errno at the end */
struct tally {
  int answer;   /* a server answered, badly: EAGAIN, EPROTO, ELOOP */
  int timeout;  /* some attempt timed out */
  int other;    /* socket errors: ECONNREFUSED, ... */
};

static void tally_note(struct tally *t, int e)
{
  if (e == ETIMEDOUT) t->timeout = 1;
  else if (e == EAGAIN || e == EPROTO || e == ELOOP) t->answer = e;
  else t->other = e;
}

static int tally_errno(const struct tally *t)
{
  if (t->answer) return t->answer;
  if (t->timeout || !t->other) return ETIMEDOUT;
  return t->other;
}

/* attempt: one try at server i: UDP until slice, then TCP until until if
 * the answer was truncated. Returns 0, or -1 with errno. */
static int attempt(const struct dns_servers *sv, size_t i, struct dns_question *q,
                   unsigned flags, long long slice, long long until, unsigned char *buf,
                   struct dns_reply *r)
{
  int rc = udp_try(sv, i, q, &flags, slice, buf, r);
  if (rc == J_TCP) rc = tcp_try(sv, i, q, flags, until, buf, r);
  return rc < 0 ? -1 : 0;
}

/* slice_end: when attempt (round, server i of n) gives up: rounds double
 * their share of the total; the last attempt gets whatever is left. */
static long long slice_end(unsigned timeout_ms, unsigned round, size_t i, size_t n,
                           long long now, long long until)
{
  long long share = (long long)timeout_ms * (1LL << round) /
                    ((long long)((1u << DNS_TRIES) - 1) * (long long)n);
  if (round == DNS_TRIES - 1 && i == n - 1) return until;
  if (share < 1) share = 1;
  return now + share < until ? now + share : until;
}

int dns_query(const struct dns_servers *sv, struct dns_question *q, unsigned flags,
              unsigned timeout_ms, struct dns_reply *r)
{
  unsigned char done[DNS_MAX_SERVERS] = { 0 }, *buf;
  struct tally t = { 0, 0, 0 };
  long long until = now_ms() + timeout_ms;
  size_t n = sv->n < DNS_MAX_SERVERS ? sv->n : DNS_MAX_SERVERS;
  if (!n) return fail(EINVAL);
  if (!(buf = malloc(DNS_MSG_MAX))) return fail(ENOMEM);
  for (unsigned round = 0; round < DNS_TRIES; ++round)
    for (size_t i = 0; i < n; ++i) {
      long long now = now_ms();
      if (done[i]) continue;
      if (now >= until) goto out;
      if (attempt(sv, i, q, flags, slice_end(timeout_ms, round, i, n, now, until), until, buf,
                  r) == 0) {
        free(buf);
        return 0;
      }
      tally_note(&t, errno);
      /* a server that answered badly or refused is not asked again */
      if (errno != ETIMEDOUT) done[i] = 1;
    }
out:
  free(buf);
  return fail(tally_errno(&t));
}

/* ---- lookups ---- */

int dns_lookup(const struct dns_servers *sv, const char *name, uint16_t type,
               struct dns_reply *r, unsigned timeout_ms)
{
  struct dns_servers own;
  struct dns_question q;
  if (dns_packet_question(&q, name, type, 0) < 0) return DNS_BADNAME;
  if (!sv) {
    if (dns_servers_load(&own, DNS_RESOLVCONF) < 0) return -1;
    sv = &own;
  }
  if (dns_query(sv, &q, QUERY_FLAGS, timeout_ms, r) < 0) return -1;
  if (r->h.rcode == DNS_R_NXDOMAIN) return DNS_NXDOMAIN;
  return r->count ? DNS_OK : DNS_NODATA;
}

int dns_ip4(const char *name, struct dns_reply *r, unsigned timeout_ms)
{
  return dns_lookup(0, name, DNS_T_A, r, timeout_ms);
}

int dns_ip6(const char *name, struct dns_reply *r, unsigned timeout_ms)
{
  return dns_lookup(0, name, DNS_T_AAAA, r, timeout_ms);
}

int dns_txt(const char *name, struct dns_reply *r, unsigned timeout_ms)
{
  return dns_lookup(0, name, DNS_T_TXT, r, timeout_ms);
}

int dns_tlsa(const char *name, struct dns_reply *r, unsigned timeout_ms)
{
  return dns_lookup(0, name, DNS_T_TLSA, r, timeout_ms);
}

/* mx_order: shuffle r's records, then sort them by preference, stably,
 * so that equal preferences end in random order. */
static void mx_order(struct dns_reply *r)
{
  uint32_t rnd[DNS_MAX_ANSWERS];
  struct dns_rr tmp;
  size_t n = r->count;
  if (random_bytes(rnd, n * sizeof rnd[0]) == 0)
    for (size_t i = n; i > 1; --i) {
      size_t j = rnd[i - 1] % i;
      tmp = r->rr[i - 1];
      r->rr[i - 1] = r->rr[j];
      r->rr[j] = tmp;
    }
  for (size_t i = 1; i < n; ++i) {
    size_t j = i;
    tmp = r->rr[i];
    for (; j > 0 && r->rr[j - 1].pref > tmp.pref; --j) r->rr[j] = r->rr[j - 1];
    r->rr[j] = tmp;
  }
}

int dns_mx(const char *name, struct dns_reply *r, unsigned timeout_ms)
{
  int rc = dns_lookup(0, name, DNS_T_MX, r, timeout_ms);
  if (rc == DNS_OK) mx_order(r);
  return rc;
}

int dns_ptr4(const unsigned char ip[4], struct dns_reply *r, unsigned timeout_ms)
{
  char name[DNS_PTR_MAX];
  dns_packet_ptrname4(name, ip);
  return dns_lookup(0, name, DNS_T_PTR, r, timeout_ms);
}

int dns_ptr6(const unsigned char ip[16], struct dns_reply *r, unsigned timeout_ms)
{
  char name[DNS_PTR_MAX];
  if (ip6_is_v4mapped(ip)) return dns_ptr4(ip + 12, r, timeout_ms);
  dns_packet_ptrname6(name, ip);
  return dns_lookup(0, name, DNS_T_PTR, r, timeout_ms);
}

int dns_ptr(const char *addr, struct dns_reply *r, unsigned timeout_ms)
{
  unsigned char ip[16];
  size_t len = strlen(addr);
  if (len && ip4_scan(addr, len, ip) == len) return dns_ptr4(ip, r, timeout_ms);
  if (len && ip6_scan(addr, len, ip) == len) return dns_ptr6(ip, r, timeout_ms);
  return DNS_BADNAME;
}

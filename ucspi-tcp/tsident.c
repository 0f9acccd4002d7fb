/* tsident.c — the RFC 1413 ident lookup of tcpserver -r. */
#include "tsident.h"

#include <errno.h>
#include <unistd.h>

#include "case.h"
#include "fmt.h"
#include "iopause.h"
#include "socket.h"

size_t tsident_query(char *out, uint16_t rport, uint16_t lport)
{
  size_t n = fmt_ulong(out, rport);
  out[n++] = ' ';
  out[n++] = ',';
  out[n++] = ' ';
  n += fmt_ulong(out + n, lport);
  out[n++] = '\r';
  out[n++] = '\n';
  return n;
}

struct cur { const char *s; size_t len, i; };

static void blanks(struct cur *c)
{
  while (c->i < c->len && (c->s[c->i] == ' ' || c->s[c->i] == '\t')) ++c->i;
}

/* a decimal port equal to want, then blanks */
static int port(struct cur *c, uint16_t want)
{
  unsigned long u = 0;
  size_t n = 0;
  blanks(c);
  while (c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9' && n < 6) {
    u = u * 10 + (unsigned long)(c->s[c->i] - '0');
    ++c->i;
    ++n;
  }
  if (n == 0 || n > 5 || u != want) return 0;
  blanks(c);
  return 1;
}

static int sep(struct cur *c, char ch)
{
  if (c->i >= c->len || c->s[c->i] != ch) return 0;
  ++c->i;
  return 1;
}

int tsident_parse(const char *r, size_t len, uint16_t rport, uint16_t lport, char *out,
                  size_t outsize)
{
  struct cur c;
  size_t n = 0, end;
  if (!outsize) return 0;
  out[0] = 0;
  for (end = 0; end < len && r[end] != '\r' && r[end] != '\n'; ++end) {}
  c.s = r;
  c.len = end;
  c.i = 0;
  if (!port(&c, rport) || !sep(&c, ',') || !port(&c, lport) || !sep(&c, ':')) return 0;
  blanks(&c);
  if (c.len - c.i < 6 || case_diffb(c.s + c.i, 6, "USERID")) return 0;
  c.i += 6;
  blanks(&c);
  if (!sep(&c, ':')) return 0;
  while (c.i < c.len && c.s[c.i] != ':') ++c.i;  /* opsys [, charset] */
  if (!sep(&c, ':')) return 0;
  blanks(&c);
  /* trailing blanks are padding, not part of the name */
  while (c.len > c.i && (c.s[c.len - 1] == ' ' || c.s[c.len - 1] == '\t')) --c.len;
  for (; c.i < c.len && n + 1 < outsize; ++c.i) {
    unsigned char ch = (unsigned char)c.s[c.i];
    out[n++] = (ch < 33 || ch > 126 || ch == ':') ? '?' : (char)ch;
  }
  out[n] = 0;
  return n > 0;
}

/* send the query and read the reply line into r; its length, or 0 */
static size_t converse(int fd, uint16_t rport, uint16_t lport, int64_t deadline, char *r)
{
  char q[TSIDENT_QUERY_MAX];
  size_t qlen = tsident_query(q, rport, lport), qpos = 0, len = 0;
  while (qpos < qlen) {
    ssize_t w;
    if (iopause_one(fd, IOPAUSE_WRITE, deadline) == -1) return 0;
    w = write(fd, q + qpos, qlen - qpos);
    if (w == -1 && (errno == EAGAIN || errno == EINTR)) continue;
    if (w <= 0) return 0;
    qpos += (size_t)w;
  }
  while (len < TSIDENT_REPLY_MAX) {
    ssize_t got;
    if (iopause_one(fd, IOPAUSE_READ, deadline) == -1) return 0;
    got = read(fd, r + len, TSIDENT_REPLY_MAX - len);
    if (got == -1 && (errno == EAGAIN || errno == EINTR)) continue;
    if (got <= 0) break;
    len += (size_t)got;
    if (r[len - 1] == '\n') break;
  }
  return len;
}

int tsident_lookup(const unsigned char lip[16], const unsigned char rip[16], int is_v6,
                   uint16_t lport, uint16_t rport, unsigned timeout_ms, char *out,
                   size_t outsize)
{
  char r[TSIDENT_REPLY_MAX];
  int64_t deadline;
  size_t len;
  int fd, ok = 0;
  if (outsize) out[0] = 0;
  if (timeout_ms == 0) return 0;
  deadline = iopause_deadline((int64_t)timeout_ms);
  fd = socket_tcp(is_v6);
  if (fd == -1) return 0;
  if (socket_bind(fd, is_v6 ? lip : lip + 12, 0, is_v6) == -1) goto done;
  if (socket_connect(fd, is_v6 ? rip : rip + 12, TSIDENT_PORT, is_v6) == -1) {
    int64_t now = iopause_now(), left = deadline - now;
    if (errno != EINPROGRESS || left <= 0) goto done;
    if (socket_connect_wait(fd, left > 0x7fffffff ? 0x7fffffff : (int)left) == -1) goto done;
  }
  len = converse(fd, rport, lport, deadline, r);
  if (len) ok = tsident_parse(r, len, rport, lport, out, outsize);
done:
  close(fd);
  return ok;
}

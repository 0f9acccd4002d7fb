/* tcinfo.c — the RFC 1413 ident question for TCPREMOTEINFO. */
#include "tcinfo.h"

#include <errno.h>
#include <unistd.h>

#include "case.h"
#include "fmt.h"
#include "iopause.h"
#include "scan.h"
#include "socket.h"

/* skip spaces and tabs from *i */
static void tcinfo_space(const char *x, size_t n, size_t *i)
{
  while (*i < n && (x[*i] == ' ' || x[*i] == '\t')) ++*i;
}

/* a port number at *i, surrounded by optional spaces; 1 if it equals want */
static int tcinfo_portis(const char *x, size_t n, size_t *i, uint16_t want)
{
  unsigned long u;
  size_t k;
  tcinfo_space(x, n, i);
  k = scan_ulong(x + *i, n - *i, &u);
  if (!k || u != want) return 0;
  *i += k;
  tcinfo_space(x, n, i);
  return 1;
}

int tcinfo_parse(const char *x, size_t n, uint16_t rport, uint16_t lport, char *out,
                 size_t size)
{
  size_t i = 0, k;
  if (!size) return 0;
  while (n && (x[n - 1] == '\n' || x[n - 1] == '\r')) --n;
  if (!tcinfo_portis(x, n, &i, rport) || i >= n || x[i++] != ',') return 0;
  if (!tcinfo_portis(x, n, &i, lport) || i >= n || x[i++] != ':') return 0;
  tcinfo_space(x, n, &i);
  if (n - i < 6 || !case_startb(x + i, n - i, "USERID")) return 0;
  i += 6;
  tcinfo_space(x, n, &i);
  if (i >= n || x[i++] != ':') return 0;
  while (i < n && x[i] != ':') ++i;   /* the operating system, and charset */
  if (i >= n) return 0;
  ++i;
  tcinfo_space(x, n, &i);
  if (i >= n) return 0;
  for (k = 0; i < n && k + 1 < size; ++i) {
    if (x[i] == 0) return 0;
    out[k++] = x[i];
  }
  out[k] = 0;
  return 1;
}

/* the exchange on the connected non-blocking socket s */
static int tcinfo_talk(int s, uint16_t rport, uint16_t lport, int64_t deadline, char *out,
                       size_t size)
{
  char q[2 * FMT_ULONG + 8], line[TCINFO_LINE_MAX];
  size_t qlen = 0, qpos = 0, len = 0;
  ssize_t r;
  qlen += fmt_ulong(q + qlen, rport);
  qlen += fmt_str(q + qlen, " , ");
  qlen += fmt_ulong(q + qlen, lport);
  qlen += fmt_str(q + qlen, "\r\n");
  while (qpos < qlen) {
    if (iopause_one(s, IOPAUSE_WRITE, deadline) == -1) return -1;
    r = write(s, q + qpos, qlen - qpos);
    if (r == -1 && (errno == EAGAIN || errno == EINTR)) continue;
    if (r <= 0) return -1;
    qpos += (size_t)r;
  }
  while (len < sizeof line) {
    if (len && line[len - 1] == '\n') break;
    if (iopause_one(s, IOPAUSE_READ, deadline) == -1) return -1;
    r = read(s, line + len, sizeof line - len);
    if (r == -1 && (errno == EAGAIN || errno == EINTR)) continue;
    if (r == -1) return -1;
    if (r == 0) break;
    len += (size_t)r;
  }
  if (!tcinfo_parse(line, len, rport, lport, out, size)) {
    errno = EPROTO;
    return -1;
  }
  return 0;
}

int tcinfo_query(const struct tcaddr *local, uint16_t lport, const struct tcaddr *remote,
                 uint16_t rport, unsigned long timeout_s, char *out, size_t size)
{
  int64_t deadline = iopause_deadline((int64_t)timeout_s * 1000);
  int s, r, e;
  s = socket_tcp(remote->v6);
  if (s == -1) return -1;
  r = socket_bind(s, local->v6 ? local->ip : local->ip + 12, 0, remote->v6);
  if (r == 0) r = socket_connect(s, remote->v6 ? remote->ip : remote->ip + 12, TCINFO_PORT,
                                 remote->v6);
  if (r == -1 && errno == EINPROGRESS) {
    r = iopause_one(s, IOPAUSE_WRITE, deadline) == -1 ? -1 : socket_connect_wait(s, 1);
  }
  if (r == 0) r = tcinfo_talk(s, rport, lport, deadline, out, size);
  e = errno;
  close(s);
  errno = e;
  return r;
}

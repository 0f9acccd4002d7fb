/* tcconn.c — try each address of a host in turn with djb's x+y timeouts. */
#include "tcconn.h"

#include <errno.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "socket.h"

#define TCCONN_MS_MAX 86400000UL

/* one attempt: 0 with *fd connected, 1 when the address failed (errno),
 * or a fatal TCCONN_SOCKET / TCCONN_BIND (errno) */
static int tcconn_try(const struct tcaddr *a, uint16_t port, const struct tcconn_opts *o,
                      unsigned long seconds, int *fd)
{
  const unsigned char *ip = a->v6 ? a->ip : a->ip + 12;
  unsigned long ms = seconds * 1000UL;
  int s, e;
  if (ms == 0) ms = 1;  /* 0 seconds: only what connects at once */
  if (ms > TCCONN_MS_MAX) ms = TCCONN_MS_MAX;
  s = socket_tcp(a->v6);
  if (s == -1) return TCCONN_SOCKET;
  if (o->have_local || o->localport) {
    const unsigned char *lip = 0;
    if (o->have_local) lip = o->local.v6 ? o->local.ip : o->local.ip + 12;
    if (socket_bind(s, lip, o->localport, a->v6) == -1) {
      e = errno;
      close(s);
      errno = e;
      return TCCONN_BIND;
    }
  }
  if (socket_connect(s, ip, port, a->v6) == -1) {
    if ((errno != EINPROGRESS && errno != EINTR) || socket_connect_wait(s, (int)ms) == -1) {
      e = errno;
      close(s);
      errno = e;
      return 1;
    }
  }
  if (socket_nonblock(s, 0) == -1) {
    e = errno;
    close(s);
    errno = e;
    return 1;
  }
  if (o->nodelay) {
    int one = 1;
    (void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  /* a bonus */
  }
  *fd = s;
  return 0;
}

static int tcconn_family_ok(const struct tcaddr *a, const struct tcconn_opts *o)
{
  return !o->have_local || a->v6 == o->local.v6;
}

int tcconn_connect(const struct tcaddr_list *l, uint16_t port, const struct tcconn_opts *o,
                   tcconn_warn warn, void *ctx, int *fd, size_t *which)
{
  unsigned char retry[TCADDR_MAX] = { 0 };
  unsigned long t[2];
  size_t i, usable = 0;
  int pass, r;
  for (i = 0; i < l->n; ++i) usable += tcconn_family_ok(&l->a[i], o);
  t[0] = o->x;
  t[1] = o->y;
  if (usable == 1) { t[0] += t[1]; t[1] = 0; }
  for (pass = 0; pass < 2; ++pass) {
    for (i = 0; i < l->n && i < TCADDR_MAX; ++i) {
      if (!tcconn_family_ok(&l->a[i], o)) continue;
      if (pass == 1 && !retry[i]) continue;
      r = tcconn_try(&l->a[i], port, o, t[pass], fd);
      if (r == 0) {
        if (which) *which = i;
        return TCCONN_OK;
      }
      if (r != 1) return r;
      if (pass == 0 && t[1] && errno == ETIMEDOUT) {
        retry[i] = 1;
        continue;
      }
      if (warn) warn(ctx, &l->a[i], port, errno);
    }
    if (!t[1]) break;
  }
  return TCCONN_NONE;
}

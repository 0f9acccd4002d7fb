/* tcconn.c — unit test for ucspi-tcp/tcconn: addresses in order, refused and timed-out addresses, the second try, local binding. */
#include "tcconn.h"
#include "tap.h"

#include <time.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "socket.h"

struct seen { int n; int err[8]; };

static void warn(void *ctx, const struct tcaddr *a, uint16_t port, int err)
{
  struct seen *s = ctx;
  (void)a; (void)port;
  if (s->n < 8) s->err[s->n] = err;
  ++s->n;
}

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* a listener on ip (text) at port (0: any); its port in *port */
static int listener(const char *ip, uint16_t *port, int backlog)
{
  struct tcaddr a;
  int fd;
  if (!tcaddr_literal(ip, TCADDR_ANY, &a)) return -1;
  fd = socket_tcp(0);
  if (fd < 0) return -1;
  if (socket_bind(fd, a.ip + 12, *port, 0) < 0 || socket_listen(fd, backlog) < 0) {
    close(fd);
    return -1;
  }
  if (socket_local(fd, 0, port, 0) < 0) { close(fd); return -1; }
  return fd;
}

static void add(struct tcaddr_list *l, const char *ip)
{
  if (tcaddr_literal(ip, TCADDR_ANY, &l->a[l->n])) ++l->n;
}

int main(void)
{
  struct tcaddr_list l;
  struct tcconn_opts o;
  struct seen s;
  uint16_t port = 0, port2;
  int lfd, full, fill[4], fd = -1, i, rc;
  size_t which = 9;
  long long t0;

  memset(&o, 0, sizeof o);
  o.x = 2; o.y = 5;
  lfd = listener("127.0.0.2", &port, 8);
  if (lfd < 0) skip_all("cannot listen on 127.0.0.2");

  /* 127.0.0.1 refuses (nothing listens there on that port), 127.0.0.2 answers */
  l.n = 0; add(&l, "127.0.0.1"); add(&l, "127.0.0.2");
  memset(&s, 0, sizeof s);
  rc = tcconn_connect(&l, port, &o, warn, &s, &fd, &which);
  is_int(rc, TCCONN_OK, "connected");
  is_int(which, 1, "to the second address");
  is_int(s.n, 1, "one warning");
  is_int(s.err[0], ECONNREFUSED, "for the refusal");
  if (fd >= 0) close(fd);

  /* every address refuses */
  l.n = 0; add(&l, "127.0.0.1"); add(&l, "127.0.0.3");
  memset(&s, 0, sizeof s);
  rc = tcconn_connect(&l, port, &o, warn, &s, &fd, 0);
  is_int(rc, TCCONN_NONE, "nobody answers");
  is_int(s.n, 2, "a warning per address");

  /* a full backlog drops SYNs: the address times out */
  port2 = port;
  full = listener("127.0.0.1", &port2, 0);
  ok(full >= 0, "a listener that never accepts, on the same port");
  for (i = 0; i < 4; ++i) {
    fill[i] = socket_tcp(0);
    if (socket_connect(fill[i], l.a[0].ip + 12, port, 0) < 0) {}
  }
  {
    struct timespec ts = { 0, 200000000 };
    nanosleep(&ts, 0);
  }
  l.n = 0; add(&l, "127.0.0.1"); add(&l, "127.0.0.2");
  o.x = 1; o.y = 5;
  memset(&s, 0, sizeof s);
  t0 = now_ms();
  rc = tcconn_connect(&l, port, &o, warn, &s, &fd, &which);
  is_int(rc, TCCONN_OK, "timed out on the first, connected to the second");
  is_int(which, 1, "the second address");
  is_int(s.n, 0, "a timeout kept for the second try is not reported");
  ok(now_ms() - t0 >= 900 && now_ms() - t0 < 4000, "about x seconds spent");
  if (fd >= 0) close(fd);

  /* a single address gets x + y at once */
  l.n = 0; add(&l, "127.0.0.1");
  o.x = 0; o.y = 1;
  memset(&s, 0, sizeof s);
  t0 = now_ms();
  rc = tcconn_connect(&l, port, &o, warn, &s, &fd, 0);
  is_int(rc, TCCONN_NONE, "a lone address that times out");
  is_int(s.n, 1, "is reported");
  is_int(s.err[0], ETIMEDOUT, "as a timeout");
  ok(now_ms() - t0 >= 900 && now_ms() - t0 < 4000, "after x + y seconds");
  for (i = 0; i < 4; ++i) close(fill[i]);
  close(full);

  /* local binding */
  o.x = 2; o.y = 0;
  l.n = 0; add(&l, "127.0.0.2");
  o.have_local = tcaddr_literal("127.0.0.3", TCADDR_ANY, &o.local);
  rc = tcconn_connect(&l, port, &o, warn, &s, &fd, 0);
  is_int(rc, TCCONN_OK, "bound to 127.0.0.3");
  if (rc == TCCONN_OK) {
    struct tcaddr me;
    char text[TCADDR_FMT];
    ok(socket_local(fd, me.ip, 0, &me.v6) == 0, "local address");
    tcaddr_fmt(text, &me);
    is_str(text, "127.0.0.3", "the one asked for");
    close(fd);
  }
  o.have_local = tcaddr_literal("192.0.2.1", TCADDR_ANY, &o.local);
  rc = tcconn_connect(&l, port, &o, warn, &s, &fd, 0);
  is_int(rc, TCCONN_BIND, "an address this host does not have");
  is_int(errno, EADDRNOTAVAIL, "EADDRNOTAVAIL");
  o.have_local = tcaddr_literal("::1", TCADDR_ANY, &o.local);
  memset(&s, 0, sizeof s);
  rc = tcconn_connect(&l, port, &o, warn, &s, &fd, 0);
  is_int(rc, TCCONN_NONE, "an IPv6 local address skips IPv4 servers");
  is_int(s.n, 0, "without a warning");
  close(lfd);
  return done_testing();
}

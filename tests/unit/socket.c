/* socket.c — unit test for libqmail/socket, on loopback only. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/un.h>
#include <time.h>

#include "ip.h"
#include "socket.h"
#include "tap.h"

static const unsigned char lo4[4] = { 127, 0, 0, 1 };
static const unsigned char lo6[16] = { 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1 };

static int readable(int fd, int ms)
{
  struct pollfd p = { fd, POLLIN, 0 };
  return poll(&p, 1, ms) == 1;
}

static int is_nonblock(int fd) { return (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }
static int is_cloexec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* the lowest free descriptor number: a leak check */
static int lowest_fd(void)
{
  int fd = dup(0);
  if (fd >= 0) close(fd);
  return fd;
}

/* write "ping" one way and "pong" back over two connected stream fds */
static int exchange(int a, int b)
{
  char got[8];
  if (write(a, "ping", 4) != 4 || !readable(b, 2000) || read(b, got, sizeof got) != 4 ||
      memcmp(got, "ping", 4) != 0)
    return 0;
  if (write(b, "pong", 4) != 4 || !readable(a, 2000) || read(a, got, sizeof got) != 4 ||
      memcmp(got, "pong", 4) != 0)
    return 0;
  return 1;
}

/* a listener on ip (4 or 16 bytes), port picked by the kernel */
static int listener(const unsigned char *ip, int is_v6, int backlog, uint16_t *port)
{
  int fd = socket_tcp(is_v6);
  if (fd < 0) return -1;
  if (socket_reuseaddr(fd) < 0 || socket_bind(fd, ip, 0, is_v6) < 0 ||
      socket_listen(fd, backlog) < 0 || socket_local(fd, NULL, port, NULL) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void test_tcp4(void)
{
  unsigned char ip[16];
  uint16_t port = 0, cport = 0, rport = 0;
  int v6 = -1, s, c, a;

  s = socket_tcp4();
  ok(s >= 0, "socket_tcp4");
  ok(is_nonblock(s) && is_cloexec(s), "tcp socket is non-blocking and close-on-exec");
  is_int(socket_reuseaddr(s), 0, "reuseaddr");
  is_int(socket_bind4(s, lo4, 0), 0, "bind4 127.0.0.1 port 0");
  is_int(socket_listen(s, 16), 0, "listen");
  memset(ip, 0xee, sizeof ip);
  is_int(socket_local(s, ip, &port, &v6), 0, "local");
  ok(port != 0, "the kernel picked port %u", port);
  ok(ip6_is_v4mapped(ip) && memcmp(ip + 12, lo4, 4) == 0 && v6 == 0,
     "local address is 127.0.0.1, v4-mapped, is_v6 0");
  errno = 0;
  is_int(socket_accept(s, ip, &rport, &v6), -1, "accept with nobody waiting fails");
  ok(errno == EAGAIN || errno == EWOULDBLOCK, "with EAGAIN");

  c = socket_connect_timeout(lo4, port, 0, 2000);
  ok(c >= 0, "connect_timeout to the listener");
  ok(c >= 0 && !is_nonblock(c) && is_cloexec(c), "connected fd is blocking and close-on-exec");
  ok(socket_local(c, NULL, &cport, NULL) == 0 && cport != 0, "client's local port");
  ok(socket_remote(c, ip, &rport, &v6) == 0 && rport == port && v6 == 0 &&
     memcmp(ip + 12, lo4, 4) == 0, "client's remote is the listener");
  ok(readable(s, 2000), "listener becomes readable");
  memset(ip, 0, sizeof ip);
  v6 = -1;
  a = socket_accept(s, ip, &rport, &v6);
  ok(a >= 0, "accept");
  ok(a >= 0 && !is_nonblock(a) && is_cloexec(a), "accepted fd is blocking and close-on-exec");
  ok(ip6_is_v4mapped(ip) && memcmp(ip + 12, lo4, 4) == 0, "accept sees 127.0.0.1 (v4-mapped)");
  is_int(rport, cport, "accept sees the client's port");
  is_int(v6, 0, "accept: is_v6 0");
  ok(exchange(c, a), "bytes go both ways");
  ok(socket_accept(s, NULL, NULL, NULL) < 0, "no second connection");
  close(a);
  close(c);

  /* the two-step form: connect, then connect_wait */
  c = socket_tcp4();
  int r = socket_connect(c, lo4, port, 0);
  ok(r == 0 || errno == EINPROGRESS, "connect starts (EINPROGRESS)");
  is_int(socket_connect_wait(c, 2000), 0, "connect_wait: connected");
  ok(readable(s, 2000) && (a = socket_accept(s, NULL, NULL, NULL)) >= 0,
     "accept with NULL outputs");
  ok(socket_nonblock(c, 0) == 0 && !is_nonblock(c), "nonblock off");
  ok(socket_nonblock(c, 1) == 0 && is_nonblock(c), "nonblock on");
  ok(socket_nonblock(c, 0) == 0 && exchange(c, a), "bytes after connect_wait");
  errno = 0;
  is_int(socket_connect_wait(c, -1), -1, "connect_wait: negative timeout");
  is_int(errno, EINVAL, "EINVAL");
  close(a);
  close(c);
  close(s);
}

static void test_refused(void)
{
  uint16_t port = 0;
  int s = socket_tcp4(), low, c;
  long long t0;
  /* bound but not listening: the port is ours and refuses connections */
  ok(s >= 0 && socket_bind4(s, lo4, 0) == 0 && socket_local(s, NULL, &port, NULL) == 0,
     "a bound, silent port");
  low = lowest_fd();
  t0 = now_ms();
  errno = 0;
  c = socket_connect_timeout(lo4, port, 0, 3000);
  is_int(c, -1, "connect_timeout to a closed port fails");
  is_int(errno, ECONNREFUSED, "with ECONNREFUSED");
  ok(now_ms() - t0 < 1000, "and quickly (%lld ms)", now_ms() - t0);
  is_int(lowest_fd(), low, "no descriptor left open");
  errno = 0;
  is_int(socket_connect_timeout(lo4, port, 0, -5), -1, "negative timeout");
  is_int(errno, EINVAL, "EINVAL");
  close(s);
}

/* a listener with backlog 0 that never accepts: Linux lets one connection
 * complete, then drops further SYNs while the accept queue is full, so the
 * next connect stays in SYN_SENT and must time out. */
static void test_timeout(void)
{
  uint16_t port = 0;
  int s = listener(lo4, 0, 0, &port), fds[8], n = 0, timedout = 0, low;
  long long took = 0;
  ok(s >= 0, "listener with backlog 0");
  low = lowest_fd();
  while (n < 8) {
    long long t0 = now_ms();
    errno = 0;
    int c = socket_connect_timeout(lo4, port, 0, 200);
    if (c >= 0) { fds[n++] = c; continue; }
    took = now_ms() - t0;
    timedout = errno == ETIMEDOUT;
    if (!timedout) diag("connect failed: %s", strerror(errno));
    break;
  }
  if (!timedout && n == 8) {
    skip(2, "the kernel did not drop SYNs with a full accept queue");
  } else {
    ok(timedout, "connect to a full listener times out (after %d connected)", n);
    ok(took >= 150 && took < 2000, "after about 200 ms (%lld ms)", took);
  }
  while (n > 0) close(fds[--n]);
  is_int(lowest_fd(), low, "no descriptor left open");
  close(s);
}

static void test_udp4(void)
{
  unsigned char ip[16], bad[16];
  uint16_t pa = 0, pb = 0, from = 0;
  int v6 = -1, a = socket_udp4(), b = socket_udp4();
  char got[64];

  ok(a >= 0 && b >= 0, "two udp4 sockets");
  ok(is_nonblock(a) && is_cloexec(a), "udp socket is non-blocking and close-on-exec");
  ok(socket_bind4(a, lo4, 0) == 0 && socket_bind4(b, lo4, 0) == 0, "both bound");
  ok(socket_local(a, NULL, &pa, NULL) == 0 && socket_local(b, NULL, &pb, NULL) == 0 &&
     pa && pb && pa != pb, "distinct ports");
  is_int(socket_send(a, "hello", 5, lo4, pb, 0), 5, "send a datagram");
  ok(readable(b, 2000), "it arrives");
  memset(ip, 0, sizeof ip);
  is_int(socket_recv(b, got, sizeof got, ip, &from, &v6), 5, "recv its 5 bytes");
  ok(memcmp(got, "hello", 5) == 0, "payload");
  ok(from == pa && v6 == 0 && ip6_is_v4mapped(ip) && memcmp(ip + 12, lo4, 4) == 0,
     "sender is 127.0.0.1 and a's port");
  errno = 0;
  is_int(socket_recv(b, got, sizeof got, NULL, NULL, NULL), -1, "nothing more");
  ok(errno == EAGAIN || errno == EWOULDBLOCK, "EAGAIN");
  /* reply to what recv returned, as a v4-mapped 16-byte address */
  is_int(socket_send(b, "back", 4, ip, from, 1), 4, "send to a v4-mapped address on AF_INET");
  ok(readable(a, 2000) && socket_recv(a, got, 3, NULL, &from, NULL) == 3 &&
     memcmp(got, "bac", 3) == 0 && from == pb, "reply arrives, truncated to the buffer");
  ok(ip6_scan("2001:db8::1", 11, bad) == 11, "scan 2001:db8::1");
  errno = 0;
  is_int(socket_send(a, "x", 1, bad, pb, 1), -1, "send to IPv6 on an AF_INET socket");
  is_int(errno, EAFNOSUPPORT, "EAFNOSUPPORT");
  errno = 0;
  is_int(socket_send(a, "x", 1, NULL, pb, 0), -1, "send with no address");
  is_int(errno, EINVAL, "EINVAL");
  close(a);
  close(b);
}

static int have_v6(void)
{
  int fd = socket_tcp6();
  int okv = fd >= 0 && socket_bind6(fd, lo6, 0) == 0;
  if (fd >= 0) close(fd);
  return okv;
}

static void test_tcp6(void)
{
  unsigned char ip[16];
  uint16_t port = 0, cport = 0, rport = 0;
  int v6 = -1, s, c, a;
  s = listener(lo6, 1, 8, &port);
  ok(s >= 0, "tcp6 listener on ::1");
  c = socket_connect_timeout(lo6, port, 1, 2000);
  ok(c >= 0 && socket_local(c, NULL, &cport, NULL) == 0, "connect to [::1]:%u", port);
  ok(readable(s, 2000), "listener readable");
  a = socket_accept(s, ip, &rport, &v6);
  ok(a >= 0, "accept");
  ok(memcmp(ip, lo6, 16) == 0 && v6 == 1 && rport == cport, "accept sees ::1, is_v6 1, its port");
  ok(exchange(c, a), "bytes go both ways over IPv6");
  ok(socket_remote(a, ip, &rport, &v6) == 0 && memcmp(ip, lo6, 16) == 0 && v6 == 1,
     "remote of the accepted fd");
  close(a);
  close(c);
  close(s);
}

static void test_dualstack(void)
{
  unsigned char ip[16];
  uint16_t port = 0, rport = 0;
  int v6 = -1, s, c, a;

  s = socket_tcp6();
  ok(s >= 0 && socket_ipv6only(s, 0) == 0 && socket_bind6(s, NULL, 0) == 0 &&
     socket_listen(s, 8) == 0 && socket_local(s, ip, &port, &v6) == 0,
     "listener on [::] with ipv6only off");
  ok(memcmp(ip, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0 && v6 == 1, "bound to ::");
  c = socket_connect_timeout(lo4, port, 0, 2000);
  ok(c >= 0, "IPv4 client connects to it");
  ok(readable(s, 2000), "listener readable");
  a = socket_accept(s, ip, &rport, &v6);
  ok(a >= 0, "accept");
  ok(ip6_is_v4mapped(ip) && memcmp(ip + 12, lo4, 4) == 0, "peer shows as ::ffff:127.0.0.1");
  is_int(v6, 0, "and as IPv4 (is_v6 0)");
  ok(socket_local(a, ip, NULL, &v6) == 0 && ip6_is_v4mapped(ip) && v6 == 0,
     "local address of the accepted fd is v4-mapped too");
  ok(exchange(c, a), "bytes go both ways");
  close(a);
  close(c);

  /* an IPv4 address through an AF_INET6 client socket goes v4-mapped */
  c = socket_tcp6();
  int r = socket_connect(c, lo4, port, 0);
  ok(r == 0 || errno == EINPROGRESS, "AF_INET6 socket connects to 127.0.0.1");
  is_int(socket_connect_wait(c, 2000), 0, "connected");
  ok(readable(s, 2000) && (a = socket_accept(s, NULL, NULL, NULL)) >= 0, "accepted");
  if (a >= 0) close(a);
  close(c);
  close(s);

  s = socket_tcp6();
  ok(s >= 0 && socket_ipv6only(s, 1) == 0 && socket_bind6(s, NULL, 0) == 0 &&
     socket_listen(s, 8) == 0 && socket_local(s, NULL, &port, NULL) == 0,
     "listener on [::] with ipv6only on");
  errno = 0;
  c = socket_connect_timeout(lo4, port, 0, 2000);
  ok(c < 0 && errno == ECONNREFUSED, "IPv4 client is refused");
  if (c >= 0) close(c);
  close(s);
}

static void test_udp6(void)
{
  unsigned char ip[16];
  uint16_t pa = 0, pb = 0, from = 0;
  int v6 = -1, a = socket_udp6(), b = socket_udp(1);
  char got[16];
  ok(a >= 0 && b >= 0 && socket_bind6(a, lo6, 0) == 0 && socket_bind6(b, lo6, 0) == 0 &&
     socket_local(a, NULL, &pa, NULL) == 0 && socket_local(b, NULL, &pb, NULL) == 0,
     "two udp6 sockets on ::1");
  is_int(socket_send(a, "v6", 2, lo6, pb, 1), 2, "send over IPv6");
  ok(readable(b, 2000) && socket_recv(b, got, sizeof got, ip, &from, &v6) == 2 &&
     memcmp(got, "v6", 2) == 0, "recv");
  ok(memcmp(ip, lo6, 16) == 0 && from == pa && v6 == 1, "sender is [::1] and a's port");
  close(a);
  close(b);
}

static void test_unix(void)
{
  const char *dir = tap_tmpdir();
  char path[4200], longp[300];
  struct sockaddr_un sun;
  unsigned char ip[16];
  uint16_t port = 7;
  int v6 = -1, s, c, a;

  snprintf(path, sizeof path, "%s/sock", dir);
  s = socket_unix_listen(path, 4);
  ok(s >= 0, "unix_listen");
  ok(s >= 0 && is_nonblock(s) && is_cloexec(s), "listener non-blocking, close-on-exec");
  errno = 0;
  ok(socket_unix_listen(path, 4) < 0 && errno == EADDRINUSE, "second listen: EADDRINUSE");
  c = socket_unix_connect(path);
  ok(c >= 0 && !is_nonblock(c) && is_cloexec(c), "unix_connect: blocking, close-on-exec");
  ok(readable(s, 2000), "listener readable");
  memset(ip, 0xee, sizeof ip);
  a = socket_accept(s, ip, &port, &v6);
  ok(a >= 0, "accept");
  ok(ip[0] == 0 && ip[15] == 0 && port == 0 && v6 == 0, "a UNIX peer has a zero address");
  ok(exchange(c, a), "bytes go both ways");
  close(a);
  close(c);
  close(s);

  memset(longp, 'a', sizeof longp - 1);
  longp[sizeof longp - 1] = 0;
  errno = 0;
  is_int(socket_unix_listen(longp, 4), -1, "unix_listen: too long a path");
  is_int(errno, ENAMETOOLONG, "ENAMETOOLONG");
  errno = 0;
  is_int(socket_unix_connect(longp), -1, "unix_connect: too long a path");
  is_int(errno, ENAMETOOLONG, "ENAMETOOLONG");
  /* exactly sizeof sun_path bytes leave no room for the NUL */
  longp[sizeof sun.sun_path] = 0;
  errno = 0;
  ok(socket_unix_connect(longp) < 0 && errno == ENAMETOOLONG, "%zu bytes: ENAMETOOLONG",
     sizeof sun.sun_path);
  /* one byte less fits: it only fails because it does not exist */
  longp[sizeof sun.sun_path - 1] = 0;
  errno = 0;
  ok(socket_unix_connect(longp) < 0 && errno == ENOENT, "%zu bytes fit (then ENOENT)",
     sizeof sun.sun_path - 1);
  errno = 0;
  ok(socket_unix_listen("", 4) < 0 && errno == EINVAL, "empty path: EINVAL");
  errno = 0;
  ok(socket_unix_listen(path, -1) < 0 && errno == EINVAL, "negative backlog: EINVAL");
  snprintf(path, sizeof path, "%s/none", dir);
  errno = 0;
  ok(socket_unix_connect(path) < 0 && errno == ENOENT, "connect to nothing: ENOENT");
  snprintf(path, sizeof path, "%s/no/such/dir", dir);
  errno = 0;
  ok(socket_unix_listen(path, 4) < 0 && errno == ENOENT, "listen in a missing dir: ENOENT");
  tap_rmtree(dir);
}

static void test_errors(void)
{
  int s = socket_tcp4(), fd;
  errno = 0;
  ok(socket_remote(s, NULL, NULL, NULL) < 0 && errno == ENOTCONN, "remote: ENOTCONN");
  errno = 0;
  ok(socket_listen(s, -1) < 0 && errno == EINVAL, "listen: negative backlog");
  errno = 0;
  ok(socket_connect(s, NULL, 25, 0) < 0 && errno == EINVAL, "connect: no address");
  close(s);
  fd = lowest_fd();
  errno = 0;
  ok(socket_bind4(fd, lo4, 0) < 0 && errno == EBADF, "bind on a closed fd: EBADF");
  errno = 0;
  ok(socket_connect(fd, lo4, 25, 0) < 0 && errno == EBADF, "connect on a closed fd: EBADF");
  errno = 0;
  ok(socket_accept(fd, NULL, NULL, NULL) < 0 && errno == EBADF, "accept on a closed fd");
  errno = 0;
  ok(socket_nonblock(fd, 1) < 0 && errno == EBADF, "nonblock on a closed fd");
  s = socket_tcp4();
  errno = 0;
  ok(socket_ipv6only(s, 1) < 0, "ipv6only on an AF_INET socket fails");
  close(s);
}

int main(void)
{
  test_tcp4();
  test_refused();
  test_timeout();
  test_udp4();
  test_errors();
  test_unix();
  if (have_v6()) {
    test_tcp6();
    test_dualstack();
    test_udp6();
  } else {
    skip(25, "cannot bind ::1 (no IPv6 on loopback)");
  }
  return done_testing();
}

/* socket.c — TCP, UDP and UNIX sockets with one address convention. */
#include "socket.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ip.h"

/* close fd keeping errno; returns -1 */
static int socket_fail(int fd)
{
  int e = errno;
  close(fd);
  errno = e;
  return -1;
}

static int socket_new(int family, int type)
{
  return socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

int socket_tcp4(void) { return socket_new(AF_INET, SOCK_STREAM); }
int socket_tcp6(void) { return socket_new(AF_INET6, SOCK_STREAM); }
int socket_tcp(int is_v6) { return is_v6 ? socket_tcp6() : socket_tcp4(); }
int socket_udp4(void) { return socket_new(AF_INET, SOCK_DGRAM); }
int socket_udp6(void) { return socket_new(AF_INET6, SOCK_DGRAM); }
int socket_udp(int is_v6) { return is_v6 ? socket_udp6() : socket_udp4(); }

int socket_nonblock(int fd, int on)
{
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return -1;
  fl = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
  return fcntl(fd, F_SETFL, fl) < 0 ? -1 : 0;
}

int socket_reuseaddr(int fd)
{
  int one = 1;
  return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
}

int socket_ipv6only(int fd, int on)
{
  int v = on ? 1 : 0;
  return setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof v);
}

/* the address family of fd (AF_INET, AF_INET6, ...), or -1 */
static int socket_family(int fd)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) return -1;
  return ss.ss_family;
}

/* ss = ip, port for a socket of this family (conventions in socket.h;
 * ip NULL = the unspecified address). Returns the length, 0 with errno. */
static socklen_t socket_sa_make(struct sockaddr_storage *ss, int family,
                                const unsigned char *ip, uint16_t port, int is_v6)
{
  memset(ss, 0, sizeof *ss);
  if (family == AF_INET6) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(port);
    if (ip && is_v6) memcpy(&s6->sin6_addr, ip, 16);
    else if (ip) ip4_to6(s6->sin6_addr.s6_addr, ip);
    return sizeof *s6;
  }
  if (family == AF_INET) {
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons(port);
    if (ip && is_v6) {
      if (!ip6_is_v4mapped(ip)) { errno = EAFNOSUPPORT; return 0; }
      ip += 12;
    }
    if (ip) memcpy(&s4->sin_addr, ip, 4);
    return sizeof *s4;
  }
  errno = EAFNOSUPPORT;
  return 0;
}

/* ss into ip, port, is_v6 (each may be NULL). Returns 0, or -1 with
 * EAFNOSUPPORT for a family we do not know. */
static int socket_sa_read(const struct sockaddr_storage *ss, unsigned char ip[16],
                          uint16_t *port, int *is_v6)
{
  unsigned char a[16];
  uint16_t p = 0;
  int v6 = 0;
  memset(a, 0, sizeof a);
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
    ip4_to6(a, (const unsigned char *)&s4->sin_addr);
    p = ntohs(s4->sin_port);
  } else if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
    memcpy(a, &s6->sin6_addr, 16);
    p = ntohs(s6->sin6_port);
    v6 = !ip6_is_v4mapped(a);
  } else if (ss->ss_family != AF_UNIX) {
    errno = EAFNOSUPPORT;
    return -1;
  }
  if (ip) memcpy(ip, a, 16);
  if (port) *port = p;
  if (is_v6) *is_v6 = v6;
  return 0;
}

int socket_bind(int fd, const unsigned char *ip, uint16_t port, int is_v6)
{
  struct sockaddr_storage ss;
  socklen_t len;
  int family = socket_family(fd);
  if (family < 0) return -1;
  len = socket_sa_make(&ss, family, ip, port, is_v6);
  if (!len) return -1;
  return bind(fd, (struct sockaddr *)&ss, len);
}

int socket_bind4(int fd, const unsigned char ip[4], uint16_t port)
{
  return socket_bind(fd, ip, port, 0);
}

int socket_bind6(int fd, const unsigned char ip[16], uint16_t port)
{
  return socket_bind(fd, ip, port, 1);
}

int socket_listen(int fd, int backlog)
{
  if (backlog < 0) { errno = EINVAL; return -1; }
  return listen(fd, backlog);
}

int socket_accept(int fd, unsigned char ip[16], uint16_t *port, int *is_v6)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int c;
  memset(&ss, 0, sizeof ss);
  /* accept4 never passes O_NONBLOCK on to the new descriptor */
  c = accept4(fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
  if (c < 0) return -1;
  if (socket_sa_read(&ss, ip, port, is_v6) < 0) return socket_fail(c);
  return c;
}

int socket_connect(int fd, const unsigned char *ip, uint16_t port, int is_v6)
{
  struct sockaddr_storage ss;
  socklen_t len;
  int family = socket_family(fd);
  if (family < 0) return -1;
  if (!ip) { errno = EINVAL; return -1; }
  len = socket_sa_make(&ss, family, ip, port, is_v6);
  if (!len) return -1;
  return connect(fd, (struct sockaddr *)&ss, len);
}

static long long socket_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int socket_connect_wait(int fd, int timeout_ms)
{
  struct pollfd p;
  long long deadline;
  int r, err = 0, wait = -1;
  socklen_t len = sizeof err;
  if (timeout_ms < 0) { errno = EINVAL; return -1; }
  deadline = socket_now_ms() + timeout_ms;
  for (;;) {
    if (timeout_ms) {
      long long left = deadline - socket_now_ms();
      wait = left > 0 ? (int)left : 0;
    }
    p.fd = fd;
    p.events = POLLOUT;
    p.revents = 0;
    r = poll(&p, 1, wait);
    if (r > 0) break;
    if (r == 0) { errno = ETIMEDOUT; return -1; }
    if (errno != EINTR) return -1;
  }
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return -1;
  if (err) { errno = err; return -1; }
  return 0;
}

int socket_connect_timeout(const unsigned char *ip, uint16_t port, int is_v6,
                           int timeout_ms)
{
  int fd;
  if (timeout_ms < 0) { errno = EINVAL; return -1; }
  fd = socket_tcp(is_v6);
  if (fd < 0) return -1;
  if (socket_connect(fd, ip, port, is_v6) < 0) {
    if (errno != EINPROGRESS) return socket_fail(fd);
    if (socket_connect_wait(fd, timeout_ms) < 0) return socket_fail(fd);
  }
  if (socket_nonblock(fd, 0) < 0) return socket_fail(fd);
  return fd;
}

int socket_local(int fd, unsigned char ip[16], uint16_t *port, int *is_v6)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) return -1;
  return socket_sa_read(&ss, ip, port, is_v6);
}

int socket_remote(int fd, unsigned char ip[16], uint16_t *port, int *is_v6)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0) return -1;
  return socket_sa_read(&ss, ip, port, is_v6);
}

ssize_t socket_send(int fd, const char *buf, size_t len, const unsigned char *ip,
                    uint16_t port, int is_v6)
{
  struct sockaddr_storage ss;
  socklen_t sl;
  int family = socket_family(fd);
  if (family < 0) return -1;
  if (!ip) { errno = EINVAL; return -1; }
  sl = socket_sa_make(&ss, family, ip, port, is_v6);
  if (!sl) return -1;
  return sendto(fd, buf, len, 0, (struct sockaddr *)&ss, sl);
}

ssize_t socket_recv(int fd, char *buf, size_t len, unsigned char ip[16],
                    uint16_t *port, int *is_v6)
{
  struct sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  ssize_t r;
  memset(&ss, 0, sizeof ss);
  r = recvfrom(fd, buf, len, 0, (struct sockaddr *)&ss, &sl);
  if (r < 0) return -1;
  if (socket_sa_read(&ss, ip, port, is_v6) < 0) return -1;
  return r;
}

/* sun = path, checked against the size of sun_path. Returns 0 or -1. */
static int socket_sun_make(struct sockaddr_un *sun, const char *path)
{
  size_t n;
  if (!path || !*path) { errno = EINVAL; return -1; }
  n = strlen(path);
  if (n >= sizeof sun->sun_path) { errno = ENAMETOOLONG; return -1; }
  memset(sun, 0, sizeof *sun);
  sun->sun_family = AF_UNIX;
  memcpy(sun->sun_path, path, n + 1);
  return 0;
}

int socket_unix_listen(const char *path, int backlog)
{
  struct sockaddr_un sun;
  int fd;
  if (socket_sun_make(&sun, path) < 0) return -1;
  if (backlog < 0) { errno = EINVAL; return -1; }
  fd = socket_new(AF_UNIX, SOCK_STREAM);
  if (fd < 0) return -1;
  if (bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0) return socket_fail(fd);
  if (listen(fd, backlog) < 0) {
    int e = errno;
    unlink(path);   /* the file bind just made */
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

int socket_unix_connect(const char *path)
{
  struct sockaddr_un sun;
  int fd;
  if (socket_sun_make(&sun, path) < 0) return -1;
  fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0) return socket_fail(fd);
  return fd;
}

/* socket.h — TCP and UDP over IPv4 and IPv6, and UNIX stream sockets.
 *
 * Return convention: syscall-like. Functions return a descriptor (or 0, or
 * a byte count) on success, and -1 with errno set on failure.
 *
 * Descriptors: every descriptor made here is close-on-exec. The sockets
 * from socket_tcp*, socket_udp* and socket_unix_listen are non-blocking:
 * a listener must never hang in accept after poll said it was readable, a
 * UDP reader polls anyway, and a TCP connect is bounded by a timeout. The
 * connected descriptors that socket_accept, socket_connect_timeout and
 * socket_unix_connect return are blocking, ready for buf (which polls with
 * its own timeout). socket_nonblock switches either way.
 *
 * Addresses given to these functions: ip points at 4 bytes when is_v6 is
 * 0 and at 16 bytes when is_v6 is 1. The socket's own family decides what
 * goes on the wire: an IPv4 address given to an AF_INET6 socket is sent
 * v4-mapped, a v4-mapped address given to an AF_INET socket is sent as
 * IPv4, and any other IPv6 address on an AF_INET socket is EAFNOSUPPORT.
 *
 * Addresses returned (accept, local, remote, recv): always 16 bytes. An
 * IPv4 peer comes back v4-mapped (::ffff:a.b.c.d) with *is_v6 = 0, both
 * from an AF_INET socket and from a dual-stack AF_INET6 one, so callers
 * see one form; to pass it back in, use is_v6 ? ip : ip + 12. A UNIX
 * socket gives zeros, port 0, *is_v6 = 0. Any output pointer may be NULL.
 * Ports are in host byte order. IPv6 scope ids are not handled (0). */
#ifndef SOCKET_H
#define SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SOCKET_WUR __attribute__((warn_unused_result))

/* tcp4, tcp6, tcp: a new non-blocking TCP socket of that family. Returns
 * the descriptor, which the caller closes. */
int socket_tcp4(void) SOCKET_WUR;
int socket_tcp6(void) SOCKET_WUR;
int socket_tcp(int is_v6) SOCKET_WUR;

/* udp4, udp6, udp: a new non-blocking UDP socket of that family. */
int socket_udp4(void) SOCKET_WUR;
int socket_udp6(void) SOCKET_WUR;
int socket_udp(int is_v6) SOCKET_WUR;

/* nonblock: O_NONBLOCK on (on != 0) or off. Returns 0. */
int socket_nonblock(int fd, int on) SOCKET_WUR;

/* reuseaddr: SO_REUSEADDR, so that a restarted server can bind its port
 * while old connections linger in TIME_WAIT. Returns 0. */
int socket_reuseaddr(int fd) SOCKET_WUR;

/* ipv6only: IPV6_V6ONLY on or off on an AF_INET6 socket, before bind.
 * Off lets a listener on "::" take IPv4 clients too. Returns 0. */
int socket_ipv6only(int fd, int on) SOCKET_WUR;

/* bind4, bind6, bind: bind fd to ip (NULL: every address) and port (0:
 * one the kernel picks; see socket_local). Returns 0. */
int socket_bind4(int fd, const unsigned char ip[4], uint16_t port) SOCKET_WUR;
int socket_bind6(int fd, const unsigned char ip[16], uint16_t port) SOCKET_WUR;
int socket_bind(int fd, const unsigned char *ip, uint16_t port, int is_v6) SOCKET_WUR;

/* listen: start accepting, with backlog pending connections (negative:
 * EINVAL). Returns 0. */
int socket_listen(int fd, int backlog) SOCKET_WUR;

/* accept: the next connection on listener fd, as a blocking close-on-exec
 * descriptor owned by the caller; the peer's address, port and family go
 * to ip, *port, *is_v6 (see the top). On a non-blocking listener with no
 * connection waiting: -1 with EAGAIN. */
int socket_accept(int fd, unsigned char ip[16], uint16_t *port, int *is_v6) SOCKET_WUR;

/* connect: start connecting fd to ip, port. Returns 0 when connected at
 * once; on a non-blocking socket usually -1 with EINPROGRESS: then wait
 * with socket_connect_wait. */
int socket_connect(int fd, const unsigned char *ip, uint16_t port, int is_v6) SOCKET_WUR;

/* connect_wait: wait at most timeout_ms (0: forever; negative: EINVAL)
 * for a connect in progress on fd to finish. Returns 0 when connected;
 * -1 with ETIMEDOUT, or with the connect's own error (ECONNREFUSED,
 * EHOSTUNREACH, ...). fd stays open either way. */
int socket_connect_wait(int fd, int timeout_ms) SOCKET_WUR;

/* connect_timeout: a new TCP connection to ip, port within timeout_ms
 * (0: no limit). Returns a connected, blocking, close-on-exec descriptor
 * owned by the caller, or -1 (ETIMEDOUT, ECONNREFUSED, ...) with nothing
 * left open. */
int socket_connect_timeout(const unsigned char *ip, uint16_t port, int is_v6,
                           int timeout_ms) SOCKET_WUR;

/* local, remote: the address fd is bound to / connected to. Returns 0;
 * remote fails with ENOTCONN on an unconnected socket. */
int socket_local(int fd, unsigned char ip[16], uint16_t *port, int *is_v6) SOCKET_WUR;
int socket_remote(int fd, unsigned char ip[16], uint16_t *port, int *is_v6) SOCKET_WUR;

/* send: one UDP datagram of len bytes from buf to ip, port. Returns the
 * bytes sent (all of them for UDP). */
ssize_t socket_send(int fd, const char *buf, size_t len, const unsigned char *ip,
                    uint16_t port, int is_v6) SOCKET_WUR;

/* recv: one datagram into buf (at most len bytes; the rest of a longer
 * datagram is lost), and its sender. Returns the bytes stored; on a
 * non-blocking socket with nothing waiting -1 with EAGAIN. */
ssize_t socket_recv(int fd, char *buf, size_t len, unsigned char ip[16],
                    uint16_t *port, int *is_v6) SOCKET_WUR;

/* unix_listen: a non-blocking UNIX stream listener at path, with backlog.
 * The socket file is made with the process umask; an existing file at
 * path is never removed (EADDRINUSE): removing a stale one is the
 * caller's decision. A path longer than sun_path holds: ENAMETOOLONG;
 * empty: EINVAL. Returns the descriptor. */
int socket_unix_listen(const char *path, int backlog) SOCKET_WUR;

/* unix_connect: a blocking close-on-exec connection to the UNIX stream
 * socket at path (same path rules). Returns the descriptor. */
int socket_unix_connect(const char *path) SOCKET_WUR;

#endif

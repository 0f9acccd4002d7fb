/* tcconn.h — tcpclient's connection attempt: try each address in turn,
 * each within x seconds, then give the addresses that timed out a second
 * chance of y seconds each (djb's -T x+y).
 *
 * Return convention: tcconn_connect returns a status (enum tcconn_status)
 * and sets *fd only for TCCONN_OK; errno is set for TCCONN_SOCKET and
 * TCCONN_BIND. Each address that fails for good is reported through the
 * caller's warn function with its errno value, so that the caller decides
 * the wording and whether to print at all. */
#ifndef TCCONN_H
#define TCCONN_H

#include <stdint.h>

#include "tcaddr.h"

enum tcconn_status {
  TCCONN_OK = 0,      /* connected */
  TCCONN_NONE = 1,    /* every address failed (each reported) */
  TCCONN_SOCKET = 2,  /* no socket could be made (errno) */
  TCCONN_BIND = 3     /* the local address or port was refused (errno) */
};

struct tcconn_opts {
  int have_local;             /* bind to local.ip (of local.v6's family) */
  struct tcaddr local;
  uint16_t localport;         /* 0: the kernel picks */
  unsigned long x, y;         /* seconds: first try, second try (0: none) */
  int nodelay;                /* set TCP_NODELAY on the connected socket */
};

/* warn: address a (port) failed with errno value err for good */
typedef void (*tcconn_warn)(void *ctx, const struct tcaddr *a, uint16_t port, int err);

/* connect: a connection to one of l's addresses at port, as o says; the
 * addresses of a family other than o->local's are skipped when o binds a
 * local address. With a single address x + y is given to it at once. On
 * TCCONN_OK *fd is a connected, blocking, close-on-exec socket owned by
 * the caller, and *which (when not NULL) the index of the address used. */
int tcconn_connect(const struct tcaddr_list *l, uint16_t port, const struct tcconn_opts *o,
                   tcconn_warn warn, void *ctx, int *fd, size_t *which)
    __attribute__((warn_unused_result));

#endif

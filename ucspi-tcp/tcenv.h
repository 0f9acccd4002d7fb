/* tcenv.h — the tcp-environ(5) variables that tcpclient gives its program.
 *
 * An IPv4 connection gets PROTO=TCP and TCPLOCALIP, TCPLOCALPORT,
 * TCPLOCALHOST, TCPREMOTEIP, TCPREMOTEPORT, TCPREMOTEHOST, TCPREMOTEINFO,
 * and the TCP6 names are removed, so that a program started from a
 * tcpserver child does not see the inherited connection's addresses. An
 * IPv6 connection gets PROTO=TCP6 and the same names with the prefix TCP6
 * (as ucspi-tcp6 does), and also the TCP names with the same values (IPv6
 * text in TCPLOCALIP and TCPREMOTEIP), as our tcpserver does, so that
 * programs that know only djb's names work unchanged. A NULL host or info
 * removes that variable (no name / no information).
 *
 * Return convention: tcenv_set returns 1, or 0 with errno set (env.h). */
#ifndef TCENV_H
#define TCENV_H

#include <stdint.h>

#include "env.h"
#include "tcaddr.h"

struct tcenv {
  struct tcaddr local;
  uint16_t localport;
  const char *localhost;   /* NULL: unset */
  struct tcaddr remote;
  uint16_t remoteport;
  const char *remotehost;  /* NULL: unset */
  const char *remoteinfo;  /* NULL: unset */
};

/* set: the variables for the connection c into e (the family is that of
 * c->remote). */
int tcenv_set(env_builder *e, const struct tcenv *c) __attribute__((warn_unused_result));

#endif

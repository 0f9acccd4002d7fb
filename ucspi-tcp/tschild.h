/* tschild.h — what a tcpserver child does with one connection: log it,
 * look up the names (-h, -p, -r, -l), apply the rules (-x), the per-IP
 * limit (-C, MAXPERIP), hand the connection to the TLS relay (-s: see
 * tsrelay.h), and exec the program.
 *
 * Return convention: tschild_run does not return: it execs the program or
 * exits (100 denied by a rule, 111 refused or dropped). tschild_maxperip
 * returns 1 (a MAXPERIP setting found, *out set), 0 (none), -1 (a value
 * that is not a number). */
#ifndef TSCHILD_H
#define TSCHILD_H

#include <stddef.h>
#include <stdint.h>

#include "tsopt.h"

/* time allowed for each DNS lookup of a host name or address */
#define TSCHILD_DNS_MS 30000u
/* the longest host name kept (DNS text form) */
#define TSCHILD_HOST_MAX 1024
/* pointers' worth of stack for the program's environment (2 KB): room
 * for a usual environment without malloc; a larger one is allocated */
#define TSCHILD_ENV_SPACE 256

struct tschild {
  const struct ts_opts *o;
  char *const *argv;          /* the program */
  int tlsctl;                 /* -s: the relay's control socket, else -1 */
  int fd;                     /* the connection (blocking) */
  unsigned char remoteip[16]; /* IPv4 v4-mapped */
  uint16_t remoteport;
  int is_v6;
  unsigned long ipcount;      /* children serving this IP, this one included */
};

/* run: serve the connection c as described above. With -s (o->tls) the
 * banner is left to the relay, which sends it through TLS. Without -s,
 * when no rule,
 * lookup or oversized environment is involved, run writes nothing but
 * its own stack and the connection's descriptors, so that it may run in
 * a child that shares tcpserver's memory (tsspawn.h). */
void tschild_run(const struct tschild *c) __attribute__((noreturn));

/* maxperip: the MAXPERIP setting among a rule's "NAME=value\0" entries
 * s[0..len) (the last one wins), a decimal number up to TS_LIMIT_MAX. */
int tschild_maxperip(const char *s, size_t len, unsigned long *out);

#endif

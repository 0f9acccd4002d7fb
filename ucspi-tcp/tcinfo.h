/* tcinfo.h — TCPREMOTEINFO: ask the remote host's ident server (RFC 1413,
 * TCP port 113) who owns the connection, as tcpclient -r does.
 *
 * Return convention: tcinfo_parse is a predicate: 1 with the user id in
 * out, 0 when the answer is not a USERID answer for the ports asked.
 * tcinfo_query is syscall-like: 0 with the user id in out, or -1 with
 * errno (ETIMEDOUT, ECONNREFUSED, EPROTO for an answer that says ERROR or
 * does not parse, ...). */
#ifndef TCINFO_H
#define TCINFO_H

#include <stddef.h>
#include <stdint.h>

#include "tcaddr.h"

/* the ident port, the longest answer line read, and the room a user id
 * needs with its NUL (RFC 1413 allows 512 octets) */
#define TCINFO_PORT 113
#define TCINFO_LINE_MAX 1024
#define TCINFO_USER_MAX 513

/* parse: the answer line x[0..n) (with or without its CR LF) to the
 * question about (rport, lport): "rport , lport : USERID : opsys : id".
 * The id (without the spaces that follow the colon) goes to out, cut to
 * size - 1 bytes and NUL-terminated. Pure. */
int tcinfo_parse(const char *x, size_t n, uint16_t rport, uint16_t lport, char *out,
                 size_t size) __attribute__((warn_unused_result));

/* query: connect from local (port chosen by the kernel) to remote port
 * 113, ask about the connection (remote rport, local lport), and parse
 * the answer, all within timeout_s seconds. */
int tcinfo_query(const struct tcaddr *local, uint16_t lport, const struct tcaddr *remote,
                 uint16_t rport, unsigned long timeout_s, char *out, size_t size)
    __attribute__((warn_unused_result));

#endif

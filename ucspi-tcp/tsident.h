/* tsident.h — the RFC 1413 ident lookup behind tcpserver -r
 * (TCPREMOTEINFO): ask the client's host on port 113 who owns the
 * connection.
 *
 * Return convention: predicates: tsident_parse and tsident_lookup return
 * 1 when a user name was found (in out), 0 otherwise: no ident server,
 * an error reply, a malformed or mismatched reply, a timeout. An answer
 * that cannot be had is not an error for tcpserver: the variable is just
 * left unset, as djb's tcpserver does. tsident_query returns the length. */
#ifndef TSIDENT_H
#define TSIDENT_H

#include <stddef.h>
#include <stdint.h>

#define TSIDENT_PORT 113
#define TSIDENT_REPLY_MAX 1000  /* bytes of a reply line read (RFC 1413: 1000) */
#define TSIDENT_INFO_MAX 512    /* room for the user name with its NUL */
#define TSIDENT_QUERY_MAX 16    /* "65535 , 65535\r\n" */

/* query: the request for the connection from remote port rport to local
 * port lport ("rport , lport\r\n") into out (TSIDENT_QUERY_MAX bytes). */
size_t tsident_query(char *out, uint16_t rport, uint16_t lport);

/* parse: the reply r[0..len) (a line; a CR or LF ends it) to the query for
 * (rport, lport): "rport , lport : USERID : opsys : user". The port pair
 * must match; "USERID" and the operating system field are compared as
 * RFC 1413 says (case-insensitive keyword, opsys up to the next colon).
 * out gets the user name: leading blanks dropped, cut at outsize - 1
 * bytes, NUL-terminated, every byte below 33 or above 126 and every ':'
 * replaced by '?', so that it is safe in the environment and in the log
 * line. An empty user name is not a user name (0). */
int tsident_parse(const char *r, size_t len, uint16_t rport, uint16_t lport, char *out,
                  size_t outsize);

/* lookup: connect from lip (port chosen by the kernel) to rip port 113,
 * send the query, read one reply line and parse it; everything within
 * timeout_ms (0: give up at once). Addresses are 16 bytes (IPv4
 * v4-mapped, is_v6 0). */
int tsident_lookup(const unsigned char lip[16], const unsigned char rip[16], int is_v6,
                   uint16_t lport, uint16_t rport, unsigned timeout_ms, char *out,
                   size_t outsize);

#endif

/* tctls.h — tcpclient -s: the TLS client handshake that checks the
 * server's certificate and name, and the relay that lets the program talk
 * plain text while the network side is TLS.
 *
 * Return convention: tctls_start returns a connection, or NULL with a
 * one-line reason in err; tctls_relay returns 0 when both directions
 * ended normally, -1 with a one-line reason in err when the TLS side
 * failed. err has room for TCTLS_ERR_MAX bytes with the NUL. */
#ifndef TCTLS_H
#define TCTLS_H

#include "env.h"
#include "tls.h"

#define TCTLS_ERR_MAX (TLS_ERROR_MAX + 64)
/* bytes moved at once in each direction */
#define TCTLS_BUF 16384
/* time allowed to send close_notify at the end */
#define TCTLS_SHUTDOWN_MS 2000

struct tctls_opts {
  const char *cafile;    /* CAs to trust (PEM file), or NULL */
  const char *cadir;     /* CAs to trust (hashed directory), or NULL */
  const char *certfile;  /* client certificate chain (PEM), or NULL */
  const char *keyfile;   /* its key (PEM), or NULL: in certfile */
  const char *ciphers;   /* TLS 1.2 cipher list, or NULL */
  const char *suites;    /* TLS 1.3 cipher suites, or NULL */
  const char *name;      /* the name (or address) the certificate must show */
  int timeout_ms;        /* for the handshake; <= 0: no limit */
};

/* ctx: a client context that trusts o's CAs (the system's when neither
 * cafile nor cadir is given), with o's client certificate and ciphers,
 * and that verifies the server. NULL with a reason in err. The caller
 * frees it with tls_ctx_free. */
tls_ctx *tctls_ctx(const struct tctls_opts *o, char *err);

/* start: send o->name as SNI (unless it is an address) and shake hands
 * on fd sock with ctx, within o->timeout_ms. The server's chain must
 * verify and its certificate must name o->name. */
tls_conn *tctls_start(tls_ctx *ctx, int sock, const struct tctls_opts *o, char *err);

/* env: the TLS variables for the program in e: TLS=1, TLS_PROTOCOL,
 * TLS_CIPHER, and TLS_PEER_SUBJECT and TLS_PEER_VERIFIED (1 or 0) when
 * the server sent a certificate. With c NULL (no TLS) they are all
 * removed, so that none is inherited. 1, or 0 with errno (env.h). */
int tctls_env(env_builder *e, const tls_conn *c) __attribute__((warn_unused_result));

/* relay: move bytes both ways between c (TLS over sock) and plain (the
 * program's end of a socket pair) until both directions have ended, or
 * the program's end is gone and its last bytes are out. The end of the
 * server's data becomes a shutdown(SHUT_WR) on plain; the end of the
 * program's data a close_notify and a shutdown(SHUT_WR) on sock. SIGPIPE
 * must be ignored. plain is closed on return; sock is not. */
int tctls_relay(tls_conn *c, int sock, int plain, char *err);

#endif

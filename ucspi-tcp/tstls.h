/* tstls.h — tcpserver -s, the TLS side (in tcpserver-tls, which links
 * OpenSSL so that tcpserver does not: see tsrelay.h): the server context,
 * the program's TLS variables, and the worker that shakes hands with one
 * client and relays between it and the program's plain socket.
 *
 * Return convention: tstls_ctx returns a context, or NULL with a one-line
 * reason in err (TSTLS_ERR_MAX bytes); tstls_relay returns 0 when the
 * program's output ended and went out, -1 when the client's side failed;
 * tstls_worker does not return. */
#ifndef TSTLS_H
#define TSTLS_H

#include "tls.h"

#define TSTLS_ERR_MAX (TLS_ERROR_MAX + 128)
/* plaintext moved at once: one whole TLS record, so that decrypted bytes
 * rarely wait inside OpenSSL where poll(2) cannot see them (the relay
 * asks tls_pending before it waits, for when they do) */
#define TSTLS_IO_MAX 16384
/* how long one TLS read or write may wait once poll(2) said "ready";
 * the loop then goes on and comes back */
#define TSTLS_SLICE_MS 200
/* the handshake, and the close_notify at the end */
#define TSTLS_HANDSHAKE_MS 60000
#define TSTLS_SHUTDOWN_MS 2000

struct tstls_conf {
  const char *certfile;  /* PEM: certificate chain (and the key, unless keyfile) */
  const char *keyfile;   /* PEM key, or NULL */
  const char *cafile;    /* CAs for client certificates, or NULL: none asked */
  const char *ciphers;   /* TLS 1.2 cipher list, or NULL */
  const char *suites;    /* TLS 1.3 ciphersuites, or NULL */
};

/* ctx: a server context from conf: certificate and key; with a cafile,
 * clients are asked for a certificate (any or none is accepted; the
 * outcome goes into TLS_PEER_VERIFIED). */
tls_ctx *tstls_ctx(const struct tstls_conf *conf, char *err);

/* the TLS variables for the program: "NAME=value" entries, NULL-terminated */
struct tstls_env {
  char *v[6];
  char buf[TLS_SUBJECT_MAX + 256];
};

/* env: e gets TLS=1, TLS_PROTOCOL, TLS_CIPHER, and, when the client sent
 * a certificate, TLS_PEER_SUBJECT and TLS_PEER_VERIFIED (1 or 0). Values
 * that do not fit are cut. */
void tstls_env(struct tstls_env *e, const tls_conn *c);

/* relay: move bytes between c (TLS on sock) and plain (the relay's end of
 * the program's socket pair, made non-blocking here) until the program's
 * output has ended and gone out (then close_notify is sent), or the
 * client's side fails. The end of the client's data becomes
 * shutdown(SHUT_WR) on plain. SIGPIPE must be ignored. plain is closed on
 * return; sock is not. */
int tstls_relay(tls_conn *c, int sock, int plain);

/* worker: for one connection sock (its descriptor, blocking), with the
 * relay's end of the program's socket pair in plain and the write end of
 * the answer pipe in answer:
 * shake hands (within TSTLS_HANDSHAKE_MS), write banner (may be "")
 * through TLS, write the answer (tsrelay_pack: the TLS variables, or why
 * it failed) and close it, then relay until the end (tstls_relay) and
 * exit. verbosity >= 2 reports a relay that failed ("tcpserver: warning:
 * TLS: ..."). SIGPIPE must be ignored. */
void tstls_worker(tls_ctx *x, int sock, int plain, int answer, const char *banner,
                  int verbosity) __attribute__((noreturn));

#endif

/* tls.h — TLS over a pair of file descriptors (OpenSSL 3, or a stub).
 *
 * Return convention: syscall-like. Functions return -1 (or NULL) with errno
 * set on failure: ETIMEDOUT when the time allowed runs out, EPROTO for a
 * TLS protocol failure (a bad handshake, a certificate that does not
 * verify, a corrupt record), EINVAL for a bad argument or unusable
 * configuration (a PEM file that does not parse, a key that does not match
 * the certificate, a cipher string OpenSSL rejects), ENOMEM, and ENOSYS
 * everywhere when the build has no OpenSSL (tls_available() is 0 then).
 * Whenever a function fails, a one-line text fit for a log is kept in the
 * object (tls_ctx_error / tls_error): the library keeps no global state.
 *
 * A tls_ctx holds the settings shared by connections: role, certificate,
 * trusted CAs, verification mode, ciphers. Its protocol floor is TLS 1.2.
 * A tls_conn is one connection on a read fd and a write fd, which may be
 * the same socket or differ (a program talking on fds 0 and 1). While the
 * connection exists both fds are non-blocking (tls_conn_new sets
 * O_NONBLOCK); tls_free puts back the mode they had and never closes them.
 * Every wait is a poll(2) on the fd that OpenSSL needs; timeout_ms <= 0
 * means no limit, and a timeout bounds the whole call. A connection whose
 * handshake failed or timed out is finished: free it. After a tls_read
 * timeout the connection stays usable; after a tls_write timeout the next
 * tls_write must offer the same bytes again (OpenSSL may hold part of them).
 *
 * Writes to a peer that has gone raise SIGPIPE: programs ignore it.
 * An end of file without a TLS close_notify reads as an ordinary end of
 * file (0), as mail protocols carry their own end markers. */
#ifndef TLS_H
#define TLS_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

#define TLS_WUR __attribute__((warn_unused_result))

/* the longest error text and certificate subject kept (with the NUL) */
#define TLS_ERROR_MAX 512
#define TLS_SUBJECT_MAX 1024

typedef struct tls_ctx tls_ctx;
typedef struct tls_conn tls_conn;

enum tls_role { TLS_CLIENT = 0, TLS_SERVER = 1 };

/* How the peer's certificate is checked. The outcome is always available
 * afterwards through tls_peer_verified / tls_verify_error.
 *   NONE     server: asks for no certificate; client: a chain or host name
 *            that does not verify does not stop the handshake.
 *   REQUEST  server: asks for a certificate, accepts any (or none).
 *            client: as NONE.
 *   PEER     a certificate that is sent must verify (client: the server's
 *            chain, and the host name when tls_conn_sethost asked for it).
 *   REQUIRE  as PEER, and the server also refuses a client that sends none.
 * The default is NONE for a server and PEER for a client. */
enum tls_verify {
  TLS_VERIFY_NONE = 0,
  TLS_VERIFY_REQUEST = 1,
  TLS_VERIFY_PEER = 2,
  TLS_VERIFY_REQUIRE = 3
};

/* available: 1 when TLS is compiled in, 0 for the stub. */
int tls_available(void);

/* ctx_new: a context for role, with the TLS 1.2 floor and OpenSSL's
 * default ciphers and key exchange groups. NULL with errno on failure
 * (ENOMEM; ENOSYS in the stub). Free with tls_ctx_free. */
tls_ctx *tls_ctx_new(enum tls_role role) TLS_WUR;

/* ctx_cert: the certificate chain from the PEM file cert (leaf first,
 * then intermediates) and the private key from the PEM file key; key NULL
 * means the key is in the cert file. Required for a server, optional
 * client certificate for a client. 0, or -1 with errno: the open(2) error
 * for an unreadable file, EINVAL for bad contents or a mismatched key. */
int tls_ctx_cert(tls_ctx *, const char *cert, const char *key) TLS_WUR;

/* ctx_ca: trust the CAs in the PEM file cafile and/or the hashed directory
 * cadir (either may be NULL; both NULL = the system's default store). A
 * server also names cafile's CAs to clients when it asks for a
 * certificate. 0, or -1 with errno (open(2) error, or EINVAL). */
int tls_ctx_ca(tls_ctx *, const char *cafile, const char *cadir) TLS_WUR;

/* ctx_ciphers: the TLS 1.2 cipher list and the TLS 1.3 ciphersuites, in
 * OpenSSL's syntax; NULL leaves one as it is. 0, or -1 EINVAL. */
int tls_ctx_ciphers(tls_ctx *, const char *ciphers, const char *suites) TLS_WUR;

/* ctx_verify: set the verification mode (enum tls_verify). 0, or -1
 * EINVAL for an unknown mode. Connections made later use it. */
int tls_ctx_verify(tls_ctx *, int mode) TLS_WUR;

/* ctx_error: the text of the context's last failure ("" if none); for a
 * NULL context, why tls_ctx_new fails. Valid until the context changes. */
const char *tls_ctx_error(const tls_ctx *);

/* ctx_free: release the context (connections made from it stay usable).
 * NULL is harmless. */
void tls_ctx_free(tls_ctx *);

/* conn_new: a connection of ctx's role reading rfd and writing wfd (they
 * may be equal), and set both fds non-blocking. The fds stay the caller's.
 * NULL with errno (EBADF for a bad fd, ENOMEM, EINVAL, ENOSYS). */
tls_conn *tls_conn_new(tls_ctx *, int rfd, int wfd) TLS_WUR;

/* conn_sethost: (client, before tls_connect) send host as the SNI server
 * name (unless it is an IP address literal) and, when check is 1, make
 * host part of the verification (DNS name, or IP address against the
 * certificate's IP entries). 0, or -1 EINVAL (server connection, empty
 * host, or a name OpenSSL refuses). */
int tls_conn_sethost(tls_conn *, const char *host, int check) TLS_WUR;

/* accept / connect: the server / client handshake within timeout_ms.
 * 0, or -1 with errno (ETIMEDOUT, EPROTO with the reason in tls_error,
 * EINVAL for the wrong role, or the I/O error). */
int tls_accept(tls_conn *, int timeout_ms) TLS_WUR;
int tls_connect(tls_conn *, int timeout_ms) TLS_WUR;

/* read: up to n decrypted bytes into x, waiting at most timeout_ms;
 * bytes read (at least 1), 0 at end of data, or -1 with errno. */
ssize_t tls_read(tls_conn *, char *x, size_t n, int timeout_ms) TLS_WUR;

/* write: some of x[0..n) (at least 1 byte when n > 0), within timeout_ms;
 * bytes written, or -1 with errno. */
ssize_t tls_write(tls_conn *, const char *x, size_t n, int timeout_ms) TLS_WUR;

/* shutdown: send close_notify within timeout_ms (without waiting for the
 * peer's). 0, or -1 with errno. */
int tls_shutdown(tls_conn *, int timeout_ms) TLS_WUR;

/* free: release the connection and restore the fds' blocking mode; the
 * fds are not closed. NULL is harmless. */
void tls_free(tls_conn *);

/* version: the negotiated protocol ("TLSv1.3"); cipher: the cipher suite
 * name ("TLS_AES_256_GCM_SHA384"). "" before the handshake, never NULL.
 * Valid as long as the connection. */
const char *tls_version(const tls_conn *);
const char *tls_cipher(const tls_conn *);
/* pending: decrypted bytes already inside the connection that a poll on
 * its fd would not show (read them before waiting); 0 in the stub. */
size_t tls_pending(const tls_conn *);

/* peer_subject: the subject of the peer's certificate, one line in
 * OpenSSL's "/C=../O=../CN=.." form cut at TLS_SUBJECT_MAX, or NULL when
 * the peer sent none. Valid as long as the connection. */
const char *tls_peer_subject(const tls_conn *);

/* peer_verified: 1 when the peer sent a certificate that verified
 * (chain, and the host name if asked), else 0. */
int tls_peer_verified(const tls_conn *);

/* verify_error: the verification outcome as text ("ok", "hostname
 * mismatch", "unable to get local issuer certificate", ...); "no peer
 * certificate" when there was none. */
const char *tls_verify_error(const tls_conn *);

/* error: the text of the connection's last failure ("" if none); for a
 * NULL connection, why tls_conn_new fails. */
const char *tls_error(const tls_conn *);

/* bufread / bufwrite: buf ops (libqmail/buf.h) that read and write through
 * the tls_conn in the buf's ctx, with the buf's timeout. */
ssize_t tls_bufread(buf *, char *, size_t);
ssize_t tls_bufwrite(buf *, char *, size_t);

/* bufinit: set b up as a reader (op tls_bufread, on the read fd) or a
 * writer (op tls_bufwrite, on the write fd) over c, with space[0..size). */
void tls_bufinit(buf *b, tls_conn *c, buf_op op, char *space, size_t size);

#endif

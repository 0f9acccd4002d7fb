/* tls.c — TLS over a pair of file descriptors, through OpenSSL 3. */
#include "tls.h"
#include "strerr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct tls_ctx {
  SSL_CTX *ssl;
  enum tls_role role;
  int verify;                 /* enum tls_verify */
  char err[TLS_ERROR_MAX];
};

struct tls_conn {
  SSL *ssl;
  enum tls_role role;
  int rfd, wfd;
  int rflags, wflags;         /* the fds' file status flags before us */
  int done;                   /* the handshake has finished */
  int have_subject;
  char subject[TLS_SUBJECT_MAX];
  char err[TLS_ERROR_MAX];
};

enum tls_op { TLS_OP_HANDSHAKE, TLS_OP_READ, TLS_OP_WRITE, TLS_OP_SHUTDOWN };

static const char *const tls_opname[] = {
  "TLS handshake", "TLS read", "TLS write", "TLS shutdown"
};

int tls_available(void) { return 1; }

/* ---- error text ---- */

/* append s to the text dst[TLS_ERROR_MAX], cutting what does not fit */
static void tls_errcat(char *dst, const char *s)
{
  size_t len = strnlen(dst, TLS_ERROR_MAX - 1);
  size_t n = strlen(s);
  if (n > TLS_ERROR_MAX - 1 - len) n = TLS_ERROR_MAX - 1 - len;
  memcpy(dst + len, s, n);
  dst[len + n] = 0;
}

/* dst = what, then ": reason (data); reason ..." from the OpenSSL error
 * queue, which is emptied; "what" alone when the queue is empty */
static void tls_errset(char *dst, const char *what)
{
  const char *data;
  int flags, first = 1;
  unsigned long e;
  char num[256];
  dst[0] = 0;
  tls_errcat(dst, what);
  while ((e = ERR_get_error_all(0, 0, 0, &data, &flags)) != 0) {
    const char *r = ERR_reason_error_string(e);
    if (!r) { ERR_error_string_n(e, num, sizeof num); r = num; }
    tls_errcat(dst, first ? ": " : "; ");
    tls_errcat(dst, r);
    if ((flags & ERR_TXT_STRING) && data && *data) {
      tls_errcat(dst, " (");
      tls_errcat(dst, data);
      tls_errcat(dst, ")");
    }
    first = 0;
  }
}

/* dst = "what: error_str(err)"; errno is left as err */
static void tls_errsys(char *dst, const char *what, int err)
{
  ERR_clear_error();
  dst[0] = 0;
  tls_errcat(dst, what);
  tls_errcat(dst, ": ");
  tls_errcat(dst, error_str(err));
  errno = err;
}

/* ---- contexts ---- */

tls_ctx *tls_ctx_new(enum tls_role role)
{
  tls_ctx *x;
  if (role != TLS_CLIENT && role != TLS_SERVER) { errno = EINVAL; return 0; }
  x = calloc(1, sizeof *x);
  if (!x) return 0;
  x->role = role;
  x->ssl = SSL_CTX_new(role == TLS_SERVER ? TLS_server_method() : TLS_client_method());
  if (!x->ssl || !SSL_CTX_set_min_proto_version(x->ssl, TLS1_2_VERSION)) {
    ERR_clear_error();
    SSL_CTX_free(x->ssl);
    free(x);
    errno = ENOMEM;
    return 0;
  }
  SSL_CTX_set_options(x->ssl, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION
                      | SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(x->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE
                   | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (role == TLS_SERVER) {
    /* one process per connection: no session cache could resume anything */
    SSL_CTX_set_options(x->ssl, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(x->ssl, 0);
    SSL_CTX_set_session_cache_mode(x->ssl, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_dh_auto(x->ssl, 1);
  }
  if (tls_ctx_verify(x, role == TLS_SERVER ? TLS_VERIFY_NONE : TLS_VERIFY_PEER) == -1) {
    tls_ctx_free(x);
    errno = EINVAL;
    return 0;
  }
  return x;
}

/* 0 when path opens for reading (as type O_DIRECTORY or not), else -1
 * with errno and the context's error text set */
static int tls_ctx_readable(tls_ctx *x, const char *path, int dir)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
  char what[TLS_ERROR_MAX];
  if (fd != -1) { close(fd); return 0; }
  snprintf(what, sizeof what, "unable to open %s", path);
  tls_errsys(x->err, what, errno);
  return -1;
}

/* record a configuration failure about path; -1 EINVAL */
static int tls_ctx_bad(tls_ctx *x, const char *what, const char *path)
{
  char t[TLS_ERROR_MAX];
  snprintf(t, sizeof t, "%s%s%s", what, *path ? " " : "", path);
  tls_errset(x->err, t);
  errno = EINVAL;
  return -1;
}

int tls_ctx_cert(tls_ctx *x, const char *cert, const char *key)
{
  if (!x || !cert || !*cert || (key && !*key)) { errno = EINVAL; return -1; }
  if (!key) key = cert;
  if (tls_ctx_readable(x, cert, 0) == -1) return -1;
  if (key != cert && tls_ctx_readable(x, key, 0) == -1) return -1;
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(x->ssl, cert) != 1)
    return tls_ctx_bad(x, "unable to load a certificate chain from", cert);
  if (SSL_CTX_use_PrivateKey_file(x->ssl, key, SSL_FILETYPE_PEM) != 1)
    return tls_ctx_bad(x, "unable to load a private key from", key);
  if (SSL_CTX_check_private_key(x->ssl) != 1)
    return tls_ctx_bad(x, "the private key does not match the certificate in", cert);
  return 0;
}

int tls_ctx_ca(tls_ctx *x, const char *cafile, const char *cadir)
{
  if (!x || (cafile && !*cafile) || (cadir && !*cadir)) { errno = EINVAL; return -1; }
  ERR_clear_error();
  if (!cafile && !cadir) {
    if (SSL_CTX_set_default_verify_paths(x->ssl) != 1)
      return tls_ctx_bad(x, "unable to use the default CA store", "");
    return 0;
  }
  if (cafile && tls_ctx_readable(x, cafile, 0) == -1) return -1;
  if (cadir && tls_ctx_readable(x, cadir, 1) == -1) return -1;
  if (SSL_CTX_load_verify_locations(x->ssl, cafile, cadir) != 1)
    return tls_ctx_bad(x, "unable to load CAs from", cafile ? cafile : cadir);
  if (x->role == TLS_SERVER && cafile) {
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cafile);
    if (!names) return tls_ctx_bad(x, "unable to read CA names from", cafile);
    SSL_CTX_set_client_CA_list(x->ssl, names);
  }
  return 0;
}

int tls_ctx_ciphers(tls_ctx *x, const char *ciphers, const char *suites)
{
  if (!x) { errno = EINVAL; return -1; }
  ERR_clear_error();
  if (ciphers && SSL_CTX_set_cipher_list(x->ssl, ciphers) != 1)
    return tls_ctx_bad(x, "unusable TLS 1.2 cipher list", ciphers);
  if (suites && SSL_CTX_set_ciphersuites(x->ssl, suites) != 1)
    return tls_ctx_bad(x, "unusable TLS 1.3 ciphersuites", suites);
  return 0;
}

/* the verify callback of TLS_VERIFY_REQUEST: record, never refuse */
static int tls_verify_any(int ok, X509_STORE_CTX *store)
{
  (void)ok;
  (void)store;
  return 1;
}

int tls_ctx_verify(tls_ctx *x, int mode)
{
  int m = SSL_VERIFY_NONE;
  SSL_verify_cb cb = 0;
  if (!x || mode < TLS_VERIFY_NONE || mode > TLS_VERIFY_REQUIRE) { errno = EINVAL; return -1; }
  if (x->role == TLS_SERVER) {
    if (mode != TLS_VERIFY_NONE) m = SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE;
    if (mode == TLS_VERIFY_REQUIRE) m |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    if (mode == TLS_VERIFY_REQUEST) cb = tls_verify_any;
  } else if (mode >= TLS_VERIFY_PEER) {
    m = SSL_VERIFY_PEER;
  }
  SSL_CTX_set_verify(x->ssl, m, cb);
  x->verify = mode;
  return 0;
}

const char *tls_ctx_error(const tls_ctx *x)
{
  return x ? x->err : "unable to make a TLS context: out of memory";
}

void tls_ctx_free(tls_ctx *x)
{
  if (!x) return;
  SSL_CTX_free(x->ssl);
  free(x);
}

/* ---- connections ---- */

/* make fd non-blocking, keeping its flags in *old; 0 or -1 */
static int tls_nonblock(int fd, int *old)
{
  int f = fcntl(fd, F_GETFL);
  if (f == -1) return -1;
  *old = f;
  if (!(f & O_NONBLOCK) && fcntl(fd, F_SETFL, f | O_NONBLOCK) == -1) return -1;
  return 0;
}

/* put fd's O_NONBLOCK back as it was in old */
static void tls_restore(int fd, int old)
{
  int f = fcntl(fd, F_GETFL);
  if (f == -1 || (f & O_NONBLOCK) == (old & O_NONBLOCK)) return;
  if (fcntl(fd, F_SETFL, (f & ~O_NONBLOCK) | (old & O_NONBLOCK)) == -1) return;
}

/* attach the fds to c->ssl; 0 or -1 with errno */
static int tls_conn_fds(tls_conn *c)
{
  int ok = c->rfd == c->wfd ? SSL_set_fd(c->ssl, c->rfd)
                            : SSL_set_rfd(c->ssl, c->rfd) && SSL_set_wfd(c->ssl, c->wfd);
  if (!ok) { ERR_clear_error(); errno = ENOMEM; return -1; }
  if (tls_nonblock(c->rfd, &c->rflags) == -1) return -1;
  if (c->wfd == c->rfd) { c->wflags = c->rflags; return 0; }
  if (tls_nonblock(c->wfd, &c->wflags) == -1) {
    int e = errno;
    tls_restore(c->rfd, c->rflags);
    errno = e;
    return -1;
  }
  return 0;
}

tls_conn *tls_conn_new(tls_ctx *x, int rfd, int wfd)
{
  tls_conn *c;
  if (!x) { errno = EINVAL; return 0; }
  if (rfd < 0 || wfd < 0 || fcntl(rfd, F_GETFL) == -1 || fcntl(wfd, F_GETFL) == -1) {
    errno = EBADF;
    return 0;
  }
  c = calloc(1, sizeof *c);
  if (!c) return 0;
  c->role = x->role;
  c->rfd = rfd;
  c->wfd = wfd;
  c->ssl = SSL_new(x->ssl);
  if (!c->ssl) { ERR_clear_error(); free(c); errno = ENOMEM; return 0; }
  if (tls_conn_fds(c) == -1) {
    int e = errno;
    SSL_free(c->ssl);
    free(c);
    errno = e;
    return 0;
  }
  if (c->role == TLS_SERVER) SSL_set_accept_state(c->ssl);
  else SSL_set_connect_state(c->ssl);
  return c;
}

/* 1 when host is an IPv4 or IPv6 address literal */
static int tls_is_ip(const char *host)
{
  unsigned char a[16];
  return inet_pton(AF_INET, host, a) == 1 || inet_pton(AF_INET6, host, a) == 1;
}

int tls_conn_sethost(tls_conn *c, const char *host, int check)
{
  int ip;
  if (!c || !host || !*host || c->role != TLS_CLIENT || c->done) {
    errno = EINVAL;
    return -1;
  }
  ip = tls_is_ip(host);
  ERR_clear_error();
  /* the macro takes a void *: OpenSSL copies the name and does not change it */
  if (!ip && SSL_set_tlsext_host_name(c->ssl, (char *)(uintptr_t)host) != 1) goto bad;
  if (check && ip && X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host) != 1) goto bad;
  if (check && !ip) {
    SSL_set_hostflags(c->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(c->ssl, host) != 1) goto bad;
  }
  return 0;
bad:
  tls_errset(c->err, "unusable TLS host name");
  errno = EINVAL;
  return -1;
}

/* ---- the I/O loop ---- */

static long long tls_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* the poll(2) timeout left until deadline: -1 without one, 0 when past */
static int tls_left(long long deadline)
{
  long long left;
  if (deadline < 0) return -1;
  left = deadline - tls_now_ms();
  if (left <= 0) return 0;
  return left > INT_MAX ? INT_MAX : (int)left;
}

/* wait until the fd OpenSSL wants (want = SSL_ERROR_WANT_READ/WRITE) is
 * ready; 0, or -1 with errno (ETIMEDOUT once the deadline passes) */
static int tls_wait(const tls_conn *c, int want, long long deadline)
{
  struct pollfd p;
  p.fd = want == SSL_ERROR_WANT_WRITE ? c->wfd : c->rfd;
  p.events = want == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN;
  for (;;) {
    int r, ms = tls_left(deadline);
    if (ms == 0) { errno = ETIMEDOUT; return -1; }
    p.revents = 0;
    r = poll(&p, 1, ms);
    if (r > 0) return 0;  /* readiness, or HUP/ERR that the next call reports */
    if (r == -1 && errno != EINTR) return -1;
  }
}

/* one attempt at op; >0 done, <=0 for SSL_get_error */
static int tls_try(tls_conn *c, enum tls_op op, char *x, size_t n, size_t *done)
{
  int r;
  switch (op) {
  case TLS_OP_HANDSHAKE: return SSL_do_handshake(c->ssl);
  case TLS_OP_READ: return SSL_read_ex(c->ssl, x, n, done);
  case TLS_OP_WRITE: return SSL_write_ex(c->ssl, x, n, done);
  case TLS_OP_SHUTDOWN: break;
  }
  r = SSL_shutdown(c->ssl);  /* 0: our close_notify is out, theirs not in */
  return r >= 0 ? 1 : r;
}

/* after a failed handshake, name the certificate problem too */
static void tls_errverify(tls_conn *c)
{
  long v = SSL_get_verify_result(c->ssl);
  if (v == X509_V_OK) return;
  tls_errcat(c->err, " (certificate: ");
  tls_errcat(c->err, X509_verify_cert_error_string(v));
  tls_errcat(c->err, ")");
}

/* turn the failure e of op (errno err) into errno and text; 0 for an end
 * of data on a read, else -1 */
static int tls_fail(tls_conn *c, enum tls_op op, int e, int err)
{
  char what[TLS_ERROR_MAX];
  int eof = e == SSL_ERROR_ZERO_RETURN
            || (e == SSL_ERROR_SYSCALL && !err && ERR_peek_error() == 0);
  if (eof && op == TLS_OP_READ) { ERR_clear_error(); return 0; }
  if (e == SSL_ERROR_SYSCALL && err) {
    snprintf(what, sizeof what, "%s: %s", tls_opname[op], error_str(err));
    tls_errset(c->err, what);
    errno = err;
    return -1;
  }
  if (eof) snprintf(what, sizeof what, "%s: connection closed by the peer", tls_opname[op]);
  else snprintf(what, sizeof what, "%s failed", tls_opname[op]);
  tls_errset(c->err, what);
  if (op == TLS_OP_HANDSHAKE) tls_errverify(c);
  errno = EPROTO;
  return -1;
}

/* run op until it completes, fails, or timeout_ms passes: 1 done, 0 end
 * of data (reads), -1 with errno */
static int tls_run(tls_conn *c, enum tls_op op, char *x, size_t n, size_t *done,
                   int timeout_ms)
{
  long long deadline = timeout_ms > 0 ? tls_now_ms() + timeout_ms : -1;
  for (;;) {
    int r, e, err;
    ERR_clear_error();
    errno = 0;
    r = tls_try(c, op, x, n, done);
    err = errno;
    if (r > 0) return 1;
    e = SSL_get_error(c->ssl, r);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return tls_fail(c, op, e, err);
    if (tls_wait(c, e, deadline) == -1) {
      err = errno;
      if (err != ETIMEDOUT) { tls_errsys(c->err, tls_opname[op], err); return -1; }
      ERR_clear_error();
      snprintf(c->err, sizeof c->err, "%s timed out", tls_opname[op]);
      errno = ETIMEDOUT;
      return -1;
    }
  }
}

/* the handshake for the role wanted */
static int tls_handshake(tls_conn *c, enum tls_role role, int timeout_ms)
{
  X509 *peer;
  if (!c) { errno = EINVAL; return -1; }
  if (c->role != role) {
    c->err[0] = 0;
    tls_errcat(c->err, role == TLS_SERVER ? "tls_accept on a client connection"
                                          : "tls_connect on a server connection");
    errno = EINVAL;
    return -1;
  }
  if (c->done) return 0;
  if (tls_run(c, TLS_OP_HANDSHAKE, 0, 0, 0, timeout_ms) != 1) return -1;
  c->done = 1;
  peer = SSL_get1_peer_certificate(c->ssl);
  if (peer) {
    if (X509_NAME_oneline(X509_get_subject_name(peer), c->subject, sizeof c->subject))
      c->have_subject = 1;
    X509_free(peer);
  }
  ERR_clear_error();
  return 0;
}

int tls_accept(tls_conn *c, int timeout_ms) { return tls_handshake(c, TLS_SERVER, timeout_ms); }

int tls_connect(tls_conn *c, int timeout_ms) { return tls_handshake(c, TLS_CLIENT, timeout_ms); }

ssize_t tls_read(tls_conn *c, char *x, size_t n, int timeout_ms)
{
  size_t got = 0;
  int r;
  if (!c || (!x && n)) { errno = EINVAL; return -1; }
  if (n == 0) return 0;
  if (n > SSIZE_MAX) n = SSIZE_MAX;
  r = tls_run(c, TLS_OP_READ, x, n, &got, timeout_ms);
  if (r <= 0) return r;
  return (ssize_t)got;
}

ssize_t tls_write(tls_conn *c, const char *x, size_t n, int timeout_ms)
{
  size_t put = 0;
  int r;
  if (!c || (!x && n)) { errno = EINVAL; return -1; }
  if (n == 0) return 0;
  if (n > SSIZE_MAX) n = SSIZE_MAX;
  /* SSL_write_ex only reads x: the cast lets one loop serve both ways */
  r = tls_run(c, TLS_OP_WRITE, (char *)(uintptr_t)x, n, &put, timeout_ms);
  if (r < 0) return -1;
  if (r == 0 || put == 0) { errno = EIO; return -1; }
  return (ssize_t)put;
}

int tls_shutdown(tls_conn *c, int timeout_ms)
{
  if (!c) { errno = EINVAL; return -1; }
  return tls_run(c, TLS_OP_SHUTDOWN, 0, 0, 0, timeout_ms) == 1 ? 0 : -1;
}

void tls_free(tls_conn *c)
{
  int e = errno;
  if (!c) return;
  SSL_free(c->ssl);
  ERR_clear_error();
  tls_restore(c->rfd, c->rflags);
  if (c->wfd != c->rfd) tls_restore(c->wfd, c->wflags);
  free(c);
  errno = e;
}

/* ---- what was negotiated ---- */

const char *tls_version(const tls_conn *c)
{
  return c && c->done ? SSL_get_version(c->ssl) : "";
}

size_t tls_pending(const tls_conn *c)
{
  return c && c->ssl ? (size_t)SSL_pending(c->ssl) : 0;
}

const char *tls_cipher(const tls_conn *c)
{
  const SSL_CIPHER *k;
  if (!c || !c->done) return "";
  k = SSL_get_current_cipher(c->ssl);
  return k ? SSL_CIPHER_get_name(k) : "";
}

const char *tls_peer_subject(const tls_conn *c)
{
  return c && c->have_subject ? c->subject : 0;
}

int tls_peer_verified(const tls_conn *c)
{
  return c && c->have_subject && SSL_get_verify_result(c->ssl) == X509_V_OK;
}

const char *tls_verify_error(const tls_conn *c)
{
  if (!c || !c->have_subject) return "no peer certificate";
  return X509_verify_cert_error_string(SSL_get_verify_result(c->ssl));
}

const char *tls_error(const tls_conn *c)
{
  return c ? c->err : "unable to make a TLS connection";
}

/* ---- buf ops ---- */

ssize_t tls_bufread(buf *b, char *x, size_t n)
{
  tls_conn *c = b->ctx;
  if (!c) { errno = EBADF; return -1; }
  return tls_read(c, x, n, b->timeout_ms);
}

ssize_t tls_bufwrite(buf *b, char *x, size_t n)
{
  tls_conn *c = b->ctx;
  if (!c) { errno = EBADF; return -1; }
  return tls_write(c, x, n, b->timeout_ms);
}

void tls_bufinit(buf *b, tls_conn *c, buf_op op, char *space, size_t size)
{
  int fd = -1;
  if (c) fd = op == tls_bufwrite ? c->wfd : c->rfd;
  buf_init(b, op, fd, space, size);
  b->ctx = c;
}

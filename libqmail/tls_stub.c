/* tls_stub.c — the tls module for builds without OpenSSL: every call fails with ENOSYS. */
#include "tls.h"

#include <errno.h>

static const char tls_stub_text[] = "TLS is not compiled in (built without OpenSSL)";

int tls_available(void) { return 0; }

tls_ctx *tls_ctx_new(enum tls_role role)
{
  (void)role;
  errno = ENOSYS;
  return 0;
}

int tls_ctx_cert(tls_ctx *x, const char *cert, const char *key)
{
  (void)x; (void)cert; (void)key;
  errno = ENOSYS;
  return -1;
}

int tls_ctx_ca(tls_ctx *x, const char *cafile, const char *cadir)
{
  (void)x; (void)cafile; (void)cadir;
  errno = ENOSYS;
  return -1;
}

int tls_ctx_ciphers(tls_ctx *x, const char *ciphers, const char *suites)
{
  (void)x; (void)ciphers; (void)suites;
  errno = ENOSYS;
  return -1;
}

int tls_ctx_verify(tls_ctx *x, int mode)
{
  (void)x; (void)mode;
  errno = ENOSYS;
  return -1;
}

const char *tls_ctx_error(const tls_ctx *x)
{
  (void)x;
  return tls_stub_text;
}

void tls_ctx_free(tls_ctx *x) { (void)x; }

tls_conn *tls_conn_new(tls_ctx *x, int rfd, int wfd)
{
  (void)x; (void)rfd; (void)wfd;
  errno = ENOSYS;
  return 0;
}

int tls_conn_sethost(tls_conn *c, const char *host, int check)
{
  (void)c; (void)host; (void)check;
  errno = ENOSYS;
  return -1;
}

int tls_accept(tls_conn *c, int timeout_ms)
{
  (void)c; (void)timeout_ms;
  errno = ENOSYS;
  return -1;
}

int tls_connect(tls_conn *c, int timeout_ms)
{
  (void)c; (void)timeout_ms;
  errno = ENOSYS;
  return -1;
}

ssize_t tls_read(tls_conn *c, char *x, size_t n, int timeout_ms)
{
  (void)c; (void)x; (void)n; (void)timeout_ms;
  errno = ENOSYS;
  return -1;
}

ssize_t tls_write(tls_conn *c, const char *x, size_t n, int timeout_ms)
{
  (void)c; (void)x; (void)n; (void)timeout_ms;
  errno = ENOSYS;
  return -1;
}

int tls_shutdown(tls_conn *c, int timeout_ms)
{
  (void)c; (void)timeout_ms;
  errno = ENOSYS;
  return -1;
}

void tls_free(tls_conn *c) { (void)c; }

const char *tls_version(const tls_conn *c)
{
  (void)c;
  return "";
}

size_t tls_pending(const tls_conn *c)
{
  (void)c;
  return 0;
}

const char *tls_cipher(const tls_conn *c)
{
  (void)c;
  return "";
}

const char *tls_peer_subject(const tls_conn *c)
{
  (void)c;
  return 0;
}

int tls_peer_verified(const tls_conn *c)
{
  (void)c;
  return 0;
}

const char *tls_verify_error(const tls_conn *c)
{
  (void)c;
  return tls_stub_text;
}

const char *tls_error(const tls_conn *c)
{
  (void)c;
  return tls_stub_text;
}

ssize_t tls_bufread(buf *b, char *x, size_t n)
{
  (void)b; (void)x; (void)n;
  errno = ENOSYS;
  return -1;
}

ssize_t tls_bufwrite(buf *b, char *x, size_t n)
{
  (void)b; (void)x; (void)n;
  errno = ENOSYS;
  return -1;
}

void tls_bufinit(buf *b, tls_conn *c, buf_op op, char *space, size_t size)
{
  (void)c;
  buf_init(b, op, -1, space, size);
}

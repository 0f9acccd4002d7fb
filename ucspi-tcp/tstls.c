/* tstls.c — tcpserver -s: the TLS side of a connection, and the relay to the program. */
#include "tstls.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "byte.h"
#include "exitcode.h"
#include "iopause.h"
#include "ndelay.h"
#include "str.h"
#include "strerr.h"
#include "tsrelay.h"

static void errcopy(char *err, const char *a, const char *b)
{
  size_t n = 0, i;
  for (i = 0; a[i] && n + 1 < TSTLS_ERR_MAX; ++i) err[n++] = a[i];
  for (i = 0; b && b[i] && n + 1 < TSTLS_ERR_MAX; ++i) err[n++] = b[i];
  err[n] = 0;
}

tls_ctx *tstls_ctx(const struct tstls_conf *conf, char *err)
{
  tls_ctx *x = tls_ctx_new(TLS_SERVER);
  if (!x) {
    errcopy(err, "TLS: ", tls_ctx_error(0));
    return 0;
  }
  if (tls_ctx_cert(x, conf->certfile, conf->keyfile) == -1
      || (conf->cafile && (tls_ctx_ca(x, conf->cafile, 0) == -1
                           || tls_ctx_verify(x, TLS_VERIFY_REQUEST) == -1))
      || tls_ctx_ciphers(x, conf->ciphers, conf->suites) == -1) {
    errcopy(err, "TLS: ", tls_ctx_error(x));
    tls_ctx_free(x);
    return 0;
  }
  return x;
}

/* one "NAME=value" entry into e->buf at *pos, cut to fit */
static void put(struct tstls_env *e, size_t *n, size_t *pos, const char *name, const char *value)
{
  size_t room = sizeof e->buf - *pos, len = 0;
  char *s = e->buf + *pos;
  const char *parts[3];
  int i;
  parts[0] = name;
  parts[1] = "=";
  parts[2] = value;
  if (room == 0) return;
  for (i = 0; i < 3; ++i)
    for (; *parts[i] && len + 1 < room; ++parts[i]) s[len++] = *parts[i];
  s[len++] = 0;
  e->v[(*n)++] = s;
  *pos += len;
}

void tstls_env(struct tstls_env *e, const tls_conn *c)
{
  const char *subject = tls_peer_subject(c);
  size_t n = 0, pos = 0;
  put(e, &n, &pos, "TLS", "1");
  put(e, &n, &pos, "TLS_PROTOCOL", tls_version(c));
  put(e, &n, &pos, "TLS_CIPHER", tls_cipher(c));
  if (subject) {
    put(e, &n, &pos, "TLS_PEER_SUBJECT", subject);
    put(e, &n, &pos, "TLS_PEER_VERIFIED", tls_peer_verified(c) ? "1" : "0");
  }
  e->v[n] = 0;
}

/* the relay's state: one buffer per direction */
struct relay {
  tls_conn *c;
  int sock, plain;
  char in[TSTLS_IO_MAX];    /* from the client, for the program */
  size_t inpos, inlen;
  char out[TSTLS_IO_MAX];   /* from the program, for the client */
  size_t outpos, outlen;
  int neteof;               /* the client's data ended (or the program stopped reading) */
  int progeof;              /* the program's output ended */
  int progdeaf;             /* the program no longer reads: drop the client's data */
  int netdead;              /* the TLS side failed */
};

/* the client's side is readable: one TLS read */
static void from_net(struct relay *r)
{
  ssize_t n = tls_read(r->c, r->in, sizeof r->in, TSTLS_SLICE_MS);
  if (n > 0) {
    if (r->progdeaf) return;
    r->inpos = 0;
    r->inlen = (size_t)n;
    return;
  }
  if (n == -1 && errno == ETIMEDOUT) return;  /* part of a record: come back */
  if (n == -1) r->netdead = 1;
  r->neteof = 1;
  shutdown(r->plain, SHUT_WR);
}

static void to_net(struct relay *r)
{
  ssize_t n = tls_write(r->c, r->out + r->outpos, r->outlen - r->outpos, TSTLS_SLICE_MS);
  if (n > 0) {
    r->outpos += (size_t)n;
    if (r->outpos == r->outlen) r->outpos = r->outlen = 0;
    return;
  }
  if (errno != ETIMEDOUT) r->netdead = 1;
}

static void from_prog(struct relay *r)
{
  ssize_t n = read(r->plain, r->out, sizeof r->out);
  if (n > 0) {
    r->outpos = 0;
    r->outlen = (size_t)n;
    return;
  }
  if (n == -1 && (errno == EAGAIN || errno == EINTR)) return;
  r->progeof = 1;
}

static void to_prog(struct relay *r)
{
  ssize_t n = send(r->plain, r->in + r->inpos, r->inlen - r->inpos, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n > 0) {
    r->inpos += (size_t)n;
    if (r->inpos == r->inlen) r->inpos = r->inlen = 0;
    return;
  }
  if (n == -1 && (errno == EAGAIN || errno == EINTR)) return;
  r->progdeaf = 1;  /* the program closed its input: its data has nowhere to go */
  r->inpos = r->inlen = 0;
}

/* one round: wait for what can move, and move it */
static int step(struct relay *r)
{
  iopause_fd x[2];
  int wantnetin = !r->neteof && r->inlen == 0;
  /* decrypted bytes already inside OpenSSL: poll(2) would not see them */
  if (wantnetin && tls_pending(r->c) > 0) {
    from_net(r);
    return 0;
  }
  x[0].fd = r->sock;
  x[0].events = (short)((wantnetin ? IOPAUSE_READ : 0) | (r->outlen ? IOPAUSE_WRITE : 0));
  x[1].fd = r->plain;
  x[1].events = (short)((!r->progeof && r->outlen == 0 ? IOPAUSE_READ : 0)
                        | (r->inlen ? IOPAUSE_WRITE : 0));
  if (!x[0].events) x[0].fd = -1;
  if (!x[1].events) x[1].fd = -1;
  x[0].revents = x[1].revents = 0;
  if (iopause(x, 2, IOPAUSE_FOREVER) == -1) return -1;
  if ((x[0].revents & ~IOPAUSE_WRITE) && wantnetin) from_net(r);
  if ((x[0].revents & ~IOPAUSE_READ) && r->outlen && !r->netdead) to_net(r);
  if ((x[1].revents & ~IOPAUSE_READ) && r->inlen) to_prog(r);
  if ((x[1].revents & ~IOPAUSE_WRITE) && !r->progeof && r->outlen == 0) from_prog(r);
  return 0;
}

int tstls_relay(tls_conn *c, int sock, int plain)
{
  struct relay *r = calloc(1, sizeof *r);  /* 32 KB: off the stack */
  int ok;
  if (!r || ndelay_on(plain) == -1) {
    free(r);
    close(plain);
    return -1;
  }
  r->c = c;
  r->sock = sock;
  r->plain = plain;
  while (!r->netdead && !(r->progeof && r->outlen == 0))
    if (step(r) == -1) { r->netdead = 1; break; }
  ok = !r->netdead;
  free(r);
  if (ok && tls_shutdown(c, TSTLS_SHUTDOWN_MS) == -1) ok = 0;
  close(plain);
  return ok ? 0 : -1;
}

/* tell the child how it went: one write, which a pipe takes whole */
static void answer_out(int fd, char *const *v, const char *why)
{
  char x[TSRELAY_ANSWER_MAX];
  size_t len;
  if (tsrelay_pack(x, &len, v, why) && write(fd, x, len) == -1) {}  /* the child sees no answer */
  close(fd);
}

static int banner_out(tls_conn *c, const char *banner)
{
  size_t len = str_len(banner), pos = 0;
  while (pos < len) {
    ssize_t w = tls_write(c, banner + pos, len - pos, TSTLS_HANDSHAKE_MS);
    if (w <= 0) return -1;
    pos += (size_t)w;
  }
  return 0;
}

/* a failure before the relay: the child reports it and drops the
 * connection */
static void __attribute__((noreturn)) fail(int answer, const char *a, const char *b)
{
  char why[TSTLS_ERR_MAX + 64];
  size_t n = 0;
  for (; *a && n + 1 < sizeof why; ++a) why[n++] = *a;
  for (; *b && n + 1 < sizeof why; ++b) why[n++] = *b;
  why[n] = 0;
  answer_out(answer, 0, why);
  _exit(EXIT_TEMP);
}

void tstls_worker(tls_ctx *x, int sock, int plain, int answer, const char *banner, int verbosity)
{
  struct tstls_env te;
  tls_conn *c = tls_conn_new(x, sock, sock);
  if (!c) fail(answer, "TLS: ", tls_error(0));
  if (tls_accept(c, TSTLS_HANDSHAKE_MS) == -1) fail(answer, "TLS handshake failed: ", tls_error(c));
  if (banner_out(c, banner) == -1) fail(answer, "unable to print banner: ", tls_error(c));
  tstls_env(&te, c);
  answer_out(answer, te.v, 0);
  if (tstls_relay(c, sock, plain) == -1 && verbosity >= 2 && *tls_error(c))
    strerr_warn("tcpserver: warning: TLS: ", tls_error(c), (char *)0);
  _exit(0);
}

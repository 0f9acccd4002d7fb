/* tctls.c — tcpclient's TLS client: a verified handshake, then a relay
 * between the TLS connection and the program's plain socket pair. */
#include "tctls.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#include "iopause.h"
#include "ndelay.h"
#include "strerr.h"

/* err = a + b, cut to TCTLS_ERR_MAX - 1 bytes */
static void tctls_err(char *err, const char *a, const char *b)
{
  size_t n = 0;
  for (; a && *a && n + 1 < TCTLS_ERR_MAX; ++a) err[n++] = *a;
  for (; b && *b && n + 1 < TCTLS_ERR_MAX; ++b) err[n++] = *b;
  err[n] = 0;
}

static int tctls_setup(tls_ctx *x, const struct tctls_opts *o, char *err)
{
  if (tls_ctx_ca(x, o->cafile, o->cadir) == -1) {
    tctls_err(err, "unable to load the trusted CAs: ", tls_ctx_error(x));
    return -1;
  }
  if (o->certfile && tls_ctx_cert(x, o->certfile, o->keyfile) == -1) {
    tctls_err(err, "unable to load the client certificate: ", tls_ctx_error(x));
    return -1;
  }
  if ((o->ciphers || o->suites) && tls_ctx_ciphers(x, o->ciphers, o->suites) == -1) {
    tctls_err(err, "unusable cipher list: ", tls_ctx_error(x));
    return -1;
  }
  if (tls_ctx_verify(x, TLS_VERIFY_PEER) == -1) {
    tctls_err(err, "unable to ask for verification: ", tls_ctx_error(x));
    return -1;
  }
  return 0;
}

tls_ctx *tctls_ctx(const struct tctls_opts *o, char *err)
{
  tls_ctx *x = tls_ctx_new(TLS_CLIENT);
  if (!x) {
    tctls_err(err, "unable to set up TLS: ", tls_ctx_error(0));
    return 0;
  }
  if (tctls_setup(x, o, err) == -1) {
    tls_ctx_free(x);
    return 0;
  }
  return x;
}

tls_conn *tctls_start(tls_ctx *ctx, int sock, const struct tctls_opts *o, char *err)
{
  tls_conn *c = tls_conn_new(ctx, sock, sock);
  if (!c) {
    tctls_err(err, "unable to set up TLS: ", error_str(errno));
    return 0;
  }
  if (tls_conn_sethost(c, o->name, 1) == -1) {
    tctls_err(err, "unusable server name: ", o->name);
    tls_free(c);
    return 0;
  }
  if (tls_connect(c, o->timeout_ms) == -1) {
    tctls_err(err, tls_error(c), 0);
    tls_free(c);
    return 0;
  }
  return c;
}

int tctls_env(env_builder *e, const tls_conn *c)
{
  static const char *const names[] = {
    "TLS", "TLS_PROTOCOL", "TLS_CIPHER", "TLS_PEER_SUBJECT", "TLS_PEER_VERIFIED", 0
  };
  const char *subject;
  size_t i;
  for (i = 0; names[i]; ++i)
    if (!env_unset(e, names[i])) return 0;
  if (!c) return 1;
  if (!env_set(e, "TLS", "1") || !env_set(e, "TLS_PROTOCOL", tls_version(c)) ||
      !env_set(e, "TLS_CIPHER", tls_cipher(c)))
    return 0;
  subject = tls_peer_subject(c);
  if (!subject) return 1;
  return env_set(e, "TLS_PEER_SUBJECT", subject) &&
         env_set(e, "TLS_PEER_VERIFIED", tls_peer_verified(c) ? "1" : "0");
}

/* the relay's state: down = from the server to the program, up = from
 * the program to the server */
struct tctls_relay {
  tls_conn *c;
  int sock, plain;
  char down[TCTLS_BUF], up[TCTLS_BUF];
  size_t dpos, dlen, upos, ulen;
  int net_eof;      /* the server's data has ended */
  int pending;      /* TLS may hold decrypted bytes: read before polling */
  int want_write;   /* the last tls_write timed out: wait for sock */
  int plain_eof;    /* the program's data has ended */
  int plain_gone;   /* nothing more can be written to the program */
  int shut_plain, shut_net;
};

/* pass decrypted bytes on to the program; drop them once it is gone */
static void tctls_down(struct tctls_relay *r)
{
  ssize_t w;
  if (r->dlen > r->dpos && !r->plain_gone) {
    w = write(r->plain, r->down + r->dpos, r->dlen - r->dpos);
    if (w > 0) r->dpos += (size_t)w;
    else if (w == -1 && errno != EAGAIN && errno != EINTR) r->plain_gone = 1;
  }
  if (r->plain_gone || r->dpos == r->dlen) r->dpos = r->dlen = 0;
  if (r->net_eof && !r->dlen && !r->shut_plain && !r->plain_gone) {
    (void)shutdown(r->plain, SHUT_WR);
    r->shut_plain = 1;
  }
}

/* send close_notify; 1 when it went out, 2 when the peer is gone already
 * (then there is nobody left to tell) */
static int tctls_close_notify(tls_conn *c)
{
  return tls_shutdown(c, TCTLS_SHUTDOWN_MS) == 0 ? 1 : 2;
}

/* encrypt the program's bytes; -1 when the TLS side failed */
static int tctls_up(struct tctls_relay *r, char *err)
{
  ssize_t w;
  if (r->ulen > r->upos && !r->want_write) {
    w = tls_write(r->c, r->up + r->upos, r->ulen - r->upos, 1);
    if (w > 0) r->upos += (size_t)w;
    else if (errno == ETIMEDOUT) r->want_write = 1;
    else { tctls_err(err, "TLS write failed: ", tls_error(r->c)); return -1; }
  }
  if (r->upos == r->ulen) r->upos = r->ulen = 0;
  if (r->plain_eof && !r->ulen && !r->shut_net) {
    r->shut_net = tctls_close_notify(r->c);
    (void)shutdown(r->sock, SHUT_WR);
  }
  return 0;
}

/* read what TLS holds or the socket brings; -1 when the TLS side failed */
static int tctls_netread(struct tctls_relay *r, char *err)
{
  ssize_t n = tls_read(r->c, r->down, sizeof r->down, 1);
  if (n > 0) { r->dlen = (size_t)n; r->dpos = 0; return 0; }
  if (n == 0) { r->net_eof = 1; r->pending = 0; return 0; }
  r->pending = 0;
  if (errno == ETIMEDOUT) return 0;
  r->net_eof = 1;
  tctls_err(err, "TLS read failed: ", tls_error(r->c));
  return -1;
}

/* the program's bytes */
static void tctls_plainread(struct tctls_relay *r)
{
  ssize_t n = read(r->plain, r->up, sizeof r->up);
  if (n > 0) { r->ulen = (size_t)n; r->upos = 0; }
  else if (n == 0 || (errno != EAGAIN && errno != EINTR)) r->plain_eof = 1;
}

static int tctls_done(const struct tctls_relay *r)
{
  if (!r->plain_eof || r->ulen) return 0;
  return r->plain_gone || (r->net_eof && !r->dlen);
}

/* wait (until deadline) for what the relay can do next, and note what
 * became ready */
static int tctls_wait(struct tctls_relay *r, int64_t deadline)
{
  iopause_fd p[2];
  p[0].fd = r->sock;
  p[0].events = 0;
  if (!r->net_eof && !r->dlen) p[0].events |= IOPAUSE_READ;
  if (r->ulen && r->want_write) p[0].events |= IOPAUSE_WRITE;
  if (!p[0].events) p[0].fd = -1;
  p[1].fd = r->plain;
  p[1].events = 0;
  if (!r->plain_eof && !r->ulen) p[1].events |= IOPAUSE_READ;
  if (r->dlen && !r->plain_gone) p[1].events |= IOPAUSE_WRITE;
  /* with no events asked, a hang-up (the program gone) still wakes us */
  if (r->plain_gone && !p[1].events) p[1].fd = -1;
  p[0].revents = p[1].revents = 0;
  if (iopause(p, 2, deadline) == -1) return -1;
  if (p[0].revents & (IOPAUSE_READ | POLLHUP | POLLERR)) r->pending = 1;
  if (p[0].revents & (IOPAUSE_WRITE | POLLHUP | POLLERR)) r->want_write = 0;
  if (p[1].revents & (IOPAUSE_READ | POLLHUP | POLLERR)) {
    if (p[1].events & IOPAUSE_READ) tctls_plainread(r);
    if (p[1].revents & (POLLHUP | POLLERR)) r->plain_gone = 1;
  }
  return 0;
}

int tctls_relay(tls_conn *c, int sock, int plain, char *err)
{
  struct tctls_relay *r = calloc(1, sizeof *r);  /* 32 KB: off the stack */
  int rc = 0;
  err[0] = 0;
  if (!r || ndelay_on(plain) == -1) {
    tctls_err(err, "unable to set up the relay: ", error_str(errno));
    free(r);
    close(plain);
    return -1;
  }
  r->c = c;
  r->sock = sock;
  r->plain = plain;
  r->pending = 1;  /* the handshake may have brought data already */
  for (;;) {
    int busy;
    tctls_down(r);
    if (tctls_up(r, err) == -1) { rc = -1; break; }
    if (tctls_done(r)) break;
    if (!r->net_eof && !r->dlen && r->pending && tctls_netread(r, err) == -1) rc = -1;
    /* while TLS may hold more, only look at the program's side */
    busy = !r->net_eof && !r->dlen && r->pending;
    if (tctls_wait(r, busy ? iopause_deadline(0) : IOPAUSE_FOREVER) == -1) {
      tctls_err(err, "unable to wait: ", error_str(errno));
      rc = -1;
      break;
    }
  }
  if (!r->shut_net && rc == 0) r->shut_net = tctls_close_notify(c);
  free(r);
  close(plain);
  return rc;
}

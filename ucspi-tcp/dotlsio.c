/* dotlsio.c — dotls's relay loop between a client (plain or TLS) and a program. */
#include "dotlsio.h"

#include <errno.h>
#include <unistd.h>

#include "byte.h"
#include "iopause.h"

void dotls_io_init(struct dotls_io *io, int crfd, tls_conn *tls, buf *cw,
                   int pin, int pout, struct dotls_smtp *smtp)
{
  byte_zero(io, sizeof *io);
  io->crfd = crfd;
  io->tls = tls;
  io->cw = cw;
  io->pin = pin;
  io->pout = pout;
  io->smtp = smtp;
  io->pq.x = io->pspace;
  io->pq.a = sizeof io->pspace;
}

/* the client's bytes through the tracker towards the program */
static void io_client_take(struct dotls_io *io)
{
  if (io->pq.len == 0 && io->cpos < io->clen) {
    io->cpos += dotls_smtp_client(io->smtp, io->cin + io->cpos, io->clen - io->cpos, &io->pq);
    if (io->cpos == io->clen) io->cpos = io->clen = 0;
  }
  if (io->ceof && io->cpos == io->clen && !io->cended && io->pq.len == 0) {
    dotls_smtp_client_end(io->smtp, &io->pq);
    io->cended = 1;
  }
  if (io->pin == -1) io->pq.len = io->ppos = 0;   /* nobody reads them */
  if (io->cended && io->pq.len == 0 && io->pin != -1) {
    close(io->pin);   /* the program sees the end of its input */
    io->pin = -1;
  }
}

/* the program's bytes rin[0..n) through the tracker to the client; 0, or
 * -1 when writing to the client failed */
static int io_program_give(struct dotls_io *io, size_t n)
{
  size_t pos = 0;
  while (pos < n) {
    struct dotls_out c;
    c.x = io->cspace;
    c.len = 0;
    c.a = sizeof io->cspace;
    pos += dotls_smtp_server(io->smtp, io->rin + pos, n - pos, &c);
    if (c.len && buf_putflush(io->cw, c.x, c.len) == -1) { io->err = errno; return -1; }
  }
  return 0;
}

/* the program's output has ended: its last partial line, then done */
static int io_program_end(struct dotls_io *io)
{
  struct dotls_out c;
  c.x = io->cspace;
  c.len = 0;
  c.a = sizeof io->cspace;
  dotls_smtp_server_end(io->smtp, &c);
  if (c.len && buf_putflush(io->cw, c.x, c.len) == -1) { io->err = errno; return -1; }
  return 0;
}

static void io_client_read(struct dotls_io *io)
{
  ssize_t n;
  if (io->tls) {
    n = tls_read(io->tls, io->cin, sizeof io->cin, DOTLS_TLS_SLICE_MS);
    if (n == -1 && errno == ETIMEDOUT) return;   /* part of a record: later */
  } else {
    n = read(io->crfd, io->cin, sizeof io->cin);
    if (n == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
  }
  if (n <= 0) {   /* the end, or a broken connection, which ends it too */
    io->ceof = 1;
    return;
  }
  io->cpos = 0;
  io->clen = (size_t)n;
}

static void io_program_write(struct dotls_io *io)
{
  ssize_t w = write(io->pin, io->pq.x + io->ppos, io->pq.len - io->ppos);
  if (w == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (w <= 0) {   /* the program stopped reading: what it would get is lost */
    close(io->pin);
    io->pin = -1;
    io->pq.len = io->ppos = 0;
    return;
  }
  io->ppos += (size_t)w;
  if (io->ppos == io->pq.len) io->pq.len = io->ppos = 0;
}

/* wait for the descriptors that can make progress, then serve them; 0,
 * 1 when the program's output has ended, or -1 when poll(2) fails */
static int io_wait(struct dotls_io *io, size_t *got)
{
  iopause_fd x[3];
  ssize_t n;
  int i;
  for (i = 0; i < 3; ++i) { x[i].fd = -1; x[i].events = 0; x[i].revents = 0; }
  if (!io->ceof && io->cpos == io->clen && io->smtp->cstate != DOTLS_C_STARTTLS) {
    x[0].fd = io->crfd;
    x[0].events = IOPAUSE_READ;
  }
  x[1].fd = io->pout;
  x[1].events = IOPAUSE_READ;
  if (io->pin != -1 && io->pq.len > io->ppos) {
    x[2].fd = io->pin;
    x[2].events = IOPAUSE_WRITE;
  }
  *got = 0;
  if (iopause(x, 3, IOPAUSE_FOREVER) == -1) { io->err = errno; return -1; }
  if (x[2].revents) io_program_write(io);
  if (x[0].revents) io_client_read(io);
  if (!x[1].revents) return 0;
  n = read(io->pout, io->rin, sizeof io->rin);
  if (n == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
  if (n <= 0) return 1;
  *got = (size_t)n;
  return 0;
}

enum dotls_end dotls_io_run(struct dotls_io *io)
{
  for (;;) {
    size_t got;
    int r;
    io_client_take(io);
    if (!io->ceof && io->pq.len == 0 && dotls_smtp_starttls(io->smtp) == 2)
      return DOTLS_END_STARTTLS;
    r = io_wait(io, &got);
    if (r == -1) return DOTLS_END_CLIENT;
    if (r == 1) {
      if (io->pin != -1) { close(io->pin); io->pin = -1; }
      return io_program_end(io) == -1 ? DOTLS_END_CLIENT : DOTLS_END_PROGRAM;
    }
    if (got && io_program_give(io, got) == -1) return DOTLS_END_CLIENT;
  }
}

size_t dotls_io_discard(struct dotls_io *io)
{
  size_t n = io->clen - io->cpos;
  io->cpos = io->clen = 0;
  if (io->tls) return n;   /* only the plain phase has a STARTTLS */
  for (;;) {
    iopause_fd x;
    ssize_t r;
    x.fd = io->crfd;
    x.events = IOPAUSE_READ;
    x.revents = 0;
    if (iopause(&x, 1, iopause_now()) <= 0) return n;   /* nothing waiting */
    r = read(io->crfd, io->cin, sizeof io->cin);
    if (r <= 0) {
      if (r == 0) io->ceof = 1;
      return n;
    }
    n += (size_t)r;
  }
}

/* buf.c — buffered reading and writing over file descriptors, with timeouts. */
#include "buf.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iopause.h"

/* the deadline of one op call: timeout_ms from now, or none */
static int64_t buf_deadline(const buf *b)
{
  return b->timeout_ms > 0 ? iopause_deadline(b->timeout_ms) : IOPAUSE_FOREVER;
}

ssize_t buf_fdread(buf *b, char *x, size_t n)
{
  int64_t deadline = buf_deadline(b);
  for (;;) {
    ssize_t r;
    if (b->timeout_ms > 0 && iopause_one(b->fd, POLLIN, deadline) == -1) return -1;
    r = read(b->fd, x, n);
    if (r >= 0) return r;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    /* a non-blocking fd with nothing to read: wait for it (with a timeout,
     * the wait at the top of the loop does that) */
    if (b->timeout_ms <= 0 && iopause_one(b->fd, POLLIN, deadline) == -1) return -1;
  }
}

/* one write that cannot block for long once poll said fd is writable: a
 * blocking write(2) of more than the free space would wait, whatever the
 * timeout, until the peer reads. So with a timeout, sockets get a
 * non-blocking send and other fds (pipes) at most PIPE_BUF bytes, which
 * Linux writes at once when poll reported the pipe writable. */
static ssize_t buf_write1(int fd, const char *x, size_t n, int timed)
{
  ssize_t w;
  if (!timed) return write(fd, x, n);
  w = send(fd, x, n, MSG_DONTWAIT);
  if (w != -1 || errno != ENOTSOCK) return w;
  return write(fd, x, n < PIPE_BUF ? n : PIPE_BUF);
}

ssize_t buf_fdwrite(buf *b, char *x, size_t n)
{
  int64_t deadline = buf_deadline(b);
  for (;;) {
    ssize_t w;
    if (b->timeout_ms > 0 && iopause_one(b->fd, POLLOUT, deadline) == -1) return -1;
    w = buf_write1(b->fd, x, n, b->timeout_ms > 0);
    if (w >= 0) return w;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (b->timeout_ms <= 0 && iopause_one(b->fd, POLLOUT, deadline) == -1) return -1;
  }
}

void buf_init(buf *b, buf_op op, int fd, char *space, size_t size)
{
  b->x = space;
  b->a = size;
  b->pos = 0;
  b->len = 0;
  b->fd = fd;
  b->timeout_ms = 0;
  b->op = op;
  b->ctx = 0;
}

void buf_settimeout(buf *b, int ms) { b->timeout_ms = ms > 0 ? ms : 0; }

size_t buf_buffered(const buf *b) { return b->len - b->pos; }

ssize_t buf_feed(buf *b)
{
  ssize_t r;
  if (b->pos < b->len) return (ssize_t)(b->len - b->pos);
  b->pos = b->len = 0;
  r = b->op(b, b->x, b->a);
  if (r <= 0) return r;
  b->len = (size_t)r;
  return r;
}

char *buf_peek(buf *b) { return b->x + b->pos; }

void buf_seek(buf *b, size_t n)
{
  if (n > b->len - b->pos) n = b->len - b->pos;
  b->pos += n;
}

ssize_t buf_get(buf *b, char *out, size_t n)
{
  ssize_t r;
  if (n == 0) return 0;
  if (b->pos == b->len && n >= b->a) return b->op(b, out, n); /* big read: no copy */
  r = buf_feed(b);
  if (r <= 0) return r;
  if ((size_t)r < n) n = (size_t)r;
  memcpy(out, b->x + b->pos, n);
  b->pos += n;
  return (ssize_t)n;
}

int buf_getc(buf *b, char *c)
{
  ssize_t r = buf_get(b, c, 1);
  return r < 0 ? -1 : (int)r;
}

/* write all of x[0..n) through the op */
static int buf_allwrite(buf *b, const char *x, size_t n)
{
  while (n) {
    ssize_t w = b->op(b, (char *)(uintptr_t)x, n);
    if (w < 0) return -1;
    if (w == 0) { errno = EIO; return -1; }
    x += w;
    n -= (size_t)w;
  }
  return 0;
}

int buf_flush(buf *b)
{
  size_t n = b->len;
  if (!n) return 0;
  b->len = 0;
  return buf_allwrite(b, b->x, n);
}

int buf_put(buf *b, const char *s, size_t n)
{
  if (!n) return 0;
  if (n <= b->a - b->len) {
    memcpy(b->x + b->len, s, n);
    b->len += n;
    return 0;
  }
  if (buf_flush(b) == -1) return -1;
  if (n >= b->a) return buf_allwrite(b, s, n);
  memcpy(b->x, s, n);
  b->len = n;
  return 0;
}

int buf_puts(buf *b, const char *s) { return buf_put(b, s, strlen(s)); }

int buf_putflush(buf *b, const char *s, size_t n)
{
  if (buf_put(b, s, n) == -1) return -1;
  return buf_flush(b);
}

int buf_putsflush(buf *b, const char *s) { return buf_putflush(b, s, strlen(s)); }

static char buf_0_space[BUF_INSIZE];
static char buf_1_space[BUF_OUTSIZE];
static char buf_2_space[256];
static buf buf_0_s = BUF_INIT(buf_fdread, 0, buf_0_space, sizeof buf_0_space);
static buf buf_1_s = BUF_INIT(buf_fdwrite, 1, buf_1_space, sizeof buf_1_space);
static buf buf_2_s = BUF_INIT(buf_fdwrite, 2, buf_2_space, sizeof buf_2_space);
buf *const buf_0 = &buf_0_s;
buf *const buf_1 = &buf_1_s;
buf *const buf_2 = &buf_2_s;

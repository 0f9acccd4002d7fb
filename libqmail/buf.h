/* buf.h — buffered reading and writing over file descriptors, with timeouts.
 *
 * Return convention: syscall-like. Functions return -1 with errno set on
 * failure (ETIMEDOUT when the timeout passes with no progress); reads
 * return the number of bytes, 0 at end of file; writes return 0.
 *
 * A buf is either a reader or a writer. The op does the real I/O: the
 * default ops buf_fdread / buf_fdwrite use read(2)/write(2) and wait with
 * poll(2) at most timeout_ms (0 = forever) for each call of the op to make
 * some progress; they also work on non-blocking fds (EAGAIN means wait).
 * With a timeout, a write never blocks past it even on a blocking fd that
 * has only a little room: sockets are written with a non-blocking send and
 * other fds at most PIPE_BUF bytes at a time. The TLS module supplies its
 * own op and puts its state in ctx.
 *
 * When a write fails, the bytes that were buffered are dropped (some may
 * have reached the fd): a writer that failed is only good for closing. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <sys/types.h>

typedef struct buf buf;
typedef ssize_t (*buf_op)(buf *, char *, size_t);

struct buf {
  char *x;          /* the space */
  size_t a;         /* its size */
  size_t pos;       /* reader: first unread byte */
  size_t len;       /* reader: end of data; writer: bytes waiting */
  int fd;
  int timeout_ms;   /* 0 = wait forever */
  buf_op op;
  void *ctx;        /* for ops that need state (TLS) */
};

#define BUF_INSIZE 8192
#define BUF_OUTSIZE 8192
#define BUF_INIT(op, fd, space, size) { (space), (size), 0, 0, (fd), 0, (op), 0 }

ssize_t buf_fdread(buf *, char *, size_t);
ssize_t buf_fdwrite(buf *, char *, size_t);

void buf_init(buf *, buf_op, int fd, char *space, size_t size);
void buf_settimeout(buf *, int ms);

/* reader */
/* feed: make sure some data is buffered; bytes available, 0 EOF, -1 error */
ssize_t buf_feed(buf *) __attribute__((warn_unused_result));
/* peek: the buffered bytes (buf_feed first); seek: consume n of them */
char *buf_peek(buf *);
void buf_seek(buf *, size_t n);
/* get: up to n bytes into out; bytes read, 0 EOF, -1 error */
ssize_t buf_get(buf *, char *out, size_t n) __attribute__((warn_unused_result));
/* getc: one byte; 1, 0 EOF, -1 error */
int buf_getc(buf *, char *c) __attribute__((warn_unused_result));
/* buffered: bytes waiting in the buffer, without any I/O */
size_t buf_buffered(const buf *);

/* writer */
int buf_put(buf *, const char *, size_t) __attribute__((warn_unused_result));
int buf_puts(buf *, const char *) __attribute__((warn_unused_result));
int buf_flush(buf *) __attribute__((warn_unused_result));
int buf_putflush(buf *, const char *, size_t) __attribute__((warn_unused_result));
int buf_putsflush(buf *, const char *) __attribute__((warn_unused_result));

/* the standard buffers: fd 0 (reader), 1 and 2 (writers) */
extern buf *const buf_0;
extern buf *const buf_1;
extern buf *const buf_2;

#endif

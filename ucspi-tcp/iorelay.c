/* iorelay.c — a program in front, a byte-filtering relay behind it. */
#include "iorelay.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exitcode.h"
#include "iopause.h"
#include "pathexec.h"
#include "sig.h"
#include "strerr.h"

/* one direction: bytes read from in, filtered, waiting to go to out */
struct iorelay_pump {
  int in, out;              /* -1 once closed */
  int eof;                  /* in reached its end */
  size_t pos, len;          /* out[pos..len) of obuf still to write */
  char obuf[IORELAY_OUT_MAX];
};

struct iorelay {
  const char *prog;
  const struct iorelay_filter *f;
  size_t readsize;            /* f->readsize within 1 .. IORELAY_READ_MAX */
  struct iorelay_pump p[2];   /* indexed by enum iorelay_dir */
  char raw[IORELAY_READ_MAX];
};

ssize_t iorelay_write1(int fd, const char *x, size_t n)
{
  ssize_t w = send(fd, x, n, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (w != -1 || errno != ENOTSOCK) return w;
  return write(fd, x, n < PIPE_BUF ? n : PIPE_BUF);
}

/* a pipe whose two ends are close-on-exec and above 2, so that dup2 onto
 * 0 and 1 cannot clobber one end with the other; 0 or -1 */
static int iorelay_pipe(int p[2])
{
  int i;
  if (pipe2(p, O_CLOEXEC) == -1) return -1;
  for (i = 0; i < 2; ++i) {
    if (p[i] <= 2) {
      int fd = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
      if (fd == -1) return -1;
      close(p[i]);
      p[i] = fd;
    }
  }
  return 0;
}

/* read what in has for pump d and filter it */
static void iorelay_read(struct iorelay *r, int d)
{
  struct iorelay_pump *p = &r->p[d];
  ssize_t n = read(p->in, r->raw, r->readsize);
  if (n == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (n <= 0) {   /* the end, or an error that ends this direction as well */
    p->eof = 1;
    if (d == IORELAY_IN) {   /* the program's output is closed by the program */
      close(p->in);
      p->in = -1;
    }
    p->pos = 0;
    p->len = r->f->eof ? r->f->eof(r->f->ctx, d, p->obuf) : 0;
    return;
  }
  p->pos = 0;
  p->len = r->f->packet(r->f->ctx, d, r->raw, (size_t)n, p->obuf);
}

/* write what pump d holds; a program that stopped reading loses its input */
static void iorelay_write(struct iorelay *r, int d)
{
  struct iorelay_pump *p = &r->p[d];
  ssize_t w = iorelay_write1(p->out, p->obuf + p->pos, p->len - p->pos);
  if (w == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (w <= 0) {
    if (d == IORELAY_OUT)
      strerr_die(EXIT_TEMP, r->prog, ": fatal: unable to write output: ", STRERR_SYS, (char *)0);
    p->pos = p->len = 0;
    p->eof = 1;
    if (p->in != -1) close(p->in);
    p->in = -1;
    return;
  }
  p->pos += (size_t)w;
  if (p->pos == p->len) p->pos = p->len = 0;
}

/* the relay's loop: until the program's output has ended and gone out */
static void __attribute__((noreturn)) iorelay_loop(struct iorelay *r)
{
  for (;;) {
    iopause_fd x[2];
    int d;
    struct iorelay_pump *in = &r->p[IORELAY_IN];
    if (in->eof && in->len == 0 && in->out != -1) {
      close(in->out);   /* the program sees the end of its input */
      in->out = -1;
    }
    if (r->p[IORELAY_OUT].eof && r->p[IORELAY_OUT].len == 0) _exit(0);
    for (d = 0; d < 2; ++d) {
      struct iorelay_pump *p = &r->p[d];
      x[d].fd = -1;
      x[d].events = 0;
      x[d].revents = 0;
      if (p->len) { x[d].fd = p->out; x[d].events = IOPAUSE_WRITE; }
      else if (!p->eof) { x[d].fd = p->in; x[d].events = IOPAUSE_READ; }
    }
    if (iopause(x, 2, IOPAUSE_FOREVER) == -1) {
      if (errno == EINTR) continue;
      strerr_die(EXIT_TEMP, r->prog, ": fatal: unable to wait for input: ", STRERR_SYS, (char *)0);
    }
    for (d = 0; d < 2; ++d) {
      if (!x[d].revents) continue;
      if (x[d].events == IOPAUSE_WRITE) iorelay_write(r, d);
      else iorelay_read(r, d);
    }
  }
}

/* in the program's process: put the pipes on 0 and 1 and exec */
static void __attribute__((noreturn)) iorelay_program(const char *prog, char *const argv[],
                                                      int pin[2], int pout[2])
{
  if (dup2(pin[0], 0) == -1 || dup2(pout[1], 1) == -1)
    strerr_die(EXIT_TEMP, prog, ": fatal: unable to set up descriptors: ", STRERR_SYS, (char *)0);
  close(pin[0]);
  close(pin[1]);
  close(pout[0]);
  close(pout[1]);
  pathexec(argv, 0);
  strerr_die(EXIT_TEMP, prog, ": fatal: unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
}

void iorelay_exec(const char *prog, char *const argv[], const struct iorelay_filter *f)
{
  struct iorelay *r;
  int pin[2], pout[2];
  pid_t pid;
  if (iorelay_pipe(pin) == -1 || iorelay_pipe(pout) == -1)
    strerr_die(EXIT_TEMP, prog, ": fatal: unable to create pipe: ", STRERR_SYS, (char *)0);
  pid = fork();
  if (pid == -1) strerr_die(EXIT_TEMP, prog, ": fatal: unable to fork: ", STRERR_SYS, (char *)0);
  if (pid != 0) iorelay_program(prog, argv, pin, pout);
  close(pin[0]);
  close(pout[1]);
  r = calloc(1, sizeof *r);   /* big buffers: not on the stack */
  if (!r) strerr_die(EXIT_TEMP, prog, ": fatal: out of memory", (char *)0);
  if (sig_ignore(SIGPIPE) == -1)
    strerr_die(EXIT_TEMP, prog, ": fatal: unable to ignore SIGPIPE: ", STRERR_SYS, (char *)0);
  r->prog = prog;
  r->f = f;
  r->readsize = f->readsize < 1 ? 1 : f->readsize > IORELAY_READ_MAX ? IORELAY_READ_MAX : f->readsize;
  r->p[IORELAY_IN].in = 0;
  r->p[IORELAY_IN].out = pin[1];
  r->p[IORELAY_OUT].in = pout[0];
  r->p[IORELAY_OUT].out = 1;
  iorelay_loop(r);
}

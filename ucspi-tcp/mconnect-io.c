/* mconnect-io.c — under tcpclient: copy standard input to the network
 * (descriptor 7) with a CR put before every LF, and the network
 * (descriptor 6) to standard output unchanged, until the network ends. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>

#include "exitcode.h"
#include "fd.h"
#include "ioconv.h"
#include "iopause.h"
#include "sig.h"
#include "strerr.h"

#define FATAL "mconnect-io: fatal: "
/* bytes read at once from either side */
#define MIO_READ 4096

struct mio {
  char in[MIO_READ];
  char out[2 * MIO_READ];  /* in with CRs added: at most twice as long */
  size_t opos, olen;
  int in_eof;              /* standard input has ended */
  int shut;                /* and the network has been told */
  char net[MIO_READ];
};

/* write all of x to fd 1 */
static void put1(const char *x, size_t n)
{
  if (fd_writeall(1, x, n) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, (char *)0);
}

/* write some of the pending bytes to the network without blocking long */
static void put7(struct mio *m)
{
  size_t n = m->olen - m->opos;
  ssize_t w = send(7, m->out + m->opos, n, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (w == -1 && errno == ENOTSOCK) w = write(7, m->out + m->opos, n > PIPE_BUF ? PIPE_BUF : n);
  if (w == -1 && (errno == EAGAIN || errno == EINTR)) return;
  if (w <= 0) strerr_die(EXIT_TEMP, FATAL, "unable to write network: ", STRERR_SYS, (char *)0);
  m->opos += (size_t)w;
  if (m->opos == m->olen) m->opos = m->olen = 0;
}

/* the end of standard input: half-close the connection */
static void shut7(struct mio *m)
{
  m->shut = 1;
  if (shutdown(7, SHUT_WR) == -1) close(7);  /* not a socket: a pipe ends by closing */
}

static void from_input(struct mio *m)
{
  ssize_t r = read(0, m->in, sizeof m->in);
  if (r == -1 && (errno == EAGAIN || errno == EINTR)) return;
  if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, (char *)0);
  if (r == 0) { m->in_eof = 1; return; }
  m->olen = ioconv_addcr(m->in, (size_t)r, m->out);
  m->opos = 0;
}

/* 1 while the network has more to say */
static int from_network(struct mio *m)
{
  ssize_t r = read(6, m->net, sizeof m->net);
  if (r == -1 && (errno == EAGAIN || errno == EINTR)) return 1;
  if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read network: ", STRERR_SYS, (char *)0);
  if (r == 0) return 0;
  put1(m->net, (size_t)r);
  return 1;
}

int main(void)
{
  struct mio m = { .opos = 0 };
  iopause_fd p[3];
  if (sig_ignore(SIGPIPE) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  for (;;) {
    if (m.in_eof && !m.olen && !m.shut) shut7(&m);
    p[0].fd = !m.in_eof && !m.olen ? 0 : -1;
    p[0].events = IOPAUSE_READ;
    p[1].fd = m.olen ? 7 : -1;
    p[1].events = IOPAUSE_WRITE;
    p[2].fd = 6;
    p[2].events = IOPAUSE_READ;
    p[0].revents = p[1].revents = p[2].revents = 0;
    if (iopause(p, 3, IOPAUSE_FOREVER) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to wait: ", STRERR_SYS, (char *)0);
    if (p[2].revents && !from_network(&m)) return 0;
    if (p[1].revents) put7(&m);
    if (p[0].revents) from_input(&m);
  }
}

/* tcpserver-tls.c — tcpserver -s, the TLS side: check the certificate
 * (-C), or serve tcpserver's children's requests on descriptor 0 (-Z): a
 * worker per connection shakes hands and relays (see tsrelay.h). */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "exitcode.h"
#include "fmt.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "tls.h"
#include "tsopt.h"
#include "tsrelay.h"
#include "tstls.h"

/* it speaks for tcpserver, whose log its messages go to */
#define FATAL "tcpserver: fatal: "
#define WARNING "tcpserver: warning: "
#define USAGE "tcpserver-tls: usage: tcpserver-tls [ -qQvd ] -C|-Z -n certfile [ -k keyfile ] " \
  "[ -a cafile ] [ -L ciphers ] [ -S suites ] [ -B banner ]"

/* the longest descriptor number accepted with -d */
#define RELAY_FD_MAX 65535ul
/* room for "/proc/self/fd/" and a number */
#define RELAY_FDPATH 32

struct relay {
  struct tstls_conf conf;
  const char *banner;         /* -B, "" for none */
  int verbosity;              /* -q 0, -Q 1 (default), -v 2 */
  int mode;                   /* TSRELAY_CHECK (-C) or TSRELAY_SERVE (-Z) */
  int fds;                    /* -d: -n, -k, -a are descriptors */
  int fd[3];                  /* with -d: the descriptors, -1 for none */
  char fdpath[3][RELAY_FDPATH];
};

static void __attribute__((noreturn)) usage(void)
{
  strerr_die(EXIT_PERM, USAGE, (char *)0);
}

/* the option letter c with its value v (NULL when there is none yet):
 * 0 for a flag, 1 for a letter that takes a value, -1 for no option */
static int option(struct relay *r, char c, const char *v)
{
  switch (c) {
  case 'q': r->verbosity = 0; return 0;
  case 'Q': r->verbosity = 1; return 0;
  case 'v': r->verbosity = 2; return 0;
  case 'C': r->mode = TSRELAY_CHECK; return 0;
  case 'Z': r->mode = TSRELAY_SERVE; return 0;
  case 'd': r->fds = 1; return 0;
  default: break;
  }
  if (str_chr("nkaLSB", c) == 6) return -1;
  if (!v) return 1;
  switch (c) {
  case 'n': r->conf.certfile = v; break;
  case 'k': r->conf.keyfile = v; break;
  case 'a': r->conf.cafile = v; break;
  case 'L': r->conf.ciphers = v; break;
  case 'S': r->conf.suites = v; break;
  default: r->banner = v; break;
  }
  return 1;
}

static void options(struct relay *r, int argc, char **argv)
{
  int i;
  for (i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (a[0] != '-' || !a[1]) usage();
    for (++a; *a; ++a) {
      int k = option(r, *a, 0);
      if (k == -1) usage();
      if (k == 0) continue;
      if (a[1]) option(r, *a, a + 1);
      else if (++i < argc) option(r, *a, argv[i]);
      else usage();
      break;
    }
  }
  if (!r->conf.certfile || !r->mode) usage();
}

/* -d: descriptor number s as a path the TLS library can open */
static const char *fdpath(struct relay *r, int k, const char *s)
{
  unsigned long u;
  size_t n;
  if (!s) return 0;
  if (!tsopt_number(s, RELAY_FD_MAX, &u)) usage();
  r->fd[k] = (int)u;
  n = fmt_str(r->fdpath[k], "/proc/self/fd/");
  r->fdpath[k][n + fmt_ulong(r->fdpath[k] + n, u)] = 0;
  return r->fdpath[k];
}

static tls_ctx *load(struct relay *r)
{
  char err[TSTLS_ERR_MAX];
  tls_ctx *x;
  int k;
  if (!tls_available()) strerr_die(EXIT_PERM, FATAL, "TLS is not available: built without OpenSSL", (char *)0);
  x = tstls_ctx(&r->conf, err);
  /* the copies are loaded: nobody needs them any more */
  for (k = 0; k < 3; ++k)
    if (r->fd[k] != -1) close(r->fd[k]);
  if (!x) strerr_die(EXIT_TEMP, FATAL, err, (char *)0);
  return x;
}

/* -Z: a worker for each request, until every holder of the control
 * socket has closed it */
static void __attribute__((noreturn)) serve(const struct relay *r, tls_ctx *x)
{
  /* workers are reaped by the kernel; writes to gone peers fail plainly */
  if (sig_ignore(SIGCHLD) == -1 || sig_ignore(SIGPIPE) == -1)
    strerr_die(EXIT_TEMP, FATAL, "TLS: unable to set signals: ", STRERR_SYS, (char *)0);
  for (;;) {
    int fd[TSRELAY_FDS], k;
    pid_t pid;
    k = tsrelay_receive(0, fd);
    if (k == 0) _exit(0);
    if (k == -1) {
      if (errno == EPROTO) continue;
      strerr_die(EXIT_TEMP, FATAL, "TLS: unable to read requests: ", STRERR_SYS, (char *)0);
    }
    pid = fork();
    if (pid == 0) {
      close(0);
      tstls_worker(x, fd[0], fd[1], fd[2], r->banner, r->verbosity);
    }
    /* a worker that cannot start leaves the child without an answer:
     * it drops the connection */
    if (pid == -1 && r->verbosity >= 1)
      strerr_warn(WARNING, "TLS: unable to fork: ", STRERR_SYS, (char *)0);
    for (k = 0; k < TSRELAY_FDS; ++k) close(fd[k]);
  }
}

int main(int argc, char **argv)
{
  struct relay r = { { 0, 0, 0, 0, 0 }, "", 1, 0, 0, { -1, -1, -1 }, { "", "", "" } };
  tls_ctx *x;
  options(&r, argc, argv);
  if (r.fds) {
    r.conf.certfile = fdpath(&r, 0, r.conf.certfile);
    r.conf.keyfile = fdpath(&r, 1, r.conf.keyfile);
    r.conf.cafile = fdpath(&r, 2, r.conf.cafile);
  }
  x = load(&r);
  if (r.mode == TSRELAY_CHECK) _exit(0);
  serve(&r, x);
}

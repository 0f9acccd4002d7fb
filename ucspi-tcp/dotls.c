/* dotls — STARTTLS for a plain SMTP program: offer it, catch it, and restart the program behind TLS. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "dotlsio.h"
#include "dotlssmtp.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "ndelay.h"
#include "pathexec.h"
#include "paths.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "tls.h"
#include "wait.h"

#define FATAL "dotls: fatal: "
#define WARNING "dotls: warning: "
#define USAGE "dotls: usage: dotls [ -v ] [ -n certfile ] [ -k keyfile ] [ -a cafile ] " \
              "[ -L ciphers ] [ -S suites ] [ -t timeout ] program [ arg ... ]"

#define DOTLS_TIMEOUT_DEFAULT 300      /* seconds */
#define DOTLS_TIMEOUT_MAX 86400
#define DOTLS_SHUTDOWN_MS 2000         /* for the close_notify at the end */
#define DOTLS_GO_AHEAD "220 2.0.0 Ready to start TLS\r\n"

/* what dotls tells the program behind TLS; removed for the one before */
static const char *const tls_vars[] = {
  "TLS", "TLS_PROTOCOL", "TLS_CIPHER", "TLS_PEER_SUBJECT", "TLS_PEER_VERIFIED", 0
};

struct dotls {
  const char *certfile, *keyfile, *cafile, *ciphers, *suites;
  stralloc defcert;           /* CERTDIR/servercert.pem when no file is named */
  int timeout_ms;
  int verbose;
  char **argv;                /* the program */
  char pidstr[FMT_ULONG];     /* our pid, for log lines */
  tls_ctx *ctx;
  tls_conn *conn;
  pid_t before, after;        /* the program before TLS, and after it */
  int pin, pout;              /* a new program's pipes, until relay takes them */
  buf cw;                     /* writes to the client */
  char cwspace[BUF_OUTSIZE];
  struct dotls_smtp smtp;
  struct dotls_io io;
};

static void die_usage(void) { strerr_die(EXIT_PERM, USAGE, (char *)0); }

static void options(struct dotls *d, int argc, char **argv)
{
  int c;
  unsigned long t = DOTLS_TIMEOUT_DEFAULT;
  d->certfile = env_get("TLS_CERTFILE");
  d->keyfile = env_get("TLS_KEYFILE");
  d->cafile = env_get("TLS_CAFILE");
  d->ciphers = env_get("TLS_CIPHER_LIST");
  d->suites = env_get("TLS_CIPHER_SUITES");
  opterr = 0;
  while ((c = getopt(argc, argv, "+vn:k:a:L:S:t:")) != -1) {
    switch (c) {
    case 'v': d->verbose = 1; break;
    case 'n': d->certfile = optarg; break;
    case 'k': d->keyfile = optarg; break;
    case 'a': d->cafile = optarg; break;
    case 'L': d->ciphers = optarg; break;
    case 'S': d->suites = optarg; break;
    case 't': {
      size_t len = str_len(optarg);
      if (len == 0 || scan_ulong(optarg, len, &t) != len || t == 0 || t > DOTLS_TIMEOUT_MAX)
        strerr_die(EXIT_PERM, FATAL, "bad timeout: ", optarg, (char *)0);
      break;
    }
    default: die_usage();
    }
  }
  if (optind >= argc) die_usage();
  d->argv = argv + optind;
  d->timeout_ms = (int)t * 1000;
}

/* the server context, or NULL (after a warning) when TLS cannot be had */
static tls_ctx *tls_setup(struct dotls *d)
{
  tls_ctx *x;
  if (!d->certfile || !*d->certfile) {
    struct paths ps;
    if (paths_init(&ps) == -1)
      strerr_die(EXIT_TEMP, FATAL, "bad ", ps.bad ? ps.bad : "path", ": ", STRERR_SYS, (char *)0);
    if (!stralloc_copys(&d->defcert, paths_get(&ps, PATHS_CERTDIR))
        || !stralloc_cats(&d->defcert, "/servercert.pem") || !stralloc_0(&d->defcert))
      strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
    paths_free(&ps);
    d->certfile = d->defcert.s;
  }
  x = tls_ctx_new(TLS_SERVER);
  if (!x) {
    strerr_warn(WARNING, tls_ctx_error(0), ": STARTTLS is off", (char *)0);
    return 0;
  }
  if (tls_ctx_cert(x, d->certfile, d->keyfile && *d->keyfile ? d->keyfile : 0) == -1
      || (d->cafile && *d->cafile && (tls_ctx_ca(x, d->cafile, 0) == -1
                                      || tls_ctx_verify(x, TLS_VERIFY_REQUEST) == -1))
      || tls_ctx_ciphers(x, d->ciphers && *d->ciphers ? d->ciphers : 0,
                         d->suites && *d->suites ? d->suites : 0) == -1) {
    strerr_warn(WARNING, tls_ctx_error(x), ": STARTTLS is off", (char *)0);
    tls_ctx_free(x);
    return 0;
  }
  return x;
}

/* the program's environment: ours without the TLS variables, and with
 * them when conn is the client's TLS connection */
static void program_env(env_builder *e, tls_conn *conn)
{
  int i, ok = env_init(e, 1);
  for (i = 0; ok && tls_vars[i]; ++i) ok = env_unset(e, tls_vars[i]);
  if (ok && conn) {
    const char *subject = tls_peer_subject(conn);
    ok = env_set(e, "TLS", "1") && env_set(e, "TLS_PROTOCOL", tls_version(conn))
         && env_set(e, "TLS_CIPHER", tls_cipher(conn))
         && (!subject || (env_set(e, "TLS_PEER_SUBJECT", subject)
                          && env_set(e, "TLS_PEER_VERIFIED", tls_peer_verified(conn) ? "1" : "0")));
  }
  if (!ok) strerr_die(EXIT_TEMP, FATAL, "unable to build the environment: ", STRERR_SYS, (char *)0);
}

/* a close-on-exec pipe whose ends are above 2 (dup2 onto 0 and 1 is safe) */
static void xpipe(int p[2])
{
  int i;
  if (pipe2(p, O_CLOEXEC) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create pipe: ", STRERR_SYS, (char *)0);
  for (i = 0; i < 2; ++i) {
    int fd;
    if (p[i] > 2) continue;
    fd = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
    if (fd == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create pipe: ", STRERR_SYS, (char *)0);
    close(p[i]);
    p[i] = fd;
  }
}

/* start the program on two pipes, with the environment e */
static pid_t program_start(struct dotls *d, const env_builder *e)
{
  int in[2], out[2];
  pid_t pid;
  xpipe(in);
  xpipe(out);
  pid = fork();
  if (pid == -1) strerr_die(EXIT_TEMP, FATAL, "unable to fork: ", STRERR_SYS, (char *)0);
  if (pid == 0) {
    if (dup2(in[0], 0) == -1 || dup2(out[1], 1) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to set up descriptors: ", STRERR_SYS, (char *)0);
    if (sig_default(SIGPIPE) == -1) _exit(EXIT_TEMP);
    pathexec(d->argv, e);
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", d->argv[0], ": ", STRERR_SYS, (char *)0);
  }
  close(in[0]);
  close(out[1]);
  if (ndelay_on(in[1]) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to set up pipe: ", STRERR_SYS, (char *)0);
  d->pin = in[1];
  d->pout = out[0];
  return pid;
}

/* close what is left of the current program's pipes (the relay owns them) */
static void program_close(struct dotls *d)
{
  if (d->io.pin != -1) close(d->io.pin);
  if (d->io.pout != -1) close(d->io.pout);
  d->io.pin = d->io.pout = -1;
}

/* relay between the client and the current program */
static enum dotls_end relay(struct dotls *d, enum dotls_mode mode)
{
  dotls_smtp_init(&d->smtp, mode);
  dotls_io_init(&d->io, 0, d->conn, &d->cw, d->pin, d->pout, &d->smtp);
  return dotls_io_run(&d->io);
}

/* answer STARTTLS, make the handshake, and start the program anew */
static void starttls(struct dotls *d)
{
  char num[FMT_ULONG];
  size_t junk = dotls_io_discard(&d->io);
  env_builder e = ENV_BUILDER_ZERO;
  program_close(d);   /* the program before TLS sees the end of its input */
  if (junk) {
    num[fmt_sizet(num, junk)] = 0;
    strerr_warn(WARNING, "pid ", d->pidstr, ": discarded ", num, " bytes sent after STARTTLS", (char *)0);
  }
  if (buf_putsflush(&d->cw, DOTLS_GO_AHEAD) == -1)
    strerr_die(EXIT_TEMP, FATAL, "pid ", d->pidstr, ": unable to write to the client: ", STRERR_SYS, (char *)0);
  d->conn = tls_conn_new(d->ctx, 0, 1);
  if (!d->conn) strerr_die(EXIT_TEMP, FATAL, tls_error(0), ": ", STRERR_SYS, (char *)0);
  if (tls_accept(d->conn, d->timeout_ms) == -1)
    strerr_die(EXIT_TEMP, FATAL, "pid ", d->pidstr, ": ", tls_error(d->conn), (char *)0);
  if (d->verbose)
    strerr_warn("dotls: info: pid ", d->pidstr, ": ", tls_version(d->conn), " ",
                tls_cipher(d->conn), (char *)0);
  tls_bufinit(&d->cw, d->conn, tls_bufwrite, d->cwspace, sizeof d->cwspace);
  buf_settimeout(&d->cw, d->timeout_ms);
  program_env(&e, d->conn);
  d->after = program_start(d, &e);
  env_free(&e);
}

/* the end: close everything, collect the program, exit with its code (111
 * when a signal killed it) */
static void __attribute__((noreturn)) finish(struct dotls *d, pid_t pid, enum dotls_end end)
{
  int status = 0, code;
  program_close(d);
  if (d->conn && end == DOTLS_END_PROGRAM && tls_shutdown(d->conn, DOTLS_SHUTDOWN_MS) == -1) {
    /* no close_notify: the client has gone, and it needs none anyway */
  }
  if (wait_pid(pid, &status) == -1) _exit(EXIT_TEMP);
  /* the program before TLS got the end of its input long ago; one that
   * still runs is told to stop, and not waited for */
  if (d->after && waitpid(d->before, 0, WNOHANG) == 0) kill(d->before, SIGTERM);
  code = wait_exitcode(status);
  _exit(code >= 0 ? code : EXIT_TEMP);
}

int main(int argc, char **argv)
{
  struct dotls *d = calloc(1, sizeof *d);   /* big relay buffers: not on the stack */
  env_builder e = ENV_BUILDER_ZERO;
  enum dotls_end end;
  if (!d) strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
  options(d, argc, argv);
  d->pidstr[fmt_ulong(d->pidstr, (unsigned long)getpid())] = 0;
  d->pin = d->pout = -1;
  d->ctx = tls_setup(d);
  program_env(&e, 0);
  if (!d->ctx) {   /* no TLS to offer: the program talks to the client itself */
    pathexec(d->argv, &e);
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", d->argv[0], ": ", STRERR_SYS, (char *)0);
  }
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE: ", STRERR_SYS, (char *)0);
  buf_init(&d->cw, buf_fdwrite, 1, d->cwspace, sizeof d->cwspace);
  buf_settimeout(&d->cw, d->timeout_ms);
  d->before = program_start(d, &e);
  env_free(&e);
  end = relay(d, DOTLS_PLAIN);
  if (end != DOTLS_END_STARTTLS) finish(d, d->before, end);
  starttls(d);
  end = relay(d, DOTLS_SECURE);
  finish(d, d->after, end);
}

/* tcpclient.c — connect to a TCP server (optionally through TLS) and run a
 * program with descriptor 6 reading from and 7 writing to the connection. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#include "byte.h"
#include "coe.h"
#include "dns.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "pathexec.h"
#include "sig.h"
#include "socket.h"
#include "str.h"
#include "strerr.h"
#include "tcaddr.h"
#include "tcconn.h"
#include "tcenv.h"
#include "tcinfo.h"
#include "tcopt.h"
#include "tctls.h"
#include "tls.h"
#include "wait.h"

#define FATAL "tcpclient: fatal: "
#define USAGE "tcpclient: usage: tcpclient [ -46hHrRdDqQvs ] [ -i localip ] " \
  "[ -p localport ] [ -T timeoutconn ] [ -l localname ] [ -t timeoutinfo ] " \
  "[ -a cafile ] [ -n certfile ] [ -k keyfile ] [ -N name ] [ -L cipherlist ] " \
  "host port program"
#define OPTSPEC "46hHrRdDqQvsi:p:T:l:t:a:n:k:N:L:"
/* each DNS lookup (addresses, host names) gives up after this long */
#define TC_DNS_TIMEOUT_MS 30000
/* room for a host name from DNS, with its NUL */
#define TC_NAME_MAX DNS_TEXT_MAX

struct tc {
  int verbosity;             /* 0 -q, 1 -Q, 2 -v */
  enum tcaddr_family family; /* -4 / -6 */
  int remotehost;            /* -h / -H */
  int remoteinfo;            /* -r / -R */
  unsigned long infotimeout; /* -t */
  const char *localname;     /* -l */
  struct tcconn_opts conn;   /* -i -p -T -d -D */
  int tls;                   /* -s */
  struct tctls_opts tlsopt;  /* -a -n -k -N -L */
  const char *host;
  uint16_t port;
  char **prog;
  struct tcenv info;
  char lhost[TC_NAME_MAX], rhost[TC_NAME_MAX], rinfo[TCINFO_USER_MAX];
  env_builder env;
  tls_ctx *ctx;              /* -s: made before connecting */
};

static void usage(const struct tc *t)
{
  if (t->verbosity) strerr_die(EXIT_PERM, USAGE, (char *)0);
  _exit(EXIT_PERM);
}

/* die with "tcpclient: fatal: a b c" (and the errno text when sys), unless -q */
static void fatal(const struct tc *t, int code, const char *a, const char *b, const char *c,
                  int sys)
{
  if (t->verbosity)
    strerr_die(code, FATAL, a, b ? b : "", c ? c : "", sys ? ": " : "", sys ? STRERR_SYS : "",
               (char *)0);
  _exit(code);
}

static void nomem(const struct tc *t) { fatal(t, EXIT_TEMP, "out of memory", 0, 0, 0); }

/* the warning for an address that did not answer, as djb's tcpclient words it */
static void connect_warn(void *ctx, const struct tcaddr *a, uint16_t port, int err)
{
  const struct tc *t = ctx;
  char ip[TCADDR_FMT], num[FMT_ULONG];
  if (!t->verbosity) return;
  tcaddr_fmt(ip, a);
  num[fmt_ulong(num, port)] = 0;
  errno = err;
  strerr_warn("tcpclient: unable to connect to ", ip, " port ", num, ": ", STRERR_SYS, (char *)0);
}

static void option(struct tc *t, int c, const char *arg)
{
  switch (c) {
  case '4': t->family = TCADDR_V4; break;
  case '6': t->family = TCADDR_V6; break;
  case 'h': t->remotehost = 1; break;
  case 'H': t->remotehost = 0; break;
  case 'r': t->remoteinfo = 1; break;
  case 'R': t->remoteinfo = 0; break;
  case 'd': t->conn.nodelay = 0; break;
  case 'D': t->conn.nodelay = 1; break;
  case 'q': t->verbosity = 0; break;
  case 'Q': t->verbosity = 1; break;
  case 'v': t->verbosity = 2; break;
  case 's': t->tls = 1; break;
  case 'l': t->localname = arg; break;
  case 'a': t->tlsopt.cafile = arg; break;
  case 'n': t->tlsopt.certfile = arg; break;
  case 'k': t->tlsopt.keyfile = arg; break;
  case 'N': t->tlsopt.name = arg; break;
  case 'L': t->tlsopt.ciphers = arg; break;
  case 'i':
    /* an address, not the "0" that means this host for the server */
    if (!*arg || str_equal(arg, "0") || !tcaddr_literal(arg, TCADDR_ANY, &t->conn.local))
      usage(t);
    t->conn.have_local = 1;
    break;
  case 'p': if (!tcaddr_port(arg, &t->conn.localport)) usage(t); break;
  case 't': if (!tcaddr_seconds(arg, &t->infotimeout)) usage(t); break;
  case 'T': if (!tcaddr_timeouts(arg, &t->conn.x, &t->conn.y)) usage(t); break;
  default: usage(t);
  }
}

static void options(struct tc *t, int argc, char **argv)
{
  struct tcopt o = TCOPT_ZERO;
  const char *v;
  int c;
  while ((c = tcopt_next(&o, argc, argv, OPTSPEC, "tcpclient", 0)) != -1) option(t, c, o.arg);
  argv += o.ind;
  t->host = *argv;
  if (!t->host) usage(t);
  if (!*++argv) usage(t);
  if (!tcaddr_port(*argv, &t->port))
    fatal(t, EXIT_TEMP, "unable to figure out port number for ", *argv, 0, 0);
  t->prog = ++argv;
  if (!*t->prog) usage(t);
  if (t->conn.have_local && t->family && (t->family == TCADDR_V6) != t->conn.local.v6) usage(t);
  if (!t->tlsopt.cafile && (v = env_get("TLS_CAFILE")) && *v) t->tlsopt.cafile = v;
  if (!t->tlsopt.cadir && (v = env_get("TLS_CADIR")) && *v) t->tlsopt.cadir = v;
  if (!t->tlsopt.certfile && (v = env_get("TLS_CERTFILE")) && *v) t->tlsopt.certfile = v;
  if (!t->tlsopt.keyfile && (v = env_get("TLS_KEYFILE")) && *v) t->tlsopt.keyfile = v;
  if (!t->tlsopt.ciphers && (v = env_get("TLS_CIPHER_LIST")) && *v) t->tlsopt.ciphers = v;
  if ((v = env_get("TLS_CIPHER_SUITES")) && *v) t->tlsopt.suites = v;
}

/* the addresses of the host, then a connected socket */
static int connect_host(struct tc *t)
{
  struct tcaddr_list *l = malloc(sizeof *l);
  enum tcaddr_family fam = t->family;
  int rc, fd = -1;
  if (!l) nomem(t);
  if (t->conn.have_local) fam = t->conn.local.v6 ? TCADDR_V6 : TCADDR_V4;
  rc = tcaddr_resolve(t->host, fam, l, TC_DNS_TIMEOUT_MS);
  if (rc == -1)
    fatal(t, EXIT_TEMP, "temporarily unable to figure out IP address for ", t->host, 0, 1);
  if (rc != DNS_OK) fatal(t, EXIT_TEMP, "no IP address for ", t->host, 0, 0);
  rc = tcconn_connect(l, t->port, &t->conn, connect_warn, t, &fd, 0);
  free(l);
  if (rc == TCCONN_SOCKET) fatal(t, EXIT_TEMP, "unable to create socket", 0, 0, 1);
  if (rc == TCCONN_BIND) fatal(t, EXIT_TEMP, "unable to bind socket", 0, 0, 1);
  if (rc != TCCONN_OK) _exit(EXIT_TEMP);
  return fd;
}

/* the addresses, names and remote information of the connection s */
static void gather(struct tc *t, int s)
{
  struct tcenv *i = &t->info;
  char ip[TCADDR_FMT], num[FMT_ULONG];
  if (socket_local(s, i->local.ip, &i->localport, &i->local.v6) == -1)
    fatal(t, EXIT_TEMP, "unable to get local address", 0, 0, 1);
  if (socket_remote(s, i->remote.ip, &i->remoteport, &i->remote.v6) == -1)
    fatal(t, EXIT_TEMP, "unable to get remote address", 0, 0, 1);
  if (t->verbosity >= 2) {
    tcaddr_fmt(ip, &i->remote);
    num[fmt_ulong(num, i->remoteport)] = 0;
    strerr_warn("tcpclient: connected to ", ip, " port ", num, (char *)0);
  }
  i->localhost = t->localname;
  if (!i->localhost &&
      tcaddr_name(&i->local, t->lhost, sizeof t->lhost, TC_DNS_TIMEOUT_MS) == DNS_OK)
    i->localhost = t->lhost;
  if (t->remotehost &&
      tcaddr_name(&i->remote, t->rhost, sizeof t->rhost, TC_DNS_TIMEOUT_MS) == DNS_OK)
    i->remotehost = t->rhost;
  if (t->remoteinfo && tcinfo_query(&i->local, i->localport, &i->remote, i->remoteport,
                                    t->infotimeout, t->rinfo, sizeof t->rinfo) == 0)
    i->remoteinfo = t->rinfo;
  if (!env_init(&t->env, 1) || !tcenv_set(&t->env, i) || !tctls_env(&t->env, 0)) nomem(t);
}

/* make fd 6 and 7 the connection (or the program's end of the relay) */
static void descriptors(const struct tc *t, int s)
{
  if (s != 6) {
    if (dup2(s, 6) == -1) fatal(t, EXIT_TEMP, "unable to set up descriptor 6", 0, 0, 1);
    close(s);
  } else if (coe_off(6) == -1) {
    fatal(t, EXIT_TEMP, "unable to set up descriptor 6", 0, 0, 1);
  }
  if (dup2(6, 7) == -1) fatal(t, EXIT_TEMP, "unable to set up descriptor 7", 0, 0, 1);
}

static void run(const struct tc *t)
{
  if (sig_default(SIGPIPE) == -1) fatal(t, EXIT_TEMP, "unable to reset SIGPIPE", 0, 0, 1);
  pathexec(t->prog, &t->env);
  fatal(t, EXIT_TEMP, "unable to run ", t->prog[0], 0, 1);
}

/* -s: the TLS settings, checked before any connection is made */
static void tls_prepare(struct tc *t)
{
  char err[TCTLS_ERR_MAX];
  unsigned long total = t->conn.x + t->conn.y;
  if (!tls_available()) fatal(t, EXIT_PERM, "TLS is not available: built without OpenSSL", 0, 0, 0);
  t->tlsopt.timeout_ms = (int)(total ? total * 1000 : 1);
  if (!t->tlsopt.name) {
    struct tcaddr a;
    t->tlsopt.name = t->host;
    if ((!*t->host || str_equal(t->host, "0")) && tcaddr_literal(t->host, t->family, &a))
      t->tlsopt.name = a.v6 ? "::1" : "127.0.0.1";
  }
  t->ctx = tctls_ctx(&t->tlsopt, err);
  if (!t->ctx) fatal(t, EXIT_TEMP, err, 0, 0, 0);
}

/* -s: shake hands, start the program on a socket pair, relay, and exit
 * with the program's exit code */
static void run_tls(struct tc *t, int s)
{
  char err[TCTLS_ERR_MAX], ip[TCADDR_FMT], num[FMT_ULONG];
  tls_conn *c;
  int sp[2], status;
  pid_t pid;
  c = tctls_start(t->ctx, s, &t->tlsopt, err);
  if (!c) {
    tcaddr_fmt(ip, &t->info.remote);
    num[fmt_ulong(num, t->info.remoteport)] = 0;
    if (t->verbosity)
      strerr_die(EXIT_TEMP, FATAL, "unable to start TLS with ", ip, " port ", num, ": ", err,
                 (char *)0);
    _exit(EXIT_TEMP);
  }
  if (t->verbosity >= 2) {
    const char *subject = tls_peer_subject(c);
    strerr_warn("tcpclient: TLS ", tls_version(c), " ", tls_cipher(c), " peer ",
                subject ? subject : "(none)", (char *)0);
  }
  if (!tctls_env(&t->env, c)) nomem(t);
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) == -1)
    fatal(t, EXIT_TEMP, "unable to create socket pair", 0, 0, 1);
  pid = fork();
  if (pid == -1) fatal(t, EXIT_TEMP, "unable to fork", 0, 0, 1);
  if (pid == 0) {
    descriptors(t, sp[1]);
    run(t);
  }
  close(sp[1]);
  if (tctls_relay(c, s, sp[0], err) == -1 && t->verbosity)
    strerr_warn("tcpclient: warning: ", err, (char *)0);
  tls_free(c);
  tls_ctx_free(t->ctx);
  close(s);
  if (wait_pid(pid, &status) == -1) fatal(t, EXIT_TEMP, "unable to wait for ", t->prog[0], 0, 1);
  _exit(wait_crashed(status) ? EXIT_TEMP : wait_exitcode(status));
}

int main(int argc, char **argv)
{
  struct tc t;
  int s;
  byte_zero(&t, sizeof t);
  t.verbosity = 1;
  t.remotehost = 1;
  t.remoteinfo = 1;
  t.infotimeout = 26;
  t.conn.x = 2;
  t.conn.y = 58;
  close(6);
  close(7);
  options(&t, argc, argv);
  if (sig_ignore(SIGPIPE) == -1) fatal(&t, EXIT_TEMP, "unable to ignore SIGPIPE", 0, 0, 1);
  if (t.tls) tls_prepare(&t);
  s = connect_host(&t);
  gather(&t, s);
  if (t.tls) run_tls(&t, s);
  descriptors(&t, s);
  run(&t);
  return EXIT_BUG;
}

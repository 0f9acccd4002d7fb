/* tcpserver.c — accept TCP connections (IPv4 and IPv6, optionally TLS) and
 * run a program for each, with djb's options, environment and log lines. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "byte.h"
#include "dns.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "iopause.h"
#include "ip.h"
#include "paths.h"
#include "prot.h"
#include "sig.h"
#include "socket.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "tschild.h"
#include "tsconn.h"
#include "tsenv.h"
#include "tsopt.h"
#include "tsrelay.h"
#include "tsspawn.h"
#include "wait.h"

#define FATAL "tcpserver: fatal: "
#define WARNING "tcpserver: warning: "
#define DROP "tcpserver: warning: dropping connection, "
#define USAGE "tcpserver: usage: tcpserver [ -146UXpPhHrRoOdDqQvs ] [ -c limit ] " \
  "[ -C perip ] [ -x rules.cdb ] [ -B banner ] [ -g gid ] [ -u uid ] [ -b backlog ] " \
  "[ -l localname ] [ -t timeout ] [ -n certfile ] [ -k keyfile ] [ -a cafile ] " \
  "[ -L ciphers ] host port program"

/* connections accepted per wake-up before the signals are looked at again */
#define TS_ACCEPT_BURST 64
/* the pause after accept fails for want of descriptors or memory */
#define TS_BACKOFF_MS 100
/* time allowed to look up the host name to listen on */
#define TS_HOST_DNS_MS 30000u

/* the self-pipe's write end, for the signal handler */
static volatile sig_atomic_t selfpipe_wfd = -1;

struct tcpserver {
  struct ts_opts o;
  unsigned long limit;        /* -c, current value */
  int listenfd;
  int pipefd[2];              /* the self-pipe */
  unsigned char ip[16];       /* where we listen (IPv4 v4-mapped) */
  int is_v6, dual;
  uint16_t port;
  stralloc defcert;           /* CERTDIR/servercert.pem */
  struct tsrelay relay;       /* -s: tcpserver-tls */
  size_t children;            /* live children */
  int perip;                  /* 1: count children per IP (-C or -x) */
  struct tsconn conns;        /* their IPs, when perip */
  int backoff;
  int light;                  /* 1: children need no lookups (see light()) */
  int pool;                   /* 1: the spawning threads run */
  struct tsspawn spawn;
  sigset_t forkmask;          /* the signals kept out of a fork */
  sigset_t childmask;         /* the mask children exec with: ours at start */
};

static void on_signal(int signo) { sig_selfpipe_write(selfpipe_wfd, signo); }

static void __attribute__((noreturn)) usage(const char *err, const char *arg)
{
  if (err) strerr_warn("tcpserver: ", err, arg ? arg : "", (char *)0);
  strerr_die(EXIT_PERM, USAGE, (char *)0);
}

static void __attribute__((noreturn)) nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
}

static void status(const struct tcpserver *s)
{
  char n[FMT_ULONG], l[FMT_ULONG];
  if (s->o.verbosity < 2) return;
  n[fmt_sizet(n, s->children)] = 0;
  l[fmt_ulong(l, s->limit)] = 0;
  strerr_warn("tcpserver: status: ", n, "/", l, (char *)0);
}

/* a TLS setting: the option, else the environment variable; "" is none */
static const char *tlsvar(const char *opt, const char *name)
{
  const char *v = opt ? opt : env_get(name);
  return v && *v ? v : 0;
}

/* the default certificate, CERTDIR/servercert.pem, when wantcert; and
 * where the relay is: next to our own executable, else in PREFIX/bin */
static void tls_paths(struct tcpserver *s, int wantcert)
{
  char self[PATHS_VALUE_MAX + 1];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self);
  struct paths ps;
  if (n > 0 && (size_t)n < sizeof self) {
    self[n] = 0;
    if (!tsrelay_where(&s->relay.path, self, 0)) nomem();
    if (!wantcert) return;
  }
  if (paths_init(&ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ps.bad ? ps.bad : "path", ": ", STRERR_SYS, (char *)0);
  if (wantcert && (!stralloc_copys(&s->defcert, paths_get(&ps, PATHS_CERTDIR))
                   || !stralloc_cats(&s->defcert, "/servercert.pem") || !stralloc_0(&s->defcert)))
    nomem();
  if (!s->relay.path.len && !tsrelay_where(&s->relay.path, 0, paths_get(&ps, PATHS_PREFIX))) nomem();
  paths_free(&ps);
}

/* -s, at start: the relay loads the certificate once, as we are now
 * (root, before -u and -g), and says what is wrong with it */
static void tls_check(const struct tcpserver *s, const struct tsrelay_conf *c)
{
  char **argv;
  int st;
  if (!tsrelay_argv(&argv, s->relay.path.s, c, TSRELAY_CHECK)) nomem();
  st = tsrelay_check(argv);
  free(argv);
  if (st == -1) strerr_die(EXIT_TEMP, FATAL, "unable to run ", s->relay.path.s, ": ", STRERR_SYS, (char *)0);
  if (wait_termsig(st)) strerr_die(EXIT_TEMP, FATAL, "TLS: ", s->relay.path.s, " crashed", (char *)0);
  if (wait_exitcode(st)) _exit(wait_exitcode(st));  /* it said why */
}

/* -s, before giving up root: check the certificate, copy it for the
 * relay server (tsrelay.h), and make the relay server's argv */
static void tls_setup(struct tcpserver *s)
{
  struct tsrelay_conf c;
  const char *bad;
  c.certfile = tlsvar(s->o.certfile, "TLS_CERTFILE");
  c.keyfile = tlsvar(s->o.keyfile, "TLS_KEYFILE");
  c.cafile = tlsvar(s->o.cafile, "TLS_CAFILE");
  c.ciphers = tlsvar(s->o.ciphers, "TLS_CIPHER_LIST");
  c.suites = tlsvar(0, "TLS_CIPHER_SUITES");
  c.banner = s->o.banner;
  c.verbosity = s->o.verbosity;
  c.fds = 0;
  tls_paths(s, !c.certfile);
  if (!c.certfile) c.certfile = s->defcert.s;
  tls_check(s, &c);
  if (tsrelay_copies(&s->relay, &c, &bad) == -1)
    strerr_die(EXIT_TEMP, FATAL, "TLS: unable to read ", bad, ": ", STRERR_SYS, (char *)0);
  if (!tsrelay_argv(&s->relay.argv, s->relay.path.s, &c, TSRELAY_SERVE)) nomem();
}

static void limit_setup(struct tcpserver *s)
{
  s->limit = s->o.limit;
  if (!s->o.limitfile) return;
  if (tsopt_limitfile(s->o.limitfile, &s->limit) == -1) {
    if (errno == EINVAL)
      strerr_die(EXIT_TEMP, FATAL, "unable to read ", s->o.limitfile,
                 ": not a limit from 1 to " TS_LIMIT_MAX_TEXT, (char *)0);
    strerr_die(EXIT_TEMP, FATAL, "unable to read ", s->o.limitfile, ": ", STRERR_SYS, (char *)0);
  }
}

static void port_setup(struct tcpserver *s)
{
  unsigned long u;
  struct servent *se;
  if (tsopt_number(s->o.port, 65535, &u)) { s->port = (uint16_t)u; return; }
  se = getservbyname(s->o.port, "tcp");
  if (!se) strerr_die(EXIT_TEMP, FATAL, "unable to figure out port number for ", s->o.port, (char *)0);
  s->port = (uint16_t)ntohs((uint16_t)se->s_port);
}

/* a host name: its first address, IPv4 before IPv6 unless -6 */
static void host_lookup(struct tcpserver *s)
{
  struct dns_reply *r = malloc(sizeof *r);
  int st = DNS_NXDOMAIN;
  if (!r) nomem();
  if (s->o.family != 6) {
    st = dns_ip4(s->o.host, r, TS_HOST_DNS_MS);
    if (st == DNS_OK) {
      ip4_to6(s->ip, r->rr[0].ip);
      s->is_v6 = 0;
    }
  }
  if (st != DNS_OK && st != -1 && s->o.family != 4) {
    st = dns_ip6(s->o.host, r, TS_HOST_DNS_MS);
    if (st == DNS_OK) { byte_copy(s->ip, 16, r->rr[0].ip); s->is_v6 = 1; }
  }
  if (st == -1)
    strerr_die(EXIT_TEMP, FATAL, "temporarily unable to figure out IP address for ", s->o.host,
               ": ", STRERR_SYS, (char *)0);
  if (st != DNS_OK) strerr_die(EXIT_TEMP, FATAL, "no IP address for ", s->o.host, (char *)0);
  free(r);
}

static void host_setup(struct tcpserver *s)
{
  switch (tsopt_host(s->o.host, s->o.family, s->ip, &s->is_v6, &s->dual)) {
  case TSOPT_HOST_LITERAL: return;
  case TSOPT_HOST_BADFAMILY:
    strerr_die(EXIT_PERM, FATAL, s->o.host, s->o.family == 4 ? " is not an IPv4 address"
                                                            : " is not an IPv6 address", (char *)0);
  default: host_lookup(s);
  }
}

static void listen_setup(struct tcpserver *s)
{
  int v6;
  s->listenfd = socket_tcp(s->is_v6);
  if (s->listenfd == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create socket: ", STRERR_SYS, (char *)0);
  if (socket_reuseaddr(s->listenfd) == -1
      || (s->is_v6 && socket_ipv6only(s->listenfd, !s->dual) == -1))
    strerr_die(EXIT_TEMP, FATAL, "unable to set socket options: ", STRERR_SYS, (char *)0);
  if (socket_bind(s->listenfd, s->is_v6 ? s->ip : s->ip + 12, s->port, s->is_v6) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to bind: ", STRERR_SYS, (char *)0);
  if (socket_local(s->listenfd, 0, &s->port, &v6) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to get local address: ", STRERR_SYS, (char *)0);
  if (socket_listen(s->listenfd, (int)s->o.backlog) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to listen: ", STRERR_SYS, (char *)0);
}

/* -g, -u (or -U): numbers, or names looked up here; only as root (a
 * private instance has nothing to give up) */
static void privileges(const struct tcpserver *s)
{
  unsigned long u;
  if (geteuid() != 0) return;
  if (s->o.gid) {
    gid_t gid;
    struct group *gr;
    if (tsopt_number(s->o.gid, (gid_t)-1 - 1, &u)) gid = (gid_t)u;
    else if ((gr = getgrnam(s->o.gid))) gid = gr->gr_gid;
    else strerr_die(EXIT_TEMP, FATAL, "unable to set gid: no such group: ", s->o.gid, (char *)0);
    if (prot_gid(gid) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to set gid: ", STRERR_SYS, (char *)0);
  }
  if (s->o.uid) {
    uid_t uid;
    struct passwd *pw;
    if (tsopt_number(s->o.uid, (uid_t)-1 - 1, &u)) uid = (uid_t)u;
    else if ((pw = getpwnam(s->o.uid))) uid = pw->pw_uid;
    else strerr_die(EXIT_TEMP, FATAL, "unable to set uid: no such user: ", s->o.uid, (char *)0);
    if (prot_uid(uid) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to set uid: ", STRERR_SYS, (char *)0);
  }
}

/* descriptors 0, 1 and 2 open (on /dev/null when they were closed), so
 * that the listener and the connections never land on them */
static void fds_open(void)
{
  for (;;) {
    int fd = open("/dev/null", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd == -1) strerr_die(EXIT_TEMP, FATAL, "unable to open /dev/null: ", STRERR_SYS, (char *)0);
    if (fd > 2) { close(fd); return; }
    if (fcntl(fd, F_SETFD, 0) == -1) _exit(EXIT_TEMP);
  }
}

/* -1, then fds 0 and 1 on /dev/null: the children get the connection
 * there, and whoever reads our output sees its end */
static void descriptors(const struct tcpserver *s)
{
  int fd;
  if (s->o.flag1) {
    char x[FMT_ULONG + 1];
    size_t n = fmt_ulong(x, s->port);
    x[n++] = '\n';
    if (write(1, x, n) != (ssize_t)n) strerr_die(EXIT_TEMP, FATAL, "unable to print port: ", STRERR_SYS, (char *)0);
  }
  fd = open("/dev/null", O_RDWR | O_NOCTTY);
  if (fd == -1 || dup2(fd, 0) == -1 || dup2(fd, 1) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to open /dev/null: ", STRERR_SYS, (char *)0);
  if (fd > 2) close(fd);
}

static void signals_setup(struct tcpserver *s)
{
  uint64_t seed;
  if (sig_selfpipe(s->pipefd) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create pipe: ", STRERR_SYS, (char *)0);
  selfpipe_wfd = s->pipefd[1];
  if (sig_catch(SIGCHLD, on_signal) == -1 || sig_catch(SIGTERM, on_signal) == -1
      || (s->o.limitfile && sig_catch(SIGHUP, on_signal) == -1) || sig_ignore(SIGPIPE) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to set signals: ", STRERR_SYS, (char *)0);
  sigemptyset(&s->forkmask);
  sigaddset(&s->forkmask, SIGCHLD);
  sigaddset(&s->forkmask, SIGTERM);
  sigaddset(&s->forkmask, SIGHUP);
  /* the loop, and the children, run with the mask we were given, except
   * that these signals get through */
  sigprocmask(SIG_UNBLOCK, &s->forkmask, &s->childmask);
  sigdelset(&s->childmask, SIGCHLD);
  sigdelset(&s->childmask, SIGTERM);
  sigdelset(&s->childmask, SIGHUP);
  if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
    seed = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ (uint64_t)time(0);
  s->conns.seed = seed;
  /* the table costs page faults after every fork: keep it only when a
   * per-IP limit can apply */
  s->perip = s->o.perip || s->o.rules;
}

static void reap(struct tcpserver *s)
{
  int wstat;
  pid_t pid;
  if (s->pool == 1) {  /* counted children that never started */
    size_t n = tsspawn_failed(&s->spawn);
    s->children -= n < s->children ? n : s->children;
  }
  while ((pid = wait_nohang(&wstat)) > 0) {
    if (pid == s->relay.pid) {
      char w[FMT_ULONG];
      w[fmt_int(w, wstat)] = 0;
      strerr_die(EXIT_TEMP, FATAL, s->relay.path.s, " ended, status ", w, (char *)0);
    }
    if (s->o.verbosity >= 2) {
      char p[FMT_ULONG], w[FMT_ULONG];
      p[fmt_ulong(p, (unsigned long)pid)] = 0;
      w[fmt_int(w, wstat)] = 0;
      strerr_warn("tcpserver: end ", p, " status ", w, (char *)0);
    }
    if (s->children) --s->children;
    if (s->perip) tsconn_del(&s->conns, pid, 0);
    status(s);
  }
}

/* SIGHUP: read the -c file again; a bad file keeps the limit we have */
static void reload(struct tcpserver *s)
{
  unsigned long limit;
  if (tsopt_limitfile(s->o.limitfile, &limit) == -1) {
    if (s->o.verbosity >= 1) {
      if (errno == EINVAL)
        strerr_warn(WARNING, "unable to read ", s->o.limitfile,
                    ": not a limit from 1 to " TS_LIMIT_MAX_TEXT, (char *)0);
      else strerr_warn(WARNING, "unable to read ", s->o.limitfile, ": ", STRERR_SYS, (char *)0);
    }
    return;
  }
  s->limit = limit;
  status(s);
}

/* SIGTERM: exit, once the connections handed to the pool have children */
#define TS_DRAIN_MS 1000
static void __attribute__((noreturn)) leave(struct tcpserver *s)
{
  int ms = 0;
  while (s->pool == 1 && tsspawn_queued(&s->spawn) && ms++ < TS_DRAIN_MS) {
    struct timespec t = { 0, 1000000 };
    nanosleep(&t, 0);
  }
  _exit(0);
}

static void signals(struct tcpserver *s)
{
  unsigned char sigs[64];
  ssize_t n, i;
  int chld = 0, hup = 0;
  while ((n = sig_selfpipe_drain(s->pipefd[0], sigs, sizeof sigs)) > 0) {
    for (i = 0; i < n; ++i) {
      if (sigs[i] == SIGTERM) leave(s);
      if (sigs[i] == SIGCHLD || sigs[i] == 0) chld = 1;  /* 0: a thread's vfork failed */
      if (sigs[i] == SIGHUP) hup = 1;
    }
  }
  if (chld) reap(s);
  if (hup && s->o.limitfile) reload(s);
}

/* what a child needs to know of its connection */
struct job {
  struct tcpserver *s;        /* read only: the options, the listener */
  int t;                      /* the connection */
  unsigned char ip[16];
  uint16_t port;
  int v6;
  unsigned long count;        /* children serving ip, this one included */
};

/* the child, after fork or vfork (the parent's memory: see light()) */
static void __attribute__((noreturn)) child(const struct job *j)
{
  const struct tcpserver *s = j->s;
  struct tschild c;
  if (sig_default(SIGCHLD) == -1 || sig_default(SIGTERM) == -1 || sig_default(SIGHUP) == -1
      || sig_default(SIGPIPE) == -1)
    _exit(EXIT_TEMP);
  sigprocmask(SIG_SETMASK, &s->childmask, 0);
  /* the listener goes now, so that a long-lived child (TLS, lookups)
   * does not keep the port; the self-pipe is close-on-exec */
  close(s->listenfd);
  c.o = &s->o;
  c.argv = s->o.prog;
  c.tlsctl = s->relay.ctl;
  c.fd = j->t;
  byte_copy(c.remoteip, 16, j->ip);
  c.remoteport = j->port;
  c.is_v6 = j->v6;
  c.ipcount = j->count;
  tschild_run(&c);
}

/* light: 1 when children have nothing to do but set up descriptors and
 * the environment and exec: no rules, no DNS or ident lookups, no TLS
 * (whose child waits for the handshake). Such a child allocates nothing
 * and writes no memory of ours (tschild uses its own stack space only,
 * and the environment must fit there: tsenv would fall back to malloc),
 * so it may be started with vfork(2), which spares copying our address
 * space for every connection. Decided once: nothing here changes. */
static int light(const struct tcpserver *s)
{
  size_t n = 0;
  if (s->o.tls || s->o.rules || s->o.remotehost || s->o.remoteinfo || !s->o.localname) return 0;
  while (environ[n]) ++n;
  return tsenv_need(n, str_len(s->o.localname)) <= TSCHILD_ENV_SPACE * sizeof(char *);
}

/* in a spawning thread, once its vfork returned: the connection is the
 * child's now (or dropped) */
static void spawned(const void *p, pid_t pid)
{
  const struct job *j = p;
  if (pid == -1) {
    if (j->s->o.verbosity >= 1) strerr_warn(DROP, "unable to fork: ", STRERR_SYS, (char *)0);
    /* the loop counted the child: tell it (as a signal would) */
    sig_selfpipe_write(selfpipe_wfd, 0);
  }
  close(j->t);
}

static void vchild(const void *p) { child(p); }

/* how a child starts: a light one with vfork, which stops us until the
 * child has exec'd; that costs nothing while few children run, but under
 * load a thread of the pool vforks instead, so that the loop goes on (not
 * with -C: the table needs the pid here). Heavy children, and light ones
 * the pool cannot take, are forked. Returns the pid, -1 when the child
 * could not be started, or 0 when a thread has the job. */
#define TS_VFORK_CHILDREN 2
static pid_t start(struct tcpserver *s, const struct job *j)
{
  int busy = s->children >= TS_VFORK_CHILDREN;
  pid_t pid;
  if (s->light && busy && !s->o.perip) {
    if (!s->pool) s->pool = tsspawn_init(&s->spawn, sizeof *j, vchild, spawned) == 0 ? 1 : -1;
    if (s->pool == 1 && tsspawn_submit(&s->spawn, j)) return 0;
  }
  /* our handlers stay out of the child until it has reset them (the
   * pool's threads block every signal already) */
  sigprocmask(SIG_BLOCK, &s->forkmask, 0);
  pid = s->light && !busy ? vfork() : fork();
  if (pid == 0) child(j);
  sigprocmask(SIG_SETMASK, &s->childmask, 0);
  return pid;
}

/* start a child for connection t (which it closes); the table gets it */
static void spawn(struct tcpserver *s, int t, const unsigned char ip[16], uint16_t port, int v6)
{
  struct job j;
  pid_t pid;
  j.s = s;
  j.t = t;
  byte_copy(j.ip, 16, ip);
  j.port = port;
  j.v6 = v6;
  j.count = 0;
  if (s->perip) {
    if (!tsconn_ready(&s->conns, 1)) {
      if (s->o.verbosity >= 1) strerr_warn(DROP, "out of memory", (char *)0);
      close(t);
      return;
    }
    j.count = tsconn_count(&s->conns, ip) + 1;
  }
  pid = start(s, &j);
  if (pid == 0) {
    ++s->children;
    status(s);
    return;
  }
  close(t);
  if (pid == -1) {
    if (s->o.verbosity >= 1) strerr_warn(DROP, "unable to fork: ", STRERR_SYS, (char *)0);
    return;
  }
  ++s->children;
  if (s->perip) tsconn_add(&s->conns, pid, ip);
  status(s);
}

static void accept_some(struct tcpserver *s)
{
  int i;
  for (i = 0; i < TS_ACCEPT_BURST && s->children < s->limit; ++i) {
    unsigned char ip[16];
    uint16_t port;
    int v6;
    int t = socket_accept(s->listenfd, ip, &port, &v6);
    if (t == -1) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (s->o.verbosity >= 1) strerr_warn(WARNING, "unable to accept: ", STRERR_SYS, (char *)0);
      s->backoff = 1;
      return;
    }
    spawn(s, t, ip, port, v6);
  }
}

static void __attribute__((noreturn)) loop(struct tcpserver *s)
{
  for (;;) {
    iopause_fd x[2];
    int listening = s->children < s->limit && !s->backoff;
    x[0].fd = s->pipefd[0];
    x[0].events = IOPAUSE_READ;
    x[1].fd = listening ? s->listenfd : -1;
    x[1].events = IOPAUSE_READ;
    x[0].revents = x[1].revents = 0;
    if (iopause(x, 2, s->backoff ? iopause_deadline(TS_BACKOFF_MS) : IOPAUSE_FOREVER) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to poll: ", STRERR_SYS, (char *)0);
    s->backoff = 0;
    if (x[0].revents) signals(s);
    if (listening && x[1].revents) accept_some(s);
  }
}

int main(int argc, char **argv)
{
  struct tcpserver s;  /* on the stack: the page the loop writes anyway */
  const char *err, *errarg;
  byte_zero(&s, sizeof s);
  fds_open();
  if (!tsopt_parse(&s.o, argc, argv, env_get("UID"), env_get("GID"), &err, &errarg))
    usage(err, errarg);
  limit_setup(&s);
  port_setup(&s);
  host_setup(&s);
  s.relay.ctl = -1;
  if (s.o.tls) tls_setup(&s);
  listen_setup(&s);
  privileges(&s);
  signals_setup(&s);
  if (s.o.tls && tsrelay_start(&s.relay) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to start ", s.relay.path.s, ": ", STRERR_SYS, (char *)0);
  s.light = light(&s);
  descriptors(&s);
  status(&s);
  loop(&s);
}

/* tschild.c — a tcpserver child: names, rules, limits, exec. */
#include "tschild.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "byte.h"
#include "cdb.h"
#include "dns.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "pathexec.h"
#include "rules.h"
#include "socket.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "tsenv.h"
#include "tsident.h"
#include "tsrelay.h"

#define DROP "tcpserver: warning: dropping connection, "

/* the child's state; the name buffers come last and are written only
 * when a lookup fills them (every page a forked child writes costs a
 * copy) */
struct child {
  const struct tschild *c;
  const struct ts_opts *o;
  pid_t pid;
  char pidstr[FMT_ULONG];
  char ripstr[TSENV_IPFMT];
  struct tsenv info;
  struct rules_result rules;
  int deny;
  unsigned long perip;        /* the per-IP limit that applies; 0: none */
  struct dns_reply *dns;      /* large: allocated when a lookup is needed */
  char localhost[TSCHILD_HOST_MAX];
  char remotehost[TSCHILD_HOST_MAX];
  char remoteinfo[TSIDENT_INFO_MAX];
};

static void __attribute__((noreturn))
drop(const struct child *ch, const char *a, const char *b, int sys)
{
  if (ch->o->verbosity >= 1) {
    if (sys) strerr_warn(DROP, a, b, ": ", STRERR_SYS, (char *)0);
    else strerr_warn(DROP, a, b, (char *)0);
  }
  _exit(EXIT_TEMP);
}

static void __attribute__((noreturn)) nomem(const struct child *ch)
{
  drop(ch, "out of memory", "", 0);
}

/* the log line of the connection: "ok", "deny", "per ip limit" */
static void logline(const struct child *ch, const char *what, const char *extra)
{
  char x[TSENV_LOG_MAX];
  size_t n = tsenv_logline(x, what, ch->pid, &ch->info, extra);
  if (write(2, x, n) == -1) {}  /* a log that cannot be written is no reason to drop */
}

/* "tcpserver: pid PID from IP", written at once from our own stack */
static void pidline(const struct child *ch)
{
  char x[64 + FMT_ULONG + TSENV_IPFMT];
  size_t n = 0;
  n += fmt_str(x + n, "tcpserver: pid ");
  n += fmt_str(x + n, ch->pidstr);
  n += fmt_str(x + n, " from ");
  n += fmt_str(x + n, ch->ripstr);
  x[n++] = '\n';
  if (write(2, x, n) == -1) {}
}

static void sockopts(const struct child *ch)
{
  int one = 1;
  /* -O: IP options could source-route replies; -D: Nagle off */
  if (ch->o->killopts && !ch->c->is_v6)
    setsockopt(ch->c->fd, IPPROTO_IP, IP_OPTIONS, 0, 0);
  if (ch->o->nodelay) setsockopt(ch->c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void banner(const struct child *ch)
{
  const char *b = ch->o->banner;
  if (fd_writeall(ch->c->fd, b, str_len(b)) == -1) drop(ch, "unable to print banner", "", 1);
}

static struct dns_reply *dnsreply(struct child *ch)
{
  if (!ch->dns) ch->dns = malloc(sizeof *ch->dns);
  if (!ch->dns) nomem(ch);
  return ch->dns;
}

/* the first PTR name of ip into out; 1, or 0 when there is none */
static int ptr(struct child *ch, const unsigned char ip[16], int is_v6, char *out)
{
  struct dns_reply *r = dnsreply(ch);
  int st = is_v6 ? dns_ptr6(ip, r, TSCHILD_DNS_MS) : dns_ptr4(ip + 12, r, TSCHILD_DNS_MS);
  if (st != DNS_OK || r->count == 0) return 0;
  return str_copyb(out, TSCHILD_HOST_MAX, dns_packet_rrdata(r, &r->rr[0]));
}

/* -p: does name lead back to the client's address? */
static int forward_ok(struct child *ch, const char *name)
{
  struct dns_reply *r = dnsreply(ch);
  int v6 = ch->c->is_v6;
  size_t i;
  if ((v6 ? dns_ip6(name, r, TSCHILD_DNS_MS) : dns_ip4(name, r, TSCHILD_DNS_MS)) != DNS_OK)
    return 0;
  for (i = 0; i < r->count; ++i)
    if (v6 ? byte_equal(r->rr[i].ip, 16, ch->c->remoteip)
           : byte_equal(r->rr[i].ip, 4, ch->c->remoteip + 12))
      return 1;
  return 0;
}

static void names(struct child *ch)
{
  const struct ts_opts *o = ch->o;
  struct tsenv *i = &ch->info;
  if (o->localname) i->localhost = o->localname;
  else if (ptr(ch, i->localip, i->is_v6, ch->localhost)) i->localhost = ch->localhost;
  if (o->remotehost && ptr(ch, i->remoteip, i->is_v6, ch->remotehost)
      && (!o->paranoid || forward_ok(ch, ch->remotehost)))
    i->remotehost = ch->remotehost;
  if (o->remoteinfo
      && tsident_lookup(i->localip, i->remoteip, i->is_v6, i->localport, i->remoteport,
                        (unsigned)o->timeout * 1000u, ch->remoteinfo, sizeof ch->remoteinfo))
    i->remoteinfo = ch->remoteinfo;
}

int tschild_maxperip(const char *s, size_t len, unsigned long *out)
{
  size_t i = 0;
  int found = 0;
  while (i < len) {
    size_t n = byte_chr(s + i, len - i, 0);
    if (n == len - i) break;
    if (str_start(s + i, "MAXPERIP=")) {
      if (!tsopt_number(s + i + 9, TS_LIMIT_MAX, out)) return -1;
      found = 1;
    }
    i += n + 1;
  }
  return found;
}

/* -x: the rule for this connection; sets deny, the rule's variables and
 * the per-IP limit */
static void rules(struct child *ch)
{
  const char *fn = ch->o->rules;
  struct cdb db;
  int fd, r;
  unsigned long max;
  fd = open_read(fn);
  if (fd == -1) {
    if (errno == ENOENT && ch->o->allownorules) return;
    drop(ch, "unable to read ", fn, 1);
  }
  if (cdb_init(&db, fd) == -1) drop(ch, "unable to read ", fn, 1);
  r = rules_lookup(&db, ch->info.remoteip, ch->info.is_v6, ch->info.remoteinfo,
                   ch->info.remotehost, &ch->rules);
  if (r == -1) drop(ch, "unable to read ", fn, 1);
  cdb_free(&db);
  close(fd);
  if (r == 0) return;
  ch->deny = !ch->rules.allow;
  r = tschild_maxperip(ch->rules.env.s, ch->rules.env.len, &max);
  if (r == -1) drop(ch, "bad MAXPERIP in ", fn, 0);
  if (r == 1) ch->perip = max;
}

/* -C / MAXPERIP: refuse a connection past the limit for its IP */
static void perip(const struct child *ch)
{
  char x[2 * FMT_ULONG + 2];
  size_t n;
  if (!ch->perip || ch->c->ipcount <= ch->perip) return;
  if (ch->o->verbosity >= 2) {
    n = fmt_ulong(x, ch->c->ipcount);
    x[n++] = '/';
    n += fmt_ulong(x + n, ch->perip);
    x[n] = 0;
    logline(ch, "per ip limit", x);
  }
  _exit(EXIT_TEMP);
}

/* the program's environment, with extra (NULL-terminated, or NULL) last,
 * in space when it fits (no malloc in a vfork child: see tsenv.h) */
static char **environment(const struct child *ch, char **space, size_t size, char *const *extra)
{
  char **e = tsenv_build(space, size, environ, &ch->info, ch->rules.env.s, ch->rules.env.len,
                         extra);
  if (!e) drop(ch, "unable to build the environment", "", 1);
  return e;
}

/* the program, talking on fd */
static void __attribute__((noreturn)) run(const struct child *ch, int fd, char **envp)
{
  /* fd is close-on-exec: its copies on 0 and 1 are not */
  if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1) drop(ch, "unable to set up descriptors", "", 1);
  pathexec_run(ch->c->argv[0], ch->c->argv, envp);
  drop(ch, "unable to run ", ch->c->argv[0], 1);
}

/* the value of "NAME=value" entry name in v, or "" */
static const char *var(char *const *v, const char *name)
{
  size_t i, n = str_len(name);
  for (i = 0; v[i]; ++i)
    if (str_start(v[i], name) && v[i][n] == '=') return v[i] + n + 1;
  return "";
}

/* -s: the relay takes the connection and gives the program a socket
 * pair and the TLS variables once the handshake is done */
static void __attribute__((noreturn)) run_tls(struct child *ch)
{
  int pair[2], answer[2], fds[TSRELAY_FDS];
  char x[TSRELAY_ANSWER_MAX];
  char *vars[TSRELAY_VARS_MAX + 1];
  char *space[TSCHILD_ENV_SPACE];
  const char *why;
  ssize_t n;
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == -1
      || pipe2(answer, O_CLOEXEC) == -1)
    drop(ch, "unable to create socket pair", "", 1);
  fds[0] = ch->c->fd;
  fds[1] = pair[1];
  fds[2] = answer[1];
  if (tsrelay_request(ch->c->tlsctl, fds) == -1) drop(ch, "unable to reach ", TSRELAY_NAME, 1);
  close(pair[1]);
  close(answer[1]);
  close(ch->c->fd);
  n = tsrelay_result(answer[0], x);
  if (n == -1) drop(ch, "unable to read from ", TSRELAY_NAME, 1);
  if (tsrelay_unpack(x, (size_t)n, vars, &why) == -1) drop(ch, why, "", 0);
  close(answer[0]);
  if (ch->o->verbosity >= 2)
    strerr_warn("tcpserver: tls ", ch->pidstr, " ", var(vars, "TLS_PROTOCOL"), " ",
                var(vars, "TLS_CIPHER"), (char *)0);
  run(ch, pair[0], environment(ch, space, sizeof space, vars));
}

static void setup(struct child *ch, const struct tschild *c)
{
  int v6;
  byte_zero(&ch->info, sizeof ch->info);
  byte_zero(&ch->rules, sizeof ch->rules);
  ch->deny = 0;
  ch->dns = 0;
  ch->c = c;
  ch->o = c->o;
  ch->pid = 0;
  if (c->o->verbosity >= 2) {  /* only the log lines need them */
    ch->pid = getpid();
    ch->pidstr[fmt_ulong(ch->pidstr, (unsigned long)ch->pid)] = 0;
    tsenv_ipfmt(ch->ripstr, c->remoteip, c->is_v6);
  }
  ch->perip = c->o->perip;
  ch->info.is_v6 = c->is_v6;
  byte_copy(ch->info.remoteip, 16, c->remoteip);
  ch->info.remoteport = c->remoteport;
  if (socket_local(c->fd, ch->info.localip, &ch->info.localport, &v6) == -1)
    drop(ch, "unable to get local address", "", 1);
}

void tschild_run(const struct tschild *c)
{
  struct child ch;
  setup(&ch, c);
  if (ch.o->verbosity >= 2) pidline(&ch);
  /* without rules nothing can change the per-IP limit: refuse before the lookups */
  if (!ch.o->rules) perip(&ch);
  sockopts(&ch);
  if (!ch.o->tls) banner(&ch);
  names(&ch);
  if (ch.o->rules) rules(&ch);
  if (ch.deny) {
    if (ch.o->verbosity >= 2) logline(&ch, "deny", 0);
    _exit(EXIT_PERM);
  }
  perip(&ch);
  if (ch.o->verbosity >= 2) logline(&ch, "ok", 0);
  if (ch.o->tls) run_tls(&ch);
  {
    char *space[TSCHILD_ENV_SPACE];
    run(&ch, ch.c->fd, environment(&ch, space, sizeof space, 0));
  }
}

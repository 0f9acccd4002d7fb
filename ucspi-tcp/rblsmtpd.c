/* rblsmtpd.c — block mail from clients listed in DNS blocklists (or named
 * by $RBLSMTPD) with a small SMTP dialogue of 451/553 replies; run the
 * SMTP server program for everybody else. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "byte.h"
#include "dns.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "getln.h"
#include "pathexec.h"
#include "rbl.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "tcaddr.h"
#include "tcopt.h"

#define FATAL "rblsmtpd: fatal: "
#define USAGE "rblsmtpd: usage: rblsmtpd [ -bBcC ] [ -t timeout ] [ -T lookuptimeout ] " \
  "[ -r base ] [ -a base ] smtpd [ arg ... ]"
#define OPTSPEC "bBcCt:T:r:a:"
/* the greeting and the other fixed replies name this host */
#define RBL_HOST "rblsmtpd.local"

struct rblsmtpd {
  unsigned long timeout;      /* -t: seconds the dialogue may last */
  unsigned long dnstimeout;   /* -T: seconds each lookup may take */
  int bounce;                 /* -b */
  int failclosed;             /* -c */
  struct rbl_source *src;     /* -r and -a, in order */
  size_t nsrc;
  const char *ip;             /* $TCPREMOTEIP or $TCP6REMOTEIP, or "" */
  struct rbl_state st;
  struct dns_reply *reply;    /* for the lookups */
  char **prog;
};

static void usage(void) { strerr_die(EXIT_PERM, USAGE, (char *)0); }
static void nomem(void) { strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0); }

/* SIGALRM: the dialogue has lasted long enough; hang up */
static void drop(int sig)
{
  (void)sig;
  _exit(0);
}

/* the DNS side of rbl_check (see rbl_lookup in rbl.h) */
static int lookup(void *ctx, const char *name, int txt, char *text, size_t size)
{
  struct rblsmtpd *r = ctx;
  size_t i, n = 0;
  int rc = dns_lookup(0, name, txt ? DNS_T_TXT : DNS_T_A, r->reply,
                      (unsigned)(r->dnstimeout * 1000));
  if (rc == -1) return -1;
  if (rc != DNS_OK) return 0;
  for (i = 0; txt && i < r->reply->count; ++i) {
    const struct dns_rr *rr = &r->reply->rr[i];
    const char *d = dns_packet_rrdata(r->reply, rr);
    size_t k;
    if (rr->type != DNS_T_TXT) continue;
    for (k = 0; k < rr->len && n + 1 < size; ++k) text[n++] = d[k];
  }
  if (size) text[n] = 0;
  return 1;
}

static void options(struct rblsmtpd *r, int argc, char **argv)
{
  struct tcopt o = TCOPT_ZERO;
  int c;
  r->src = calloc((size_t)argc + 1, sizeof *r->src);
  if (!r->src) nomem();
  while ((c = tcopt_next(&o, argc, argv, OPTSPEC, "rblsmtpd", 0)) != -1) {
    switch (c) {
    case 'b': r->bounce = 1; break;
    case 'B': r->bounce = 0; break;
    case 'c': r->failclosed = 1; break;
    case 'C': r->failclosed = 0; break;
    case 't': if (!tcaddr_seconds(o.arg, &r->timeout)) usage(); break;
    case 'T': if (!tcaddr_seconds(o.arg, &r->dnstimeout) || !r->dnstimeout) usage(); break;
    case 'r':
    case 'a':
      r->src[r->nsrc].anti = c == 'a';
      r->src[r->nsrc++].base = o.arg;
      break;
    default: usage();
    }
  }
  r->prog = argv + o.ind;
  if (!*r->prog) usage();
}

/* write a reply and flush it; a client that cannot take it is dropped */
static void reply(const char *s, size_t n)
{
  if (buf_put(buf_1, s, n) == -1 || buf_putflush(buf_1, "\r\n", 2) == -1) _exit(0);
}

/* the log line on descriptor 2: "rblsmtpd: IP pid N: message" */
static void logline(const struct rblsmtpd *r, const char *msg, size_t n)
{
  char pid[FMT_ULONG];
  pid[fmt_ulong(pid, (unsigned long)getpid())] = 0;
  if (buf_puts(buf_2, "rblsmtpd: ") == -1 || buf_puts(buf_2, r->ip) == -1 ||
      buf_puts(buf_2, " pid ") == -1 || buf_puts(buf_2, pid) == -1 ||
      buf_puts(buf_2, ": ") == -1 || buf_put(buf_2, msg, n) == -1 ||
      buf_putflush(buf_2, "\n", 1) == -1)
    return;  /* a log that cannot be written does not stop the refusal */
}

/* the limited SMTP dialogue of a blocked client; never returns */
static void dialogue(const struct rblsmtpd *r)
{
  char msg[RBL_MESSAGE_MAX];
  size_t n = rbl_message(&r->st, msg);
  stralloc line = STRALLOC_ZERO;
  int match;
  logline(r, msg, n);
  if (!r->timeout) {   /* -t 0: say it at once instead of a greeting */
    reply(msg, n);
    _exit(0);
  }
  if (sig_catch(SIGALRM, drop) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to catch SIGALRM", (char *)0);
  alarm((unsigned)r->timeout);
  reply("220 " RBL_HOST, 4 + str_len(RBL_HOST));
  for (;;) {
    int rc = getln(buf_0, &line, &match, '\n', RBL_LINE_MAX);
    if (rc == -1 && errno == EMSGSIZE) {
      if (getln_skip(buf_0, '\n') == -1) _exit(0);
      reply(msg, n);
      continue;
    }
    if (rc == -1 || !match) _exit(0);
    switch (rbl_command(line.s, line.len)) {
    case RBL_QUIT: reply("221 " RBL_HOST, 4 + str_len(RBL_HOST)); _exit(0);
    case RBL_OK: reply("250 " RBL_HOST, 4 + str_len(RBL_HOST)); break;
    default: reply(msg, n); break;
    }
  }
}

int main(int argc, char **argv)
{
  struct rblsmtpd r;
  char prefix[RBL_REVERSE_MAX];
  const char *x;
  byte_zero(&r, sizeof r);
  r.timeout = 60;
  r.dnstimeout = 30;
  options(&r, argc, argv);
  r.ip = env_get("TCPREMOTEIP");
  if (!r.ip) r.ip = env_get("TCP6REMOTEIP");
  if (!r.ip) r.ip = "";
  x = env_get("RBLSMTPD");
  if (x) rbl_fromenv(&r.st, x);
  if (r.st.decision == RBL_UNDECIDED && r.nsrc && rbl_reverse(r.ip, prefix)) {
    r.reply = malloc(sizeof *r.reply);
    if (!r.reply) nomem();
    rbl_check(&r.st, r.src, r.nsrc, prefix, r.bounce, r.failclosed, lookup, &r);
  }
  if (r.st.decision >= RBL_BLOCK) dialogue(&r);
  pathexec(r.prog, 0);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", r.prog[0], ": ", STRERR_SYS, (char *)0);
}

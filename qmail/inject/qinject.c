/* qinject.c — read a message, apply the header rules, and queue it. */
#include "qinject.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addrlist.h"
#include "buf.h"
#include "byte.h"
#include "cfg.h"
#include "control.h"
#include "date822.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "getln.h"
#include "hdr.h"
#include "paths.h"
#include "qqprog.h"
#include "rcptset.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"

/* the size of the input and output buffers */
#define QI_BUFSIZE 65536u

/* the control files, described once */
struct qi_ctl {
  cfg_value me, defaulthost, defaultdomain, plusdomain, idhost;
};
#define QC(field) offsetof(struct qi_ctl, field)
static const cfg_entry qi_table[] = {
  { "me", CFG_STRING, 0, 0, 0, QC(me), 0, "this host's name; the default of the others" },
  { "defaulthost", CFG_STRING, 0, 0, 0, QC(defaulthost), "QMAILDEFAULTHOST",
    "host added to addresses without one (default: me)" },
  { "defaultdomain", CFG_STRING, 0, 0, 0, QC(defaultdomain), "QMAILDEFAULTDOMAIN",
    "domain added to host names without a dot (default: me)" },
  { "plusdomain", CFG_STRING, 0, 0, 0, QC(plusdomain), "QMAILPLUSDOMAIN",
    "domain that replaces a final + of a host name (default: me)" },
  { "idhost", CFG_STRING, 0, 0, 0, QC(idhost), "QMAILIDHOST",
    "host name in the Message-IDs made here (default: me)" },
};
#define QI_NCTL (sizeof qi_table / sizeof qi_table[0])

struct qi {
  const struct qinject_opts *o;
  struct qinject_result *r;
  struct paths ps;
  struct qi_ctl ctl;
  int ctlloaded;
  char mebuf[256];
  struct addrlist_hosts hosts;
  stralloc defhost, user, host, sender, msgid, qprog, env;
  const char *name, *idhost;
  unsigned flags;
  int verp_r, verp_m;
  constmap mft;
  stralloc mftdata;
  int havemft;
  char date[DATE822_FMT];
  char stamp[32];               /* YYYYMMDDHHMMSS.PID */
  buf in;
  struct hdr h;
  struct hdr_out ho;
  stralloc line, first;         /* an input line; the body's first line */
  int eof;                      /* the input is read to its end */
  int ioerr;                    /* errno of the last read or write error */
  struct rcptset rcpts;         /* the envelope recipients */
  struct addrlist al;
};

/* the result st with the reason made of the strings up to a NULL */
static enum qinject_status __attribute__((sentinel)) qi_why(struct qi *q, enum qinject_status st, ...)
{
  stralloc *w = &q->r->why;
  const char *s;
  int ok = 1;
  va_list ap;
  q->r->status = st;
  w->len = 0;
  va_start(ap, st);
  while (ok && (s = va_arg(ap, const char *))) ok = stralloc_cats(w, s);
  va_end(ap);
  if (!ok || !stralloc_0(w)) stralloc_free(w);  /* a NULL why says "out of memory" */
  return st;
}

static enum qinject_status qi_nomem(struct qi *q)
{
  return qi_why(q, QINJECT_TEMP, "out of memory", (char *)0);
}

/* descriptors 0, 1 and 2 open, so that pipes never take their places */
static void qi_fds(void)
{
  int fd;
  while ((fd = open("/dev/null", O_RDWR)) != -1 && fd <= 2);
  if (fd > 2) close(fd);
}

/* a control value, or me when it has none */
static const char *qi_derive(const struct qi *q, const cfg_value *v)
{
  return v->s ? v->s : q->ctl.me.s && *q->ctl.me.s ? q->ctl.me.s : q->mebuf;
}

static enum qinject_status qi_config(struct qi *q)
{
  stralloc err = STRALLOC_ZERO;
  const char *dh;
  if (paths_init(&q->ps) == -1)
    return qi_why(q, QINJECT_TEMP, "bad value of ", q->ps.bad ? q->ps.bad : "a path variable",
                  ": ", error_str(errno), (char *)0);
  if (cfg_load(qi_table, QI_NCTL, &q->ctl, paths_get(&q->ps, PATHS_CONTROLDIR), &err) == -1) {
    qi_why(q, QINJECT_TEMP, err.s ? err.s : "unable to read the control files", (char *)0);
    stralloc_free(&err);
    return QINJECT_TEMP;
  }
  q->ctlloaded = 1;
  if (gethostname(q->mebuf, sizeof q->mebuf - 1) == -1 || !q->mebuf[0])
    strcpy(q->mebuf, "localhost");
  q->mebuf[sizeof q->mebuf - 1] = 0;
  q->hosts.defaultdomain = qi_derive(q, &q->ctl.defaultdomain);
  q->hosts.plusdomain = qi_derive(q, &q->ctl.plusdomain);
  q->idhost = qi_derive(q, &q->ctl.idhost);
  dh = qi_derive(q, &q->ctl.defaulthost);
  if (!*dh) dh = qi_derive(q, &q->ctl.me);
  if (!addrlist_host(&q->defhost, dh, str_len(dh), &q->hosts) || !stralloc_0(&q->defhost))
    return errno == EINVAL ? qi_why(q, QINJECT_TEMP, "bad defaulthost: ", dh, (char *)0) : qi_nomem(q);
  q->hosts.defaulthost = q->defhost.s;
  return QINJECT_OK;
}

/* the first of the variables that is set and not empty, or NULL */
static const char *qi_env(const char *a, const char *b, const char *c, const char *d)
{
  const char *names[4];
  size_t k;
  names[0] = a; names[1] = b; names[2] = c; names[3] = d;
  for (k = 0; k < 4 && names[k]; ++k) {
    const char *v = env_get(names[k]);
    if (v && *v) return v;
  }
  return 0;
}

/* out = s with control characters as '_', a C string */
static int qi_clean(stralloc *out, const char *s)
{
  size_t k;
  if (!stralloc_copys(out, s) || !stralloc_0(out)) return 0;
  for (k = 0; k + 1 < out->len; ++k)
    if ((unsigned char)out->s[k] < 32 || out->s[k] == 127) out->s[k] = '_';
  return 1;
}

/* out = the canonical form of the host named by the variables, or def */
static int qi_hostenv(struct qi *q, stralloc *out, const char *a, const char *b, const char *def)
{
  const char *v = qi_env(a, b, 0, 0);
  out->len = 0;
  if (v && addrlist_host(out, v, str_len(v), &q->hosts)) return stralloc_0(out);
  if (v && errno != EINVAL) return 0;
  return stralloc_copys(out, def) && stralloc_0(out);
}

static enum qinject_status qi_identity(struct qi *q)
{
  const char *v = qi_env("QMAILUSER", "MAILUSER", "USER", "LOGNAME"), *mft;
  stralloc suser = STRALLOC_ZERO, shost = STRALLOC_ZERO;
  int ok;
  if (!v) {
    struct passwd *pw = getpwuid(getuid());
    v = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : "anonymous";
  }
  q->name = q->o->name ? q->o->name : qi_env("QMAILNAME", "MAILNAME", "NAME", 0);
  for (mft = env_get("QMAILINJECT"); mft && *mft; ++mft) {
    if (*mft == 'c') q->flags |= HDR_COMMENTSTYLE;
    if (*mft == 's') q->flags |= HDR_NORETURNPATH;
    if (*mft == 'f') q->flags |= HDR_DELFROM;
    if (*mft == 'i') q->flags |= HDR_DELMSGID;
    if (*mft == 'r') q->verp_r = 1;
    if (*mft == 'm') q->verp_m = 1;
  }
  ok = qi_clean(&q->user, v) && qi_hostenv(q, &q->host, "QMAILHOST", "MAILHOST", q->defhost.s) &&
       qi_clean(&suser, (v = env_get("QMAILSUSER")) && *v ? v : q->user.s) &&
       qi_hostenv(q, &shost, "QMAILSHOST", 0, q->host.s) &&
       stralloc_copyb(&q->sender, suser.s, suser.len - 1) && stralloc_append(&q->sender, '@') &&
       stralloc_catb(&q->sender, shost.s, shost.len - 1);
  stralloc_free(&suser);
  stralloc_free(&shost);
  if (!ok) return qi_nomem(q);
  mft = env_get("QMAILMFTFILE");
  if (mft && *mft) {
    int r = control_readmap(&q->mft, &q->mftdata, mft, 0);
    if (r == -1) return qi_why(q, QINJECT_TEMP, "unable to read ", mft, ": ", error_str(errno), (char *)0);
    q->havemft = r;
  }
  return QINJECT_OK;
}

/* the Date value, the stamp YYYYMMDDHHMMSS.PID, and the Message-ID */
static enum qinject_status qi_stamps(struct qi *q)
{
  struct timespec ts;
  struct tm tm;
  char num[FMT_ULONG];
  size_t n;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (!date822_fmt(q->date, sizeof q->date, ts.tv_sec, 0) || !gmtime_r(&ts.tv_sec, &tm) ||
      !strftime(q->stamp, 15, "%Y%m%d%H%M%S", &tm))
    return qi_why(q, QINJECT_TEMP, "unable to tell the time", (char *)0);
  q->stamp[14] = '.';
  n = fmt_ulong(q->stamp + 15, (unsigned long)getpid());
  q->stamp[15 + n] = 0;
  num[fmt_ulong(num, (unsigned long)ts.tv_nsec)] = 0;
  if (!stralloc_copys(&q->msgid, "<") || !stralloc_cats(&q->msgid, q->stamp) ||
      !stralloc_append(&q->msgid, '.') || !stralloc_cats(&q->msgid, num) ||
      !stralloc_cats(&q->msgid, ".qmail@") || !stralloc_cats(&q->msgid, q->idhost) ||
      !stralloc_append(&q->msgid, '>') || !stralloc_0(&q->msgid))
    return qi_nomem(q);
  return QINJECT_OK;
}

/* a line "." alone (with LF, CRLF or at the end of the input) */
static int qi_isdot(const stralloc *l)
{
  return (l->len == 1 && l->s[0] == '.') || (l->len == 2 && !byte_diff(l->s, 2, ".\n")) ||
         (l->len == 3 && !byte_diff(l->s, 3, ".\r\n"));
}

/* read the header into q->h; the first body line, if any, into q->first */
static enum qinject_status qi_header(struct qi *q)
{
  int match, r;
  for (;;) {
    if (getln(&q->in, &q->line, &match, '\n', HDR_MAX) == -1) {
      if (errno == EMSGSIZE) return qi_why(q, QINJECT_BADMSG, "header too long", (char *)0);
      return qi_why(q, QINJECT_TEMP, "unable to read the message: ", error_str(errno), (char *)0);
    }
    if (!q->line.len || (q->o->dotstop && qi_isdot(&q->line))) { q->eof = 1; return QINJECT_OK; }
    r = hdr_line(&q->h, q->line.s, q->line.len);
    if (r == -1) {
      if (errno == EMSGSIZE) return qi_why(q, QINJECT_BADMSG, "header too long", (char *)0);
      return qi_nomem(q);
    }
    if (r == HDR_BODY && !stralloc_copy(&q->first, &q->line)) return qi_nomem(q);
    if (!match) q->eof = 1;
    if (r != HDR_MORE || !match) return QINJECT_OK;
  }
}

static enum qinject_status qi_rules(struct qi *q)
{
  struct hdr_opts ho;
  char name[64];
  ho.hosts = &q->hosts;
  ho.flags = q->flags;
  ho.user = q->user.s;
  ho.host = q->host.s;
  ho.name = q->name;
  ho.date = q->date;
  ho.msgid = q->msgid.s;
  ho.mft = q->havemft ? &q->mft : 0;
  if (hdr_finish(&q->h, &ho, &q->ho)) return QINJECT_OK;
  if (errno != EINVAL && errno != EMSGSIZE) return qi_nomem(q);
  return qi_why(q, QINJECT_BADMSG, "unable to parse the ", hdr_name(&q->h, q->ho.errfield, name, sizeof name),
                " field: ", addrlist_strerr(q->ho.err), (char *)0);
}

/* add a recipient (an empty one, "<>", is skipped, and so are repeats) */
static enum qinject_status qi_addrcpt(struct qi *q, const char *s, size_t len)
{
  if (rcptset_add(&q->rcpts, s, len)) return QINJECT_OK;
  if (errno == E2BIG) return qi_why(q, QINJECT_BADMSG, "too many recipients", (char *)0);
  return qi_nomem(q);
}

/* add every address of a list of NUL-terminated ones */
static enum qinject_status qi_addlist(struct qi *q, const char *s, size_t len)
{
  size_t k, l;
  for (k = 0; k < len; k += l + 1) {
    l = str_len(s + k);
    if (qi_addrcpt(q, s + k, l)) return q->r->status;
  }
  return QINJECT_OK;
}

/* parse an address argument (what says where it comes from) into q->al */
static enum qinject_status qi_parsearg(struct qi *q, const char *arg, const char *what)
{
  if (addrlist_parse(&q->al, arg, str_len(arg), &q->hosts)) return QINJECT_OK;
  if (errno != EINVAL && errno != EMSGSIZE) return qi_nomem(q);
  return qi_why(q, QINJECT_BADMSG, "unable to parse ", what, " ", arg, ": ",
                addrlist_strerr(q->al.err), (char *)0);
}

static enum qinject_status qi_recipients(struct qi *q)
{
  const struct qinject_opts *o = q->o;
  int args = o->rcpts == QINJECT_ARGS || o->rcpts == QINJECT_BOTH ||
             (o->rcpts == QINJECT_ARGS_ELSE_HEADER && o->nargs);
  int header = o->rcpts == QINJECT_HEADER || o->rcpts == QINJECT_BOTH ||
               (o->rcpts == QINJECT_ARGS_ELSE_HEADER && !o->nargs);
  size_t k;
  if (header && qi_addlist(q, q->ho.rcpts.s, q->ho.rcpts.len)) return q->r->status;
  for (k = 0; args && k < o->nargs; ++k)
    if (qi_parsearg(q, o->args[k], "the recipient") ||
        qi_addlist(q, q->al.addrs.s, q->al.addrs.len)) return q->r->status;
  if (!q->rcpts.count && !o->print) return qi_why(q, QINJECT_NORCPT, "no recipients", (char *)0);
  return QINJECT_OK;
}

/* s = its local part, a, b, c (in place of its last '@'), its host, d;
 * nothing for the null sender */
static int qi_verp(stralloc *s, const char *a, const char *b, const char *c, const char *d)
{
  stralloc t = STRALLOC_ZERO;
  size_t at = byte_rchr(s->s, s->len, '@');
  int ok;
  if (at >= s->len) return 1;
  ok = stralloc_copyb(&t, s->s, at) && stralloc_cats(&t, a) && stralloc_cats(&t, b) &&
       stralloc_cats(&t, c) && stralloc_catb(&t, s->s + at + 1, s->len - at - 1) &&
       stralloc_cats(&t, d) && stralloc_copy(s, &t);
  stralloc_free(&t);
  return ok;
}

/* the envelope sender: -f, else Return-Path, else QMAILSUSER@QMAILSHOST;
 * then the VERP letters */
static enum qinject_status qi_sender(struct qi *q)
{
  const char *f = q->o->sender;
  stralloc *s = &q->sender;
  if (f && (!*f || str_equal(f, "<>"))) s->len = 0;
  else if (f) {
    if (qi_parsearg(q, f, "the sender")) return q->r->status;
    if (!q->al.count) return qi_why(q, QINJECT_BADMSG, "no address in the sender ", f, (char *)0);
    if (!stralloc_copys(s, q->al.addrs.s)) return qi_nomem(q);
  } else if (q->ho.returnpath && !stralloc_copys(s, q->ho.sender.s)) return qi_nomem(q);
  if (q->verp_m && !qi_verp(s, "-", q->stamp, "@", "")) return qi_nomem(q);
  if (q->verp_r && !qi_verp(s, "-@", "", "", "-@[]")) return qi_nomem(q);
  if (s->len > ADDRLIST_ADDR_MAX) return qi_why(q, QINJECT_BADMSG, "sender address too long", (char *)0);
  if (!stralloc_0(s)) return qi_nomem(q);
  return QINJECT_OK;
}

/* the body, where a line "." alone ends the message (sendmail without
 * -i); 0, -1 write error, -2 read error */
static int qi_bodydot(struct qi *q, buf *out)
{
  enum { START, MID, DOT, DOTCR } st = START;
  for (;;) {
    ssize_t r = buf_feed(&q->in);
    const char *x, *e;
    size_t n, k = 0, from = 0;   /* x[from..k) is still to be written */
    if (r < 0) { q->ioerr = errno; return -2; }
    if (r == 0) return 0;        /* a "." (or ".\r") that ends the input goes too */
    x = buf_peek(&q->in);
    n = (size_t)r;
    while (k < n) {
      char c = x[k];
      if (st == MID) {
        e = memchr(x + k, '\n', n - k);
        if (!e) { k = n; break; }
        k = (size_t)(e - x) + 1;
        st = START;
      } else if (st == START) {
        if (c == '.') {
          if (buf_put(out, x + from, k - from) == -1) return -1;
          from = k + 1;
          st = DOT;
        } else st = c == '\n' ? START : MID;
        ++k;
      } else if (c == '\n') {
        return 0;                /* the line "." ends the message */
      } else if (st == DOT && c == '\r') {
        from = ++k;
        st = DOTCR;
      } else {                   /* not the end after all: the dot is data */
        if (buf_puts(out, st == DOT ? "." : ".\r") == -1) return -1;
        from = k;
        st = MID;
      }
    }
    if (buf_put(out, x + from, n - from) == -1) return -1;
    buf_seek(&q->in, n);
  }
}

/* the body as it comes; 0, -1 write error, -2 read error */
static int qi_body(struct qi *q, buf *out)
{
  if (q->eof) return 0;
  if (q->o->dotstop) return qi_bodydot(q, out);
  for (;;) {
    ssize_t r = buf_feed(&q->in);
    if (r < 0) { q->ioerr = errno; return -2; }
    if (r == 0) return 0;
    if (buf_put(out, buf_peek(&q->in), (size_t)r) == -1) return -1;
    buf_seek(&q->in, (size_t)r);
  }
}

/* the whole message to out, flushed; 0, -1 write error (errno in
 * q->ioerr), -2 read error */
static int qi_message(struct qi *q, buf *out)
{
  int r;
  if ((q->ho.text.len && buf_put(out, q->ho.text.s, q->ho.text.len) == -1) ||
      buf_puts(out, "\n") == -1 || (q->first.len && buf_put(out, q->first.s, q->first.len) == -1))
    r = -1;
  else r = qi_body(q, out);
  if (r == 0 && buf_flush(out) == -1) r = -1;
  if (r == -1) q->ioerr = errno;
  return r;
}

static enum qinject_status qi_print(struct qi *q, char *space)
{
  buf out;
  int r;
  buf_init(&out, buf_fdwrite, 1, space, QI_BUFSIZE);
  r = qi_message(q, &out);
  if (r == -2) return qi_why(q, QINJECT_TEMP, "unable to read the message: ", error_str(q->ioerr), (char *)0);
  if (r == -1) return qi_why(q, QINJECT_TEMP, "unable to write the message: ", error_str(q->ioerr), (char *)0);
  return QINJECT_OK;
}

/* what the queue program's end means, in q->r */
static enum qinject_status qi_qqend(struct qi *q, const struct qqprog_end *e)
{
  enum qinject_status st = e->cls == QQPROG_PERM ? QINJECT_PERM : QINJECT_TEMP;
  char num[FMT_ULONG];
  if (e->crashed) return qi_why(q, QINJECT_TEMP, "the queue program crashed", (char *)0);
  if (e->custom) return qi_why(q, st, e->text, (char *)0);
  num[fmt_ulong(num, (unsigned long)e->code)] = 0;
  return qi_why(q, st, qq_str(e->code), " (exit ", num, ")", (char *)0);
}

/* hand the message to the queue program. When the message is cut short
 * no envelope is sent, so that the queue program refuses all of it. */
static enum qinject_status qi_queue(struct qi *q, char *space)
{
  static const struct qqprog_how how = { 0, 0, QQPROG_CUSTOM };
  struct qqprog qr;
  struct qqprog_end e;
  buf out;
  int r;
  if (!qqprog_path(&q->qprog, paths_get(&q->ps, PATHS_PREFIX)) ||
      !qqprog_envelope(&q->env, q->sender.s, str_len(q->sender.s), q->rcpts.list.s,
                       q->rcpts.list.len))
    return qi_nomem(q);
  if (qqprog_start(&qr, q->qprog.s, &how) == -1)
    return qi_why(q, QINJECT_TEMP, "unable to run ", q->qprog.s, ": ", error_str(errno), (char *)0);
  buf_init(&out, buf_fdwrite, qr.msgfd, space, QI_BUFSIZE);
  r = qi_message(q, &out);
  if (qqprog_close(&qr, r == 0 ? &q->env : 0, &e) == -1)
    return qi_why(q, QINJECT_TEMP, "unable to wait for the queue program: ", error_str(errno),
                  (char *)0);
  if (r == -2)
    return qi_why(q, QINJECT_TEMP, "unable to read the message: ", error_str(q->ioerr), (char *)0);
  if ((r == -1 || qr.werr) && e.cls == QQPROG_OK)
    return qi_why(q, QINJECT_TEMP, "unable to write to the queue program: ",
                  error_str(r == -1 ? q->ioerr : qr.werr), (char *)0);
  if (e.cls != QQPROG_OK) return qi_qqend(q, &e);
  return q->r->status;
}

static void qi_release(struct qi *q)
{
  paths_free(&q->ps);
  if (q->ctlloaded) cfg_free(qi_table, QI_NCTL, &q->ctl);
  stralloc_free(&q->defhost);
  stralloc_free(&q->user);
  stralloc_free(&q->host);
  stralloc_free(&q->sender);
  stralloc_free(&q->msgid);
  stralloc_free(&q->qprog);
  stralloc_free(&q->env);
  constmap_free(&q->mft);
  stralloc_free(&q->mftdata);
  hdr_free(&q->h, &q->ho);
  stralloc_free(&q->line);
  stralloc_free(&q->first);
  rcptset_free(&q->rcpts);
  addrlist_free(&q->al);
}

enum qinject_status qinject_run(const struct qinject_opts *o, struct qinject_result *r)
{
  struct qi q;
  char *space = malloc(2 * (size_t)QI_BUFSIZE);
  enum qinject_status st;
  memset(&q, 0, sizeof q);
  q.o = o;
  q.r = r;
  r->status = QINJECT_OK;
  qi_fds();
  if (sig_ignore(SIGPIPE) == -1) {}
  if (!space) return qi_nomem(&q);
  buf_init(&q.in, buf_fdread, 0, space, QI_BUFSIZE);
  st = qi_config(&q);
  if (!st) st = qi_identity(&q);
  if (!st) st = qi_stamps(&q);
  if (!st) st = qi_header(&q);
  if (!st) st = qi_rules(&q);
  if (!st) st = qi_sender(&q);
  if (!st) st = qi_recipients(&q);
  if (!st) st = o->print ? qi_print(&q, space + QI_BUFSIZE) : qi_queue(&q, space + QI_BUFSIZE);
  qi_release(&q);
  free(space);
  return st;
}

int qinject_ctlprint(const char *controldir, buf *b, stralloc *err)
{
  struct qi_ctl ctl;
  int r;
  if (cfg_load(qi_table, QI_NCTL, &ctl, controldir, err) == -1) return -1;
  r = cfg_print(qi_table, QI_NCTL, &ctl, b);
  cfg_free(qi_table, QI_NCTL, &ctl);
  return r;
}

/* qmail-local.c — deliver or forward one message as its .qmail file says
 * (qmail-local(8), dot-qmail(5), qmail-command(8)).
 *
 * Runs as the recipient, started by qmail-lspawn with the message (a
 * seekable file) on fd 0:
 *   qmail-local [-nN] -- user homedir local dash ext domain sender defaultdelivery
 * Its report goes to descriptors 1 and 2; the exit code is the result:
 * 0 delivered, 100 permanent failure (bounce), 111 temporary failure. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "control.h"
#include "dotqmail.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "getln.h"
#include "mbox.h"
#include "open.h"
#include "paths.h"
#include "qlenv.h"
#include "qlmaildir.h"
#include "qlrun.h"
#include "qqprog.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define USAGE "qmail-local: usage: qmail-local [-nN] -- user homedir local dash ext domain sender defaultdelivery"

struct ql {
  int doit;                  /* 1: deliver (-N); 0: describe (-n) */
  const char *user, *home, *local, *dash, *ext, *host, *sender, *defaultdelivery;
  struct paths ps;
  stralloc safeext, qmfn, cmds, tmp;
  stralloc dtline, rpline, ufline, head, newsender;
  stralloc fwd;              /* the forward addresses, each ended by a NUL */
  stralloc envelope;
  size_t defat;              /* DEFAULT's place in ext, or DOTQMAIL_NODEFAULT */
  int found;                 /* a .qmail file was found */
  int forwardonly;           /* it has the execute bit: forwards only */
  env_builder env;
  unsigned long nfile, nforward, nprogram;
  pid_t qp;                  /* the queue program of the forward */
};

static void __attribute__((noreturn)) nomem(void)
{
  strerr_die(EXIT_TEMP, "Out of memory. (#4.3.0)", (char *)0);
}

static void __attribute__((noreturn)) usage(void)
{
  strerr_die(EXIT_PERM, USAGE, (char *)0);
}

/* flush what we said so far, before a child writes to the same place */
static void flush_out(void)
{
  if (buf_flush(buf_1) == -1)
    strerr_die(EXIT_TEMP, "Unable to write the report: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
}

static void say(const char *kind, const char *arg, size_t len)
{
  if (buf_puts(buf_1, kind) == -1 || buf_put(buf_1, arg, len) == -1 || buf_puts(buf_1, "\n") == -1)
    flush_out();
}

/* the options and the eight arguments */
static void ql_args(struct ql *q, int argc, char **argv)
{
  int i = 1;
  q->doit = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; ++i) {
    if (str_equal(argv[i], "--")) { ++i; break; }
    for (const char *o = argv[i] + 1; *o; ++o) {
      if (*o == 'n') q->doit = 0;
      else if (*o == 'N') q->doit = 1;
      else usage();
    }
  }
  if (argc - i != 8) usage();
  q->user = argv[i]; q->home = argv[i + 1]; q->local = argv[i + 2];
  q->dash = argv[i + 3]; q->ext = argv[i + 4]; q->host = argv[i + 5];
  q->sender = argv[i + 6]; q->defaultdelivery = argv[i + 7];
  if (q->home[0] != '/') usage();
}

/* enter the home directory, which must be safe to take orders from */
static void ql_home(struct ql *q)
{
  struct stat st;
  if (chdir(q->home) == -1)
    strerr_die(EXIT_TEMP, "Unable to switch to ", q->home, ": ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  if (stat(".", &st) == -1)
    strerr_die(EXIT_TEMP, "Unable to stat the home directory: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    strerr_die(EXIT_TEMP, "The home directory is group- or world-writable: "
               "refusing to deliver. (#4.7.0)", (char *)0);
  if (st.st_mode & S_ISVTX) {
    if (q->doit)
      strerr_die(EXIT_TEMP, "The home directory is sticky: its owner is editing "
                 "the .qmail files. (#4.2.1)", (char *)0);
    strerr_warn("Warning: the home directory is sticky.", (char *)0);
  }
}

/* the Delivered-To loop check over the header on fd 0 (maxdeliveredto) */
static void ql_loopcheck(struct ql *q)
{
  char space[BUF_INSIZE];
  buf b;
  int match, max = 0;
  unsigned long seen = 0;
  if (!stralloc_copys(&q->tmp, paths_get(&q->ps, PATHS_CONTROLDIR)) ||
      !stralloc_cats(&q->tmp, "/maxdeliveredto") || !stralloc_0(&q->tmp))
    nomem();
  if (control_readint(&max, q->tmp.s) == -1)
    strerr_die(EXIT_TEMP, "Unable to read ", q->tmp.s, ": ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  if (lseek(0, 0, SEEK_SET) == -1)
    strerr_die(EXIT_TEMP, "Unable to rewind the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  buf_init(&b, buf_fdread, 0, space, sizeof space);
  for (;;) {
    if (getln(&b, &q->tmp, &match, '\n', q->dtline.len + 1) == -1) {
      if (errno == EMSGSIZE && getln_skip(&b, '\n') == 0) continue;
      strerr_die(EXIT_TEMP, "Unable to read the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
    }
    if (!match || q->tmp.len <= 1 || (q->tmp.len == 2 && q->tmp.s[0] == '\r')) break;
    if (qlenv_isdtline(q->tmp.s, q->tmp.len, &q->dtline)) ++seen;
    if (max >= 0 && seen > (unsigned long)max)
      strerr_die(EXIT_PERM, "Mail loop: the message already has my Delivered-To line. (#5.4.6)",
                 (char *)0);
  }
}

/* open name; 1 when it is a .qmail file to follow (its text in q->cmds) */
static int ql_tryfile(struct ql *q, const char *name)
{
  struct stat st;
  int fd = open_read(name);
  if (fd == -1) {
    if (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG) return 0;
    strerr_die(EXIT_TEMP, "Unable to open ", name, ": ", STRERR_SYS, ". (#4.2.1)", (char *)0);
  }
  if (fstat(fd, &st) == -1)
    strerr_die(EXIT_TEMP, "Unable to stat ", name, ": ", STRERR_SYS, ". (#4.2.1)", (char *)0);
  if (!S_ISREG(st.st_mode)) { close(fd); return 0; }
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    strerr_die(EXIT_TEMP, "The file ", name, " is group- or world-writable: "
               "refusing to follow it. (#4.7.0)", (char *)0);
  q->forwardonly = (st.st_mode & S_IXUSR) != 0;
  q->cmds.len = 0;
  for (;;) {
    ssize_t n;
    if (!stralloc_readyplus(&q->cmds, 8192)) nomem();
    n = read(fd, q->cmds.s + q->cmds.len, 8192);
    if (n == -1 && errno == EINTR) continue;
    if (n == -1)
      strerr_die(EXIT_TEMP, "Unable to read ", name, ": ", STRERR_SYS, ". (#4.2.1)", (char *)0);
    if (n == 0) break;
    q->cmds.len += (size_t)n;
    if (q->cmds.len > DOTQMAIL_FILE_MAX)
      strerr_die(EXIT_TEMP, "The file ", name, " is too big. (#4.2.1)", (char *)0);
  }
  close(fd);
  return 1;
}

/* find the .qmail file that controls the address */
static void ql_search(struct ql *q)
{
  struct dotqmail_cascade c;
  size_t defat;
  int r;
  dotqmail_cascade_init(&c, q->dash, q->safeext.s, q->safeext.len);
  while ((r = dotqmail_cascade_next(&c, &q->qmfn, &defat)) == 1) {
    if (ql_tryfile(q, q->qmfn.s)) {
      q->found = 1;
      q->defat = defat;
      return;
    }
  }
  if (r == -1) nomem();
  q->defat = DOTQMAIL_NODEFAULT;
  if (*q->dash)
    strerr_die(EXIT_PERM, "No mailbox here by that name. (#5.1.1)", (char *)0);
}

/* 1 when .qmail<dash><ext><suffix> exists */
static int ql_exists(struct ql *q, const char *suffix)
{
  struct stat st;
  if (!stralloc_copys(&q->tmp, ".qmail") || !stralloc_cats(&q->tmp, q->dash) ||
      !stralloc_cat(&q->tmp, &q->safeext) || !stralloc_cats(&q->tmp, suffix) ||
      !stralloc_0(&q->tmp))
    nomem();
  if (stat(q->tmp.s, &st) == 0) return 1;
  if (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG) return 0;
  strerr_die(EXIT_TEMP, "Unable to stat ", q->tmp.s, ": ", STRERR_SYS, ". (#4.2.1)", (char *)0);
}

/* the envelope lines, NEWSENDER and the program environment */
static void ql_envelope(struct ql *q)
{
  int owner = 0, ownerdefault = 0;
  struct qlenv v;
  if (*q->sender && !str_equal(q->sender, "#@[]") && ql_exists(q, "-owner")) {
    owner = 1;
    ownerdefault = ql_exists(q, "-owner-default");
  }
  if (!qlenv_newsender(&q->newsender, q->sender, q->local, q->host, owner, ownerdefault) ||
      !stralloc_0(&q->newsender) || !qlenv_rpline(&q->rpline, q->sender) ||
      !qlenv_ufline(&q->ufline, q->sender, time(0)))
    nomem();
  v.user = q->user; v.home = q->home; v.local = q->local; v.ext = q->ext;
  v.host = q->host; v.sender = q->sender; v.newsender = q->newsender.s;
  v.defat = q->defat;
  v.dtline = &q->dtline; v.rpline = &q->rpline; v.ufline = &q->ufline;
  if (!env_init(&q->env, 1) || !qlenv_build(&q->env, &v)) nomem();
}

/* die about line l of the instructions */
static void __attribute__((noreturn)) ql_badline(struct ql *q, const struct dotqmail_line *l,
                                                 const char *why)
{
  char num[FMT_ULONG];
  num[fmt_sizet(num, l->lineno)] = 0;
  strerr_die(EXIT_TEMP, q->found ? q->qmfn.s : "the default delivery", ", line ", num,
             ": ", why, ". (#4.7.0)", (char *)0);
}

/* check every line before following any: no delivery is made from a file
 * that would fail part way for a reason known in advance */
static void ql_check(struct ql *q)
{
  struct dotqmail_line l = { DOTQMAIL_BLANK, 0, 0, 0 };
  size_t pos = 0;
  if (!q->cmds.len) {
    if (!stralloc_copys(&q->cmds, q->defaultdelivery)) nomem();
    q->forwardonly = 0;
    q->found = 0;
  }
  if (!q->cmds.len)
    strerr_die(EXIT_TEMP, "No delivery instructions: the default delivery is empty. (#4.3.0)",
               (char *)0);
  while (dotqmail_next(q->cmds.s, q->cmds.len, &pos, &l)) {
    if (l.kind == DOTQMAIL_BLANK && l.lineno == 1) ql_badline(q, &l, "the first line is blank");
    if (l.kind == DOTQMAIL_BAD) ql_badline(q, &l, l.arg);
    if (q->forwardonly && (l.kind == DOTQMAIL_PROGRAM || l.kind == DOTQMAIL_MBOX ||
                           l.kind == DOTQMAIL_MAILDIR))
      ql_badline(q, &l, "the execute bit allows only forwards here");
  }
}

/* report a failed file delivery and die */
static void __attribute__((noreturn)) ql_filefail(const char *what, const char *path)
{
  const char *code = errno == EDQUOT || errno == ENOSPC ? ". (#4.2.2)" : ". (#4.2.1)";
  strerr_die(EXIT_TEMP, "Delivery to ", path, " failed: ", what, ": ", STRERR_SYS, code, (char *)0);
}

/* one mbox or Maildir line */
static void ql_file(struct ql *q, const struct dotqmail_line *l)
{
  const char *what;
  int r;
  if (!stralloc_copyb(&q->tmp, l->arg, l->len) || !stralloc_0(&q->tmp)) nomem();
  if (!q->doit) {
    say(l->kind == DOTQMAIL_MAILDIR ? "maildir " : "mbox ", l->arg, l->len);
    ++q->nfile;
    return;
  }
  q->head.len = 0;
  if (l->kind == DOTQMAIL_MBOX && !stralloc_cat(&q->head, &q->ufline)) nomem();
  if (!stralloc_cat(&q->head, &q->rpline) || !stralloc_cat(&q->head, &q->dtline)) nomem();
  if (l->kind == DOTQMAIL_MAILDIR)
    r = qlmaildir_deliver(q->tmp.s, 0, q->head.s, q->head.len, &what);
  else
    r = mbox_deliver(q->tmp.s, 0, q->head.s, q->head.len, MBOX_LOCK_SECONDS, &what);
  if (r == -1) ql_filefail(what, q->tmp.s);
  ++q->nfile;
}

/* one program line; 1 when it asked to skip the rest of the file */
static int ql_program(struct ql *q, const struct dotqmail_line *l)
{
  int status;
  if (!q->doit) {
    say("program ", l->arg, l->len);
    ++q->nprogram;
    return 0;
  }
  if (!stralloc_copyb(&q->tmp, l->arg, l->len) || !stralloc_0(&q->tmp)) nomem();
  flush_out();
  if (qlrun_program(q->tmp.s, env_array(&q->env), 0, &status) == -1)
    strerr_die(EXIT_TEMP, "Unable to run a program: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  switch (qlrun_status(status)) {
  case QLRUN_OK: ++q->nprogram; return 0;
  case QLRUN_STOP: ++q->nprogram; return 1;
  case QLRUN_PERM: _exit(EXIT_PERM);
  case QLRUN_CRASH:
    strerr_die(EXIT_TEMP, "The program was killed by a signal. (#4.3.0)", (char *)0);
  case QLRUN_TEMP: break;
  }
  _exit(EXIT_TEMP);
}

/* follow the instructions, forwards collected for the end */
static void ql_follow(struct ql *q)
{
  struct dotqmail_line l = { DOTQMAIL_BLANK, 0, 0, 0 };
  size_t pos = 0;
  while (dotqmail_next(q->cmds.s, q->cmds.len, &pos, &l)) {
    switch (l.kind) {
    case DOTQMAIL_MBOX: case DOTQMAIL_MAILDIR: ql_file(q, &l); break;
    case DOTQMAIL_PROGRAM: if (ql_program(q, &l)) return; break;
    case DOTQMAIL_FORWARD:
      if (!q->doit) say("forward ", l.arg, l.len);
      else if (!stralloc_catb(&q->fwd, l.arg, l.len) || !stralloc_0(&q->fwd)) nomem();
      ++q->nforward;
      break;
    case DOTQMAIL_BLANK: case DOTQMAIL_COMMENT: case DOTQMAIL_BAD: break;
    }
  }
}

/* die unless the queue program took the forward */
static void ql_qqend(const struct qqprog *qq, const struct qqprog_end *e)
{
  const char *code = e->cls == QQPROG_PERM ? ". (#5.3.0)" : ". (#4.3.0)";
  if (e->cls == QQPROG_OK && !qq->werr) return;
  if (e->cls == QQPROG_OK) {
    errno = qq->werr;
    strerr_die(EXIT_TEMP, "Unable to forward the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  }
  if (e->crashed)
    strerr_die(EXIT_TEMP, "Unable to forward the message: the queue program crashed. (#4.3.0)",
               (char *)0);
  /* exit 88: the queue program (a filter, say) gave its own answer */
  if (e->custom)
    strerr_die(e->cls == QQPROG_PERM ? EXIT_PERM : EXIT_TEMP, "Unable to forward the message: ",
               e->text, (char *)0);
  strerr_die(e->cls == QQPROG_PERM ? EXIT_PERM : EXIT_TEMP, "Unable to forward the message: ",
             qq_str(e->code), code, (char *)0);
}

/* inject one copy for every forward address, with our Delivered-To line */
static void ql_forward(struct ql *q)
{
  static const struct qqprog_how how = { "Unable to run ", ". (#4.3.0)", QQPROG_CUSTOM | QQPROG_CLEAN };
  struct qqprog qq;
  struct qqprog_end e;
  if (!q->doit || !q->fwd.len) return;
  if (!qqprog_path(&q->tmp, paths_get(&q->ps, PATHS_PREFIX)) ||
      !qqprog_envelope(&q->envelope, q->newsender.s, str_len(q->newsender.s), q->fwd.s, q->fwd.len))
    nomem();
  if (lseek(0, 0, SEEK_SET) == -1)
    strerr_die(EXIT_TEMP, "Unable to rewind the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  flush_out();
  if (qqprog_start(&qq, q->tmp.s, &how) == -1)
    strerr_die(EXIT_TEMP, "Unable to forward the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  q->qp = qq.pid;
  qqprog_put(&qq, q->dtline.s, q->dtline.len);
  if (qqprog_copy(&qq, 0) == -1)
    strerr_die(EXIT_TEMP, "Unable to read the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  if (qqprog_close(&qq, &q->envelope, &e) == -1)
    strerr_die(EXIT_TEMP, "Unable to forward the message: ", STRERR_SYS, ". (#4.3.0)", (char *)0);
  ql_qqend(&qq, &e);
}

/* "did FILES+FORWARDS+PROGRAMS", then "qp PID" after a forward */
static void ql_summary(struct ql *q)
{
  if (!stralloc_copys(&q->tmp, "did ") || !stralloc_catulong0(&q->tmp, q->nfile, 0) ||
      !stralloc_append(&q->tmp, '+') || !stralloc_catulong0(&q->tmp, q->nforward, 0) ||
      !stralloc_append(&q->tmp, '+') || !stralloc_catulong0(&q->tmp, q->nprogram, 0) ||
      !stralloc_append(&q->tmp, '\n'))
    nomem();
  if (q->qp && (!stralloc_cats(&q->tmp, "qp ") ||
                !stralloc_catulong0(&q->tmp, (unsigned long long)q->qp, 0) ||
                !stralloc_append(&q->tmp, '\n')))
    nomem();
  if (buf_put(buf_1, q->tmp.s, q->tmp.len) == -1) flush_out();
  flush_out();
}

/* descriptors 1 and 2 must be open, so that no file lands on them */
static void ql_fds(void)
{
  for (int fd = 1; fd <= 2; ++fd)
    if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_WRONLY) != fd) _exit(EXIT_TEMP);
}

int main(int argc, char **argv)
{
  static struct ql q;
  umask(077);
  signal(SIGPIPE, SIG_IGN);
  ql_fds();
  ql_args(&q, argc, argv);
  if (paths_init(&q.ps) == -1)
    strerr_die(EXIT_TEMP, "Unable to set up ", q.ps.bad ? q.ps.bad : "the paths", ": ",
               STRERR_SYS, ". (#4.3.0)", (char *)0);
  ql_home(&q);
  if (!qlenv_dtline(&q.dtline, q.local, q.host)) nomem();
  if (q.doit) ql_loopcheck(&q);
  if (!dotqmail_safeext(&q.safeext, q.ext, str_len(q.ext))) nomem();
  ql_search(&q);
  ql_envelope(&q);
  ql_check(&q);
  ql_follow(&q);
  ql_forward(&q);
  ql_summary(&q);
  return 0;
}

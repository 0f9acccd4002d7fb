/* qmail-getpw.c — print the user who controls a local address (qmail-getpw(8)). */
#include <errno.h>

#include "buf.h"
#include "exitcode.h"
#include "fmt.h"
#include "paths.h"
#include "qgetpw.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-getpw: fatal: "

struct getpw {
  struct paths ps;
  stralloc cdb;                 /* ASSIGNDIR/cdb */
  stralloc aliashome;           /* QMAILHOME/alias, for a private instance */
  struct qgetpw_ctl ctl;
  struct qgetpw pw;
  stralloc out;
};

/* out = user NUL uid NUL gid NUL home NUL dash NUL ext NUL */
static int format(stralloc *out, const struct qgetpw *pw)
{
  char num[FMT_ULONG];
  return stralloc_copyb(out, pw->user.s, pw->user.len) && stralloc_0(out) &&
         stralloc_catb(out, num, fmt_ulong(num, (unsigned long)pw->uid)) && stralloc_0(out) &&
         stralloc_catb(out, num, fmt_ulong(num, (unsigned long)pw->gid)) && stralloc_0(out) &&
         stralloc_catb(out, pw->home.s, pw->home.len) && stralloc_0(out) &&
         stralloc_catb(out, pw->dash.s, pw->dash.len) && stralloc_0(out) &&
         stralloc_catb(out, pw->ext.s, pw->ext.len) && stralloc_0(out);
}

int main(int argc, char **argv)
{
  static struct getpw g = { .pw = QGETPW_ZERO };
  size_t len;
  int r;
  if (argc != 2) strerr_die(EXIT_PERM, "qmail-getpw: usage: qmail-getpw local", NULL);
  len = str_len(argv[1]);
  if (len > QGETPW_LOCAL_MAX) strerr_die(EXIT_PERM, FATAL, "local part too long", NULL);
  if (paths_init(&g.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", g.ps.bad ? g.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  if (!qgetpw_ctl_init(&g.ctl, &g.ps, &g.cdb, &g.aliashome))
    strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  r = qgetpw_lookup(&g.ctl, argv[1], len, &g.pw);
  if (r == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to look up ", argv[1], " in ",
               g.pw.what ? g.pw.what : "the user databases", ": ", STRERR_SYS, NULL);
  if (r == 0) strerr_die(EXIT_PERM, FATAL, "no user for ", argv[1], " and no alias user", NULL);
  if (!format(&g.out, &g.pw)) strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  if (buf_putflush(buf_1, g.out.s, g.out.len) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
  return EXIT_OK;
}

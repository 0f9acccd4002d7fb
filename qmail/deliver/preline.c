/* preline.c — feed the message to a command with qmail-local's From_,
 * Return-Path and Delivered-To lines put in front of it. */
#include <errno.h>
#include <signal.h>

#include "env.h"
#include "exitcode.h"
#include "qhrun.h"
#include "sig.h"
#include "stralloc.h"
#include "strerr.h"
#include "wait.h"

#define FATAL "preline: fatal: "
#define USAGE "preline: usage: preline [ -dfrDFR ] command [ arg ... ]"

struct preline {
  int ufline, rpline, dtline;   /* 1: put this line in front */
  stralloc head;
};

static void __attribute__((noreturn)) usage(char c)
{
  char opt[2];
  opt[0] = c;
  opt[1] = 0;
  if (c) strerr_warn("preline: illegal option -- ", opt, (char *)0);
  strerr_die(EXIT_PERM, USAGE, (char *)0);
}

/* the options before the command; returns the command's index */
static int options(struct preline *p, int argc, char **argv)
{
  int i;
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; ++i) {
    const char *a = argv[i] + 1;
    if (a[0] == '-' && !a[1]) return i + 1;
    for (; *a; ++a)
      switch (*a) {
      case 'f': p->ufline = 0; break;
      case 'r': p->rpline = 0; break;
      case 'd': p->dtline = 0; break;
      case 'F': p->ufline = 1; break;
      case 'R': p->rpline = 1; break;
      case 'D': p->dtline = 1; break;
      default: usage(*a);
      }
  }
  return i;
}

/* add $name to the head when on is 1 */
static void add(struct preline *p, int on, const char *name)
{
  const char *v;
  if (!on) return;
  v = env_get(name);
  if (!v) strerr_die(EXIT_PERM, FATAL, name, " not set", (char *)0);
  if (!stralloc_cats(&p->head, v)) strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
}

int main(int argc, char **argv)
{
  struct preline p = { 1, 1, 1, STRALLOC_ZERO };
  int i = options(&p, argc, argv), status, readerr;
  if (i >= argc) usage(0);
  add(&p, p.ufline, "UFLINE");
  add(&p, p.rpline, "RPLINE");
  add(&p, p.dtline, "DTLINE");
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  if (qhrun_feed(argv + i, FATAL, p.head.s, p.head.len, 0, &status, &readerr) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", argv[i], ": ", STRERR_SYS, (char *)0);
  stralloc_free(&p.head);
  if (readerr) {
    errno = readerr;
    strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, (char *)0);
  }
  if (wait_crashed(status)) strerr_die(EXIT_TEMP, FATAL, "child crashed", (char *)0);
  return wait_exitcode(status);
}

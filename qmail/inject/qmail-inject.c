/* qmail-inject.c — preprocess a message's header and queue the message. */
#include <string.h>

#include "exitcode.h"
#include "injopt.h"
#include "qinject.h"
#include "strerr.h"

#define FATAL "qmail-inject: fatal: "
#define USAGE "qmail-inject: usage: qmail-inject [ -nNaAhH ] [ -f sender ] [ -F name ] [ recip ... ]"

struct inject {
  struct qinject_opts o;
  struct qinject_result r;
};

static void __attribute__((noreturn)) inject_usage(const char *why, const char *opt)
{
  strerr_warn("qmail-inject: ", why, opt, (char *)0);
  strerr_die(EXIT_PERM, USAGE, (char *)0);
}

/* the options, getopt style ("-nH", "-fsender", "-f sender", "--") */
static void inject_options(struct inject *in, int argc, char **argv)
{
  struct injopt s;
  const char *v;
  int c;
  injopt_init(&s, argc, argv);
  while ((c = injopt_next(&s, "f:F:nNaAhH", &v)) != INJOPT_END) {
    switch (c) {
    case 'f': in->o.sender = v; break;
    case 'F': in->o.name = v; break;
    case 'n': in->o.print = 1; break;
    case 'N': in->o.print = 0; break;
    case 'a': in->o.rcpts = QINJECT_ARGS; break;
    case 'A': in->o.rcpts = QINJECT_ARGS_ELSE_HEADER; break;
    case 'h': in->o.rcpts = QINJECT_HEADER; break;
    case 'H': in->o.rcpts = QINJECT_BOTH; break;
    case INJOPT_NOVALUE: inject_usage("option requires an argument -- ", s.bad);
    default: inject_usage("illegal option -- ", s.bad);
    }
  }
  in->o.args = argv + s.ind;
  in->o.nargs = (size_t)(argc - s.ind);
}

int main(int argc, char **argv)
{
  struct inject in;
  memset(&in, 0, sizeof in);
  in.o.prog = "qmail-inject";
  in.o.rcpts = QINJECT_ARGS_ELSE_HEADER;
  inject_options(&in, argc, argv);
  switch (qinject_run(&in.o, &in.r)) {
  case QINJECT_OK: return EXIT_OK;
  case QINJECT_TEMP:
    strerr_die(EXIT_TEMP, FATAL, in.r.why.s ? in.r.why.s : "out of memory", (char *)0);
  default:
    strerr_die(EXIT_PERM, FATAL, in.r.why.s ? in.r.why.s : "out of memory", (char *)0);
  }
}

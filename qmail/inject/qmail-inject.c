/* qmail-inject.c — preprocess a message's header and queue the message. */
#include <string.h>

#include "exitcode.h"
#include "qinject.h"
#include "strerr.h"

#define FATAL "qmail-inject: fatal: "
#define USAGE "qmail-inject: usage: qmail-inject [ -nNaAhH ] [ -f sender ] [ -F name ] [ recip ... ]"

struct inject {
  struct qinject_opts o;
  struct qinject_result r;
};

static void __attribute__((noreturn)) inject_usage(const char *why, char c)
{
  char opt[2];
  opt[0] = c;
  opt[1] = 0;
  strerr_warn("qmail-inject: ", why, opt, (char *)0);
  strerr_die(EXIT_PERM, USAGE, (char *)0);
}

/* the options, getopt style ("-nH", "-fsender", "-f sender", "--") */
static void inject_options(struct inject *in, int argc, char **argv)
{
  int i;
  for (i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (a[0] != '-' || !a[1]) break;
    if (!strcmp(a, "--")) { ++i; break; }
    for (++a; *a; ++a) {
      char c = *a;
      if (c == 'f' || c == 'F') {
        const char *v = a[1] ? a + 1 : argv[++i];
        if (!v) inject_usage("option requires an argument -- ", c);
        if (c == 'f') in->o.sender = v;
        else in->o.name = v;
        break;
      }
      if (c == 'n') in->o.print = 1;
      else if (c == 'N') in->o.print = 0;
      else if (c == 'a') in->o.rcpts = QINJECT_ARGS;
      else if (c == 'A') in->o.rcpts = QINJECT_ARGS_ELSE_HEADER;
      else if (c == 'h') in->o.rcpts = QINJECT_HEADER;
      else if (c == 'H') in->o.rcpts = QINJECT_BOTH;
      else inject_usage("illegal option -- ", c);
    }
  }
  in->o.args = argv + i;
  in->o.nargs = (size_t)(argc - i);
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

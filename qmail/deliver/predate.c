/* predate.c — feed standard input to a program with a Date field for now,
 * in local time, put in front of it. */
#include <errno.h>
#include <signal.h>
#include <time.h>

#include "byte.h"
#include "date822.h"
#include "exitcode.h"
#include "qhrun.h"
#include "sig.h"
#include "strerr.h"
#include "wait.h"

#define FATAL "predate: fatal: "
#define USAGE "predate: usage: predate program [ arg ... ]"

struct predate {
  char line[8 + DATE822_FMT];   /* "Date: " date "\n" */
  size_t len;
};

int main(int argc, char **argv)
{
  struct predate d;
  size_t n;
  int status, readerr;
  if (argc < 2) strerr_die(EXIT_PERM, USAGE, (char *)0);
  byte_copy(d.line, 6, "Date: ");
  n = date822_fmt(d.line + 6, sizeof d.line - 6, time((time_t *)0), 1);
  if (!n) strerr_die(EXIT_TEMP, FATAL, "unable to format the date: ", STRERR_SYS, (char *)0);
  d.line[6 + n] = '\n';
  d.len = 7 + n;
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  if (qhrun_feed(argv + 1, FATAL, d.line, d.len, 0, &status, &readerr) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", argv[1], ": ", STRERR_SYS, (char *)0);
  if (readerr) {
    errno = readerr;
    strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, (char *)0);
  }
  if (wait_crashed(status)) strerr_die(EXIT_TEMP, FATAL, "child crashed", (char *)0);
  return wait_exitcode(status);
}

/* except.c — run a program and turn its exit code around: 0 becomes 100
 * (a bounce), 111 stays 111, anything else becomes 0. */

#include "exitcode.h"
#include "qhrun.h"
#include "strerr.h"

#define FATAL "except: fatal: "
#define USAGE "except: usage: except program [ arg ... ]"

int main(int argc, char **argv)
{
  int status;
  if (argc < 2) strerr_die(EXIT_PERM, USAGE, (char *)0);
  if (qhrun_wait(argv + 1, "except: warning: ", &status) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", argv[1], ": ", STRERR_SYS, (char *)0);
  switch (qhrun_verdict(status)) {
  case QHRUN_ZERO: return EXIT_PERM;
  case QHRUN_TEMP: return EXIT_TEMP;
  case QHRUN_CRASH: strerr_die(EXIT_TEMP, FATAL, "child crashed", (char *)0);
  case QHRUN_OTHER: break;
  }
  return EXIT_OK;
}

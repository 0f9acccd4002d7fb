/* bouncesaying.c — bounce the message with a given text, always or when a
 * program run on the message exits 0. */
#include <unistd.h>

#include "exitcode.h"
#include "qhrun.h"
#include "strerr.h"

#define FATAL "bouncesaying: fatal: "
#define USAGE "bouncesaying: usage: bouncesaying error [ program [ arg ... ] ]"

/* run the program; returns only when it exited 0 */
static void test_message(char **argv)
{
  int status;
  if (qhrun_wait(argv, "bouncesaying: warning: ", &status) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
  switch (qhrun_verdict(status)) {
  case QHRUN_ZERO: return;
  case QHRUN_CRASH: strerr_die(EXIT_TEMP, FATAL, "child crashed", (char *)0);
  case QHRUN_TEMP: strerr_die(EXIT_TEMP, FATAL, "temporary child error", (char *)0);
  case QHRUN_OTHER: break;
  }
  _exit(EXIT_OK);
}

int main(int argc, char **argv)
{
  if (argc < 2) strerr_die(EXIT_PERM, USAGE, (char *)0);
  if (argc > 2) test_message(argv + 2);
  strerr_die(EXIT_PERM, argv[1], (char *)0);
}

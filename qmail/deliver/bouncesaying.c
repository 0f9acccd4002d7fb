/* bouncesaying.c — bounce the message with a given text, always or when a
 * program run on the message exits 0. */
#include <unistd.h>

#include "exitcode.h"
#include "qhrun.h"
#include "strerr.h"

#define FATAL "bouncesaying: fatal: "
#define USAGE "bouncesaying: usage: bouncesaying error [ program [ arg ... ] ]"

int main(int argc, char **argv)
{
  if (argc < 2) strerr_die(EXIT_PERM, USAGE, (char *)0);
  if (argc > 2) qhrun_test(argv + 2, "bouncesaying: warning: ", FATAL);
  strerr_die(EXIT_PERM, argv[1], (char *)0);
}

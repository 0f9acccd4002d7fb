/* pgrphack.c — run a program in a new session and process group
 * (pgrphack(8)). */
#include <unistd.h>

#include "exitcode.h"
#include "pathexec.h"
#include "strerr.h"

#define FATAL "pgrphack: fatal: "
#define USAGE "pgrphack: usage: pgrphack child"

int main(int argc, char **argv)
{
  if (argc < 2 || !argv[1]) strerr_die(EXIT_PERM, USAGE, (const char *)0);
  /* setsid fails only for a process that leads its process group
   * already; then the group is its own, which is what is wanted */
  if (setsid() == -1) (void)setpgid(0, 0);
  pathexec_run(argv[1], argv + 1, 0);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", argv[1], ": ", STRERR_SYS, (const char *)0);
}

/* argv0 — run a program under another 0th argument. */
#include "exitcode.h"
#include "pathexec.h"
#include "strerr.h"

int main(int argc, char **argv)
{
  if (argc < 3)
    strerr_die(EXIT_PERM, "argv0: usage: argv0 realname program [ arg ... ]", (char *)0);
  /* realname is looked up in PATH like any program name; argv[2] and the
   * arguments after it become the program's argument vector */
  pathexec_run(argv[1], argv + 2, 0);
  strerr_die(EXIT_TEMP, "argv0: fatal: unable to run ", argv[1], ": ", STRERR_SYS, (char *)0);
}

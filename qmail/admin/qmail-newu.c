/* qmail-newu.c — compile ASSIGNDIR/assign into ASSIGNDIR/cdb, atomically (qmail-newu(8)). */
#include "exitcode.h"
#include "paths.h"
#include "qgetpw.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-newu: fatal: "

int main(int argc, char **argv)
{
  struct paths ps;
  stralloc err = STRALLOC_ZERO;
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "qmail-newu: usage: qmail-newu", NULL);
  if (paths_init(&ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ps.bad ? ps.bad : "setting", ": ", STRERR_SYS, NULL);
  if (qgetpw_newu(paths_get(&ps, PATHS_ASSIGNDIR), &err)) {
    paths_free(&ps);
    return EXIT_OK;
  }
  if (!stralloc_0(&err)) strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  /* a bad line will be bad the next time too; anything else may pass */
  strerr_die(stralloc_starts(&err, "bad format") ? EXIT_PERM : EXIT_TEMP, FATAL, err.s, NULL);
}

/* mkusers.c — test helper: build ASSIGNDIR/cdb from ASSIGNDIR/assign, as qmail-newu does.
 * Usage: mkusers ASSIGNDIR. Exit 0 done, 111 with a message on failure. */
#include "qgetpw.h"
#include "strerr.h"

int main(int argc, char **argv)
{
  stralloc err = STRALLOC_ZERO;
  if (argc != 2) strerr_die(100, "mkusers: usage: mkusers ASSIGNDIR", NULL);
  if (!qgetpw_newu(argv[1], &err)) {
    if (!stralloc_0(&err)) strerr_die(111, "mkusers: fatal: out of memory", NULL);
    strerr_die(111, "mkusers: fatal: ", err.s, NULL);
  }
  stralloc_free(&err);
  return 0;
}

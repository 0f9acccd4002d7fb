/* qmail-tcpok.c — forget every remote host that timed out: clear each
 * queue's lock/tcpto. */
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "paths.h"
#include "qread.h"
#include "stralloc.h"
#include "strerr.h"
#include "tcpto.h"

#define FATAL "qmail-tcpok: fatal: "
#define WARNING "qmail-tcpok: warning: "

int main(int argc, char **argv)
{
  struct paths ps;
  stralloc dirs = STRALLOC_ZERO;
  stralloc fn = STRALLOC_ZERO;
  int trouble = 0;
  size_t n;
  const char *d;
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "qmail-tcpok: usage: qmail-tcpok", NULL);
  if (paths_init(&ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ps.bad ? ps.bad : "setting", ": ", STRERR_SYS, NULL);
  if (qread_queues(&ps, &dirs, &n) == -1) strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  d = dirs.s;
  for (size_t i = 0; i < n; ++i, d += strlen(d) + 1) {
    if (!stralloc_copys(&fn, d) || !stralloc_cats(&fn, "/lock/tcpto") || !stralloc_0(&fn))
      strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
    if (tcpto_clear(fn.s) == -1) {
      strerr_warn(WARNING, "unable to clear ", fn.s, ": ", STRERR_SYS, NULL);
      trouble = 1;
    }
  }
  _exit(trouble ? EXIT_TEMP : EXIT_OK);
}

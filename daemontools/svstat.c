/* svstat.c — print one line about each supervised service directory. */
#include "buf.h"
#include "exitcode.h"
#include "stralloc.h"
#include "strerr.h"
#include "svstatus.h"
#include "taia.h"

/* the exit status counts the services that are not up, up to this */
#define SVSTAT_EXIT_MAX 99

int main(int argc, char **argv)
{
  stralloc line = STRALLOC_ZERO;
  struct svstatus_desc d;
  struct taia now;
  int notup = 0;

  if (argc < 2) strerr_die(EXIT_PERM, "svstat: usage: svstat dir ...", NULL);
  for (int i = 1; i < argc; ++i) {
    svstatus_read(argv[i], &d);
    if (!svstatus_up(&d) && notup < SVSTAT_EXIT_MAX) ++notup;
    taia_now(&now);
    line.len = 0;
    if (!svstatus_line(&line, argv[i], &d, &now))
      strerr_die(EXIT_TEMP, "svstat: fatal: out of memory", NULL);
    if (buf_put(buf_1, line.s, line.len) == -1)
      strerr_die(EXIT_TEMP, "svstat: fatal: unable to write output: ", STRERR_SYS, NULL);
  }
  if (buf_flush(buf_1) == -1)
    strerr_die(EXIT_TEMP, "svstat: fatal: unable to write output: ", STRERR_SYS, NULL);
  stralloc_free(&line);
  return notup;
}

/* svok.c — tell, by the exit status, whether supervise runs in a directory. */
#include <errno.h>
#include <unistd.h>

#include "exitcode.h"
#include "open.h"
#include "strerr.h"

#define FATAL "svok: fatal: "

int main(int argc, char **argv)
{
  int fd;
  if (argc != 2 || !argv[1][0]) strerr_die(EXIT_PERM, "svok: usage: svok dir", NULL);
  if (chdir(argv[1]) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to chdir to ", argv[1], ": ", STRERR_SYS, NULL);
  /* supervise holds supervise/ok open for reading: opening it for
   * writing fails with ENXIO when nobody reads it */
  fd = open_write("supervise/ok");
  if (fd == -1) {
    if (errno == ENXIO || errno == ENOENT) return EXIT_PERM;
    strerr_die(EXIT_TEMP, FATAL, "unable to open ", argv[1], "/supervise/ok: ", STRERR_SYS, NULL);
  }
  close(fd);
  return 0;
}

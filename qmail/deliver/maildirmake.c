/* maildirmake.c — create a Maildir: the directory and its tmp, new and cur,
 * all with mode 0700. */
#include <sys/stat.h>
#include <sys/types.h>

#include "exitcode.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "maildirmake: fatal: "
#define USAGE "maildirmake: usage: maildirmake name"

static void make(const char *path)
{
  if (mkdir(path, 0700) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to mkdir ", path, ": ", STRERR_SYS, (char *)0);
}

int main(int argc, char **argv)
{
  static const char *const sub[] = { "/tmp", "/new", "/cur" };
  stralloc path = STRALLOC_ZERO;
  size_t i;
  if (argc != 2 || !argv[1][0]) strerr_die(EXIT_PERM, USAGE, (char *)0);
  umask(077);
  make(argv[1]);
  for (i = 0; i < sizeof sub / sizeof sub[0]; ++i) {
    if (!stralloc_copys(&path, argv[1]) || !stralloc_cats(&path, sub[i]) || !stralloc_0(&path))
      strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
    make(path.s);
  }
  stralloc_free(&path);
  return EXIT_OK;
}

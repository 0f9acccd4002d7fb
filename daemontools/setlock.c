/* setlock.c — run a program while holding an exclusive lock on a file
 * (setlock(8)). */
#include <unistd.h>

#include "dtopt.h"
#include "exitcode.h"
#include "lock.h"
#include "open.h"
#include "pathexec.h"
#include "strerr.h"

#define FATAL "setlock: fatal: "
#define USAGE "setlock: usage: setlock [ -nNxX ] file program [ arg ... ]"

struct setlock {
  int nodelay;  /* -n: give up when the lock is held */
  int quiet;    /* -x: exit 0 when the file cannot be opened or locked */
  const char *file;
  char **child;
};

static void __attribute__((noreturn)) setlock_usage(void)
{
  strerr_die(EXIT_PERM, USAGE, (const char *)0);
}

static void setlock_options(struct setlock *s, int argc, char **argv)
{
  const char *arg;
  int c;
  while ((c = dtopt_next(argc, argv, "nNxX", "setlock", &arg)) != -1) {
    switch (c) {
    case 'n': s->nodelay = 1; break;
    case 'N': s->nodelay = 0; break;
    case 'x': s->quiet = 1; break;
    case 'X': s->quiet = 0; break;
    default: setlock_usage();
    }
  }
  if (argc - optind < 2) setlock_usage();
  s->file = argv[optind];
  s->child = argv + optind + 1;
}

/* fail on file: exit 0 for -x, else report and exit 111 */
static void __attribute__((noreturn)) setlock_fail(const struct setlock *s, const char *what)
{
  if (s->quiet) _exit(0);
  strerr_die(EXIT_TEMP, FATAL, what, s->file, ": ", STRERR_SYS, (const char *)0);
}

int main(int argc, char **argv)
{
  struct setlock s = { 0, 0, 0, 0 };
  int fd;
  setlock_options(&s, argc, argv);
  /* the descriptor stays open across exec: child holds the lock */
  fd = open_append(s.file);
  if (fd == -1) setlock_fail(&s, "unable to open ");
  if ((s.nodelay ? lock_exnb(fd) : lock_ex(fd)) == -1) setlock_fail(&s, "unable to lock ");
  pathexec_run(s.child[0], s.child, 0);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", s.child[0], ": ", STRERR_SYS, (const char *)0);
}

/* envuidgid.c — run a program with $UID and $GID set to an account's uid
 * and gid (envuidgid(8)). */
#include <errno.h>
#include <pwd.h>

#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "pathexec.h"
#include "strerr.h"

#define FATAL "envuidgid: fatal: "
#define USAGE "envuidgid: usage: envuidgid account child"

/* name = n in decimal, in the process environment */
static void envuidgid_put(const char *name, unsigned long n)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, n)] = 0;
  if (!env_put(name, num)) strerr_die(EXIT_TEMP, FATAL, "out of memory", (const char *)0);
}

int main(int argc, char **argv)
{
  struct passwd *pw;
  if (argc < 3 || !argv[1] || !argv[2]) strerr_die(EXIT_PERM, USAGE, (const char *)0);
  errno = 0;
  pw = getpwnam(argv[1]);
  if (!pw) {
    if (errno == 0 || errno == ENOENT || errno == ESRCH || errno == EBADF || errno == EPERM)
      strerr_die(EXIT_TEMP, FATAL, "unknown account ", argv[1], (const char *)0);
    strerr_die(EXIT_TEMP, FATAL, "unable to look up account ", argv[1], ": ", STRERR_SYS,
               (const char *)0);
  }
  envuidgid_put("GID", (unsigned long)pw->pw_gid);
  envuidgid_put("UID", (unsigned long)pw->pw_uid);
  pathexec_run(argv[2], argv + 2, 0);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", argv[2], ": ", STRERR_SYS, (const char *)0);
}

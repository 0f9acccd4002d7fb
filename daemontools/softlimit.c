/* softlimit.c — run a program with lower soft resource limits
 * (softlimit(8)). */
#include <unistd.h>

#include "dtopt.h"
#include "dtrlimit.h"
#include "exitcode.h"
#include "pathexec.h"
#include "strerr.h"

#define FATAL "softlimit: fatal: "
#define USAGE "softlimit: usage: softlimit [-a allbytes] [-c corebytes] " \
  "[-d databytes] [-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] " \
  "[-p processes] [-q queuebytes] [-r residentbytes] [-s stackbytes] " \
  "[-t cpusecs] child"

static void __attribute__((noreturn)) softlimit_usage(void)
{
  strerr_die(EXIT_PERM, USAGE, (const char *)0);
}

/* one option: every resource its letter names, in order */
static void softlimit_option(int opt, const char *arg)
{
  int res[DTRLIMIT_PER_OPTION];
  struct dtrlimit_want w;
  int n = dtrlimit_resources((char)opt, res);
  if (n == 0) softlimit_usage();
  if (!dtrlimit_parse(arg, &w)) {
    char letter[2] = { (char)opt, 0 };
    strerr_warn("softlimit: bad limit for -", letter, ": ", arg, (const char *)0);
    softlimit_usage();
  }
  for (int i = 0; i < n; ++i)
    if (dtrlimit_apply(res[i], &w) == -1)
      strerr_die(EXIT_TEMP, FATAL, "setrlimit failed: ", STRERR_SYS, (const char *)0);
}

int main(int argc, char **argv)
{
  const char *arg;
  int c;
  while ((c = dtopt_next(argc, argv, "a:c:d:f:l:m:o:p:q:r:s:t:", "softlimit", &arg)) != -1) {
    if (c == '?') softlimit_usage();
    softlimit_option(c, arg);
  }
  argv += optind;
  if (!*argv) softlimit_usage();
  pathexec_run(argv[0], argv, 0);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", argv[0], ": ", STRERR_SYS, (const char *)0);
}

/* dtopt.c — getopt with a POSIX scan and daemontools' error wording. */
#include "dtopt.h"

#include <unistd.h>

#include "str.h"
#include "strerr.h"

int dtopt_next(int argc, char *const argv[], const char *optstring,
               const char *prog, const char **arg)
{
  /* "+" stops at the first non-option; ":" makes getopt quiet and tell
   * a missing argument (':') from an unknown letter ('?') */
  char spec[DTOPT_OPTSTRING_MAX + 3];
  char letter[2];
  int c;
  size_t n = str_len(optstring);
  *arg = 0;
  if (n > DTOPT_OPTSTRING_MAX) {
    strerr_warn(prog, ": internal error: option string too long", (const char *)0);
    return '?';
  }
  spec[0] = '+';
  spec[1] = ':';
  for (size_t i = 0; i <= n; ++i) spec[i + 2] = optstring[i];
  opterr = 0;
  c = getopt(argc, argv, spec);
  if (c == -1) return -1;
  if (c != '?' && c != ':') { *arg = optarg; return c; }
  letter[0] = (char)optopt;
  letter[1] = 0;
  if (c == ':')
    strerr_warn(prog, ": option requires an argument -- ", letter, (const char *)0);
  else
    strerr_warn(prog, ": illegal option -- ", letter, (const char *)0);
  return '?';
}

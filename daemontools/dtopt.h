/* dtopt.h — getopt(3) for the daemontools programs, with daemontools'
 * wording for bad options.
 *
 * Return convention: dtopt_next returns the next option letter, -1 at the
 * end of the options, or '?' after it has reported a bad option on
 * standard error (the caller then prints its usage line and exits 100).
 *
 * Options end at the first argument that is not an option (a POSIX "+"
 * scan: nothing after the account, directory or file is ever taken for an
 * option) or at "--". The state lives in libc's optind / optarg. */
#ifndef DTOPT_H
#define DTOPT_H

#include <unistd.h> /* optind */

/* the longest optstring accepted; a longer one is a bug and gives '?' */
#define DTOPT_OPTSTRING_MAX 64

/* next: the next option of argv as getopt would give it for optstring
 * (letters, a ':' after those that take an argument; no leading '+' or
 * ':'). A letter not in optstring is reported as
 * "prog: illegal option -- x", a missing argument as
 * "prog: option requires an argument -- x"; both then return '?'.
 * *arg is set to the option's argument or NULL. */
int dtopt_next(int argc, char *const argv[], const char *optstring,
               const char *prog, const char **arg);

#endif

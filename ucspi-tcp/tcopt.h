/* tcopt.h — getopt-style option scanning for the ucspi-tcp client programs
 * (tcpclient, rblsmtpd), with ucspi-tcp's wording for bad options.
 *
 * Return convention: tcopt_next returns the next option letter, -1 at the
 * end of the options, or '?' after a bad option (the caller prints its
 * usage line and exits 100). The state is the caller's struct tcopt; no
 * globals.
 *
 * Options end at the first argument that is not an option, at "-" alone
 * (an argument) or after "--". Letters may be bundled ("-RHl0"); an option
 * that takes an argument takes the rest of its word, or else the next word. */
#ifndef TCOPT_H
#define TCOPT_H

struct tcopt {
  int ind;          /* the next argv index to look at; starts at 1 */
  int pos;          /* position inside a bundle of letters; starts at 0 */
  const char *arg;  /* the argument of the last option, or 0 */
  int bad;          /* the letter of the last bad option */
};
#define TCOPT_ZERO { 1, 0, 0, 0 }

/* next: the next option of argv (argc entries) for spec (letters, each
 * followed by ':' when it takes an argument). For a letter not in spec,
 * and for a missing argument, it writes "prog: illegal option -- x" or
 * "prog: option requires an argument -- x" on standard error unless quiet
 * is set, stores the letter in o->bad and returns '?'. */
int tcopt_next(struct tcopt *o, int argc, char *const argv[], const char *spec,
               const char *prog, int quiet);

#endif

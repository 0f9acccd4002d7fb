/* injopt.h — the getopt-style scan of the options of qmail-inject and
 * sendmail: letters clustered ("-nH"), a value attached or in the next
 * argument ("-fjoe", "-f joe"), options ending at "--" (dropped), "-" or
 * the first argument that does not start with '-'.
 *
 * The options a program takes are an optstring as getopt(3) reads it:
 * each letter, followed by ':' when it takes a value, or by "::" when it
 * takes only an attached value, possibly empty (sendmail's "-q30m"). ':'
 * itself is never an option.
 *
 * Return convention: injopt_next returns the option letter, INJOPT_END at
 * the end of the options, or INJOPT_UNKNOWN / INJOPT_NOVALUE for a letter
 * that is not in optstring / a value that is missing (the letter is in
 * the scan's bad). Pure: no I/O; the caller words and reports errors. */
#ifndef INJOPT_H
#define INJOPT_H

#define INJOPT_END (-1)
#define INJOPT_UNKNOWN (-2)
#define INJOPT_NOVALUE (-3)

struct injopt {
  int argc;
  char **argv;
  int ind;         /* the argument being scanned; at INJOPT_END the first
                      operand (argc when there is none) */
  const char *at;  /* the next letter inside argv[ind], or 0 */
  char bad[2];     /* the letter of an error, as a C string */
  int done;        /* 1 once INJOPT_END was returned */
};

/* init: start a scan of argv[1..argc). */
void injopt_init(struct injopt *s, int argc, char **argv);

/* next: the next option. *val is set to its value (a pointer into argv)
 * for a letter that takes one and to 0 for the others. After INJOPT_END
 * every later call returns INJOPT_END again. */
int injopt_next(struct injopt *s, const char *optstring, const char **val);

#endif

/* dtopt.c — unit test for daemontools/dtopt: the POSIX scan and the
 * wording of bad options. */
#include <fcntl.h>
#include <unistd.h>

#include "dtopt.h"
#include "tap.h"

/* parse argv (NULL-terminated) with optstring; the letters seen (with
 * "[arg]" after those with an argument) into out, and what went to
 * standard error into err */
static void parse(char **argv, const char *optstring, char *out, size_t outsize,
                  char *err, size_t errsize)
{
  int argc = 0, c, saved, fds[2];
  size_t len = 0;
  const char *arg;
  ssize_t n;
  while (argv[argc]) ++argc;
  optind = 0; /* glibc: start over */
  saved = dup(2);
  if (pipe(fds) != 0 || saved == -1) { out[0] = err[0] = 0; return; }
  dup2(fds[1], 2);
  close(fds[1]);
  while ((c = dtopt_next(argc, argv, optstring, "prog", &arg)) != -1) {
    len += (size_t)snprintf(out + len, outsize - len, "%c", c);
    if (arg) len += (size_t)snprintf(out + len, outsize - len, "[%s]", arg);
    if (len >= outsize) len = outsize - 1;
  }
  snprintf(out + len, outsize - len, "|%d", optind);
  dup2(saved, 2);
  close(saved);
  n = read(fds[0], err, errsize - 1);
  err[n > 0 ? n : 0] = 0;
  close(fds[0]);
}

int main(void)
{
  char out[256], err[256];
  char a0[] = "prog", a1[] = "-n", a2[] = "-m", a3[] = "100", a4[] = "file",
       a5[] = "-x", a6[] = "-m50", a7[] = "--", a8[] = "-q", a9[] = "-nx";
  {
    char *argv[] = { a0, a1, a2, a3, a4, a5, 0 };
    parse(argv, "nm:x", out, sizeof out, err, sizeof err);
    is_str(out, "nm[100]|4", "options stop at the first operand");
    is_str(err, "", "  nothing on stderr");
  }
  {
    char *argv[] = { a0, a6, a9, a7, a5, 0 };
    parse(argv, "nm:x", out, sizeof out, err, sizeof err);
    is_str(out, "m[50]nx|4", "attached argument, grouped letters, -- ends");
  }
  {
    char *argv[] = { a0, a8, a4, 0 };
    parse(argv, "nm:x", out, sizeof out, err, sizeof err);
    is_str(out, "?|2", "unknown letter gives '?'");
    is_str(err, "prog: illegal option -- q\n", "  and says so");
  }
  {
    char *argv[] = { a0, a2, 0 };
    parse(argv, "nm:x", out, sizeof out, err, sizeof err);
    is_str(out, "?|2", "missing argument gives '?'");
    is_str(err, "prog: option requires an argument -- m\n", "  and says so");
  }
  {
    char *argv[] = { a0, 0 };
    parse(argv, "nm:x", out, sizeof out, err, sizeof err);
    is_str(out, "|1", "no arguments at all");
  }
  return done_testing();
}

/* injopt.c — unit test for qmail/inject/injopt: clusters, values attached
 * and separate, "--", "-", operands, optional attached values, errors. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "injopt.h"
#include "tap.h"

/* scan argv (NULL-terminated) with optstring into a trace such as
 * "n f=joe END@3": letters, values, errors as ?x / :x, and where the
 * operands start; the scan stops at the first error */
static const char *scan(const char *optstring, const char *const *args)
{
  static char trace[512];
  char *argv[16];
  struct injopt s;
  const char *v;
  int argc = 0, c;
  size_t n = 0;
  while (args[argc]) { argv[argc] = (char *)(uintptr_t)args[argc]; ++argc; }
  argv[argc] = 0;
  injopt_init(&s, argc, argv);
  trace[0] = 0;
  for (;;) {
    c = injopt_next(&s, optstring, &v);
    if (c == INJOPT_END) { n += (size_t)snprintf(trace + n, sizeof trace - n, "END@%d", s.ind); break; }
    if (c == INJOPT_UNKNOWN) { snprintf(trace + n, sizeof trace - n, "?%s", s.bad); break; }
    if (c == INJOPT_NOVALUE) { snprintf(trace + n, sizeof trace - n, ":%s", s.bad); break; }
    n += (size_t)snprintf(trace + n, sizeof trace - n, v ? "%c=%s " : "%c ", c, v);
    if (n >= sizeof trace) break;
  }
  return trace;
}

#define A(...) ((const char *const[]){ "prog", __VA_ARGS__, 0 })
#define SCAN(os, args, want, name) is_str(scan(os, args), want, name)

int main(void)
{
  static const char *const none[] = { "prog", 0 };
  const char *os = "f:F:nNaAhH";
  const char *sm = "A:b:f:o:EGit" "q::";
  SCAN(os, none, "END@1", "no arguments");
  SCAN(os, A("a@x"), "END@1", "an operand only");
  SCAN(os, A("-n", "-H", "a@x"), "n H END@3", "two options, then an operand");
  SCAN(os, A("-nH", "a@x"), "n H END@2", "a cluster");
  SCAN(os, A("-fjoe", "a@x"), "f=joe END@2", "a value attached");
  SCAN(os, A("-f", "joe", "a@x"), "f=joe END@3", "a value in the next argument");
  SCAN(os, A("-nfjoe"), "n f=joe END@2", "a value attached after a letter");
  SCAN(os, A("-nf", "joe", "-H"), "n f=joe H END@4", "a cluster ending in a letter with a value");
  SCAN(os, A("-f", "-n"), "f=-n END@3", "a value that looks like an option");
  SCAN(os, A("-f", ""), "f= END@3", "an empty value");
  SCAN(os, A("-n", "--", "-H"), "n END@3", "-- ends the options and is dropped");
  SCAN(os, A("--"), "END@2", "-- alone");
  SCAN(os, A("-n", "-", "-H"), "n END@2", "- is an operand");
  SCAN(os, A("-n", "a", "-H"), "n END@2", "options end at the first operand");
  SCAN(os, A("-x"), "?x", "an unknown letter");
  SCAN(os, A("-nx"), "n ?x", "an unknown letter in a cluster");
  SCAN(os, A("-:"), "?:", "':' is never an option");
  SCAN(os, A("-f"), ":f", "a missing value");
  SCAN(os, A("-nF"), "n :F", "a missing value at the end of a cluster");
  SCAN(sm, A("-q"), "q= END@2", "an optional attached value, absent");
  SCAN(sm, A("-q30m", "a"), "q=30m END@2", "an optional attached value");
  SCAN(sm, A("-q", "30m"), "q= END@2", "an optional value is never the next argument");
  SCAN(sm, A("-it", "-oi", "-bm", "-A", "x", "r@x"), "i t o=i b=m A=x END@6", "sendmail's options");
  SCAN(sm, A("-iqi"), "i q=i END@2", "-q takes the rest of its cluster");

  {
    char a0[] = "prog", a1[] = "--", a2[] = "-n";
    char *argv[] = { a0, a1, a2, 0 };
    struct injopt s;
    const char *v = "x";
    injopt_init(&s, 3, argv);
    is_int(injopt_next(&s, os, &v), INJOPT_END, "after --: the end");
    ok(v == 0, "  with no value");
    is_int(injopt_next(&s, os, &v), INJOPT_END, "the end again, -n is not read");
    is_int(s.ind, 2, "  the operands start at -n");
  }
  return done_testing();
}

/* injopt.c — getopt-style option scanning for qmail-inject and sendmail. */
#include "injopt.h"

#include <string.h>

void injopt_init(struct injopt *s, int argc, char **argv)
{
  s->argc = argc;
  s->argv = argv;
  s->ind = 1;
  s->at = 0;
  s->bad[0] = s->bad[1] = 0;
  s->done = 0;
}

/* the number of ':' after letter c in optstring, or -1 when c is not an
 * option */
static int injopt_kind(const char *optstring, char c)
{
  const char *p;
  if (c == ':' || !(p = strchr(optstring, c))) return -1;
  if (p[1] != ':') return 0;
  return p[2] == ':' ? 2 : 1;
}

/* the start of the next cluster: 1, or 0 at the end of the options */
static int injopt_cluster(struct injopt *s)
{
  const char *a;
  if (s->ind >= s->argc) return 0;
  a = s->argv[s->ind];
  if (a[0] != '-' || !a[1]) return 0;
  if (!strcmp(a, "--")) { ++s->ind; return 0; }
  s->at = a + 1;
  return 1;
}

int injopt_next(struct injopt *s, const char *optstring, const char **val)
{
  char c;
  int kind;
  *val = 0;
  if (s->done) return INJOPT_END;
  if (!s->at && !injopt_cluster(s)) { s->done = 1; return INJOPT_END; }
  c = *s->at++;
  s->bad[0] = c;
  kind = injopt_kind(optstring, c);
  if (kind == 1 && !*s->at) {            /* the value is the next argument */
    if (++s->ind >= s->argc) { s->at = 0; return INJOPT_NOVALUE; }
    s->at = s->argv[s->ind];
  }
  if (kind >= 1) {
    *val = s->at;
    s->at = "";
  }
  if (!*s->at) {                         /* the cluster is used up */
    s->at = 0;
    ++s->ind;
  }
  return kind == -1 ? INJOPT_UNKNOWN : c;
}

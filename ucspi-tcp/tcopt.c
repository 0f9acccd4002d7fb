/* tcopt.c — getopt-style option scanning for tcpclient and rblsmtpd. */
#include "tcopt.h"

#include "str.h"
#include "strerr.h"

/* the spec entry for letter c: its index, or -1 when c is not an option */
static int tcopt_find(const char *spec, char c)
{
  size_t i;
  if (c == ':') return -1;
  for (i = 0; spec[i]; ++i)
    if (spec[i] == c) return (int)i;
  return -1;
}

static int tcopt_bad(struct tcopt *o, char c, const char *prog, int quiet, const char *why)
{
  char letter[2];
  letter[0] = c;
  letter[1] = 0;
  o->bad = (unsigned char)c;
  if (!quiet) strerr_warn(prog, ": ", why, " -- ", letter, (char *)0);
  return '?';
}

int tcopt_next(struct tcopt *o, int argc, char *const argv[], const char *spec,
               const char *prog, int quiet)
{
  const char *w;
  char c;
  int i;
  o->arg = 0;
  if (o->ind < 1) o->ind = 1;
  if (o->pos == 0) {
    if (o->ind >= argc || !argv[o->ind]) return -1;
    w = argv[o->ind];
    if (w[0] != '-' || w[1] == 0) return -1;
    if (str_equal(w, "--")) { ++o->ind; return -1; }
    o->pos = 1;
  }
  w = argv[o->ind];
  c = w[o->pos++];
  if (w[o->pos] == 0) { ++o->ind; o->pos = 0; }
  i = tcopt_find(spec, c);
  if (i < 0) return tcopt_bad(o, c, prog, quiet, "illegal option");
  if (spec[i + 1] != ':') return (unsigned char)c;
  if (o->pos) {                 /* the rest of this word */
    o->arg = w + o->pos;
    ++o->ind;
    o->pos = 0;
  } else if (o->ind < argc && argv[o->ind]) {
    o->arg = argv[o->ind++];
  } else {
    return tcopt_bad(o, c, prog, quiet, "option requires an argument");
  }
  return (unsigned char)c;
}

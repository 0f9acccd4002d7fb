/* dtrlimit.c — softlimit's resources and arithmetic. */
#include "dtrlimit.h"

#include "scan.h"
#include "str.h"

int dtrlimit_resources(char opt, int res[DTRLIMIT_PER_OPTION])
{
  switch (opt) {
  case 'a': res[0] = RLIMIT_AS; return 1;
  case 'c': res[0] = RLIMIT_CORE; return 1;
  case 'd': res[0] = RLIMIT_DATA; return 1;
  case 'f': res[0] = RLIMIT_FSIZE; return 1;
  case 'l': res[0] = RLIMIT_MEMLOCK; return 1;
  case 'm':
    res[0] = RLIMIT_DATA;
    res[1] = RLIMIT_STACK;
    res[2] = RLIMIT_MEMLOCK;
    res[3] = RLIMIT_AS;
    return 4;
  case 'o': res[0] = RLIMIT_NOFILE; return 1;
  case 'p': res[0] = RLIMIT_NPROC; return 1;
#ifdef RLIMIT_MSGQUEUE
  case 'q': res[0] = RLIMIT_MSGQUEUE; return 1;
#endif
  case 'r': res[0] = RLIMIT_RSS; return 1;
  case 's': res[0] = RLIMIT_STACK; return 1;
  case 't': res[0] = RLIMIT_CPU; return 1;
  default: return 0;
  }
}

int dtrlimit_parse(const char *s, struct dtrlimit_want *w)
{
  unsigned long long n;
  size_t len = str_len(s);
  if (len == 1 && s[0] == '=') {
    w->tohard = 1;
    w->value = 0;
    return 1;
  }
  if (len == 0 || scan_ullong(s, len, &n) != len) return 0;
  /* rlim_t is unsigned on Linux and the BSDs; RLIM_INFINITY is its top */
  if ((rlim_t)n != n || (rlim_t)n == RLIM_INFINITY) return 0;
  w->tohard = 0;
  w->value = (rlim_t)n;
  return 1;
}

rlim_t dtrlimit_soft(const struct dtrlimit_want *w, rlim_t hard)
{
  if (w->tohard) return hard;
  if (hard != RLIM_INFINITY && w->value > hard) return hard;
  return w->value;
}

int dtrlimit_apply(int resource, const struct dtrlimit_want *w)
{
  struct rlimit r;
  if (getrlimit(resource, &r) == -1) return -1;
  r.rlim_cur = dtrlimit_soft(w, r.rlim_max);
  return setrlimit(resource, &r);
}

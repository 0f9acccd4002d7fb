/* paths.c — compile-time path defaults, overridden by the environment, checked once. */
#include "paths.h"

#include <errno.h>
#include <string.h>

#include "conf_defaults.h"
#include "env.h"
#include "scan.h"

static const char *const paths_names[PATHS_N] = {
  [PATHS_PREFIX] = "PREFIX",
  [PATHS_QMAILHOME] = "QMAILHOME",
  [PATHS_SYSCONFDIR] = "SYSCONFDIR",
  [PATHS_CONTROLDIR] = "CONTROLDIR",
  [PATHS_CERTDIR] = "CERTDIR",
  [PATHS_ASSIGNDIR] = "ASSIGNDIR",
  [PATHS_LIBEXECDIR] = "LIBEXECDIR",
  [PATHS_SHAREDDIR] = "SHAREDDIR",
  [PATHS_SERVICEDIR] = "SERVICEDIR",
  [PATHS_QUEUE_BASE] = "QUEUE_BASE",
  [PATHS_QUEUE_COUNT] = "QUEUE_COUNT",
  [PATHS_QUEUE_START] = "QUEUE_START",
  [PATHS_QUEUEDIR] = "QUEUEDIR",
  [PATHS_CONFSPLIT] = "CONFSPLIT",
};

const char *paths_name(enum paths_id id)
{
  return (unsigned)id < PATHS_N ? paths_names[id] : 0;
}

/* check and tidy the path in sa: absolute, one line, not too long; strip
 * trailing slashes; store a NUL past len. 0 or -1. */
static int paths_finish(stralloc *sa)
{
  if (!sa->len || sa->s[0] != '/' || memchr(sa->s, '\n', sa->len)) { errno = EINVAL; return -1; }
  while (sa->len > 1 && sa->s[sa->len - 1] == '/') --sa->len;
  if (sa->len > PATHS_VALUE_MAX) { errno = ENAMETOOLONG; return -1; }
  if (!stralloc_0(sa)) return -1;
  --sa->len;
  return 0;
}

/* id's value: the environment's (relative ones only when rel is not NULL,
 * and then under rel), else base, or base/sub when sub is not NULL. */
static int paths_dir(struct paths *ps, enum paths_id id, const char *rel,
                     const char *base, const char *sub)
{
  const char *e = env_get(paths_names[id]);
  stralloc *sa = &ps->value[id];
  int okay;
  sa->len = 0;
  if (e) {
    ps->fromenv[id] = 1;
    if (!*e || (*e != '/' && !rel)) { errno = EINVAL; return -1; }
    if (*e == '/') okay = stralloc_cats(sa, e);
    else okay = stralloc_cats(sa, rel) && stralloc_append(sa, '/') && stralloc_cats(sa, e);
  } else {
    okay = stralloc_cats(sa, base);
    if (okay && sub) okay = stralloc_append(sa, '/') && stralloc_cats(sa, sub);
  }
  if (!okay) return -1;
  return paths_finish(sa);
}

/* id's number: the environment's (decimal digits only), else def; within
 * min..max. Stored in *out and, in canonical decimal, as the value. */
static int paths_num(struct paths *ps, enum paths_id id, unsigned long def,
                     unsigned long min, unsigned long max, unsigned long *out)
{
  const char *e = env_get(paths_names[id]);
  stralloc *sa = &ps->value[id];
  unsigned long v = def;
  if (e) {
    size_t len = strlen(e), k;
    ps->fromenv[id] = 1;
    k = scan_ulong(e, len, &v);
    if (!k && errno != ERANGE) errno = EINVAL;
    if (k && k != len) errno = EINVAL;
    if (k != len || !k) return -1;
  }
  if (v < min || v > max) { errno = ERANGE; return -1; }
  sa->len = 0;
  if (!stralloc_catulong0(sa, v, 0) || !stralloc_0(sa)) return -1;
  --sa->len;
  *out = v;
  return 0;
}

/* the queue directory name "queueN" under base, into sa (no NUL) */
static int paths_queuename(stralloc *sa, const char *base, unsigned long n)
{
  sa->len = 0;
  if (!stralloc_cats(sa, base) || !stralloc_cats(sa, "/queue") || !stralloc_catulong0(sa, n, 0))
    return -1;
  return 0;
}

/* every value in dependency order; stops at the first failure (id) */
static int paths_resolve(struct paths *ps, enum paths_id *at)
{
  const char *home, *sys;
#define PATHS_STEP(id, expr) do { *at = (id); if ((expr) == -1) return -1; } while (0)
  PATHS_STEP(PATHS_PREFIX, paths_dir(ps, PATHS_PREFIX, 0, CONF_PREFIX, 0));
  PATHS_STEP(PATHS_QMAILHOME, paths_dir(ps, PATHS_QMAILHOME, 0, CONF_QMAIL, 0));
  PATHS_STEP(PATHS_SYSCONFDIR, paths_dir(ps, PATHS_SYSCONFDIR, 0, CONF_SYSCONFDIR, 0));
  home = ps->value[PATHS_QMAILHOME].s;
  sys = ps->value[PATHS_SYSCONFDIR].s;
  PATHS_STEP(PATHS_CONTROLDIR, paths_dir(ps, PATHS_CONTROLDIR, sys, sys, "control"));
  PATHS_STEP(PATHS_CERTDIR, paths_dir(ps, PATHS_CERTDIR, 0, sys, "certs"));
  PATHS_STEP(PATHS_ASSIGNDIR, paths_dir(ps, PATHS_ASSIGNDIR, 0, home, "users"));
  PATHS_STEP(PATHS_LIBEXECDIR, paths_dir(ps, PATHS_LIBEXECDIR, 0, CONF_LIBEXEC, 0));
  PATHS_STEP(PATHS_SHAREDDIR, paths_dir(ps, PATHS_SHAREDDIR, 0, CONF_SHARED, 0));
  PATHS_STEP(PATHS_SERVICEDIR, paths_dir(ps, PATHS_SERVICEDIR, 0, CONF_SERVICEDIR, 0));
  PATHS_STEP(PATHS_QUEUE_BASE, paths_dir(ps, PATHS_QUEUE_BASE, 0, home, "queue"));
  PATHS_STEP(PATHS_QUEUE_COUNT, paths_num(ps, PATHS_QUEUE_COUNT, PATHS_QUEUE_COUNT_DEFAULT, 1,
                                          PATHS_QUEUE_MAX, &ps->queue_count));
  PATHS_STEP(PATHS_QUEUE_START, paths_num(ps, PATHS_QUEUE_START, PATHS_QUEUE_START_DEFAULT, 0,
                                          PATHS_QUEUE_MAX, &ps->queue_start));
  {
    /* the default queue directory is the first queue */
    stralloc first = STRALLOC_ZERO;
    int r = paths_queuename(&first, ps->value[PATHS_QUEUE_BASE].s, ps->queue_start);
    if (r == 0 && !stralloc_0(&first)) r = -1;
    if (r == 0) r = paths_dir(ps, PATHS_QUEUEDIR, 0, first.s, 0);
    stralloc_free(&first);
    PATHS_STEP(PATHS_QUEUEDIR, r);
  }
  PATHS_STEP(PATHS_CONFSPLIT, paths_num(ps, PATHS_CONFSPLIT, CONF_SPLIT, 1, PATHS_SPLIT_MAX,
                                        &ps->split));
#undef PATHS_STEP
  return 0;
}

int paths_init(struct paths *ps)
{
  enum paths_id at = PATHS_PREFIX;
  memset(ps, 0, sizeof *ps);
  if (paths_resolve(ps, &at) == 0) return 0;
  {
    int e = errno;
    paths_free(ps);
    ps->bad = paths_names[at];
    errno = e;
  }
  return -1;
}

const char *paths_get(const struct paths *ps, enum paths_id id)
{
  if ((unsigned)id >= PATHS_N || !ps->value[id].s) return 0;
  return ps->value[id].s;
}

int paths_fromenv(const struct paths *ps, enum paths_id id)
{
  return (unsigned)id < PATHS_N && ps->fromenv[id];
}

int paths_queue(const struct paths *ps, unsigned long n, stralloc *out)
{
  if (!ps->value[PATHS_QUEUE_BASE].s || n < ps->queue_start
      || n - ps->queue_start >= ps->queue_count) {
    errno = ERANGE;
    return -1;
  }
  if (paths_queuename(out, ps->value[PATHS_QUEUE_BASE].s, n) == -1 || !stralloc_0(out)) return -1;
  --out->len;
  return 0;
}

int paths_print(const struct paths *ps, buf *b)
{
  for (unsigned i = 0; i < PATHS_N; ++i) {
    const char *v = paths_get(ps, (enum paths_id)i);
    if (buf_puts(b, paths_names[i]) == -1 || buf_put(b, "=", 1) == -1
        || buf_puts(b, v ? v : "") == -1
        || buf_puts(b, ps->fromenv[i] ? " (environment)\n" : " (default)\n") == -1)
      return -1;
  }
  return 0;
}

void paths_free(struct paths *ps)
{
  for (unsigned i = 0; i < PATHS_N; ++i) stralloc_free(&ps->value[i]);
  memset(ps->fromenv, 0, sizeof ps->fromenv);
  ps->queue_count = ps->queue_start = ps->split = 0;
  ps->bad = 0;
}

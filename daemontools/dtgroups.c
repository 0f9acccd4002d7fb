/* dtgroups.c — building group id lists for setuidgid. */
#include "dtgroups.h"

#include <errno.h>
#include <grp.h>
#include <stdlib.h>

#include "scan.h"
#include "str.h"

int dtgroups_add(dtgroups *l, gid_t gid)
{
  if (!l->items) l->len = 0;
  for (size_t i = 0; i < l->len; ++i)
    if (l->items[i] == gid) return 0;
  if (l->len >= DTGROUPS_MAX) { errno = E2BIG; return -1; }
  return dtgroups_append(l, gid) ? 0 : -1;
}

/* the gid of one item: decimal digits, or a name from the group file */
static int dtgroups_one(const char *item, gid_t *gid)
{
  size_t len = str_len(item);
  unsigned long n;
  struct group *gr;
  if (len == 0) { errno = EINVAL; return -1; }
  if (scan_ulong(item, len, &n) == len) {
    if ((gid_t)n != n || (gid_t)n == (gid_t)-1) { errno = ERANGE; return -1; }
    *gid = (gid_t)n;
    return 0;
  }
  errno = 0;
  gr = getgrnam(item);
  if (!gr) {
    /* "no such group" comes back with errno 0 or one of these */
    if (errno == 0 || errno == ENOENT || errno == ESRCH || errno == EBADF || errno == EPERM)
      errno = ENOENT;
    return -1;
  }
  *gid = gr->gr_gid;
  return 0;
}

int dtgroups_parse(dtgroups *l, char *spec, const char **bad)
{
  for (;;) {
    size_t n = str_chr(spec, ',');
    int last = spec[n] == 0;
    gid_t gid;
    spec[n] = 0;
    *bad = spec;
    if (dtgroups_one(spec, &gid) == -1 || dtgroups_add(l, gid) == -1) return -1;
    if (last) return 0;
    spec += n + 1;
  }
}

int dtgroups_account(dtgroups *l, const char *user, gid_t gid)
{
  int n = 64, got;
  gid_t *v = 0;
  for (;;) {
    gid_t *p = realloc(v, (size_t)n * sizeof *v);
    if (!p) { free(v); errno = ENOMEM; return -1; }
    v = p;
    got = n;
    if (getgrouplist(user, gid, v, &got) != -1) break;
    /* got is now the number needed (at least twice as many if not) */
    if (got <= n) got = n * 2;
    if (got > DTGROUPS_MAX) { free(v); errno = E2BIG; return -1; }
    n = got;
  }
  for (int i = 0; i < got; ++i)
    if (dtgroups_add(l, v[i]) == -1) { int e = errno; free(v); errno = e; return -1; }
  free(v);
  return 0;
}

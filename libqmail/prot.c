/* prot.c — giving up root for good. */
#include "prot.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

int prot_gid(gid_t gid)
{
  if (setgroups(1, &gid) != 0) return -1;
  return setresgid(gid, gid, gid) == 0 ? 0 : -1;
}

int prot_uid(uid_t uid)
{
  return setresuid(uid, uid, uid) == 0 ? 0 : -1;
}

/* getpwnam and getgrnam leave errno at 0 (or one of these) for "no such
 * name"; anything else is a real failure of the lookup */
static int prot_absent(int e)
{
  return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM;
}

static int prot_group(const char *group, gid_t *gid)
{
  struct group *gr;
  errno = 0;
  gr = getgrnam(group);
  if (!gr) {
    if (prot_absent(errno)) errno = ENOENT;
    return -1;
  }
  *gid = gr->gr_gid;
  return 0;
}

int prot_drop(const char *user, const char *group)
{
  struct passwd *pw;
  uid_t uid;
  gid_t gid;
  if (geteuid() != 0) return 0;
  if (!user || !*user || (group && !*group)) { errno = EINVAL; return -1; }
  errno = 0;
  pw = getpwnam(user);
  if (!pw) {
    if (prot_absent(errno)) errno = ENOENT;
    return -1;
  }
  uid = pw->pw_uid;
  gid = pw->pw_gid;
  if (group && prot_group(group, &gid) != 0) return -1;
  if (initgroups(user, gid) != 0) return -1;
  if (setresgid(gid, gid, gid) != 0) return -1;
  if (prot_uid(uid) != 0) return -1;
  /* a uid of 0 keeps root on purpose; any other must not get it back */
  if (uid != 0 && setuid(0) == 0) { errno = EPERM; return -1; }
  return 0;
}

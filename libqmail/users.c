/* users.c — the conf-users names and their run-time lookup. */
#include "users.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "conf_defaults.h"

static const char *const users_names[USERS_NROLES] = {
  [USERS_ALIAS] = CONF_USER_ALIAS,
  [USERS_QMAILD] = CONF_USER_QMAILD,
  [USERS_QMAILL] = CONF_USER_QMAILL,
  [USERS_ROOT] = CONF_USER_ROOT,
  [USERS_QMAILP] = CONF_USER_QMAILP,
  [USERS_QMAILQ] = CONF_USER_QMAILQ,
  [USERS_QMAILR] = CONF_USER_QMAILR,
  [USERS_QMAILS] = CONF_USER_QMAILS,
  [USERS_INDIMAIL] = CONF_USER_INDIMAIL,
  [USERS_GROUP_QMAIL] = CONF_USER_GROUP_QMAIL,
  [USERS_GROUP_NOFILES] = CONF_USER_GROUP_NOFILES,
  [USERS_GROUP_INDIMAIL] = CONF_USER_GROUP_INDIMAIL,
};

const char *users_name(enum users_role role)
{
  if ((unsigned)role >= USERS_NROLES) return 0;
  return users_names[role];
}

int users_isgroup(enum users_role role)
{
  return role >= USERS_GROUP_QMAIL && role < USERS_NROLES;
}

/* after a failed getpwnam/getgrnam: ENOENT for "no such name", else the
 * lookup's own error */
static int users_notfound(void)
{
  int e = errno;
  if (e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM) e = ENOENT;
  errno = e;
  return -1;
}

int users_lookup(enum users_role role, uid_t *uid, gid_t *gid)
{
  const char *name = users_name(role);
  if (!name) { errno = EINVAL; return -1; }
  errno = 0;
  if (users_isgroup(role)) {
    struct group *gr = getgrnam(name);
    if (!gr) return users_notfound();
    if (uid) *uid = (uid_t)-1;
    if (gid) *gid = gr->gr_gid;
  } else {
    struct passwd *pw = getpwnam(name);
    if (!pw) return users_notfound();
    if (uid) *uid = pw->pw_uid;
    if (gid) *gid = pw->pw_gid;
  }
  return 0;
}

int users_resolve(enum users_role role, uid_t *uid, gid_t *gid)
{
  if (!users_name(role)) { errno = EINVAL; return -1; }
  if (geteuid() == 0) return users_lookup(role, uid, gid);
  if (uid) *uid = getuid();
  if (gid) *gid = getgid();
  return 0;
}

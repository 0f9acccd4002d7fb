/* users.h — the qmail users and groups, named in conf-users and looked up
 * by name at run time (never a compiled-in uid or gid).
 *
 * Return convention: users_name returns the name or NULL; users_lookup and
 * users_resolve are syscall-like, 0 on success, -1 with errno set (ENOENT
 * when the name is not in the password or group database, EINVAL for a
 * role out of range, other errno values when the lookup itself fails).
 *
 * A private instance (a process that is not root) runs every role as the
 * invoking user. users_lookup always asks the databases and reports what
 * they say; users_resolve is what programs use: as root it is
 * users_lookup, as anyone else it answers with the invoking user's real
 * uid and gid for every role, so no uid is invented and none is needed. */
#ifndef USERS_H
#define USERS_H

#include <sys/types.h>

#define USERS_WUR __attribute__((warn_unused_result))

/* the roles, in the order of the lines of conf-users */
enum users_role {
  USERS_ALIAS,          /* the alias user: catch-all local deliveries */
  USERS_QMAILD,         /* SMTP and other network daemons */
  USERS_QMAILL,         /* loggers */
  USERS_ROOT,           /* the superuser's name */
  USERS_QMAILP,         /* the pseudo user with no files */
  USERS_QMAILQ,         /* owner of the queue, qmail-queue's setuid */
  USERS_QMAILR,         /* remote delivery */
  USERS_QMAILS,         /* qmail-send and the schedulers */
  USERS_INDIMAIL,       /* virtual domains */
  USERS_GROUP_QMAIL,    /* the group of the users above */
  USERS_GROUP_NOFILES,  /* the group that owns no files */
  USERS_GROUP_INDIMAIL, /* the group of the virtual domain user */
  USERS_NROLES
};

/* name: the conf-users name of role, or NULL when role is out of range. */
const char *users_name(enum users_role role);

/* isgroup: 1 for the USERS_GROUP_* roles, 0 for the others. */
int users_isgroup(enum users_role role);

/* lookup: a user role gives the user's uid and primary gid; a group role
 * gives the group's gid and sets *uid to (uid_t)-1. uid and gid may be
 * NULL; nothing is stored on failure. */
int users_lookup(enum users_role role, uid_t *uid, gid_t *gid) USERS_WUR;

/* resolve: users_lookup when the effective uid is 0; otherwise the real
 * uid and gid of the process, for every valid role. */
int users_resolve(enum users_role role, uid_t *uid, gid_t *gid) USERS_WUR;

#endif

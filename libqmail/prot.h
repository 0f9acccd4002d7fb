/* prot.h — giving up root: set the groups, the gid and the uid for good.
 *
 * Return convention: syscall-like, 0 on success, -1 with errno set.
 *
 * prot_gid and prot_uid are the raw steps: they change real, effective
 * and saved ids together, so the change cannot be undone, and they fail
 * with EPERM when the process may not make it. prot_drop is the policy
 * every program uses: as root it looks the names up and drops; as any
 * other user it does nothing and succeeds, because that process is a
 * private instance that has no privilege to give up (DESIGN.md §3). */
#ifndef PROT_H
#define PROT_H

#include <sys/types.h>

#define PROT_WUR __attribute__((warn_unused_result))

/* gid: make gid the only supplementary group, then the real, effective
 * and saved gid. */
int prot_gid(gid_t gid) PROT_WUR;
/* uid: make uid the real, effective and saved uid. Call it after
 * prot_gid: once root is gone, groups can no longer be changed. */
int prot_uid(uid_t uid) PROT_WUR;

/* drop: when the effective uid is 0, become user: its uid, the gid of
 * group (NULL = the user's primary group from the password file), and
 * the user's supplementary groups (initgroups) plus that gid. It then
 * checks that root cannot be regained (EPERM if it could). When the
 * effective uid is not 0 it does nothing, looks nothing up, and returns
 * 0. Fails with ENOENT when user or group does not exist (other errno
 * values when the lookup itself fails), EINVAL for a NULL or empty user;
 * a failure may leave the groups changed but never the uid. */
int prot_drop(const char *user, const char *group) PROT_WUR;

#endif

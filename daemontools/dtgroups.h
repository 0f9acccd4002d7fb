/* dtgroups.h — lists of group ids for setuidgid: an account's groups and
 * groups named on the command line.
 *
 * Return convention: syscall-like, 0 on success, -1 with errno set
 * (ENOENT for a group or account that does not exist, EINVAL for an
 * empty name, E2BIG past DTGROUPS_MAX, ENOMEM, or the errno of a failed
 * lookup). A list never holds one gid twice. */
#ifndef DTGROUPS_H
#define DTGROUPS_H

#include <sys/types.h>

#include "genalloc.h"

/* the most groups in one list (Linux's NGROUPS_MAX) */
#define DTGROUPS_MAX 65536

#define DTGROUPS_WUR __attribute__((warn_unused_result))

GENALLOC_DECLARE(dtgroups, gid_t)

/* add: append gid unless the list has it already. */
int dtgroups_add(dtgroups *l, gid_t gid) DTGROUPS_WUR;

/* parse: add each group of spec, a comma-separated list of group names
 * or decimal gids, cutting spec into pieces in place (each ',' becomes a
 * NUL). On failure *bad points to the NUL-terminated item at fault (the
 * items before it are in l). */
int dtgroups_parse(dtgroups *l, char *spec, const char **bad) DTGROUPS_WUR;

/* account: add the groups the group database gives user (with primary
 * group gid) as getgrouplist(3) lists them. */
int dtgroups_account(dtgroups *l, const char *user, gid_t gid) DTGROUPS_WUR;

#endif

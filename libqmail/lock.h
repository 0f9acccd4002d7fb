/* lock.h — advisory whole-file locks on a descriptor, with flock(2).
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set.
 *
 * flock, not fcntl locks, because the supervise/lock file and setlock are
 * shared with daemontools' tools, which use flock. A flock lock belongs to
 * the open file description: it is shared by dup'ed and inherited
 * descriptors, kept across exec, and released when the last descriptor of
 * that description is closed (or by lock_un). Two separate open(2)s of one
 * file conflict with each other even in one process. */
#ifndef LOCK_H
#define LOCK_H

#define LOCK_WUR __attribute__((warn_unused_result))

/* ex: exclusive lock, waiting as long as needed (EINTR is retried). */
int lock_ex(int fd) LOCK_WUR;
/* exnb: exclusive lock without waiting: EWOULDBLOCK when it is held. */
int lock_exnb(int fd) LOCK_WUR;
/* sh: shared lock, waiting as long as needed (EINTR is retried). */
int lock_sh(int fd) LOCK_WUR;
/* shnb: shared lock without waiting: EWOULDBLOCK when an exclusive lock
 * is held. */
int lock_shnb(int fd) LOCK_WUR;
/* un: release the lock held through fd. */
int lock_un(int fd) LOCK_WUR;

#endif

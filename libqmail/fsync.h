/* fsync.h — crash safety: put files and the directory entries naming them
 * on stable storage (DESIGN.md §5: file fsync and directory fsync after
 * every link or rename that commits state).
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set. EINTR
 * is retried. Paths longer than FSYNC_PATH_MAX bytes fail with
 * ENAMETOOLONG. When a function that changes a name (link, rename, unlink)
 * fails after the change was made, the change stays made but may not be
 * on stable storage; the caller must treat the operation as not committed.
 * An fsync of a directory that the filesystem cannot sync fails (EINVAL):
 * a commit is never reported durable when it may not be. */
#ifndef FSYNC_H
#define FSYNC_H

/* the longest path (without its NUL) these functions take */
#define FSYNC_PATH_MAX 4095

#define FSYNC_WUR __attribute__((warn_unused_result))

/* fd: fsync(2) fd. After 0, the data and metadata of the open file are on
 * stable storage (not its name: see fsync_parent). */
int fsync_fd(int fd) FSYNC_WUR;

/* dir: open the directory path read-only and fsync it. After 0, every
 * entry created, renamed or removed in it before the call is on stable
 * storage. */
int fsync_dir(const char *path) FSYNC_WUR;

/* dirat: fsync_dir of path taken relative to the open directory dirfd
 * (openat(2) rules: an absolute path ignores dirfd; AT_FDCWD is the
 * current directory). dirfd stays open and unchanged. After 0, every
 * entry created, renamed or removed in that directory before the call is
 * on stable storage. */
int fsync_dirat(int dirfd, const char *path) FSYNC_WUR;

/* parent: fsync_dir of the directory containing path: "a/b" -> "a",
 * "b" -> ".", "/b" -> "/", "a/b/" -> "a"; the root is its own parent; ""
 * fails with ENOENT. path itself need not exist. After 0, the entry for
 * path (its presence or absence) is on stable storage. */
int fsync_parent(const char *path) FSYNC_WUR;

/* link: link(2) oldpath to newpath, then fsync newpath's directory. After
 * 0, newpath exists on stable storage (the file's contents are durable
 * only if they were fsynced before). */
int fsync_link(const char *oldpath, const char *newpath) FSYNC_WUR;

/* rename: rename(2) oldpath to newpath, then fsync newpath's directory
 * and, when it is a different path, oldpath's. After 0, the new name and
 * the removal of the old one are both on stable storage. */
int fsync_rename(const char *oldpath, const char *newpath) FSYNC_WUR;

/* unlink: unlink(2) path, then fsync its directory. After 0, the removal
 * is on stable storage. A missing path fails with ENOENT. */
int fsync_unlink(const char *path) FSYNC_WUR;

#endif

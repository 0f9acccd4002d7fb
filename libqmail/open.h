/* open.h — opening files with the flags qmail programs want.
 *
 * Return convention: syscall-like: a new file descriptor, or -1 with errno
 * set (as open(2) sets it). EINTR is retried.
 *
 * Every function adds O_NOCTTY, so opening a terminal never makes it the
 * controlling terminal. The open itself never blocks: it is done with
 * O_NONBLOCK, so a FIFO opens at once (reading: even with no writer;
 * writing: fails with ENXIO when nobody reads it, which is how svc and
 * svok find out that supervise is not running). O_NONBLOCK is then cleared
 * again, so the descriptor returned is an ordinary blocking one; call
 * ndelay_on for non-blocking I/O. The descriptor is NOT close-on-exec
 * (a lock or a redirection must survive exec); call coe_on for that.
 * Modes of created files are filtered through the umask as usual. */
#ifndef OPEN_H
#define OPEN_H

#include <sys/types.h>

#define OPEN_WUR __attribute__((warn_unused_result))

/* read: O_RDONLY; the file must exist. */
int open_read(const char *path) OPEN_WUR;
/* write: O_WRONLY; the file must exist; nothing is truncated. */
int open_write(const char *path) OPEN_WUR;
/* readwrite: O_RDWR; the file must exist; nothing is truncated. */
int open_readwrite(const char *path) OPEN_WUR;
/* append: O_WRONLY|O_APPEND, created with mode 0600 when missing. */
int open_append(const char *path) OPEN_WUR;
/* append_mode: open_append creating with the given mode. */
int open_append_mode(const char *path, mode_t mode) OPEN_WUR;
/* trunc: O_WRONLY, created with mode 0644 when missing, truncated to 0. */
int open_trunc(const char *path) OPEN_WUR;
/* trunc_mode: open_trunc creating with the given mode. */
int open_trunc_mode(const char *path, mode_t mode) OPEN_WUR;
/* excl: O_WRONLY, created with mode 0644; fails with EEXIST when the
 * name exists already (even as a dangling symbolic link). */
int open_excl(const char *path) OPEN_WUR;
/* excl_mode: open_excl creating with the given mode. */
int open_excl_mode(const char *path, mode_t mode) OPEN_WUR;

#endif

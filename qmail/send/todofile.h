/* todofile.h — the file operations of todo-proc: reading a whole small
 * file with a limit, and writing a new file whose fsync is deferred so
 * that one batch of messages shares its disk flushes.
 *
 * Return convention: every function returns 0, or -1 with errno set
 * (EFBIG from todofile_read for a file over its limit; EIO for a write
 * that wrote nothing). Descriptors are opened without close-on-exec
 * (todo-proc execs nothing). */
#ifndef TODOFILE_H
#define TODOFILE_H

#include <stddef.h>

#include "stralloc.h"

#define TODOFILE_WUR __attribute__((warn_unused_result))

/* read: sa = the contents of path (replaced), at most max bytes. */
int todofile_read(const char *path, stralloc *sa, size_t max) TODOFILE_WUR;
/* create: path = s[0..len), created (mode 0600 under the umask) or
 * truncated; *fd is left open for todofile_sync. On -1 nothing is open
 * (*fd is -1) and path may hold part of the data. */
int todofile_create(const char *path, const char *s, size_t len, int *fd) TODOFILE_WUR;
/* start: ask the kernel to begin writing fd's data back, without waiting
 * (a hint that lets one journal commit cover many files; no errors). */
void todofile_start(int fd);
/* sync: fsync and close *fd, which becomes -1 (also on failure). */
int todofile_sync(int *fd) TODOFILE_WUR;

#endif

/* fifo.h — creating named pipes.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set. */
#ifndef FIFO_H
#define FIFO_H

#include <sys/types.h>

/* make: create the FIFO path with mode (filtered through the umask).
 * Fails with EEXIST when the name exists, whatever it names. To open one
 * without blocking, use open_read / open_write from open.h. */
int fifo_make(const char *path, mode_t mode) __attribute__((warn_unused_result));

#endif

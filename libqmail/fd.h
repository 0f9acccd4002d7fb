/* fd.h — unbuffered whole-buffer I/O on file descriptors.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set.
 * EINTR is retried. For buffered I/O with timeouts use buf.h instead. */
#ifndef FD_H
#define FD_H

#include <stddef.h>

/* writeall: write(2) all n bytes of s to fd, retrying EINTR and carrying
 * on after short writes. 0 once every byte was written (at once for
 * n == 0); -1 with errno from the failing write (EPIPE when the reader
 * went away, EAGAIN on a non-blocking fd that is full), or EIO when a
 * write of a non-empty buffer returns 0. After -1, an unknown prefix of s
 * may have been written. fd stays open and owned by the caller; nothing
 * waits for a non-blocking fd to drain (buf.h does that). */
int fd_writeall(int fd, const char *s, size_t n) __attribute__((warn_unused_result));

#endif

/* open.c — open(2) with O_NOCTTY, a non-blocking open and EINTR retried. */
#include "open.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* open path with flags (and mode when creating); the fd comes back
 * blocking whatever the file is. */
static int open_flags(const char *path, int flags, mode_t mode)
{
  int fd, fl;
  do fd = open(path, flags | O_NOCTTY | O_NONBLOCK, mode);
  while (fd == -1 && errno == EINTR);
  if (fd == -1) return -1;
  fl = fcntl(fd, F_GETFL);
  if (fl == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

int open_read(const char *path) { return open_flags(path, O_RDONLY, 0); }

int open_write(const char *path) { return open_flags(path, O_WRONLY, 0); }

int open_readwrite(const char *path) { return open_flags(path, O_RDWR, 0); }

int open_append(const char *path) { return open_append_mode(path, 0600); }

int open_append_mode(const char *path, mode_t mode)
{
  return open_flags(path, O_WRONLY | O_APPEND | O_CREAT, mode);
}

int open_trunc(const char *path) { return open_trunc_mode(path, 0644); }

int open_trunc_mode(const char *path, mode_t mode)
{
  return open_flags(path, O_WRONLY | O_TRUNC | O_CREAT, mode);
}

int open_excl(const char *path) { return open_excl_mode(path, 0644); }

int open_excl_mode(const char *path, mode_t mode)
{
  return open_flags(path, O_WRONLY | O_EXCL | O_CREAT, mode);
}

/* todofile.c — todo-proc's reads and deferred-fsync writes (todofile.h). */
#include "todofile.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd.h"
#include "fsync.h"
#include "open.h"

/* read fd to its end into sa, failing past max bytes; 0 or -1 */
static int todofile_slurp(int fd, stralloc *sa, size_t max)
{
  for (;;) {
    size_t room;
    ssize_t r;
    if (!stralloc_readyplus(sa, 1)) return -1;
    room = sa->a - sa->len;
    if (room > max + 1 - sa->len) room = max + 1 - sa->len;
    r = read(fd, sa->s + sa->len, room);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) return 0;
    sa->len += (size_t)r;
    if (sa->len > max) { errno = EFBIG; return -1; }
  }
}

int todofile_read(const char *path, stralloc *sa, size_t max)
{
  struct stat st;
  int e, fd = open_read(path);
  if (fd == -1) return -1;
  sa->len = 0;
  if (fstat(fd, &st) == -1) goto fail;
  if ((unsigned long long)st.st_size > max) { errno = EFBIG; goto fail; }
  /* room for the whole file at once: one allocation, one read */
  if (!stralloc_ready(sa, (size_t)st.st_size + 1)) goto fail;
  if (todofile_slurp(fd, sa, max) == -1) goto fail;
  close(fd);
  return 0;
fail:
  e = errno;
  close(fd);
  errno = e;
  return -1;
}

int todofile_create(const char *path, const char *s, size_t len, int *fd)
{
  *fd = open_trunc_mode(path, 0600);
  if (*fd == -1) return -1;
  if (fd_writeall(*fd, s, len) == -1) {
    int e = errno;
    close(*fd);
    *fd = -1;
    errno = e;
    return -1;
  }
  return 0;
}

void todofile_start(int fd)
{
#ifdef SYNC_FILE_RANGE_WRITE
  (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
  (void)fd;
#endif
}

int todofile_sync(int *fd)
{
  int r = fsync_fd(*fd), e = errno;
  if (close(*fd) == -1 && r == 0) { r = -1; e = errno; }
  *fd = -1;
  errno = e;
  return r;
}

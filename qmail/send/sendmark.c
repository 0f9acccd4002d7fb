/* sendmark.c — 'D' marks with batched fsyncs, and bounce records (sendmark.h). */
#include "sendmark.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd.h"
#include "fsync.h"
#include "retry.h"

void sendmark_init(struct sendmark *b, sendmark_fail fail, void *ctx)
{
  b->n = 0;
  b->fail = fail;
  b->ctx = ctx;
}

/* the batch's fd for (id, chan), opening path when it is new; -1 errno */
static int sendmark_fd(struct sendmark *b, uint32_t id, int chan, const char *path)
{
  int fd;
  for (size_t i = 0; i < b->n; ++i)
    if (b->f[i].id == id && b->f[i].chan == chan) return b->f[i].fd;
  if (b->n == SENDMARK_BATCH) sendmark_flush(b);
  fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) return -1;
  b->f[b->n].id = id;
  b->f[b->n].chan = chan;
  b->f[b->n].fd = fd;
  ++b->n;
  return fd;
}

int sendmark_done(struct sendmark *b, uint32_t id, int chan, const char *path, off_t at)
{
  ssize_t w;
  int fd = sendmark_fd(b, id, chan, path);
  if (fd == -1) return -1;
  do w = pwrite(fd, "D", 1, at); while (w == -1 && errno == EINTR);
  if (w == 1) return 0;
  if (w != -1) errno = EIO;
  return -1;
}

void sendmark_flush(struct sendmark *b)
{
  for (size_t i = 0; i < b->n; ++i) {
    int r = fsync_fd(b->f[i].fd);
    int e = errno;
    if (close(b->f[i].fd) == -1 && r == 0) { r = -1; e = errno; }
    if (r == -1 && b->fail) b->fail(b->ctx, b->f[i].id, b->f[i].chan, e);
  }
  b->n = 0;
}

size_t sendmark_pending(const struct sendmark *b)
{
  return b->n;
}

int sendmark_bounce(const char *path, const char *rec, size_t len)
{
  struct stat st;
  int e;
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);
  if (fd == -1) return -1;
  if (fstat(fd, &st) == -1) goto fail;
  if (fd_writeall(fd, rec, len) == -1) goto fail;
  if (fsync_fd(fd) == -1) goto fail;
  if (close(fd) == -1) return -1;
  /* a new file: its name must be durable before the 'D' */
  if (st.st_size == 0 && fsync_parent(path) == -1) return -1;
  return 0;
fail:
  e = errno;
  close(fd);
  errno = e;
  return -1;
}

enum sendmark_verdict sendmark_verdict(char r, int64_t now, int64_t birth, unsigned long lifetime)
{
  if (r == 'K') return SENDMARK_DONE;
  if (r == 'D') return SENDMARK_FAIL;
  /* birth + lifetime cannot overflow: birth is a file's mtime */
  if (now >= birth + (int64_t)lifetime) return SENDMARK_EXPIRE;
  return SENDMARK_DEFER;
}

int sendmark_retry(const char *path, int64_t birth, int64_t now, int chan, int64_t *due)
{
  struct timespec ts[2];
  *due = retry_next(birth, now, chan == 0 ? RETRY_LOCAL : RETRY_REMOTE);
  ts[0].tv_sec = 0;
  ts[0].tv_nsec = UTIME_OMIT;
  ts[1].tv_sec = (time_t)*due;
  ts[1].tv_nsec = 0;
  return utimensat(AT_FDCWD, path, ts, 0);
}

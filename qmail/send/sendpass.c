/* sendpass.c — the recipients of a channel file, record by record, and the
 * sender of an info file (sendpass.h). */
#include "sendpass.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "byte.h"

void sendpass_init(struct sendpass *p)
{
  p->fd = -1;
  p->off = 0;
  p->pos = p->len = 0;
  p->eof = p->skipping = 0;
  p->skipat = 0;
}

int sendpass_open(struct sendpass *p, const char *path)
{
  int fd;
  sendpass_close(p);
  fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) return -1;
  sendpass_init(p);
  p->fd = fd;
  return 0;
}

void sendpass_close(struct sendpass *p)
{
  if (p->fd != -1) close(p->fd);
  sendpass_init(p);
}

/* make room and read more; 0, or -1 with errno */
static int sendpass_fill(struct sendpass *p)
{
  ssize_t r;
  if (p->pos == 0 && p->len == SENDPASS_BUF) {
    /* a full buffer without a NUL: a record too long; drop what we have */
    if (!p->skipping) { p->skipping = p->buf[0] == 'T' ? 2 : 1; p->skipat = p->off; }
    p->off += (off_t)p->len;
    p->len = 0;
  } else if (p->pos) {
    byte_copy(p->buf, p->len - p->pos, p->buf + p->pos);
    p->off += (off_t)p->pos;
    p->len -= p->pos;
    p->pos = 0;
  }
  do r = read(p->fd, p->buf + p->len, SENDPASS_BUF - p->len); while (r == -1 && errno == EINTR);
  if (r == -1) return -1;
  if (r == 0) p->eof = 1;
  p->len += (size_t)r;
  return 0;
}

int sendpass_next(struct sendpass *p, const char **addr, size_t *len, off_t *at)
{
  if (p->fd == -1) return SENDPASS_END;
  for (;;) {
    size_t i = byte_chr(p->buf + p->pos, p->len - p->pos, 0);
    if (i < p->len - p->pos) {
      const char *rec = p->buf + p->pos;
      off_t where = p->off + (off_t)p->pos;
      p->pos += i + 1;
      if (p->skipping) {
        int wast = p->skipping == 2;
        *at = p->skipat;
        p->skipping = 0;
        if (wast) return SENDPASS_LONG;
        continue;
      }
      if (i == 0 || rec[0] != 'T') continue;
      *at = where;
      if (i - 1 > ENVELOPE_ADDR_MAX) return SENDPASS_LONG;
      *addr = rec + 1;
      *len = i - 1;
      return SENDPASS_RCPT;
    }
    if (p->eof) return SENDPASS_END;
    if (sendpass_fill(p) == -1) return -1;
  }
}

int sendpass_readfile(const char *path, stralloc *out, size_t max)
{
  int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) return -1;
  out->len = 0;
  for (;;) {
    ssize_t r;
    if (out->len > max) { close(fd); errno = EFBIG; return -1; }
    if (!stralloc_readyplus(out, 8192)) { close(fd); return -1; }
    r = read(fd, out->s + out->len, 8192);
    if (r == -1) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    if (r == 0) break;
    out->len += (size_t)r;
  }
  close(fd);
  if (out->len > max) { errno = EFBIG; return -1; }
  return 0;
}

int sendpass_sender(const char *path, stralloc *sender)
{
  size_t i;
  if (sendpass_readfile(path, sender, ENVELOPE_RECORD_MAX + 1) == -1) return -1;
  i = byte_chr(sender->s, sender->len, 0);
  if (!sender->len || sender->s[0] != 'F' || i == sender->len) { errno = EINVAL; return -1; }
  byte_copy(sender->s, i, sender->s + 1);
  sender->len = i;   /* the address and its NUL */
  return 0;
}

/* qlmbox.c — locked, fsynced, all-or-nothing appends to an mbox file. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fsync.h"
#include "lock.h"
#include "open.h"
#include "qlmbox.h"

enum { Q_BOL, Q_MID, Q_FROM, Q_GT };

static const char from_[] = "From ";

void qlmbox_quote_init(struct qlmbox_quote *q)
{
  q->state = Q_BOL;
  q->held = 0;
}

/* The extra '>' may go anywhere in the run of '>' that starts a line (all
 * its bytes are equal), so the run is copied at once and only the
 * "From " after it is held back until it is known to match. */
int qlmbox_quote(struct qlmbox_quote *q, const char *in, size_t len, stralloc *out)
{
  if (!stralloc_readyplus(out, len + 6)) return 0;
  for (size_t i = 0; i < len; ++i) {
    char c = in[i];
    if (q->state == Q_FROM) {
      if (c == from_[q->held]) {
        if (++q->held < 5) continue;
        if (!stralloc_cats(out, ">From ")) return 0;
        q->state = Q_MID;
        q->held = 0;
        continue;
      }
      if (!stralloc_catb(out, from_, q->held)) return 0;
      q->held = 0;
      q->state = Q_MID;
    } else if (q->state == Q_BOL || q->state == Q_GT) {
      if (c == 'F') {
        q->state = Q_FROM;
        q->held = 1;
        continue;
      }
      q->state = c == '>' ? Q_GT : Q_MID;
    }
    if (!stralloc_append(out, c)) return 0;
    if (c == '\n') q->state = Q_BOL;
  }
  return 1;
}

int qlmbox_quote_end(struct qlmbox_quote *q, stralloc *out)
{
  if (q->state == Q_FROM && !stralloc_catb(out, from_, q->held)) return 0;
  if (q->state != Q_BOL && !stralloc_append(out, '\n')) return 0;
  q->state = Q_BOL;
  q->held = 0;
  return stralloc_append(out, '\n');
}

/* take the lock within seconds, polling: a mailbox reader holds it briefly */
static int lock_wait(int fd, unsigned seconds)
{
  struct timespec nap = { 0, 50 * 1000 * 1000 };
  unsigned long tries = (unsigned long)seconds * 20;
  for (;;) {
    if (lock_exnb(fd) == 0) return 0;
    if (errno != EWOULDBLOCK && errno != EINTR) return -1;
    if (!tries--) { errno = ETIMEDOUT; return -1; }
    nanosleep(&nap, 0);
  }
}

/* copy the quoted message from msgfd to b */
static int copy_quoted(int msgfd, buf *b, const char **what)
{
  char in[QLMBOX_CHUNK];
  stralloc out = STRALLOC_ZERO;
  struct qlmbox_quote q;
  int r = -1;
  qlmbox_quote_init(&q);
  *what = "unable to read the message";
  if (lseek(msgfd, 0, SEEK_SET) == -1) goto done;
  for (;;) {
    ssize_t n = read(msgfd, in, sizeof in);
    if (n == -1 && errno == EINTR) continue;
    if (n == -1) goto done;
    out.len = 0;
    if (n == 0 ? !qlmbox_quote_end(&q, &out) : !qlmbox_quote(&q, in, (size_t)n, &out)) {
      *what = "out of memory";
      goto done;
    }
    *what = "unable to write the mailbox";
    if (buf_put(b, out.s, out.len) == -1) goto done;
    *what = "unable to read the message";
    if (n == 0) break;
  }
  r = 0;
done:
  stralloc_free(&out);
  return r;
}

/* write the entry at the end of fd, fsynced */
static int append_entry(int fd, int msgfd, const char *head, size_t headlen, const char **what)
{
  char space[QLMBOX_CHUNK];
  buf b;
  buf_init(&b, buf_fdwrite, fd, space, sizeof space);
  *what = "unable to write the mailbox";
  if (buf_put(&b, head, headlen) == -1) return -1;
  if (copy_quoted(msgfd, &b, what) == -1) return -1;
  *what = "unable to write the mailbox";
  if (buf_flush(&b) == -1) return -1;
  if (fsync_fd(fd) == -1) return -1;
  return 0;
}

/* undo a failed append: the file gets its old size back (best effort:
 * the failure is reported whatever happens here) */
static void cut_back(int fd, off_t pos)
{
  int e = errno;
  if (ftruncate(fd, pos) == 0 && fsync_fd(fd) == -1) errno = e;
  errno = e;
}

int qlmbox_deliver(const char *path, int msgfd, const char *head, size_t headlen,
                   unsigned lock_seconds, const char **what)
{
  int fd, e;
  off_t pos;
  *what = "unable to open the mailbox";
  fd = open_append_mode(path, 0600);
  if (fd == -1) return -1;
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) goto fail;
  *what = "unable to lock the mailbox";
  if (lock_wait(fd, lock_seconds) == -1) goto fail;
  *what = "unable to find the end of the mailbox";
  pos = lseek(fd, 0, SEEK_END);
  if (pos == -1) goto fail;
  if (append_entry(fd, msgfd, head, headlen, what) == -1) {
    cut_back(fd, pos);
    goto fail;
  }
  if (close(fd) == -1) { *what = "unable to write the mailbox"; return -1; }
  return 0;
fail:
  e = errno;
  close(fd);
  errno = e;
  return -1;
}

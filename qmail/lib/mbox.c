/* mbox.c — From_ lines, ">From " quoting, and locked, fsynced,
 * all-or-nothing appends to an mbox file. */
#include "mbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byte.h"
#include "case.h"
#include "fsync.h"
#include "lock.h"
#include "open.h"

enum { Q_BOL, Q_MID, Q_FROM, Q_GT };

static const char from_[] = "From ";

void mbox_quote_init(struct mbox_quote *q)
{
  q->state = Q_BOL;
  q->held = 0;
}

/* The extra '>' may go anywhere in the run of '>' that starts a line (all
 * its bytes are equal), so the run is copied at once and only the
 * "From " after it is held back until it is known to match. */
int mbox_quote(struct mbox_quote *q, const char *in, size_t len, stralloc *out)
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

int mbox_quote_end(struct mbox_quote *q, stralloc *out)
{
  if (q->state == Q_FROM && !stralloc_catb(out, from_, q->held)) return 0;
  if (q->state != Q_BOL && !stralloc_append(out, '\n')) return 0;
  q->state = Q_BOL;
  q->held = 0;
  return stralloc_append(out, '\n');
}

/* returnpath: 1 with the address of a "Return-Path: <address>" line at
 * s[*at..*at + *n), 0 when s[0..len) is no such line */
static int returnpath(const char *s, size_t len, size_t *at, size_t *n)
{
  size_t i = 12, end;
  if (!case_startb(s, len, "Return-Path:")) return 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= len || s[i] != '<') return 0;
  end = byte_rchr(s + i, len - i, '>');
  if (end >= len - i) return 0;
  *at = i + 1;
  *n = end - 1;
  return 1;
}

/* append " Thu Nov  5 13:05:09 2026\n", tm as asctime(3) writes it */
static int cat_date(stralloc *out, const struct tm *tm)
{
  static const char day[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
  static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  return stralloc_append(out, ' ') && stralloc_cats(out, day[tm->tm_wday]) &&
         stralloc_append(out, ' ') && stralloc_cats(out, mon[tm->tm_mon]) &&
         stralloc_append(out, ' ') && (tm->tm_mday >= 10 || stralloc_append(out, ' ')) &&
         stralloc_catulong0(out, (unsigned long long)tm->tm_mday, 1) &&
         stralloc_append(out, ' ') && stralloc_catulong0(out, (unsigned long long)tm->tm_hour, 2) &&
         stralloc_append(out, ':') && stralloc_catulong0(out, (unsigned long long)tm->tm_min, 2) &&
         stralloc_append(out, ':') && stralloc_catulong0(out, (unsigned long long)tm->tm_sec, 2) &&
         stralloc_append(out, ' ') &&
         stralloc_catulong0(out, (unsigned long long)(tm->tm_year + 1900), 4) &&
         stralloc_append(out, '\n');
}

int mbox_fromline(stralloc *out, const char *sender, size_t len, time_t t)
{
  struct tm tm;
  if (!gmtime_r(&t, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900) {
    errno = EOVERFLOW;
    return 0;
  }
  if (!stralloc_copys(out, "From ")) return 0;
  if (!len) {
    if (!stralloc_cats(out, "MAILER-DAEMON")) return 0;
  } else {
    if (!stralloc_readyplus(out, len)) return 0;
    for (size_t i = 0; i < len; ++i) {
      unsigned char c = (unsigned char)sender[i];
      out->s[out->len++] = c <= 32 || c == 127 ? '-' : (char)c;
    }
  }
  return cat_date(out, &tm);
}

int mbox_ufline(stralloc *out, const char *first, size_t len, time_t t)
{
  size_t at, n;
  if (!returnpath(first, len, &at, &n)) return mbox_fromline(out, "unknown", 7, t);
  return mbox_fromline(out, first + at, n, t);
}

int mbox_copy(int fd, buf *out, enum mbox_step *step)
{
  char in[MBOX_CHUNK];
  stralloc q = STRALLOC_ZERO;
  struct mbox_quote st;
  int r = -1;
  mbox_quote_init(&st);
  for (;;) {
    ssize_t n = read(fd, in, sizeof in);
    if (n == -1 && errno == EINTR) continue;
    *step = MBOX_READ;
    if (n == -1) break;
    q.len = 0;
    *step = MBOX_NOMEM;
    if (n == 0 ? !mbox_quote_end(&st, &q) : !mbox_quote(&st, in, (size_t)n, &q)) break;
    *step = MBOX_WRITE;
    if (buf_put(out, q.s, q.len) == -1) break;
    if (n == 0) { r = 0; break; }
  }
  stralloc_free(&q);
  return r;
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

/* write the entry at the end of fd, fsynced */
static int append_entry(int fd, int msgfd, const char *head, size_t headlen, const char **what)
{
  static const char *const said[] = { "unable to read the message", "unable to write the mailbox",
                                      "out of memory" };
  char space[MBOX_CHUNK];
  enum mbox_step step;
  buf b;
  buf_init(&b, buf_fdwrite, fd, space, sizeof space);
  *what = "unable to write the mailbox";
  if (buf_put(&b, head, headlen) == -1) return -1;
  *what = said[MBOX_READ];
  if (lseek(msgfd, 0, SEEK_SET) == -1) return -1;
  if (mbox_copy(msgfd, &b, &step) == -1) { *what = said[step]; return -1; }
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

/* lock fd, append the entry at its end, or leave it as it was */
static int locked_append(int fd, int msgfd, const char *head, size_t headlen,
                         unsigned lock_seconds, const char **what)
{
  off_t pos;
  *what = "unable to open the mailbox";
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) return -1;
  *what = "unable to lock the mailbox";
  if (lock_wait(fd, lock_seconds) == -1) return -1;
  *what = "unable to find the end of the mailbox";
  pos = lseek(fd, 0, SEEK_END);
  if (pos == -1) return -1;
  if (append_entry(fd, msgfd, head, headlen, what) == -1) {
    cut_back(fd, pos);
    return -1;
  }
  return 0;
}

int mbox_deliver(const char *path, int msgfd, const char *head, size_t headlen,
                 unsigned lock_seconds, const char **what)
{
  int fd, e;
  *what = "unable to open the mailbox";
  fd = open_append_mode(path, 0600);
  if (fd == -1) return -1;
  if (locked_append(fd, msgfd, head, headlen, lock_seconds, what) == -1) {
    e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  if (close(fd) == -1) { *what = "unable to write the mailbox"; return -1; }
  return 0;
}

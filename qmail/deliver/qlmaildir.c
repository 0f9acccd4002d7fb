/* qlmaildir.c — write in tmp/, fsync, link into new/, fsync new/. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "fsync.h"
#include "qlmaildir.h"
#include "str.h"

int qlmaildir_name(stralloc *out, unsigned long long sec, unsigned long usec,
                   unsigned long pid, unsigned long seq, const char *host)
{
  out->len = 0;
  if (!stralloc_catulong0(out, sec, 0) || !stralloc_cats(out, ".M") ||
      !stralloc_catulong0(out, usec, 0) || !stralloc_append(out, 'P') ||
      !stralloc_catulong0(out, pid, 0) || !stralloc_append(out, 'Q') ||
      !stralloc_catulong0(out, seq, 0) || !stralloc_append(out, '.'))
    return 0;
  for (; *host; ++host) {
    const char *s = *host == '/' ? "\\057" : *host == ':' ? "\\072" : 0;
    if (s ? !stralloc_cats(out, s) : !stralloc_append(out, *host)) return 0;
  }
  if (!stralloc_0(out)) return 0;
  --out->len;
  return 1;
}

struct md {
  int dfd;                   /* the Maildir */
  stralloc name, tmpfn, newfn;
  char host[256];
};

/* write head and the message to fd, fsynced */
static int md_write(int fd, int msgfd, const char *head, size_t headlen, const char **what)
{
  char space[QLMAILDIR_CHUNK], in[QLMAILDIR_CHUNK];
  buf b;
  buf_init(&b, buf_fdwrite, fd, space, sizeof space);
  *what = "unable to write the file in tmp/";
  if (buf_put(&b, head, headlen) == -1) return -1;
  *what = "unable to read the message";
  if (lseek(msgfd, 0, SEEK_SET) == -1) return -1;
  for (;;) {
    ssize_t n = read(msgfd, in, sizeof in);
    if (n == -1 && errno == EINTR) continue;
    *what = "unable to read the message";
    if (n == -1) return -1;
    if (n == 0) break;
    *what = "unable to write the file in tmp/";
    if (buf_put(&b, in, (size_t)n) == -1) return -1;
  }
  *what = "unable to write the file in tmp/";
  if (buf_flush(&b) == -1 || fsync_fd(fd) == -1) return -1;
  return 0;
}

/* one try with name number seq: 0 done, 1 the name is taken, -1 failed */
static int md_try(struct md *m, unsigned long seq, int msgfd, const char *head,
                  size_t headlen, const char **what)
{
  struct timeval tv;
  int fd, e;
  gettimeofday(&tv, 0);
  *what = "out of memory";
  if (!qlmaildir_name(&m->name, (unsigned long long)tv.tv_sec, (unsigned long)tv.tv_usec,
                      (unsigned long)getpid(), seq, m->host) ||
      !stralloc_copys(&m->tmpfn, "tmp/") || !stralloc_cats(&m->tmpfn, m->name.s) ||
      !stralloc_0(&m->tmpfn) || !stralloc_copys(&m->newfn, "new/") ||
      !stralloc_cats(&m->newfn, m->name.s) || !stralloc_0(&m->newfn))
    return -1;
  *what = "unable to create a file in tmp/";
  fd = openat(m->dfd, m->tmpfn.s, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd == -1) return errno == EEXIST ? 1 : -1;
  if (md_write(fd, msgfd, head, headlen, what) == -1) goto fail;
  if (close(fd) == -1) { fd = -1; goto fail; }
  fd = -1;
  *what = "unable to link the file into new/";
  if (linkat(m->dfd, m->tmpfn.s, m->dfd, m->newfn.s, 0) == -1) {
    if (errno != EEXIST) goto fail;
    unlinkat(m->dfd, m->tmpfn.s, 0);
    return 1;
  }
  *what = "unable to sync new/";
  if (fsync_dirat(m->dfd, "new") == -1) {
    e = errno;
    unlinkat(m->dfd, m->newfn.s, 0);   /* not durable: not delivered */
    errno = e;
    goto fail;
  }
  unlinkat(m->dfd, m->tmpfn.s, 0);
  return 0;
fail:
  e = errno;
  if (fd != -1) close(fd);
  unlinkat(m->dfd, m->tmpfn.s, 0);
  errno = e;
  return -1;
}

int qlmaildir_deliver(const char *dir, int msgfd, const char *head, size_t headlen,
                      const char **what)
{
  struct md m = { -1, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, "" };
  int r = -1, e;
  if (gethostname(m.host, sizeof m.host) == -1 || !m.host[0])
    if (!str_copyb(m.host, sizeof m.host, "localhost")) return -1;
  m.host[sizeof m.host - 1] = 0;
  *what = "unable to open the maildir";
  m.dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (m.dfd == -1) return -1;
  for (unsigned long seq = 0; seq < QLMAILDIR_TRIES; ++seq) {
    r = md_try(&m, seq, msgfd, head, headlen, what);
    if (r != 1) break;
    *what = "unable to find a free file name in tmp/";
    errno = EEXIST;
    r = -1;
  }
  e = errno;
  close(m.dfd);
  stralloc_free(&m.name);
  stralloc_free(&m.tmpfn);
  stralloc_free(&m.newfn);
  errno = e;
  return r;
}

/* maildir2mbox.c — move the messages of $MAILDIR to the end of the mbox
 * $MAIL, through the temporary file $MAILTMP, removing them only once the
 * new mbox is safely in place. */
#include <errno.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "byte.h"
#include "env.h"
#include "exitcode.h"
#include "fsync.h"
#include "lock.h"
#include "mbox.h"
#include "open.h"
#include "qhmaildir.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "maildir2mbox: fatal: "
#define WARNING "maildir2mbox: warning: "
/* the most bytes of a message's first line read for its From_ line */
#define M2M_LINE_MAX 65536

struct m2m {
  const char *maildir, *mail, *mailtmp;
  struct qhmaildir md;
  int fdlock, fdold, fdnew;
  buf out;
  char outbuf[BUF_OUTSIZE];
  char first[M2M_LINE_MAX];     /* the start of a message */
  stralloc ufline, path;
};

static void __attribute__((noreturn)) nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
}

static const char *need(const char *name)
{
  const char *v = env_get(name);
  if (!v || !*v) strerr_die(EXIT_PERM, FATAL, name, " not set", (char *)0);
  return v;
}

static void put(struct m2m *m, const char *s, size_t n)
{
  if (buf_put(&m->out, s, n) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write ", m->mailtmp, ": ", STRERR_SYS, (char *)0);
}

/* lock $MAIL, and start $MAILTMP as a copy of it, with its mode */
static void start(struct m2m *m)
{
  struct stat old, tmp;
  char chunk[BUF_INSIZE];
  ssize_t r;
  m->fdlock = open_append(m->mail);
  if (m->fdlock == -1) strerr_die(EXIT_TEMP, FATAL, "unable to open ", m->mail, ": ", STRERR_SYS, (char *)0);
  if (lock_ex(m->fdlock) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to lock ", m->mail, ": ", STRERR_SYS, (char *)0);
  m->fdold = open_read(m->mail);
  if (m->fdold == -1 || fstat(m->fdold, &old) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to read ", m->mail, ": ", STRERR_SYS, (char *)0);
  if (stat(m->mailtmp, &tmp) == 0 && tmp.st_dev == old.st_dev && tmp.st_ino == old.st_ino)
    strerr_die(EXIT_PERM, FATAL, "MAILTMP and MAIL are the same file", (char *)0);
  m->fdnew = open_trunc_mode(m->mailtmp, 0600);
  if (m->fdnew == -1 || fchmod(m->fdnew, old.st_mode & 07777) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to create ", m->mailtmp, ": ", STRERR_SYS, (char *)0);
  buf_init(&m->out, buf_fdwrite, m->fdnew, m->outbuf, sizeof m->outbuf);
  while ((r = read(m->fdold, chunk, sizeof chunk)) != 0) {
    if (r == -1) {
      if (errno == EINTR) continue;
      strerr_die(EXIT_TEMP, FATAL, "unable to read ", m->mail, ": ", STRERR_SYS, (char *)0);
    }
    put(m, chunk, (size_t)r);
  }
  close(m->fdold);
}

/* append one message: From_ line from its first line, then its entry */
static void append(struct m2m *m, const struct qhmaildir_msg *msg)
{
  struct stat st;
  int fd = open_read(msg->path);
  time_t t = (time_t)msg->t;
  enum mbox_step step;
  ssize_t n;
  size_t len;
  if (fd == -1 || fstat(fd, &st) == -1 || (n = pread(fd, m->first, sizeof m->first, 0)) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to read ", msg->path, ": ", STRERR_SYS, (char *)0);
  if (!msg->t) t = st.st_mtime;
  len = byte_chr(m->first, (size_t)n, '\n');
  if (len < (size_t)n) ++len;
  if (!mbox_ufline(&m->ufline, m->first, len, t)) nomem();
  put(m, m->ufline.s, m->ufline.len);
  if (mbox_copy(fd, &m->out, &step) == -1) {
    if (step == MBOX_NOMEM) nomem();
    if (step == MBOX_READ)
      strerr_die(EXIT_TEMP, FATAL, "unable to read ", msg->path, ": ", STRERR_SYS, (char *)0);
    strerr_die(EXIT_TEMP, FATAL, "unable to write ", m->mailtmp, ": ", STRERR_SYS, (char *)0);
  }
  close(fd);
}

/* the new mbox durable, then in place of the old one */
static void finish(struct m2m *m)
{
  if (buf_flush(&m->out) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write ", m->mailtmp, ": ", STRERR_SYS, (char *)0);
  if (fsync_fd(m->fdnew) == -1 || close(m->fdnew) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write ", m->mailtmp, ": ", STRERR_SYS, (char *)0);
  if (fsync_rename(m->mailtmp, m->mail) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to move ", m->mailtmp, " to ", m->mail, ": ", STRERR_SYS, (char *)0);
}

/* remove the messages now in the mbox; 0, or -1 when one stayed */
static int remove_all(struct m2m *m)
{
  static const char *const sub[] = { "/new", "/cur" };
  size_t i;
  int ret = 0;
  for (i = 0; i < m->md.msgs.len; ++i)
    if (unlink(m->md.msgs.items[i].path) == -1 && errno != ENOENT) {
      strerr_warn(WARNING, "unable to remove ", m->md.msgs.items[i].path, ": ", STRERR_SYS, (char *)0);
      ret = -1;
    }
  for (i = 0; i < 2; ++i) {
    if (!stralloc_copys(&m->path, m->maildir) || !stralloc_cats(&m->path, sub[i]) ||
        !stralloc_0(&m->path))
      nomem();
    if (fsync_dir(m->path.s) == -1) {
      strerr_warn(WARNING, "unable to sync ", m->path.s, ": ", STRERR_SYS, (char *)0);
      ret = -1;
    }
  }
  return ret;
}

int main(void)
{
  static struct m2m m;
  size_t i;
  m.maildir = need("MAILDIR");
  m.mail = need("MAIL");
  m.mailtmp = need("MAILTMP");
  if (qhmaildir_clean(m.maildir, time((time_t *)0)) == -1)
    strerr_warn(WARNING, "unable to clean ", m.maildir, "/tmp: ", STRERR_SYS, (char *)0);
  if (qhmaildir_scan(&m.md, m.maildir, 1) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to scan ", m.maildir, ": ", STRERR_SYS, (char *)0);
  if (!m.md.msgs.len) return EXIT_OK;
  start(&m);
  for (i = 0; i < m.md.msgs.len; ++i) append(&m, &m.md.msgs.items[i]);
  finish(&m);
  return remove_all(&m) == -1 ? EXIT_TEMP : EXIT_OK;
}

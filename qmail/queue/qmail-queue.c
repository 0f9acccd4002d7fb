/* qmail-queue.c — put one message into a queue, crash-safely (qmail-queue(8)).
 *
 * The message arrives on fd 0, the envelope on fd 1. The commit protocol
 * (DESIGN.md §4-5): pid/NAME is created and its inode becomes the message
 * number; it is linked to mess/SPLIT/NUM, the message (after our Received
 * line) is written and fsynced; intd/NUM gets the envelope and is fsynced;
 * the directories changed are fsynced; intd/NUM is linked to todo/NUM and
 * todo/ is fsynced; only then do we exit 0. Any failure removes what was
 * made and exits with a code of enum qq_exit: nothing half-made is left
 * for qmail-send to find. qmail-queue prints nothing: its exit code is
 * its answer. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date822.h"
#include "envelope.h"
#include "env.h"
#include "exitcode.h"
#include "fsync.h"
#include "getln.h"
#include "open.h"
#include "paths.h"
#include "qpath.h"
#include "scan.h"
#include "stralloc.h"
#include "users.h"

/* how long we wait for the message or the envelope, as qmail's DEATH */
#define QQ_TIMEOUT_MS (86400 * 1000)
/* free space kept in the queue's file system unless MIN_FREE says otherwise */
#define QQ_MIN_FREE_DEFAULT (10ul * 1024 * 1024)
#define QQ_PID_TRIES 16
#define QQ_IOSIZE 65536

struct qq {
  struct paths ps;
  stralloc queuedir;
  stralloc pidfn, messfn, messdir, intdfn, todofn;
  stralloc rec;
  unsigned long num;
  int messfd, intdfd;
  int made_pid, made_mess, made_intd, made_todo;
  char inspace[QQ_IOSIZE], outspace[QQ_IOSIZE];
};

/* remove whatever this run made, then exit with code */
static void __attribute__((noreturn)) qq_die(struct qq *q, int code)
{
  if (q->made_todo) unlink(q->todofn.s);
  if (q->made_intd) unlink(q->intdfn.s);
  if (q->made_mess) unlink(q->messfn.s);
  if (q->made_pid) unlink(q->pidfn.s);
  _exit(code);
}

/* die with the code for errno: ENOMEM is 51, ETIMEDOUT 52, else dflt */
static void __attribute__((noreturn)) qq_die_errno(struct qq *q, int dflt)
{
  if (errno == ENOMEM || errno == EOVERFLOW) qq_die(q, QQ_NOMEM);
  if (errno == ETIMEDOUT) qq_die(q, QQ_TIMEOUT);
  qq_die(q, dflt);
}

/* choose the queue directory and enter it */
static void qq_enter(struct qq *q)
{
  if (paths_init(&q->ps) == -1) qq_die_errno(q, QQ_CONTROL);
  if (paths_fromenv(&q->ps, PATHS_QUEUEDIR)) {
    if (!stralloc_copys(&q->queuedir, paths_get(&q->ps, PATHS_QUEUEDIR))) qq_die(q, QQ_NOMEM);
  } else {
    unsigned long n = qpath_pick(q->ps.queue_start, q->ps.queue_count);
    if (paths_queue(&q->ps, n, &q->queuedir) == -1) qq_die_errno(q, QQ_QUEUEDIR);
  }
  if (!stralloc_0(&q->queuedir)) qq_die(q, QQ_NOMEM);
  if (chdir(q->queuedir.s) == -1) qq_die(q, QQ_QUEUEDIR);
}

/* refuse when the queue's file system has less than MIN_FREE bytes free */
static void qq_checkspace(struct qq *q)
{
  const char *s = env_get("MIN_FREE");
  unsigned long minfree = QQ_MIN_FREE_DEFAULT;
  struct statvfs sv;
  if (s && *s) {
    size_t n = 0;
    while (s[n]) ++n;
    if (scan_ulong(s, n, &minfree) != n) qq_die(q, QQ_CONTROL);
  }
  if (minfree == 0) return;
  if (statvfs(".", &sv) == -1) qq_die(q, QQ_QUEUEDIR);
  if ((unsigned long long)sv.f_bavail * sv.f_frsize < minfree) qq_die(q, QQ_WRITE);
}

/* make pid/PID.TIME.TRY and take its inode as the message number */
static void qq_pidfile(struct qq *q)
{
  struct stat st;
  for (int i = 0; i < QQ_PID_TRIES; ++i) {
    if (!stralloc_copys(&q->pidfn, "pid/") ||
        !stralloc_catulong0(&q->pidfn, (unsigned long)getpid(), 0) ||
        !stralloc_append(&q->pidfn, '.') ||
        !stralloc_catulong0(&q->pidfn, (unsigned long long)time(0), 0) ||
        !stralloc_append(&q->pidfn, '.') ||
        !stralloc_catulong0(&q->pidfn, (unsigned long)i, 0) ||
        !stralloc_0(&q->pidfn))
      qq_die(q, QQ_NOMEM);
    q->messfd = open_excl(q->pidfn.s);
    if (q->messfd != -1) break;
    if (errno != EEXIST) qq_die(q, QQ_PID);
  }
  if (q->messfd == -1) qq_die(q, QQ_PID);
  q->made_pid = 1;
  if (fstat(q->messfd, &st) == -1) qq_die(q, QQ_PID);
  q->num = (unsigned long)st.st_ino;
  if (!qpath_file(&q->messfn, QPATH_MESS, q->num, q->ps.split) ||
      !qpath_dir(&q->messdir, QPATH_MESS, q->num, q->ps.split) ||
      !qpath_file(&q->intdfn, QPATH_INTD, q->num, q->ps.split) ||
      !qpath_file(&q->todofn, QPATH_TODO, q->num, q->ps.split))
    qq_die(q, QQ_NOMEM);
  /* the pid file becomes the message file: the same inode, a second name */
  if (link(q->pidfn.s, q->messfn.s) == -1) qq_die(q, QQ_MESS);
  q->made_mess = 1;
  if (unlink(q->pidfn.s) == -1) qq_die(q, QQ_PID);
  q->made_pid = 0;
}

/* how the invoker is named in the Received line: qmail's words for the
 * alias, qmaild (network) and qmails (bounce) users, else by uid. One
 * user-database lookup: the invoker's name against the conf-users names. */
static const char *qq_invoker(uid_t uid)
{
  struct passwd *pw = getpwuid(uid);
  if (!pw || !pw->pw_name) return 0;
  if (!strcmp(pw->pw_name, users_name(USERS_ALIAS))) return "by alias";
  if (!strcmp(pw->pw_name, users_name(USERS_QMAILD))) return "from network";
  if (!strcmp(pw->pw_name, users_name(USERS_QMAILS))) return "for bounce";
  return 0;
}

/* the Received line: who handed us the message, and when */
static int qq_received(buf *out)
{
  char date[DATE822_FMT + 1];
  stralloc line = STRALLOC_ZERO;
  uid_t uid = getuid();
  const char *how = qq_invoker(uid);
  size_t n = date822_fmt(date, sizeof date, time(0), 0);
  int r;
  date[n] = 0;
  r = stralloc_copys(&line, "Received: (indimail-mta ") &&
      stralloc_catulong0(&line, (unsigned long)getpid(), 0) &&
      stralloc_cats(&line, " invoked ") &&
      (how ? stralloc_cats(&line, how)
           : stralloc_cats(&line, "by uid ") &&
             stralloc_catulong0(&line, (unsigned long)uid, 0)) &&
      stralloc_cats(&line, "); ") && stralloc_cats(&line, date) &&
      stralloc_append(&line, '\n');
  if (!r) { stralloc_free(&line); errno = ENOMEM; return -1; }
  r = buf_put(out, line.s, line.len);
  stralloc_free(&line);
  return r;
}

/* copy the message from fd 0 into the message file, then make it durable */
static void qq_message(struct qq *q)
{
  buf in, out;
  buf_init(&in, buf_fdread, 0, q->inspace, sizeof q->inspace);
  buf_settimeout(&in, QQ_TIMEOUT_MS);
  buf_init(&out, buf_fdwrite, q->messfd, q->outspace, sizeof q->outspace);
  if (qq_received(&out) == -1) qq_die_errno(q, QQ_WRITE);
  for (;;) {
    ssize_t r = buf_feed(&in);
    if (r == -1) qq_die_errno(q, QQ_READ);
    if (r == 0) break;
    if (buf_put(&out, buf_peek(&in), (size_t)r) == -1) qq_die_errno(q, QQ_WRITE);
    buf_seek(&in, (size_t)r);
  }
  if (buf_flush(&out) == -1) qq_die_errno(q, QQ_WRITE);
  if (fsync_fd(q->messfd) == -1) qq_die(q, QQ_WRITE);
  if (close(q->messfd) == -1) qq_die(q, QQ_WRITE);
  q->messfd = -1;
}

/* read the envelope from fd 1 record by record into intd/NUM */
static void qq_envelope(struct qq *q)
{
  struct envelope env;
  buf in, out;
  int match;
  q->intdfd = open_excl(q->intdfn.s);
  if (q->intdfd == -1) qq_die(q, QQ_INTD);
  q->made_intd = 1;
  buf_init(&in, buf_fdread, 1, q->inspace, sizeof q->inspace);
  buf_settimeout(&in, QQ_TIMEOUT_MS);
  buf_init(&out, buf_fdwrite, q->intdfd, q->outspace, sizeof q->outspace);
  if (!stralloc_copys(&q->rec, "u") ||
      !stralloc_catulong0(&q->rec, (unsigned long)getuid(), 0) || !stralloc_0(&q->rec) ||
      !stralloc_append(&q->rec, 'p') ||
      !stralloc_catulong0(&q->rec, (unsigned long)getpid(), 0) || !stralloc_0(&q->rec))
    qq_die(q, QQ_NOMEM);
  if (buf_put(&out, q->rec.s, q->rec.len) == -1) qq_die_errno(q, QQ_WRITE);
  envelope_init(&env);
  for (;;) {
    enum envelope_result r;
    if (getln(&in, &q->rec, &match, 0, ENVELOPE_RECORD_MAX + 1) == -1) {
      if (errno != EMSGSIZE) qq_die_errno(q, QQ_READ);
      match = 1; /* judged below: longer than any address */
    }
    if (!match) qq_die(q, QQ_READ); /* the envelope stops mid-record */
    if (q->rec.len && q->rec.s[q->rec.len - 1] == 0) --q->rec.len;
    r = envelope_next(&env, q->rec.s, q->rec.len);
    if (r == ENVELOPE_END) break;
    if (r != ENVELOPE_MORE) qq_die(q, (int)r);
    if (buf_put(&out, q->rec.s, q->rec.len) == -1 || buf_put(&out, "", 1) == -1)
      qq_die_errno(q, QQ_WRITE);
  }
  if (buf_flush(&out) == -1) qq_die_errno(q, QQ_WRITE);
  if (fsync_fd(q->intdfd) == -1) qq_die(q, QQ_WRITE);
  if (close(q->intdfd) == -1) qq_die(q, QQ_WRITE);
  q->intdfd = -1;
}

/* make the message visible to qmail-send, durably */
static void qq_commit(struct qq *q)
{
  /* the names of mess/ and intd/ must be on disk before todo/ names them */
  if (fsync_dir(q->messdir.s) == -1) qq_die(q, QQ_WRITE);
  if (fsync_dir("intd") == -1) qq_die(q, QQ_WRITE);
  if (link(q->intdfn.s, q->todofn.s) == -1) qq_die(q, QQ_TODO);
  q->made_todo = 1;
  if (fsync_dir("todo") == -1) qq_die(q, QQ_WRITE);
}

/* tell qmail-send that something is waiting; a missing reader is fine */
static void qq_trigger(void)
{
  int fd = open("lock/trigger", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) return;
  if (write(fd, "", 1) == -1) { /* nobody listening: it will scan anyway */ }
  close(fd);
}

int main(void)
{
  static struct qq q;
  q.messfd = q.intdfd = -1;
  umask(033);
  qq_enter(&q);
  qq_checkspace(&q);
  qq_pidfile(&q);
  qq_message(&q);
  qq_envelope(&q);
  qq_commit(&q);
  qq_trigger();
  _exit(QQ_OK);
}

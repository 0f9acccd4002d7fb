/* bounce.c — whom a bounce goes to, and handing it to qmail-queue (bounce.h). */
#include "bounce.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "qpath.h"
#include "sendpass.h"
#include "str.h"
#include "strerr.h"
#include "wait.h"

int bounce_route(const char *sender, const char *dbto, const char *dbhost, stralloc *from,
                 stralloc *to)
{
  if (str_equal(sender, BOUNCE_DOUBLE_SENDER)) return BOUNCE_DISCARD;
  if (*sender) {
    if (!stralloc_copys(from, "") || !stralloc_0(from)) return -1;
    if (!stralloc_copys(to, sender) || !stralloc_0(to)) return -1;
    return BOUNCE_NORMAL;
  }
  if (!*dbto) return BOUNCE_DISCARD;
  if (!stralloc_copys(from, BOUNCE_DOUBLE_SENDER) || !stralloc_0(from)) return -1;
  if (!stralloc_copys(to, dbto)) return -1;
  if (dbto[str_chr(dbto, '@')] != '@')
    if (!stralloc_append(to, '@') || !stralloc_cats(to, dbhost)) return -1;
  if (!stralloc_0(to)) return -1;
  return BOUNCE_DOUBLE;
}

/* why = s1 s2 (a C string); -1 */
static int bounce_why(stralloc *why, const char *s1, const char *s2)
{
  if (!stralloc_copys(why, s1) || !stralloc_cats(why, s2) || !stralloc_0(why)) why->len = 0;
  return -1;
}

/* why = s1 s2; code */
static int bounce_say(stralloc *why, int code, const char *s1, const char *s2)
{
  bounce_why(why, s1, s2);
  return code;
}

/* the child: pipes onto 0 and 1, then exec; on failure errno goes back
 * through errfd */
static void __attribute__((noreturn)) bounce_child(const struct bounce_job *job, int mfd,
                                                    int efd, int errfd)
{
  char *argv[2];
  int e;
  argv[0] = (char *)(uintptr_t)job->prog;
  argv[1] = 0;
  if (dup2(mfd, 0) != -1 && dup2(efd, 1) != -1) execve(job->prog, argv, job->envp);
  e = errno;
  if (write(errfd, &e, sizeof e) == -1) {}
  _exit(QQ_BUG);
}

/* write the DSN to *mfd and close it (*mfd = -1), then the envelope to
 * efd; 0, or -1 with errno */
static int bounce_feed(const struct bounce_job *job, int *mfd, int efd)
{
  char space[8192];
  buf b;
  int r;
  buf_init(&b, buf_fdwrite, *mfd, space, sizeof space);
  if (dsn_write(&b, job->info, job->r, job->n, job->origfd) == -1) return -1;
  if (buf_flush(&b) == -1) return -1;
  r = close(*mfd);
  *mfd = -1;
  if (r == -1) return -1;
  buf_init(&b, buf_fdwrite, efd, space, sizeof space);
  if (buf_put(&b, "F", 1) == -1 || buf_put(&b, job->from, str_len(job->from) + 1) == -1 ||
      buf_put(&b, "T", 1) == -1 || buf_put(&b, job->to, str_len(job->to) + 1) == -1 ||
      buf_putflush(&b, "", 1) == -1)
    return -1;
  return 0;
}

/* after the child ran: its verdict, or ours when we failed to feed it */
static int bounce_verdict(int status, int fed, int feederr, stralloc *why)
{
  int code;
  if (wait_crashed(status)) return bounce_why(why, "qq crashed", "");
  code = wait_exitcode(status);
  if (code != 0) return bounce_why(why, qq_str(code), "");
  if (!fed) return bounce_why(why, "unable to write the bounce: ", error_str(feederr));
  return 0;
}

int bounce_inject(const struct bounce_job *job, pid_t *qp, stralloc *why)
{
  int pm[2], pe[2], px[2], e = 0, fed, feederr = 0, status;
  ssize_t r;
  pid_t pid;
  if (pipe2(pm, O_CLOEXEC) == -1) return bounce_why(why, "unable to make a pipe: ", error_str(errno));
  if (pipe2(pe, O_CLOEXEC) == -1) {
    e = errno;
    close(pm[0]); close(pm[1]);
    return bounce_why(why, "unable to make a pipe: ", error_str(e));
  }
  if (pipe2(px, O_CLOEXEC) == -1) {
    e = errno;
    close(pm[0]); close(pm[1]); close(pe[0]); close(pe[1]);
    return bounce_why(why, "unable to make a pipe: ", error_str(e));
  }
  pid = fork();
  if (pid == 0) bounce_child(job, pm[0], pe[0], px[1]);
  e = errno;
  close(pm[0]); close(pe[0]); close(px[1]);
  if (pid == -1) {
    close(pm[1]); close(pe[1]); close(px[0]);
    return bounce_why(why, "unable to fork: ", error_str(e));
  }
  *qp = pid;
  fed = bounce_feed(job, &pm[1], pe[1]) == 0;
  if (!fed) feederr = errno;
  if (pm[1] != -1) close(pm[1]);
  close(pe[1]);
  do r = read(px[0], &e, sizeof e); while (r == -1 && errno == EINTR);
  close(px[0]);
  if (wait_pid(pid, &status) == -1) return bounce_why(why, "unable to wait: ", error_str(errno));
  if (r == (ssize_t)sizeof e) return bounce_why(why, "unable to run the queue program: ", error_str(e));
  return bounce_verdict(status, fed, feederr, why);
}

/* the DSN of the parsed records l, from sender, to the routed envelope */
static int bounce_build(const struct bounce_ctl *c, unsigned long num, time_t birth, time_t now,
                        const char *sender, const stralloc *from, const stralloc *to,
                        const struct dsn_list *l, pid_t *qp, stralloc *why)
{
  stralloc fn = STRALLOC_ZERO, mailfrom = STRALLOC_ZERO;
  struct dsn_info info;
  struct bounce_job job;
  int fd, r;
  if (!qpath_file(&fn, QPATH_MESS, num, c->split)) return bounce_say(why, BOUNCE_FAILED, "out of memory", "");
  fd = open(fn.s, O_RDONLY | O_NOCTTY | O_CLOEXEC);
  /* a message file gone missing still gets its bounce, without a copy */
  if (fd == -1 && errno == ENOENT) fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  stralloc_free(&fn);
  if (fd == -1) return bounce_say(why, BOUNCE_FAILED, "unable to open the message: ", error_str(errno));
  if (!stralloc_copys(&mailfrom, c->bouncefrom) || !stralloc_append(&mailfrom, '@') ||
      !stralloc_cats(&mailfrom, c->bouncehost) || !stralloc_0(&mailfrom)) {
    close(fd);
    stralloc_free(&mailfrom);
    return bounce_say(why, BOUNCE_FAILED, "out of memory", "");
  }
  info.host = c->bouncehost;
  info.from = mailfrom.s;
  info.to = to->s;
  info.sender = sender;
  info.num = num;
  info.arrival = birth;
  info.now = now;
  info.maxbytes = c->maxbytes;
  info.doublebounce = !*sender;
  job.prog = c->prog;
  job.envp = c->envp;
  job.from = from->s;
  job.to = to->s;
  job.info = &info;
  job.r = l->r;
  job.n = l->n;
  job.origfd = fd;
  r = bounce_inject(&job, qp, why);
  close(fd);
  stralloc_free(&mailfrom);
  return r == 0 ? BOUNCE_SENT : BOUNCE_FAILED;
}

/* read bounce/N and info/S/N into data and sender; -1 when both were
 * read, else a bounce_result */
static int bounce_read(const struct bounce_ctl *c, unsigned long num, stralloc *sender,
                       stralloc *data, stralloc *why)
{
  stralloc fn = STRALLOC_ZERO;
  int r = -1;
  if (!qpath_file(&fn, QPATH_BOUNCE, num, c->split)) return bounce_say(why, BOUNCE_FAILED, "out of memory", "");
  if (sendpass_readfile(fn.s, data, BOUNCE_FILE_MAX) == -1) {
    if (errno == ENOENT) r = BOUNCE_NONE;
    else if (errno == EFBIG) r = bounce_say(why, BOUNCE_CORRUPT, fn.s, " is too big");
    else r = bounce_say(why, BOUNCE_FAILED, "unable to read the bounce file: ", error_str(errno));
  } else if (!qpath_file(&fn, QPATH_INFO, num, c->split)) {
    r = bounce_say(why, BOUNCE_FAILED, "out of memory", "");
  } else if (sendpass_sender(fn.s, sender) == -1) {
    if (errno == ENOENT || errno == EINVAL) r = bounce_say(why, BOUNCE_CORRUPT, "no sender in ", fn.s);
    else r = bounce_say(why, BOUNCE_FAILED, "unable to read the info file: ", error_str(errno));
  }
  stralloc_free(&fn);
  return r;
}

/* route and parse what bounce_read read, then send */
static int bounce_go(const struct bounce_ctl *c, unsigned long num, time_t birth, time_t now,
                     const stralloc *sender, const stralloc *data, pid_t *qp, stralloc *why)
{
  stralloc from = STRALLOC_ZERO, to = STRALLOC_ZERO;
  struct dsn_list l = { 0, 0, 0 };
  int r, kind = bounce_route(sender->s, c->dbto, c->dbhost, &from, &to);
  if (kind == -1) r = bounce_say(why, BOUNCE_FAILED, "out of memory", "");
  else if (!dsn_parse(data->s, data->len, &l))
    r = errno == EINVAL || errno == EOVERFLOW ? bounce_say(why, BOUNCE_CORRUPT, "the bounce file is malformed", "")
                        : bounce_say(why, BOUNCE_FAILED, "out of memory", "");
  else if (!l.n) r = BOUNCE_NONE;   /* created, then a crash before its first record */
  else if (kind == BOUNCE_DISCARD) r = BOUNCE_DROPPED;
  else r = bounce_build(c, num, birth, now, sender->s, &from, &to, &l, qp, why);
  dsn_list_free(&l);
  stralloc_free(&from);
  stralloc_free(&to);
  return r;
}

int bounce_send(const struct bounce_ctl *c, unsigned long num, time_t birth, time_t now,
                pid_t *qp, stralloc *why)
{
  stralloc sender = STRALLOC_ZERO, data = STRALLOC_ZERO;
  int r = bounce_read(c, num, &sender, &data, why);
  if (r == -1) r = bounce_go(c, num, birth, now, &sender, &data, qp, why);
  stralloc_free(&sender);
  stralloc_free(&data);
  return r;
}

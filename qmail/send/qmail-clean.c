/* qmail-clean.c — remove a queue's finished files on request (indimail-queue(5)).
 *
 * Runs in the queue directory as its owner (qmailq), for qmail-send and
 * todo-proc, which may not remove files there themselves. Requests come
 * on fd 0 as NUL-terminated fields: "xN" removes message N (any todo and
 * intd left first, so that todo-proc never takes it up again; then info,
 * so that nothing names it for delivery any more; then local, remote and
 * bounce; mess last, because freeing its inode frees the number), "tN" removes intd/N then todo/N. Each request gets one
 * byte on fd 1: '+' done, '!' failed (the requester asks again later).
 * A file already gone counts as removed. At start it removes files in pid/
 * older than 36 hours: the scratch names of injections that crashed. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "getln.h"
#include "paths.h"
#include "qpath.h"
#include "scan.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-clean: fatal: "
#define CLEAN_REQUEST_MAX 32
#define CLEAN_PID_AGE (36L * 60 * 60)

struct clean {
  struct paths ps;
  stralloc req;
  stralloc fn;
};

/* unlink dir's file for num; 0 when it is gone, -1 on another error */
static int clean_one(struct clean *c, enum qpath_dir d, unsigned long num)
{
  if (!qpath_file(&c->fn, d, num, c->ps.split)) return -1;
  if (unlink(c->fn.s) == 0 || errno == ENOENT) return 0;
  return -1;
}

static int clean_message(struct clean *c, unsigned long num)
{
  static const enum qpath_dir order[] = {
    QPATH_TODO, QPATH_INTD, QPATH_INFO, QPATH_LOCAL, QPATH_REMOTE, QPATH_BOUNCE, QPATH_MESS
  };
  /* mess last: its inode is the message's number, and once it is free a
   * new message may get the same number; none of the old files may be
   * left by then */
  for (size_t i = 0; i < sizeof order / sizeof order[0]; ++i)
    if (clean_one(c, order[i], num) == -1) return -1;
  return 0;
}

static int clean_todo(struct clean *c, unsigned long num)
{
  if (clean_one(c, QPATH_INTD, num) == -1) return -1;
  return clean_one(c, QPATH_TODO, num);
}

/* pid/ files older than CLEAN_PID_AGE */
static void clean_pids(void)
{
  DIR *d = opendir("pid");
  struct dirent *de;
  time_t now = time(0);
  if (!d) {
    strerr_warn("qmail-clean: warning: unable to read pid/: ", STRERR_SYS, NULL);
    return;
  }
  while ((de = readdir(d))) {
    struct stat st;
    char fn[300];
    if (de->d_name[0] == '.' || strlen(de->d_name) > 255) continue;
    strcpy(fn, "pid/");
    strcat(fn, de->d_name);
    if (stat(fn, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime > CLEAN_PID_AGE)
      if (unlink(fn) == -1 && errno != ENOENT)
        strerr_warn("qmail-clean: warning: unable to remove ", fn, ": ", STRERR_SYS, NULL);
  }
  closedir(d);
}

/* one request; the answer byte */
static char clean_request(struct clean *c)
{
  unsigned long num;
  size_t len = c->req.len;
  if (len && c->req.s[len - 1] == 0) --len;
  if (len < 2 || scan_ulong(c->req.s + 1, len - 1, &num) != len - 1) return '!';
  if (c->req.s[0] == 'x') return clean_message(c, num) == 0 ? '+' : '!';
  if (c->req.s[0] == 't') return clean_todo(c, num) == 0 ? '+' : '!';
  return '!';
}

int main(void)
{
  static struct clean c;
  int match;
  if (paths_init(&c.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", c.ps.bad ? c.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  clean_pids();
  for (;;) {
    char answer;
    if (getln(buf_0, &c.req, &match, 0, CLEAN_REQUEST_MAX) == -1) {
      if (errno != EMSGSIZE) strerr_die(EXIT_TEMP, FATAL, "unable to read requests: ", STRERR_SYS, NULL);
      if (getln_skip(buf_0, 0) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read requests: ", STRERR_SYS, NULL);
      answer = '!';
    } else {
      if (!match) break; /* the requester is gone */
      answer = clean_request(&c);
    }
    if (buf_putflush(buf_1, &answer, 1) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to answer: ", STRERR_SYS, NULL);
  }
  _exit(EXIT_OK);
}

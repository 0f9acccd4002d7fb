/* maildirwatch.c — show a summary of the new messages in $MAILDIR on a
 * (VT100-compatible) terminal, cleared and redrawn twice a minute. */
#include <errno.h>
#include <unistd.h>

#include "buf.h"
#include "env.h"
#include "exitcode.h"
#include "open.h"
#include "qhmaildir.h"
#include "qhwatch.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "maildirwatch: fatal: "
/* seconds between two summaries */
#define WATCH_INTERVAL 30
/* the most bytes of a message read for its header */
#define WATCH_HEADER_MAX 65536
/* the most messages summed up on one screen; a line counts the rest */
#define WATCH_MSGS_MAX 200
/* cursor home, then clear to the end of the screen */
#define WATCH_CLEAR "\033[;H\033[;J"

struct watch {
  const char *maildir;
  struct qhmaildir md;
  stralloc screen;
  char header[WATCH_HEADER_MAX];
};

/* the first WATCH_HEADER_MAX bytes at most of path into w->header: their
 * number, or -1 when the message is gone or unreadable */
static ssize_t read_header(struct watch *w, const char *path)
{
  size_t len = 0;
  int fd = open_read(path);
  if (fd == -1) return -1;
  while (len < sizeof w->header) {
    ssize_t r = read(fd, w->header + len, sizeof w->header - len);
    if (r == 0) break;
    if (r == -1) {
      if (errno == EINTR) continue;
      close(fd);
      return -1;
    }
    len += (size_t)r;
  }
  close(fd);
  return (ssize_t)len;
}

static void __attribute__((noreturn)) nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
}

static void draw(struct watch *w)
{
  size_t i, shown = 0;
  if (qhmaildir_scan(&w->md, w->maildir, 0) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to scan ", w->maildir, ": ", STRERR_SYS, (char *)0);
  if (!stralloc_copys(&w->screen, WATCH_CLEAR)) nomem();
  for (i = 0; i < w->md.msgs.len && shown < WATCH_MSGS_MAX; ++i) {
    ssize_t n = read_header(w, w->md.msgs.items[i].path);
    if (n == -1) continue;
    if (!qhwatch_summary(&w->screen, w->header, (size_t)n, QHWATCH_WIDTH)) nomem();
    ++shown;
  }
  if (i < w->md.msgs.len &&
      (!stralloc_cats(&w->screen, "and ") ||
       !stralloc_catulong0(&w->screen, w->md.msgs.len - i, 0) ||
       !stralloc_cats(&w->screen, " more new messages\n")))
    nomem();
  if (buf_putflush(buf_1, w->screen.s, w->screen.len) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, (char *)0);
}

int main(void)
{
  static struct watch w;
  w.maildir = env_get("MAILDIR");
  if (!w.maildir || !*w.maildir) strerr_die(EXIT_PERM, FATAL, "MAILDIR not set", (char *)0);
  for (;;) {
    draw(&w);
    sleep(WATCH_INTERVAL);
  }
}

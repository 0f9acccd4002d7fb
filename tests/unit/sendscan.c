/* sendscan.c — unit test for qmail/send/sendscan (what qmail-send finds in a queue). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sendscan.h"
#include "tap.h"

#define SPLIT 3

static void put(const char *dir, unsigned long num, int split, time_t mtime)
{
  char p[200];
  struct timespec ts[2];
  int fd;
  if (split) snprintf(p, sizeof p, "%s/%lu/%lu", dir, num % SPLIT, num);
  else snprintf(p, sizeof p, "%s/%lu", dir, num);
  fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd == -1 || write(fd, "x", 1) != 1) { printf("Bail out! %s\n", p); exit(255); }
  close(fd);
  ts[0].tv_sec = ts[1].tv_sec = mtime;
  ts[0].tv_nsec = ts[1].tv_nsec = 0;
  if (utimensat(AT_FDCWD, p, ts, 0) == -1) exit(255);
}

static unsigned long orphans[10];
static int norphans;
static int warned;

static int orphan(void *ctx, unsigned long num)
{
  (void)ctx;
  if (norphans < 10) orphans[norphans++] = num;
  return 0;
}

static void warn(void *ctx, const char *what, int err)
{
  (void)ctx; (void)what; (void)err;
  ++warned;
}

/* the ids popped from h in order, as their message numbers, into out */
static int drain(struct msgtab *t, struct sendsched *h, unsigned long *out, int max)
{
  struct sendsched_entry e;
  int n = 0;
  while (n < max && sendsched_top(h, &e)) {
    out[n++] = msgtab_get(t, e.id)->num;
    sendsched_pop(h);
  }
  return n;
}

int main(void)
{
  const char *dir = tap_tmpdir();
  const char *dirs[] = { "mess", "info", "local", "remote" };
  struct msgtab t = MSGTAB_ZERO;
  struct sendsched heaps[2] = { SENDSCHED_ZERO, SENDSCHED_ZERO };
  unsigned long got[10];
  time_t now = time(0);
  uint32_t id;
  char p[100];

  if (chdir(dir) == -1) return 1;
  for (int d = 0; d < 4; ++d) {
    if (mkdir(dirs[d], 0700) == -1) return 1;
    for (int s = 0; s < SPLIT; ++s) {
      snprintf(p, sizeof p, "%s/%d", dirs[d], s);
      if (mkdir(p, 0700) == -1) return 1;
    }
  }
  if (mkdir("bounce", 0700) == -1 || mkdir("todo", 0700) == -1 || mkdir("intd", 0700) == -1) return 1;
  put("info", 10, 1, now - 50);  put("local", 10, 1, now - 50);
  put("info", 11, 1, now - 60);  put("local", 11, 1, now + 500);  put("remote", 11, 1, now - 60);
  put("info", 12, 1, now - 70);  put("bounce", 12, 0, now);
  put("local", 13, 1, now);                               /* no info: todo-proc's */
  if (rename("info/1/10", "info/2/10") == -1) return 1;   /* a file in the wrong split */
  put("info", 10, 1, now - 50);
  put("info", 14, 1, now - 40);  put("remote", 14, 1, now - 40);
  if (symlink("x", "info/0/junk") == -1) return 1;

  ok(sendscan_queue(&t, heaps, SPLIT, warn, 0) == 0, "scan");
  is_int(msgtab_count(&t), 4, "four messages: those with an info file in its place");
  is_int(msgtab_find(&t, 13), MSGTAB_NONE, "a local file without info is not a message");
  id = msgtab_find(&t, 11);
  ok(id != MSGTAB_NONE && msgtab_get(&t, id)->birth == now - 60, "birth = the info file's mtime");
  ok(msgtab_get(&t, id)->ch[0].hasfile && msgtab_get(&t, id)->ch[1].hasfile, "both channel files seen");
  id = msgtab_find(&t, 12);
  ok(msgtab_get(&t, id)->hasbounce && !msgtab_get(&t, id)->ch[0].hasfile && !msgtab_get(&t, id)->ch[1].hasfile,
     "a message with only a bounce file");
  is_int(drain(&t, &heaps[0], got, 10), 2, "two on the local heap");
  ok(got[0] == 10 && got[1] == 11, "in the order of their files' mtimes (11's is in the future)");
  is_int(drain(&t, &heaps[1], got, 10), 2, "two on the remote heap");
  ok(got[0] == 11 && got[1] == 14, "oldest first");
  is_int(warned, 0, "nothing to warn about");

  put("info", 20, 1, now - 5); put("remote", 20, 1, now - 7); put("bounce", 20, 0, now);
  id = sendscan_message(&t, heaps, SPLIT, 20);
  ok(id != MSGTAB_NONE && msgtab_get(&t, id)->birth == now - 5, "a message todo-proc announced");
  ok(msgtab_get(&t, id)->ch[1].hasfile && !msgtab_get(&t, id)->ch[0].hasfile && msgtab_get(&t, id)->hasbounce,
     "with its files");
  ok(sendsched_has(&heaps[1], id) && !sendsched_has(&heaps[0], id), "on the remote heap only");
  errno = 0;
  ok(sendscan_message(&t, heaps, SPLIT, 20) == MSGTAB_NONE && errno == EEXIST, "announced twice: EEXIST");
  errno = 0;
  ok(sendscan_message(&t, heaps, SPLIT, 21) == MSGTAB_NONE && errno == ENOENT, "no info file: ENOENT");

  put("mess", 10, 1, now - 3 * 86400);                     /* known: not an orphan */
  put("mess", 30, 1, now - 3 * 86400);                     /* an orphan */
  put("mess", 31, 1, now - 3600);                          /* young */
  put("mess", 32, 1, now - 3 * 86400); put("todo", 32, 0, now - 3 * 86400);   /* still in todo */
  put("mess", 33, 1, now - 3 * 86400); put("info", 33, 1, now);               /* info but not known */
  put("intd", 34, 0, now - 3 * 86400);                     /* an orphan envelope */
  ok(sendscan_orphans(&t, SPLIT, now, orphan, warn, 0) == 0, "orphan scan");
  is_int(norphans, 2, "two orphans");
  ok(norphans == 2 && orphans[0] == 30 && orphans[1] == 34, "the old mess file and the old intd file, nothing else");
  if (rename("intd", "intd.x") == -1) return 1;
  norphans = 0;
  ok(sendscan_orphans(&t, SPLIT, now, orphan, warn, 0) == 0 && warned == 1, "a directory that cannot be read: warned, skipped");
  msgtab_free(&t);
  sendsched_free(&heaps[0]);
  sendsched_free(&heaps[1]);
  tap_rmtree(dir);
  return done_testing();
}

/* qhmaildir.c — unit test for qmail/deliver/qhmaildir: name times, the
 * order of a scan, and tmp/ cleaning. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "qhmaildir.h"
#include "tap.h"

static void touch(const char *dir, const char *name)
{
  char path[8400];
  int fd;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd != -1) close(fd);
}

static int exists(const char *dir, const char *name)
{
  char path[8400];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return access(path, F_OK) == 0;
}

static void names(void)
{
  unsigned long t = 7;
  ok(qhmaildir_nametime("1700000000.P1.host", &t) && t == 1700000000, "nametime: the number");
  t = 7;
  ok(!qhmaildir_nametime("host.1700000000", &t) && t == 7, "nametime: no number first");
  ok(!qhmaildir_nametime("1700000000", &t), "nametime: no dot after it");
  ok(!qhmaildir_nametime("99999999999999999999999.x", &t), "nametime: too big");
  ok(!qhmaildir_nametime("", &t), "nametime: empty");
}

static void scans(const char *dir)
{
  struct qhmaildir m = QHMAILDIR_ZERO;
  char sub[4200], want[4200];
  const char *subs[] = { "tmp", "new", "cur" };
  size_t i;
  for (i = 0; i < 3; ++i) {
    snprintf(sub, sizeof sub, "%s/%s", dir, subs[i]);
    mkdir(sub, 0700);
  }
  is_int(qhmaildir_scan(&m, dir, 1), 0, "scan: an empty maildir");
  is_int(m.msgs.len, 0, "scan: nothing in it");
  snprintf(sub, sizeof sub, "%s/new", dir);
  touch(sub, "300.b.h");
  touch(sub, "100.x.h");
  touch(sub, ".hidden");
  touch(sub, "noname");
  snprintf(sub, sizeof sub, "%s/cur", dir);
  touch(sub, "200.a.h:2,S");
  touch(sub, "300.a.h:2,");
  is_int(qhmaildir_scan(&m, dir, 1), 0, "scan: new and cur");
  is_int(m.msgs.len, 5, "scan: five messages, dot-files left out");
  if (m.msgs.len == 5) {
    is_str(m.msgs.items[0].name, "noname", "scan: a name without a time first (time 0)");
    is_str(m.msgs.items[1].name, "100.x.h", "scan: then by time");
    is_str(m.msgs.items[2].name, "200.a.h:2,S", "scan: cur mixed in by time");
    is_str(m.msgs.items[3].name, "300.a.h:2,", "scan: same time: by name");
    is_str(m.msgs.items[4].name, "300.b.h", "scan: last");
    snprintf(want, sizeof want, "%s/cur/200.a.h:2,S", dir);
    is_str(m.msgs.items[2].path, want, "scan: the path");
    ok(m.msgs.items[1].t == 100, "scan: the time");
  }
  is_int(qhmaildir_scan(&m, dir, 0), 0, "scan: new only");
  is_int(m.msgs.len, 3, "scan: three in new");
  snprintf(sub, sizeof sub, "%s/none", dir);
  errno = 0;
  is_int(qhmaildir_scan(&m, sub, 0), -1, "scan: no maildir");
  is_int(errno, ENOENT, "scan: ENOENT");
  is_int(m.msgs.len, 0, "scan: empty after a failure");
  qhmaildir_free(&m);
  qhmaildir_free(&m);
  ok(1, "free twice");
}

static void cleans(const char *dir)
{
  char sub[4200], path[4300];
  struct utimbuf old;
  time_t now = time(0);
  snprintf(sub, sizeof sub, "%s/tmp", dir);
  touch(sub, "old");
  touch(sub, "young");
  snprintf(path, sizeof path, "%s/old", sub);
  old.actime = old.modtime = now - QHMAILDIR_TMP_AGE - 10;
  utime(path, &old);
  is_int(qhmaildir_clean(dir, now), 0, "clean: done");
  ok(!exists(sub, "old"), "clean: an old file is gone");
  ok(exists(sub, "young"), "clean: a young file stays");
  snprintf(sub, sizeof sub, "%s/none", dir);
  is_int(qhmaildir_clean(sub, now), -1, "clean: no tmp");
}

int main(void)
{
  const char *dir = tap_tmpdir();
  names();
  scans(dir);
  cleans(dir);
  tap_rmtree(dir);
  return done_testing();
}

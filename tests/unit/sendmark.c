/* sendmark.c — unit test for qmail/send/sendmark (D marks, bounce records,
 * verdicts, saved retry times). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retry.h"
#include "sendmark.h"
#include "tap.h"
#include "tfile.h"

static const char *dir;
static int fails;
static uint32_t failid;

static const char *path(const char *name)
{
  static char p[4200];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  return p;
}

/* the file's bytes */
static size_t get(const char *name, char *out, size_t n)
{
  int fd = open(path(name), O_RDONLY);
  ssize_t r = fd == -1 ? -1 : read(fd, out, n);
  if (fd != -1) close(fd);
  return r < 0 ? 0 : (size_t)r;
}

static void onfail(void *ctx, uint32_t id, int chan, int err)
{
  (void)ctx; (void)chan; (void)err;
  ++fails;
  failid = id;
}

int main(void)
{
  struct sendmark b;
  char got[200], name[20];
  size_t n;
  int64_t due;
  struct stat st;

  dir = tap_tmpdir();
  sendmark_init(&b, onfail, 0);
  tfile_put(path("l"), "Ta\0Tb\0Tc\0", 9, 0600);
  ok(sendmark_done(&b, 1, 0, path("l"), 3) == 0, "mark the second record");
  ok(sendmark_done(&b, 1, 0, path("l"), 0) == 0, "and the first");
  is_int(sendmark_pending(&b), 1, "two marks on one file: one file to fsync");
  n = get("l", got, sizeof got);
  is_mem(got, n, "Da\0Db\0Tc\0", 9, "the T bytes became D, nothing else changed");
  sendmark_flush(&b);
  is_int(sendmark_pending(&b), 0, "flushed");
  is_int(fails, 0, "without a failure");
  errno = 0;
  ok(sendmark_done(&b, 2, 0, path("none"), 0) == -1 && errno == ENOENT, "a missing file: -1 ENOENT");
  for (int i = 0; i < SENDMARK_BATCH + 3; ++i) {
    snprintf(name, sizeof name, "f%d", i);
    tfile_put(path(name), "Tx\0", 3, 0600);
    if (sendmark_done(&b, (uint32_t)i, 1, path(name), 0) == -1) break;
  }
  ok(sendmark_pending(&b) == 3, "a full batch is flushed before the next file joins");
  sendmark_flush(&b);
  n = get("f0", got, sizeof got);
  is_mem(got, n, "Dx\0", 3, "marks of the first batch are there");

  ok(sendmark_bounce(path("b"), "Aa@x\0S5.1.1\0Xno\0", 16) == 0, "a bounce record, new file");
  ok(sendmark_bounce(path("b"), "Ab@x\0S4.4.7\0Xold\0", 17) == 0, "another, appended");
  n = get("b", got, sizeof got);
  is_mem(got, n, "Aa@x\0S5.1.1\0Xno\0Ab@x\0S4.4.7\0Xold\0", 33, "both, in order");
  ok(stat(path("b"), &st) == 0 && (st.st_mode & 0777) == 0600, "mode 0600");
  errno = 0;
  ok(sendmark_bounce(path("nodir/b"), "A\0S5.0.0\0X\0", 11) == -1 && errno == ENOENT, "no directory: -1 ENOENT");

  is_int(sendmark_verdict('K', 100, 0, 10), SENDMARK_DONE, "K: done, even past the lifetime");
  is_int(sendmark_verdict('D', 5, 0, 10), SENDMARK_FAIL, "D: failed");
  is_int(sendmark_verdict('Z', 9, 0, 10), SENDMARK_DEFER, "Z before the lifetime: deferred");
  is_int(sendmark_verdict('Z', 10, 0, 10), SENDMARK_EXPIRE, "Z at birth + lifetime: expired");
  is_int(sendmark_verdict('?', 3, 0, 10), SENDMARK_DEFER, "another letter: deferred");
  is_int(sendmark_verdict('Z', 0, 0, 0), SENDMARK_EXPIRE, "lifetime 0: every deferral expires");

  tfile_put(path("r"), "Tx\0", 3, 0600);
  ok(sendmark_retry(path("r"), 1000, 2000, 0, &due) == 0, "save a local retry time");
  is_int(due, retry_next(1000, 2000, RETRY_LOCAL), "the time of retry_next");
  is_int(due, 1000 + (31 + 10) * (31 + 10), "birth + (isqrt(1000) + 10)^2");
  ok(stat(path("r"), &st) == 0 && st.st_mtime == due, "as the file's mtime");
  ok(sendmark_retry(path("r"), 1000, 2000, 1, &due) == 0 && due == 1000 + 51 * 51, "remote: skip 20");
  errno = 0;
  ok(sendmark_retry(path("none"), 1000, 2000, 1, &due) == -1 && errno == ENOENT && due == 1000 + 51 * 51,
     "a missing file: -1, the time still given");
  (void)failid;
  tap_rmtree(dir);
  return done_testing();
}

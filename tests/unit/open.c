/* open.c — unit test for libqmail/open. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "open.h"
#include "tap.h"

static char path[4200];

static const char *at(const char *dir, const char *name)
{
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}

static int mode_of(const char *p)
{
  struct stat st;
  if (stat(p, &st) == -1) return -1;
  return (int)(st.st_mode & 07777);
}

static void put(int fd, const char *s)
{
  if (write(fd, s, strlen(s)) != (ssize_t)strlen(s)) diag("short write");
}

/* the contents of file p (up to 255 bytes) as a string */
static const char *slurp(const char *p)
{
  static char got[256];
  ssize_t r;
  int fd = open(p, O_RDONLY);
  got[0] = 0;
  if (fd == -1) return "(missing)";
  r = read(fd, got, sizeof got - 1);
  got[r > 0 ? r : 0] = 0;
  close(fd);
  return got;
}

/* access mode and O_NONBLOCK / O_APPEND / FD_CLOEXEC of fd, then close it */
static void check_fd(int fd, int acc, int append, const char *what)
{
  int fl = fcntl(fd, F_GETFL);
  ok(fd >= 0, "%s: opened", what);
  is_int(fl & O_ACCMODE, acc, "%s: access mode", what);
  ok(!(fl & O_NONBLOCK), "%s: blocking", what);
  is_int(!!(fl & O_APPEND), append, "%s: O_APPEND", what);
  ok(!(fcntl(fd, F_GETFD) & FD_CLOEXEC), "%s: not close-on-exec", what);
}

static void test_create(const char *d)
{
  int fd;
  fd = open_trunc(at(d, "t"));
  check_fd(fd, O_WRONLY, 0, "trunc");
  put(fd, "hello");
  close(fd);
  is_int(mode_of(at(d, "t")), 0644, "trunc creates 0644");
  fd = open_trunc(at(d, "t"));
  close(fd);
  is_str(slurp(at(d, "t")), "", "trunc truncates");
  fd = open_trunc_mode(at(d, "t2"), 0640);
  close(fd);
  is_int(mode_of(at(d, "t2")), 0640, "trunc_mode mode");

  fd = open_append(at(d, "a"));
  check_fd(fd, O_WRONLY, 1, "append");
  put(fd, "one");
  close(fd);
  is_int(mode_of(at(d, "a")), 0600, "append creates 0600");
  fd = open_append(at(d, "a"));
  if (fd >= 0) lseek(fd, 0, SEEK_SET);
  put(fd, "two");
  close(fd);
  is_str(slurp(at(d, "a")), "onetwo", "append writes at the end, keeps contents");
  fd = open_append_mode(at(d, "a2"), 0644);
  close(fd);
  is_int(mode_of(at(d, "a2")), 0644, "append_mode mode");

  fd = open_excl(at(d, "e"));
  check_fd(fd, O_WRONLY, 0, "excl");
  close(fd);
  is_int(mode_of(at(d, "e")), 0644, "excl creates 0644");
  errno = 0;
  is_int(open_excl(at(d, "e")), -1, "excl on an existing file fails");
  is_int(errno, EEXIST, "with EEXIST");
  fd = open_excl_mode(at(d, "e2"), 0600);
  close(fd);
  is_int(mode_of(at(d, "e2")), 0600, "excl_mode mode");
  ok(symlink("nowhere", at(d, "dangling")) == 0, "make a dangling symlink");
  errno = 0;
  is_int(open_excl(at(d, "dangling")), -1, "excl does not follow a dangling symlink");
  is_int(errno, EEXIST, "with EEXIST");
  is_str(slurp(at(d, "nowhere")), "(missing)", "and creates nothing behind it");
}

static void test_existing(const char *d)
{
  int fd;
  const char *miss[] = { "read", "write", "readwrite" };
  int (*fn[])(const char *) = { open_read, open_write, open_readwrite };
  for (int i = 0; i < 3; ++i) {
    errno = 0;
    is_int(fn[i](at(d, "missing")), -1, "%s of a missing file fails", miss[i]);
    is_int(errno, ENOENT, "with ENOENT");
  }
  is_str(slurp(at(d, "missing")), "(missing)", "and none of them created it");

  fd = open_trunc(at(d, "x"));
  put(fd, "abcdef");
  close(fd);
  fd = open_read(at(d, "x"));
  check_fd(fd, O_RDONLY, 0, "read");
  close(fd);
  fd = open_write(at(d, "x"));
  check_fd(fd, O_WRONLY, 0, "write");
  put(fd, "XY");
  close(fd);
  is_str(slurp(at(d, "x")), "XYcdef", "write does not truncate");
  fd = open_readwrite(at(d, "x"));
  check_fd(fd, O_RDWR, 0, "readwrite");
  close(fd);
  is_str(slurp(at(d, "x")), "XYcdef", "readwrite does not truncate");

  errno = 0;
  is_int(open_write(d), -1, "write of a directory fails");
  is_int(errno, EISDIR, "with EISDIR");
  errno = 0;
  is_int(open_trunc(at(d, "nodir/x")), -1, "trunc in a missing directory fails");
  is_int(errno, ENOENT, "with ENOENT");
}

static void test_fifo(const char *d)
{
  int r, w;
  char c = 0;
  if (mkfifo(at(d, "f"), 0600) == -1) { skip(8, "mkfifo failed"); return; }
  alarm(5); /* a regression would hang in open(2) */
  errno = 0;
  is_int(open_write(at(d, "f")), -1, "write of a FIFO nobody reads fails at once");
  is_int(errno, ENXIO, "with ENXIO");
  r = open_read(at(d, "f"));
  ok(r >= 0, "read of a FIFO with no writer opens at once");
  w = open_write(at(d, "f"));
  ok(w >= 0, "write of a FIFO with a reader opens");
  ok(!(fcntl(r, F_GETFL) & O_NONBLOCK), "FIFO reader is blocking");
  ok(!(fcntl(w, F_GETFL) & O_NONBLOCK), "FIFO writer is blocking");
  is_int(write(w, "z", 1), 1, "write into the FIFO");
  ok(read(r, &c, 1) == 1 && c == 'z', "read it back");
  alarm(0);
  close(r);
  close(w);
}

int main(void)
{
  const char *d = tap_tmpdir();
  umask(022);
  signal(SIGPIPE, SIG_IGN);
  test_create(d);
  test_existing(d);
  test_fifo(d);
  tap_rmtree(d);
  return done_testing();
}

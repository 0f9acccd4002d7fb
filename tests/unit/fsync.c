/* fsync.c — unit test for libqmail/fsync. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsync.h"
#include "tap.h"

/* d/name into a fresh static slot (four in rotation) */
static const char *at(const char *d, const char *name)
{
  static char slot[4][4200];
  static int i;
  char *p = slot[i++ % 4];
  snprintf(p, sizeof slot[0], "%s/%s", d, name);
  return p;
}

static int exists(const char *p)
{
  struct stat st;
  return lstat(p, &st) == 0;
}

static void touch(const char *p)
{
  int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || write(fd, "data", 4) != 4) diag("cannot write %s", p);
  if (fd != -1) close(fd);
}

#define FAILS(call, err, ...) do { \
    errno = 0; \
    is_int((call), -1, __VA_ARGS__); \
    is_int(errno, (err), "  errno " #err); \
  } while (0)

static void test_fd_dir(const char *d)
{
  int fd, p[2];
  touch(at(d, "f"));
  fd = open(at(d, "f"), O_WRONLY);
  is_int(fsync_fd(fd), 0, "fsync_fd of a file");
  close(fd);
  FAILS(fsync_fd(fd), EBADF, "fsync_fd of a closed fd");
  if (pipe(p) == 0) {
    FAILS(fsync_fd(p[1]), EINVAL, "fsync_fd of a pipe");
    close(p[0]);
    close(p[1]);
  }
  is_int(fsync_dir(d), 0, "fsync_dir");
  FAILS(fsync_dir(at(d, "nodir")), ENOENT, "fsync_dir of a missing directory");
  FAILS(fsync_dir(at(d, "f")), ENOTDIR, "fsync_dir of a file");
  FAILS(fsync_dir(""), ENOENT, "fsync_dir of the empty path");
}

static void test_dirat(const char *d)
{
  int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat st;
  ok(dfd != -1, "open the test directory");
  ok(mkdir(at(d, "at"), 0755) == 0, "mkdir at");
  is_int(fsync_dirat(dfd, "at"), 0, "fsync_dirat of a subdirectory");
  is_int(fsync_dirat(dfd, "."), 0, "fsync_dirat of the directory itself");
  is_int(fsync_dirat(dfd, d), 0, "fsync_dirat of an absolute path");
  is_int(fsync_dirat(AT_FDCWD, d), 0, "fsync_dirat with AT_FDCWD");
  FAILS(fsync_dirat(dfd, "none"), ENOENT, "fsync_dirat of a missing name");
  FAILS(fsync_dirat(dfd, "f"), ENOTDIR, "fsync_dirat of a file");
  FAILS(fsync_dirat(dfd, ""), ENOENT, "fsync_dirat of the empty path");
  FAILS(fsync_dirat(-1, "at"), EBADF, "fsync_dirat with a bad dirfd");
  ok(fstat(dfd, &st) == 0, "dirfd is still open afterwards");
  close(dfd);
  /* the opened fd is closed whatever happens: no descriptor leaks */
  {
    int before = open("/dev/null", O_RDONLY), after;
    if (before != -1) close(before);
    for (int i = 0; i < 100; ++i)
      if (fsync_dirat(AT_FDCWD, d) == -1) break;
    after = open("/dev/null", O_RDONLY);
    if (after != -1) close(after);
    is_int(after, before, "no descriptor left open");
  }
}

static void test_parent(const char *d)
{
  char big[FSYNC_PATH_MAX + 2];
  ok(mkdir(at(d, "sub"), 0755) == 0, "mkdir sub");
  is_int(fsync_parent(at(d, "sub/none")), 0, "parent of a name that does not exist");
  is_int(fsync_parent(at(d, "sub/none/")), 0, "trailing slash: parent is sub");
  is_int(fsync_parent(at(d, "sub//none//")), 0, "doubled slashes");
  /* a file as the would-be parent shows which directory was opened */
  FAILS(fsync_parent(at(d, "f/x")), ENOTDIR, "parent of f/x is the file f");
  FAILS(fsync_parent(at(d, "f//x/")), ENOTDIR, "parent of f//x/ is the file f");
  is_int(fsync_parent(at(d, "f/")), 0, "parent of f/ is the directory");
  FAILS(fsync_parent(at(d, "nodir/x")), ENOENT, "parent missing");
  is_int(fsync_parent("/"), 0, "the root is its own parent");
  is_int(fsync_parent("/etc"), 0, "parent of /etc is /");
  is_int(fsync_parent("//"), 0, "parent of // is /");
  FAILS(fsync_parent(""), ENOENT, "the empty path");
  ok(chdir(d) == 0, "chdir into the test directory");
  is_int(fsync_parent("f"), 0, "a bare name: its parent is .");
  FAILS(fsync_parent("f/y"), ENOTDIR, "relative f/y");
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = 0;
  FAILS(fsync_parent(big), ENAMETOOLONG, "a path over FSYNC_PATH_MAX");
  big[FSYNC_PATH_MAX] = 0;
  big[1] = '/';
  FAILS(fsync_parent(big), ENOENT, "a path of exactly FSYNC_PATH_MAX is taken");
}

static void test_link(const char *d)
{
  struct stat a, b;
  is_int(fsync_link(at(d, "f"), at(d, "sub/g")), 0, "fsync_link");
  ok(stat(at(d, "f"), &a) == 0 && stat(at(d, "sub/g"), &b) == 0 &&
     a.st_ino == b.st_ino, "both names, one inode");
  FAILS(fsync_link(at(d, "f"), at(d, "sub/g")), EEXIST, "link onto an existing name");
  FAILS(fsync_link(at(d, "none"), at(d, "sub/h")), ENOENT, "link of a missing file");
  ok(!exists(at(d, "sub/h")), "  made nothing");
  FAILS(fsync_link(at(d, "f"), at(d, "nodir/h")), ENOENT, "link into a missing directory");
  FAILS(fsync_link(at(d, "f"), ""), ENOENT, "link to the empty path");
}

static void test_rename_unlink(const char *d)
{
  touch(at(d, "r"));
  is_int(fsync_rename(at(d, "r"), at(d, "r2")), 0, "rename within a directory");
  ok(!exists(at(d, "r")) && exists(at(d, "r2")), "  moved");
  is_int(fsync_rename(at(d, "r2"), at(d, "sub/r3")), 0, "rename across directories");
  ok(!exists(at(d, "r2")) && exists(at(d, "sub/r3")), "  moved");
  is_int(fsync_rename(at(d, "sub/r3"), "r4"), 0, "rename to a relative name");
  ok(exists(at(d, "r4")), "  moved to the current directory");
  FAILS(fsync_rename(at(d, "none"), at(d, "r5")), ENOENT, "rename of a missing file");
  FAILS(fsync_rename(at(d, "r4"), at(d, "nodir/r5")), ENOENT, "rename into a missing directory");
  ok(exists(at(d, "r4")), "  the file stays");
  FAILS(fsync_rename("", at(d, "r5")), ENOENT, "rename of the empty path");
  FAILS(fsync_rename(at(d, "r4"), ""), ENOENT, "rename to the empty path");
  ok(exists(at(d, "r4")), "  the file stays");

  is_int(fsync_unlink(at(d, "r4")), 0, "unlink");
  ok(!exists(at(d, "r4")), "  gone");
  FAILS(fsync_unlink(at(d, "r4")), ENOENT, "unlink of a missing file");
  FAILS(fsync_unlink(at(d, "sub")), EISDIR, "unlink of a directory");
  FAILS(fsync_unlink(""), ENOENT, "unlink of the empty path");
}

int main(void)
{
  char *d = strdup(tap_tmpdir());
  umask(022);
  test_fd_dir(d);
  test_dirat(d);
  test_parent(d);
  test_link(d);
  test_rename_unlink(d);
  if (chdir("/") == -1) diag("chdir /");
  tap_rmtree(d);
  free(d);
  return done_testing();
}

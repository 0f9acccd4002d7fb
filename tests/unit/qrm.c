/* qrm.c — unit test for qmail/admin/qrm: patterns, marking done, removing. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qrm.h"
#include "tap.h"

static int put(const char *path, const char *s, size_t n)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1) return -1;
  if (write(fd, s, n) != (ssize_t)n) { close(fd); return -1; }
  return close(fd);
}

/* the whole file into out; its length or -1 */
static ssize_t get(const char *path, char *out, size_t size)
{
  int fd = open(path, O_RDONLY);
  ssize_t r;
  if (fd == -1) return -1;
  r = read(fd, out, size);
  close(fd);
  return r;
}

static int m(const char *pattern, const char *addr)
{
  return qrm_match(pattern, addr, strlen(addr));
}

static void test_match(void)
{
  ok(m("spam", "big-spammer@example.com"), "a substring matches");
  ok(m("EXAMPLE.COM", "x@example.com"), "ignoring case");
  ok(!m("example.org", "x@example.com"), "another substring does not");
  ok(m("*@example.com", "x@EXAMPLE.com"), "wildmat over the whole address, ignoring case");
  ok(!m("*@example", "x@example.com"), "wildmat must match the whole address");
  ok(m("?@example.com", "x@example.com") && !m("?@example.com", "xy@example.com"), "? is one byte");
  ok(m("[xy]@*", "y@b") && !m("[xy]@*", "z@b"), "[set]");
  ok(m("<>", ""), "<> matches the empty sender");
  ok(!m("<>", "a@b") && !m("<>", "<>x"), "and nothing else");
  ok(!m("", "a@b") && !m("", ""), "an empty pattern matches nothing");
  ok(!m("x", ""), "a substring does not match the empty address");
  ok(!qrm_match("a", "a\0b", 3), "an address with a NUL never matches");
  ok(m("longer-than-the-address", "a@b") == 0, "a pattern longer than the address");
}

static void test_markdone(void)
{
  static const char remote[] = "Ta@x\0Db@x\0Tc@x\0Ed\0Te@x\0";
  static const char after[] = "Da@x\0Db@x\0Dc@x\0Ed\0De@x\0";
  stralloc tmp = STRALLOC_ZERO;
  unsigned long n = 99;
  char got[64];
  ok(mkdir("remote", 0700) == 0 && mkdir("remote/1", 0700) == 0 && mkdir("local", 0700) == 0 &&
     mkdir("local/1", 0700) == 0, "local and remote, split 2");
  ok(put("remote/1/7", remote, sizeof remote - 1) == 0, "remote/1/7");
  ok(qrm_markdone(QREAD_REMOTE, 7, 2, 1, &n, &tmp) == 0 && n == 3, "dry run: 3 would be marked");
  ok(get("remote/1/7", got, sizeof got) == sizeof remote - 1 && memcmp(got, remote, sizeof remote - 1) == 0,
     "dry run: the file is unchanged");
  ok(qrm_markdone(QREAD_REMOTE, 7, 2, 0, &n, &tmp) == 0 && n == 3, "3 marked");
  ok(get("remote/1/7", got, sizeof got) == sizeof after - 1 && memcmp(got, after, sizeof after - 1) == 0,
     "every T is D now, nothing else changed");
  ok(qrm_markdone(QREAD_REMOTE, 7, 2, 0, &n, &tmp) == 0 && n == 0, "again: nothing to mark");
  n = 99;
  ok(qrm_markdone(QREAD_LOCAL, 7, 2, 0, &n, &tmp) == 0 && n == 0, "no local file: 0, none marked");
  ok(put("local/1/9", "Tq@r\0", 5) == 0 && chmod("local/1/9", 0400) == 0, "a read-only local file");
  if (geteuid() == 0)
    skip(1, "root writes read-only files");
  else
    ok(qrm_markdone(QREAD_LOCAL, 9, 2, 0, &n, &tmp) == -1 && errno == EACCES, "cannot write: -1 EACCES");
  ok(qrm_markdone(QREAD_LOCAL, 9, 2, 1, &n, &tmp) == 0 && n == 1, "a dry run only reads it");
  ok(chmod("local/1/9", 0600) == 0, "writable again");
  stralloc_free(&tmp);
}

static void test_remove(void)
{
  static const char *dirs[] = { "todo", "intd", "info", "info/1", "bounce", "mess", "mess/1", 0 };
  static const char *files[] = { "todo/9", "intd/9", "info/1/9", "local/1/9", "remote/1/9",
                                 "bounce/9", "mess/1/9", 0 };
  stralloc tmp = STRALLOC_ZERO;
  struct stat st;
  int bad = 0;
  for (int i = 0; dirs[i]; ++i) bad |= mkdir(dirs[i], 0700);
  for (int i = 0; files[i]; ++i) bad |= put(files[i], "x", 1);
  ok(!bad, "message 9 in every directory");
  ok(qrm_remove(9, 2, &tmp) == 0, "remove 9");
  bad = 0;
  for (int i = 0; files[i]; ++i) bad |= stat(files[i], &st) == 0;
  ok(!bad, "no file of 9 is left");
  ok(qrm_remove(9, 2, &tmp) == 0, "removing it again is fine");
  ok(put("mess/1/11", "x", 1) == 0 && rmdir("bounce") == 0, "a message 11, and no bounce/");
  ok(qrm_remove(11, 2, &tmp) == 0 && stat("mess/1/11", &st) == -1, "a missing directory is a missing file");
  stralloc_free(&tmp);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  char cwd[4096];
  test_match();
  if (!getcwd(cwd, sizeof cwd) || chdir(dir) == -1) {
    printf("Bail out! chdir\n");
    return 255;
  }
  test_markdone();
  test_remove();
  if (chdir(cwd) == -1) diag("chdir back failed");
  tap_rmtree(dir);
  return done_testing();
}

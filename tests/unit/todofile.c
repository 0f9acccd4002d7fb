/* todofile.c — unit test for qmail/send/todofile (bounded reads, writes with a deferred fsync). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "tap.h"
#include "todofile.h"

int main(void)
{
  const char *dir = tap_tmpdir();
  stralloc sa = STRALLOC_ZERO;
  static char big[100000];
  int fd;

  if (chdir(dir) == -1) return 1;
  for (size_t i = 0; i < sizeof big; ++i) big[i] = (char)('a' + i % 26);

  ok(todofile_create("f", "Fjoe@x\0", 7, &fd) == 0 && fd >= 0, "create");
  todofile_start(fd);
  ok(todofile_sync(&fd) == 0 && fd == -1, "sync closes it");
  ok(todofile_read("f", &sa, 7) == 0, "read at the limit");
  is_mem(sa.s, sa.len, "Fjoe@x\0", 7, "the contents");
  errno = 0;
  ok(todofile_read("f", &sa, 6) == -1 && errno == EFBIG, "one byte over the limit: EFBIG");
  ok(todofile_create("f", "x", 1, &fd) == 0 && todofile_sync(&fd) == 0, "create truncates");
  ok(todofile_read("f", &sa, 100) == 0 && sa.len == 1, "to the new contents");
  ok(todofile_create("g", big, sizeof big, &fd) == 0 && todofile_sync(&fd) == 0, "a bigger file");
  ok(todofile_read("g", &sa, sizeof big) == 0, "read");
  is_mem(sa.s, sa.len, big, sizeof big, "whole");
  errno = 0;
  ok(todofile_read("nothere", &sa, 100) == -1 && errno == ENOENT, "missing: ENOENT");
  ok(todofile_read("/proc/self/status", &sa, 1 << 20) == 0 && sa.len > 0,
     "a file whose size stat does not know is read to its end");
  errno = 0;
  ok(todofile_read("/proc/self/status", &sa, 4) == -1 && errno == EFBIG, "and over the limit: EFBIG");

  errno = 0;
  ok(todofile_create("no/such/dir", "x", 1, &fd) == -1 && fd == -1 && errno == ENOENT,
     "create in a missing directory: -1, nothing open");
  fd = 1000;
  errno = 0;
  ok(todofile_sync(&fd) == -1 && errno == EBADF && fd == -1, "sync of a bad descriptor: -1 EBADF");

  stralloc_free(&sa);
  tap_rmtree(dir);
  return done_testing();
}

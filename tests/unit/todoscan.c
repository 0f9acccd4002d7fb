/* todoscan.c — unit test for qmail/send/todoscan (todo/ in batch order, messages set aside). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "todoscan.h"

static void touch(const char *name)
{
  char p[64];
  int fd;
  snprintf(p, sizeof p, "todo/%s", name);
  fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd == -1) { printf("Bail out! %s\n", p); exit(255); }
  close(fd);
}

/* the list handed out, as "n n n" */
static const char *order(struct todoscan *s)
{
  static char b[256];
  size_t n = 0;
  unsigned long num;
  b[0] = 0;
  while (todoscan_next(s, &num) && n < sizeof b - 24)
    n += (size_t)snprintf(b + n, sizeof b - n, "%s%lu", n ? " " : "", num);
  return b;
}

int main(void)
{
  const char *dir = tap_tmpdir();
  const char *names[] = { "5", "3", "8", "4", "11", "07", "x", "9a", "" };
  struct todoscan s = TODOSCAN_ZERO;
  unsigned long num;

  if (chdir(dir) == -1 || mkdir("todo", 0700) == -1) return 1;
  for (int i = 0; *names[i]; ++i) touch(names[i]);

  ok(todoscan_run(&s, "todo", 3, 0) == 0, "scan");
  is_int(todoscan_left(&s), 5, "five message numbers; 07, x and 9a are not");
  ok(!s.more, "all of them taken");
  is_str(order(&s), "3 4 5 8 11", "by split (num %% 3), then by number");
  is_int(todoscan_left(&s), 0, "all handed out");
  ok(!todoscan_next(&s, &num), "next at the end: 0");

  ok(todoscan_fail(&s, 4) && todoscan_fail(&s, 11), "set 4 and 11 aside");
  ok(todoscan_run(&s, "todo", 3, 0) == 0, "scan");
  is_str(order(&s), "3 5 8", "they are left out");
  ok(todoscan_run(&s, "todo", 3, 0) == 0, "scan again");
  is_str(order(&s), "3 5 8", "still");
  ok(todoscan_run(&s, "todo", 3, 1) == 0, "a periodic scan");
  is_str(order(&s), "3 4 5 8 11", "tries them again");
  ok(todoscan_run(&s, "todo", 1, 0) == 0, "split 1");
  is_str(order(&s), "3 4 5 8 11", "by number");

  for (unsigned long n = 1000; n < 1000 + TODOSCAN_FAILED_MAX; ++n)
    if (!todoscan_fail(&s, n)) return 1;
  ok(todoscan_fail(&s, 5), "past TODOSCAN_FAILED_MAX a failure is accepted");
  ok(todoscan_run(&s, "todo", 3, 0) == 0, "scan");
  is_str(order(&s), "3 4 5 8 11", "but not set aside");
  ok(todoscan_run(&s, "todo", 3, 1) == 0 && todoscan_fail(&s, 8) && todoscan_run(&s, "todo", 3, 0) == 0,
     "a periodic scan empties the list");
  is_str(order(&s), "3 4 5 11", "so a new failure is set aside again");

  errno = 0;
  ok(todoscan_run(&s, "nothere", 3, 0) == -1 && errno == ENOENT, "a directory that is not there: -1 ENOENT");
  is_int(todoscan_left(&s), 0, "and an empty list");
  todoscan_free(&s);
  is_int(todoscan_left(&s), 0, "free");
  tap_rmtree(dir);
  return done_testing();
}

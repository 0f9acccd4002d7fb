/* qread.c — unit test for qmail/lib/qread: queue lists, scanning, loading
 * a message and its recipients, qmail-qread's lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "qread.h"
#include "tap.h"

/* write n bytes to path and set its mtime */
static int put(const char *path, const char *s, size_t n, time_t mtime)
{
  struct timeval tv[2];
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1) return -1;
  if (write(fd, s, n) != (ssize_t)n) { close(fd); return -1; }
  close(fd);
  tv[0].tv_sec = tv[1].tv_sec = mtime;
  tv[0].tv_usec = tv[1].tv_usec = 0;
  return utimes(path, tv);
}

static void test_format(void)
{
  stralloc sa = STRALLOC_ZERO;
  struct qread_msg m = { 4711, 0, 1700000000, 1234, 0, STRALLOC_ZERO };
  struct qread_rcpt r = { 'T', "bob@example.org", 15, 0 };
  ok(qread_fmt_date(&sa, 0), "date of 0");
  is_mem(sa.s, sa.len, "1 Jan 1970 00:00:00 GMT", 23, "the epoch, day unpadded");
  sa.len = 0;
  ok(qread_fmt_date(&sa, 1700000000), "a date");
  is_mem(sa.s, sa.len, "14 Nov 2023 22:13:20 GMT", 24, "14 Nov 2023 22:13:20 GMT");
  ok(stralloc_copys(&m.sender, "alice@example.com"), "sender");
  sa.len = 0;
  ok(qread_fmt_head(&sa, &m, "queue3"), "head");
  is_mem(sa.s, sa.len, "14 Nov 2023 22:13:20 GMT  queue3/#4711  1234  <alice@example.com> ", 66,
         "head line: date, queue/#num, size, <sender> and a space");
  m.bouncing = 1;
  m.sender.len = 0;
  sa.len = 0;
  ok(qread_fmt_head(&sa, &m, "q"), "head, bouncing, empty sender");
  is_mem(sa.s, sa.len, "14 Nov 2023 22:13:20 GMT  q/#4711  1234  <>  bouncing", 53, "  bouncing");
  ok(stralloc_copyb(&m.sender, "a\nb\tc\x7f\xc3\xa9", 8), "a sender with control and 8-bit bytes");
  sa.len = 0;
  ok(qread_fmt_head(&sa, &m, "q"), "head");
  is_mem(sa.s, sa.len, "14 Nov 2023 22:13:20 GMT  q/#4711  1234  <a_b_c___>  bouncing", 61,
         "bytes outside printable ASCII are '_'");
  sa.len = 0;
  ok(qread_fmt_rcpt(&sa, QREAD_REMOTE, &r), "rcpt");
  is_mem(sa.s, sa.len, "\tremote\tbob@example.org", 23, "remote recipient still to do");
  r.state = 'D';
  sa.len = 0;
  ok(qread_fmt_rcpt(&sa, QREAD_LOCAL, &r), "rcpt done");
  is_mem(sa.s, sa.len, "  done\tlocal\tbob@example.org", 28, "local recipient done");
  r.state = 'T';
  sa.len = 0;
  ok(qread_fmt_rcpt(&sa, QREAD_TODO, &r), "rcpt todo");
  is_mem(sa.s, sa.len, "\ttodo\tbob@example.org", 21, "todo recipient");
  is_str(qread_qname("/var/indimail/queue/queue2"), "queue2", "qname: last component");
  is_str(qread_qname("/srv/q/"), "q/", "qname keeps a trailing slash after the name");
  is_str(qread_qname("q"), "q", "qname of a bare name");
  qread_msg_free(&m);
  stralloc_free(&sa);
}

static void test_queues(void)
{
  struct paths ps;
  stralloc out = STRALLOC_ZERO;
  size_t n = 99;
  setenv("QUEUEDIR", "/srv/one", 1);
  setenv("QUEUE_BASE", "/srv/base", 1);
  setenv("QUEUE_COUNT", "3", 1);
  setenv("QUEUE_START", "2", 1);
  ok(paths_init(&ps) == 0, "paths with QUEUEDIR");
  ok(qread_queues(&ps, &out, &n) == 0 && n == 1, "QUEUEDIR: one queue");
  is_mem(out.s, out.len, "/srv/one", 9, "QUEUEDIR itself");
  paths_free(&ps);
  unsetenv("QUEUEDIR");
  ok(paths_init(&ps) == 0, "paths without QUEUEDIR");
  ok(qread_queues(&ps, &out, &n) == 0 && n == 3, "three queues");
  is_mem(out.s, out.len, "/srv/base/queue2\0/srv/base/queue3\0/srv/base/queue4", 51,
         "QUEUE_BASE/queue2 .. queue4");
  paths_free(&ps);
  stralloc_free(&out);
}

static void mkqueue(void)
{
  static const char *dirs[] = { "info", "info/0", "info/1", "info/2", "mess", "mess/0", "mess/1",
                                "mess/2", "local", "local/0", "local/1", "local/2", "remote",
                                "remote/0", "remote/1", "remote/2", "todo", "bounce", 0 };
  int bad = 0;
  for (int i = 0; dirs[i]; ++i) bad |= mkdir(dirs[i], 0700);
  ok(!bad, "a queue with split 3");
}

static void test_scan(void)
{
  qread_nums nums = GENALLOC_ZERO;
  ok(put("info/2/8", "Fa@b", 5, 1) == 0 && put("info/1/4", "F", 2, 1) == 0 &&
     put("info/1/31", "F", 2, 1) == 0 && put("info/0/tmp.x", "", 0, 1) == 0 &&
     put("info/0/12", "F", 2, 1) == 0, "info files");
  ok(qread_scan(&nums, 0, 3) == 0, "scan info");
  ok(nums.len == 4 && nums.items[0] == 4 && nums.items[1] == 8 && nums.items[2] == 12 && nums.items[3] == 31,
     "4 8 12 31: sorted, the non-number skipped");
  ok(put("todo/77", "", 0, 1) == 0 && put("todo/5", "", 0, 1) == 0, "todo files");
  ok(qread_scan(&nums, 1, 3) == 0 && nums.len == 2 && nums.items[0] == 5 && nums.items[1] == 77, "scan todo");
  is_int(qread_exists(8, 3), 1, "info/2/8 exists");
  is_int(qread_exists(5, 3), 0, "info/2/5 does not");
  ok(qread_scan(&nums, 0, 4) == -1 && errno == ENOENT, "a missing split directory: ENOENT");
  qread_nums_free(&nums);
}

static void test_load(void)
{
  stralloc tmp = STRALLOC_ZERO;
  struct qread_msg m = { 0, 0, 0, 0, 0, STRALLOC_ZERO };
  struct qread_rcpts r;
  struct qread_rcpt rc;
  static const char remote[] = "Tx@one.example\0Dy@two.example\0Tz@three.example\0Tpartial";
  ok(put("mess/2/8", "0123456789", 10, 1) == 0 && put("info/2/8", "Fa@b\0", 5, 1700000000) == 0 &&
     put("bounce/8", "", 0, 1) == 0 && put("remote/2/8", remote, sizeof remote - 1, 1) == 0,
     "message 8: mess, info, bounce, remote");
  is_int(qread_load(&m, 8, 0, 3, &tmp), 1, "load 8");
  ok(m.num == 8 && !m.todo && m.birth == 1700000000 && m.size == 10 && m.bouncing, "num, birth, size, bouncing");
  is_mem(m.sender.s, m.sender.len, "a@b", 3, "sender");
  is_int(qread_load(&m, 9, 0, 3, &tmp), 0, "a message without info: gone (0)");
  ok(put("info/1/4", "Fq@r\0", 5, 1) == 0, "info 4 without mess");
  ok(qread_load(&m, 4, 0, 3, &tmp) == -1 && errno == ENOENT, "info without mess: trouble (-1, ENOENT)");
  is_int(qread_rcpts_open(&r, QREAD_LOCAL, 8, 3, 0, &tmp), 0, "no local file: 0");
  is_int(qread_rcpts_open(&r, QREAD_REMOTE, 8, 3, 0, &tmp), 1, "remote file opened");
  ok(qread_rcpts_next(&r, &rc) == 1 && rc.state == 'T' && rc.off == 0 && rc.len == 13, "first: T at 0");
  ok(qread_rcpts_next(&r, &rc) == 1 && rc.state == 'D' && rc.off == 15, "second: D at 15");
  is_mem(rc.addr, rc.len, "y@two.example", 13, "its address");
  ok(qread_rcpts_next(&r, &rc) == 1 && rc.state == 'T' && rc.off == 30, "third: T at 30");
  is_int(qread_rcpts_next(&r, &rc), 0, "a last record without its NUL ends the list");
  qread_rcpts_close(&r);
  qread_rcpts_close(&r);
  {
    static const char env[] = "u1000\0p4242\0Fsender@example\0Tr1@x\0Xjunk\0e\0Tr2@y\0";
    ok(put("mess/2/5", "abc", 3, 1) == 0 && put("todo/5", env, sizeof env - 1, 1600000000) == 0, "todo/5");
    is_int(qread_load(&m, 5, 1, 3, &tmp), 1, "load todo 5");
    ok(m.todo && m.birth == 1600000000 && m.size == 3 && !m.bouncing, "todo: birth is todo's mtime");
    is_mem(m.sender.s, m.sender.len, "sender@example", 14, "F record found after u and p");
    ok(qread_rcpts_open(&r, QREAD_TODO, 5, 3, 0, &tmp) == 1, "open todo recipients");
    ok(qread_rcpts_next(&r, &rc) == 1 && rc.len == 4 && rc.addr[1] == '1', "r1");
    ok(qread_rcpts_next(&r, &rc) == 1 && rc.len == 4 && rc.addr[1] == '2', "r2: X and e skipped");
    is_int(qread_rcpts_next(&r, &rc), 0, "end");
    qread_rcpts_close(&r);
  }
  {
    char big[QREAD_RECORD_MAX + 10];
    memset(big, 'x', sizeof big);
    big[0] = 'T';
    big[sizeof big - 1] = 0;
    ok(put("local/2/8", big, sizeof big, 1) == 0, "a local file with an over-long record");
    ok(qread_rcpts_open(&r, QREAD_LOCAL, 8, 3, 0, &tmp) == 1, "opened");
    errno = 0;
    ok(qread_rcpts_next(&r, &rc) == -1 && errno == EMSGSIZE, "EMSGSIZE");
    qread_rcpts_close(&r);
  }
  qread_msg_free(&m);
  stralloc_free(&tmp);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  char cwd[4096];
  test_format();
  test_queues();
  if (!getcwd(cwd, sizeof cwd) || chdir(dir) == -1) {
    printf("Bail out! chdir\n");
    return 255;
  }
  mkqueue();
  test_scan();
  test_load();
  if (chdir(cwd) == -1) diag("chdir back failed");
  tap_rmtree(dir);
  return done_testing();
}

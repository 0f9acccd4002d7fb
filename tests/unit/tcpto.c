/* tcpto.c — unit test for qmail/lib/tcpto: records, the rules, the file. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "tap.h"
#include "tcpto.h"

static struct tcpto_addr a4(unsigned char a, unsigned char b, unsigned char c, unsigned char d)
{
  struct tcpto_addr x;
  unsigned char ip[4] = { a, b, c, d };
  tcpto_addr_ip4(&x, ip);
  return x;
}

static struct tcpto_addr a6(unsigned char last)
{
  struct tcpto_addr x;
  unsigned char ip[16] = { 0x20, 0x01, 0x0d, 0xb8 };
  ip[15] = last;
  tcpto_addr_ip6(&x, ip);
  return x;
}

static void test_addr(void)
{
  char out[TCPTO_ADDR_FMT];
  struct tcpto_addr x = a4(192, 0, 2, 1), y;
  unsigned char mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1 };
  is_int(tcpto_addr_fmt(out, &x), 9, "IPv4 text length");
  is_str(out, "192.0.2.1", "IPv4 text");
  x = a6(1);
  tcpto_addr_fmt(out, &x);
  is_str(out, "2001:db8::1", "IPv6 text, canonical");
  tcpto_addr_ip6(&y, mapped);
  is_int(y.family, TCPTO_IP4, "a v4-mapped address is IPv4");
  tcpto_addr_fmt(out, &y);
  is_str(out, "192.0.2.1", "and reads as the IPv4 address");
}

static void test_records(void)
{
  static struct tcpto_table t;
  static const unsigned char zero[1024];
  static const unsigned char want[TCPTO_RECORD] = {
    4, 3, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0x65, 0x53, 0xf1, 0x0a, 192, 0, 2, 7
  };
  struct tcpto_entry e, f;
  tcpto_table_load(&t, zero, sizeof zero);
  is_int(t.n, 32, "queue-fix's 1024 zero bytes: 32 records");
  ok(!tcpto_get(&t, 0, &e) && !tcpto_get(&t, 31, &e) && !tcpto_get(&t, 32, &e), "all free; past the end free");
  e.addr = a4(192, 0, 2, 7);
  e.count = 3;
  e.when = 1700000000;
  tcpto_put(&t, 5, &e);
  is_mem(t.b + 5 * TCPTO_RECORD, TCPTO_RECORD, want, TCPTO_RECORD,
         "record layout: family, count, zeros, TAI64 label, address");
  ok(tcpto_get(&t, 5, &f), "the record is in use");
  ok(f.addr.family == TCPTO_IP4 && f.count == 3 && f.when == 1700000000 && f.addr.ip[3] == 7,
     "and reads back");
  e.addr = a6(9);
  tcpto_put(&t, 6, &e);
  ok(tcpto_get(&t, 6, &f) && f.addr.family == TCPTO_IP6 && f.addr.ip[15] == 9 && f.addr.ip[0] == 0x20,
     "an IPv6 record reads back");
  is_int(t.b[6 * TCPTO_RECORD], 6, "family byte 6");
  t.b[5 * TCPTO_RECORD + 3] = 1;
  ok(!tcpto_get(&t, 5, &f), "a nonzero reserved byte: free");
  t.b[5 * TCPTO_RECORD + 3] = 0;
  t.b[5 * TCPTO_RECORD + 1] = TCPTO_COUNT_MAX + 1;
  ok(!tcpto_get(&t, 5, &f), "a count over the maximum: free");
  t.b[5 * TCPTO_RECORD + 1] = 3;
  t.b[5 * TCPTO_RECORD + 20] = 1;
  ok(!tcpto_get(&t, 5, &f), "IPv4 with bytes after its 4: free");
  e.count = 0;
  tcpto_put(&t, 6, &e);
  is_mem(t.b + 6 * TCPTO_RECORD, TCPTO_RECORD, zero, TCPTO_RECORD, "count 0 writes zero bytes");
  {
    /* a qmail 1.03 table: 16-byte records, ip then count then time */
    unsigned char old[1024] = { 10, 0, 0, 1, 2, 0, 0, 0, 0x10, 0x20, 0x30, 0x40 };
    old[16] = 10; old[17] = 0; old[18] = 0; old[19] = 2; old[20] = 1;
    tcpto_table_load(&t, old, sizeof old);
    ok(!tcpto_get(&t, 0, &f), "qmail 1.03 records count as free");
  }
  tcpto_table_load(&t, zero, 70);
  is_int(t.n, 2, "a partial record at the end is left out");
}

static void test_rules(void)
{
  static struct tcpto_table t;
  struct tcpto_addr h = a4(198, 51, 100, 1), g = a6(1);
  struct tcpto_entry e;
  time_t t0 = 1700000000;
  tcpto_table_load(&t, "", 0);
  ok(!tcpto_table_check(&t, &h, t0, 0), "an unknown host is not skipped");
  is_int(tcpto_table_mark(&t, &h, t0), 0, "first timeout: record 0 appended");
  is_int(t.n, 1, "the table grew by one");
  ok(tcpto_get(&t, 0, &e) && e.count == 1 && e.when == t0, "count 1, time now");
  ok(!tcpto_table_check(&t, &h, t0 + 1, 0), "one timeout: not skipped");
  is_int(tcpto_table_mark(&t, &h, t0 + TCPTO_MERGE - 1), -1, "a timeout within 120 s counts once");
  (void)tcpto_get(&t, 0, &e);
  ok(e.count == 1 && e.when == t0, "unchanged");
  is_int(tcpto_table_mark(&t, &h, t0 + TCPTO_MERGE), 0, "120 s later: counted");
  (void)tcpto_get(&t, 0, &e);
  ok(e.count == 2 && e.when == t0 + 120, "count 2, time updated");
  ok(tcpto_table_check(&t, &h, t0 + 120, 0), "two timeouts: skipped");
  ok(tcpto_table_check(&t, &h, t0 + 120 + 3839, 0), "skipped until 3840 s (spread 0)");
  ok(!tcpto_table_check(&t, &h, t0 + 120 + 3840, 0), "tried again at 3840 s");
  ok(tcpto_table_check(&t, &h, t0 + 120 + 5823, 31), "spread 31: skipped until 5824 s");
  ok(!tcpto_table_check(&t, &h, t0 + 120 + 5824, 31), "spread 31: tried at 5824 s");
  ok(tcpto_table_check(&t, &h, t0 + 120 + 3840, 32 + 1), "spread is taken modulo 32");
  ok(!tcpto_table_check(&t, &g, t0 + 120, 0), "another host is not skipped");
  is_int(tcpto_table_mark(&t, &g, t0), 1, "an IPv6 host gets its own record");
  for (int i = 0; i < 20; ++i) (void)tcpto_table_mark(&t, &h, t0 + 1000 * (i + 1));
  (void)tcpto_get(&t, 0, &e);
  is_int(e.count, TCPTO_COUNT_MAX, "the count stops at 10");
  is_int(tcpto_table_ok(&t, &h), 0, "ok clears the host's record");
  ok(!tcpto_get(&t, 0, &e), "which is free now");
  ok(!tcpto_table_check(&t, &h, t0 + 20001, 0), "and the host is tried");
  is_int(tcpto_table_ok(&t, &h), -1, "ok on an unknown host changes nothing");
  is_int(tcpto_table_mark(&t, &h, t0), 0, "a new timeout reuses the free record");
  {
    struct tcpto_addr m;
    unsigned char mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 51, 100, 1 };
    tcpto_addr_ip6(&m, mapped);
    is_int(tcpto_table_mark(&t, &m, t0 + 500), 0, "the v4-mapped spelling finds the IPv4 record");
  }
}

static void test_full(void)
{
  static struct tcpto_table t;
  struct tcpto_addr h;
  struct tcpto_entry e;
  time_t t0 = 1700000000;
  tcpto_table_load(&t, "", 0);
  for (int i = 0; i < TCPTO_SLOTS_MAX; ++i) {
    h = a4(10, 0, (unsigned char)(i >> 8), (unsigned char)i);
    (void)tcpto_table_mark(&t, &h, t0 + 10000 + i);
  }
  is_int(t.n, TCPTO_SLOTS_MAX, "128 hosts fill the table");
  /* record 3 is old but has many timeouts; record 7 is the oldest by weight */
  h = a4(10, 0, 0, 3);
  for (int i = 0; i < 5; ++i) (void)tcpto_table_mark(&t, &h, t0 + 10003 + 200 * (i + 1));
  e.addr = a4(10, 0, 0, 7);
  e.count = 1;
  e.when = t0;
  tcpto_put(&t, 7, &e);
  h = a4(10, 9, 9, 9);
  is_int(tcpto_table_mark(&t, &h, t0 + 20000), 7, "a new host replaces the oldest weighted record");
  is_int(t.n, TCPTO_SLOTS_MAX, "the table does not grow past 128");
}

static void test_file(const char *dir)
{
  static struct tcpto_table t;
  static const char zero[1024];
  char path[4200], missing[4200];
  struct tcpto_addr h = a4(203, 0, 113, 5), g = a6(5);
  struct tcpto_entry e;
  struct stat st;
  int fd;
  time_t t0 = 1700000000;
  snprintf(path, sizeof path, "%s/tcpto", dir);
  snprintf(missing, sizeof missing, "%s/none", dir);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ok(fd >= 0 && write(fd, zero, sizeof zero) == (ssize_t)sizeof zero && close(fd) == 0, "a 1024-byte table");
  ok(tcpto_mark(path, &h, t0) == 0 && tcpto_mark(path, &h, t0 + 200) == 0, "two timeouts marked");
  ok(tcpto_mark(path, &g, t0) == 0, "an IPv6 timeout marked");
  is_int(tcpto_check(path, &h, t0 + 300, 0), 1, "check: the IPv4 host is skipped");
  is_int(tcpto_check(path, &g, t0 + 300, 0), 0, "check: the IPv6 host (one timeout) is not");
  ok(tcpto_read(path, &t) == 0 && t.n == 32, "read: 32 records");
  ok(tcpto_get(&t, 0, &e) && e.count == 2 && tcpto_get(&t, 1, &e) && e.addr.family == TCPTO_IP6,
     "records 0 (IPv4, count 2) and 1 (IPv6)");
  ok(stat(path, &st) == 0 && st.st_size == 1024, "the file keeps its size");
  ok(tcpto_ok(path, &h) == 0, "ok");
  is_int(tcpto_check(path, &h, t0 + 300, 0), 0, "the host is tried again");
  for (int i = 0; i < 32; ++i) {
    struct tcpto_addr x = a4(10, 1, 1, (unsigned char)i);
    if (tcpto_mark(path, &x, t0) == -1) break;
  }
  ok(stat(path, &st) == 0 && st.st_size == 33 * TCPTO_RECORD, "a full table grows by a record");
  ok(tcpto_clear(path) == 0, "clear");
  ok(stat(path, &st) == 0 && st.st_size == 33 * TCPTO_RECORD, "clear keeps the size");
  ok(tcpto_read(path, &t) == 0, "read after clear");
  {
    int used = 0;
    for (size_t i = 0; i < t.n; ++i) used += tcpto_get(&t, i, &e);
    is_int(used, 0, "every record is free");
  }
  errno = 0;
  is_int(tcpto_check(missing, &h, t0, 0), -1, "check on a missing file: -1");
  is_int(errno, ENOENT, "ENOENT");
  ok(tcpto_mark(missing, &h, t0) == -1 && tcpto_clear(missing) == -1, "mark and clear fail too");
}

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* a writer's lock makes a reader wait */
static void test_lock(const char *dir)
{
  static struct tcpto_table t;
  char path[4200];
  int p[2];
  char c;
  pid_t pid;
  long long start;
  snprintf(path, sizeof path, "%s/tcpto", dir);
  if (pipe(p) == -1) { skip(1, "no pipe"); return; }
  pid = fork();
  if (pid == 0) {
    int fd = open(path, O_RDWR);
    if (fd == -1 || lock_ex(fd) == -1) _exit(1);
    if (write(p[1], "L", 1) != 1) _exit(1);
    usleep(300000);
    _exit(0);
  }
  close(p[1]);
  if (read(p[0], &c, 1) != 1) { skip(1, "the child did not lock"); return; }
  start = now_ms();
  ok(tcpto_read(path, &t) == 0 && now_ms() - start >= 200, "read waits for a writer's lock");
  close(p[0]);
  waitpid(pid, 0, 0);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  test_addr();
  test_records();
  test_rules();
  test_full();
  test_file(dir);
  test_lock(dir);
  tap_rmtree(dir);
  return done_testing();
}

/* iopause.c — unit test for libqmail/iopause. */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "iopause.h"
#include "tap.h"

static volatile sig_atomic_t alarms;

static void on_alarm(int sig) { (void)sig; ++alarms; }

static void sleep_ms(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

/* a child that writes one byte to fd after ms milliseconds */
static pid_t write_later(int fd, long ms)
{
  pid_t pid;
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    sleep_ms(ms);
    _exit(write(fd, "x", 1) == 1 ? 0 : 1);
  }
  return pid;
}

static void test_clock(void)
{
  int64_t a = iopause_now(), b, d;
  ok(a > 0, "now is positive");
  sleep_ms(20);
  b = iopause_now();
  ok(b - a >= 20 && b - a < 2000, "now advances with time (%lld ms)", (long long)(b - a));
  is_int(iopause_deadline(-1), IOPAUSE_FOREVER, "a negative timeout is forever");
  is_int(iopause_deadline(-12345), IOPAUSE_FOREVER, "any negative timeout");
  d = iopause_deadline(1000) - iopause_now();
  ok(d > 900 && d <= 1000, "deadline 1000 is 1000 ms away (%lld)", (long long)d);
  d = iopause_deadline(0) - iopause_now();
  ok(d <= 0 && d > -100, "deadline 0 is now");
  is_int(iopause_deadline(INT64_MAX), INT64_MAX, "a huge timeout saturates");
  is_int(iopause_deadline(INT64_MAX - 1), INT64_MAX, "no overflow just below");
}

static void test_timeout(int p[2])
{
  iopause_fd x[2];
  int64_t t;
  x[0].fd = p[0];
  x[0].events = IOPAUSE_READ;
  x[0].revents = 77;
  t = iopause_now();
  is_int(iopause(x, 1, iopause_deadline(150)), 0, "nothing to read: timeout");
  t = iopause_now() - t;
  ok(t >= 150 && t < 2000, "after the time asked (%lld ms)", (long long)t);
  is_int(x[0].revents, 0, "revents cleared");
  t = iopause_now();
  is_int(iopause(x, 1, iopause_now() - 5000), 0, "a past deadline: looks once");
  ok(iopause_now() - t < 100, "without waiting");
  is_int(iopause(x, 0, iopause_deadline(30)), 0, "no fds at all: just waits");
  x[0].fd = -1;
  x[1].fd = p[1];
  x[1].events = 0;
  is_int(iopause(x, 2, iopause_deadline(30)), 0, "negative fds and no events are ignored");
}

static void test_ready(int p[2])
{
  iopause_fd x[2];
  pid_t pid;
  int64_t t;
  char c;
  x[0].fd = p[0];
  x[0].events = IOPAUSE_READ;
  x[1].fd = p[1];
  x[1].events = IOPAUSE_WRITE;
  is_int(iopause(x, 2, iopause_deadline(1000)), 1, "an empty pipe: only the writer is ready");
  ok(x[0].revents == 0 && (x[1].revents & POLLOUT), "revents say which");
  is_int(write(p[1], "a", 1), 1, "write a byte");
  is_int(iopause(x, 2, iopause_now() - 1), 2, "a past deadline still reports both ready");
  ok((x[0].revents & POLLIN) && (x[1].revents & POLLOUT), "revents say so");
  is_int(read(p[0], &c, 1), 1, "drain it");

  x[1].fd = -1;
  t = iopause_now();
  pid = write_later(p[1], 100);
  is_int(iopause(x, 2, IOPAUSE_FOREVER), 1, "forever: wakes when a byte arrives");
  t = iopause_now() - t;
  ok(t >= 80 && t < 3000, "about 100 ms later (%lld)", (long long)t);
  waitpid(pid, 0, 0);
  is_int(read(p[0], &c, 1), 1, "drain it");
  pid = write_later(p[1], 50);
  is_int(iopause(x, 1, INT64_MAX), 1, "a deadline beyond INT_MAX ms works");
  waitpid(pid, 0, 0);
  is_int(read(p[0], &c, 1), 1, "drain it");
}

static void test_signals(int p[2])
{
  struct sigaction sa;
  struct itimerval it = { { 0, 20000 }, { 0, 20000 } }; /* every 20 ms */
  iopause_fd x;
  int64_t t;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART: poll sees EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, 0);
  setitimer(ITIMER_REAL, &it, 0);
  x.fd = p[0];
  x.events = IOPAUSE_READ;
  t = iopause_now();
  is_int(iopause(&x, 1, iopause_deadline(200)), 0, "signals during the wait do not end it");
  t = iopause_now() - t;
  ok(t >= 200 && t < 2000, "it still lasts the time asked (%lld ms)", (long long)t);
  ok(alarms >= 3, "while signals came (%d)", (int)alarms);
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, 0);
  signal(SIGALRM, SIG_DFL);
}

static void test_errors(int p[2])
{
  iopause_fd x;
  x.fd = p[0];
  x.events = IOPAUSE_READ;
  close(p[1]);
  is_int(iopause(&x, 1, iopause_deadline(1000)), 1, "writer closed: the reader is ready");
  ok(x.revents & POLLHUP, "with POLLHUP");
  close(p[0]);
  is_int(iopause(&x, 1, iopause_deadline(1000)), 1, "a closed fd is reported");
  ok(x.revents & POLLNVAL, "with POLLNVAL");
  errno = 0;
  is_int(iopause(0, 1, iopause_deadline(1000)), -1, "a bad array fails");
  is_int(errno, EFAULT, "with EFAULT");
}

/* iopause_one: 0 ready, -1 ETIMEDOUT or another errno */
static void test_one(void)
{
  int p[2];
  pid_t pid;
  int64_t t;
  char c;
  if (pipe(p) == -1) { skip(18, "pipe failed"); return; }
  is_int(iopause_one(p[1], IOPAUSE_WRITE, iopause_deadline(1000)), 0, "one: an empty pipe is writable");
  t = iopause_now();
  errno = 0;
  is_int(iopause_one(p[0], IOPAUSE_READ, iopause_deadline(100)), -1, "one: nothing to read: -1");
  is_int(errno, ETIMEDOUT, "  ETIMEDOUT");
  t = iopause_now() - t;
  ok(t >= 100 && t < 2000, "  after the time asked (%lld ms)", (long long)t);
  t = iopause_now();
  errno = 0;
  is_int(iopause_one(p[0], IOPAUSE_READ, iopause_now() - 5000), -1, "one: a past deadline, not ready: -1");
  is_int(errno, ETIMEDOUT, "  ETIMEDOUT");
  ok(iopause_now() - t < 100, "  without waiting");
  is_int(write(p[1], "a", 1), 1, "write a byte");
  is_int(iopause_one(p[0], IOPAUSE_READ, iopause_now() - 5000), 0, "one: a past deadline still looks once");
  is_int(read(p[0], &c, 1), 1, "drain it");
  pid = write_later(p[1], 100);
  t = iopause_now();
  is_int(iopause_one(p[0], IOPAUSE_READ, IOPAUSE_FOREVER), 0, "one: forever wakes when a byte arrives");
  t = iopause_now() - t;
  ok(t >= 80 && t < 3000, "  about 100 ms later (%lld)", (long long)t);
  waitpid(pid, 0, 0);
  is_int(read(p[0], &c, 1), 1, "drain it");
  close(p[1]);
  is_int(iopause_one(p[0], IOPAUSE_READ, iopause_deadline(1000)), 0, "one: a hang-up counts as ready");
  is_int(read(p[0], &c, 1), 0, "  and the read says end of file");
  close(p[0]);
  is_int(iopause_one(p[0], IOPAUSE_READ, iopause_deadline(1000)), 0, "one: a closed fd counts as ready");
  errno = 0;
  is_int(iopause_one(-1, IOPAUSE_READ, IOPAUSE_FOREVER), -1, "one: a negative fd fails at once");
  is_int(errno, EBADF, "  EBADF");
}

/* a signal does not end iopause_one's wait either */
static void test_one_signals(void)
{
  struct sigaction sa;
  struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
  int p[2];
  int64_t t;
  if (pipe(p) == -1) { skip(3, "pipe failed"); return; }
  alarms = 0;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, 0);
  setitimer(ITIMER_REAL, &it, 0);
  t = iopause_now();
  errno = 0;
  is_int(iopause_one(p[0], IOPAUSE_READ, iopause_deadline(200)), -1, "one: signals do not end the wait");
  t = iopause_now() - t;
  ok(t >= 200 && t < 2000 && errno == ETIMEDOUT, "  it lasts the time asked and times out (%lld ms)",
     (long long)t);
  ok(alarms >= 3, "  while signals came (%d)", (int)alarms);
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, 0);
  signal(SIGALRM, SIG_DFL);
  close(p[0]);
  close(p[1]);
}

int main(void)
{
  int p[2];
  alarm(20);
  if (pipe(p) == -1) skip_all("pipe failed");
  test_clock();
  test_timeout(p);
  test_ready(p);
  alarm(0);
  test_signals(p);
  alarm(20);
  test_errors(p);
  test_one();
  alarm(0);
  test_one_signals();
  return done_testing();
}

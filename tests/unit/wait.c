/* wait.c — unit test for libqmail/wait: reaping and status decoding. */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "sig.h"
#include "wait.h"
#include "tap.h"

static volatile sig_atomic_t alarms;
static void on_alarm(int s) { (void)s; ++alarms; }

static void nap_ms(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

static pid_t child_exit(int code)
{
  pid_t pid = fork();
  if (pid == 0) _exit(code);
  return pid;
}

static void test_exits(void)
{
  static const int codes[] = { 0, 7, 100, 111, 255 };
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    int st = -1;
    pid_t pid = child_exit(codes[i]);
    ok(pid > 0 && wait_pid(pid, &st) == pid, "reaped child exiting %d", codes[i]);
    is_int(wait_exitcode(st), codes[i], "exit code %d", codes[i]);
    ok(!wait_crashed(st), "exit %d is not a crash", codes[i]);
    is_int(wait_termsig(st), 0, "exit %d has no termsig", codes[i]);
    ok(!wait_stopped(st) && wait_stopsig(st) == 0, "exit %d is not a stop", codes[i]);
  }
}

static void test_killed(void)
{
  static const int sigs[] = { SIGKILL, SIGTERM, SIGHUP };
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) {
    int st = -1;
    pid_t pid = fork();
    if (pid == 0) {
      raise(sigs[i]);
      _exit(0);
    }
    ok(pid > 0 && wait_pid(pid, &st) == pid, "reaped child killed by signal %d", sigs[i]);
    ok(wait_crashed(st), "signal %d: crashed", sigs[i]);
    is_int(wait_termsig(st), sigs[i], "signal %d: termsig", sigs[i]);
    is_int(wait_exitcode(st), -1, "signal %d: no exit code", sigs[i]);
  }
}

static void test_stopped(void)
{
  int st = -1;
  pid_t pid = fork();
  if (pid == 0) {
    raise(SIGSTOP);
    _exit(4);
  }
  ok(pid > 0 && waitpid(pid, &st, WUNTRACED) == pid, "saw a child stop");
  ok(wait_stopped(st), "stopped");
  is_int(wait_stopsig(st), SIGSTOP, "stopsig is SIGSTOP");
  ok(!wait_crashed(st) && wait_exitcode(st) == -1, "a stop is neither a crash nor an exit");
  kill(pid, SIGCONT);
  ok(wait_pid(pid, &st) == pid && wait_exitcode(st) == 4, "continued child exits 4");
}

static void test_nohang(void)
{
  int p[2], st = -1;
  char c = 0;
  pid_t pid, got;
  errno = 0;
  ok(wait_nohang(&st) == -1 && errno == ECHILD, "no children: -1 ECHILD");
  errno = 0;
  ok(wait_pid(-1, &st) == -1 && errno == ECHILD, "wait_pid with no children: ECHILD");
  if (pipe(p) != 0) { skip(4, "no pipe"); return; }
  pid = fork();
  if (pid == 0) {
    close(p[1]);
    _exit(read(p[0], &c, 1) == 1 ? 9 : 8);
  }
  close(p[0]);
  is_int(wait_nohang(&st), 0, "a running child: 0");
  if (write(p[1], &c, 1) != 1) diag("write failed");
  close(p[1]);
  got = 0;
  for (int i = 0; i < 500 && got == 0; ++i) {
    got = wait_nohang(&st);
    if (got == 0) nap_ms(2);
  }
  is_int(got, pid, "the child is reaped once it ends");
  is_int(wait_exitcode(st), 9, "with its exit code");
  ok(wait_nohang(0) == -1, "reaped: no children left");
}

/* a signal during the wait does not end it */
static void test_eintr(void)
{
  struct itimerval it;
  int st = -1;
  pid_t pid = fork();
  if (pid == 0) {
    nap_ms(200);
    _exit(6);
  }
  alarms = 0;
  if (sig_catch(SIGALRM, on_alarm) != 0) diag("sig_catch failed");
  memset(&it, 0, sizeof it);
  it.it_value.tv_usec = 30000;
  it.it_interval.tv_usec = 30000;
  setitimer(ITIMER_REAL, &it, 0);
  ok(wait_pid(pid, 0) == pid, "wait_pid with NULL status through interrupting signals");
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, 0);
  ok(alarms >= 2, "signals did arrive during the wait (%d)", (int)alarms);
  ok(wait_pid(pid, &st) == -1 && errno == ECHILD, "the child was reaped once");
}

int main(void)
{
  test_exits();
  test_killed();
  test_stopped();
  test_nohang();
  test_eintr();
  return done_testing();
}

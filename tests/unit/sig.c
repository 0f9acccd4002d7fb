/* sig.c — unit test for libqmail/sig: handlers, EINTR, the mask, the self-pipe. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "sig.h"
#include "tap.h"

/* test-program state touched by the handlers */
static volatile sig_atomic_t caught;
static volatile sig_atomic_t last_sig;
static int wake_fd = -1;

static void on_signal(int s) { ++caught; last_sig = s; }
static void on_signal_pipe(int s) { ++caught; sig_selfpipe_write(wake_fd, s); }

/* fire SIGALRM once after ms milliseconds */
static void alarm_ms(long ms)
{
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_sec = ms / 1000;
  it.it_value.tv_usec = (ms % 1000) * 1000;
  if (setitimer(ITIMER_REAL, &it, 0) != 0) diag("setitimer failed");
}

static int is_pending(int s)
{
  sigset_t set;
  sigemptyset(&set);
  return sigpending(&set) == 0 && sigismember(&set, s) == 1;
}

static void test_dispositions(void)
{
  caught = 0;
  ok(sig_catch(SIGUSR1, on_signal) == 0, "catch SIGUSR1");
  raise(SIGUSR1);
  ok(caught == 1 && last_sig == SIGUSR1, "handler ran with the signal number");
  ok(sig_ignore(SIGUSR1) == 0, "ignore SIGUSR1");
  raise(SIGUSR1);
  ok(caught == 1, "ignored signal runs nothing and does not kill");
  errno = 0;
  ok(sig_catch(SIGKILL, on_signal) == -1 && errno == EINVAL, "SIGKILL cannot be caught: EINVAL");
  errno = 0;
  ok(sig_ignore(0) == -1 && errno == EINVAL, "signal 0: EINVAL");
  errno = 0;
  ok(sig_block(100000) == -1 && errno == EINVAL, "block of a bad number: EINVAL");
  errno = 0;
  ok(sig_unblock(-1) == -1 && errno == EINVAL, "unblock of a bad number: EINVAL");

  /* sig_default gives the signal its deadly default back */
  pid_t pid = fork();
  if (pid == 0) {
    if (sig_catch(SIGTERM, on_signal) != 0 || sig_default(SIGTERM) != 0) _exit(2);
    raise(SIGTERM);
    _exit(0);
  }
  int st = 0;
  ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
     "after sig_default, SIGTERM kills");
}

static void test_mask(void)
{
  caught = 0;
  ok(sig_catch(SIGUSR2, on_signal) == 0, "catch SIGUSR2");
  ok(sig_block(SIGUSR2) == 0, "block SIGUSR2");
  raise(SIGUSR2);
  ok(caught == 0, "blocked: handler has not run");
  ok(is_pending(SIGUSR2), "blocked: signal is pending");
  sig_pause();
  ok(caught == 1, "sig_pause let the handler run");
  ok(!is_pending(SIGUSR2), "nothing pending after sig_pause");
  raise(SIGUSR2);
  ok(caught == 1, "after sig_pause the mask is restored (still blocked)");
  ok(sig_unblock(SIGUSR2) == 0, "unblock");
  ok(caught == 2, "unblocking delivers the pending signal");
  ok(sig_block(SIGUSR2) == 0 && sig_block(SIGUSR1) == 0, "block two");
  sig_blocknone();
  sigset_t cur;
  sigemptyset(&cur);
  ok(sigprocmask(SIG_SETMASK, 0, &cur) == 0 && !sigismember(&cur, SIGUSR1)
     && !sigismember(&cur, SIGUSR2), "blocknone empties the mask");
}

/* without SA_RESTART a blocking read fails with EINTR; with it, it resumes */
static void test_restart(void)
{
  int p[2];
  char c;
  ssize_t r;
  if (pipe(p) != 0) { skip(4, "no pipe"); return; }
  wake_fd = p[1];
  caught = 0;
  ok(sig_catch(SIGALRM, on_signal_pipe) == 0, "catch SIGALRM (no restart)");
  alarm_ms(50);
  errno = 0;
  r = read(p[0], &c, 1);
  ok(r == -1 && errno == EINTR && caught == 1, "read interrupted with EINTR");
  ok(read(p[0], &c, 1) == 1, "the handler's byte is there afterwards");
  ok(sig_catch_restart(SIGALRM, on_signal_pipe) == 0, "catch SIGALRM with restart");
  alarm_ms(50);
  r = read(p[0], &c, 1);
  ok(r == 1 && c == (char)SIGALRM && caught == 2, "read restarted and got the handler's byte");
  if (sig_default(SIGALRM) != 0) diag("sig_default failed");
  close(p[0]);
  close(p[1]);
  wake_fd = -1;
}

static void test_selfpipe(void)
{
  int fd[2];
  unsigned char got[16];
  ssize_t n;
  ok(sig_selfpipe(fd) == 0, "selfpipe");
  ok((fcntl(fd[0], F_GETFL) & O_NONBLOCK) && (fcntl(fd[1], F_GETFL) & O_NONBLOCK),
     "both ends non-blocking");
  ok((fcntl(fd[0], F_GETFD) & FD_CLOEXEC) && (fcntl(fd[1], F_GETFD) & FD_CLOEXEC),
     "both ends close-on-exec");
  is_int(sig_selfpipe_drain(fd[0], got, sizeof got), 0, "drain of an empty pipe is 0");
  wake_fd = fd[1];
  caught = 0;
  ok(sig_catch(SIGUSR1, on_signal_pipe) == 0 && sig_catch(SIGHUP, on_signal_pipe) == 0,
     "handlers that write to the self-pipe");
  raise(SIGUSR1);
  raise(SIGHUP);
  n = sig_selfpipe_drain(fd[0], got, sizeof got);
  ok(n == 2 && got[0] == SIGUSR1 && got[1] == SIGHUP, "drain gives the signals in order");
  is_int(sig_selfpipe_drain(fd[0], got, 0), 0, "drain into no room is 0");

  /* a full pipe: the write neither blocks nor changes errno */
  char junk[4096];
  memset(junk, 0, sizeof junk);
  while (write(fd[1], junk, sizeof junk) > 0) {}
  errno = 12345;
  raise(SIGUSR1);
  is_int(errno, 12345, "errno preserved when the pipe is full");
  ok(caught == 3, "the handler ran and returned on a full pipe");
  if (sig_ignore(SIGUSR1) != 0 || sig_default(SIGHUP) != 0) diag("reset failed");
  close(fd[0]);
  errno = 0;
  ok(sig_selfpipe_drain(fd[0], got, sizeof got) == -1 && errno == EBADF, "drain of a closed fd: -1");
  close(fd[1]);
  wake_fd = -1;
}

int main(void)
{
  test_dispositions();
  test_mask();
  test_restart();
  test_selfpipe();
  return done_testing();
}

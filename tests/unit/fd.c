/* fd.c — unit test for libqmail/fd. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fd.h"
#include "tap.h"

/* bytes pushed through a pipe while a timer interrupts the writer */
#define BIG (4u * 1024 * 1024)

static volatile sig_atomic_t alarms;

static void on_alarm(int sig) { (void)sig; ++alarms; }

/* the byte at offset i of the test pattern */
static char pat(size_t i) { return (char)('a' + (i * 7 + i / 4099) % 26); }

/* child: read fd to its end slowly, checking the pattern; exit 0 when all
 * BIG bytes came in order */
static void __attribute__((noreturn)) slow_reader(int fd)
{
  static char x[3000];
  size_t got = 0;
  for (;;) {
    ssize_t r = read(fd, x, sizeof x);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) break;
    for (ssize_t k = 0; k < r; ++k)
      if (x[k] != pat(got + (size_t)k)) _exit(2);
    got += (size_t)r;
    if (got % (256 * 1024) < sizeof x) usleep(2000);
  }
  _exit(got == BIG ? 0 : 3);
}

static void test_empty(void)
{
  errno = 0;
  is_int(fd_writeall(-1, "x", 0), 0, "nothing to write: 0 without a write (even on fd -1)");
  is_int(errno, 0, "  errno untouched");
}

static void test_pipe(void)
{
  int p[2];
  char b[16];
  if (pipe(p) == -1) { skip(3, "pipe failed"); return; }
  is_int(fd_writeall(p[1], "hello, world\n", 13), 0, "a small write");
  is_int(read(p[0], b, sizeof b), 13, "  all of it arrives");
  is_mem(b, 13, "hello, world\n", 13, "  unchanged");
  close(p[0]);
  close(p[1]);
}

/* a writer interrupted by signals gets EINTR and short writes: it must
 * carry on until every byte is through */
static void test_interrupted(void)
{
  struct sigaction sa;
  struct itimerval it = { { 0, 1000 }, { 0, 1000 } };  /* every 1 ms */
  char *x = malloc(BIG);
  int p[2], st = -1;
  pid_t pid;
  if (!x || pipe(p) == -1) { skip(3, "no memory or pipe"); free(x); return; }
  for (size_t i = 0; i < BIG; ++i) x[i] = pat(i);
  fflush(stdout);
  pid = fork();
  if (pid == 0) { close(p[1]); slow_reader(p[0]); }
  close(p[0]);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;  /* no SA_RESTART: write(2) sees EINTR or stops short */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, 0);
  setitimer(ITIMER_REAL, &it, 0);
  is_int(fd_writeall(p[1], x, BIG), 0, "4 MiB through a slow pipe under a 1 ms timer");
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, 0);
  signal(SIGALRM, SIG_DFL);
  close(p[1]);
  ok(alarms > 0, "  signals came during the write (%d)", (int)alarms);
  waitpid(pid, &st, 0);
  ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "  the reader got every byte in order (status %d)", st);
  free(x);
}

static void test_errors(const char *dir)
{
  char path[4200], big[8192];
  struct rlimit rl, old;
  struct stat s;
  int p[2], fd;
  memset(big, 'z', sizeof big);

  if (pipe(p) == -1) { skip(6, "pipe failed"); return; }
  close(p[0]);
  errno = 0;
  is_int(fd_writeall(p[1], "x", 1), -1, "the reader is gone: -1");
  is_int(errno, EPIPE, "  EPIPE");
  close(p[1]);
  errno = 0;
  is_int(fd_writeall(p[1], "x", 1), -1, "a closed fd: -1");
  is_int(errno, EBADF, "  EBADF");

  /* a non-blocking pipe that is full is not waited for */
  if (pipe(p) == -1 || fcntl(p[1], F_SETFL, O_NONBLOCK) == -1) { skip(2, "pipe failed"); return; }
  while (write(p[1], big, sizeof big) > 0) {}
  errno = 0;
  is_int(fd_writeall(p[1], big, sizeof big), -1, "a full non-blocking pipe: -1");
  is_int(errno, EAGAIN, "  EAGAIN");
  close(p[0]);
  close(p[1]);

  /* RLIMIT_FSIZE: the first write is short, the next one fails */
  snprintf(path, sizeof path, "%s/limited", dir);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd == -1 || getrlimit(RLIMIT_FSIZE, &old) == -1) { skip(3, "cannot open or getrlimit"); return; }
  rl = old;
  rl.rlim_cur = 5000;
  signal(SIGXFSZ, SIG_IGN);
  if (setrlimit(RLIMIT_FSIZE, &rl) == -1) { skip(3, "setrlimit failed"); close(fd); return; }
  errno = 0;
  is_int(fd_writeall(fd, big, sizeof big), -1, "a write past RLIMIT_FSIZE: -1 after a short write");
  is_int(errno, EFBIG, "  EFBIG");
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, SIG_DFL);
  ok(fstat(fd, &s) == 0 && s.st_size == 5000, "  the prefix up to the limit was written");
  close(fd);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  signal(SIGPIPE, SIG_IGN);  /* a reader that died shows as EPIPE, not death */
  alarm(60);
  test_empty();
  test_pipe();
  alarm(0);
  test_interrupted();
  alarm(60);
  test_errors(dir);
  tap_rmtree(dir);
  return done_testing();
}

/* lock.c — unit test for libqmail/lock, with a second process holding locks. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "tap.h"

struct child { pid_t pid; int tell; int hear; };

static int64_t now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* child side: open path itself, take the lock (op 'x' lock_ex, 's'
 * lock_sh, 'n' lock_exnb), say 'L' (or 'W' for EWOULDBLOCK, 'F' for another
 * failure), then wait for a byte: 'u' unlocks and says 'U'; end of input
 * exits (which releases the lock) */
static void __attribute__((noreturn)) child_main(const char *path, int op, int in, int out)
{
  char c;
  const char *say;
  int fd = open(path, O_RDWR);
  int r = fd == -1 ? -1 : op == 'x' ? lock_ex(fd) : op == 's' ? lock_sh(fd) : lock_exnb(fd);
  say = r == 0 ? "L" : errno == EWOULDBLOCK ? "W" : "F";
  if (write(out, say, 1) != 1) _exit(2);
  while (read(in, &c, 1) == 1)
    if (c == 'u') {
      r = lock_un(fd);
      if (write(out, r == 0 ? "U" : "F", 1) != 1) _exit(2);
    }
  _exit(0);
}

/* start a child locking path; what it reported ('L', 'W', 'F'), 0 if none */
static int child_start(struct child *c, const char *path, int op)
{
  int a[2], b[2];
  char got = 0;
  if (pipe(a) == -1 || pipe(b) == -1) return 0;
  fflush(stdout);
  c->pid = fork();
  if (c->pid == -1) return 0;
  if (c->pid == 0) {
    close(a[1]);
    close(b[0]);
    child_main(path, op, a[0], b[1]);
  }
  close(a[0]);
  close(b[1]);
  c->tell = a[1];
  c->hear = b[0];
  return read(c->hear, &got, 1) == 1 ? got : 0;
}

/* ask the child to unlock; 1 when it did */
static int child_unlock(struct child *c)
{
  char got = 0;
  return write(c->tell, "u", 1) == 1 && read(c->hear, &got, 1) == 1 && got == 'U';
}

/* end the child; 1 when it exited 0 */
static int child_stop(struct child *c)
{
  int st;
  close(c->tell);
  close(c->hear);
  return waitpid(c->pid, &st, 0) == c->pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void test_exclusive(const char *path)
{
  struct child c;
  int fd = open(path, O_RDWR);
  is_int(child_start(&c, path, 'x'), 'L', "other process takes an exclusive lock");
  errno = 0;
  is_int(lock_exnb(fd), -1, "exnb while it is held fails");
  is_int(errno, EWOULDBLOCK, "with EWOULDBLOCK");
  errno = 0;
  is_int(lock_shnb(fd), -1, "shnb while it is held fails");
  is_int(errno, EWOULDBLOCK, "with EWOULDBLOCK");
  ok(child_stop(&c), "other process exits");
  is_int(lock_exnb(fd), 0, "exnb succeeds once it has exited");
  is_int(lock_exnb(fd), 0, "exnb again through the same fd (a conversion)");
  is_int(child_start(&c, path, 'n'), 'W', "other process: exnb fails with EWOULDBLOCK");
  ok(child_stop(&c), "other process exits");
  close(fd);
  fd = open(path, O_RDWR);
  is_int(lock_exnb(fd), 0, "closing the fd released the lock");
  close(fd);
}

static void test_shared(const char *path)
{
  struct child c;
  int fd = open(path, O_RDWR);
  is_int(lock_sh(fd), 0, "we take a shared lock");
  is_int(child_start(&c, path, 's'), 'L', "other process shares it");
  errno = 0;
  is_int(lock_exnb(fd), -1, "exnb while another shares it fails");
  is_int(errno, EWOULDBLOCK, "with EWOULDBLOCK");
  ok(child_unlock(&c), "other process unlocks");
  is_int(lock_exnb(fd), 0, "now the shared lock upgrades to exclusive");
  is_int(lock_un(fd), 0, "lock_un");
  ok(child_stop(&c), "other process exits");
  close(fd);
}

static void test_blocking(const char *path)
{
  struct child c;
  int64_t t;
  pid_t closer;
  char got = 0;
  int fd = open(path, O_RDWR);
  is_int(child_start(&c, path, 'x'), 'L', "other process holds an exclusive lock");
  /* a helper tells the child to unlock, 200 ms from now */
  fflush(stdout);
  closer = fork();
  if (closer == 0) {
    struct timespec ts = { 0, 200 * 1000000L };
    nanosleep(&ts, 0);
    _exit(write(c.tell, "u", 1) == 1 ? 0 : 1);
  }
  t = now_ms();
  is_int(lock_ex(fd), 0, "lock_ex waits for it");
  t = now_ms() - t;
  ok(t >= 150 && t < 3000, "and waited about 200 ms (%lld)", (long long)t);
  waitpid(closer, 0, 0);
  ok(read(c.hear, &got, 1) == 1 && got == 'U', "other process had unlocked");
  ok(child_stop(&c), "other process exits");
  is_int(lock_un(fd), 0, "unlock");
  is_int(lock_sh(fd), 0, "lock_sh with no contention");
  is_int(lock_sh(fd), 0, "lock_sh twice");
  close(fd);
}

static void test_errors(const char *path)
{
  int fd = open(path, O_RDONLY);
  int (*fn[])(int) = { lock_ex, lock_exnb, lock_sh, lock_shnb, lock_un };
  const char *name[] = { "ex", "exnb", "sh", "shnb", "un" };
  close(fd);
  for (int i = 0; i < 5; ++i) {
    errno = 0;
    is_int(fn[i](fd), -1, "lock_%s on a closed fd fails", name[i]);
    is_int(errno, EBADF, "with EBADF");
  }
  fd = open(path, O_RDONLY);
  is_int(lock_exnb(fd), 0, "flock works on a read-only fd");
  is_int(lock_un(fd), 0, "unlock");
  is_int(lock_un(fd), 0, "unlocking what is not locked is harmless");
  close(fd);
}

int main(void)
{
  const char *d = tap_tmpdir();
  char path[4200];
  int fd;
  alarm(20); /* a lock bug must not hang the suite */
  snprintf(path, sizeof path, "%s/lock", d);
  fd = open(path, O_RDWR | O_CREAT, 0600);
  ok(fd >= 0, "create the lock file");
  close(fd);
  test_exclusive(path);
  test_shared(path);
  test_blocking(path);
  test_errors(path);
  tap_rmtree(d);
  return done_testing();
}

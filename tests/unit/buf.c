/* buf.c — unit test for libqmail/buf: pipes, files, custom ops, timeouts. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "iopause.h"
#include "ndelay.h"
#include "stralloc.h"
#include "tap.h"

/* a memory source: at most chunk bytes per call; fail != 0 makes the call
 * after the data end fail with that errno */
struct src { const char *s; size_t len, pos, chunk, lastn; int calls, fail; };

static ssize_t src_op(buf *b, char *x, size_t n)
{
  struct src *m = b->ctx;
  ++m->calls;
  m->lastn = n;
  if (m->pos == m->len && m->fail) { errno = m->fail; return -1; }
  if (n > m->chunk) n = m->chunk;
  if (n > m->len - m->pos) n = m->len - m->pos;
  memcpy(x, m->s + m->pos, n);
  m->pos += n;
  return (ssize_t)n;
}

/* a memory sink: at most chunk bytes per call; ret0 answers 0, fail fails */
struct sink { stralloc sa; size_t chunk; int calls, ret0, fail; };

static ssize_t sink_op(buf *b, char *x, size_t n)
{
  struct sink *k = b->ctx;
  ++k->calls;
  if (k->fail) { errno = k->fail; return -1; }
  if (k->ret0) return 0;
  if (n > k->chunk) n = k->chunk;
  if (!stralloc_catb(&k->sa, x, n)) return -1;
  return (ssize_t)n;
}

static void pattern(char *x, size_t n)
{
  for (size_t i = 0; i < n; ++i) x[i] = (char)('A' + (i * 7 + i / 251) % 53);
}

static int pending(int fd)
{
  int n = -1;
  return ioctl(fd, FIONREAD, &n) == -1 ? -1 : n;
}

/* fill a pipe or socket until it takes no more; the bytes written */
static size_t fill(int fd)
{
  static char junk[4096];
  size_t total = 0;
  ssize_t w;
  if (ndelay_on(fd) == -1) return 0;
  while ((w = write(fd, junk, sizeof junk)) > 0) total += (size_t)w;
  while ((w = write(fd, junk, 1)) > 0) total += (size_t)w;
  return total;
}

static pid_t in_child(void)
{
  fflush(stdout);
  return fork();
}

static void sleep_ms(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

static void test_pipe(void)
{
  int p[2];
  char ws[16], rs[16], got[32];
  buf w, r;
  char c = 0;
  if (pipe(p) == -1) { skip(1, "pipe"); return; }
  buf_init(&w, buf_fdwrite, p[1], ws, sizeof ws);
  buf_init(&r, buf_fdread, p[0], rs, sizeof rs);
  is_int(buf_puts(&w, "hello, "), 0, "puts");
  is_int(buf_put(&w, "world\n", 6), 0, "put");
  is_int(pending(p[0]), 0, "nothing reaches the pipe before a flush");
  is_int(buf_flush(&w), 0, "flush");
  is_int(pending(p[0]), 13, "13 bytes in the pipe");
  is_int(buf_flush(&w), 0, "flush with nothing buffered");
  is_int(buf_putsflush(&w, "bye"), 0, "putsflush");
  close(p[1]);
  ok(buf_getc(&r, &c) == 1 && c == 'h', "getc");
  is_int(buf_buffered(&r), 15, "the rest of the read is buffered");
  is_int(buf_get(&r, got, 5), 5, "get 5");
  is_mem(got, 5, "ello,", 5, "  bytes");
  is_int(buf_feed(&r), 10, "feed: what is buffered");
  is_mem(buf_peek(&r), 10, " world\nbye", 10, "peek");
  buf_seek(&r, 7);
  is_int(buf_get(&r, got, sizeof got), 3, "get after seek");
  is_mem(got, 3, "bye", 3, "  bytes");
  buf_seek(&r, 5);
  is_int(buf_buffered(&r), 0, "seek past the end stops at the end");
  is_int(buf_get(&r, got, sizeof got), 0, "get at EOF: 0");
  is_int(buf_get(&r, got, sizeof got), 0, "and again");
  is_int(buf_getc(&r, &c), 0, "getc at EOF: 0");
  is_int(buf_feed(&r), 0, "feed at EOF: 0");
  is_int(buf_get(&r, got, 0), 0, "get of 0 bytes");
  close(p[0]);
}

/* write n bytes in pieces of the sizes in steps (cycled) */
static int put_pieces(buf *b, const char *x, size_t n, const size_t *steps, size_t ns)
{
  for (size_t i = 0, k = 0; i < n; ++k) {
    size_t m = steps[k % ns];
    if (m > n - i) m = n - i;
    if (buf_put(b, x + i, m) == -1) return -1;
    i += m;
  }
  return buf_flush(b);
}

/* read n bytes in pieces; 0 when all came and EOF follows */
static int get_pieces(buf *b, char *x, size_t n, const size_t *steps, size_t ns)
{
  char c;
  for (size_t i = 0, k = 0; i < n; ++k) {
    size_t m = steps[k % ns];
    ssize_t r;
    if (m > n - i) m = n - i;
    r = buf_get(b, x + i, m);
    if (r <= 0) return -1;
    i += (size_t)r;
  }
  return buf_getc(b, &c) == 0 ? 0 : -1;
}

static void test_file(const char *dir)
{
  enum { N = 100000 };
  static char data[N], back[N];
  static const size_t wsteps[] = { 1, 7, 99, 100, 101, 5000, 3, 250 };
  static const size_t rsteps[] = { 1, 63, 64, 65, 10000, 2, 128 };
  char ws[100], rs[64], path[4200];
  buf w, r;
  int fd;
  pattern(data, N);
  snprintf(path, sizeof path, "%s/big", dir);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  buf_init(&w, buf_fdwrite, fd, ws, sizeof ws);
  is_int(put_pieces(&w, data, N, wsteps, 8), 0, "100000 bytes to a file in mixed pieces");
  close(fd);
  fd = open(path, O_RDONLY);
  buf_init(&r, buf_fdread, fd, rs, sizeof rs);
  is_int(get_pieces(&r, back, N, rsteps, 7), 0, "read back in mixed pieces, then EOF");
  ok(memcmp(data, back, N) == 0, "the bytes match");
  close(fd);
  /* the same with a timeout set: the timed paths must not lose bytes */
  fd = open(path, O_WRONLY | O_TRUNC);
  buf_init(&w, buf_fdwrite, fd, ws, sizeof ws);
  buf_settimeout(&w, 5000);
  is_int(put_pieces(&w, data, N, wsteps + 3, 5), 0, "again with a timeout");
  close(fd);
  fd = open(path, O_RDONLY);
  buf_init(&r, buf_fdread, fd, rs, sizeof rs);
  buf_settimeout(&r, 5000);
  memset(back, 0, N);
  is_int(get_pieces(&r, back, N, rsteps + 4, 3), 0, "read back with a timeout");
  ok(memcmp(data, back, N) == 0, "the bytes match");
  close(fd);
}

static void test_custom_read(void)
{
  static const char text[] = "one byte at a time";
  struct src m = { text, sizeof text - 1, 0, 1, 0, 0, 0 };
  char rs[8], got[64];
  size_t n = 0;
  ssize_t r;
  buf b;
  buf_init(&b, src_op, -1, rs, sizeof rs);
  b.ctx = &m;
  while ((r = buf_get(&b, got + n, 5)) > 0) {
    if (r != 1) break;
    n += (size_t)r;
  }
  is_int(r, 0, "a one-byte source: every get gives 1 byte, then EOF");
  is_mem(got, n, text, sizeof text - 1, "all of it in order");
  m = (struct src){ text, sizeof text - 1, 0, 100, 0, 0, 0 };
  b.pos = b.len = 0;
  is_int(buf_get(&b, got, 3), 3, "a small get through the buffer");
  is_int(m.lastn, sizeof rs, "  fills the whole buffer");
  is_int(buf_get(&b, got, 5), 5, "the buffered rest comes first");
  is_int(m.calls, 1, "  without another op call");
  is_int(buf_get(&b, got, 50), 10, "a big get on an empty buffer");
  is_int(m.lastn, 50, "  goes straight to the op with the caller's size");
  m.fail = EIO;
  errno = 0;
  is_int(buf_get(&b, got, 5), -1, "an op error reaches get");
  is_int(errno, EIO, "  errno EIO");
  is_int(buf_getc(&b, got), -1, "and getc");
  is_int(buf_feed(&b), -1, "and feed");
}

static void test_custom_write(void)
{
  enum { N = 1000 };
  static char data[N];
  struct sink k = { STRALLOC_ZERO, 3, 0, 0, 0 };
  char ws[16];
  buf b;
  pattern(data, N);
  buf_init(&b, sink_op, -1, ws, sizeof ws);
  b.ctx = &k;
  is_int(buf_put(&b, data, 0), 0, "put of nothing");
  is_int(buf_put(&b, data, 16), 0, "put that fills the buffer exactly");
  is_int(k.calls, 0, "  writes nothing yet");
  is_int(buf_put(&b, data + 16, 1), 0, "one more byte");
  is_int(k.sa.len, 16, "  flushes the full buffer (through short writes)");
  is_int(buf_putflush(&b, data + 17, N - 17), 0, "putflush of the rest");
  is_mem(k.sa.s, k.sa.len, data, N, "a 3-bytes-per-write sink got it all in order");
  ok(k.calls >= N / 3, "in %d short writes", k.calls);
  k.ret0 = 1;
  errno = 0;
  is_int(buf_putflush(&b, "x", 1), -1, "an op that writes nothing");
  is_int(errno, EIO, "  fails with EIO");
  k.ret0 = 0;
  k.fail = EPIPE;
  is_int(buf_put(&b, "abc", 3), 0, "buffer 3 bytes");
  errno = 0;
  is_int(buf_flush(&b), -1, "an op error reaches flush");
  is_int(errno, EPIPE, "  errno EPIPE");
  is_int(b.len, 0, "  and the buffered bytes are dropped");
  k.fail = 0;
  k.sa.len = 0;
  is_int(buf_flush(&b), 0, "a later flush has nothing to write");
  is_int(k.sa.len, 0, "  and writes nothing");
  stralloc_free(&k.sa);
}

#define TIMED(call, err, ms, ...) do { \
    int64_t t_ = iopause_now(); \
    errno = 0; \
    is_int((call), -1, __VA_ARGS__); \
    is_int(errno, (err), "  errno " #err); \
    t_ = iopause_now() - t_; \
    ok(t_ >= (ms) - 10 && t_ < (ms) + 2000, "  after about %d ms (%lld)", (ms), (long long)t_); \
  } while (0)

static void test_read_timeouts(void)
{
  int p[2];
  char rs[16], got[16];
  buf r;
  pid_t pid;
  if (pipe(p) == -1) { skip(1, "pipe"); return; }
  buf_init(&r, buf_fdread, p[0], rs, sizeof rs);
  buf_settimeout(&r, 150);
  TIMED(buf_get(&r, got, 1), ETIMEDOUT, 150, "read timeout: nothing written");
  TIMED(buf_get(&r, got, sizeof got + 100), ETIMEDOUT, 150, "the same for a big read");
  is_int(ndelay_on(p[0]), 0, "make the reader non-blocking");
  TIMED(buf_get(&r, got, 1), ETIMEDOUT, 150, "read timeout on a non-blocking fd");
  buf_settimeout(&r, 0);
  pid = in_child();
  if (pid == 0) { sleep_ms(100); _exit(write(p[1], "late", 4) == 4 ? 0 : 1); }
  is_int(buf_get(&r, got, sizeof got), 4, "non-blocking fd, no timeout: waits for the data");
  is_mem(got, 4, "late", 4, "  bytes");
  waitpid(pid, 0, 0);
  buf_settimeout(&r, 2000);
  pid = in_child();
  if (pid == 0) { sleep_ms(50); _exit(write(p[1], "soon", 4) == 4 ? 0 : 1); }
  is_int(buf_get(&r, got, sizeof got), 4, "data that comes before the timeout is read");
  waitpid(pid, 0, 0);
  close(p[1]);
  is_int(buf_get(&r, got, sizeof got), 0, "EOF with a timeout set");
  close(p[0]);
}

static void test_write_timeouts(void)
{
  enum { BIG = 1 << 20 };
  int p[2], s[2];
  char ws[64];
  char *big = malloc(BIG);
  buf w;
  if (!big || pipe(p) == -1) { skip(1, "malloc or pipe"); free(big); return; }
  memset(big, 'b', BIG);
  buf_init(&w, buf_fdwrite, p[1], ws, sizeof ws);
  buf_settimeout(&w, 200);
  /* a blocking write(2) of more than the room would wait forever: the
   * timeout must still hold (alarm in main catches a hang) */
  TIMED(buf_putflush(&w, big, BIG), ETIMEDOUT, 200, "1 MiB into a pipe nobody reads");
  ok(fill(p[1]) < 65536, "the pipe was left full");
  is_int(ndelay_off(p[1]), 0, "blocking again");
  TIMED(buf_putflush(&w, "x", 1), ETIMEDOUT, 200, "write timeout: a full pipe");
  is_int(ndelay_on(p[1]), 0, "non-blocking");
  TIMED(buf_putflush(&w, "x", 1), ETIMEDOUT, 200, "write timeout on a non-blocking fd");
  close(p[0]);
  close(p[1]);
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) == -1) { skip(1, "socketpair"); free(big); return; }
  buf_init(&w, buf_fdwrite, s[0], ws, sizeof ws);
  buf_settimeout(&w, 200);
  TIMED(buf_putflush(&w, big, BIG), ETIMEDOUT, 200, "1 MiB into a socket nobody reads");
  close(s[0]);
  close(s[1]);
  free(big);
}

/* a full non-blocking pipe that a child drains later: flush waits */
static void test_nonblocking_write(void)
{
  int p[2];
  char ws[64];
  buf w;
  pid_t pid;
  int st = -1;
  size_t full;
  if (pipe(p) == -1) { skip(1, "pipe"); return; }
  full = fill(p[1]);
  pid = in_child();
  if (pid == 0) {
    char x[4096];
    size_t total = 0;
    ssize_t r;
    close(p[1]);
    sleep_ms(100);
    while ((r = read(p[0], x, sizeof x)) > 0) total += (size_t)r;
    _exit(total == full + 5 ? 0 : 1);
  }
  close(p[0]);
  buf_init(&w, buf_fdwrite, p[1], ws, sizeof ws);
  is_int(buf_putsflush(&w, "12345"), 0, "non-blocking full pipe, no timeout: flush waits");
  close(p[1]);
  ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
     "the reader got every byte");
}

static void test_epipe(void)
{
  int p[2];
  char ws[16];
  buf w;
  if (pipe(p) == -1) { skip(1, "pipe"); return; }
  close(p[0]);
  buf_init(&w, buf_fdwrite, p[1], ws, sizeof ws);
  errno = 0;
  is_int(buf_putsflush(&w, "x"), -1, "a pipe with no reader");
  is_int(errno, EPIPE, "  fails with EPIPE");
  buf_settimeout(&w, 100);
  errno = 0;
  is_int(buf_putsflush(&w, "x"), -1, "the same with a timeout");
  is_int(errno, EPIPE, "  fails with EPIPE");
  close(p[1]);
  buf_init(&w, buf_fdwrite, p[1], ws, sizeof ws);
  errno = 0;
  is_int(buf_putsflush(&w, "x"), -1, "a closed fd");
  is_int(errno, EBADF, "  fails with EBADF");
}

static void test_misc(void)
{
  buf b;
  char s[4];
  buf_init(&b, buf_fdread, 5, s, sizeof s);
  ok(b.x == s && b.a == 4 && b.fd == 5 && b.op == buf_fdread && !b.ctx && !b.timeout_ms,
     "buf_init fills every field");
  buf_settimeout(&b, -5);
  is_int(b.timeout_ms, 0, "a negative timeout means none");
  buf_settimeout(&b, 30);
  is_int(b.timeout_ms, 30, "settimeout");
  ok(buf_0->fd == 0 && buf_0->op == buf_fdread, "buf_0 reads fd 0");
  ok(buf_1->fd == 1 && buf_1->op == buf_fdwrite, "buf_1 writes fd 1");
  ok(buf_2->fd == 2 && buf_2->op == buf_fdwrite, "buf_2 writes fd 2");
}

int main(void)
{
  const char *d = tap_tmpdir();
  signal(SIGPIPE, SIG_IGN);
  alarm(30); /* a timeout that does not hold must fail, not hang */
  test_pipe();
  test_file(d);
  test_custom_read();
  test_custom_write();
  test_read_timeouts();
  test_write_timeouts();
  test_nonblocking_write();
  test_epipe();
  test_misc();
  tap_rmtree(d);
  return done_testing();
}

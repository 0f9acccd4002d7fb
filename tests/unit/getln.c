/* getln.c — unit test for libqmail/getln. */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "buf.h"
#include "getln.h"
#include "iopause.h"
#include "stralloc.h"
#include "tap.h"

/* a memory source giving at most chunk bytes per call, then EOF, or the
 * errno fail once the data is used up */
struct src { const char *s; size_t len, pos, chunk; int fail; };

static ssize_t src_op(buf *b, char *x, size_t n)
{
  struct src *m = b->ctx;
  if (m->pos == m->len && m->fail) { errno = m->fail; return -1; }
  if (n > m->chunk) n = m->chunk;
  if (n > m->len - m->pos) n = m->len - m->pos;
  memcpy(x, m->s + m->pos, n);
  m->pos += n;
  return (ssize_t)n;
}

struct rd { buf b; struct src m; char space[8]; };

/* a reader over s[0..len) with a buffer of size bytes (at most 8) */
static void rd_init(struct rd *r, const char *s, size_t len, size_t chunk, size_t size)
{
  r->m = (struct src){ s, len, 0, chunk, 0 };
  buf_init(&r->b, src_op, -1, r->space, size);
  r->b.ctx = &r->m;
}

#define LINE(r, sep, max, want, wmatch, ...) do { \
    int m_ = -1; \
    is_int(getln(&(r)->b, &line, &m_, (sep), (max)), 0, __VA_ARGS__); \
    is_mem(line.s, line.len, (want), sizeof (want) - 1, "  line"); \
    is_int(m_, (wmatch), "  match"); \
  } while (0)

static stralloc line = STRALLOC_ZERO;

static void test_lines(size_t chunk, size_t size)
{
  static const char in[] = "first\nsecond line\n\nlast";
  struct rd r; /* names end with (chunk/buffer size) */
  rd_init(&r, in, sizeof in - 1, chunk, size);
  LINE(&r, '\n', 100, "first\n", 1, "a line with its separator (%zu/%zu)", chunk, size);
  LINE(&r, '\n', 100, "second line\n", 1, "a line longer than the buffer (%zu/%zu)", chunk, size);
  LINE(&r, '\n', 100, "\n", 1, "an empty line (%zu/%zu)", chunk, size);
  LINE(&r, '\n', 100, "last", 0, "a last line without separator: match 0 (%zu/%zu)", chunk, size);
  LINE(&r, '\n', 100, "", 0, "then EOF: empty, match 0 (%zu/%zu)", chunk, size);
  LINE(&r, '\n', 100, "", 0, "and EOF again (%zu/%zu)", chunk, size);
}

static void test_nul(void)
{
  static const char in[] = "Tuser@example.org\0Tother@example.net\0\0";
  struct rd r;
  rd_init(&r, in, sizeof in - 1, 5, 8);
  LINE(&r, 0, 100, "Tuser@example.org\0", 1, "NUL separator");
  LINE(&r, 0, 100, "Tother@example.net\0", 1, "second record");
  LINE(&r, 0, 100, "\0", 1, "an empty record");
  LINE(&r, 0, 100, "", 0, "EOF");
  rd_init(&r, "a\xff" "b\nc\xff", 6, 100, 8);
  LINE(&r, '\xff', 100, "a\xff", 1, "a separator above 127 passed as a char");
  LINE(&r, 0xff, 100, "b\nc\xff", 1, "or as an int");
}

static void test_max(size_t chunk)
{
  static const char in[] = "abcd\nabcde\nabcdefghijklmnop\nxy\nzzzzzz";
  struct rd r;
  int m = -1;
  rd_init(&r, in, sizeof in - 1, chunk, 3);
  LINE(&r, '\n', 5, "abcd\n", 1, "max reached exactly, separator included (chunk %zu)", chunk);
  errno = 0;
  is_int(getln(&r.b, &line, &m, '\n', 5), -1, "one byte over max fails");
  is_int(errno, EMSGSIZE, "  with EMSGSIZE");
  is_mem(line.s, line.len, "abcde", 5, "  holding the first max bytes");
  is_int(m, 0, "  match 0");
  is_int(getln_skip(&r.b, '\n'), 0, "skip the rest (only the separator)");
  errno = 0;
  is_int(getln(&r.b, &line, &m, '\n', 5), -1, "far over max fails");
  is_int(errno, EMSGSIZE, "  with EMSGSIZE");
  is_mem(line.s, line.len, "abcde", 5, "  holding the first max bytes");
  is_int(getln_skip(&r.b, '\n'), 0, "skip the rest over several buffer fills");
  LINE(&r, '\n', 5, "xy\n", 1, "the next line reads normally");
  errno = 0;
  is_int(getln(&r.b, &line, &m, '\n', 5), -1, "a last unterminated line over max");
  is_int(errno, EMSGSIZE, "  with EMSGSIZE");
  is_int(getln_skip(&r.b, '\n'), 0, "skip to EOF");
  LINE(&r, '\n', 5, "", 0, "then EOF");
  is_int(getln_skip(&r.b, '\n'), 0, "skip at EOF");
  rd_init(&r, "zzzzz", 5, chunk, 3);
  LINE(&r, '\n', 5, "zzzzz", 0, "an unterminated last line of exactly max bytes");
  rd_init(&r, "x\n", 2, chunk, 3);
  errno = 0;
  is_int(getln(&r.b, &line, &m, '\n', 0), -1, "max 0");
  is_int(errno, EMSGSIZE, "  with EMSGSIZE");
  is_int(line.len, 0, "  and an empty line");
}

static void test_big(void)
{
  enum { N = 100000 };
  char *in = malloc(N + 3);
  struct rd r;
  int m = -1;
  if (!in) { skip(1, "malloc"); return; }
  for (size_t i = 0; i < N; ++i) in[i] = (char)('a' + i % 26);
  memcpy(in + N, "\nz", 2);
  rd_init(&r, in, N + 2, 4096, 8);
  is_int(getln(&r.b, &line, &m, '\n', N + 1), 0, "a 100000-byte line through an 8-byte buffer");
  ok(m == 1 && line.len == N + 1 && memcmp(line.s, in, N + 1) == 0, "  all of it");
  LINE(&r, '\n', N + 1, "z", 0, "the next line");
  free(in);
}

static void test_errors(void)
{
  struct rd r;
  int m = -1;
  int p[2];
  char space[16];
  int64_t t;
  buf b;
  rd_init(&r, "abc", 3, 2, 8);
  r.m.fail = EIO;
  errno = 0;
  is_int(getln(&r.b, &line, &m, '\n', 100), -1, "a read error mid-line");
  is_int(errno, EIO, "  errno EIO");
  is_int(m, 0, "  match 0");
  rd_init(&r, "abc", 3, 2, 8);
  r.m.fail = EIO;
  errno = 0;
  is_int(getln_skip(&r.b, '\n'), -1, "getln_skip reports a read error");
  is_int(errno, EIO, "  errno EIO");
  rd_init(&r, "", 0, 2, 8);
  ok(stralloc_copys(&line, "old contents"), "line holds something");
  LINE(&r, '\n', 100, "", 0, "empty input: empty line, match 0");
  if (pipe(p) == -1) { skip(1, "pipe"); return; }
  if (write(p[1], "partial", 7) != 7) diag("write");
  buf_init(&b, buf_fdread, p[0], space, sizeof space);
  buf_settimeout(&b, 100);
  errno = 0;
  t = iopause_now();
  is_int(getln(&b, &line, &m, '\n', 100), -1, "a line that never ends, with a timeout");
  is_int(errno, ETIMEDOUT, "  ETIMEDOUT");
  t = iopause_now() - t;
  ok(t >= 90 && t < 2000, "  after about 100 ms (%lld)", (long long)t);
  if (write(p[1], " line\n", 6) != 6) diag("write");
  close(p[1]);
  buf_settimeout(&b, 0);
  is_int(getln(&b, &line, &m, '\n', 100), 0, "a pipe: the rest of the line arrives");
  is_mem(line.s, line.len, " line\n", 6, "  (the part read before the timeout was consumed)");
  close(p[0]);
}

int main(void)
{
  static const size_t chunks[] = { 1, 2, 3, 7, 100 };
  static const size_t sizes[] = { 1, 3, 8 };
  for (size_t i = 0; i < 5; ++i)
    for (size_t j = 0; j < 3; ++j) test_lines(chunks[i], sizes[j]);
  test_nul();
  test_max(1);
  test_max(2);
  test_max(100);
  test_big();
  test_errors();
  stralloc_free(&line);
  return done_testing();
}

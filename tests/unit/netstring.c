/* netstring.c — unit test for libqmail/netstring: parser, encoder, bounded reader. */
#include <errno.h>
#include <stdint.h>

#include "netstring.h"
#include "tap.h"

/* parse a C string; returns the result, data and length through pointers */
static ssize_t parse(const char *s, size_t max, const char **data, size_t *dlen)
{
  *data = 0;
  *dlen = 12345;
  return netstring_parse(s, strlen(s), max, data, dlen);
}

static void parse_bad(const char *s, size_t max, int err)
{
  const char *d;
  size_t n;
  ssize_t r;
  errno = 0;
  r = parse(s, max, &d, &n);
  ok(r == -1 && errno == err, "parse '%s' (max %zu) fails with %s", s, max,
     err == EINVAL ? "EINVAL" : "EMSGSIZE");
  ok(d == 0 && n == 12345, "parse '%s' leaves the outputs alone", s);
}

static void parse_more(const char *s, size_t max)
{
  const char *d;
  size_t n;
  is_int(parse(s, max, &d, &n), 0, "parse '%s' wants more input", s);
}

static void test_parse(void)
{
  const char *d;
  size_t n;
  const char *two = "3:abc,4:defg,";
  is_int(parse("5:hello,", 100, &d, &n), 8, "parse '5:hello,' consumes 8");
  is_mem(d, n, "hello", 5, "data is hello");
  is_int(parse("0:,", 0, &d, &n), 3, "parse '0:,' consumes 3");
  ok(n == 0 && d != 0, "empty data");
  is_int(parse(two, 100, &d, &n), 6, "first of two consumes 6");
  is_mem(d, n, "abc", 3, "first data");
  is_int(netstring_parse(two + 6, strlen(two) - 6, 100, &d, &n), 7, "second consumes 7");
  is_mem(d, n, "defg", 4, "second data");
  is_int(netstring_parse("3:a\0c,", 6, 3, &d, &n), 6, "NUL inside the data");
  is_mem(d, n, "a\0c", 3, "binary data kept");
  is_int(parse("10:0123456789,", 10, &d, &n), 14, "length exactly max");
  is_int(parse("5:he,lo,", 10, &d, &n), 8, "a comma inside the data is data");
  is_mem(d, n, "he,lo", 5, "comma data");

  parse_more("", 10);
  parse_more("5", 10);
  parse_more("12", 100);
  parse_more("5:", 10);
  parse_more("5:hel", 10);
  parse_more("5:hello", 10);
#if SIZE_MAX == UINT64_MAX
  parse_more("18446744073709551615:", SIZE_MAX);
#endif

  parse_bad(":", 10, EINVAL);
  parse_bad(":hello,", 10, EINVAL);
  parse_bad("a:", 10, EINVAL);
  parse_bad("05:hello,", 10, EINVAL);
  parse_bad("00:,", 10, EINVAL);
  parse_bad("5:hello;", 10, EINVAL);
  parse_bad("5:helloo", 10, EINVAL);
  parse_bad("5;hello,", 10, EINVAL);
  parse_bad("-1:x,", 10, EINVAL);
  parse_bad(" 5:hello,", 10, EINVAL);
  parse_bad("5 :hello,", 10, EINVAL);
  parse_bad("+5:hello,", 10, EINVAL);
  parse_bad("6:hello!,", 5, EMSGSIZE);
  parse_bad("1:x,", 0, EMSGSIZE);
  parse_bad("100", 99, EMSGSIZE);   /* too big before the ':' arrives */
  parse_bad("1000000000000", 1000, EMSGSIZE);
  parse_bad("99999999999999999999999:", SIZE_MAX, EMSGSIZE);
#if SIZE_MAX == UINT64_MAX
  parse_bad("18446744073709551616:", SIZE_MAX, EMSGSIZE);
#endif
}

static void test_encode(void)
{
  stralloc sa = STRALLOC_ZERO;
  const char *d;
  size_t n;
  ok(netstring_encode(&sa, "hello", 5), "encode hello");
  is_mem(sa.s, sa.len, "5:hello,", 8, "encoded hello");
  ok(netstring_encode(&sa, "", 0), "encode empty (appends)");
  is_mem(sa.s, sa.len, "5:hello,0:,", 11, "appended 0:,");
  sa.len = 0;
  {
    char big[1234];
    memset(big, 'q', sizeof big);
    ok(netstring_encode(&sa, big, sizeof big), "encode 1234 bytes");
    is_int(netstring_parse(sa.s, sa.len, 2000, &d, &n), 1234 + 6, "it parses back whole");
    ok(n == 1234 && d == sa.s + 5, "with the right data");
  }
  stralloc_free(&sa);
}

/* an in-memory source for a buf: gives at most chunk bytes per read,
 * or fails with err once the data runs out (err 0: end of file) */
struct src { const char *s; size_t len, pos, chunk; int err; };

static ssize_t src_read(buf *b, char *x, size_t n)
{
  struct src *s = b->ctx;
  if (s->pos == s->len) {
    if (s->err) { errno = s->err; return -1; }
    return 0;
  }
  if (n > s->chunk) n = s->chunk;
  if (n > s->len - s->pos) n = s->len - s->pos;
  memcpy(x, s->s + s->pos, n);
  s->pos += n;
  return (ssize_t)n;
}

/* run netstring_read once over text; returns the result, errno in *err */
static int read1(const char *text, size_t len, size_t chunk, size_t max, stralloc *out, int *err)
{
  static char space[16];
  struct src s = { text, len, 0, chunk, 0 };
  buf b;
  int r;
  buf_init(&b, src_read, -1, space, sizeof space);
  b.ctx = &s;
  errno = 0;
  r = netstring_read(&b, out, max);
  *err = errno;
  return r;
}

static void read_bad(const char *text, size_t max, int want, const char *name)
{
  stralloc sa = STRALLOC_ZERO;
  int err, r = read1(text, strlen(text), 3, max, &sa, &err);
  ok(r == -1 && err == want, "read %s fails with errno %d (got %d, %d)", name, want, r, err);
  stralloc_free(&sa);
}

static void test_read(void)
{
  static char space[16];
  const char *text = "5:hello,0:,3:a,c,";
  struct src s = { text, strlen(text), 0, 1, 0 };
  stralloc sa = STRALLOC_ZERO;
  buf b;
  int err;
  buf_init(&b, src_read, -1, space, sizeof space);
  b.ctx = &s;
  is_int(netstring_read(&b, &sa, 100), 1, "read first (one byte per read)");
  is_mem(sa.s, sa.len, "hello", 5, "first is hello");
  is_int(netstring_read(&b, &sa, 100), 1, "read second");
  is_int(sa.len, 0, "second is empty (replaces)");
  is_int(netstring_read(&b, &sa, 100), 1, "read third");
  is_mem(sa.s, sa.len, "a,c", 3, "third is a,c");
  is_int(netstring_read(&b, &sa, 100), 0, "then a clean end of input");

  read_bad("5:hel", 100, EPROTO, "'5:hel' (truncated data)");
  read_bad("5", 100, EPROTO, "'5' (truncated length)");
  read_bad("5:hello", 100, EPROTO, "'5:hello' (no comma)");
  read_bad("5:hello;", 100, EINVAL, "'5:hello;'");
  read_bad("x", 100, EINVAL, "'x'");
  read_bad(":", 100, EINVAL, "':'");
  read_bad("01:x,", 100, EINVAL, "'01:x,'");
  read_bad("11:hello world,", 10, EMSGSIZE, "'11:…' over max 10");
  read_bad("99999999999999999999999:", SIZE_MAX, EMSGSIZE, "a length past size_t");

  {
    struct src e = { "5:he", 4, 0, 2, EIO };
    buf eb;
    buf_init(&eb, src_read, -1, space, sizeof space);
    eb.ctx = &e;
    errno = 0;
    ok(netstring_read(&eb, &sa, 100) == -1 && errno == EIO, "a read error comes back as itself");
  }
  {
    /* a huge announced length with little data takes little memory */
    stralloc big = STRALLOC_ZERO;
    ok(read1("1000000000:abc", 14, 7, 2000000000, &big, &err) == -1 && err == EPROTO,
       "huge length, short data: EPROTO");
    ok(big.a < 4096, "and memory grew only with the data (%zu bytes)", big.a);
    stralloc_free(&big);
  }
  {
    /* 100000 bytes of data through a 16-byte buffer, 7 bytes per read */
    stralloc enc = STRALLOC_ZERO, data = STRALLOC_ZERO;
    int good = stralloc_ready(&data, 100000);
    for (size_t i = 0; good && i < 100000; ++i) data.s[i] = (char)(i % 251);
    data.len = 100000;
    good = good && netstring_encode(&enc, data.s, data.len);
    ok(good && read1(enc.s, enc.len, 7, 100000, &sa, &err) == 1, "read 100000 bytes");
    ok(sa.len == 100000 && memcmp(sa.s, data.s, 100000) == 0, "all 100000 bytes right");
    ok(read1(enc.s, enc.len, 7, 99999, &sa, &err) == -1 && err == EMSGSIZE,
       "the same with max 99999: EMSGSIZE");
    stralloc_free(&enc);
    stralloc_free(&data);
  }
  stralloc_free(&sa);
}

int main(void)
{
  test_parse();
  test_encode();
  test_read();
  return done_testing();
}

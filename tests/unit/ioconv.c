/* ioconv.c — unit test for ucspi-tcp/ioconv: addcr, delcr, fixcr and recordio lines. */
#include <string.h>

#include "ioconv.h"
#include "tap.h"

#define S(x) (x), sizeof (x) - 1
/* is_mem against a string literal or char array (without its NUL) */
#define IS(got, glen, want, ...) is_mem((got), (glen), (want), sizeof (want) - 1, __VA_ARGS__)

/* run delcr over the pieces of s cut at every position in cuts (one
 * stream), then its end; returns the output length */
static size_t delcr_pieces(const char *s, size_t n, size_t cut, char *out)
{
  struct ioconv c = IOCONV_ZERO;
  size_t k = 0, i;
  for (i = 0; i < n; i += cut)
    k += ioconv_delcr(&c, s + i, n - i < cut ? n - i : cut, out + k);
  k += ioconv_delcr_end(&c, out + k);
  return k;
}

static size_t fixcr_pieces(const char *s, size_t n, size_t cut, char *out)
{
  struct ioconv c = IOCONV_ZERO;
  size_t k = 0, i;
  for (i = 0; i < n; i += cut)
    k += ioconv_fixcr(&c, s + i, n - i < cut ? n - i : cut, out + k);
  return k;
}

static void test_addcr(void)
{
  char out[64];
  IS(out, ioconv_addcr(S("a\nb\r\nc"), out), "a\r\nb\r\r\nc", "addcr: a CR before every LF, even after a CR");
  IS(out, ioconv_addcr(S("\n\n"), out), "\r\n\r\n", "addcr: empty lines");
  is_int(ioconv_addcr("", 0, out), 0, "addcr: nothing in, nothing out");
  IS(out, ioconv_addcr(S("partial"), out), "partial", "addcr: no CR at the end of a partial final line");
}

static void test_delcr(void)
{
  static const char in[] = "a\r\r\nb\r\nc\rd\r";
  static const char want[] = "a\r\nb\nc\rd\r";
  char out[64];
  size_t cut;
  for (cut = 1; cut <= sizeof in - 1; ++cut)
    IS(out, delcr_pieces(S(in), cut, out), want, "delcr: in pieces of %zu bytes", cut);
  IS(out, delcr_pieces(S("x\r\n\r\n"), 100, out), "x\n\n", "delcr: CRLF lines");
  IS(out, delcr_pieces(S("\r"), 100, out), "\r", "delcr: a lone final CR stays");
  IS(out, delcr_pieces(S("\r\r"), 1, out), "\r\r", "delcr: CRs without LF stay");
  is_int(delcr_pieces("", 0, 1, out), 0, "delcr: empty input");
}

static void test_fixcr(void)
{
  static const char in[] = "a\nb\r\n\n\r\r\nc\rd\n";
  static const char want[] = "a\r\nb\r\n\r\n\r\r\nc\rd\r\n";
  char out[64];
  size_t cut;
  for (cut = 1; cut <= sizeof in - 1; ++cut)
    IS(out, fixcr_pieces(S(in), cut, out), want, "fixcr: in pieces of %zu bytes", cut);
  IS(out, fixcr_pieces(S("no newline"), 3, out), "no newline", "fixcr: a partial line is left alone");
}

static void test_record(void)
{
  char pre[IOCONV_PREFIX_MAX], out[IOCONV_RECORD_LINE_MAX], big[IOCONV_RECORD_CHUNK + 10];
  size_t plen, used = 0, k;
  plen = ioconv_recordprefix(pre, 1234, '<');
  IS(pre, plen, "1234 < ", "record: input prefix");
  plen = ioconv_recordprefix(pre, 0, '>');
  IS(pre, plen, "0 > ", "record: output prefix, pid 0");
  plen = ioconv_recordprefix(pre, 4294967295ul, '>');
  IS(pre, plen, "4294967295 > ", "record: a long pid");
  plen = ioconv_recordprefix(pre, 7, '<');
  k = ioconv_recordline(out, pre, plen, S("hello\nworld"), &used);
  IS(out, k, "7 < hello \n", "record: a line ending in LF ends in a space");
  is_int(used, 6, "record: the LF is consumed");
  k = ioconv_recordline(out, pre, plen, S("world"), &used);
  IS(out, k, "7 < world+\n", "record: a line without LF ends in +");
  is_int(used, 5, "record: all consumed");
  k = ioconv_recordline(out, pre, plen, S("\n"), &used);
  IS(out, k, "7 <  \n", "record: an empty line");
  k = ioconv_recordeof(out, pre, plen);
  IS(out, k, "7 < [EOF]\n", "record: end of stream");
  memset(big, 'A', sizeof big);
  k = ioconv_recordline(out, pre, plen, big, sizeof big, &used);
  is_int(used, IOCONV_RECORD_CHUNK, "record: a packet is cut at the chunk size");
  is_int(k, plen + IOCONV_RECORD_CHUNK + 2, "record: the longest line");
  ok(k <= IOCONV_RECORD_LINE_MAX, "record: within IOCONV_RECORD_LINE_MAX");
}

int main(void)
{
  test_addcr();
  test_delcr();
  test_fixcr();
  test_record();
  return done_testing();
}

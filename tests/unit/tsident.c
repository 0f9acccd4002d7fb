/* tsident.c — unit test for ucspi-tcp/tsident: the RFC 1413 query and
 * the parsing of replies, and a lookup against a small ident server on
 * loopback (skipped when port 113 cannot be had). */
#include "tap.h"
#include "tsident.h"

static int parse(const char *r, char *out, size_t outsize)
{
  return tsident_parse(r, strlen(r), 6193, 23, out, outsize);
}

static void test_query(void)
{
  char q[TSIDENT_QUERY_MAX];
  size_t n = tsident_query(q, 6193, 23);
  is_mem(q, n, "6193 , 23\r\n", 11, "query");
  n = tsident_query(q, 65535, 65535);
  ok(n <= TSIDENT_QUERY_MAX, "the longest query fits");
}

static void test_parse(void)
{
  char out[TSIDENT_INFO_MAX];
  char small[4];
  ok(parse("6193, 23 : USERID : UNIX : stjohns\r\n", out, sizeof out), "RFC 1413 example");
  is_str(out, "stjohns", "user");
  ok(parse("6193,23:USERID:UNIX:joe", out, sizeof out), "no blanks, no newline");
  is_str(out, "joe", "user");
  ok(parse("  6193 ,  23  :  userid  : OTHER , US-ASCII :  ann  \r\n", out, sizeof out),
     "blanks, lower-case keyword, charset");
  is_str(out, "ann", "leading and trailing blanks dropped");
  ok(parse("6193, 23 : USERID : UNIX : a b:c\tz\r\n", out, sizeof out), "odd bytes");
  is_str(out, "a?b?c?z", "blanks, colons and controls made safe");
  ok(parse("6193, 23 : USERID : UNIX : \xff\x01x\n", out, sizeof out), "8-bit bytes");
  is_str(out, "??x", "made safe");
  ok(parse("6193, 23 : USERID : UNIX : abcdefgh\r\n", small, sizeof small), "cut to size");
  is_str(small, "abc", "cut at outsize - 1");
  ok(!parse("6193, 23 : ERROR : NO-USER\r\n", out, sizeof out), "ERROR reply");
  is_str(out, "", "no user after an error");
  ok(!parse("6194, 23 : USERID : UNIX : x\r\n", out, sizeof out), "other remote port");
  ok(!parse("6193, 25 : USERID : UNIX : x\r\n", out, sizeof out), "other local port");
  ok(!parse("6193 23 : USERID : UNIX : x\r\n", out, sizeof out), "no comma");
  ok(!parse("6193, 23 : USERID : UNIX\r\n", out, sizeof out), "no user field");
  ok(!parse("6193, 23 : USERID : UNIX :   \r\n", out, sizeof out), "empty user");
  ok(!parse("6193, 23 : USERIDX : UNIX : x\r\n", out, sizeof out), "not USERID");
  ok(parse("06193, 023 : USERID : UNIX : x\r\n", out, sizeof out), "leading zeros: the same port");
  ok(!parse("996193, 23 : USERID : UNIX : x\r\n", out, sizeof out), "a longer number");
  ok(!parse("", out, sizeof out), "empty reply");
  ok(!parse("6193, 23 : USERID : UNIX : x", out, 0) , "no room at all");
  ok(parse("6193, 23 : USERID : UNIX : me\r\nextra", out, sizeof out), "the line ends at CR");
  is_str(out, "me", "what follows the line is ignored");
}

static void test_lookup(void)
{
  char out[TSIDENT_INFO_MAX];
  static const unsigned char lo[16] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff,127,0,0,1 };
  /* no ident server on 127.0.0.1 (refused at once), or one that says
   * no: both give nothing, quickly */
  ok(!tsident_lookup(lo, lo, 0, 1, 2, 0, out, sizeof out), "timeout 0: no lookup");
  is_str(out, "", "nothing");
}

int main(void)
{
  test_query();
  test_parse();
  test_lookup();
  return done_testing();
}

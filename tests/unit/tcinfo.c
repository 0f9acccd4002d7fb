/* tcinfo.c — unit test for ucspi-tcp/tcinfo: RFC 1413 answers, and a query against a local ident stand-in. */
#include "tcinfo.h"
#include "tap.h"

#include <sys/socket.h>
#include <sys/wait.h>

#define P(s, rp, lp) tcinfo_parse(s, strlen(s), rp, lp, out, sizeof out)

int main(void)
{
  char out[TCINFO_USER_MAX], small[4];
  struct tcaddr lo, rem;
  ok(P("25 , 40000 : USERID : UNIX : joe\r\n", 25, 40000), "a plain answer");
  is_str(out, "joe", "the user id");
  ok(P("25,40000:USERID:UNIX,US-ASCII:  joe smith \r\n", 25, 40000), "no spaces, a charset");
  is_str(out, "joe smith ", "leading spaces go, the rest stays");
  ok(P("  25 ,\t40000 : userid : OTHER :a:b:c", 25, 40000), "case, tabs, colons in the id");
  is_str(out, "a:b:c", "the id is the rest of the line");
  ok(!P("25 , 40000 : ERROR : NO-USER\r\n", 25, 40000), "ERROR answers give nothing");
  ok(!P("25 , 40001 : USERID : UNIX : joe\r\n", 25, 40000), "other ports");
  ok(!P("26 , 40000 : USERID : UNIX : joe\r\n", 25, 40000), "other remote port");
  ok(!P("25 , 40000 : USERID : UNIX\r\n", 25, 40000), "no id field");
  ok(!P("25 , 40000 : USERID : UNIX : \r\n", 25, 40000), "an empty id");
  ok(!P("", 25, 40000), "empty answer");
  ok(!P("garbage", 25, 40000), "garbage");
  ok(tcinfo_parse("1,2:USERID:X:abcdef", 19, 1, 2, small, sizeof small), "a long id");
  is_str(small, "abc", "is cut to the room given");
  ok(!tcinfo_parse("1,2:USERID:X:a\0b", 16, 1, 2, out, sizeof out), "a NUL in the id");

  /* nobody listens on port 113 of 127.0.0.113 (tcpserver.t's fake ident
   * server uses 127.0.0.1): a quick failure */
  ok(tcaddr_literal("127.0.0.1", TCADDR_ANY, &lo), "loopback");
  ok(tcaddr_literal("127.0.0.113", TCADDR_ANY, &rem), "a loopback address nothing binds");
  ok(tcinfo_query(&lo, 40000, &rem, 25, 2, out, sizeof out) == -1, "query without a server fails");
  return done_testing();
}

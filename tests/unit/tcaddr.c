/* tcaddr.c — unit test for ucspi-tcp/tcaddr: -T x+y, seconds, ports and service names, address literals, formatting. */
#include <netdb.h>

#include "tcaddr.h"
#include "dns.h"
#include "tap.h"

int main(void)
{
  unsigned long x = 7, y = 7, s = 7;
  uint16_t port = 7;
  struct tcaddr a;
  struct tcaddr_list *l = malloc(sizeof *l);
  char text[TCADDR_FMT];

  ok(tcaddr_timeouts("2+58", &x, &y) && x == 2 && y == 58, "x+y");
  ok(tcaddr_timeouts("10", &x, &y) && x == 10 && y == 0, "x alone: no second try");
  ok(tcaddr_timeouts("0+0", &x, &y) && x == 0 && y == 0, "zeros");
  ok(!tcaddr_timeouts("", &x, &y), "empty");
  ok(!tcaddr_timeouts("+5", &x, &y), "no x");
  ok(!tcaddr_timeouts("5+", &x, &y), "+ without y");
  ok(!tcaddr_timeouts("5x", &x, &y), "junk after x");
  ok(!tcaddr_timeouts("1+2+3", &x, &y), "two pluses");
  ok(!tcaddr_timeouts("86401", &x, &y), "above TCADDR_TIMEOUT_MAX");
  ok(!tcaddr_timeouts("99999999999999999999999", &x, &y), "overflow");
  ok(tcaddr_seconds("86400", &s) && s == 86400, "seconds at the maximum");
  ok(!tcaddr_seconds("-1", &s) && !tcaddr_seconds("", &s) && !tcaddr_seconds("1s", &s),
     "bad seconds");

  ok(tcaddr_port("25", &port) && port == 25, "numeric port");
  ok(tcaddr_port("0", &port) && port == 0, "port 0");
  ok(tcaddr_port("65535", &port) && port == 65535, "port 65535");
  ok(!tcaddr_port("65536", &port), "port 65536");
  ok(!tcaddr_port("", &port), "empty port");
  ok(!tcaddr_port("25x", &port), "digits then junk");
  ok(!tcaddr_port("no-such-service-here", &port), "unknown service");
  if (getservbyname("smtp", "tcp"))
    ok(tcaddr_port("smtp", &port) && port == 25, "service name smtp");
  else
    skip(1, "no smtp in the services database");

  ok(tcaddr_literal("0", TCADDR_ANY, &a) && !a.v6, "0 is this host");
  tcaddr_fmt(text, &a);
  is_str(text, "127.0.0.1", "0 is 127.0.0.1");
  ok(tcaddr_literal("", TCADDR_ANY, &a) && !a.v6, "empty is this host too");
  ok(tcaddr_literal("0", TCADDR_V6, &a) && a.v6, "0 with -6");
  tcaddr_fmt(text, &a);
  is_str(text, "::1", "0 with -6 is ::1");
  ok(tcaddr_literal("192.0.2.7", TCADDR_ANY, &a) && !a.v6, "dotted quad");
  tcaddr_fmt(text, &a);
  is_str(text, "192.0.2.7", "formats back");
  ok(tcaddr_literal("2001:DB8::7", TCADDR_ANY, &a) && a.v6, "IPv6");
  is_int(tcaddr_fmt(text, &a), 11, "length of the text");
  is_str(text, "2001:db8::7", "canonical IPv6 text");
  ok(tcaddr_literal("::ffff:192.0.2.8", TCADDR_ANY, &a) && !a.v6, "v4-mapped counts as IPv4");
  tcaddr_fmt(text, &a);
  is_str(text, "192.0.2.8", "v4-mapped formats as a dotted quad");
  ok(!tcaddr_literal("mail.example.com", TCADDR_ANY, &a), "a name is no literal");
  ok(!tcaddr_literal("1.2.3.4x", TCADDR_ANY, &a), "junk after an address");
  ok(!tcaddr_literal("01.2.3.4", TCADDR_ANY, &a), "leading zeros are refused");

  is_int(tcaddr_resolve("127.0.0.1", TCADDR_ANY, l, 1000), DNS_OK, "resolve: a literal");
  is_int(l->n, 1, "one address");
  is_int(tcaddr_resolve("::1", TCADDR_V4, l, 1000), DNS_NODATA, "resolve: IPv6 literal with -4");
  is_int(tcaddr_resolve("10.0.0.1", TCADDR_V6, l, 1000), DNS_NODATA,
         "resolve: IPv4 literal with -6");
  free(l);
  return done_testing();
}

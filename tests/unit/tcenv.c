/* tcenv.c — unit test for ucspi-tcp/tcenv: the TCP and TCP6 variable sets. */
#include "tcenv.h"
#include "tap.h"

int main(void)
{
  env_builder e = ENV_BUILDER_ZERO;
  struct tcenv c;
  memset(&c, 0, sizeof c);
  ok(env_init(&e, 0), "init");
  ok(env_set(&e, "TCP6REMOTEIP", "2001:db8::9") && env_set(&e, "KEEP", "1"), "stale values");
  ok(tcaddr_literal("127.0.0.1", TCADDR_ANY, &c.local), "local");
  ok(tcaddr_literal("192.0.2.1", TCADDR_ANY, &c.remote), "remote");
  c.localport = 40000;
  c.remoteport = 25;
  c.localhost = "localhost";
  c.remotehost = 0;
  c.remoteinfo = "joe";
  ok(tcenv_set(&e, &c), "set IPv4");
  is_str(env_find(&e, "PROTO"), "TCP", "PROTO");
  is_str(env_find(&e, "TCPLOCALIP"), "127.0.0.1", "TCPLOCALIP");
  is_str(env_find(&e, "TCPLOCALPORT"), "40000", "TCPLOCALPORT");
  is_str(env_find(&e, "TCPLOCALHOST"), "localhost", "TCPLOCALHOST");
  is_str(env_find(&e, "TCPREMOTEIP"), "192.0.2.1", "TCPREMOTEIP");
  is_str(env_find(&e, "TCPREMOTEPORT"), "25", "TCPREMOTEPORT");
  ok(env_find(&e, "TCPREMOTEHOST") == 0, "no TCPREMOTEHOST without a name");
  is_str(env_find(&e, "TCPREMOTEINFO"), "joe", "TCPREMOTEINFO");
  ok(env_find(&e, "TCP6REMOTEIP") == 0, "the other family's variables are gone");
  is_str(env_find(&e, "KEEP"), "1", "other variables stay");

  ok(tcaddr_literal("::1", TCADDR_ANY, &c.local), "local v6");
  ok(tcaddr_literal("2001:db8::25", TCADDR_ANY, &c.remote), "remote v6");
  c.localhost = 0;
  c.remotehost = "mx.example.com";
  c.remoteinfo = 0;
  ok(tcenv_set(&e, &c), "set IPv6");
  is_str(env_find(&e, "PROTO"), "TCP6", "PROTO=TCP6");
  is_str(env_find(&e, "TCP6LOCALIP"), "::1", "TCP6LOCALIP");
  is_str(env_find(&e, "TCP6REMOTEIP"), "2001:db8::25", "TCP6REMOTEIP");
  is_str(env_find(&e, "TCP6REMOTEPORT"), "25", "TCP6REMOTEPORT");
  is_str(env_find(&e, "TCP6REMOTEHOST"), "mx.example.com", "TCP6REMOTEHOST");
  ok(env_find(&e, "TCP6LOCALHOST") == 0 && env_find(&e, "TCP6REMOTEINFO") == 0,
     "unset when unknown");
  is_str(env_find(&e, "TCPREMOTEIP"), "2001:db8::25", "TCPREMOTEIP has the IPv6 address too");
  is_str(env_find(&e, "TCPLOCALIP"), "::1", "TCPLOCALIP too");
  is_str(env_find(&e, "TCPREMOTEHOST"), "mx.example.com", "TCPREMOTEHOST too");
  ok(env_find(&e, "TCPLOCALHOST") == 0 && env_find(&e, "TCPREMOTEINFO") == 0,
     "and the unknown ones are unset in both sets");
  env_free(&e);
  return done_testing();
}

/* todo.c — unit test for qmail/send/todo: envelopes into info, local and
 * remote contents, malformed envelopes, message names, info checks and
 * the qmail-log lines. */
#include <errno.h>

#include "tap.h"
#include "todo.h"

#define E(lit) lit, sizeof lit - 1   /* a literal with its NULs, without the C one */

static struct route_ctl rc;

/* is_mem for a literal given through E() */
static void memis(const char *got, size_t glen, const char *want, size_t wlen, const char *name)
{
  is_mem(got, glen, want, wlen, "%s", name);
}

/* parse env; expect success and the three contents */
static void good(const char *name, const char *env, size_t len, const char *info, size_t ilen,
                 const char *local, size_t llen, const char *remote, size_t rlen)
{
  struct todo_msg m = TODO_MSG_ZERO;
  int r = todo_parse(&m, &rc, env, len);
  ok(r == 1, "%s: parsed", name);
  is_mem(m.info.s, m.info.len, info, ilen, "%s: info", name);
  is_mem(m.local.s, m.local.len, local, llen, "%s: local", name);
  is_mem(m.remote.s, m.remote.len, remote, rlen, "%s: remote", name);
  todo_free(&m);
}

static void bad(const char *name, const char *env, size_t len)
{
  struct todo_msg m = TODO_MSG_ZERO;
  errno = 0;
  is_int(todo_parse(&m, &rc, env, len), 0, "%s: refused", name);
  is_int(errno, EINVAL, "%s: EINVAL", name);
  todo_free(&m);
}

static void parse_tests(void)
{
  struct todo_msg m = TODO_MSG_ZERO;
  good("local and remote", E("u1000\0p4242\0Fa@b.example\0Tx@here.example\0Ty@far.example\0Tz\0"),
       E("Fa@b.example\0"), E("Tx@here.example\0Tz@here.example\0"), E("Ty@far.example\0"));
  good("no recipient", E("u1\0p2\0F\0"), E("F\0"), E(""), E(""));
  good("remote only, no u or p", E("Fs@x\0Tr@far.example\0"), E("Fs@x\0"), E(""), E("Tr@far.example\0"));
  good("unknown records and empty records are skipped",
       E("u1\0p2\0eX-Extra: 1\0\0Fs@x\0zwhatever\0Tq@here.example\0"),
       E("Fs@x\0"), E("Tq@here.example\0"), E(""));
  good("virtual domain and percenthack",
       E("Fs@x\0Tpat@virt.example\0Tjoe%far.example@relay.example\0"),
       E("Fs@x\0"), E("Talice-pat@virt.example\0"), E("Tjoe@far.example\0"));

  ok(todo_parse(&m, &rc, E("u1000\0p4242\0Fa\nb@c\0Tx@here.example\0Tx@here.example\0")), "duplicates parse");
  is_int(m.uid, 1000, "uid from the u record");
  is_int(m.qp, 4242, "qp from the p record");
  is_int(m.nlocal, 2, "duplicate recipients are kept");
  is_int(m.nremote, 0, "no remote recipient");
  is_mem(m.sender.s, m.sender.len, "a\nb@c", 5, "sender kept as it is");
  /* the same struct again: nothing of the last envelope stays */
  ok(todo_parse(&m, &rc, E("Fz@y\0Tw@far.example\0")), "reuse the struct");
  is_int(m.uid, 0, "uid reset");
  is_int(m.qp, 0, "qp reset");
  is_mem(m.local.s, m.local.len, "", 0, "local reset");
  memis(m.info.s, m.info.len, E("Fz@y\0"), "info replaced");
  todo_free(&m);

  bad("empty envelope", E(""));
  bad("cut in the last record", E("Fa@b\0Tc@d"));
  bad("no sender", E("u1\0p2\0Tc@d\0"));
  bad("two senders", E("Fa@b\0Fc@d\0Te@f\0"));
  bad("recipient before the sender", E("Tc@d\0Fa@b\0"));
  bad("u not a number", E("u1x\0Fa@b\0"));
  bad("empty u", E("u\0Fa@b\0"));
  bad("p out of range", E("p99999999999999999999999\0Fa@b\0"));
}

static void limit_tests(void)
{
  static char env[4 * TODO_ADDR_MAX];
  struct todo_msg m = TODO_MSG_ZERO;
  size_t n = 0;
  env[n++] = 'F';
  memset(env + n, 's', TODO_ADDR_MAX);
  n += TODO_ADDR_MAX;
  env[n++] = 0;
  env[n++] = 'T';
  memset(env + n, 'r', TODO_ADDR_MAX - 15);
  n += TODO_ADDR_MAX - 15;
  memcpy(env + n, "@far.example.co", 15);
  n += 15;
  env[n++] = 0;
  ok(todo_parse(&m, &rc, env, n), "sender and recipient of %d bytes", TODO_ADDR_MAX);
  is_int(m.remote.len, TODO_ADDR_MAX + 2, "the long recipient is kept whole");
  env[n - 1] = 'o';
  env[n++] = 0;
  is_int(todo_parse(&m, &rc, env, n), 0, "a recipient of %d bytes is refused", TODO_ADDR_MAX + 1);
  is_int(errno, EINVAL, "with EINVAL");
  n = 0;
  env[n++] = 'F';
  memset(env + n, 's', TODO_ADDR_MAX + 1);
  n += TODO_ADDR_MAX + 1;
  env[n++] = 0;
  is_int(todo_parse(&m, &rc, env, n), 0, "a sender of %d bytes is refused", TODO_ADDR_MAX + 1);
  todo_free(&m);
}

static void name_tests(void)
{
  unsigned long num = 7;
  ok(todo_name("12345", &num) && num == 12345, "12345 is a message");
  ok(todo_name("0", &num) && num == 0, "0 is a message");
  ok(!todo_name("", &num), "empty name");
  ok(!todo_name(".", &num) && !todo_name("..", &num), "dot entries");
  ok(!todo_name("012", &num), "leading zero");
  ok(!todo_name("12a", &num), "not all digits");
  ok(!todo_name("+12", &num), "sign");
  ok(!todo_name("99999999999999999999999", &num), "too large");

  ok(todo_infook(E("Fa@b\0")), "whole info");
  ok(todo_infook(E("F\0")), "info with the empty sender");
  ok(!todo_infook(E("")), "empty info (a crash before its fsync)");
  ok(!todo_infook(E("Fa@")), "cut info");
  ok(!todo_infook(E("F")), "F alone");
  ok(!todo_infook(E("Ta@b\0")), "not an F record");
  ok(!todo_infook(E("Fa\0b\0")), "two records");
}

static void log_tests(void)
{
  struct todo_msg m = TODO_MSG_ZERO;
  stralloc out = STRALLOC_ZERO;
  ok(todo_lognew(&out, 4711), "lognew");
  memis(out.s, out.len, E("new msg 4711\n"), "new msg line");
  ok(todo_parse(&m, &rc, E("u89\0p567\0Fa@b.example\0Tc@d\0")), "parse for the info line");
  ok(todo_loginfo(&out, 4711, 1234, &m), "loginfo");
  memis(out.s, out.len, E("info msg 4711: bytes 1234 from <a@b.example> qp 567 uid 89\n"), "info msg line");
  ok(todo_parse(&m, &rc, E("F\0")), "parse a bounce");
  ok(todo_loginfo(&out, 1, 0, &m), "loginfo, empty sender");
  memis(out.s, out.len, E("info msg 1: bytes 0 from <> qp 0 uid 0\n"), "empty sender, no u or p");
  ok(todo_parse(&m, &rc, E("Fa\nb\tc\x7f\xc3\xa9 d@e\0")), "parse an odd sender");
  ok(todo_loginfo(&out, 2, 18446744073709551615ull, &m), "loginfo, odd sender");
  memis(out.s, out.len, E("info msg 2: bytes 18446744073709551615 from <a_b_c___ d@e> qp 0 uid 0\n"),
         "control and 8-bit bytes of the sender become _");
  todo_free(&m);
  stralloc_free(&out);
}

int main(void)
{
  static const char locals_s[] = "here.example\0";
  static const char pct_s[] = "relay.example\0";
  static const char vd_s[] = "virt.example:alice\0";
  constmap locals, pct, vd;
  if (!constmap_init(&locals, locals_s, sizeof locals_s - 1, 0) ||
      !constmap_init(&pct, pct_s, sizeof pct_s - 1, 0) ||
      !constmap_init(&vd, vd_s, sizeof vd_s - 1, 1)) {
    printf("Bail out! constmap_init\n");
    return 255;
  }
  rc.envnoathost = "here.example";
  rc.locals = &locals;
  rc.percenthack = &pct;
  rc.virtualdomains = &vd;
  parse_tests();
  limit_tests();
  name_tests();
  log_tests();
  constmap_free(&locals);
  constmap_free(&pct);
  constmap_free(&vd);
  return done_testing();
}

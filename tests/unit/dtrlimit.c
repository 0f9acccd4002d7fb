/* dtrlimit.c — unit test for daemontools/dtrlimit: option letters,
 * arguments, the capped soft limit, and applying it. */
#include <errno.h>
#include <sys/resource.h>

#include "dtrlimit.h"
#include "tap.h"

static void test_resources(void)
{
  int res[DTRLIMIT_PER_OPTION];
  is_int(dtrlimit_resources('d', res), 1, "d: one resource");
  is_int(res[0], RLIMIT_DATA, "d: RLIMIT_DATA");
  is_int(dtrlimit_resources('a', res), 1, "a");
  is_int(res[0], RLIMIT_AS, "a: RLIMIT_AS");
  is_int(dtrlimit_resources('o', res), 1, "o");
  is_int(res[0], RLIMIT_NOFILE, "o: RLIMIT_NOFILE");
  is_int(dtrlimit_resources('t', res), 1, "t");
  is_int(res[0], RLIMIT_CPU, "t: RLIMIT_CPU");
  is_int(dtrlimit_resources('m', res), 4, "m: four resources");
  ok(res[0] == RLIMIT_DATA && res[1] == RLIMIT_STACK && res[2] == RLIMIT_MEMLOCK
     && res[3] == RLIMIT_AS, "m: data, stack, locked memory, address space");
  is_int(dtrlimit_resources('x', res), 0, "x: not an option");
  is_int(dtrlimit_resources('n', res), 0, "n: not an option");
  {
    const char *all = "acdflmopqrst";
    int good = 1;
    for (const char *p = all; *p; ++p) good &= dtrlimit_resources(*p, res) > 0;
    ok(good, "every documented letter names something");
  }
}

static void test_parse(void)
{
  struct dtrlimit_want w = { 7, 7 };
  ok(dtrlimit_parse("=", &w) && w.tohard == 1, "parse: = means the hard limit");
  ok(dtrlimit_parse("0", &w) && w.tohard == 0 && w.value == 0, "parse: 0");
  ok(dtrlimit_parse("123456789", &w) && w.value == 123456789, "parse: a number");
  ok(dtrlimit_parse("18446744073709551614", &w) && w.value == (rlim_t)18446744073709551614ULL,
     "parse: the largest finite limit");
  w.value = 5;
  ok(!dtrlimit_parse("18446744073709551615", &w), "parse: RLIM_INFINITY itself is refused");
  ok(!dtrlimit_parse("18446744073709551616", &w), "parse: overflow is refused");
  ok(!dtrlimit_parse("", &w), "parse: empty");
  ok(!dtrlimit_parse("12k", &w), "parse: trailing garbage");
  ok(!dtrlimit_parse("-1", &w), "parse: negative");
  ok(!dtrlimit_parse("==", &w), "parse: ==");
  ok(!dtrlimit_parse(" 1", &w), "parse: leading blank");
  is_int(w.value, 5, "parse: failures leave the result alone");
}

static void test_soft(void)
{
  struct dtrlimit_want n = { 0, 1000 }, h = { 1, 0 };
  is_int(dtrlimit_soft(&n, 5000), 1000, "soft: below the hard limit");
  is_int(dtrlimit_soft(&n, 500), 500, "soft: capped at the hard limit");
  is_int(dtrlimit_soft(&n, RLIM_INFINITY), 1000, "soft: no hard limit");
  is_int(dtrlimit_soft(&h, 777), 777, "soft: = gives the hard limit");
  ok(dtrlimit_soft(&h, RLIM_INFINITY) == RLIM_INFINITY, "soft: = of an unlimited hard limit");
}

static void test_apply(void)
{
  struct rlimit before, after;
  struct dtrlimit_want w = { 0, 0 };
  if (getrlimit(RLIMIT_CORE, &before) != 0) { skip(3, "getrlimit failed"); return; }
  w.value = before.rlim_max == RLIM_INFINITY || before.rlim_max > 4096 ? 4096 : before.rlim_max;
  is_int(dtrlimit_apply(RLIMIT_CORE, &w), 0, "apply: lower the core limit");
  getrlimit(RLIMIT_CORE, &after);
  ok(after.rlim_cur == w.value && after.rlim_max == before.rlim_max,
     "apply: soft limit set, hard limit kept");
  w.tohard = 1;
  is_int(dtrlimit_apply(RLIMIT_CORE, &w), 0, "apply: back to the hard limit");
}

int main(void)
{
  test_resources();
  test_parse();
  test_soft();
  test_apply();
  return done_testing();
}

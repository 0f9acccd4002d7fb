/* taia.c — unit test for libqmail/taia: TAI64NA arithmetic and TAI64N packing. */
#include <errno.h>
#include <math.h>
#include <stdint.h>

#include "taia.h"
#include "tap.h"

static struct taia mk(uint64_t s, uint32_t n, uint32_t a)
{
  struct taia t;
  t.sec.x = s;
  t.nano = n;
  t.atto = a;
  return t;
}

static int eq(const struct taia *t, uint64_t s, uint32_t n, uint32_t a)
{
  return t->sec.x == s && t->nano == n && t->atto == a;
}

static void test_arith(void)
{
  struct taia a = mk(10, 999999999, 999999999), b = mk(5, 1, 1), r, z;
  ok(taia_add(&r, &a, &b) == 1 && eq(&r, 16, 1, 0), "add carries atto into nano into sec");
  ok(taia_sub(&r, &r, &b) == 1 && eq(&r, 10, 999999999, 999999999), "sub borrows (result in place)");
  ok(taia_sub(&r, &r, &r) == 1 && eq(&r, 0, 0, 0), "x - x is zero");
  a = mk(3, 0, 0);
  b = mk(2, 0, 1);
  ok(taia_sub(&r, &a, &b) == 1 && eq(&r, 0, 999999999, 999999999), "borrow through both fields");
  a = mk(UINT64_MAX, 999999999, 0);
  b = mk(0, 1, 0);
  errno = 0;
  ok(taia_add(&r, &a, &b) == 0 && errno == EOVERFLOW, "add past the largest time: 0, EOVERFLOW");
  ok(eq(&r, UINT64_MAX, 999999999, 999999999), "and saturates at the largest time");
  a = mk(UINT64_MAX - 1, 0, 0);
  b = mk(1, 0, 0);
  ok(taia_add(&r, &a, &b) == 1 && eq(&r, UINT64_MAX, 0, 0), "add up to the largest label exactly");
  a = mk(5, 0, 0);
  b = mk(5, 0, 1);
  errno = 0;
  ok(taia_sub(&r, &a, &b) == 0 && errno == EOVERFLOW, "a - b with b > a: 0, EOVERFLOW");
  ok(eq(&r, 0, 0, 0), "and saturates at zero");
  z = mk(0, 0, 0);
  ok(taia_sub(&r, &z, &a) == 0 && eq(&r, 0, 0, 0), "0 - 5 saturates at zero");
  taia_uint(&r, 60);
  ok(eq(&r, 60, 0, 0), "taia_uint(60)");
  taia_uint(&r, UINT32_MAX);
  ok(eq(&r, UINT32_MAX, 0, 0), "taia_uint of the largest unsigned");

  /* fields out of their range (never made by this module) do not wrap */
  a = mk(1, UINT32_MAX, UINT32_MAX);
  ok(taia_add(&r, &a, &a) == 1 && r.nano < 1000000000 && r.atto < 1000000000,
     "add normalises out-of-range fields");
}

static void test_order(void)
{
  struct taia a = mk(5, 5, 5), b;
  b = mk(6, 0, 0);
  ok(taia_less(&a, &b) && !taia_less(&b, &a), "less by seconds");
  b = mk(5, 6, 0);
  ok(taia_less(&a, &b) && !taia_less(&b, &a), "less by nanoseconds");
  b = mk(5, 5, 6);
  ok(taia_less(&a, &b) && !taia_less(&b, &a), "less by attoseconds");
  ok(!taia_less(&a, &a), "not less than itself");
}

static void test_approx(void)
{
  struct taia a = mk(2, 500000000, 0), b = mk(0, 0, 250000000);
  ok(fabs(taia_frac(&a) - 0.5) < 1e-12, "frac of 2.5 s");
  ok(fabs(taia_approx(&a) - 2.5) < 1e-12, "approx of 2.5 s");
  ok(fabs(taia_frac(&b) - 2.5e-10) < 1e-20, "frac counts attoseconds");
  a = mk(0, 999999999, 999999999);
  ok(taia_frac(&a) < 1.0 + 1e-12 && taia_frac(&a) > 0.999999, "frac stays below 1");
}

static void test_pack(void)
{
  struct taia t = mk(0x400000005553f10aULL, 123456789, 42), u;
  unsigned char p[TAIA_PACK];
  static const unsigned char want[TAIA_PACK] = { 0x40, 0, 0, 0, 0x55, 0x53, 0xf1, 0x0a,
                                                 0x07, 0x5b, 0xcd, 0x15 };
  taia_pack(p, &t);
  is_mem(p, sizeof p, want, sizeof want, "12 bytes: label then nanoseconds, big-endian");
  u = mk(1, 2, 3);
  ok(taia_unpack(p, &u) == 1, "unpack");
  ok(eq(&u, t.sec.x, 123456789, 0), "unpack gives label and nanoseconds; atto is not packed");
  p[8] = 0x3b; p[9] = 0x9a; p[10] = 0xca; p[11] = 0x00; /* 10^9 */
  errno = 0;
  ok(taia_unpack(p, &u) == 0 && errno == EINVAL, "nanoseconds of 10^9: EINVAL");
  ok(eq(&u, t.sec.x, 123456789, 0), "t untouched on failure");
  p[11] = 0xff; p[10] = 0xc9; /* 999999999 = 3b9ac9ff */
  ok(taia_unpack(p, &u) == 1 && u.nano == 999999999, "999999999 nanoseconds is fine");
}

static void test_now(void)
{
  struct taia a, b, d;
  struct timespec ts;
  taia_now(&a);
  clock_gettime(CLOCK_REALTIME, &ts);
  taia_now(&b);
  ok(!taia_less(&b, &a), "taia_now does not go backwards here");
  ok(a.nano < 1000000000 && a.atto == 0, "fields in range");
  ok(a.sec.x - TAI_UNIX_EPOCH <= (uint64_t)ts.tv_sec
     && (uint64_t)ts.tv_sec - (a.sec.x - TAI_UNIX_EPOCH) <= 1, "taia_now agrees with the clock");
  ok(taia_sub(&d, &b, &a) == 1 && taia_approx(&d) < 1.0, "two readings are close");
}

int main(void)
{
  test_arith();
  test_order();
  test_approx();
  test_pack();
  test_now();
  return done_testing();
}

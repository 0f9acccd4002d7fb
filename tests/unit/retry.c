/* retry.c — unit test for qmail/lib/retry: the schedule, exact roots, a clock set back, saturation. */
#include <stdint.h>

#include "retry.h"
#include "tap.h"

/* root_ok: r is floor(sqrt(x)), checked without overflow */
static int root_ok(uint64_t x, uint64_t r)
{
  uint64_t sq, next;
  if (r > 0xffffffffULL) return 0;
  sq = r * r;
  if (sq > x) return 0;
  if (r == 0xffffffffULL) return 1;  /* (r+1)^2 = 2^64 > every x */
  next = (r + 1) * (r + 1);
  return x < next;
}

static void roots(void)
{
  int bad = 0;
  is_int(retry_isqrt(0), 0, "isqrt 0");
  is_int(retry_isqrt(1), 1, "isqrt 1");
  is_int(retry_isqrt(3), 1, "isqrt 3");
  is_int(retry_isqrt(4), 2, "isqrt 4");
  is_int(retry_isqrt(399), 19, "isqrt 399");
  is_int(retry_isqrt(400), 20, "isqrt 400 (a perfect square)");
  is_int(retry_isqrt(401), 20, "isqrt 401");
  for (uint64_t x = 0; x < 200000; ++x) if (!root_ok(x, retry_isqrt(x))) ++bad;
  is_int(bad, 0, "isqrt exact for 0..199999");
  bad = 0;
  for (uint64_t k = 1; k < 0x100000000ULL; k += 0x10001ULL + k / 3) {
    uint64_t sq = k * k;
    if (retry_isqrt(sq) != k || retry_isqrt(sq - 1) != k - 1) ++bad;
    if (k < 0xffffffffULL && retry_isqrt(sq + 2 * k) != k) ++bad;  /* (k+1)^2 - 1 */
  }
  is_int(bad, 0, "isqrt at and around perfect squares up to 2^64");
  is_int((long long)retry_isqrt(0xfffffffe00000001ULL), 0xffffffffLL, "isqrt (2^32-1)^2");
  is_int((long long)retry_isqrt(0xfffffffe00000000ULL), 0xfffffffeLL, "isqrt (2^32-1)^2 - 1");
  is_int((long long)retry_isqrt(UINT64_MAX), 0xffffffffLL, "isqrt UINT64_MAX");
  is_int((long long)retry_isqrt((uint64_t)INT64_MAX), 3037000499LL, "isqrt INT64_MAX");
}

static void schedule(void)
{
  const int64_t b = 1700000000;
  static const int64_t remote[] = { 400, 1600, 3600, 6400, 10000, 14400, 19600 };
  static const int64_t local[] = { 100, 400, 900, 1600, 2500, 3600, 4900 };
  int64_t t;
  size_t i;

  is_int(retry_next(b, b, RETRY_REMOTE) - b, 400, "remote: deferred at birth -> +400");
  is_int(retry_next(b, b, RETRY_LOCAL) - b, 100, "local: deferred at birth -> +100");
  for (t = b, i = 0; i < sizeof remote / sizeof remote[0]; ++i) {
    t = retry_next(b, t, RETRY_REMOTE);
    is_int(t - b, remote[i], "remote attempt %zu at +%lld", i + 2, (long long)remote[i]);
  }
  for (t = b, i = 0; i < sizeof local / sizeof local[0]; ++i) {
    t = retry_next(b, t, RETRY_LOCAL);
    is_int(t - b, local[i], "local attempt %zu at +%lld", i + 2, (long long)local[i]);
  }
  is_int(retry_next(b, b + 399, RETRY_REMOTE) - b, 39 * 39, "remote: just before a square");
  is_int(retry_next(b, b + 401, RETRY_REMOTE) - b, 1600, "remote: just after a square");
  is_int(retry_next(b, b + 1, RETRY_LOCAL) - b, 121, "local: a second after birth");
  is_int(retry_next(b, b + 86400 * 7, RETRY_REMOTE) - b, (777 + 20) * (777 + 20),
         "remote: a week after birth");
  is_int(retry_next(b, b + 5, (enum retry_channel)7) - b, 22 * 22, "an unknown channel is remote");
}

static void edges(void)
{
  const int64_t b = 1700000000;
  int bad = 0;
  is_int(retry_next(b, b - 3600, RETRY_REMOTE), b + 400, "clock set back: as if deferred at birth");
  is_int(retry_next(b, INT64_MIN, RETRY_LOCAL), b + 100, "clock at INT64_MIN: as at birth");
  is_int(retry_next(-1000, 0, RETRY_REMOTE), -1000 + 51 * 51, "negative birth");
  is_int(retry_next(INT64_MIN, INT64_MIN, RETRY_REMOTE), INT64_MIN + 400, "birth INT64_MIN");
  is_int(retry_next(INT64_MIN, INT64_MAX, RETRY_REMOTE), INT64_MAX, "age 2^64-1 saturates");
  is_int(retry_next(0, INT64_MAX, RETRY_LOCAL), INT64_MAX, "now INT64_MAX saturates");
  is_int(retry_next(INT64_MAX - 100, INT64_MAX - 100, RETRY_REMOTE), INT64_MAX,
         "birth near INT64_MAX saturates");
  is_int(retry_next(INT64_MAX - 400, INT64_MAX - 400, RETRY_REMOTE), INT64_MAX,
         "exactly INT64_MAX");
  is_int(retry_next(INT64_MAX - 401, INT64_MAX - 401, RETRY_REMOTE), INT64_MAX - 1,
         "one below INT64_MAX");
  is_int(retry_next(INT64_MAX, INT64_MAX, RETRY_LOCAL), INT64_MAX, "birth INT64_MAX");
  /* after about 2^63 seconds the square of (root + skip) passes INT64_MAX */
  is_int(retry_next(0, (int64_t)3037000480LL * 3037000480LL, RETRY_REMOTE), INT64_MAX,
         "a root of 3037000480 saturates");
  is_int(retry_next(0, (int64_t)3037000480LL * 3037000480LL - 1, RETRY_REMOTE),
         (int64_t)3037000499LL * 3037000499LL, "one second earlier does not");
  for (int64_t birth = -5000; birth <= 5000; birth += 997)
    for (int64_t now = -10000; now <= 2000000; now += 12347) {
      int64_t n = retry_next(birth, now, RETRY_REMOTE), l = retry_next(birth, now, RETRY_LOCAL);
      if (n <= now || l <= now || l > n || n <= birth) ++bad;
    }
  is_int(bad, 0, "the next attempt is after now and after birth; local comes no later than remote");
}

int main(void)
{
  roots();
  schedule();
  edges();
  return done_testing();
}

/* tsconn.c — unit test for ucspi-tcp/tsconn: tcpserver's child table and
 * per-IP counts, against a simple model under random operations. */
#include <stdint.h>

#include "tap.h"
#include "tsconn.h"

#define MODEL_MAX 3000

struct model { pid_t pid; unsigned char ip[16]; };

static void ip_of(unsigned char ip[16], unsigned k)
{
  memset(ip, 0, 16);
  ip[10] = ip[11] = 0xff;
  ip[12] = 10;
  ip[14] = (unsigned char)(k >> 8);
  ip[15] = (unsigned char)k;
}

static void test_basic(void)
{
  struct tsconn t = TSCONN_ZERO;
  unsigned char a[16], b[16], got[16];
  ip_of(a, 1);
  ip_of(b, 2);
  is_int(tsconn_count(&t, a), 0, "empty table: count 0");
  ok(!tsconn_del(&t, 5, got), "empty table: nothing to delete");
  ok(tsconn_ready(&t, 3), "ready for 3");
  tsconn_add(&t, 100, a);
  tsconn_add(&t, 101, a);
  tsconn_add(&t, 102, b);
  is_int(t.n, 3, "3 children");
  is_int(t.nip, 2, "2 addresses");
  is_int(tsconn_count(&t, a), 2, "2 from a");
  is_int(tsconn_count(&t, b), 1, "1 from b");
  tsconn_add(&t, 102, a);
  is_int(t.n, 3, "a pid already there is not added twice");
  is_int(tsconn_count(&t, a), 2, "nor counted");
  ok(tsconn_del(&t, 100, got), "delete 100");
  ok(memcmp(got, a, 16) == 0, "its address comes back");
  is_int(tsconn_count(&t, a), 1, "1 left from a");
  ok(!tsconn_del(&t, 100, got), "delete 100 again: not there");
  ok(tsconn_del(&t, 101, 0), "delete 101");
  is_int(tsconn_count(&t, a), 0, "none from a");
  is_int(t.nip, 1, "1 address left");
  ok(tsconn_del(&t, 102, 0), "delete 102");
  is_int(t.n, 0, "empty again");
  is_int(t.nip, 0, "no addresses");
  errno = 0;
  ok(!tsconn_ready(&t, (size_t)TSCONN_MAX + 1) && errno == EOVERFLOW, "past TSCONN_MAX: EOVERFLOW");
  ok(!tsconn_ready(&t, (size_t)-1) && errno == EOVERFLOW, "size overflow: EOVERFLOW");
  tsconn_free(&t);
  tsconn_free(&t);
  ok(t.p == 0 && t.n == 0, "free twice is harmless");
}

/* random adds and deletes, checked against a list */
static void test_random(void)
{
  static struct model m[MODEL_MAX];
  struct tsconn t = TSCONN_ZERO;
  size_t n = 0, i, bad = 0;
  pid_t next = 2;
  uint32_t r = 12345;
  int step;
  t.seed = 0x1234567890abcdefull;
  for (step = 0; step < 200000; ++step) {
    r = r * 1103515245u + 12345u;
    if (n < MODEL_MAX && ((r >> 16) % 3 != 0 || n == 0)) {
      if (!tsconn_ready(&t, 1)) { ++bad; break; }
      m[n].pid = next++;
      ip_of(m[n].ip, (r >> 8) % 97);  /* few addresses: many per address */
      tsconn_add(&t, m[n].pid, m[n].ip);
      ++n;
    } else {
      unsigned char got[16];
      i = (r >> 4) % n;
      if (!tsconn_del(&t, m[i].pid, got) || memcmp(got, m[i].ip, 16)) ++bad;
      m[i] = m[--n];
    }
    if (t.n != n) ++bad;
    if (step % 997 == 0) {
      unsigned k;
      for (k = 0; k < 97; ++k) {
        unsigned char ip[16];
        unsigned long c = 0;
        ip_of(ip, k);
        for (i = 0; i < n; ++i) c += memcmp(m[i].ip, ip, 16) == 0;
        if (tsconn_count(&t, ip) != c) ++bad;
      }
    }
  }
  is_int(bad, 0, "200000 random operations agree with the model");
  while (n) {
    if (!tsconn_del(&t, m[n - 1].pid, 0)) ++bad;
    --n;
  }
  is_int(bad, 0, "every child deleted");
  is_int(t.nip, 0, "no address left");
  tsconn_free(&t);
}

int main(void)
{
  test_basic();
  test_random();
  return done_testing();
}

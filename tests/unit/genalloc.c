/* genalloc.c — unit test for libqmail/genalloc. */
#include <errno.h>
#include <stdint.h>

#include "genalloc.h"
#include "tap.h"

struct pair { int n; const char *s; };

GENALLOC_DECLARE(ta_int, int)
GENALLOC_DECLARE(ta_pair, struct pair)

/* ASan refuses huge allocations with a report instead of returning NULL */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

int main(void)
{
  ta_int ti = GENALLOC_ZERO;
  ta_pair tp = GENALLOC_ZERO;
  int *before;
  size_t a_before;
  int good = 1;

  ok(ta_int_ready(&ti, 0) && ti.items && ti.len == 0, "ready 0 allocates something");
  for (int i = 0; i < 100000; ++i)
    if (!ta_int_append(&ti, i * 3)) { good = 0; break; }
  ok(good, "100000 appends");
  is_int(ti.len, 100000, "len counts appends");
  ok(ti.a >= ti.len, "a covers len");
  for (size_t i = 0; i < ti.len; ++i)
    if (ti.items[i] != (int)i * 3) { good = 0; break; }
  ok(good, "every element kept its value through growth");

  before = ti.items;
  a_before = ti.a;
  ok(ta_int_ready(&ti, ti.a), "ready within capacity");
  ok(ti.items == before && ti.a == a_before, "ready within capacity does not move");
  ok(ta_int_readyplus(&ti, 0), "readyplus 0");

  /* the SIZE_MAX edges: each fails with EOVERFLOW and changes nothing */
  errno = 0;
  ok(!ta_int_ready(&ti, SIZE_MAX), "ready SIZE_MAX fails");
  is_int(errno, EOVERFLOW, "EOVERFLOW");
  errno = 0;
  ok(!ta_int_ready(&ti, SIZE_MAX / sizeof(int) + 1), "count * size wraps by one");
  is_int(errno, EOVERFLOW, "EOVERFLOW on the multiplication");
  errno = 0;
  ok(!ta_int_ready(&ti, SIZE_MAX / sizeof(int)), "count * size fits size_t but not PTRDIFF_MAX");
  is_int(errno, EOVERFLOW, "EOVERFLOW past GENALLOC_MAX_BYTES");
  errno = 0;
  ok(!ta_int_ready(&ti, GENALLOC_MAX_BYTES / sizeof(int) + 1), "one element past the maximum");
  is_int(errno, EOVERFLOW, "EOVERFLOW just past the maximum");
  errno = 0;
  ok(!ta_int_readyplus(&ti, SIZE_MAX - ti.len + 1), "len + n wraps by one");
  is_int(errno, EOVERFLOW, "EOVERFLOW on len + n");
  errno = 0;
  ok(!ta_int_readyplus(&ti, SIZE_MAX), "readyplus SIZE_MAX");
  is_int(errno, EOVERFLOW, "EOVERFLOW");
  ok(ti.items == before && ti.a == a_before && ti.len == 100000, "array unchanged by failures");
  ok(ti.items[99999] == 99999 * 3, "contents unchanged by failures");

#ifdef UNDER_ASAN
  skip(3, "ASan reports huge allocations instead of returning NULL");
#else
  errno = 0;
  ok(!ta_int_ready(&ti, GENALLOC_MAX_BYTES / sizeof(int)), "exactly the maximum: allocator refuses");
  is_int(errno, ENOMEM, "ENOMEM");
  ok(ti.items == before && ti.a == a_before, "unchanged after ENOMEM");
#endif

  {
    size_t a = 0;
    errno = 0;
    ok(genalloc_grow(0, &a, 1, 0) == 0 && errno == EINVAL, "grow with size 0: EINVAL");
    ok(genalloc_addcount(SIZE_MAX, 0, &a) && a == SIZE_MAX, "addcount at the edge");
    errno = 0;
    ok(!genalloc_addcount(SIZE_MAX, 1, &a) && errno == EOVERFLOW, "addcount wraps");
  }

  ok(ta_pair_append(&tp, (struct pair){ 1, "one" }), "append a struct");
  ok(ta_pair_append(&tp, (struct pair){ 2, "two" }), "append another");
  ok(tp.len == 2 && tp.items[1].n == 2, "struct elements");
  is_str(tp.items[0].s, "one", "struct member kept");
  errno = 0;
  ok(!ta_pair_ready(&tp, SIZE_MAX / sizeof(struct pair) + 1), "struct array: size wrap");
  is_int(errno, EOVERFLOW, "struct array: EOVERFLOW");

  /* a stale len on a never-allocated array is ignored, as in stralloc */
  ta_pair_free(&tp);
  tp.len = 42;
  ok(ta_pair_readyplus(&tp, 1) && tp.len == 0, "readyplus resets len when items is NULL");

  ta_int_free(&ti);
  ok(!ti.items && !ti.len && !ti.a, "free zeroes");
  ta_int_free(&ti);
  ok(1, "second free is harmless");
  ta_pair_free(&tp);
  return done_testing();
}

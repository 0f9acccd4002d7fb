/* constmap.c — unit test for libqmail/constmap. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "constmap.h"
#include "stralloc.h"
#include "tap.h"

#define S(lit) (lit), (sizeof(lit) - 1)
#define ENTRIES 100000

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void plain_lists(void)
{
  /* the trailing NUL of the literal is the last entry's terminator */
  static const char list[] = "example.com\0Example.ORG\0\0dup.net\0DUP.NET\0\xc9t\xe9";
  constmap m;
  const char *v;

  ok(constmap_init(&m, list, sizeof list, 0), "init a plain list");
  is_int(constmap_count(&m), 5, "count: duplicate folded away, empty key kept");
  v = constmap_get(&m, S("example.com"));
  is_str(v, "", "plain list: value is \"\"");
  ok(constmap_get(&m, S("EXAMPLE.com")) != 0, "get ignores case");
  ok(constmap_get(&m, S("example.org")) != 0, "stored mixed case found by lower case");
  ok(constmap_get(&m, "example.com.evil", 11) != 0, "key given by length, not NUL");
  ok(constmap_get(&m, S("example.co")) == 0, "a prefix is not a key");
  ok(constmap_get(&m, S("example.comm")) == 0, "a longer key is not a key");
  ok(constmap_get(&m, S("")) != 0, "the empty entry is a key");
  ok(constmap_get(&m, S("\xc9T\xe9")) != 0, "non-ASCII bytes match themselves");
  ok(constmap_get(&m, S("\xe9t\xe9")) == 0, "non-ASCII bytes do not fold");
  ok(constmap_get(&m, S("example.com\0")) == 0, "the NUL is not part of a key");
  ok(constmap_get(&m, S("other.net")) == 0, "absent key");
  constmap_free(&m);
  ok(constmap_get(&m, S("example.com")) == 0 && constmap_count(&m) == 0, "freed map is empty");
  constmap_free(&m);
}

static void colon_lists(void)
{
  static const char list[] = "a.com:relay1\0b.com:\0nocolon\0A.COM:second\0c:d:e\0:root";
  constmap m;
  const char *v;

  ok(constmap_init(&m, list, sizeof list, 1), "init a key:value list");
  is_int(constmap_count(&m), 4, "count: no-colon entry skipped, duplicate folded");
  is_str(constmap_get(&m, S("a.com")), "relay1", "first value wins");
  is_str(constmap_get(&m, S("b.com")), "", "empty value");
  ok(constmap_get(&m, S("nocolon")) == 0, "entry without ':' ignored");
  is_str(constmap_get(&m, S("C")), "d:e", "split at the first colon");
  is_str(constmap_get(&m, S("")), "root", "empty key with a value");
  v = constmap_get(&m, S("a.com"));
  ok(v > list && v < list + sizeof list, "value points into the input");
  constmap_free(&m);

  /* without splitcolon the same text keys whole entries */
  ok(constmap_init(&m, list, sizeof list, 0), "same list, plain");
  is_int(constmap_count(&m), 6, "six distinct whole entries");
  is_str(constmap_get(&m, S("a.com:RELAY1")), "", "colon is part of the key");
  constmap_free(&m);
}

static void edges(void)
{
  constmap m;
  char bad[] = { 'a', 0, 'b' };
  char *huge;

  ok(constmap_init(&m, 0, 0, 0), "empty input, NULL pointer");
  ok(constmap_count(&m) == 0 && constmap_get(&m, S("")) == 0, "empty map finds nothing");
  constmap_free(&m);

  errno = 0;
  ok(!constmap_init(&m, bad, sizeof bad, 0), "input not ending in NUL fails");
  is_int(errno, EINVAL, "EINVAL");
  ok(constmap_get(&m, S("a")) == 0 && constmap_count(&m) == 0, "failed map is empty");
  constmap_free(&m);

  ok(constmap_init(&m, S("only\0"), 0) && constmap_count(&m) == 1, "one entry");
  is_str(constmap_get(&m, S("ONLY")), "", "one entry found");
  constmap_free(&m);

  /* one more entry than the maximum: CONSTMAP_MAX_ENTRIES + 1 empty entries */
  huge = calloc(CONSTMAP_MAX_ENTRIES + 1, 1);
  if (!huge) {
    skip(2, "no memory for the entry-limit test");
    return;
  }
  errno = 0;
  ok(!constmap_init(&m, huge, CONSTMAP_MAX_ENTRIES + 1, 0), "too many entries fail");
  is_int(errno, EOVERFLOW, "EOVERFLOW past CONSTMAP_MAX_ENTRIES");
  constmap_free(&m);
  free(huge);
}

static void many(void)
{
  stralloc sa = STRALLOC_ZERO;
  constmap m;
  char key[64], want[64];
  int good = 1;
  double t0;

  for (int i = 0; i < ENTRIES && good; ++i) {
    int n = snprintf(key, sizeof key, "host%d.example:value%d", i, i);
    good = stralloc_catb(&sa, key, (size_t)n + 1);
  }
  /* case variants of the first keys: duplicates, so they must not win */
  for (int i = 0; i < 100 && good; ++i) {
    int n = snprintf(key, sizeof key, "HOST%d.EXAMPLE:dup", i);
    good = stralloc_catb(&sa, key, (size_t)n + 1);
  }
  ok(good, "built a %d-entry list", ENTRIES);
  t0 = now();
  ok(constmap_init(&m, sa.s, sa.len, 1), "init with %d entries", ENTRIES);
  is_int(constmap_count(&m), ENTRIES, "count");
  for (int i = 0; i < ENTRIES && good; ++i) {
    int n = snprintf(key, sizeof key, i % 2 ? "HOST%d.Example" : "host%d.example", i);
    const char *v = constmap_get(&m, key, (size_t)n);
    snprintf(want, sizeof want, "value%d", i);
    if (!v || strcmp(v, want) != 0) {
      diag("key %s: got %s", key, v ? v : "(null)");
      good = 0;
    }
  }
  ok(good, "every key found with its own value");
  for (int i = ENTRIES; i < 2 * ENTRIES && good; ++i) {
    int n = snprintf(key, sizeof key, "host%d.example", i);
    if (constmap_get(&m, key, (size_t)n)) good = 0;
  }
  ok(good, "%d absent keys not found", ENTRIES);
  ok(now() - t0 < 2.0, "build and 200000 lookups within 2 s (%.3f s)", now() - t0);
  constmap_free(&m);
  stralloc_free(&sa);
}

int main(void)
{
  plain_lists();
  colon_lists();
  edges();
  many();
  return done_testing();
}

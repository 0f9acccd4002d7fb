/* rcptset.c — unit test for qmail/inject/rcptset: order, repeats, null
 * addresses, the limit, and growth of the table. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rcptset.h"
#include "tap.h"

int main(void)
{
  struct rcptset rs = RCPTSET_ZERO;
  char a[32];
  size_t k;
  int all = 1;
  ok(rcptset_add(&rs, "b@x.org", 7), "add b");
  ok(rcptset_add(&rs, "a@x.org", 7), "add a");
  ok(rcptset_add(&rs, "b@x.org", 7), "add b again");
  ok(rcptset_add(&rs, "B@x.org", 7), "add B (another address)");
  ok(rcptset_add(&rs, "", 0), "add the null address");
  is_int(rs.count, 3, "three addresses");
  is_mem(rs.list.s, rs.list.len, "b@x.org\0a@x.org\0B@x.org\0", 24, "in the order they came, once each");
  errno = 0;
  ok(!rcptset_add(&rs, "a\0b", 3) && errno == EINVAL, "a NUL inside: EINVAL");
  rcptset_free(&rs);
  rcptset_free(&rs);
  is_int(rs.count, 0, "free empties it, twice is fine");

  for (k = 0; k < RCPTSET_MAX && all; ++k) {
    int n = snprintf(a, sizeof a, "u%zu@example.org", k);
    all = rcptset_add(&rs, a, (size_t)n);
  }
  ok(all && rs.count == RCPTSET_MAX, "%u distinct addresses", RCPTSET_MAX);
  ok(rcptset_add(&rs, "u7@example.org", 14), "a repeat at the limit is fine");
  errno = 0;
  ok(!rcptset_add(&rs, "one@more.org", 12) && errno == E2BIG, "one more: E2BIG");
  is_int(rs.count, RCPTSET_MAX, "the set is unchanged");
  for (k = 0, all = 1; k < RCPTSET_MAX && all; k += 997) {
    int n = snprintf(a, sizeof a, "u%zu@example.org", k);
    size_t before = rs.count;
    all = rcptset_add(&rs, a, (size_t)n) && rs.count == before;
  }
  ok(all, "every address is found again after the table grew");
  rcptset_free(&rs);
  return done_testing();
}

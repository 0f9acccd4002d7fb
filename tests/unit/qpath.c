/* qpath.c — unit test for qmail/lib/qpath. */
#include <errno.h>

#include "qpath.h"
#include "tap.h"

int main(void)
{
  stralloc sa = STRALLOC_ZERO;
  unsigned long seen[4] = { 0, 0, 0, 0 };

  ok(qpath_file(&sa, QPATH_MESS, 1234567, 151), "mess file");
  is_str(sa.s, "mess/142/1234567", "mess split by 151");
  is_int(sa.len, 16, "len excludes the NUL");
  ok(qpath_file(&sa, QPATH_INFO, 151, 151), "info file");
  is_str(sa.s, "info/0/151", "151 %% 151 = 0");
  ok(qpath_file(&sa, QPATH_REMOTE, 5, 7), "remote file");
  is_str(sa.s, "remote/5/5", "remote split by 7");
  ok(qpath_file(&sa, QPATH_LOCAL, 18446744073709551615ul, 151), "largest number");
  is_str(sa.s, "local/15/18446744073709551615", "ULONG_MAX %% 151 = 15");
  ok(qpath_file(&sa, QPATH_TODO, 42, 151), "todo file");
  is_str(sa.s, "todo/42", "todo is not split");
  ok(qpath_file(&sa, QPATH_INTD, 42, 0), "intd with split 0");
  is_str(sa.s, "intd/42", "unsplit directories ignore split");
  ok(qpath_file(&sa, QPATH_BOUNCE, 9, 151), "bounce file");
  is_str(sa.s, "bounce/9", "bounce is not split");
  ok(qpath_dir(&sa, QPATH_MESS, 1234567, 151), "mess dir");
  is_str(sa.s, "mess/142", "mess directory of a message");
  ok(qpath_dir(&sa, QPATH_TODO, 1, 151), "todo dir");
  is_str(sa.s, "todo", "todo directory");
  errno = 0;
  ok(!qpath_file(&sa, QPATH_MESS, 1, 0), "split 0 for a split directory fails");
  is_int(errno, EINVAL, "with EINVAL");
  ok(qpath_issplit(QPATH_REMOTE) && !qpath_issplit(QPATH_TODO), "issplit");
  is_str(qpath_name(QPATH_BOUNCE), "bounce", "name");

  is_int(qpath_pick(7, 1), 7, "one queue: always it");
  is_int(qpath_pick(7, 0), 7, "count 0 taken as 1");
  for (int i = 0; i < 4000; ++i) {
    unsigned long n = qpath_pick(1, 4);
    if (n < 1 || n > 4) { ok(0, "pick out of range: %lu", n); break; }
    ++seen[n - 1];
  }
  ok(seen[0] > 800 && seen[1] > 800 && seen[2] > 800 && seen[3] > 800,
     "4000 picks spread over 4 queues (%lu %lu %lu %lu)", seen[0], seen[1], seen[2], seen[3]);
  stralloc_free(&sa);
  return done_testing();
}

/* sendsched.c — unit test for qmail/send/sendsched (the due-time heaps). */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "sendsched.h"
#include "tap.h"

/* a model: due/tie per id, present or not; the smallest present by (due, tie, id) */
#define NIDS 500
static int64_t mdue[NIDS], mtie[NIDS];
static int mhas[NIDS];

static int model_min(void)
{
  int best = -1;
  for (int i = 0; i < NIDS; ++i) {
    if (!mhas[i]) continue;
    if (best < 0 || mdue[i] < mdue[best] || (mdue[i] == mdue[best] && mtie[i] < mtie[best]))
      best = i;
  }
  return best;
}

static uint64_t rnd_state = 88172645463325252ull;
static uint64_t rnd(void)
{
  rnd_state ^= rnd_state << 13;
  rnd_state ^= rnd_state >> 7;
  rnd_state ^= rnd_state << 17;
  return rnd_state;
}

static void random_ops(void)
{
  struct sendsched h = SENDSCHED_ZERO;
  struct sendsched_entry e;
  int bad = 0;
  for (int step = 0; step < 200000 && !bad; ++step) {
    uint32_t id = (uint32_t)(rnd() % NIDS);
    int op = (int)(rnd() % 5);
    int64_t due = (int64_t)(rnd() % 50);
    if (op == 0 || op == 1) {
      int r = sendsched_push(&h, id, due, (int64_t)(id % 7));
      if (mhas[id]) bad |= r != 0 || errno != EEXIST;
      else { bad |= r != 1; mhas[id] = 1; mdue[id] = due; mtie[id] = id % 7; }
    } else if (op == 2) {
      bad |= sendsched_remove(&h, id) != mhas[id];
      mhas[id] = 0;
    } else if (op == 3) {
      sendsched_setdue(&h, id, due);
      if (mhas[id]) mdue[id] = due;
    } else {
      int m = model_min();
      if (m < 0) bad |= sendsched_top(&h, &e) != 0;
      else {
        bad |= !sendsched_top(&h, &e) || e.id != (uint32_t)m || e.due != mdue[m];
        sendsched_pop(&h);
        mhas[m] = 0;
      }
    }
    if (step % 1000 == 0) {
      size_t n = 0;
      for (int i = 0; i < NIDS; ++i) { n += (size_t)mhas[i]; bad |= sendsched_has(&h, (uint32_t)i) != mhas[i]; }
      bad |= sendsched_size(&h) != n;
    }
  }
  ok(!bad, "200000 random pushes, removes, due changes and pops agree with a brute-force model");
  sendsched_free(&h);
}

int main(void)
{
  struct sendsched h = SENDSCHED_ZERO;
  struct sendsched_entry e;
  int sorted = 1;
  int64_t last = INT64_MIN;
  clock_t t0;
  double small, big;

  ok(!sendsched_top(&h, &e), "an empty heap has no top");
  sendsched_pop(&h);
  ok(sendsched_size(&h) == 0, "pop on an empty heap does nothing");
  ok(sendsched_push(&h, 5, 100, 1), "push");
  ok(sendsched_push(&h, 3, 100, 0), "push, same due, smaller tie");
  ok(sendsched_push(&h, 9, 50, 9), "push, earlier due");
  ok(sendsched_push(&h, 4, 100, 0), "push, same due and tie, larger id");
  errno = 0;
  ok(!sendsched_push(&h, 5, 1, 1) && errno == EEXIST, "an id already there: EEXIST");
  errno = 0;
  ok(!sendsched_push(&h, (uint32_t)SENDSCHED_MAX, 1, 1) && errno == EINVAL, "an id past the maximum: EINVAL");
  ok(sendsched_top(&h, &e) && e.id == 9 && e.due == 50, "the earliest is on top");
  sendsched_pop(&h);
  ok(sendsched_top(&h, &e) && e.id == 3, "ties: the smaller tie first");
  sendsched_pop(&h);
  ok(sendsched_top(&h, &e) && e.id == 4, "then the smaller id");
  ok(sendsched_has(&h, 5) && !sendsched_has(&h, 9) && !sendsched_has(&h, 100000), "has");
  sendsched_setdue(&h, 5, 10);
  ok(sendsched_top(&h, &e) && e.id == 5 && e.due == 10 && e.tie == 1, "setdue moves an entry up, keeping its tie");
  sendsched_setdue(&h, 5, 1000);
  ok(sendsched_top(&h, &e) && e.id == 4, "and down");
  sendsched_setdue(&h, 77, 1);
  ok(sendsched_size(&h) == 2, "setdue of an absent id does nothing");
  ok(sendsched_remove(&h, 4) && !sendsched_remove(&h, 4), "remove, then it is gone");
  ok(sendsched_top(&h, &e) && e.id == 5, "the rest stays in order");
  sendsched_free(&h);

  /* sendsched_all: later entries come forward, earlier ones keep their time */
  for (uint32_t i = 0; i < 100; ++i)
    if (!sendsched_push(&h, i, (int64_t)(i * 10), (int64_t)(100 - i))) break;
  sendsched_all(&h, 500);
  while (sendsched_top(&h, &e)) {
    int64_t key = e.due * 1000 + e.tie;
    sorted &= key >= last && (e.id < 50 ? e.due == (int64_t)e.id * 10 : e.due == 500);
    last = key;
    sendsched_pop(&h);
  }
  ok(sorted, "all: entries due later become due at the time, in tie order; earlier ones keep theirs");

  random_ops();

  /* O(log n): 100 times more entries cost far less than 100 times more per operation */
  t0 = clock();
  for (int r = 0; r < 100; ++r) {
    for (uint32_t i = 0; i < 1000; ++i) if (!sendsched_push(&h, i, (int64_t)(rnd() % 100000), 0)) return 1;
    while (sendsched_top(&h, &e)) sendsched_pop(&h);
  }
  small = (double)(clock() - t0);
  t0 = clock();
  for (uint32_t i = 0; i < 100000; ++i) if (!sendsched_push(&h, i, (int64_t)(rnd() % 100000), 0)) return 1;
  while (sendsched_top(&h, &e)) sendsched_pop(&h);
  big = (double)(clock() - t0);
  ok(big < small * 10 + CLOCKS_PER_SEC / 10, "100,000 entries at once cost about as much per entry as 1,000 (%.0f vs %.0f ticks)", big, small);
  sendsched_free(&h);
  ok(h.e == 0 && h.n == 0 && h.pos == 0, "free zeroes the heap");
  return done_testing();
}

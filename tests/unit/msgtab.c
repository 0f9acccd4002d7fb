/* msgtab.c — unit test for qmail/send/msgtab (qmail-send's message table). */
#include <errno.h>
#include <stdint.h>

#include "msgtab.h"
#include "tap.h"

int main(void)
{
  struct msgtab t = MSGTAB_ZERO;
  uint32_t id, a, b;
  int good = 1;

  is_int(msgtab_find(&t, 17), MSGTAB_NONE, "an empty table finds nothing");
  ok(msgtab_add(&t, 17, &a), "add 17");
  ok(msgtab_add(&t, 18, &b) && a != b, "add 18: another id");
  errno = 0;
  ok(!msgtab_add(&t, 17, &id) && errno == EEXIST, "17 again: EEXIST");
  is_int(msgtab_find(&t, 17), a, "find 17");
  is_int(msgtab_find(&t, 18), b, "find 18");
  ok(msgtab_get(&t, a)->num == 17 && msgtab_get(&t, a)->used && !msgtab_get(&t, a)->hasbounce, "a new record is zeroed apart from num and used");
  msgtab_get(&t, a)->birth = 1234;
  msgtab_del(&t, a);
  is_int(msgtab_find(&t, 17), MSGTAB_NONE, "deleted: not found");
  is_int(msgtab_count(&t), 1, "count");
  msgtab_del(&t, a);
  is_int(msgtab_count(&t), 1, "deleting twice is harmless");
  ok(msgtab_add(&t, 99, &id) && id == a, "a freed id is reused");
  ok(msgtab_get(&t, id)->birth == 0, "and its record is zeroed");
  msgtab_free(&t);

  /* many numbers, with collisions in the index: every delete keeps the
   * others findable (backward-shift deletion) */
  for (unsigned long n = 0; n < 200000 && good; ++n) good = msgtab_add(&t, n * 151, &id);
  ok(good, "200000 messages added");
  for (unsigned long n = 0; n < 200000; n += 3) {
    id = msgtab_find(&t, n * 151);
    good &= id != MSGTAB_NONE;
    msgtab_del(&t, id);
  }
  for (unsigned long n = 0; n < 200000; ++n) {
    id = msgtab_find(&t, n * 151);
    good &= n % 3 == 0 ? id == MSGTAB_NONE : id != MSGTAB_NONE && msgtab_get(&t, id)->num == n * 151;
  }
  ok(good, "after deleting every third one, the others are all found and the deleted ones are not");
  is_int(msgtab_count(&t), 200000 - 66667, "count after the deletes");
  is_int(msgtab_find(&t, 1), MSGTAB_NONE, "a number never added is not found");
  ok(t.n == 200000, "ids stay dense: no id beyond the most messages ever held");
  for (unsigned long n = 0; n < 200000; n += 3) good &= msgtab_add(&t, n * 151 + 1, &id) && id < 200000;
  ok(good, "new messages reuse the freed ids");
  msgtab_free(&t);
  ok(t.m == 0 && t.index == 0 && t.count == 0, "free zeroes the table");
  return done_testing();
}

/* tai.c — unit test for libqmail/tai: TAI64 labels, packing, conversion. */
#include <errno.h>
#include <stdint.h>

#include "tai.h"
#include "tap.h"

int main(void)
{
  struct tai t, u;
  unsigned char p[TAI_PACK];
  time_t back;
  static const unsigned char epoch[TAI_PACK] = { 0x40, 0, 0, 0, 0, 0, 0, 0x0a };

  is_int(TAI_UNIX_EPOCH, (1ULL << 62) + 10, "the epoch label is 2^62 + 10");
  ok(tai_unix(&t, 0) == 1, "tai_unix(0)");
  tai_pack(p, &t);
  is_mem(p, sizeof p, epoch, sizeof epoch, "Unix time 0 packs as 400000000000000a");
  ok(tai_unix(&t, 1700000000) == 1, "tai_unix of a 2023 time");
  tai_pack(p, &t);
  is_mem(p, sizeof p, "\x40\x00\x00\x00\x65\x53\xf1\x0a", 8, "and its big-endian label");
  tai_unpack(p, &u);
  ok(u.x == t.x, "unpack inverts pack");
  ok(tai_tounix(&u, &back) == 1 && back == 1700000000, "tounix gives the time back");

  /* both ends of the Unix range */
  ok(tai_unix(&t, -(int64_t)TAI_UNIX_EPOCH) == 1 && t.x == 0, "the earliest time is label 0");
  ok(tai_tounix(&t, &back) == 1 && back == -(time_t)TAI_UNIX_EPOCH, "label 0 converts back");
  errno = 0;
  ok(tai_unix(&t, -(int64_t)TAI_UNIX_EPOCH - 1) == 0 && errno == EOVERFLOW,
     "a second earlier: EOVERFLOW");
  ok(t.x == 0, "t untouched on failure");
  ok(tai_unix(&t, INT64_MAX) == 1 && t.x == TAI_UNIX_EPOCH + (uint64_t)INT64_MAX,
     "INT64_MAX fits in a label");
  ok(tai_tounix(&t, &back) == 1 && back == INT64_MAX, "and converts back");
  t.x = TAI_UNIX_EPOCH + (uint64_t)INT64_MAX + 1;
  errno = 0;
  back = 5;
  ok(tai_tounix(&t, &back) == 0 && errno == EOVERFLOW && back == 5,
     "a label past INT64_MAX seconds: EOVERFLOW, nothing stored");
  t.x = UINT64_MAX;
  ok(tai_tounix(&t, &back) == 0, "UINT64_MAX does not convert");

  /* pack and unpack of odd bit patterns */
  t.x = 0x0123456789abcdefULL;
  tai_pack(p, &t);
  is_mem(p, sizeof p, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8, "bytes in big-endian order");
  tai_unpack(p, &u);
  ok(u.x == t.x, "round trip of 0123456789abcdef");
  t.x = UINT64_MAX;
  tai_pack(p, &t);
  tai_unpack(p, &u);
  ok(u.x == UINT64_MAX, "round trip of all ones");

  /* now, and ordering */
  tai_now(&t);
  ok(tai_tounix(&t, &back) == 1 && back >= time(0) - 2 && back <= time(0) + 2,
     "tai_now is the current second");
  u.x = t.x + 1;
  ok(tai_less(&t, &u) && !tai_less(&u, &t) && !tai_less(&t, &t), "tai_less");
  return done_testing();
}

/* sendchan.c — unit test for qmail/send/sendchan (slots, requests, results). */
#include <errno.h>
#include <string.h>

#include "sendchan.h"
#include "tap.h"

static struct sendchan ch;

int main(void)
{
  unsigned long slot;
  const char *r;
  size_t len;
  static char big[20000];

  sendchan_init(&ch, "qmail-lspawn", 3, 4);
  ch.conc = 2;
  is_int(sendchan_start(&ch, 7, 101, "a@x", "b@y", 3, 40, 1), 0, "the first delivery gets slot 0");
  is_int(sendchan_start(&ch, 8, 102, "", "c@y", 3, 0, 2), 1, "the second slot 1");
  is_mem(ch.req.s.s, ch.req.s.len, "0\000101\0a@x\0b@y\0" "1\000102\0\0c@y\0", 25, "the requests: slot, number, sender, recipient");
  errno = 0;
  ok(sendchan_start(&ch, 9, 103, "", "d", 1, 0, 3) == -1 && errno == EBUSY, "a third, at concurrency 2: EBUSY");
  is_int(ch.running, 2, "two running");
  ok(sendchan_slot(&ch, 0) && sendchan_slot(&ch, 0)->id == 7 && sendchan_slot(&ch, 0)->at == 40 &&
     sendchan_slot(&ch, 0)->d == 1, "slot 0: message, offset, delivery number");
  is_mem(sendchan_slot(&ch, 1)->rcpt.s, sendchan_slot(&ch, 1)->rcpt.len, "c@y", 3, "slot 1 keeps its recipient");
  ok(!sendchan_slot(&ch, 2) && !sendchan_slot(&ch, 5000), "no slot 2; none far out");

  ok(sendchan_put(&ch, "1\0Kdone\0", 8), "a result");
  ok(sendchan_result(&ch, &slot, &r, &len) == 1 && slot == 1, "for slot 1");
  is_mem(r, len, "Kdone", 5, "letter and text");
  is_int(sendchan_result(&ch, &slot, &r, &len), 0, "no more");
  sendchan_end(&ch, 1);
  is_int(ch.running, 1, "slot 1 ended");
  sendchan_end(&ch, 1);
  is_int(ch.running, 1, "ending a free slot does nothing");
  is_int(sendchan_start(&ch, 9, 103, "", "d", 1, 0, 3), 1, "the lowest free slot is taken again");
  ok(sendchan_put(&ch, "0\0Z", 3) && sendchan_result(&ch, &slot, &r, &len) == 0, "half a result: none yet");
  ok(sendchan_put(&ch, "4.2.2 full\0x\0Kz\0", 16), "the rest, then a bad slot field");
  ok(sendchan_result(&ch, &slot, &r, &len) == 1 && slot == 0, "the result for slot 0");
  is_mem(r, len, "Z4.2.2 full", 11, "whole");
  is_int(sendchan_result(&ch, &slot, &r, &len), -1, "a slot field that is not a number: -1");
  is_int(sendchan_result(&ch, &slot, &r, &len), -1, "the field after it is taken as a slot field: -1");
  is_int(sendchan_result(&ch, &slot, &r, &len), 0, "then nothing");
  ok(sendchan_put(&ch, "\0", 1) && sendchan_result(&ch, &slot, &r, &len) == -1, "an empty slot field: -1");
  memset(big, 'x', sizeof big);
  big[0] = 'K';
  ok(sendchan_put(&ch, "0\0", 2) && sendchan_put(&ch, big, sizeof big) && sendchan_put(&ch, "\0", 1), "a long report");
  ok(sendchan_result(&ch, &slot, &r, &len) == 1 && len == SENDCHAN_REPORT_MAX, "is cut to SENDCHAN_REPORT_MAX");
  return done_testing();
}

/* qhmbox.c — unit test for qmail/deliver/qhmbox: From_ lines and the
 * lines that need quoting. */
#include <string.h>

#include "qhmbox.h"
#include "tap.h"

static const char *uf(const char *first, long long t)
{
  static stralloc out;
  if (!qhmbox_ufline(&out, first, strlen(first), (time_t)t) || !stralloc_0(&out)) return "(failed)";
  return out.s;
}

int main(void)
{
  is_str(uf("Return-Path: <joe@x>\n", 0), "From joe@x Thu Jan  1 00:00:00 1970\n", "the epoch");
  is_str(uf("Return-Path: <joe@x>\n", 1700000000), "From joe@x Tue Nov 14 22:13:20 2023\n",
         "a two-digit day");
  is_str(uf("Return-Path: <>\n", 1700000000), "From MAILER-DAEMON Tue Nov 14 22:13:20 2023\n",
         "the null sender");
  is_str(uf("return-path:<a b\tc\001@x>\r\n", 1700000000), "From a-b-c-@x Tue Nov 14 22:13:20 2023\n",
         "any case, no space, white space and controls made -");
  is_str(uf("Subject: hi\n", 1700000000), "From unknown Tue Nov 14 22:13:20 2023\n",
         "no Return-Path");
  is_str(uf("Return-Path: joe@x\n", 1700000000), "From unknown Tue Nov 14 22:13:20 2023\n",
         "no angle brackets");
  is_str(uf("Return-Path: <joe@x\n", 1700000000), "From unknown Tue Nov 14 22:13:20 2023\n",
         "no closing bracket");
  is_str(uf("", 1700000000), "From unknown Tue Nov 14 22:13:20 2023\n", "an empty message");
  is_str(uf("Return-Path: <joe@x>\n", 253402300799LL), "From joe@x Fri Dec 31 23:59:59 9999\n",
         "the last second of 9999");
  is_str(uf("Return-Path: <joe@x>\n", 253402300800LL), "(failed)", "year 10000 is refused");
  ok(qhmbox_isfrom("From joe\n", 9), "From ");
  ok(qhmbox_isfrom(">From joe\n", 10), ">From ");
  ok(qhmbox_isfrom(">>>From ", 8), ">>>From ");
  ok(!qhmbox_isfrom("From:", 5), "From: is no From_ line");
  ok(!qhmbox_isfrom(" From ", 6), "a space first");
  ok(!qhmbox_isfrom("from ", 5), "lower case");
  ok(!qhmbox_isfrom(">>From", 6), "cut short");
  ok(!qhmbox_isfrom("", 0), "empty");
  return done_testing();
}

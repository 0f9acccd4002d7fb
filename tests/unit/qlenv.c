/* qlenv.c — unit test for qmail/deliver/qlenv: the header lines qmail-local
 * adds, NEWSENDER, the loop line match and the program environment. */
#include <string.h>

#include "dotqmail.h"
#include "qlenv.h"
#include "tap.h"

#define IS_SA(sa, want, name) is_mem((sa).s, (sa).len, want, strlen(want), name)

int main(void)
{
  stralloc a = STRALLOC_ZERO, b = STRALLOC_ZERO, c = STRALLOC_ZERO, ns = STRALLOC_ZERO;
  env_builder e = ENV_BUILDER_ZERO;
  struct qlenv v;

  ok(qlenv_dtline(&a, "joe-list", "example.com"), "dtline");
  IS_SA(a, "Delivered-To: joe-list@example.com\n", "dtline text");
  ok(qlenv_dtline(&a, "a\nb\rc", "x\ty"), "dtline with controls");
  IS_SA(a, "Delivered-To: a_b_c@x_y\n", "controls become '_'");

  ok(qlenv_rpline(&a, ""), "rpline of the empty sender");
  IS_SA(a, "Return-Path: <>\n", "<>");
  ok(qlenv_rpline(&a, "someone@example.org"), "rpline");
  IS_SA(a, "Return-Path: <someone@example.org>\n", "a plain sender");
  ok(qlenv_rpline(&a, "#@[]"), "rpline of the double-bounce sender");
  IS_SA(a, "Return-Path: <#@[]>\n", "#@[] stays");
  ok(qlenv_rpline(&a, "a b\"c@d@x.y"), "rpline, local part to quote");
  IS_SA(a, "Return-Path: <\"a b\\\"c@d\"@x.y>\n", "quoted local part, last @ splits");
  ok(qlenv_rpline(&a, "a..b@x"), "rpline, two dots");
  IS_SA(a, "Return-Path: <\"a..b\"@x>\n", "not a dot-atom: quoted");
  ok(qlenv_rpline(&a, "nodomain"), "rpline without @");
  IS_SA(a, "Return-Path: <nodomain>\n", "no domain");
  ok(qlenv_rpline(&a, "x\ny@z"), "rpline with a LF");
  IS_SA(a, "Return-Path: <\"x_y\"@z>\n", "the LF becomes '_' and adds no line");

  ok(qlenv_ufline(&a, "", 0), "ufline, empty sender, the epoch");
  IS_SA(a, "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n", "MAILER-DAEMON, day padded");
  ok(qlenv_ufline(&a, "a b\tc\nd@e", 1795525509), "ufline with blanks");
  IS_SA(a, "From a-b-c-d@e Tue Nov 24 13:05:09 2026\n", "blanks become '-'");

  ok(qlenv_newsender(&a, "s@x", "joe-list", "h.org", 0, 0), "newsender, no owner");
  IS_SA(a, "s@x", "the sender");
  ok(qlenv_newsender(&a, "s@x", "joe-list", "h.org", 1, 0), "newsender, -owner");
  IS_SA(a, "joe-list-owner@h.org", "the list's owner");
  ok(qlenv_newsender(&a, "s@x", "joe-list", "h.org", 1, 1), "newsender, -owner-default");
  IS_SA(a, "joe-list-owner-@h.org-@[]", "VERP form");
  ok(qlenv_newsender(&a, "", "joe-list", "h.org", 1, 1), "newsender for a bounce");
  IS_SA(a, "", "a bounce stays a bounce");
  ok(qlenv_newsender(&a, "#@[]", "joe-list", "h.org", 1, 1), "newsender for a double bounce");
  IS_SA(a, "#@[]", "and a double bounce stays one");

  ok(qlenv_dtline(&b, "joe", "example.com"), "dtline for the loop test");
  ok(qlenv_isdtline("Delivered-To: joe@example.com\n", 30, &b), "the same line");
  ok(qlenv_isdtline("delivered-to: joe@example.com\n", 30, &b), "field name in any case");
  ok(qlenv_isdtline("DELIVERED-TO: joe@example.com\r\n", 31, &b), "CRLF");
  ok(!qlenv_isdtline("Delivered-To: Joe@example.com\n", 30, &b), "the address byte for byte");
  ok(!qlenv_isdtline("Delivered-To: joe@example.co\n", 29, &b), "shorter");
  ok(!qlenv_isdtline("Delivered-To: joe@example.comm\n", 31, &b), "longer");
  ok(!qlenv_isdtline("Delivered-To: joe@example.com", 29, &b), "no LF");
  ok(!qlenv_isdtline("X-Delivered-To: joe@example.co\n", 31, &b), "another field");
  ok(!qlenv_isdtline("\n", 1, &b), "a blank line");

  ok(qlenv_rpline(&c, "s@x") && qlenv_ufline(&a, "s@x", 0), "lines for build");
  v.user = "joe"; v.home = "/home/joe"; v.local = "joe-a-b-c-d"; v.ext = "a-B-c-d";
  v.host = "mail.dept.example.com"; v.sender = "$(touch x)@evil"; v.newsender = "n@x";
  v.defat = 2; v.dtline = &b; v.rpline = &c; v.ufline = &a;
  ok(env_init(&e, 0) && env_set(&e, "DEFAULT", "stale") && qlenv_build(&e, &v), "build");
  is_str(env_find(&e, "USER"), "joe", "USER");
  is_str(env_find(&e, "HOME"), "/home/joe", "HOME");
  is_str(env_find(&e, "LOCAL"), "joe-a-b-c-d", "LOCAL");
  is_str(env_find(&e, "HOST"), "mail.dept.example.com", "HOST");
  is_str(env_find(&e, "HOST2"), "mail.dept.example", "HOST2");
  is_str(env_find(&e, "HOST3"), "mail.dept", "HOST3");
  is_str(env_find(&e, "HOST4"), "mail", "HOST4");
  is_str(env_find(&e, "RECIPIENT"), "joe-a-b-c-d@mail.dept.example.com", "RECIPIENT");
  is_str(env_find(&e, "SENDER"), "$(touch x)@evil", "SENDER, as it is");
  is_str(env_find(&e, "NEWSENDER"), "n@x", "NEWSENDER");
  is_str(env_find(&e, "EXT"), "a-B-c-d", "EXT keeps its case");
  is_str(env_find(&e, "EXT2"), "B-c-d", "EXT2");
  is_str(env_find(&e, "EXT3"), "c-d", "EXT3");
  is_str(env_find(&e, "EXT4"), "d", "EXT4");
  is_str(env_find(&e, "DEFAULT"), "B-c-d", "DEFAULT");
  is_str(env_find(&e, "DTLINE"), "Delivered-To: joe@example.com\n", "DTLINE");
  is_str(env_find(&e, "RPLINE"), "Return-Path: <s@x>\n", "RPLINE");
  is_str(env_find(&e, "UFLINE"), "From s@x Thu Jan  1 00:00:00 1970\n", "UFLINE");

  v.host = "localhost"; v.ext = "ab"; v.defat = DOTQMAIL_NODEFAULT;
  ok(qlenv_build(&e, &v), "build again");
  is_str(env_find(&e, "HOST2"), "localhost", "HOST2 without a dot");
  is_str(env_find(&e, "HOST4"), "localhost", "HOST4 without a dot");
  is_str(env_find(&e, "EXT2"), "", "EXT2 without a dash");
  is_str(env_find(&e, "EXT4"), "", "EXT4 without a dash");
  ok(env_find(&e, "DEFAULT") == NULL, "DEFAULT unset (an inherited one too)");
  v.host = "a.b"; v.defat = 2;
  ok(qlenv_build(&e, &v), "build, DEFAULT at the end");
  is_str(env_find(&e, "HOST2"), "a", "HOST2 of a.b");
  is_str(env_find(&e, "HOST3"), "a", "HOST3 of a.b");
  is_str(env_find(&e, "DEFAULT"), "", "DEFAULT empty");
  v.defat = 3;
  ok(qlenv_build(&e, &v) && env_find(&e, "DEFAULT") == NULL, "DEFAULT past the end: unset");

  env_free(&e);
  stralloc_free(&a);
  stralloc_free(&b);
  stralloc_free(&c);
  stralloc_free(&ns);
  return done_testing();
}

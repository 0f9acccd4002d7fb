/* qhwatch.c — unit test for qmail/deliver/qhwatch: terminal-safe text, the
 * fields of a header, and a message's summary. */
#include <string.h>

#include "qhwatch.h"
#include "tap.h"

static const char *clean(const char *s, size_t len, size_t width)
{
  static stralloc out;
  out.len = 0;
  if (!qhwatch_clean(&out, s, len, width) || !stralloc_0(&out)) return "(failed)";
  return out.s;
}
#define C(lit, w) clean(lit, sizeof lit - 1, w)

static void cleans(void)
{
  is_str(C("hello", 79), "hello", "plain text");
  is_str(C("  a \t b\r\n  c  \n", 79), "a b c", "white space folded and trimmed");
  is_str(C("a\033[2Jb", 79), "a?[2Jb", "an escape is made ?");
  is_str(C("a\177\001b", 79), "a??b", "DEL and C0");
  is_str(C("caf\303\251", 79), "caf\303\251", "UTF-8 kept");
  is_str(C("\342\202\254", 79), "\342\202\254", "a three-byte character kept");
  is_str(C("\360\237\230\200", 79), "\360\237\230\200", "a four-byte character kept");
  is_str(C("a\302\233b", 79), "a??b", "C1 CSI (U+009B) refused");
  is_str(C("\233[2J", 79), "?[2J", "a raw 8-bit CSI refused");
  is_str(C("\300\257", 79), "??", "an overlong refused");
  is_str(C("\355\240\200", 79), "???", "a surrogate refused");
  is_str(C("\364\220\200\200", 79), "????", "past U+10FFFF refused");
  is_str(C("\303", 79), "?", "a cut sequence refused");
  is_str(C("abcdef", 3), "abc", "cut to the width");
  is_str(C("\303\251\303\251\303\251", 2), "\303\251\303\251", "width counts characters");
  is_str(C("ab cd", 3), "ab ", "a space counts");
  is_str(C("abc", 0), "", "width 0");
}

static void fields(void)
{
  static const char hdr[] = "Subject: one\n two\nFrom: a@b\nX: y\n\nSubject: body\n";
  const char *v;
  size_t n;
  ok(qhwatch_field(hdr, sizeof hdr - 1, "subject", &v, &n), "field: found, any case");
  is_mem(v, n, " one\n two\n", 10, "field: with its continuation line");
  ok(qhwatch_field(hdr, sizeof hdr - 1, "From", &v, &n), "field: From");
  is_mem(v, n, " a@b\n", 5, "field: From's body");
  ok(!qhwatch_field(hdr, sizeof hdr - 1, "Subj", &v, &n), "field: a prefix is not the name");
  ok(!qhwatch_field("\nSubject: x\n", 12, "Subject", &v, &n), "field: the body is not read");
  ok(!qhwatch_field("\r\nSubject: x\n", 13, "Subject", &v, &n), "field: CRLF ends the header too");
  ok(qhwatch_field("Subject:x", 9, "Subject", &v, &n) && n == 1, "field: no LF at the end");
}

#define IS_LIT(sa, lit, name) is_mem((sa).s, (sa).len, lit, sizeof lit - 1, name)

static void summaries(void)
{
  static const char hdr[] = "Return-Path: <s@x>\nDelivered-To: me@y\nFrom: Joe\033[5m <j@x>\n"
                            "Subject: hi\n\nbody\n";
  stralloc out = STRALLOC_ZERO;
  ok(qhwatch_summary(&out, hdr, sizeof hdr - 1, 79), "summary: built");
  IS_LIT(out, "\033[1mme@y\033[0m from <s@x>\n  From: Joe?[5m <j@x>\n  Subject: hi\n\n",
         "summary: the lines");
  out.len = 0;
  ok(qhwatch_summary(&out, "X: y\n", 5, 79), "summary: no fields");
  IS_LIT(out, "\033[1m?\033[0m from ?\n\n", "summary: question marks");
  out.len = 0;
  ok(qhwatch_summary(&out, "Subject: 0123456789\n", 20, 15), "summary: narrow");
  IS_LIT(out, "\033[1m?\033[0m from ?\n  Subject: 0123\n\n", "summary: the subject cut to 15");
  stralloc_free(&out);
}

int main(void)
{
  cleans();
  fields();
  summaries();
  return done_testing();
}

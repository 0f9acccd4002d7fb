/* date822.c — unit test for libqmail/date822: writing and reading RFC 5322 dates. */
#include <errno.h>
#include <sys/stat.h>

#include "date822.h"
#include "tap.h"

#define T_EXAMPLE 1795525509 /* Tue, 24 Nov 2026 13:05:09 +0000 */

/* scan s from an exact-size heap copy; the time, or -1 when refused */
static long long scan(const char *s, size_t *used)
{
  size_t len = strlen(s), r;
  char *p = malloc(len ? len : 1);
  time_t t = -1;
  if (!p) return -2;
  memcpy(p, s, len);
  r = date822_scan(p, len, &t);
  free(p);
  if (used) *used = r;
  return r ? (long long)t : -1;
}

static void test_fmt(void)
{
  char out[DATE822_FMT];
  is_int(date822_fmt(out, sizeof out, T_EXAMPLE, 0), 31, "fmt length");
  is_str(out, "Tue, 24 Nov 2026 13:05:09 +0000", "the example date in UTC");
  ok(date822_fmt(out, sizeof out, 0, 0) > 0, "fmt of the epoch");
  is_str(out, "Thu, 1 Jan 1970 00:00:00 +0000", "the day of the month is not padded");
  ok(date822_fmt(out, sizeof out, 1709164800, 0) > 0, "fmt of a leap day");
  is_str(out, "Thu, 29 Feb 2024 00:00:00 +0000", "29 Feb 2024");
  ok(date822_fmt(out, sizeof out, -2208988800LL, 0) > 0, "fmt of 1900");
  is_str(out, "Mon, 1 Jan 1900 00:00:00 +0000", "the first second of 1900");
  ok(date822_fmt(out, sizeof out, 253402300799LL, 0) > 0, "fmt of the last second of 9999");
  is_str(out, "Fri, 31 Dec 9999 23:59:59 +0000", "31 Dec 9999");

  errno = 0;
  ok(date822_fmt(out, sizeof out, -2208988801LL, 0) == 0 && errno == EOVERFLOW,
     "before 1900: EOVERFLOW");
  errno = 0;
  ok(date822_fmt(out, sizeof out, 253402300800LL, 0) == 0 && errno == EOVERFLOW,
     "after 9999: EOVERFLOW");
  errno = 0;
  ok(date822_fmt(out, 31, T_EXAMPLE, 0) == 0 && errno == ERANGE, "no room for the NUL: ERANGE");
  is_str(out, "", "out is an empty string after ERANGE");
  errno = 0;
  ok(date822_fmt(out, 0, T_EXAMPLE, 0) == 0 && errno == ERANGE, "outlen 0: ERANGE");
  is_int(date822_fmt(out, 32, T_EXAMPLE, 0), 31, "exactly enough room");

  if (setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1) != 0) diag("setenv failed");
  ok(date822_fmt(out, sizeof out, T_EXAMPLE, 1) > 0, "local fmt in EST5EDT");
  is_str(out, "Tue, 24 Nov 2026 08:05:09 -0500", "winter: -0500");
  ok(date822_fmt(out, sizeof out, 1719835509, 1) > 0, "local fmt in summer");
  is_str(out, "Mon, 1 Jul 2024 08:05:09 -0400", "summer: -0400");
  if (setenv("TZ", "IST-5:30", 1) != 0) diag("setenv failed");
  ok(date822_fmt(out, sizeof out, T_EXAMPLE, 1) > 0, "local fmt in IST-5:30");
  is_str(out, "Tue, 24 Nov 2026 18:35:09 +0530", "half-hour zone");
  ok(date822_fmt(out, sizeof out, T_EXAMPLE, 0) > 0, "use_local 0 ignores TZ");
  is_str(out, "Tue, 24 Nov 2026 13:05:09 +0000", "still UTC");
  struct stat st;
  if (stat("/usr/share/zoneinfo/Africa/Monrovia", &st) == 0) {
    if (setenv("TZ", "Africa/Monrovia", 1) != 0) diag("setenv failed");
    ok(date822_fmt(out, sizeof out, 0, 1) > 0, "local fmt in a zone with a -0:44:30 offset");
    is_str(out, "Thu, 1 Jan 1970 00:00:00 +0000", "falls back to UTC");
  } else {
    skip(2, "no tzdata for Africa/Monrovia");
  }
  if (setenv("TZ", "UTC", 1) != 0) diag("setenv failed");
}

struct good { const char *in; long long t; const char *why; };

static void test_scan_good(void)
{
  static const struct good cases[] = {
    { "Tue, 24 Nov 2026 13:05:09 +0000", T_EXAMPLE, "the canonical form" },
    { "24 Nov 2026 13:05:09 +0000", T_EXAMPLE, "no day name" },
    { "tue, 24 nov 2026 13:05:09 +0000", T_EXAMPLE, "lower case names" },
    { "TUE, 24 NOV 2026 13:05:09 +0000", T_EXAMPLE, "upper case names" },
    { "Tue , 24 Nov 2026 13:05:09 +0000", T_EXAMPLE, "blank before the comma" },
    { "Tue,24 Nov 2026 13:05:09 +0000", T_EXAMPLE, "no blank after the comma" },
    { "Mon, 24 Nov 2026 13:05:09 +0000", T_EXAMPLE, "a wrong day name is not checked" },
    { "Tue, 24 Nov 2026 14:05:09 +0100", T_EXAMPLE, "+0100" },
    { "Tue, 24 Nov 2026 08:05:09 -0500", T_EXAMPLE, "-0500" },
    { "Tue, 24 Nov 2026 18:35:09 +0530", T_EXAMPLE, "+0530" },
    { "Tue, 24 Nov 2026 03:35:09 -0930", T_EXAMPLE, "-0930" },
    { "Tue, 24 Nov 2026 13:05:09 -0000", T_EXAMPLE, "-0000" },
    { "Tue, 24 Nov 2026 13:05:09 GMT", T_EXAMPLE, "GMT" },
    { "Tue, 24 Nov 2026 13:05:09 UT", T_EXAMPLE, "UT" },
    { "Tue, 24 Nov 2026 13:05:09 gmt", T_EXAMPLE, "gmt in lower case" },
    { "Tue, 24 Nov 2026 08:05:09 EST", T_EXAMPLE, "EST" },
    { "Tue, 24 Nov 2026 09:05:09 EDT", T_EXAMPLE, "EDT" },
    { "Tue, 24 Nov 2026 07:05:09 CST", T_EXAMPLE, "CST" },
    { "Tue, 24 Nov 2026 08:05:09 CDT", T_EXAMPLE, "CDT" },
    { "Tue, 24 Nov 2026 06:05:09 MST", T_EXAMPLE, "MST" },
    { "Tue, 24 Nov 2026 07:05:09 MDT", T_EXAMPLE, "MDT" },
    { "Tue, 24 Nov 2026 05:05:09 PST", T_EXAMPLE, "PST" },
    { "Tue, 24 Nov 2026 06:05:09 PDT", T_EXAMPLE, "PDT" },
    { "Tue, 24 Nov 2026 13:05:09 Z", T_EXAMPLE, "military Z" },
    { "Tue, 24 Nov 2026 13:05:09 A", T_EXAMPLE, "military A means -0000" },
    { "Tue, 24 Nov 2026 13:05:09 CEST", T_EXAMPLE, "an unknown name means -0000" },
    { "24 Nov 26 13:05:09 +0000", T_EXAMPLE, "two-digit year 26 is 2026" },
    { "24 Nov 126 13:05:09 +0000", T_EXAMPLE, "three-digit year 126 is 2026" },
    { "24 Nov 99 13:05 +0000", 943448700, "two-digit year 99 is 1999, no seconds" },
    { "1 Jan 00 00:00:00 +0000", 946684800, "00 is 2000" },
    { "1 Jan 49 00:00:00 +0000", 2493072000LL, "49 is 2049" },
    { "1 Jan 50 00:00:00 +0000", -631152000LL, "50 is 1950" },
    { "01 Jan 1970 00:00:00 +0000", 0, "a zero-padded day" },
    { "1 Jan 1970 0:0:0 +0000", 0, "one-digit time fields" },
    { "Thu, 29 Feb 2024 00:00:00 +0000", 1709164800, "29 Feb in a leap year" },
    { "29 Feb 2000 00:00:00 +0000", 951782400, "29 Feb 2000 (divisible by 400)" },
    { "1 Jan 1900 00:00:00 +0000", -2208988800LL, "the first day of 1900" },
    { "31 Dec 9999 23:59:59 +0000", 253402300799LL, "the last second of 9999" },
    { "31 Dec 2026 23:59:60 +0000", 1798761600, "a leap second is the next minute's 0" },
    { "Tue, 24 Nov 2026 13:05:09 +0000 (UTC)", T_EXAMPLE, "a trailing comment" },
    { "(x) Tue (y), (z) 24 (a) Nov (b) 2026 (c) 13 (d) : (e) 05 (f) : (g) 09 (h) +0000 (i)",
      T_EXAMPLE, "comments everywhere" },
    { "Tue, 24 Nov 2026 13:05:09 +0000 (a (nested \\) comment) here)", T_EXAMPLE,
      "a nested comment with a quoted-pair" },
    { "Tue,\r\n 24 Nov 2026\r\n\t13:05:09 +0000", T_EXAMPLE, "folded with CRLF" },
    { "Tue,\n 24 Nov 2026\n 13:05:09 +0000", T_EXAMPLE, "folded with bare LF" },
    { "  \t Tue,   24   Nov   2026   13:05:09   +0000  ", T_EXAMPLE, "extra blanks" },
    { "Tue, 24Nov2026 13:05:09+0000", T_EXAMPLE, "missing blanks are tolerated" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i)
    is_int(scan(cases[i].in, 0), cases[i].t, "scan: %s", cases[i].why);
}

/* s with CR, LF and tabs written as \\r \\n \\t, for a TAP test name */
static const char *visible(const char *s)
{
  static char buf[256];
  size_t n = 0;
  for (; *s && n + 3 < sizeof buf; ++s) {
    const char *e = *s == '\r' ? "\\r" : *s == '\n' ? "\\n" : *s == '\t' ? "\\t" : 0;
    if (e) { buf[n++] = e[0]; buf[n++] = e[1]; }
    else buf[n++] = *s;
  }
  buf[n] = 0;
  return buf;
}

static void test_scan_bad(void)
{
  static const char *const cases[] = {
    "", "   ", "(unterminated", "Tue,", "Tue, 24 Nov 2026",
    "Tue, 24 Nov 2026 13:05:09", "Tue, 24 Nov 2026 13:05:09 (no zone)",
    "Foo, 24 Nov 2026 13:05:09 +0000", "Tue 24 Nov 2026 13:05:09 +0000",
    "Tuesday, 24 Nov 2026 13:05:09 +0000", "Tue, 24 November 2026 13:05:09 +0000",
    "Tue, 24 Nox 2026 13:05:09 +0000", "30 Feb 2024 00:00:00 +0000",
    "29 Feb 2023 00:00:00 +0000", "29 Feb 1900 00:00:00 +0000", "31 Apr 2026 00:00:00 +0000",
    "0 Jan 2026 00:00:00 +0000", "32 Jan 2026 00:00:00 +0000", "001 Jan 2026 00:00:00 +0000",
    "1 Jan 2026 24:00:00 +0000", "1 Jan 2026 25:00:00 +0000", "1 Jan 2026 00:60:00 +0000",
    "1 Jan 2026 00:00:61 +0000", "1 Jan 2026 000:00:00 +0000", "1 Jan 2026 00:00: +0000",
    "1 Jan 2026 00 +0000", "1 Jan 2026 :00 +0000", "1 Jan 1899 00:00:00 +0000",
    "1 Jan 7 00:00:00 +0000", "1 Jan 20260 00:00:00 +0000", "1 Jan 2026 00:00:00 +05",
    "1 Jan 2026 00:00:00 +00000", "1 Jan 2026 00:00:00 +0560", "1 Jan 2026 00:00:00 0000",
    "1 Jan 2026 00:00:00 ABCDEF", "1 Jan 2026 00:00:00 +0000 (open", "-1 Jan 2026 00:00:00 +0000",
    "Tue, 24 Nov 2026 13:05:09 + 0000", "1 Jan 2026 00:00:00 \\", "1 Jan 2026\r\n00:00:00 +0000",
    "1 Jan 2026 00:00:00 +0000 (\\", "Tue,, 24 Nov 2026 13:05:09 +0000",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i)
    is_int(scan(cases[i], 0), -1, "refused: '%s'", visible(cases[i]));
  time_t t = 77;
  ok(date822_scan(0, 5, &t) == 0 && t == 77, "NULL input refused, out untouched");
  ok(date822_scan("1 Jan 2026 00:00:00 +0000", 10, &t) == 0 && t == 77,
     "len cuts the date short: refused");
}

static void test_consumed(void)
{
  size_t used = 0;
  const char *s;
  s = "Tue, 24 Nov 2026 13:05:09 +0000\r\n";
  ok(scan(s, &used) == T_EXAMPLE && used == strlen(s) - 2, "the final CRLF is not consumed");
  s = "Tue, 24 Nov 2026 13:05:09 +0000 (UTC)  \r\nX-Next: y";
  ok(scan(s, &used) == T_EXAMPLE && used == strlen("Tue, 24 Nov 2026 13:05:09 +0000 (UTC)  "),
     "trailing CFWS is consumed, the next header is not");
  s = "1 Jan 2026 00:00:00 +0000 GMT";
  ok(scan(s, &used) >= 0 && used == 26, "stops before a second zone");
  s = "1 Jan 2026 00:00:00 EST5EDT";
  ok(scan(s, &used) == 1767243600 && used == 23,
     "a zone name runs to the first non-letter");
}

/* every second of a spread of times survives fmt then scan */
static void test_roundtrip(void)
{
  char out[DATE822_FMT];
  int good = 1, n = 0;
  long long t = -2208988800LL;
  if (setenv("TZ", "America/New_York", 1) != 0) diag("setenv failed");
  for (; t <= 253402300799LL; t += 7777777 + (t & 1023)) {
    for (int local = 0; local < 2; ++local) {
      time_t back = 0;
      if (!date822_fmt(out, sizeof out, (time_t)t, local)) continue;
      ++n;
      if (date822_scan(out, strlen(out), &back) != strlen(out) || back != t) {
        if (good) diag("round trip failed for %lld: %s", t, out);
        good = 0;
      }
    }
  }
  ok(good && n > 60000, "%d fmt/scan round trips, UTC and local", n);
  if (setenv("TZ", "UTC", 1) != 0) diag("setenv failed");
}

int main(void)
{
  test_fmt();
  test_scan_good();
  test_scan_bad();
  test_consumed();
  test_roundtrip();
  return done_testing();
}

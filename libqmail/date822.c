/* date822.c — RFC 5322 date-times, written and read without the locale. */
#include "date822.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char date822_days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char date822_months[12][4] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* the named zones of RFC 5322 §4.3 that have a known offset, in minutes */
static const struct { char name[4]; int minutes; } date822_zones[] = {
  { "ut", 0 }, { "gmt", 0 }, { "est", -300 }, { "edt", -240 }, { "cst", -360 },
  { "cdt", -300 }, { "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
};

/* ---- writing ---- */

size_t date822_fmt(char *out, size_t outlen, time_t t, int use_local)
{
  struct tm tm;
  long off = 0;
  int n;
  if (use_local) {
    tzset();
    if (!localtime_r(&t, &tm)) use_local = 0;
    else off = tm.tm_gmtoff;
    /* an offset with seconds cannot be written; fall back to UTC */
    if (off % 60 != 0 || off <= -360000 || off >= 360000) use_local = 0;
  }
  if (!use_local) {
    off = 0;
    if (!gmtime_r(&t, &tm)) { errno = EOVERFLOW; return 0; }
  }
  if (tm.tm_year < 0 || tm.tm_year > 9999 - 1900) { errno = EOVERFLOW; return 0; }
  off /= 60;
  n = snprintf(out, outlen, "%s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld",
               date822_days[tm.tm_wday % 7], tm.tm_mday, date822_months[tm.tm_mon % 12],
               tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
               off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
  if (n < 0 || (size_t)n >= outlen) {
    if (outlen) out[0] = 0;
    errno = ERANGE;
    return 0;
  }
  return (size_t)n;
}

/* ---- reading ---- */

struct date822_in {
  const char *s;
  size_t len;
  size_t pos;
};

static int date822_wsp(char c) { return c == ' ' || c == '\t'; }
static int date822_digit(char c) { return c >= '0' && c <= '9'; }
static char date822_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static int date822_alpha(char c) { c = date822_lower(c); return c >= 'a' && c <= 'z'; }

/* the byte at pos + k, or NUL past the end */
static char date822_at(const struct date822_in *in, size_t k)
{
  return in->len - in->pos > k ? in->s[in->pos + k] : 0;
}

/* skip one comment starting at '('; 0 when it is not closed */
static int date822_comment(struct date822_in *in)
{
  size_t depth = 0;
  while (in->pos < in->len) {
    char c = in->s[in->pos++];
    if (c == '\\') {
      if (in->pos == in->len) return 0;
      ++in->pos;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return 1;
    }
  }
  return 0;
}

/* skip CFWS: blanks, folds (CRLF or LF before a blank) and comments;
 * 0 on an unterminated comment */
static int date822_cfws(struct date822_in *in)
{
  for (;;) {
    char c = date822_at(in, 0);
    if (date822_wsp(c)) ++in->pos;
    else if (c == '\r' && date822_at(in, 1) == '\n' && date822_wsp(date822_at(in, 2))) in->pos += 3;
    else if (c == '\n' && date822_wsp(date822_at(in, 1))) in->pos += 2;
    else if (c == '(') { if (!date822_comment(in)) return 0; }
    else return 1;
  }
}

/* a run of 1..max digits as a number; -1 when there is none or it is longer */
static int date822_number(struct date822_in *in, size_t max, size_t *ndigits)
{
  int v = 0;
  size_t n = 0;
  while (date822_digit(date822_at(in, 0))) {
    if (++n > max) return -1;
    v = v * 10 + (in->s[in->pos++] - '0');
  }
  if (ndigits) *ndigits = n;
  return n ? v : -1;
}

/* a run of 1..max letters, lower-cased into w (NUL-terminated); its length,
 * 0 when there is none or it is longer */
static size_t date822_word(struct date822_in *in, char *w, size_t max)
{
  size_t n = 0;
  while (date822_alpha(date822_at(in, 0))) {
    if (n == max) return 0;
    w[n++] = date822_lower(in->s[in->pos++]);
  }
  w[n] = 0;
  return n;
}

/* index of w in a table of capitalised 3-letter names, or -1 */
static int date822_name(const char *w, const char (*names)[4], int count)
{
  for (int i = 0; i < count; ++i)
    if (date822_lower(names[i][0]) == w[0] && names[i][1] == w[1] && names[i][2] == w[2]
        && w[3] == 0)
      return i;
  return -1;
}

static int date822_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int date822_mdays(int y, int m)
{
  static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  return days[m] + (m == 1 && date822_leap(y));
}

/* days from 1970-01-01 to y-(m+1)-d in the proleptic Gregorian calendar */
static int64_t date822_epochdays(int y, int m, int d)
{
  static const short before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  int64_t past = (int64_t)y - 1; /* whole years since 0001-01-01 */
  int64_t days = past * 365 + past / 4 - past / 100 + past / 400;
  days += before[m] + (m > 1 && date822_leap(y)) + (d - 1);
  return days - 719162; /* 0001-01-01 to 1970-01-01 */
}

/* the optional day name and its comma */
static int date822_dayname(struct date822_in *in)
{
  char w[4];
  if (!date822_alpha(date822_at(in, 0))) return 1;
  if (date822_word(in, w, 3) != 3 || date822_name(w, date822_days, 7) < 0) return 0;
  if (!date822_cfws(in) || date822_at(in, 0) != ',') return 0;
  ++in->pos;
  return date822_cfws(in);
}

/* the year, with the two- and three-digit rules of RFC 5322 §4.3 */
static int date822_year(struct date822_in *in)
{
  size_t n;
  int y = date822_number(in, 4, &n);
  if (y < 0 || n < 2) return -1;
  if (n == 2) return y < 50 ? 2000 + y : 1900 + y;
  if (n == 3) return 1900 + y;
  return y >= 1900 ? y : -1;
}

/* the zone, as minutes east of UTC; 0 on success */
static int date822_zone(struct date822_in *in, int *minutes)
{
  char c = date822_at(in, 0), w[6];
  size_t n;
  if (c == '+' || c == '-') {
    int v;
    ++in->pos;
    v = date822_number(in, 4, &n);
    if (v < 0 || n != 4 || v % 100 > 59) return -1;
    *minutes = (c == '-' ? -1 : 1) * (v / 100 * 60 + v % 100);
    return 0;
  }
  n = date822_word(in, w, 5);
  if (n == 0) return -1;
  *minutes = 0; /* military and unknown names mean -0000 */
  for (size_t i = 0; i < sizeof date822_zones / sizeof date822_zones[0]; ++i)
    if (strcmp(w, date822_zones[i].name) == 0) *minutes = date822_zones[i].minutes;
  return 0;
}

/* hh [CFWS] ":" [CFWS] mm [ [CFWS] ":" [CFWS] ss ] into hms[3] */
static int date822_time(struct date822_in *in, int hms[3])
{
  hms[0] = date822_number(in, 2, 0);
  if (hms[0] < 0 || !date822_cfws(in) || date822_at(in, 0) != ':') return -1;
  ++in->pos;
  if (!date822_cfws(in) || (hms[1] = date822_number(in, 2, 0)) < 0) return -1;
  hms[2] = 0;
  if (!date822_cfws(in)) return -1;
  if (date822_at(in, 0) == ':') {
    ++in->pos;
    if (!date822_cfws(in) || (hms[2] = date822_number(in, 2, 0)) < 0) return -1;
    if (!date822_cfws(in)) return -1;
  }
  return hms[0] <= 23 && hms[1] <= 59 && hms[2] <= 60 ? 0 : -1;
}

size_t date822_scan(const char *s, size_t len, time_t *out)
{
  struct date822_in in = { s, len, 0 };
  char w[4];
  int day, month, year, hms[3], zone;
  int64_t t;
  if (!s || !date822_cfws(&in) || !date822_dayname(&in)) return 0;
  if ((day = date822_number(&in, 2, 0)) < 0 || !date822_cfws(&in)) return 0;
  if (date822_word(&in, w, 3) != 3 || (month = date822_name(w, date822_months, 12)) < 0)
    return 0;
  if (!date822_cfws(&in) || (year = date822_year(&in)) < 0 || !date822_cfws(&in)) return 0;
  if (day < 1 || day > date822_mdays(year, month)) return 0;
  if (date822_time(&in, hms) != 0 || date822_zone(&in, &zone) != 0) return 0;
  if (!date822_cfws(&in)) return 0;
  t = date822_epochdays(year, month, day) * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2]
    - (int64_t)zone * 60;
  if ((time_t)t != t) return 0;
  *out = (time_t)t;
  return in.pos;
}

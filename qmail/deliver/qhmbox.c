/* qhmbox.c — From_ lines and From quoting for mbox files. */
#include <errno.h>

#include "byte.h"
#include "case.h"
#include "qhmbox.h"

/* the sender of a "Return-Path: <...>" line into out; 0 when it is not one */
static int returnpath(stralloc *out, const char *s, size_t len, int *isone)
{
  size_t i = 12, end;
  *isone = 0;
  if (!case_startb(s, len, "Return-Path:")) return 1;
  while (i < len && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= len || s[i] != '<') return 1;
  end = byte_rchr(s + i, len - i, '>');
  if (end >= len - i) return 1;
  end += i;
  *isone = 1;
  if (end == i + 1) return stralloc_cats(out, "MAILER-DAEMON");
  for (++i; i < end; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (!stralloc_append(out, c <= 32 || c == 127 ? '-' : (char)c)) return 0;
  }
  return 1;
}

int qhmbox_ufline(stralloc *out, const char *first, size_t len, time_t t)
{
  static const char day[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
  static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  struct tm tm;
  int isone;
  if (!gmtime_r(&t, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900) {
    errno = EOVERFLOW;
    return 0;
  }
  if (!stralloc_copys(out, "From ") || !returnpath(out, first, len, &isone)) return 0;
  if (!isone && !stralloc_cats(out, "unknown")) return 0;
  return stralloc_append(out, ' ') && stralloc_cats(out, day[tm.tm_wday]) &&
         stralloc_append(out, ' ') && stralloc_cats(out, mon[tm.tm_mon]) &&
         stralloc_append(out, ' ') && (tm.tm_mday >= 10 || stralloc_append(out, ' ')) &&
         stralloc_catulong0(out, (unsigned long long)tm.tm_mday, 1) &&
         stralloc_append(out, ' ') && stralloc_catulong0(out, (unsigned long long)tm.tm_hour, 2) &&
         stralloc_append(out, ':') && stralloc_catulong0(out, (unsigned long long)tm.tm_min, 2) &&
         stralloc_append(out, ':') && stralloc_catulong0(out, (unsigned long long)tm.tm_sec, 2) &&
         stralloc_append(out, ' ') &&
         stralloc_catulong0(out, (unsigned long long)(tm.tm_year + 1900), 4) &&
         stralloc_append(out, '\n');
}

int qhmbox_isfrom(const char *line, size_t len)
{
  size_t i = 0;
  while (i < len && line[i] == '>') ++i;
  return len - i >= 5 && byte_equal(line + i, 5, "From ");
}

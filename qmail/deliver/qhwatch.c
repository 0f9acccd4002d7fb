/* qhwatch.c — the terminal-safe summary of a message for maildirwatch. */
#include "case.h"
#include "qhwatch.h"
#include "str.h"

/* the length of the valid UTF-8 character at s[0..len) that is not a C1
 * control, or 0 */
static size_t utf8_len(const unsigned char *s, size_t len)
{
  size_t n, i;
  unsigned char lo = 0x80, hi = 0xbf;
  if (s[0] >= 0xc2 && s[0] <= 0xdf) n = 2;
  else if (s[0] >= 0xe0 && s[0] <= 0xef) n = 3;
  else if (s[0] >= 0xf0 && s[0] <= 0xf4) n = 4;
  else return 0;
  if (s[0] == 0xc2) lo = 0xa0;        /* U+0080-U+009F: C1 controls */
  else if (s[0] == 0xe0) lo = 0xa0;   /* overlong */
  else if (s[0] == 0xed) hi = 0x9f;   /* surrogates */
  else if (s[0] == 0xf0) lo = 0x90;   /* overlong */
  else if (s[0] == 0xf4) hi = 0x8f;   /* past U+10FFFF */
  if (len < n || s[1] < lo || s[1] > hi) return 0;
  for (i = 2; i < n; ++i)
    if (s[i] < 0x80 || s[i] > 0xbf) return 0;
  return n;
}

int qhwatch_clean(stralloc *out, const char *s, size_t len, size_t width)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, chars = 0;
  int pending = 0;   /* 1: white space to write before the next character */
  while (i < len && chars < width) {
    unsigned char c = u[i];
    size_t n = 1;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending = chars > 0;
      ++i;
      continue;
    }
    if (pending) {
      if (!stralloc_append(out, ' ')) return 0;
      pending = 0;
      if (++chars >= width) break;
    }
    if (c >= 0x80) n = utf8_len(u + i, len - i);
    if (c < 32 || c == 127 || !n) {
      if (!stralloc_append(out, '?')) return 0;
      n = 1;
    } else if (!stralloc_catb(out, s + i, n)) return 0;
    i += n;
    ++chars;
  }
  return 1;
}

int qhwatch_field(const char *hdr, size_t len, const char *name, const char **v, size_t *vlen)
{
  size_t i = 0, nlen = str_len(name);
  while (i < len && hdr[i] != '\n' && !(hdr[i] == '\r' && i + 1 < len && hdr[i + 1] == '\n')) {
    size_t end = i;
    /* the line, with its continuation lines */
    for (;;) {
      while (end < len && hdr[end] != '\n') ++end;
      if (end < len) ++end;
      if (end >= len || (hdr[end] != ' ' && hdr[end] != '\t')) break;
    }
    if (end - i > nlen && hdr[i + nlen] == ':' && case_startb(hdr + i, end - i, name)) {
      *v = hdr + i + nlen + 1;
      *vlen = end - i - nlen - 1;
      return 1;
    }
    i = end;
  }
  return 0;
}

/* append width characters at most of name's field, or dflt */
static int value(stralloc *out, const char *hdr, size_t len, const char *name, const char *dflt,
                 size_t width)
{
  const char *v;
  size_t vlen;
  if (!qhwatch_field(hdr, len, name, &v, &vlen)) return stralloc_cats(out, dflt);
  return qhwatch_clean(out, v, vlen, width);
}

/* "  Name: value\n" when the field is there */
static int line(stralloc *out, const char *hdr, size_t len, const char *name, size_t width)
{
  const char *v;
  size_t vlen, n = str_len(name) + 4;
  if (!qhwatch_field(hdr, len, name, &v, &vlen)) return 1;
  return stralloc_cats(out, "  ") && stralloc_cats(out, name) && stralloc_cats(out, ": ") &&
         qhwatch_clean(out, v, vlen, width > n ? width - n : 0) && stralloc_append(out, '\n');
}

int qhwatch_summary(stralloc *out, const char *hdr, size_t len, size_t width)
{
  size_t half = width > 6 ? (width - 6) / 2 : 0;
  return stralloc_cats(out, "\033[1m") &&
         value(out, hdr, len, "Delivered-To", "?", half) &&
         stralloc_cats(out, "\033[0m from ") &&
         value(out, hdr, len, "Return-Path", "?", half) && stralloc_append(out, '\n') &&
         line(out, hdr, len, "From", width) && line(out, hdr, len, "Subject", width) &&
         stralloc_append(out, '\n');
}

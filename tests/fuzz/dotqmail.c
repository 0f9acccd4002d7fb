/* dotqmail.c — fuzz target: any bytes as a .qmail file, and its first line
 * as an address extension. Every line is classified within the data, and
 * every cascade name is one file name in the home directory. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dotqmail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lines(const char *s, size_t size)
{
  struct dotqmail_line l = { DOTQMAIL_BLANK, 0, 0, 0 };
  size_t pos = 0, prev = 0, n = 0;
  while (dotqmail_next(s, size, &pos, &l)) {
    if (pos <= prev || pos > size || l.lineno != ++n) abort();
    if (l.kind != DOTQMAIL_BAD) {
      if (l.arg < s + prev || l.arg + l.len > s + pos) abort();
      if (l.kind != DOTQMAIL_COMMENT && memchr(l.arg, 0, l.len)) abort();
      if (l.len && (l.arg[l.len - 1] == ' ' || l.arg[l.len - 1] == '\n')) abort();
    }
    if (l.kind == DOTQMAIL_FORWARD && (!l.len || memchr(l.arg, ' ', l.len) || memchr(l.arg, '\n', l.len)))
      abort();
    if (l.kind == DOTQMAIL_MAILDIR && l.arg[l.len - 1] != '/') abort();
    prev = pos;
  }
  if (pos != size && size) abort();
}

static void cascade(const char *s, size_t size)
{
  stralloc sext = STRALLOC_ZERO, name = STRALLOC_ZERO;
  struct dotqmail_cascade c;
  size_t ext = 0, defat, count = 0, dashes = 0;
  while (ext < size && s[ext] != '\n' && s[ext]) ++ext;
  if (!dotqmail_safeext(&sext, s, ext)) abort();
  for (size_t i = 0; i < sext.len; ++i) {
    if (sext.s[i] == '/' || sext.s[i] == '.') abort();
    if (sext.s[i] == '-') ++dashes;
  }
  dotqmail_cascade_init(&c, "-", sext.s, sext.len);
  while (dotqmail_cascade_next(&c, &name, &defat) == 1) {
    if (++count > dashes + 2) abort();
    if (name.len < 7 || memcmp(name.s, ".qmail-", 7) || memchr(name.s, '/', name.len)) abort();
    if (defat != DOTQMAIL_NODEFAULT && defat > ext) abort();
  }
  stralloc_free(&sext);
  stralloc_free(&name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  lines((const char *)data, size);
  cascade((const char *)data, size);
  return 0;
}

/* netstring.c — fuzz target: parse netstrings one after another through the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netstring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *s = (const char *)data;
  stralloc enc = STRALLOC_ZERO;
  size_t pos = 0;
  /* the first byte picks the maximum, so that small limits get exercised */
  size_t max = size ? (size_t)data[0] * 37 : 0;
  while (pos < size) {
    const char *d = 0;
    size_t n = 0;
    ssize_t r = netstring_parse(s + pos, size - pos, max, &d, &n);
    if (r <= 0) break;
    /* the data lies inside what was consumed, and encodes to the same bytes */
    if ((size_t)r > size - pos || d < s + pos || n > max || d + n > s + pos + (size_t)r) abort();
    enc.len = 0;
    if (!netstring_encode(&enc, d, n)) abort();
    if (enc.len != (size_t)r || memcmp(enc.s, s + pos, enc.len)) abort();
    pos += (size_t)r;
  }
  stralloc_free(&enc);
  return 0;
}

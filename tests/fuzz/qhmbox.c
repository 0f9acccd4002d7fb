/* qhmbox.c — fuzz target: the input is the first line of a message; the
 * From_ line built from it must be one line that starts with "From ",
 * holds no other line break, white space only as separators, and ends in
 * LF. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qhmbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  stralloc out = STRALLOC_ZERO;
  size_t i, spaces = 0;
  if (!qhmbox_ufline(&out, (const char *)data, size, 1700000000)) return 0;
  if (out.len < 6 || memcmp(out.s, "From ", 5) || out.s[out.len - 1] != '\n') abort();
  for (i = 0; i + 1 < out.len; ++i) {
    unsigned char c = (unsigned char)out.s[i];
    if (c == '\n' || c == '\r' || c == '\t' || c < 32 || c == 127) abort();
    if (c == ' ') ++spaces;
  }
  /* "From S Tue Nov 14 22:13:20 2023": 6 spaces (one more before a
   * one-digit day) */
  if (spaces != 6 && spaces != 7) abort();
  (void)qhmbox_isfrom((const char *)data, size);
  stralloc_free(&out);
  return 0;
}

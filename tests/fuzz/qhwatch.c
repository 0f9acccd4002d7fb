/* qhwatch.c — fuzz target: the input is a message header; its summary
 * must hold no control byte but LF and the two bold sequences maildirwatch
 * writes itself, no C1 control in UTF-8, and lines of bounded length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qhwatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  stralloc out = STRALLOC_ZERO;
  size_t i = 0, col = 0;
  if (!qhwatch_summary(&out, (const char *)data, size, QHWATCH_WIDTH)) return 0;
  while (i < out.len) {
    unsigned char c = (unsigned char)out.s[i];
    if (c == '\033') {
      if (out.len - i >= 4 && !memcmp(out.s + i, "\033[1m", 4)) { i += 4; continue; }
      if (out.len - i >= 4 && !memcmp(out.s + i, "\033[0m", 4)) { i += 4; continue; }
      abort();
    }
    if (c == '\n') { col = 0; ++i; continue; }
    if (c < 32 || c == 127) abort();
    if (c == 0xc2 && i + 1 < out.len && (unsigned char)out.s[i + 1] < 0xa0) abort();
    if (c < 0x80 || c >= 0xc0) ++col;
    /* "  Subject: " and 79 characters, or two halves and " from " */
    if (col > QHWATCH_WIDTH + 16) abort();
    ++i;
  }
  stralloc_free(&out);
  return 0;
}

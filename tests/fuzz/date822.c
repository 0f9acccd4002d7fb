/* date822.c — fuzz target: date822_scan on arbitrary bytes; what it accepts
 * must survive a date822_fmt / date822_scan round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date822.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char out[DATE822_FMT];
  time_t t = 0, back = 0;
  size_t used = date822_scan((const char *)data, size, &t), len;
  if (used > size) abort();
  if (used == 0) return 0;
  /* a date before 1900 or after 9999 UTC (a zone can push it there) has
   * no written form; anything else must read back as itself */
  if (date822_fmt(out, sizeof out, t, 0) == 0) return 0;
  len = strlen(out);
  if (date822_scan(out, len, &back) != len || back != t) abort();
  return 0;
}

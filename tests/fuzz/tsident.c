/* tsident.c — fuzz target: an ident reply from a hostile host; the user
 * name that comes out is short, NUL-terminated and printable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tsident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char out[TSIDENT_INFO_MAX];
  size_t sizes[] = { sizeof out, 8, 1 };
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; ++k) {
    memset(out, 'Z', sizeof out);
    if (!tsident_parse((const char *)data, size, 6191, 23, out, sizes[k])) continue;
    size_t n = strnlen(out, sizes[k]);
    if (n == 0 || n >= sizes[k]) abort();
    for (size_t i = 0; i < n; ++i)
      if (out[i] < 33 || out[i] > 126 || out[i] == ':') abort();
  }
  return 0;
}

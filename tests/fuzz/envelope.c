/* envelope.c — fuzz target: split the input at NULs and feed the records
 * to the envelope checker; its answers must be consistent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct envelope e;
  const char *p = (const char *)data, *end = p + size;
  int done = 0;
  envelope_init(&e);
  while (p < end) {
    const char *z = memchr(p, 0, (size_t)(end - p));
    size_t len = z ? (size_t)(z - p) : (size_t)(end - p);
    enum envelope_result r = envelope_next(&e, p, len);
    if (r != ENVELOPE_MORE && r != ENVELOPE_END && r != ENVELOPE_TOO_LONG && r != ENVELOPE_BAD)
      abort();
    if (r == ENVELOPE_TOO_LONG && len <= ENVELOPE_ADDR_MAX + 1) abort();
    if (r == ENVELOPE_END) { if (done) abort(); done = 1; }
    if (r != ENVELOPE_MORE) break;
    p += len + 1;
  }
  return 0;
}

/* base64.c — fuzz target: decode strictly and leniently, re-encode, and compare. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *in = (const char *)data;
  stralloc dec = STRALLOC_ZERO, enc = STRALLOC_ZERO, back = STRALLOC_ZERO;
  /* strict: a string that decodes is the one canonical encoding of its bytes */
  if (base64_decode(&dec, in, size)) {
    if (!base64_encode(&enc, dec.s, dec.len)) abort();
    if (enc.len != size || (size && memcmp(enc.s, in, size))) abort();
  }
  /* lenient: whatever decodes re-encodes to something strict decodes back */
  dec.len = enc.len = 0;
  if (base64_decode_lenient(&dec, in, size)) {
    if (!base64_encode(&enc, dec.s, dec.len)) abort();
    if (!base64_decode(&back, enc.s, enc.len)) abort();
    if (back.len != dec.len || (dec.len && memcmp(back.s, dec.s, dec.len))) abort();
  }
  /* any bytes encode and decode back */
  enc.len = back.len = 0;
  if (!base64_encode(&enc, in, size) || !base64_decode(&back, enc.s, enc.len)) abort();
  if (back.len != size || (size && memcmp(back.s, in, size))) abort();
  stralloc_free(&dec);
  stralloc_free(&enc);
  stralloc_free(&back);
  return 0;
}

/* tai64n.c — fuzz target: tai64n_scan on arbitrary bytes; an accepted label
 * formats back to the same 25 bytes and has a local rendering or none. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tai64n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct taia t, sum, diff;
  char out[TAI64N_FMT], local[TAI64NLOCAL_FMT];
  size_t used = tai64n_scan((const char *)data, size, &t), n;
  if (used == 0) return 0;
  if (used != TAI64N_FMT || size < TAI64N_FMT) abort();
  if (t.nano >= 1000000000U || t.atto != 0) abort();
  tai64n_fmt(out, &t);
  if (memcmp(out, data, TAI64N_FMT) != 0) abort();
  n = tai64nlocal_fmt(local, &t);
  if (n >= TAI64NLOCAL_FMT || (n && strlen(local) != n)) abort();
  /* arithmetic on what was read: t + t - t is t unless the sum saturated */
  if (taia_add(&sum, &t, &t) && (!taia_sub(&diff, &sum, &t) || diff.sec.x != t.sec.x
                                 || diff.nano != t.nano))
    abort();
  return 0;
}

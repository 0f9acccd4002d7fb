/* qhaddr.c — fuzz target: the input's first line is an address, the rest
 * an address-list field; the search must not crash or read out of bounds,
 * must answer 0 or 1, and must find the address when it stands alone at
 * the end of the list after a comma. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qhaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when addr is a plain atom-ish address the scanner keeps whole */
static int plain(const char *addr, size_t n)
{
  size_t i;
  if (!n || n > QHADDR_MAX) return 0;
  for (i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)addr[i];
    if (c <= ' ' || c >= 127 || strchr("()<>\"\\,;:[]", c)) return 0;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *s = (const char *)data;
  const char *nl = memchr(s, '\n', size);
  size_t alen = nl ? (size_t)(nl - s) : size;
  char *addr = malloc(alen + 1), *list;
  size_t rest = nl ? size - alen - 1 : 0, n;
  int r;
  if (!addr) return 0;
  memcpy(addr, s, alen);
  addr[alen] = 0;
  r = qhaddr_has(nl ? nl + 1 : "", rest, addr);
  if (r != 0 && r != 1) abort();
  n = strlen(addr);
  /* "LIST-WITH-ITS-GROUPS-AND-COMMENTS-CLOSED ,addr" finds addr */
  list = malloc(rest + n + 8);
  if (list && plain(addr, n) && !memchr(nl ? nl + 1 : "", 0, rest)) {
    size_t k = 0;
    memcpy(list + k, "x@y ,", 5); k += 5;
    memcpy(list + k, addr, n); k += n;
    if (!qhaddr_has(list, k, addr)) abort();
  }
  free(list);
  free(addr);
  return 0;
}

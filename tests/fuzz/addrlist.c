/* addrlist.c — fuzz target: parse the input as an address-list field
 * value; on success the addresses must be within their limit and well
 * formed, and the rewritten text must be a fixed point: parsed again it
 * stays the same and gives the same addresses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addrlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct addrlist_hosts hosts = { "dh.example.org", "example.org", "plus.example.org" };

/* every address: at most ADDRLIST_ADDR_MAX bytes, no CR or LF, an '@'
 * unless empty; their number is count */
static void check(const struct addrlist *al)
{
  size_t k = 0, n = 0;
  if (al->addrs.len && al->addrs.s[al->addrs.len - 1]) abort();
  while (k < al->addrs.len) {
    size_t l = strlen(al->addrs.s + k);
    if (l > ADDRLIST_ADDR_MAX) abort();
    if (memchr(al->addrs.s + k, '\n', l) || memchr(al->addrs.s + k, '\r', l)) abort();
    if (l && !memchr(al->addrs.s + k, '@', l)) abort();
    k += l + 1;
    ++n;
  }
  if (n != al->count) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct addrlist a = ADDRLIST_ZERO, b = ADDRLIST_ZERO;
  if (addrlist_parse(&a, (const char *)data, size, &hosts)) {
    check(&a);
    if (a.text.len <= ADDRLIST_TEXT_MAX) {
      if (!addrlist_parse(&b, a.text.s ? a.text.s : "", a.text.len, &hosts)) abort();
      if (b.text.len != a.text.len || (a.text.len && memcmp(a.text.s, b.text.s, a.text.len))) abort();
      if (b.addrs.len != a.addrs.len || (a.addrs.len && memcmp(a.addrs.s, b.addrs.s, a.addrs.len))) abort();
    }
  } else if (a.err == ADDRLIST_OK) {
    abort();
  }
  addrlist_free(&a);
  addrlist_free(&b);
  return 0;
}

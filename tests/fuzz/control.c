/* control.c — fuzz target: control_parse on arbitrary bytes, then constmap over the result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "constmap.h"
#include "control.h"
#include "stralloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* every entry is non-empty, NUL-terminated, one line, trimmed, no comment */
static size_t control_fuzz_check(const stralloc *out, size_t n)
{
  size_t i = 0, count = 0;
  if (out->len && out->s[out->len - 1] != 0) abort();
  while (i < out->len) {
    const char *e = out->s + i;
    size_t el = strlen(e), j = 0;
    if (el == 0 || memchr(e, '\n', el)) abort();
    if (e[el - 1] == ' ' || e[el - 1] == '\t' || e[el - 1] == '\r') abort();
    while (e[j] == ' ' || e[j] == '\t') ++j;
    if (e[j] == '#') abort();
    i += el + 1;
    ++count;
  }
  if (count != n) abort();
  return count;
}

/* both constmap modes over the entries; every entry's key must be found */
static void control_fuzz_map(const stralloc *out)
{
  static const char *probe[] = { "", "localhost", "example.com", "#", ":" };
  for (int split = 0; split <= 1; ++split) {
    constmap m;
    if (!constmap_init(&m, out->len ? out->s : 0, out->len, split)) continue;
    for (size_t i = 0; i < out->len; i += strlen(out->s + i) + 1) {
      const char *e = out->s + i;
      size_t kl = split ? strcspn(e, ":") : strlen(e);
      if (split && !e[kl]) continue;
      if (!constmap_get(&m, e, kl)) abort();
    }
    for (size_t k = 0; k < sizeof probe / sizeof *probe; ++k)
      (void)constmap_get(&m, probe[k], strlen(probe[k]));
    constmap_free(&m);
  }
}

/* the entries written back one per line parse to themselves */
static void control_fuzz_roundtrip(const stralloc *out, size_t n)
{
  stralloc text = STRALLOC_ZERO, back = STRALLOC_ZERO;
  size_t n2 = 0;
  if (stralloc_copyb(&text, out->s, out->len)) {
    for (size_t i = 0; i < text.len; ++i)
      if (text.s[i] == 0) text.s[i] = '\n';
    if (control_parse(text.s, text.len, &back, 0, &n2) == 0
        && (n2 != n || back.len != out->len || (out->len && memcmp(back.s, out->s, out->len) != 0)))
      abort();
  }
  stralloc_free(&text);
  stralloc_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  stralloc out = STRALLOC_ZERO, first = STRALLOC_ZERO;
  size_t n = 0, n1 = 0;
  if (control_parse((const char *)data, size, &out, 0, &n) == -1) goto done;
  if (out.len > size + 1) abort();
  control_fuzz_check(&out, n);
  control_fuzz_roundtrip(&out, n);
  /* maxlines 1 gives the first entry of the full parse */
  if (control_parse((const char *)data, size, &first, 1, &n1) == 0) {
    if (n1 != (n ? 1u : 0u)) abort();
    if (first.len > out.len || (first.len && memcmp(first.s, out.s, first.len) != 0)) abort();
  }
  control_fuzz_map(&out);
done:
  stralloc_free(&out);
  stralloc_free(&first);
  return 0;
}

/* mbox.c — fuzz target for qmail/lib/mbox: the From_ line built from the
 * input's first line must be one line that starts with "From ", holds no
 * other line break, white space only as separators, and ends in LF; and
 * the ">From " quoter, fed the input whole or in pieces, must give what a
 * line-by-line quoting gives. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_ufline(const char *in, size_t size)
{
  stralloc out = STRALLOC_ZERO;
  size_t i, spaces = 0;
  if (!mbox_ufline(&out, in, size, 1700000000)) return;
  if (out.len < 6 || memcmp(out.s, "From ", 5) || out.s[out.len - 1] != '\n') abort();
  for (i = 0; i + 1 < out.len; ++i) {
    unsigned char c = (unsigned char)out.s[i];
    if (c == '\n' || c == '\r' || c == '\t' || c < 32 || c == 127) abort();
    if (c == ' ') ++spaces;
  }
  /* "From S Tue Nov 14 22:13:20 2023": 6 spaces (one more before a
   * one-digit day) */
  if (spaces != 6 && spaces != 7) abort();
  stralloc_free(&out);
}

/* the quoting, one whole line at a time: a '>' before each line that is
 * '>'s and then "From ", a LF at the end when missing, an empty line */
static int oracle(const char *in, size_t size, stralloc *out)
{
  size_t i = 0;
  out->len = 0;
  while (i < size) {
    const char *nl = memchr(in + i, '\n', size - i);
    size_t end = nl ? (size_t)(nl - in) + 1 : size, j = i;
    while (j < end && in[j] == '>') ++j;
    if (end - j >= 5 && !memcmp(in + j, "From ", 5) && !stralloc_append(out, '>')) return 0;
    if (!stralloc_catb(out, in + i, end - i)) return 0;
    if (!nl && !stralloc_append(out, '\n')) return 0;
    i = end;
  }
  return stralloc_append(out, '\n');
}

/* the quoter fed in pieces of step bytes */
static int quoted(const char *in, size_t size, size_t step, stralloc *out)
{
  struct mbox_quote q;
  mbox_quote_init(&q);
  out->len = 0;
  for (size_t i = 0; i < size; i += step)
    if (!mbox_quote(&q, in + i, size - i < step ? size - i : step, out)) return 0;
  return mbox_quote_end(&q, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *in = (const char *)data;
  stralloc want = STRALLOC_ZERO, got = STRALLOC_ZERO;
  check_ufline(in, size);
  if (oracle(in, size, &want)) {
    static const size_t steps[] = { 1, 2, 3, 5, 7, 4096 };
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; ++k) {
      if (!quoted(in, size, steps[k], &got)) break;
      if (got.len != want.len || memcmp(got.s, want.s, got.len)) abort();
    }
  }
  stralloc_free(&want);
  stralloc_free(&got);
  return 0;
}

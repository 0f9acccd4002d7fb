/* ioconv.c — CR insertion and removal, and recordio's line format. */
#include "ioconv.h"

#include "byte.h"
#include "fmt.h"

size_t ioconv_addcr(const char *x, size_t n, char *out)
{
  size_t i, k = 0;
  for (i = 0; i < n; ++i) {
    if (x[i] == '\n') out[k++] = '\r';
    out[k++] = x[i];
  }
  return k;
}

size_t ioconv_delcr(struct ioconv *c, const char *x, size_t n, char *out)
{
  size_t i, k = 0;
  for (i = 0; i < n; ++i) {
    /* a held CR survives unless this byte is the LF it belongs to */
    if (c->cr && x[i] != '\n') out[k++] = '\r';
    c->cr = x[i] == '\r';
    if (!c->cr) out[k++] = x[i];
  }
  return k;
}

size_t ioconv_delcr_end(struct ioconv *c, char *out)
{
  if (!c->cr) return 0;
  c->cr = 0;
  out[0] = '\r';
  return 1;
}

size_t ioconv_fixcr(struct ioconv *c, const char *x, size_t n, char *out)
{
  size_t i, k = 0;
  for (i = 0; i < n; ++i) {
    if (x[i] == '\n' && !c->cr) out[k++] = '\r';
    c->cr = x[i] == '\r';
    out[k++] = x[i];
  }
  return k;
}

size_t ioconv_recordprefix(char *out, unsigned long pid, char dir)
{
  size_t k = fmt_ulong(out, pid);
  out[k++] = ' ';
  out[k++] = dir;
  out[k++] = ' ';
  return k;
}

size_t ioconv_recordline(char *out, const char *prefix, size_t plen,
                         const char *x, size_t n, size_t *used)
{
  size_t k, i;
  if (plen > IOCONV_PREFIX_MAX) plen = IOCONV_PREFIX_MAX;
  if (n > IOCONV_RECORD_CHUNK) n = IOCONV_RECORD_CHUNK;
  byte_copy(out, plen, prefix);
  k = plen;
  i = byte_chr(x, n, '\n');
  byte_copy(out + k, i, x);
  k += i;
  if (i < n) {
    out[k++] = ' ';
    *used = i + 1;
  } else {
    out[k++] = '+';
    *used = n;
  }
  out[k++] = '\n';
  return k;
}

size_t ioconv_recordeof(char *out, const char *prefix, size_t plen)
{
  size_t k;
  if (plen > IOCONV_PREFIX_MAX) plen = IOCONV_PREFIX_MAX;
  byte_copy(out, plen, prefix);
  k = plen;
  byte_copy(out + k, 6, "[EOF]\n");
  return k + 6;
}

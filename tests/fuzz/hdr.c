/* hdr.c — fuzz target: feed the input to the header reader line by line
 * and apply the rules; the header written must read back as header lines
 * only (no field can be smuggled out of another), and the recipients must
 * be well formed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct addrlist_hosts hosts = { "dh.example.org", "example.org", "plus.example.org" };

/* read s[0..len) line by line into h: the result of the last line */
static int feed(struct hdr *h, const char *s, size_t len)
{
  int r = HDR_MORE;
  while (len && r == HDR_MORE) {
    const char *e = memchr(s, '\n', len);
    size_t n = e ? (size_t)(e - s) + 1 : len;
    r = hdr_line(h, s, n);
    s += n;
    len -= n;
  }
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct hdr h = HDR_ZERO, again = HDR_ZERO;
  struct hdr_out out = HDR_OUT_ZERO;
  struct hdr_opts o;
  size_t k, n = 0;
  memset(&o, 0, sizeof o);
  o.hosts = &hosts;
  o.flags = size ? data[0] & 15u : 0;
  o.user = "joe";
  o.host = "dh.example.org";
  o.name = "Joe \"Q\" (User)";
  o.date = "Tue, 24 Nov 2026 13:05:09 +0000";
  o.msgid = "<1.2.qmail@id.example.org>";
  if (feed(&h, (const char *)data, size) != -1 && hdr_finish(&h, &o, &out)) {
    if (out.text.len && out.text.s[out.text.len - 1] != '\n') abort();
    if (feed(&again, out.text.s ? out.text.s : "", out.text.len) != HDR_MORE && out.text.len) abort();
    for (k = 0; k < out.rcpts.len; k += strlen(out.rcpts.s + k) + 1, ++n)
      if (!strlen(out.rcpts.s + k) || strlen(out.rcpts.s + k) > ADDRLIST_ADDR_MAX) abort();
    if (n != out.nrcpts) abort();
    if (out.returnpath && (!out.sender.len || out.sender.s[out.sender.len - 1])) abort();
  }
  hdr_free(&h, &out);
  hdr_free(&again, 0);
  return 0;
}

/* dotlssmtp.c — fuzz target: drive dotls's SMTP follower with client and
 * program bytes interleaved as the input says; it must never consume more
 * than it is given or overfill its output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dotlssmtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static struct dotls_smtp s;
  static char space[DOTLS_RESERVE * 2];
  struct dotls_out o = { space, 0, sizeof space };
  size_t i = 1;
  if (size < 1) return 0;
  dotls_smtp_init(&s, (data[0] & 1) ? DOTLS_SECURE : DOTLS_PLAIN);
  while (i < size) {
    /* a control byte: which side, and how many bytes follow */
    int server = data[i] & 0x80;
    size_t n = (size_t)(data[i] & 0x7f) + 1, used;
    ++i;
    if (n > size - i) n = size - i;
    used = server ? dotls_smtp_server(&s, (const char *)data + i, n, &o)
                  : dotls_smtp_client(&s, (const char *)data + i, n, &o);
    if (used > n || o.len > o.a) abort();
    if (dotls_smtp_starttls(&s) < 0 || dotls_smtp_starttls(&s) > 2) abort();
    i += n; /* whatever was not consumed is dropped, as dotls discards it */
    o.len = 0;
  }
  dotls_smtp_client_end(&s, &o);
  if (o.len > o.a) abort();
  o.len = 0;
  dotls_smtp_server_end(&s, &o);
  if (o.len > o.a) abort();
  return 0;
}

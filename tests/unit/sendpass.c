/* sendpass.c — unit test for qmail/send/sendpass (reading channel and info files). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "sendpass.h"
#include "tap.h"
#include "tfile.h"

static const char *dir;

static const char *path(const char *name)
{
  static char p[4200];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  return p;
}

int main(void)
{
  struct sendpass p;
  const char *a;
  size_t len;
  off_t at;
  stralloc sa = STRALLOC_ZERO;
  static char big[60000];
  size_t n = 0;
  int good = 1;

  dir = tap_tmpdir();
  sendpass_init(&p);
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_END, "no file: the end");
  tfile_put(path("l"), "Ta@x\0Db@x\0Qjunk\0\0Tc@x\0Tpartial", 30, 0600);
  ok(sendpass_open(&p, path("l")) == 0, "open");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_RCPT, "a T record");
  is_mem(a, len, "a@x", 3, "its address");
  is_int(at, 0, "at offset 0");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_RCPT, "D, unknown and empty records are skipped");
  is_mem(a, len, "c@x", 3, "the next T");
  is_int(at, 17, "at its offset");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_END, "an unfinished last record is ignored");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_END, "and the end stays the end");
  sendpass_close(&p);
  errno = 0;
  ok(sendpass_open(&p, path("none")) == -1 && errno == ENOENT, "a missing file: ENOENT");

  /* many records across buffer boundaries, and one record too long */
  for (int i = 0; i < 2000; ++i) n += (size_t)snprintf(big + n, sizeof big - n, "T%d@example.com", i) + 1;
  big[n++] = 'T';
  for (int i = 0; i < ENVELOPE_ADDR_MAX + 1; ++i) big[n++] = 'y';
  big[n++] = 0;
  n += (size_t)snprintf(big + n, sizeof big - n, "Tlast@x") + 1;
  tfile_put(path("m"), big, n, 0600);
  ok(sendpass_open(&p, path("m")) == 0, "open a long file");
  for (int i = 0; i < 2000; ++i) {
    char want[40];
    int wl = snprintf(want, sizeof want, "%d@example.com", i);
    good &= sendpass_next(&p, &a, &len, &at) == SENDPASS_RCPT && len == (size_t)wl && !memcmp(a, want, len) &&
            big[at] == 'T' && !memcmp(big + at + 1, want, len);
  }
  ok(good, "2000 records, each with the offset of its T, across buffer boundaries");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_LONG, "an address over ENVELOPE_ADDR_MAX: SENDPASS_LONG");
  ok(big[at] == 'T' && big[at + 1] == 'y' && big[at - 1] == 0, "with the offset of its T");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_RCPT, "the record after it");
  is_mem(a, len, "last@x", 6, "is read");
  sendpass_close(&p);

  /* a record longer than the whole buffer */
  n = 0;
  big[n++] = 'T';
  while (n < SENDPASS_BUF * 2 + 10) big[n++] = 'z';
  big[n++] = 0;
  memcpy(big + n, "Tok\0", 4);
  n += 4;
  tfile_put(path("h"), big, n, 0600);
  ok(sendpass_open(&p, path("h")) == 0, "open");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_LONG, "a record longer than the buffer: SENDPASS_LONG");
  is_int(at, 0, "at its start");
  is_int(sendpass_next(&p, &a, &len, &at), SENDPASS_RCPT, "then the next one");
  is_mem(a, len, "ok", 2, "intact");
  is_int(at, (long long)n - 4, "at its offset");
  sendpass_close(&p);

  tfile_put(path("i"), "Fsender@x\0", 10, 0600);
  ok(sendpass_sender(path("i"), &sa) == 0, "the sender of an info file");
  is_mem(sa.s, sa.len, "sender@x\0", 9, "as a C string, NUL counted");
  tfile_put(path("i"), "F\0", 2, 0600);
  ok(sendpass_sender(path("i"), &sa) == 0 && sa.len == 1 && sa.s[0] == 0, "the empty sender");
  tfile_put(path("i"), "Xa\0", 3, 0600);
  errno = 0;
  ok(sendpass_sender(path("i"), &sa) == -1 && errno == EINVAL, "not an F record: EINVAL");
  tfile_put(path("i"), "Fabc", 4, 0600);
  errno = 0;
  ok(sendpass_sender(path("i"), &sa) == -1 && errno == EINVAL, "no NUL: EINVAL");
  errno = 0;
  ok(sendpass_sender(path("none"), &sa) == -1 && errno == ENOENT, "no file: ENOENT");
  tfile_put(path("i"), big, ENVELOPE_RECORD_MAX + 5, 0600);
  errno = 0;
  ok(sendpass_sender(path("i"), &sa) == -1 && errno == EFBIG, "too big: EFBIG");
  tfile_put(path("i"), "abc", 3, 0600);
  ok(sendpass_readfile(path("i"), &sa, 3) == 0 && sa.len == 3, "readfile at its maximum");
  errno = 0;
  ok(sendpass_readfile(path("i"), &sa, 2) == -1 && errno == EFBIG, "readfile past its maximum: EFBIG");
  stralloc_free(&sa);
  tap_rmtree(dir);
  return done_testing();
}

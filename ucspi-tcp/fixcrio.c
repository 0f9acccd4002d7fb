/* fixcrio — run a program, putting a CR before each bare LF in its input and output. */
#include "exitcode.h"
#include "ioconv.h"
#include "iorelay.h"
#include "strerr.h"

struct fixcrio {
  struct ioconv c[2];   /* one per direction: a CR may end one packet */
};

static size_t fixcr_filter(void *ctx, int dir, const char *x, size_t n, char *out)
{
  struct fixcrio *s = ctx;
  return ioconv_fixcr(&s->c[dir], x, n, out);
}

int main(int argc, char **argv)
{
  struct fixcrio s = { { IOCONV_ZERO, IOCONV_ZERO } };
  struct iorelay_filter f;
  if (argc < 2)
    strerr_die(EXIT_PERM, "fixcrio: usage: fixcrio program [ arg ... ]", (char *)0);
  f.packet = fixcr_filter;
  f.eof = 0;
  f.ctx = &s;
  f.readsize = IORELAY_READ_MAX;
  iorelay_exec("fixcrio", argv + 1, &f);
}

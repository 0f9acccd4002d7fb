/* recordio — run a program and show its input and output on standard error. */
#include <limits.h>
#include <unistd.h>

#include "byte.h"
#include "exitcode.h"
#include "ioconv.h"
#include "iorelay.h"
#include "strerr.h"

#define FATAL "recordio: fatal: "

struct recordio {
  char prefix[2][IOCONV_PREFIX_MAX];   /* "<pid> < " and "<pid> > " */
  size_t plen[2];
};

/* write x[0..n) to standard error; a log that cannot be written is lost */
static void record_put(const char *x, size_t n)
{
  while (n) {
    ssize_t w = write(2, x, n);
    if (w <= 0) return;
    x += w;
    n -= (size_t)w;
  }
}

/* print the lines of one packet, each write a few whole lines that fit
 * in PIPE_BUF, so that no line mixes with the program's own messages */
static void record_packet(const struct recordio *r, int dir, const char *x, size_t n)
{
  char out[PIPE_BUF];
  size_t k = 0;
  while (n) {
    size_t used = 0;
    if (k + IOCONV_RECORD_LINE_MAX > sizeof out) { record_put(out, k); k = 0; }
    k += ioconv_recordline(out + k, r->prefix[dir], r->plen[dir], x, n, &used);
    x += used;
    n -= used;
  }
  record_put(out, k);
}

static size_t record_filter(void *ctx, int dir, const char *x, size_t n, char *out)
{
  record_packet(ctx, dir, x, n);
  byte_copy(out, n, x);
  return n;
}

static size_t record_eof(void *ctx, int dir, char *out)
{
  const struct recordio *r = ctx;
  char line[IOCONV_RECORD_LINE_MAX];
  (void)out;
  record_put(line, ioconv_recordeof(line, r->prefix[dir], r->plen[dir]));
  return 0;
}

int main(int argc, char **argv)
{
  struct recordio r;
  struct iorelay_filter f;
  unsigned long pid = (unsigned long)getpid();   /* the program keeps this pid */
  if (argc < 2)
    strerr_die(EXIT_PERM, "recordio: usage: recordio program [ arg ... ]", (char *)0);
  r.plen[IORELAY_IN] = ioconv_recordprefix(r.prefix[IORELAY_IN], pid, '<');
  r.plen[IORELAY_OUT] = ioconv_recordprefix(r.prefix[IORELAY_OUT], pid, '>');
  f.packet = record_filter;
  f.eof = record_eof;
  f.ctx = &r;
  f.readsize = IOCONV_RECORD_CHUNK;   /* a packet is at most one line's worth */
  iorelay_exec("recordio", argv + 1, &f);
}

/* tai64n.c — copy standard input to standard output with a TAI64N
 * timestamp and a space in front of every line (tai64n(8)). */
#include <string.h>

#include "buf.h"
#include "exitcode.h"
#include "strerr.h"
#include "tai64n.h"
#include "taia.h"

#define FATAL "tai64n: fatal: "

static void __attribute__((noreturn)) tai64n_nowrite(void)
{
  strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

/* chunk: copy p[0..n) out, stamping each line start; *atstart says
 * whether the next byte begins a line */
static void tai64n_chunk(const char *p, size_t n, int *atstart)
{
  while (n) {
    const char *nl;
    size_t k;
    if (*atstart) {
      char label[TAI64N_FMT + 1];
      struct taia now;
      taia_now(&now);
      tai64n_fmt(label, &now);
      label[TAI64N_FMT] = ' ';
      if (buf_put(buf_1, label, sizeof label) == -1) tai64n_nowrite();
      *atstart = 0;
    }
    nl = memchr(p, '\n', n);
    k = nl ? (size_t)(nl - p) + 1 : n;
    if (buf_put(buf_1, p, k) == -1) tai64n_nowrite();
    if (nl) *atstart = 1;
    p += k;
    n -= k;
  }
}

int main(int argc, char **argv)
{
  int atstart = 1;
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "tai64n: usage: tai64n", NULL);
  for (;;) {
    ssize_t r;
    /* what was read is out before the program waits for more */
    if (!buf_buffered(buf_0) && buf_flush(buf_1) == -1) tai64n_nowrite();
    r = buf_feed(buf_0);
    if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, NULL);
    if (r == 0) break;
    tai64n_chunk(buf_peek(buf_0), (size_t)r, &atstart);
    buf_seek(buf_0, (size_t)r);
  }
  if (buf_flush(buf_1) == -1) tai64n_nowrite();
  return 0;
}

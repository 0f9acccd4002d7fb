/* delcr — copy standard input to standard output without the CR that ends each line. */
#include <errno.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "ioconv.h"
#include "strerr.h"

#define FATAL "delcr: fatal: "

static void put(const char *x, size_t n)
{
  if (buf_put(buf_1, x, n) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, (char *)0);
}

int main(void)
{
  struct ioconv c = IOCONV_ZERO;
  char in[BUF_INSIZE];
  char out[BUF_INSIZE + 1];
  for (;;) {
    ssize_t n = read(0, in, sizeof in);
    if (n == -1 && errno == EINTR) continue;
    if (n == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, (char *)0);
    if (n == 0) break;
    put(out, ioconv_delcr(&c, in, (size_t)n, out));
  }
  put(out, ioconv_delcr_end(&c, out));   /* a partial final line keeps its CR */
  if (buf_flush(buf_1) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, (char *)0);
  return 0;
}

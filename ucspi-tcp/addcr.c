/* addcr — copy standard input to standard output with a CR before each LF. */
#include <errno.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "ioconv.h"
#include "strerr.h"

#define FATAL "addcr: fatal: "

int main(void)
{
  char in[BUF_INSIZE];
  char out[2 * BUF_INSIZE];
  for (;;) {
    ssize_t n = read(0, in, sizeof in);
    if (n == -1 && errno == EINTR) continue;
    if (n == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, (char *)0);
    if (n == 0) break;
    if (buf_put(buf_1, out, ioconv_addcr(in, (size_t)n, out)) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, (char *)0);
  }
  if (buf_flush(buf_1) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, (char *)0);
  return 0;
}

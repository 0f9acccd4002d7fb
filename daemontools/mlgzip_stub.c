/* mlgzip_stub.c — mlgzip for builds without zlib: nothing compresses. */
#include "mlgzip.h"

#include <errno.h>

int mlgzip_available(void)
{
  return 0;
}

int mlgzip_fd(int infd, int outfd, int level)
{
  (void)infd;
  (void)outfd;
  (void)level;
  errno = ENOSYS;
  return -1;
}

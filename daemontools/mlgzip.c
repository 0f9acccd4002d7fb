/* mlgzip.c — gzip compression of a file descriptor through zlib. */
#include "mlgzip.h"

#include <errno.h>
#include <unistd.h>
#include <zlib.h>

#include "fd.h"

/* the size of the read and write chunks */
#define MLGZIP_CHUNK 65536

int mlgzip_available(void)
{
  return 1;
}

/* pump: run deflate with flush over what z holds, writing all output;
 * 0 or -1 with errno */
static int mlgzip_pump(z_stream *z, int outfd, int flush, unsigned char *out)
{
  int r;
  do {
    z->next_out = out;
    z->avail_out = MLGZIP_CHUNK;
    r = deflate(z, flush);
    if (r == Z_STREAM_ERROR) { errno = EIO; return -1; }
    if (fd_writeall(outfd, (const char *)out, MLGZIP_CHUNK - z->avail_out) == -1) return -1;
  } while (z->avail_out == 0);
  if (flush == Z_FINISH && r != Z_STREAM_END) { errno = EIO; return -1; }
  return 0;
}

/* run: compress infd into outfd with the initialised z */
static int mlgzip_run(z_stream *z, int infd, int outfd, unsigned char *in, unsigned char *out)
{
  for (;;) {
    ssize_t r = read(infd, in, MLGZIP_CHUNK);
    if (r == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    z->next_in = in;
    z->avail_in = (uInt)r;
    if (mlgzip_pump(z, outfd, r ? Z_NO_FLUSH : Z_FINISH, out) == -1) return -1;
    if (!r) return 0;
  }
}

int mlgzip_fd(int infd, int outfd, int level)
{
  static const z_stream zero;
  unsigned char in[MLGZIP_CHUNK], out[MLGZIP_CHUNK];
  z_stream z = zero;
  int r, saved;
  /* 15 + 16: the largest window, with a gzip header and trailer */
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    errno = ENOMEM;
    return -1;
  }
  r = mlgzip_run(&z, infd, outfd, in, out);
  saved = errno;
  deflateEnd(&z);
  errno = saved;
  return r;
}

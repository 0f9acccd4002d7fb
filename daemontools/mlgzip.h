/* mlgzip.h — compress a file into the gzip format (RFC 1952) in-process,
 * for multilog's z action. Built from mlgzip.c when zlib is there and
 * from mlgzip_stub.c when it is not.
 *
 * Return convention: mlgzip_available is a predicate; mlgzip_fd is
 * syscall-like: 0 on success, -1 with errno set (EIO when zlib itself
 * fails, ENOSYS in a build without zlib). */
#ifndef MLGZIP_H
#define MLGZIP_H

/* the compression level multilog uses (zlib's 1..9) */
#define MLGZIP_LEVEL 6

/* available: 1 when this build can compress, 0 when it has no zlib. */
int mlgzip_available(void);

/* fd: read infd to its end and write its gzip compression to outfd (both
 * from their current offsets). Neither is closed or synced. On failure
 * outfd holds an unfinished stream. */
int mlgzip_fd(int infd, int outfd, int level) __attribute__((warn_unused_result));

#endif

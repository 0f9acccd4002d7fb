/* sendpass.h — reading a message's files when its turn comes: the
 * recipients of local/S/N or remote/S/N one record at a time (each with
 * its offset, so that it can be marked done in place), and the sender of
 * info/S/N.
 *
 * A channel file holds 'T' address NUL for each recipient still to do and
 * 'D' address NUL for each one done (indimail-queue(5)); other record
 * types are skipped. Nothing is read at qmail-send's start: a pass opens
 * the file when the message is due, and reads it through a fixed buffer,
 * so memory does not grow with the number of recipients.
 *
 * Return convention: sendpass_open, sendpass_readfile and sendpass_sender
 * return 0, or -1 with errno (ENOENT when the file is gone; EINVAL for a
 * malformed info file; EFBIG past the maximum); sendpass_next returns
 * SENDPASS_RCPT, SENDPASS_LONG or SENDPASS_END, or -1 with errno. */
#ifndef SENDPASS_H
#define SENDPASS_H

#include <stddef.h>
#include <sys/types.h>

#include "envelope.h"
#include "stralloc.h"

/* the read buffer; a record is at most ENVELOPE_RECORD_MAX + 1 bytes */
#define SENDPASS_BUF 8192

enum { SENDPASS_END = 0, SENDPASS_RCPT = 1, SENDPASS_LONG = 2 };

struct sendpass {
  int fd;               /* -1: no file open */
  off_t off;            /* the file offset of buf[0] */
  size_t pos, len;      /* buf[pos..len) is read and not yet parsed */
  int eof;              /* read(2) said end of file */
  int skipping;         /* inside a record too long for the buffer */
  off_t skipat;         /* where that record began */
  char buf[SENDPASS_BUF];
};

/* init: a pass with no file. */
void sendpass_init(struct sendpass *);
/* open: start reading path (read-only, close-on-exec) from its start. */
int sendpass_open(struct sendpass *, const char *path) __attribute__((warn_unused_result));
/* next: the next 'T' record: *addr points at its address (valid until the
 * next call), *len its length, *at the offset of its 'T' byte. A record
 * longer than ENVELOPE_RECORD_MAX (a damaged file) is SENDPASS_LONG with
 * only *at set; SENDPASS_END at the end of the file, where an unfinished
 * last record is ignored. */
int sendpass_next(struct sendpass *, const char **addr, size_t *len, off_t *at)
    __attribute__((warn_unused_result));
/* close: close the file (harmless without one). */
void sendpass_close(struct sendpass *);

/* readfile: the whole of path (at most max bytes, else EFBIG) into out. */
int sendpass_readfile(const char *path, stralloc *out, size_t max)
    __attribute__((warn_unused_result));
/* sender: the sender of info file path into sender, as a C string (NUL
 * counted in len). The file must start with an 'F' record. */
int sendpass_sender(const char *path, stralloc *sender) __attribute__((warn_unused_result));

#endif

/* dotlsio.h — the relay loop of dotls: the client on descriptors 0 and 1
 * (plain, or TLS through libqmail/tls), the program on two pipes, and a
 * dotls_smtp tracker between them.
 *
 * Return convention: dotls_io_run returns how the relay ended (enum
 * dotls_end); dotls_io_discard returns a byte count. Nothing else fails.
 *
 * The loop never blocks the program's side on the client's: it waits with
 * poll(2), writes to the program through a non-blocking pipe, and reads
 * from the client only when what it read before has been taken. Writes to
 * the client go through a buf with a timeout (the client that does not
 * read its replies is the only one kept waiting). */
#ifndef DOTLSIO_H
#define DOTLSIO_H

#include <stddef.h>

#include "buf.h"
#include "dotlssmtp.h"
#include "tls.h"

/* bytes read from either side at once: the plaintext of a whole TLS
 * record (2^14 bytes), so that no decrypted data waits inside OpenSSL
 * where poll(2) cannot see it */
#define DOTLS_IO_MAX 16384
/* room for what the tracker makes of one read */
#define DOTLS_OUT_MAX (DOTLS_IO_MAX + DOTLS_RESERVE)
/* how long one TLS read may wait for the rest of a record once poll has
 * seen part of it; the loop goes on and comes back when more arrives */
#define DOTLS_TLS_SLICE_MS 200

enum dotls_end {
  DOTLS_END_PROGRAM,   /* the program's output ended; all of it went out */
  DOTLS_END_STARTTLS,  /* the client asked for TLS and every earlier
                          command has been answered */
  DOTLS_END_CLIENT     /* writing to the client (or poll) failed: err says why */
};

struct dotls_io {
  /* the caller's part, set before dotls_io_run */
  int crfd;                  /* the client's input */
  tls_conn *tls;             /* the TLS connection, NULL before TLS */
  buf *cw;                   /* writes to the client, with its timeout */
  int pin;                   /* the program's input (non-blocking), -1 once closed */
  int pout;                  /* the program's output */
  struct dotls_smtp *smtp;
  /* the loop's part (dotls_io_init zeroes it) */
  char cin[DOTLS_IO_MAX];    /* read from the client, not yet taken */
  size_t cpos, clen;
  int ceof;                  /* the client's input ended */
  int cended;                /* and the tracker has given out its last bytes */
  char rin[DOTLS_IO_MAX];    /* read from the program */
  int reof;
  char pspace[DOTLS_OUT_MAX];
  struct dotls_out pq;       /* on its way to the program */
  size_t ppos;               /* pq.x[ppos..pq.len) still to write */
  char cspace[DOTLS_OUT_MAX];
  int err;                   /* errno of the client failure */
};

/* init: the loop's part of io zeroed, for the given ends and tracker. */
void dotls_io_init(struct dotls_io *io, int crfd, tls_conn *tls, buf *cw,
                   int pin, int pout, struct dotls_smtp *smtp);

/* run: relay until one of enum dotls_end happens. At DOTLS_END_PROGRAM
 * the program's input has been closed (or is closed by the caller). */
enum dotls_end dotls_io_run(struct dotls_io *io);

/* discard: after DOTLS_END_STARTTLS, throw away what the client sent
 * after STARTTLS: the bytes read and not taken, then whatever the client
 * descriptor has to read without waiting. Returns the number of bytes
 * thrown away. Call it before answering 220, never after. */
size_t dotls_io_discard(struct dotls_io *io);

#endif

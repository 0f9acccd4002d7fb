/* mldir.h — one of multilog's automatically rotated log directories.
 *
 * Layout (multilog(8)): DIR/lock (held with flock while multilog runs),
 * DIR/current (mode 644 while being written, 744 once complete), old log
 * files @TAI64N.s (finished and safely on disk; @TAI64N.s.gz with z) and
 * @TAI64N.u (a current found unfinished at start-up), and for the
 * processor DIR/previous, processed, state and newstate. The TAI64N label
 * of an old file is the time it was finished; labels only grow.
 *
 * Rotation: current is written to disk (fsync), marked complete (mode
 * 744) and linked to its old-file name, the directory is synced, current
 * is removed; with a processor, current is renamed previous and the
 * processor's output becomes the old file instead. Then, while there are
 * num or more old files, the oldest is removed. Every step is repeatable,
 * so mldir_open finishes whatever a crash interrupted.
 *
 * Once open, nothing here fails: a write, sync or rename that fails is
 * reported on standard error (at most every MLDIR_WARN_MS) and tried
 * again every MLDIR_RETRY_MS until it works; input waits meanwhile and
 * no byte is dropped.
 *
 * Return convention: mldir_open returns 0, or -1 with errno set and *what
 * naming the step ("lock directory"); the rest cannot fail. */
#ifndef MLDIR_H
#define MLDIR_H

#include <stddef.h>
#include <stdint.h>

#include "mlscript.h"
#include "taia.h"

/* bytes of current kept in memory before they are written */
#define MLDIR_OUT 65536
/* the pause before a failed operation is tried again */
#define MLDIR_RETRY_MS 1000
/* the least time between two warnings of one directory */
#define MLDIR_WARN_MS 30000
/* the name the z action compresses into before the final rename */
#define MLDIR_GZTMP "compress.tmp"
/* room for an old file's name: "@" label ".s" ".gz" and a NUL */
#define MLDIR_NAME 32

struct mldir {
  const char *path;
  size_t size;            /* s: current is full at this many bytes */
  unsigned long num;      /* n: old files kept, the new one counted */
  const char *processor;  /* !: NULL for none */
  int gzip;               /* z */
  int fddir, fdlock, fdcur;
  size_t bytes;           /* in current, those still in out included */
  char *out;              /* MLDIR_OUT bytes */
  size_t outlen;
  struct taia last;       /* the label of the newest old file */
  int64_t warned;         /* when the last warning went out, or -1 */
  int retry_ms;           /* MLDIR_RETRY_MS (unit tests shorten it) */
};

/* open: set d up for the directory action a (creating the directory,
 * mode 700, when it is missing; not its parents), lock it, finish what
 * an interrupted run left, and open current for appending. Every field
 * of d is set except retry_ms, which is kept when nonzero and otherwise
 * becomes MLDIR_RETRY_MS (so zero d first). */
int mldir_open(struct mldir *d, const struct ml_action *a, const char **what)
    __attribute__((warn_unused_result));

/* put: append buf[0..len) to current, rotating in the middle when current
 * reaches its size. */
void mldir_put(struct mldir *d, const char *buf, size_t len);

/* lineend: a line just ended; rotate when current is within
 * ML_SIZE_SLACK bytes of its size. */
void mldir_lineend(struct mldir *d);

/* flush: write what is buffered to current (no sync). */
void mldir_flush(struct mldir *d);

/* rotate: finish current now if it holds anything (the ALRM signal). */
void mldir_rotate(struct mldir *d);

/* close: end of input: write current safely to disk, mark it complete
 * (mode 744), close everything and free d's buffer. */
void mldir_close(struct mldir *d);

/* archive: 1 when name is an old log file's name (starts with '@'). */
int mldir_isarchive(const char *name);

#endif
